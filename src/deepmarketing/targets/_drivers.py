"""Allocation drivers: how much weight each unit or person gets when a target is split."""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, runtime_checkable

import attrs

from deepmarketing.errors import AllocationError
from deepmarketing.org import Organization
from deepmarketing.periods import to_date
from deepmarketing.quantities import DECIMAL_CONTEXT, Amount, exact_sum, to_decimal

__all__ = [
    "Blend",
    "Driver",
    "Even",
    "FromCustomers",
    "FromPeople",
    "Weights",
    "market_potential",
    "prior_actuals",
]


@runtime_checkable
class Driver(Protocol):
    """A rule that gives each member of a sibling group its allocation weight.

    The cascade calls :meth:`weights_for` once per group (the children of one unit:
    its subunits and its people), so a driver can normalise within the group, as
    :class:`Blend` does.

    Examples:
        >>> from deepmarketing.periods import Period
        >>> from deepmarketing.quantities import NEW_CUSTOMERS
        >>> from deepmarketing.samples import sample_company
        >>> from deepmarketing.targets import cascade
        >>> class NewMarketFirst:  # double weight for district D3, the new market
        ...     def weights_for(self, ids):
        ...         return {i: 2 if i == "D3" else 1 for i in ids}
        >>> isinstance(NewMarketFirst(), Driver)
        True
        >>> org = sample_company().org
        >>> plan = cascade(org, NEW_CUSTOMERS, Period.parse("2026"), 400, weights=NewMarketFirst())
        >>> plan.for_unit("D1"), plan.for_unit("D2"), plan.for_unit("D3")
        (Decimal('100'), Decimal('100'), Decimal('200'))
    """

    def weights_for(self, ids: Sequence[str]) -> Mapping[str, Amount]:
        """The non-negative weight of each id (a unit id or a person id) of one group."""
        ...


#: What ``cascade(..., weights=...)`` takes: a mapping from unit or person id to weight,
#: a callable taking that id, or a :class:`Driver`.
Weights = Mapping[str, Amount] | Callable[[str], Amount] | Driver


@attrs.frozen
class Even:
    """The same weight for everyone: an even split.

    Examples:
        >>> Even().weights_for(["R1", "R2"])
        {'R1': 1, 'R2': 1}
    """

    def weights_for(self, ids: Sequence[str]) -> Mapping[str, Amount]:
        """Weight 1 for every id."""
        return dict.fromkeys(ids, 1)


_ZERO = Decimal(0)


def _read_only(value: Mapping[str, Amount]) -> Mapping[str, Amount]:
    """A read-only copy: the caller may go on changing its own mapping."""
    return types.MappingProxyType(dict(value))


class _Memo:
    """What a per-person driver has worked out so far; the driver is frozen, so it stays true."""

    __slots__ = ("answers", "owned", "people", "person_ids", "unit_ids", "units")

    def __init__(self) -> None:
        self.answers: dict[str, Decimal] = {}  # weights_for's answer per id, checked
        self.people: dict[str, Decimal] = {}  # each person's own figure
        self.units: dict[str, Decimal] = {}  # what each unit's people add up to
        self.unit_ids: frozenset[str] | None = None
        self.person_ids: frozenset[str] | None = None
        self.owned: dict[str, Decimal] | None = None  # FromCustomers: per owner, all at once


class _PerPerson:
    """A driver that weighs each person, and each unit as the sum over its people.

    The subclasses are frozen, so every figure is worked out once and kept in
    ``_memo`` (private, left out of equality, hashing and ``repr``): a cascade asks for
    the units of one level, then for the units and people below them, and without it
    every person would be added up again at every level.
    """

    __slots__ = ()
    org: Organization
    values: Mapping[str, Amount]
    as_of: _dt.date
    _memo: _Memo

    def weights_for(self, ids: Sequence[str]) -> Mapping[str, Amount]:
        """Each person's weight; each unit's, the sum over everyone in it on ``as_of``.

        Raises:
            AllocationError: If an id is both a unit's and a person's (which one is
                meant would be a guess).
        """
        return {i: self._weight(i) for i in ids}

    def _person(self, person_id: str) -> Decimal:
        raise NotImplementedError  # pragma: no cover - each driver says how

    def _weight(self, owner_id: str) -> Decimal:
        memo = self._memo
        known = memo.answers.get(owner_id)
        if known is not None:
            return known
        if memo.unit_ids is None or memo.person_ids is None:
            memo.unit_ids = frozenset(u.id for u in self.org.units)
            memo.person_ids = frozenset(p.id for p in self.org.people)
        if owner_id in memo.unit_ids:
            if owner_id in memo.person_ids:
                raise AllocationError(
                    f"ids must be unambiguous, but {owner_id!r} is the id of both a unit "
                    "and a person, so its weight could be either's; expected distinct unit "
                    "and person ids",
                    record=f"weights of {type(self).__name__}",
                )
            total = self._unit_total(owner_id)
        else:
            total = self._person_total(owner_id)
        memo.answers[owner_id] = total
        return total

    def _person_total(self, person_id: str) -> Decimal:
        people = self._memo.people
        known = people.get(person_id)
        if known is None:
            known = people[person_id] = self._person(person_id)
        return known

    def _unit_total(self, unit_id: str) -> Decimal:
        """What everyone in the unit and below adds up to: its own people plus its subunits."""
        units = self._memo.units
        known = units.get(unit_id)
        if known is not None:
            return known
        org = self.org
        # Bottom-up over the subtree (no recursion, however deep the tree), each unit
        # once: the people holding a position in it plus what its subunits add up to.
        for unit in reversed((org.unit(unit_id), *org.subunits(unit_id, recursive=True))):
            if unit.id in units:
                continue
            own = org.members(unit.id, as_of=self.as_of, recursive=False)
            units[unit.id] = exact_sum(
                [
                    *(self._person_total(p.id) for p in own),
                    *(units[s.id] for s in org.subunits(unit.id)),
                ]
            )
        return units[unit_id]


@attrs.frozen
class FromPeople(_PerPerson):
    """Weights from a figure per person (prior sales, head count...); a unit adds up its people.

    Args:
        org: The organization, to find who is in a unit.
        values: A non-negative figure per person id; people left out count as zero.
            The driver keeps a read-only copy, so later changes to the caller's
            mapping do not reach it.
        as_of: The day whose membership decides which people a unit adds up.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> company = sample_company()
        >>> driver = FromPeople(
        ...     company.org, {"P-D1-R1-C1": 3, "P-D1-R1-C2": 1}, as_of=company.as_of
        ... )
        >>> driver.weights_for(["D1-R1", "D1-R2"])
        {'D1-R1': Decimal('4'), 'D1-R2': Decimal('0')}
    """

    org: Organization = attrs.field(eq=False)
    values: Mapping[str, Amount] = attrs.field(converter=_read_only, hash=False)
    as_of: _dt.date = attrs.field(converter=to_date)
    _memo: _Memo = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_memo", _Memo())

    def _person(self, person_id: str) -> Decimal:
        return to_decimal(self.values.get(person_id, 0), what=f"value of {person_id!r}")


@attrs.frozen
class FromCustomers(_PerPerson):
    """Weights from a figure per customer: a person weighs what their customers add up to.

    Use it with each customer's prior-period sales (:func:`prior_actuals`) or estimated
    market potential (:func:`market_potential`). A unit weighs what the customers of
    everyone in it add up to.

    Args:
        org: The organization, for who owns which customer.
        values: A non-negative figure per customer id; customers left out count as zero.
            The driver keeps a read-only copy, so later changes to the caller's
            mapping do not reach it.
        as_of: The day whose ownership decides whose customers are whose.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> company = sample_company()
        >>> sales = {"C-D1-R1-C1-01": 500, "C-D1-R1-C1-02": 300}  # both owned by P-D1-R1-C1
        >>> driver = FromCustomers(company.org, sales, as_of=company.as_of)
        >>> driver.weights_for(["P-D1-R1-C1", "D1-R1", "D2"])
        {'P-D1-R1-C1': Decimal('800'), 'D1-R1': Decimal('800'), 'D2': Decimal('0')}
    """

    org: Organization = attrs.field(eq=False)
    values: Mapping[str, Amount] = attrs.field(converter=_read_only, hash=False)
    as_of: _dt.date = attrs.field(converter=to_date)
    _memo: _Memo = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_memo", _Memo())

    def _person(self, person_id: str) -> Decimal:
        self.org.person(person_id)  # an unknown id raises UnknownRecordError
        memo = self._memo
        if memo.owned is None:
            memo.owned = self._owned()
        return memo.owned.get(person_id, _ZERO)

    def _owned(self) -> dict[str, Decimal]:
        """What the customers of each owner on ``as_of`` add up to, in one pass.

        One pass over the territories rather than one query per person: a cascade asks
        about everyone, and this reads each territory record once.
        """
        day = self.as_of
        values = self.values
        figures: dict[str, list[Amount]] = {}
        for territory in self.org.territories:
            if territory.start <= day and (territory.end is None or day <= territory.end):
                figure = values.get(territory.customer_id)
                if figure is not None:
                    figures.setdefault(territory.person_id, []).append(figure)
        return {person_id: exact_sum(owned) for person_id, owned in figures.items()}


def prior_actuals(
    org: Organization, actuals: Mapping[str, Amount], *, as_of: _dt.date
) -> FromCustomers:
    """Allocate by last period's results: each customer's prior sales, owned on ``as_of``.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> company = sample_company()
        >>> driver = prior_actuals(company.org, company.prior_year_sales, as_of=company.as_of)
        >>> weights = driver.weights_for(["D1", "D2", "D3"])
        >>> sorted(weights, key=weights.get)[-1]
        'D3'
    """
    return FromCustomers(org, actuals, as_of=as_of)


def market_potential(
    org: Organization, potential: Mapping[str, Amount], *, as_of: _dt.date
) -> FromCustomers:
    """Allocate by opportunity: each customer's estimated potential, owned on ``as_of``.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> company = sample_company()
        >>> driver = market_potential(company.org, company.market_potential, as_of=company.as_of)
        >>> driver.weights_for(["D1", "D2", "D3"])
        {'D1': Decimal('362756380.44'), 'D2': Decimal('323803496.97'),
         'D3': Decimal('366343510.74')}
    """
    return FromCustomers(org, potential, as_of=as_of)


def _parts(value: object) -> tuple[tuple[Driver, Amount], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    parts = tuple((driver, share) for driver, share in items)  # type: ignore[attr-defined]
    shares = [to_decimal(share, what="blend weight") for _, share in parts]
    if any(s < 0 for s in shares) or not any(shares):
        raise AllocationError(
            "expected non-negative blend weights, at least one positive", record="blend"
        )
    return parts


@attrs.frozen
class Blend:
    """A weighted blend of drivers, each normalised within the group before blending.

    ``Blend([(prior, Decimal("0.7")), (potential, Decimal("0.3"))])`` gives each member
    70% of its share of last year's sales plus 30% of its share of the potential, so
    drivers on different scales mix fairly. The blend weights need not add up to one.

    Args:
        parts: ``(driver, blend weight)`` pairs (or a mapping from driver to weight);
            a driver may be any of :data:`Weights`.

    Raises:
        AllocationError: If a blend weight is negative or all are zero.

    Examples:
        >>> last_year = {"a": 300, "b": 100}
        >>> blend = Blend([(Even(), 1), (last_year, 1)])
        >>> {k: str(v) for k, v in blend.weights_for(["a", "b"]).items()}
        {'a': '1.25', 'b': '0.75'}
    """

    parts: tuple[tuple[Weights, Amount], ...] = attrs.field(converter=_parts)

    def weights_for(self, ids: Sequence[str]) -> Mapping[str, Amount]:
        """Σ blend weight x (member's weight / group's total weight), over the drivers."""
        total: dict[str, Fraction] = dict.fromkeys(ids, Fraction(0))
        for driver, share in self.parts:
            raw = {i: Fraction(w) for i, w in resolve_weights(driver, ids).items()}
            group = sum(raw.values(), Fraction(0))
            if not group:
                continue
            factor = Fraction(to_decimal(share)) / group
            for i in ids:
                total[i] += raw[i] * factor
        ctx = DECIMAL_CONTEXT
        return {
            i: ctx.divide(Decimal(f.numerator), Decimal(f.denominator)) for i, f in total.items()
        }


def resolve_weights(weights: Weights, ids: Sequence[str]) -> dict[str, Decimal]:
    """The weight of each id under a mapping, a callable or a driver, checked.

    Raises:
        AllocationError: Listing every id a mapping has no weight for, and any negative
            weight.
    """
    if isinstance(weights, Driver):
        raw = weights.weights_for(ids)
        values = {i: raw.get(i) for i in ids}
    elif isinstance(weights, Mapping):
        values = {i: weights.get(i) for i in ids}
    else:
        values = {i: weights(i) for i in ids}
    missing = [i for i, v in values.items() if v is None]
    if missing:
        listed = ", ".join(repr(i) for i in missing)
        raise AllocationError(
            f"expected a weight for every member; none for {listed}", record="weights"
        )
    result = {i: to_decimal(v, what=f"weight of {i!r}") for i, v in values.items()}
    negative = [i for i, v in result.items() if v < 0]
    if negative:
        listed = ", ".join(f"{i!r} ({result[i]})" for i in negative)
        raise AllocationError(f"expected non-negative weights; got {listed}", record="weights")
    return result
