"""Crediting: who is credited with each sale, refund and collection, and by how much.

A :class:`Transaction` is a sale, a refund or a payment collected (货款回收) from one
customer. :func:`credit` turns a batch of them into a :class:`CreditLedger` of
:class:`Credit` records, one per person credited:

* *Direct credit* goes to the customer's owner on the transaction's date (from the
  organization's effective-dated territories), or, where a :class:`Split` applies on that
  date, to the split's people by their shares. The amounts add up to the transaction
  exactly: the split is done in whole fen by the largest-remainder method
  (:func:`deepmarketing.targets.apportion`, whose tie-break is documented there).
* *Roll-up credit* (``direct=False``) goes to every manager above each directly credited
  person on that date (:meth:`Organization.chain_of_command
  <deepmarketing.org.Organization.chain_of_command>`; a vacant post passes the line on up,
  as the organization does), for the full amount of that person's credit: a team's
  result is the sum of its members' results.
* A *refund* names its original sale and is credited, negatively, to the sale's people
  and managers (those of the sale's date, not the refund's), in proportion to what each
  still holds of that sale. It is dated on its own date: it lands in the period it
  happens, so a closed period's statement never changes afterwards.
* A *collection* is credited like a sale, to the owner (or split) on the day the money
  comes in: collecting payment is the consultant's own work. It may name the sale it pays.

Every amount is a multiple of the currency quantum (``SALES_CNY.quantum``, one fen) and
every credit carries that exponent (``Decimal('100.00')``).

Examples:
    >>> import pendulum
    >>> from decimal import Decimal
    >>> from deepmarketing.periods import Period
    >>> from deepmarketing.samples import sample_company
    >>> org = sample_company().org
    >>> sale = Transaction("S-1", pendulum.date(2026, 7, 3), "C-D1-R1-C1-01", Decimal("1000"))
    >>> ledger = credit([sale], org)
    >>> for c in ledger.credits:
    ...     print(c.person, c.amount, "direct" if c.direct else f"roll-up from {c.source}")
    P-D1-R1-C1 1000.00 direct
    P-D1-R1-M 1000.00 roll-up from P-D1-R1-C1
    P-D1-M 1000.00 roll-up from P-D1-R1-C1
    P-VP 1000.00 roll-up from P-D1-R1-C1
    >>> ledger.total("P-D1-R1-C1", Period.parse("2026-07"))
    Decimal('1000.00')
"""

from __future__ import annotations

import bisect
import datetime as _dt
import enum
import itertools
import operator
import types
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs
import pendulum

from deepmarketing.errors import (
    CreditingError,
    DeepMarketingError,
    PlanError,
    UnknownRecordError,
)
from deepmarketing.org import Organization
from deepmarketing.periods import Period, _optional_date, to_date
from deepmarketing.quantities import DECIMAL_CONTEXT, SALES_CNY, exact_sum, to_decimal
from deepmarketing.targets import apportion

__all__ = [
    "Credit",
    "CreditLedger",
    "Split",
    "Transaction",
    "TransactionKind",
    "credit",
]

#: The currency quantum every transaction amount is a multiple of (one fen).
_QUANTUM = SALES_CNY.quantum
_ONE = Decimal(1)
_OPEN = _dt.date.max.toordinal() + 1


class TransactionKind(enum.StrEnum):
    """What a transaction is: a sale, a refund of a sale, or payment collected.

    Examples:
        >>> TransactionKind("refund") is TransactionKind.REFUND
        True
        >>> TransactionKind.COLLECTION == "collection"
        True
    """

    SALE = "sale"
    REFUND = "refund"
    COLLECTION = "collection"


_KIND_CODE = {TransactionKind.SALE: 0, TransactionKind.REFUND: 1, TransactionKind.COLLECTION: 2}
_KINDS = tuple(_KIND_CODE)
#: Which kind codes each ``total(kind=...)`` adds up: SALE is net sales (refunds negative).
_TOTAL_CODES = {
    TransactionKind.SALE: frozenset({0, 1}),
    TransactionKind.REFUND: frozenset({1}),
    TransactionKind.COLLECTION: frozenset({2}),
}


# -- transactions -------------------------------------------------------------------------


def _transaction_record(instance: Any) -> str:
    if isinstance(instance, Split):
        return _split_record(instance)
    return f"transaction {getattr(instance, 'id', None)!r}"


def _check_id(instance: Any, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise PlanError(
            f"expected {attribute.name} to be a non-empty string, got {value!r}",
            record=_transaction_record(instance),
        )


def _check_optional_id(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_id(instance, attribute, value)


def _transaction_date(value: object, instance: Any) -> pendulum.Date:
    return to_date(value, what=f"date of {_transaction_record(instance)}")


def _transaction_amount(value: object, instance: Any) -> Decimal:
    return to_decimal(value, what=f"amount of {_transaction_record(instance)}")


def _transaction_quantity(value: object, instance: Any) -> Decimal | None:
    if value is None:
        return None
    return to_decimal(value, what=f"quantity of {_transaction_record(instance)}")


def _transaction_kind(value: object, instance: Any) -> TransactionKind:
    try:
        return TransactionKind(value)  # type: ignore[arg-type]
    except ValueError:
        expected = ", ".join(k.value for k in TransactionKind)
        raise PlanError(
            f"expected kind to be one of {expected}, got {value!r}",
            record=_transaction_record(instance),
        ) from None


def _check_amount(instance: Any, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0 or DECIMAL_CONTEXT.remainder(value, _QUANTUM) != 0:
        raise PlanError(
            f"expected a positive multiple of {_QUANTUM} {SALES_CNY.unit} (the sign comes "
            f"from the kind), got {value}",
            record=_transaction_record(instance),
        )


def _check_quantity(instance: Any, attribute: attrs.Attribute[Any], value: Decimal | None) -> None:
    if value is not None and value <= 0:
        raise PlanError(
            f"expected a positive quantity (the sign comes from the kind), got {value}",
            record=_transaction_record(instance),
        )


def _check_original(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    _check_optional_id(instance, attribute, value)
    if instance.kind is TransactionKind.REFUND and value is None:
        raise PlanError(
            "a refund must name its original sale; expected original='<sale id>'",
            record=_transaction_record(instance),
        )
    if instance.kind is TransactionKind.SALE and value is not None:
        raise PlanError(
            f"a sale names no original, got original={value!r}; expected a refund or a collection",
            record=_transaction_record(instance),
        )


@attrs.frozen
class Transaction:
    """A sale, a refund or a payment collected from one customer, as a CRM records it.

    Args:
        id: The transaction's id, unique in a batch.
        date: The day it happened (a ``datetime.date`` is converted; a ``datetime`` is
            refused).
        customer: The customer's id in the organization.
        amount: A positive multiple of the currency quantum (one fen); the sign comes from
            ``kind``. Floats are refused.
        kind: :class:`TransactionKind`: a sale (the default), a refund or a collection.
        product: What was sold, for per-product plans (SPIFs).
        quantity: Units of ``product`` (may be fractional, e.g. tonnes), positive.
        original: For a refund, the id of the sale it refunds (required); for a
            collection, optionally the sale it pays; a sale names none.

    Raises:
        PlanError: Naming the transaction, for an empty id or customer, an amount that is
            not a positive multiple of a fen, a quantity that is not positive, an unknown
            kind, a refund without an original or a sale with one.
        AmountTypeError: For a float amount or quantity (also a ``TypeError``).
        DateTypeError: For a datetime or string date (also a ``TypeError``).

    Examples:
        >>> import pendulum
        >>> Transaction("S-1", pendulum.date(2026, 7, 3), "C-1", Decimal("499.50")).kind
        <TransactionKind.SALE: 'sale'>
        >>> Transaction(
        ...     "R-1",
        ...     pendulum.date(2026, 7, 9),
        ...     "C-1",
        ...     Decimal("99.90"),
        ...     kind="refund",
        ...     original="S-1",
        ... ).original
        'S-1'
        >>> Transaction("S-2", pendulum.date(2026, 7, 3), "C-1", 1.5)
        Traceback (most recent call last):
        ...
        deepmarketing.errors.AmountTypeError: amount of transaction 'S-2': expected a Decimal, ...
    """

    id: str = attrs.field(validator=_check_id)
    # attrs.Converter(takes_self=True) names the transaction in a conversion error; mypy's
    # attrs plugin cannot type it yet, so these parameters are typed Any in __init__.
    date: pendulum.Date = attrs.field(
        converter=attrs.Converter(_transaction_date, takes_self=True)  # type: ignore[misc]
    )
    customer: str = attrs.field(validator=_check_id)
    amount: Decimal = attrs.field(
        converter=attrs.Converter(_transaction_amount, takes_self=True),  # type: ignore[misc]
        validator=_check_amount,
    )
    kind: TransactionKind = attrs.field(
        default=TransactionKind.SALE,
        kw_only=True,
        converter=attrs.Converter(_transaction_kind, takes_self=True),  # type: ignore[misc]
    )
    product: str | None = attrs.field(default=None, kw_only=True, validator=_check_optional_id)
    quantity: Decimal | None = attrs.field(
        default=None,
        kw_only=True,
        converter=attrs.Converter(_transaction_quantity, takes_self=True),  # type: ignore[misc]
        validator=_check_quantity,
    )
    original: str | None = attrs.field(default=None, kw_only=True, validator=_check_original)


# -- credits ------------------------------------------------------------------------------


@attrs.frozen
class Credit:
    """One person's credit for one transaction.

    Args:
        transaction: The transaction's id.
        person: Who is credited.
        amount: Signed: negative for a refund; carries the currency quantum's exponent.
        date: The transaction's own date (for a refund: the refund's date, so it lands
            in the period it happens, though at the original sale's people and shares).
        kind: The transaction's kind.
        customer: The transaction's customer.
        product: The product (for a refund that names none: the original sale's).
        quantity: The person's share of the units, signed like ``amount``; ``None`` where
            the transaction gives no quantity.
        share: The directly credited person's share of the transaction (1 without a
            split); on a roll-up credit, the share of the person it rolls up from.
        direct: ``True`` for the owner or split people, ``False`` for roll-up credit to
            a manager.
        sale: The sale the credit belongs to: the sale's own id, a refund's original, a
            collection's named sale (or its own id when it names none).
        source: On a roll-up credit, the directly credited person it rolls up from;
            ``None`` on a direct credit.

    Examples:
        >>> import pendulum
        >>> c = Credit(
        ...     "S-1",
        ...     "P-1",
        ...     amount=Decimal("60.00"),
        ...     date=pendulum.date(2026, 7, 3),
        ...     kind=TransactionKind.SALE,
        ...     customer="C-1",
        ...     share=Decimal("0.6"),
        ...     sale="S-1",
        ... )
        >>> c.direct, c.source
        (True, None)
    """

    transaction: str
    person: str
    amount: Decimal = attrs.field(kw_only=True)
    date: pendulum.Date = attrs.field(kw_only=True)
    kind: TransactionKind = attrs.field(kw_only=True)
    customer: str = attrs.field(kw_only=True)
    product: str | None = attrs.field(default=None, kw_only=True)
    quantity: Decimal | None = attrs.field(default=None, kw_only=True)
    share: Decimal = attrs.field(default=_ONE, kw_only=True)
    direct: bool = attrs.field(default=True, kw_only=True)
    sale: str = attrs.field(kw_only=True)
    source: str | None = attrs.field(default=None, kw_only=True)


# -- splits -------------------------------------------------------------------------------


def _split_record(instance: Any) -> str:
    return f"split of customer {getattr(instance, 'customer', None)!r}"


def _split_shares(value: object, instance: Any) -> Mapping[str, Decimal]:
    record = _split_record(instance)
    if not isinstance(value, Mapping) or not value:
        raise PlanError(
            f"expected shares as a non-empty mapping of person id to share, got {value!r}",
            record=record,
        )
    shares: dict[str, Decimal] = {}
    for person in sorted(value, key=str):
        if not isinstance(person, str) or not person:
            raise PlanError(
                f"expected person ids as non-empty strings, got {person!r}", record=record
            )
        share = to_decimal(value[person], what=f"share of {person!r} in {record}")
        if share <= 0:
            raise PlanError(
                f"share of {person!r} is {share}; expected a share above 0", record=record
            )
        shares[person] = share
    total = exact_sum(shares.values())
    if total != 1:
        raise PlanError(f"shares add up to {total}; expected exactly 1", record=record)
    return types.MappingProxyType(shares)


def _split_end(instance: Any, attribute: attrs.Attribute[Any], end: pendulum.Date | None) -> None:
    if end is not None and instance.start is not None and end < instance.start:
        raise PlanError(
            f"ends on {end}, before it starts on {instance.start}; expected end >= start "
            "(end is the last day, inclusive)",
            record=_split_record(instance),
        )


@attrs.frozen
class Split:
    """Split credit: a customer's sales and collections shared by several people.

    While a split applies (``start`` to ``end``, inclusive; ``None`` for no limit) it
    replaces the customer's single owner: each person is credited their share, in whole
    fen that add up exactly to the transaction (largest remainder).

    Args:
        customer: The customer's id.
        shares: Person id -> share; every share above 0, adding up to exactly 1. Kept as
            a read-only mapping, sorted by person id.
        start: First day the split applies, or ``None``.
        end: Last day the split applies, or ``None``.

    Raises:
        PlanError: Naming the split, if the shares are empty, not positive, do not add
            up to exactly 1, or ``end`` is before ``start``.
        AmountTypeError: For a float share (also a ``TypeError``).

    Examples:
        >>> split = Split("C-1", {"P-2": Decimal("0.4"), "P-1": Decimal("0.6")})
        >>> dict(split.shares)
        {'P-1': Decimal('0.6'), 'P-2': Decimal('0.4')}
        >>> Split("C-1", {"P-1": Decimal("0.5"), "P-2": Decimal("0.4")})
        Traceback (most recent call last):
        ...
        deepmarketing.errors.PlanError: split of customer 'C-1': shares add up to 0.9; expected ...
    """

    customer: str = attrs.field(validator=_check_id)
    shares: Mapping[str, Decimal] = attrs.field(
        converter=attrs.Converter(_split_shares, takes_self=True),  # type: ignore[misc]
        hash=False,
    )
    start: pendulum.Date | None = attrs.field(default=None, kw_only=True, converter=_optional_date)
    end: pendulum.Date | None = attrs.field(
        default=None, kw_only=True, converter=_optional_date, validator=_split_end
    )

    def active_on(self, day: _dt.date) -> bool:
        """Whether the split applies on ``day``.

        Examples:
            >>> import pendulum
            >>> s = Split("C-1", {"P-1": 1}, start=pendulum.date(2026, 7, 1))
            >>> s.active_on(pendulum.date(2026, 6, 30)), s.active_on(pendulum.date(2026, 7, 1))
            (False, True)
        """
        day = to_date(day)
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def _span(self) -> tuple[int, int]:
        return (
            0 if self.start is None else self.start.toordinal(),
            _OPEN if self.end is None else self.end.toordinal(),
        )


# -- the ledger ---------------------------------------------------------------------------


def _query_kind(kind: object) -> TransactionKind:
    """A query's ``kind`` as a TransactionKind, or a PlanError saying what was expected."""
    try:
        return TransactionKind(kind)  # type: ignore[arg-type]
    except ValueError:
        expected = ", ".join(k.value for k in TransactionKind)
        raise PlanError(
            f"expected kind to be one of {expected}, got {kind!r}", record="kind"
        ) from None


def _money(units: int) -> Decimal:
    """``units`` whole quanta as an amount with the quantum's exponent."""
    return DECIMAL_CONTEXT.multiply(Decimal(units), _QUANTUM)


def _units(amount: Decimal) -> int:
    """An amount that is a multiple of the quantum, in whole quanta."""
    return int(DECIMAL_CONTEXT.divide(amount, _QUANTUM))


class CreditLedger:
    """Every credit of one batch, indexed by person and date; built once by :func:`credit`.

    The ledger is immutable. It keeps the direct credits and, for each, the managers it
    rolls up to; :class:`Credit` records are made when a query returns them, so totals
    over a million transactions stay cheap in time and memory.

    Queries take a :class:`~deepmarketing.periods.Period` and count the credits dated
    inside it (a refund counts on its own date). ``direct=True`` asks about a person's
    own results, ``direct=False`` about their team's (roll-up credit).

    Notes:
        A query finds a person's credits in the period by binary search on their dated
        index, O(log n + k) for k credits returned or added up.

    Examples:
        >>> import pendulum
        >>> from deepmarketing.periods import Period
        >>> from deepmarketing.samples import sample_company
        >>> org = sample_company().org
        >>> day = pendulum.date(2026, 7, 3)
        >>> ledger = credit(
        ...     [
        ...         Transaction("S-1", day, "C-D1-R1-C1-01", Decimal("1000")),
        ...         Transaction("S-2", day, "C-D1-R1-C2-01", Decimal("500")),
        ...         Transaction("C-1", day, "C-D1-R1-C1-01", Decimal("400"), kind="collection"),
        ...     ],
        ...     org,
        ... )
        >>> july = Period.parse("2026-07")
        >>> ledger.total("P-D1-R1-C1", july), ledger.team_total("P-D1-R1-M", july)
        (Decimal('1000.00'), Decimal('1500.00'))
        >>> ledger.total("P-D1-R1-C1", july, kind=TransactionKind.COLLECTION)
        Decimal('400.00')
        >>> print(ledger.summary())
        3 transactions credited (2 sales, 0 refunds, 1 collection), 12 credits to 5 people;
        0 rejected
    """

    __slots__ = (
        "_c_chain",
        "_c_code",
        "_c_person",
        "_c_qty",
        "_c_share",
        "_c_tx",
        "_c_units",
        "_collections_by_sale",
        "_credits",
        "_direct",
        "_new_customers",
        "_refunds_by_sale",
        "_rejected",
        "_rejected_ids",
        "_rollup",
        "_tx",
        "_tx_first",
        "_tx_ord",
        "_tx_product",
        "_tx_sale",
    )

    def __init__(
        self,
        builder: _Builder,
        rejected: Sequence[PlanError] = (),
        rejected_ids: Iterable[str] = (),
    ) -> None:
        self._rejected = tuple(rejected)
        self._rejected_ids = frozenset(rejected_ids)
        self._credits: tuple[Credit, ...] | None = None
        # Credits are numbered in date order, so a person's credit numbers, ascending,
        # are their credits in date order too: a period is a slice found by two binary
        # searches, first on the dates of all transactions, then on the numbers.
        self._tx = builder.tx
        self._tx_ord = builder.tx_ord
        self._tx_first = builder.tx_first
        self._tx_first.append(len(builder.c_person))
        self._tx_product = builder.tx_product
        self._tx_sale = builder.tx_sale
        self._c_tx = builder.c_tx
        self._c_code = builder.c_code
        self._c_person = builder.c_person
        self._c_units = builder.c_units
        self._c_share = builder.c_share
        self._c_qty = builder.c_qty
        self._c_chain = builder.c_chain
        self._direct = {person: book.refs for person, book in builder.books.items()}
        # A manager's roll-up credits: the runs of every person whose chain names them.
        parts: dict[str, list[Sequence[int]]] = defaultdict(list)
        for book in builder.books.values():
            refs, runs = book.refs, book.runs
            ends = [start for start, _ in runs[1:]] + [len(refs)]
            for (start, chain), end in zip(runs, ends, strict=True):
                if chain:
                    piece = refs if start == 0 and end == len(refs) else refs[start:end]
                    for manager in chain:
                        parts[manager].append(piece)
        flat = itertools.chain.from_iterable
        self._rollup = {
            manager: array("i", lists[0] if len(lists) == 1 else sorted(flat(lists)))
            for manager, lists in parts.items()
        }
        self._refunds_by_sale = dict(builder.refunds)
        self._collections_by_sale = dict(builder.collections)
        self._new_customers = dict(builder.new_customers)

    # -- building credits -----------------------------------------------------------------

    def _credit(self, ref: int, manager: str | None = None) -> Credit:
        i = self._c_tx[ref]
        tx = self._tx[i]
        units = self._c_units[ref]
        person = self._c_person[ref]
        return Credit(
            tx.id,
            person if manager is None else manager,
            amount=_money(units),
            date=tx.date,
            kind=tx.kind,
            customer=tx.customer,
            product=self._tx_product[i],
            quantity=self._c_qty[ref],
            share=self._c_share[ref],
            direct=manager is None,
            sale=self._tx_sale[i],
            source=None if manager is None else person,
        )

    def _credits_of(self, i: int) -> Iterator[Credit]:
        """The credits of the i-th transaction: direct ones by person, then roll-ups."""
        refs = range(self._tx_first[i], self._tx_first[i + 1])
        for ref in refs:
            yield self._credit(ref)
        for ref in refs:
            for manager in self._c_chain[ref]:
                yield self._credit(ref, manager)

    @property
    def credits(self) -> tuple[Credit, ...]:
        """Every credit, by transaction date (sales, collections, refunds), then id.

        Each transaction's direct credits (by person id) come before its roll-up
        credits (for each direct credit in turn, its managers from the nearest up).
        """
        if self._credits is None:
            self._credits = tuple(c for i in range(len(self._tx)) for c in self._credits_of(i))
        return self._credits

    @property
    def transactions(self) -> tuple[Transaction, ...]:
        """The transactions credited, in the order :attr:`credits` lists them."""
        return tuple(self._tx)

    @property
    def rejected(self) -> tuple[PlanError, ...]:
        """Every problem found in the batch, one per rejected transaction, by record.

        Empty unless :func:`credit` ran with ``errors="collect"`` and found problems.
        """
        return self._rejected

    @property
    def rejected_ids(self) -> frozenset[str]:
        """The ids of the rejected transactions.

        A row without an id is named by its position in the batch, e.g. ``"#3"``.
        """
        return self._rejected_ids

    # -- queries --------------------------------------------------------------------------

    def _span(self, period: Period) -> tuple[int, int]:
        """The numbers of the first credit in ``period`` and of the first one after it."""
        first = bisect.bisect_left(self._tx_ord, period.start.toordinal())
        after = bisect.bisect_right(self._tx_ord, period.end.toordinal(), first)
        return self._tx_first[first], self._tx_first[after]

    def _refs(self, person: str, period: Period, direct: bool) -> Sequence[int]:
        refs = (self._direct if direct else self._rollup).get(person)
        if refs is None:
            return ()
        first, after = self._span(period)
        lo = bisect.bisect_left(refs, first)
        return refs[lo : bisect.bisect_left(refs, after, lo)]

    def for_person(
        self,
        person: str,
        period: Period,
        *,
        kind: TransactionKind | str | None = None,
        direct: bool | None = True,
    ) -> tuple[Credit, ...]:
        """A person's credits dated in ``period``, by date and transaction id.

        Args:
            person: The person's id.
            period: The period asked about.
            kind: Only credits of transactions of this kind (``None``: every kind).
                Unlike :meth:`total`, ``SALE`` here means the sales themselves, without
                their refunds.
            direct: ``True`` for the person's own credits, ``False`` for roll-up credit
                from their team, ``None`` for both.

        Examples:
            >>> import pendulum
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.samples import sample_company
            >>> org = sample_company().org
            >>> s = Transaction("S-1", pendulum.date(2026, 7, 3), "C-D1-R1-C1-01", Decimal("10"))
            >>> [
            ...     c.source
            ...     for c in credit([s], org).for_person(
            ...         "P-VP", Period.parse("2026-Q3"), direct=False
            ...     )
            ... ]
            ['P-D1-R1-C1']
        """
        code = None if kind is None else _KIND_CODE[_query_kind(kind)]
        found: list[tuple[int, bool, str | None]] = []
        codes = self._c_code
        for is_direct in (True, False):
            if direct is None or direct is is_direct:
                manager = None if is_direct else person
                found.extend(
                    (ref, not is_direct, manager)
                    for ref in self._refs(person, period, is_direct)
                    if code is None or codes[ref] == code
                )
        if direct is None:
            found.sort()
        return tuple(self._credit(ref, manager) for ref, _, manager in found)

    def total(
        self,
        person: str,
        period: Period,
        *,
        kind: TransactionKind | str = TransactionKind.SALE,
        direct: bool = True,
    ) -> Decimal:
        """A person's total credit of ``kind`` in ``period``.

        Args:
            person: The person's id.
            period: The period asked about.
            kind: ``SALE`` for net sales (sales less refunds dated in the period),
                ``REFUND`` for the refunds alone (negative), ``COLLECTION`` for payment
                collected.
            direct: ``True`` for the person's own results, ``False`` for their team's.

        Returns:
            The total with the currency quantum's exponent (``Decimal('0.00')`` when
            there is nothing).

        Examples:
            >>> import pendulum
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.samples import sample_company
            >>> org = sample_company().org
            >>> day = pendulum.date(2026, 7, 3)
            >>> ledger = credit(
            ...     [
            ...         Transaction("S-1", day, "C-D1-R1-C1-01", Decimal("100")),
            ...         Transaction("R-1", day, "C-D1-R1-C1-01", 30, kind="refund", original="S-1"),
            ...     ],
            ...     org,
            ... )
            >>> july = Period.parse("2026-07")
            >>> ledger.total("P-D1-R1-C1", july), ledger.total("P-D1-R1-C1", july, kind="refund")
            (Decimal('70.00'), Decimal('-30.00'))
        """
        codes = _TOTAL_CODES[_query_kind(kind)]
        units, code = self._c_units, self._c_code
        if len(codes) == 2:  # net sales: everything but collections
            return _money(sum(units[r] for r in self._refs(person, period, direct) if code[r] != 2))
        (wanted,) = codes
        return _money(
            sum(units[r] for r in self._refs(person, period, direct) if code[r] == wanted)
        )

    def team_total(
        self, manager: str, period: Period, *, kind: TransactionKind | str = TransactionKind.SALE
    ) -> Decimal:
        """The results of everyone below ``manager``: their roll-up credit in ``period``.

        The same as ``total(manager, period, kind=kind, direct=False)``: the sum of the
        direct credits of the people who reported to ``manager`` (directly or further
        down) on each transaction's date.

        Examples:
            >>> import pendulum
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.samples import sample_company
            >>> org = sample_company().org
            >>> s = Transaction("S-1", pendulum.date(2026, 7, 3), "C-D1-R1-C1-01", Decimal("10"))
            >>> credit([s], org).team_total("P-D1-M", Period.parse("2026-07"))
            Decimal('10.00')
        """
        return self.total(manager, period, kind=kind, direct=False)

    def sale_credits(self, person: str, period: Period) -> tuple[Credit, ...]:
        """A person's direct credits for sales dated in ``period`` (refunds left out).

        For clawback: pair each with :meth:`refunds_of` and :meth:`collected` of its sale.

        Examples:
            >>> import pendulum
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.samples import sample_company
            >>> s = Transaction("S-1", pendulum.date(2026, 7, 3), "C-D1-R1-C1-01", Decimal("10"))
            >>> ledger = credit([s], sample_company().org)
            >>> [c.sale for c in ledger.sale_credits("P-D1-R1-C1", Period.parse("2026-07"))]
            ['S-1']
        """
        return self.for_person(person, period, kind=TransactionKind.SALE, direct=True)

    def refunds_of(self, sale: str) -> tuple[Credit, ...]:
        """Every credit (direct and roll-up) of the refunds of ``sale``, by date.

        Examples:
            >>> import pendulum
            >>> from deepmarketing.samples import sample_company
            >>> day = pendulum.date(2026, 7, 3)
            >>> ledger = credit(
            ...     [
            ...         Transaction("S-1", day, "C-D1-R1-C1-01", Decimal("10")),
            ...         Transaction("R-1", day, "C-D1-R1-C1-01", 4, kind="refund", original="S-1"),
            ...     ],
            ...     sample_company().org,
            ...     rollup=False,
            ... )
            >>> [(c.transaction, c.amount) for c in ledger.refunds_of("S-1")]
            [('R-1', Decimal('-4.00'))]
        """
        return tuple(c for i in self._refunds_by_sale.get(sale, ()) for c in self._credits_of(i))

    def collected(self, sale: str, *, as_of: _dt.date) -> Decimal:
        """Payment collected for ``sale`` up to and including ``as_of``.

        Counts the collections that name the sale (``original=sale``), whoever is
        credited with them.

        Examples:
            >>> import pendulum
            >>> from deepmarketing.samples import sample_company
            >>> day = pendulum.date(2026, 7, 3)
            >>> ledger = credit(
            ...     [
            ...         Transaction("S-1", day, "C-D1-R1-C1-01", Decimal("10")),
            ...         Transaction(
            ...             "K-1",
            ...             day.add(days=30),
            ...             "C-D1-R1-C1-01",
            ...             6,
            ...             kind="collection",
            ...             original="S-1",
            ...         ),
            ...     ],
            ...     sample_company().org,
            ... )
            >>> ledger.collected("S-1", as_of=day), ledger.collected("S-1", as_of=day.add(days=30))
            (Decimal('0.00'), Decimal('6.00'))
        """
        last = to_date(as_of, what="as_of").toordinal()
        return _money(
            sum(
                units
                for ordinal, units in self._collections_by_sale.get(sale, ())
                if ordinal <= last
            )
        )

    def units(self, person: str, period: Period, *, product: str, direct: bool = True) -> Decimal:
        """Net units of ``product`` credited to ``person`` in ``period`` (refunds negative).

        Only transactions that give a quantity count; collections never do.

        Examples:
            >>> import pendulum
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.samples import sample_company
            >>> s = Transaction(
            ...     "S-1",
            ...     pendulum.date(2026, 7, 3),
            ...     "C-D1-R1-C1-01",
            ...     Decimal("3200"),
            ...     product="pig-feed",
            ...     quantity=Decimal("1.250"),
            ... )
            >>> ledger = credit([s], sample_company().org)
            >>> ledger.units("P-D1-R1-C1", Period.parse("2026-07"), product="pig-feed")
            Decimal('1.250')
        """
        qty, code, tx, products = self._c_qty, self._c_code, self._c_tx, self._tx_product
        return exact_sum(
            q
            for r in self._refs(person, period, direct)
            if code[r] != 2 and (q := qty[r]) is not None and products[tx[r]] == product
        )

    def people(self, period: Period) -> frozenset[str]:
        """Everyone credited (directly or by roll-up) with a transaction dated in ``period``.

        Examples:
            >>> import pendulum
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.samples import sample_company
            >>> s = Transaction("S-1", pendulum.date(2026, 7, 3), "C-D1-R1-C1-01", Decimal("10"))
            >>> sorted(credit([s], sample_company().org).people(Period.parse("2026-07")))
            ['P-D1-M', 'P-D1-R1-C1', 'P-D1-R1-M', 'P-VP']
        """
        first, last = self._span(period)
        found: set[str] = set()
        found.update(self._c_person[first:last])
        for chain in set(self._c_chain[first:last]):
            found.update(chain)
        return frozenset(found)

    def new_customers(self, person: str, period: Period) -> frozenset[str]:
        """Customers first sold to in ``period``, by a sale credited directly to ``person``.

        A customer's first sale is its earliest in the ledger, by date and then id; every
        person of a split first sale counts the customer, and a refund does not undo it.

        Examples:
            >>> import pendulum
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.samples import sample_company
            >>> c = "C-D1-R1-C1-01"
            >>> ledger = credit(
            ...     [
            ...         Transaction("S-1", pendulum.date(2026, 6, 20), c, Decimal("10")),
            ...         Transaction("S-2", pendulum.date(2026, 7, 3), c, Decimal("10")),
            ...     ],
            ...     sample_company().org,
            ... )
            >>> [
            ...     ledger.new_customers("P-D1-R1-C1", Period.parse(m))
            ...     for m in ("2026-06", "2026-07")
            ... ]
            [frozenset({'C-D1-R1-C1-01'}), frozenset()]
        """
        first, last = period.start.toordinal(), period.end.toordinal()
        return frozenset(
            customer
            for ordinal, customer in self._new_customers.get(person, ())
            if first <= ordinal <= last
        )

    def summary(self) -> str:
        """One line for a log: what was credited and how much was rejected."""
        counts = Counter(tx.kind for tx in self._tx)
        sales, refunds, collections = (counts[kind] for kind in _KINDS)
        people = set(self._direct) | set(self._rollup)
        return (
            f"{len(self._tx)} transactions credited ({sales} sale{'s' * (sales != 1)}, "
            f"{refunds} refund{'s' * (refunds != 1)}, {collections} collection"
            f"{'s' * (collections != 1)}), {len(self)} credits to {len(people)} people; "
            f"{len(self._rejected)} rejected"
        )

    def __len__(self) -> int:
        return len(self._c_person) + sum(len(chain) for chain in self._c_chain)

    def __iter__(self) -> Iterator[Credit]:
        return iter(self.credits)

    def __repr__(self) -> str:
        return f"<CreditLedger: {self.summary()}>"


# -- crediting ----------------------------------------------------------------------------


class _Reject(Exception):  # noqa: N818 -- internal signal, never escapes this module
    """A transaction that cannot be credited; the message says what was expected."""


_SALE, _REFUND, _COLLECTION = (
    TransactionKind.SALE,
    TransactionKind.REFUND,
    TransactionKind.COLLECTION,
)


def _processing_order(t: Transaction) -> int:
    """Date first; on one day sales, then collections, then refunds (after their sale)."""
    kind = t.kind
    return 3 * t.date.toordinal() + (0 if kind is _SALE else 2 if kind is _REFUND else 1)


class _SaleState:
    """What is left of a credited sale that a refund names."""

    __slots__ = ("chains", "people", "product", "quantity_left", "shares", "tx", "units_left")

    def __init__(
        self,
        tx: Transaction,
        people: tuple[str, ...],
        shares: tuple[Decimal, ...],
        chains: tuple[tuple[str, ...], ...],
        units: Sequence[int],
        quantities: Sequence[Decimal | None],
    ) -> None:
        self.tx = tx
        self.product = tx.product
        self.people = people
        self.shares = shares
        self.chains = chains
        self.units_left = list(units)
        self.quantity_left: list[Decimal] | None = (
            None if tx.quantity is None else [q for q in quantities if q is not None]
        )


class _Book:
    """A person's direct credits (numbers, ascending), in runs that share one chain."""

    __slots__ = ("chain", "refs", "runs")

    def __init__(self) -> None:
        self.refs: array[int] = array("i")
        self.runs: list[tuple[int, tuple[str, ...]]] = []  # (first position in refs, chain)
        self.chain: tuple[str, ...] | None = None


class _Builder:
    """Credits transactions one at a time, in processing order, into the ledger's columns.

    Every check of a transaction happens before anything of it is written, so a rejected
    transaction leaves no trace.
    """

    def __init__(
        self,
        resolver: _Resolver,
        records: Mapping[str, Transaction],
        duplicates: frozenset[str],
        named: set[str],
    ) -> None:
        self.resolver = resolver
        self.records = records
        self.duplicates = duplicates
        self.named = named
        # one entry per transaction credited
        self.tx: list[Transaction] = []
        self.tx_ord: array[int] = array("i")
        self.tx_first: array[int] = array("i")
        self.tx_product: list[str | None] = []
        self.tx_sale: list[str] = []
        # one entry per direct credit
        self.c_tx: array[int] = array("i")
        self.c_code: array[int] = array("b")
        self.c_person: list[str] = []
        self.c_units: list[int] = []
        self.c_share: list[Decimal] = []
        self.c_qty: list[Decimal | None] = []
        self.c_chain: list[tuple[str, ...]] = []
        # each directly credited person's credits
        self.books: dict[str, _Book] = {}
        self.sales: dict[str, _SaleState] = {}
        self.collected: dict[str, int] = {}
        self.refunds: dict[str, list[int]] = defaultdict(list)
        self.collections: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.new_customers: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.customers_sold: set[str] = set()

    def _write(
        self,
        t: Transaction,
        ordinal: int,
        code: int,
        sale: str,
        product: str | None,
        people: Sequence[str],
        shares: Sequence[Decimal],
        units: Sequence[int],
        quantities: Sequence[Decimal | None],
        chains: Sequence[tuple[str, ...]],
    ) -> None:
        i = len(self.tx)
        ref = len(self.c_person)
        self.tx.append(t)
        self.tx_ord.append(ordinal)
        self.tx_first.append(ref)
        self.tx_product.append(product)
        self.tx_sale.append(sale)
        books = self.books
        for person, share, amount, quantity, chain in zip(
            people, shares, units, quantities, chains, strict=True
        ):
            self.c_tx.append(i)
            self.c_code.append(code)
            self.c_person.append(person)
            self.c_units.append(amount)
            self.c_share.append(share)
            self.c_qty.append(quantity)
            self.c_chain.append(chain)
            book = books.get(person)
            if book is None:
                book = books[person] = _Book()
            if book.chain is not chain:  # a new run of credits rolling up one chain
                book.runs.append((len(book.refs), chain))
                book.chain = chain
            book.refs.append(ref)
            ref += 1

    def _write_one(
        self,
        t: Transaction,
        ordinal: int,
        code: int,
        sale: str,
        person: str,
        units: int,
        chain: tuple[str, ...],
    ) -> None:
        """``_write`` for the usual case: one person credited with the whole transaction."""
        ref = len(self.c_person)
        self.c_tx.append(len(self.tx))
        self.tx.append(t)
        self.tx_ord.append(ordinal)
        self.tx_first.append(ref)
        self.tx_product.append(t.product)
        self.tx_sale.append(sale)
        self.c_code.append(code)
        self.c_person.append(person)
        self.c_units.append(units)
        self.c_share.append(_ONE)
        self.c_qty.append(t.quantity)
        self.c_chain.append(chain)
        book = self.books.get(person)
        if book is None:
            book = self.books[person] = _Book()
        if book.chain is not chain:
            book.runs.append((len(book.refs), chain))
            book.chain = chain
        book.refs.append(ref)

    def _credit(self, t: Transaction, code: int, sale: str) -> _SaleState | None:
        """Credit a sale or a collection to the owner (or split) of its day.

        Returns what a refund needs to know of a sale that one names, else ``None``.
        """
        day = t.date
        ordinal = day.toordinal()
        resolver = self.resolver
        people, shares = resolver.people(t.customer, day, ordinal)
        total = _units(t.amount)
        if len(people) == 1:
            chain = resolver.chain(people[0], day, ordinal)
            self._write_one(t, ordinal, code, sale, people[0], total, chain)
            if code or t.id not in self.named:
                return None
            return _SaleState(t, people, shares, (chain,), (total,), (t.quantity,))
        weights = dict(zip(people, shares, strict=True))
        quantities: Sequence[Decimal | None] = (
            (None,) * len(people)
            if t.quantity is None
            else _split_quantity(t.quantity, weights, _quantity_quantum(t.quantity))
        )
        chains = tuple(resolver.chain(person, day, ordinal) for person in people)
        units = _split_units(total, weights)
        self._write(t, ordinal, code, sale, t.product, people, shares, units, quantities, chains)
        if code or t.id not in self.named:
            return None
        return _SaleState(t, people, shares, chains, units, quantities)

    def sale(self, t: Transaction) -> None:
        """Credit a sale to the owner (or split) of its day, or raise a _Reject."""
        state = self._credit(t, 0, t.id)
        if state is not None:
            self.sales[t.id] = state
        customer = t.customer
        if customer not in self.customers_sold:
            self.customers_sold.add(customer)
            ordinal = self.tx_ord[-1]
            first = self.tx_first[-1]
            for person in self.c_person[first:]:
                self.new_customers[person].append((ordinal, customer))

    def collection(self, t: Transaction) -> None:
        """Credit a collection to the owner (or split) of its day, or raise a _Reject."""
        original = t.original
        if original is None:
            self._credit(t, 2, t.id)
            return
        units = _units(t.amount)
        sale = self._named_record(t, original)
        sold = _units(sale.amount)
        before = self.collected.get(original, 0)
        if before + units > sold:
            raise _Reject(
                f"collects {_money(units)} for sale {original!r}, but only "
                f"{_money(sold - before)} of its {_money(sold)} is left to collect"
            )
        self._credit(t, 2, original)
        self.collected[original] = before + units
        self.collections[original].append((self.tx_ord[-1], units))

    def _named_record(self, t: Transaction, original: str) -> Transaction:
        """The sale record ``t`` names, checked: unique, a sale, the same customer."""
        if original in self.duplicates:
            raise _Reject(
                f"original {original!r} was rejected; expected a sale credited in the batch"
            )
        sale = self.records.get(original)
        if sale is None:
            raise _Reject(
                f"original {original!r} is not in the batch; expected the id of a sale in it"
            )
        if sale.kind is not _SALE:
            raise _Reject(f"original {original!r} is a {sale.kind.value}; expected a sale")
        if sale.customer != t.customer:
            raise _Reject(
                f"customer {t.customer!r} differs from the customer {sale.customer!r} of "
                f"original {original!r}; expected the same customer"
            )
        return sale

    def refund(self, t: Transaction) -> None:
        """Take a refund back from its sale's people, or raise a _Reject."""
        original = t.original
        assert original is not None  # a Transaction's validator makes sure
        record = self._named_record(t, original)
        if t.date < record.date:
            raise _Reject(
                f"dated {t.date}, before its original {original!r} of {record.date}; "
                "expected a refund on or after the sale"
            )
        state = self.sales.get(original)
        if state is None:  # the sale was credited before its refunds, unless rejected
            raise _Reject(
                f"original {original!r} was rejected; expected a sale credited in the batch"
            )
        sale = state.tx
        left = sum(state.units_left)
        units = _units(t.amount)
        if units > left:
            raise _Reject(
                f"refunds {_money(units)}, but only {_money(left)} of original {original!r} "
                f"({_money(_units(sale.amount))}) is left to refund; expected at most that"
            )
        if t.product is not None and t.product != sale.product:
            raise _Reject(
                f"product {t.product!r} differs from the product {sale.product!r} of original "
                f"{original!r}"
            )
        people = state.people
        quantities: Sequence[Decimal | None] = (None,) * len(people)
        quantity_left = state.quantity_left
        if t.quantity is not None:
            if quantity_left is None or sale.quantity is None:
                raise _Reject(
                    f"returns a quantity of {t.quantity}, but original {original!r} gives none"
                )
            available = exact_sum(quantity_left)
            if t.quantity > available:
                raise _Reject(
                    f"returns {t.quantity} units, but only {available} of original "
                    f"{original!r} ({sale.quantity}) are left to return"
                )
            quantum = _quantity_quantum(t.quantity, sale.quantity)
            taken = _split_quantity(
                t.quantity, dict(zip(people, quantity_left, strict=True)), quantum
            )
            state.quantity_left = [
                DECIMAL_CONTEXT.subtract(a, b) for a, b in zip(quantity_left, taken, strict=True)
            ]
            quantities = [DECIMAL_CONTEXT.minus(q) for q in taken]
        back = _split_units(units, dict(zip(people, state.units_left, strict=True)))
        state.units_left = [a - b for a, b in zip(state.units_left, back, strict=True)]
        self.refunds[original].append(len(self.tx))
        self._write(
            t,
            t.date.toordinal(),
            1,
            original,
            sale.product,
            people,
            state.shares,
            [-b for b in back],
            quantities,
            state.chains,
        )


def _quantity_quantum(*quantities: Decimal) -> Decimal:
    """The unit a quantity is split in: the finest exponent among them, at most 1."""
    exponent = min(min(int(q.as_tuple().exponent) for q in quantities), 0)
    return Decimal((0, (1,), exponent))


def _split_units(total: int, weights: Mapping[str, Any]) -> list[int]:
    """``total`` quanta split by ``weights`` with the largest-remainder method."""
    if len(weights) == 1:
        return [total]
    return [int(v) for v in apportion(total, weights).values()]


def _split_quantity(total: Decimal, weights: Mapping[str, Any], quantum: Decimal) -> list[Decimal]:
    if len(weights) == 1:
        return [total]
    return list(apportion(total, weights, quantum=quantum).values())


class _Resolver:
    """Who is credited, and who is above them, on a day: org lookups, cached.

    Owners: for a large batch the organization's territories are indexed once by
    customer; for a small one each customer is looked up when first met.

    Chains of command: everyone holding the same kind of position (consultant or
    manager) in the same unit has the same chain, and it holds while the managers of the
    units above stay the same. So a person's position is cached for the days it lasts,
    and a unit's chain for the days none of those managers change; only the first
    person met in each unit and span asks :meth:`Organization.chain_of_command`.
    """

    def __init__(
        self,
        org: Organization,
        splits: Mapping[str, list[tuple[int, int, Split]]],
        *,
        rollup: bool,
        batch_size: int,
    ) -> None:
        self.org = org
        self.splits = splits
        self.rollup = rollup
        # customer -> (first day, last day, (owner,)) ordinals; the owner as a 1-tuple,
        # ready to return
        self.territories: dict[str, list[tuple[int, int, tuple[str]]]] = {}
        self.indexed = 4 * batch_size >= len(org.territories)
        if self.indexed:
            index: dict[str, list[tuple[int, int, tuple[str]]]] = defaultdict(list)
            owners: dict[str, tuple[str]] = {}
            for t in org.territories:
                owner = owners.get(t.person_id)
                if owner is None:
                    owner = owners[t.person_id] = (t.person_id,)
                end = _OPEN if t.end is None else t.end.toordinal()
                index[t.customer_id].append((t.start.toordinal(), end, owner))
            self.territories = dict(index)
        self.positions: dict[str, tuple[int, int, tuple[str, bool]]] = {}
        self.last_chain: dict[str, tuple[int, int, tuple[str, ...]]] = {}
        self.unit_chains: dict[tuple[str, bool], list[tuple[int, int, tuple[str, ...]]]] = {}
        self._changes: dict[str, list[int]] | None = None

    def people(
        self, customer: str, day: pendulum.Date, ordinal: int
    ) -> tuple[tuple[str, ...], tuple[Decimal, ...]]:
        """The people credited directly for ``customer`` on ``day``, and their shares."""
        if self.splits:
            for lo, hi, split in self.splits.get(customer, ()):
                if lo <= ordinal <= hi:
                    return tuple(split.shares), tuple(split.shares.values())
        spans = self.territories.get(customer)
        if spans is None:
            try:
                owned = () if self.indexed else self.org.territories_of(customer)
                if self.indexed:
                    self.org.customer(customer)
            except UnknownRecordError:
                raise _Reject(
                    f"customer {customer!r} is not in the organization; expected the id of "
                    "one of its customers"
                ) from None
            spans = self.territories[customer] = [
                (t.start.toordinal(), _OPEN if t.end is None else t.end.toordinal(), (t.person_id,))
                for t in owned
            ]
        for lo, hi, owner in spans:
            if lo <= ordinal <= hi:
                return owner, _SOLE
        raise _Reject(
            f"customer {customer!r} has no owner on {day}; expected a territory assignment "
            "(or a split) covering that day"
        )

    def chain(self, person: str, day: pendulum.Date, ordinal: int) -> tuple[str, ...]:
        """The managers above ``person`` on ``day``, nearest first (``()`` without roll-up)."""
        if not self.rollup:
            return ()
        last = self.last_chain.get(person)
        if last is not None and last[0] <= ordinal <= last[1]:
            return last[2]
        position = self.positions.get(person)
        if position is None or not position[0] <= ordinal <= position[1]:
            position = self._position(person, day)
        found = next(
            (e for e in self.unit_chains.get(position[2], ()) if e[0] <= ordinal <= e[1]), None
        )
        lo, hi, chain = self._chain(person, day, position[2]) if found is None else found
        self.last_chain[person] = (max(lo, position[0]), min(hi, position[1]), chain)
        return chain

    def _position(self, person: str, day: pendulum.Date) -> tuple[int, int, tuple[str, bool]]:
        assignment = self.org.position_of(person, as_of=day)
        if assignment is None:
            raise _Reject(
                f"{person!r} is credited but holds no position on {day}; roll-up credit "
                "needs their chain of command that day (or credit with rollup=False)"
            )
        position = (
            assignment.start.toordinal(),
            _OPEN if assignment.end is None else assignment.end.toordinal(),
            (assignment.unit_id, assignment.role.is_manager),
        )
        self.positions[person] = position
        return position

    def _chain(
        self, person: str, day: pendulum.Date, key: tuple[str, bool]
    ) -> tuple[int, int, tuple[str, ...]]:
        ordinal = day.toordinal()
        lo, hi = 0, _OPEN
        changes = self._management_changes()
        for unit in self.org.path_to_root(key[0]):
            days = changes.get(unit.id)
            if days:
                at = bisect.bisect_right(days, ordinal)
                if at:
                    lo = max(lo, days[at - 1])
                if at < len(days):
                    hi = min(hi, days[at] - 1)
        chain = tuple(p.id for p in self.org.chain_of_command(person, as_of=day))
        self.unit_chains.setdefault(key, []).append((lo, hi, chain))
        return lo, hi, chain

    def _management_changes(self) -> dict[str, list[int]]:
        """Per unit, the days on which its manager changes (a post filled or vacated)."""
        if self._changes is None:
            days: dict[str, set[int]] = defaultdict(set)
            for a in self.org.assignments:
                if a.role.is_manager:
                    days[a.unit_id].add(a.start.toordinal())
                    if a.end is not None:
                        days[a.unit_id].add(a.end.toordinal() + 1)
            self._changes = {unit: sorted(d) for unit, d in days.items()}
        return self._changes


_SOLE = (_ONE,)


def _index_splits(
    splits: Iterable[Split], org: Organization
) -> dict[str, list[tuple[int, int, Split]]]:
    problems: list[PlanError] = []
    by_customer: dict[str, list[tuple[int, int, Split]]] = defaultdict(list)
    people = {p.id for p in org.people}
    for split in splits:
        if not isinstance(split, Split):
            raise PlanError(f"expected Split records, got {type(split).__name__}", record="splits")
        record = _split_record(split)
        try:
            org.customer(split.customer)
        except UnknownRecordError:
            problems.append(
                PlanError(f"customer {split.customer!r} is not in the organization", record=record)
            )
        unknown = [p for p in split.shares if p not in people]
        if unknown:
            problems.append(
                PlanError(
                    "shares name people who are not in the organization: "
                    + ", ".join(repr(p) for p in unknown),
                    record=record,
                )
            )
        lo, hi = split._span()
        by_customer[split.customer].append((lo, hi, split))
    for customer, spans in by_customer.items():
        spans.sort(key=lambda s: (s[0], s[1]))
        for (_, first_end, first), (second_start, _, second) in itertools.pairwise(spans):
            if second_start <= first_end:
                problems.append(
                    PlanError(
                        f"two splits apply at once ({_span_text(first)} and "
                        f"{_span_text(second)}); expected at most one per day",
                        record=f"split of customer {customer!r}",
                    )
                )
    if problems:
        count = len(problems)
        raise CreditingError(f"{count} bad split{'s' * (count > 1)}", problems)
    return dict(by_customer)


def _span_text(split: Split) -> str:
    start = "open" if split.start is None else str(split.start)
    end = "open" if split.end is None else str(split.end)
    return f"{start}..{end}"


def _read(
    transactions: Iterable[object], problems: list[tuple[str, PlanError]]
) -> list[Transaction]:
    """The well-formed transactions; a row that cannot be built becomes a problem."""
    found: list[Transaction] = []
    for position, item in enumerate(transactions):
        if isinstance(item, Transaction):
            found.append(item)
            continue
        if not isinstance(item, Mapping):
            problems.append(
                (
                    f"#{position}",
                    PlanError(
                        f"expected a Transaction or a mapping of its fields, got "
                        f"{type(item).__name__}",
                        record=f"transaction at position {position}",
                    ),
                )
            )
            continue
        name = item.get("id")
        key = name if isinstance(name, str) else f"#{position}"
        record = (
            f"transaction {name!r}"
            if isinstance(name, str)
            else f"transaction at position {position}"
        )
        try:
            found.append(Transaction(**item))
        except DeepMarketingError as err:
            problem = PlanError(err.detail if err.record == record else str(err), record=record)
            problems.append((key, problem))
        except TypeError as err:  # missing or unexpected fields
            problems.append(
                (key, PlanError(f"expected the fields of a Transaction: {err}", record=record))
            )
    return found


def credit(
    transactions: Iterable[Transaction | Mapping[str, Any]],
    org: Organization,
    *,
    splits: Iterable[Split] = (),
    rollup: bool = True,
    errors: Literal["raise", "collect"] = "raise",
) -> CreditLedger:
    """Credit a batch of sales, refunds and collections to the people who earned them.

    Args:
        transactions: :class:`Transaction` records, or mappings of their fields (as a
            CRM exports rows; a row that cannot be built is reported like any other bad
            transaction). Their order does not matter: they are credited by date, then id.
        org: The organization: who owned each customer, and who managed whom, on each day.
        splits: Split credit for some customers over some days (at most one per customer
            per day); a split replaces the customer's owner while it applies.
        rollup: Give roll-up credit to every manager above each directly credited person.
        errors: ``"raise"`` raises a :class:`~deepmarketing.errors.CreditingError`
            listing every bad transaction; ``"collect"`` credits the good ones and lists
            the problems in :attr:`CreditLedger.rejected`.

    Returns:
        The ledger of credits.

    Raises:
        CreditingError: With ``errors="raise"``, if any transaction is bad, one
            :class:`~deepmarketing.errors.PlanError` per bad transaction (by id): a row
            that is not a valid transaction (a float amount, a missing field...); an id
            used more than once (every copy is rejected); an unknown customer; a
            customer with no owner (and no split) on the day; a credited person holding
            no position that day (roll-up needs their chain); a refund whose original is
            not in the batch, was rejected, is not a sale, has another customer, is
            dated later, or has less left than the refund takes (amount or quantity); a
            collection naming a sale that is not there or collecting more than the sale.
            Always, whatever ``errors`` says, if a split names an unknown customer or
            person, or two splits of one customer overlap.
        PlanError: If ``errors`` is neither ``"raise"`` nor ``"collect"``.

    Notes:
        *Who.* Sales and collections go to the owner on the transaction's date (a split,
        where one applies). A refund goes to its original sale's people, with the roll-up
        of the sale's date, split in proportion to what each still holds of that sale
        (credit less earlier refunds), so refunding everything that is left takes back
        exactly what each was credited, and nobody gives back more than they got. A
        refund is dated on its own date.

        *Exactness.* Splits are made in whole fen by the largest-remainder method
        (:func:`~deepmarketing.targets.apportion`: equal remainders go to the larger
        share, then to the person id that sorts first); quantities are split the same way
        at the quantity's own decimal places. Every transaction's direct credits add up
        to it exactly; each roll-up credit repeats the direct credit it rolls up.

        *Order.* Transactions are credited by date; on one day sales come first, then
        collections, then refunds (so a refund on the day of its sale finds it), and
        then by id. The result never depends on the order of ``transactions``; the
        ledger lists them in this order.

        *Cost.* O(n log n) for n transactions; owners and chains of command are looked
        up once per person per span of days in which they do not change.

    Examples:
        >>> import pendulum
        >>> from deepmarketing.samples import sample_company
        >>> org = sample_company().org
        >>> day = pendulum.date(2026, 7, 3)
        >>> Split("C-D1-R1-C1-01", {"P-D1-R1-C1": Decimal("0.5"), "P-D1-R1-C2": 0.5})
        Traceback (most recent call last):
        ...
        deepmarketing.errors.AmountTypeError: share of 'P-D1-R1-C2' in split of customer ...
        >>> shared = Split("C-D1-R1-C1-01", {"P-D1-R1-C1": Decimal("0.5"), "P-D1-R1-C2": "0.5"})
        >>> ledger = credit(
        ...     [Transaction("S-1", day, "C-D1-R1-C1-01", Decimal("100.01"))],
        ...     org,
        ...     splits=[shared],
        ...     rollup=False,
        ... )
        >>> for c in ledger.credits:
        ...     print(c.person, c.amount, c.share)
        P-D1-R1-C1 50.01 0.5
        P-D1-R1-C2 50.00 0.5
        >>> bad = [
        ...     {"id": "S-2", "date": day, "customer": "C-D1-R1-C1-01", "amount": 9.99},
        ...     Transaction("S-3", day, "C-NOBODY", Decimal("5")),
        ...     Transaction("S-4", day, "C-D1-R1-C1-01", Decimal("5")),
        ... ]
        >>> ledger = credit(bad, org, errors="collect")
        >>> for problem in ledger.rejected:
        ...     print(problem)
        transaction 'S-2': amount of transaction 'S-2': expected a Decimal, int or numeric ...
        transaction 'S-3': customer 'C-NOBODY' is not in the organization; expected the id ...
        >>> [t.id for t in ledger.transactions]
        ['S-4']
    """
    if errors not in ("raise", "collect"):
        raise PlanError(f"expected errors='raise' or 'collect', got {errors!r}", record="credit")
    split_index = _index_splits(splits, org)
    problems: list[tuple[str, PlanError]] = []
    records = _read(transactions, problems)
    by_id = {t.id: t for t in records}
    duplicates: frozenset[str] = frozenset()
    if len(by_id) != len(records):
        counts = Counter(t.id for t in records)
        duplicates = frozenset(tx_id for tx_id, count in counts.items() if count > 1)
        problems.extend(
            (
                tx_id,
                PlanError(
                    f"id appears {counts[tx_id]} times; expected each transaction id once",
                    record=f"transaction {tx_id!r}",
                ),
            )
            for tx_id in duplicates
        )
        records = [t for t in records if t.id not in duplicates]
    records.sort(key=_by_id)
    records.sort(key=_processing_order)  # stable: by date, kind, then id
    named = {t.original for t in records if t.original is not None}
    resolver = _Resolver(org, split_index, rollup=rollup, batch_size=len(records))
    builder = _Builder(resolver, by_id, duplicates, named)
    sale, refund, collection = builder.sale, builder.refund, builder.collection
    for t in records:
        kind = t.kind
        try:
            if kind is _SALE:
                sale(t)
            elif kind is _REFUND:
                refund(t)
            else:
                collection(t)
        except _Reject as err:
            problems.append((t.id, PlanError(str(err), record=f"transaction {t.id!r}")))
    problems.sort(key=lambda p: (p[0], str(p[1])))
    if problems and errors == "raise":
        count = len(problems)
        raise CreditingError(
            f"{count} transaction{'s' * (count > 1)} rejected", [p for _, p in problems]
        )
    return CreditLedger(builder, [p for _, p in problems], [tx_id for tx_id, _ in problems])


_by_id = operator.attrgetter("id")
