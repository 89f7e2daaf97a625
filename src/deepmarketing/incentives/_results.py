"""What a statement is computed from: :class:`PayInputs`, the ledger view, and what-ifs.

Components read a person's results through the
:class:`~deepmarketing.incentives.Results` protocol. :func:`calculate` builds one from
:class:`PayInputs` (the credit ledger, targets, score, team figures, the organization and
work calendar for proration, the carried draw balance); :class:`WhatIf` is one made of
plain figures, for :func:`simulate` and for trying a component out.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pendulum

from deepmarketing.errors import PlanError
from deepmarketing.incentives._components import (
    Measure,
    OverdueSale,
    Proration,
    ProrationPart,
    Refund,
    TeamFigures,
)
from deepmarketing.incentives._crediting import Credit, CreditLedger, TransactionKind
from deepmarketing.incentives._exact import Exact
from deepmarketing.org import Organization
from deepmarketing.periods import Period, PeriodKind, WorkCalendar, to_date
from deepmarketing.quantities import DECIMAL_CONTEXT, exact_sum, to_decimal

__all__ = ["PayInputs", "WhatIf", "prorate_days"]

#: How many periods back a refund's sale is looked for (to claw back at its period's rate).
REFUND_LOOKBACK = 24


def _targets(value: Mapping[Any, Any]) -> Mapping[str, Decimal]:
    result: dict[str, Decimal] = {}
    for key, amount in value.items():
        name = key.value if isinstance(key, Measure) else str(key)
        result[name] = to_decimal(amount, what=f"target {name!r}")
    return result


def _optional_decimal(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, what="score")


def _balance(value: object) -> Decimal:
    amount = to_decimal(value, what="draw balance")
    if amount < 0:
        raise PlanError(f"expected a draw balance owed (>= 0), got {amount}", record="draw balance")
    return amount


@attrs.frozen
class PayInputs:
    """Everything :func:`calculate` reads about one person besides the plan.

    Args:
        person: The person's id.
        ledger: The :class:`CreditLedger` their credits are in (from :func:`credit`).
        targets: Targets by measure name (``{"sales": Decimal("1000000")}``), for the
            period paid, already prorated for a part-period (as
            :func:`deepmarketing.targets.prorate` does).
        score: Their scorecard score in points, or ``None`` if not scored.
        team: Team figures, for team pools; their ``sales``, when given, are the
            person's ``Measure.TEAM_SALES`` (else the ledger's roll-up credit).
        org: The organization, for proration by assignments; ``None`` pays the whole
            period.
        calendar: The work calendar proration counts working days on; ``None`` counts
            every day.
        draw_balance: The recoverable draw balance carried in (owed by the person): the
            ``draw_balance`` of the previous period's statement.

    Examples:
        >>> from deepmarketing.incentives import credit
        >>> from deepmarketing.samples import sample_company
        >>> inputs = PayInputs("P-1", credit([], sample_company().org), targets={"sales": 100})
        >>> inputs.targets
        {'sales': Decimal('100')}
    """

    person: str
    ledger: CreditLedger
    targets: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_targets, kw_only=True)
    score: Decimal | None = attrs.field(default=None, converter=_optional_decimal, kw_only=True)
    team: TeamFigures | None = attrs.field(default=None, kw_only=True)
    org: Organization | None = attrs.field(default=None, kw_only=True)
    calendar: WorkCalendar | None = attrs.field(default=None, kw_only=True)
    draw_balance: Decimal = attrs.field(default=Decimal(0), converter=_balance, kw_only=True)


def prorate_days(
    org: Organization | None,
    person: str,
    period: Period,
    *,
    calendar: WorkCalendar | None = None,
    start: _dt.date | None = None,
    end: _dt.date | None = None,
) -> Proration:
    """The working days of ``period`` the person held a position (and ``start..end``).

    Each assignment's days are counted on its own (a transfer is two assignments that
    together cover the period); the days outside every assignment -- before a join,
    after a departure -- and outside ``start..end`` (a plan's effective dates) are not
    paid. Without an organization the whole period is paid.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> org = sample_company().org
        >>> prorate_days(org, "P-D1-R1-C1", Period.parse("2026-07")).factor
        Fraction(1, 1)
        >>> july = Period.parse("2026-07")
        >>> p = prorate_days(
        ...     org, "P-D1-R1-C1", july, calendar=WorkCalendar(), start=pendulum.date(2026, 7, 15)
        ... )
        >>> p.explain()
        'prorated 13 of 23 working days (D1-R1 2026-07-15..2026-07-31: 13)'
    """
    if org is None:
        return Proration.full()
    first = period.start if start is None else max(period.start, to_date(start))
    last = period.end if end is None else min(period.end, to_date(end))
    spans: list[tuple[str, pendulum.Date, pendulum.Date]] = []
    for assignment in org.assignments_of(person):
        if assignment.start > last or (assignment.end is not None and assignment.end < first):
            continue
        lo = max(first, assignment.start)
        hi = last if assignment.end is None else min(last, assignment.end)
        if lo <= hi:
            spans.append((assignment.unit_id, lo, hi))
    if len(spans) == 1 and spans[0][1] == period.start and spans[0][2] == period.end:
        return Proration.full()

    def count(lo: pendulum.Date, hi: pendulum.Date) -> int:
        if calendar is None:
            return hi.toordinal() - lo.toordinal() + 1
        return sum(
            1
            for n in range(lo.toordinal(), hi.toordinal() + 1)
            if calendar.is_workday(pendulum.Date.fromordinal(n))
        )

    of = count(period.start, period.end)
    parts = tuple(ProrationPart(unit, lo, hi, count(lo, hi)) for unit, lo, hi in spans)
    worked = sum(p.days for p in parts)
    if of == 0:  # a period without working days: count calendar days instead
        of = period.days
        parts = tuple(
            ProrationPart(p.unit_id, p.first, p.last, p.last.toordinal() - p.first.toordinal() + 1)
            for p in parts
        )
        worked = sum(p.days for p in parts)
    return Proration(worked, of=of, parts=parts)


@functools.lru_cache(maxsize=4096)
def _month_pieces(first: pendulum.Date, last: pendulum.Date) -> tuple[Period, ...]:
    """``first..last`` cut into (clipped) months, so ledger queries can take them.

    Cached: a pure function of two dates, asked the same for every statement of a run.
    """
    pieces: list[Period] = []
    cursor = first
    while cursor <= last:
        month = Period.containing(cursor, PeriodKind.MONTH)
        end = min(month.end, last)
        pieces.append(Period(PeriodKind.MONTH, cursor, end=end))
        cursor = end.add(days=1)
    return tuple(pieces)


@functools.lru_cache(maxsize=4096)
def _period_of(day: pendulum.Date, kind: PeriodKind) -> Period:
    """The natural period of ``kind`` holding ``day`` (cached: pure, and asked often)."""
    return Period.containing(day, kind)


class LedgerResults:
    """One person's results for one period, read from the credit ledger (cached)."""

    __slots__ = ("_cache", "_inputs", "as_of", "period", "proration")

    def __init__(
        self, inputs: PayInputs, period: Period, as_of: pendulum.Date, proration: Proration
    ) -> None:
        self._inputs = inputs
        self.period = period
        self.as_of = as_of
        self.proration = proration
        self._cache: dict[Any, Any] = {}

    @property
    def person(self) -> str:
        """The person paid."""
        return self._inputs.person

    @property
    def team(self) -> TeamFigures | None:
        """The team figures given in the inputs."""
        return self._inputs.team

    def value(self, measure: Measure) -> Exact | None:
        """The measure's value in the period (cached)."""
        cache = self._cache
        if measure in cache:
            value: Exact | None = cache[measure]
            return value
        ledger, person, period = self._inputs.ledger, self._inputs.person, self.period
        if measure is Measure.SALES:
            value = ledger.total(person, period)
        elif measure is Measure.GROSS_SALES:
            value = DECIMAL_CONTEXT.subtract(
                ledger.total(person, period),
                ledger.total(person, period, kind=TransactionKind.REFUND),
            )
        elif measure is Measure.COLLECTION:
            value = ledger.total(person, period, kind=TransactionKind.COLLECTION)
        elif measure is Measure.COLLECTION_RATE:
            sales = self.value(Measure.SALES)
            collection = self.value(Measure.COLLECTION)
            assert sales is not None
            assert collection is not None
            value = Fraction(0) if sales <= 0 else Fraction(collection) / Fraction(sales)
        elif measure is Measure.NEW_CUSTOMERS:
            value = Decimal(len(ledger.new_customers(person, period)))
        elif measure is Measure.SCORE:
            value = self._inputs.score
        elif self._inputs.team is not None and self._inputs.team.sales is not None:
            value = self._inputs.team.sales  # the team figures given win over the ledger
        else:
            value = ledger.team_total(person, period)
        cache[measure] = value
        return value

    def target(self, measure: Measure) -> Decimal | None:
        """The target given for the measure."""
        if measure is Measure.TEAM_SALES and self._inputs.team is not None:
            team_target = self._inputs.team.target
            if team_target is not None:
                return team_target
        return self._inputs.targets.get(measure.value)

    def units(self, product: str) -> Decimal:
        """Net units of ``product`` credited directly in the period."""
        return self._inputs.ledger.units(self._inputs.person, self.period, product=product)

    def in_period(self, period: Period) -> LedgerResults:
        """The person's results for another period from the same inputs, as of the same day."""
        if period == self.period:
            return self
        inputs = self._inputs
        proration = prorate_days(inputs.org, inputs.person, period, calendar=inputs.calendar)
        return LedgerResults(inputs, period, self.as_of, proration)

    def _open_on(self, sale: Credit, deadline: pendulum.Date) -> Decimal:
        """What the person had not collected of their share of ``sale`` by ``deadline``.

        Their credit, less their refunds of the sale up to the deadline, less their
        share of the payment collected by the deadline.
        """
        ledger, person = self._inputs.ledger, self._inputs.person
        collected = ledger.collected(sale.sale, as_of=deadline)
        refunded = exact_sum(
            c.amount
            for c in ledger.refunds_of(sale.sale)
            if c.direct and c.person == person and c.date <= deadline
        )
        due = DECIMAL_CONTEXT.add(sale.amount, refunded)
        return DECIMAL_CONTEXT.subtract(due, DECIMAL_CONTEXT.multiply(collected, sale.share))

    def overdue(self, days: int) -> Sequence[OverdueSale]:
        """Direct sales due for collection in the period (by ``as_of``) and not collected.

        A sale is due ``days`` after its date; what the person has not collected of
        their share by then -- credit, less their refunds of the sale up to the
        deadline, less their share of the payment collected by the deadline -- is
        overdue.
        """
        ledger, person = self._inputs.ledger, self._inputs.person
        last_due = min(self.period.end, self.as_of)
        if last_due < self.period.start:
            return ()
        first = self.period.start.subtract(days=days)
        last = last_due.subtract(days=days)
        found: list[OverdueSale] = []
        for piece in _month_pieces(first, last):
            for sale in ledger.sale_credits(person, piece):
                deadline = sale.date.add(days=days)
                open_ = self._open_on(sale, deadline)
                if open_ > 0:
                    found.append(
                        OverdueSale(
                            sale.sale,
                            sale.date,
                            deadline,
                            sale.amount,
                            open_,
                            _period_of(sale.date, self.period.kind),
                        )
                    )
        return found

    def refunds(self, *, days: int | None = None) -> Sequence[Refund]:
        """The person's direct refunds in the period, each with its sale's period.

        The sale is looked for among the person's sales from the refund's period back
        :data:`REFUND_LOOKBACK` periods; a sale not found there is taken back at the
        refund's own period's rate.

        With ``days`` (a clawback of sales not collected within ``days``), a refund dated
        after its sale's deadline first cancels what was open on the deadline -- already
        taken back as uncollected -- less what earlier refunds after the deadline
        cancelled; that part is its ``already_clawed_back``.
        """
        ledger, person, period = self._inputs.ledger, self._inputs.person, self.period
        credits = ledger.for_person(person, period, kind=TransactionKind.REFUND)
        found: list[Refund] = []
        for refund in credits:
            home = _period_of(refund.date, period.kind)
            base = home
            probe = home
            sale: Credit | None = None
            for _ in range(REFUND_LOOKBACK):
                sale = next(
                    (c for c in ledger.sale_credits(person, probe) if c.sale == refund.sale), None
                )
                if sale is not None:
                    base = probe
                    break
                probe = probe.shift(-1)
            already = Decimal(0)
            if days is not None and sale is not None and refund.direct:
                already = self._already_clawed_back(sale, refund, days)
            found.append(
                Refund(
                    refund.transaction,
                    refund.sale,
                    refund.amount,
                    base,
                    already_clawed_back=already,
                )
            )
        return found

    def _already_clawed_back(self, sale: Credit, refund: Credit, days: int) -> Decimal:
        """The part of ``refund`` (<= 0) cancelling what was taken back as uncollected."""
        deadline = sale.date.add(days=days)
        if refund.date <= deadline:
            return Decimal(0)  # netted from the uncollected amount on the deadline
        open_ = self._open_on(sale, deadline)
        if open_ <= 0:
            return Decimal(0)
        person = self._inputs.person
        earlier = exact_sum(
            c.amount
            for c in self._inputs.ledger.refunds_of(sale.sale)
            if c.direct
            and c.person == person
            and c.date > deadline
            and (c.date, c.transaction) < (refund.date, refund.transaction)
        )
        left = max(DECIMAL_CONTEXT.add(open_, earlier), Decimal(0))
        return DECIMAL_CONTEXT.minus(min(left, DECIMAL_CONTEXT.minus(refund.amount)))


def _end_of_period(what_if: WhatIf) -> pendulum.Date:
    return what_if.period.end


def _units_map(value: Mapping[str, Any]) -> Mapping[str, Decimal]:
    return {str(k): to_decimal(v, what=f"units of {k!r}") for k, v in value.items()}


def _exact_or_none(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value)


@attrs.frozen
class WhatIf:
    """Results made of plain figures: for :func:`simulate` and trying components out.

    Every measure is given directly (``None`` for gross sales and collection means the
    same as net sales: no refunds, everything collected); team sales are the team
    figures' ``sales`` when given, else ``team_sales``. There are no overdue sales and
    no refunds. The period and date only appear in reasons.

    Examples:
        >>> from deepmarketing.incentives import Measure
        >>> what_if = WhatIf(sales=Decimal("800"), collection=Decimal("600"))
        >>> what_if.value(Measure.COLLECTION_RATE)
        Fraction(3, 4)
    """

    person: str = attrs.field(default="P", kw_only=True)
    period: Period = attrs.field(factory=lambda: Period.parse("2026-01"), kw_only=True)
    as_of: pendulum.Date = attrs.field(
        default=attrs.Factory(_end_of_period, takes_self=True), converter=to_date, kw_only=True
    )
    sales: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, kw_only=True)
    gross_sales: Decimal | None = attrs.field(default=None, converter=_exact_or_none, kw_only=True)
    collection: Decimal | None = attrs.field(default=None, converter=_exact_or_none, kw_only=True)
    new_customers: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, kw_only=True)
    score: Decimal | None = attrs.field(default=None, converter=_exact_or_none, kw_only=True)
    team_sales: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, kw_only=True)
    unit_counts: Mapping[str, Decimal] = attrs.field(
        factory=dict, converter=_units_map, kw_only=True, alias="units"
    )
    targets: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_targets, kw_only=True)
    team: TeamFigures | None = attrs.field(default=None, kw_only=True)
    proration: Proration = attrs.field(factory=Proration.full, kw_only=True)

    def value(self, measure: Measure) -> Exact | None:
        """The figure given for ``measure``."""
        if measure is Measure.SALES:
            return self.sales
        if measure is Measure.GROSS_SALES:
            return self.sales if self.gross_sales is None else self.gross_sales
        if measure is Measure.COLLECTION:
            return self.sales if self.collection is None else self.collection
        if measure is Measure.COLLECTION_RATE:
            collection = self.sales if self.collection is None else self.collection
            return Fraction(0) if self.sales <= 0 else Fraction(collection) / Fraction(self.sales)
        if measure is Measure.NEW_CUSTOMERS:
            return self.new_customers
        if measure is Measure.SCORE:
            return self.score
        if self.team is not None and self.team.sales is not None:
            return self.team.sales
        return self.team_sales

    def target(self, measure: Measure) -> Decimal | None:
        """The target given for ``measure``."""
        if measure is Measure.TEAM_SALES and self.team is not None and self.team.target:
            return self.team.target
        return self.targets.get(measure.value)

    def units(self, product: str) -> Decimal:
        """The units given for ``product`` (0 if none)."""
        return self.unit_counts.get(product, Decimal(0))

    def in_period(self, period: Period) -> WhatIf:
        """The same figures (every period looks the same in a what-if)."""
        return self if period == self.period else attrs.evolve(self, period=period)

    def overdue(self, days: int) -> Sequence[OverdueSale]:
        """No overdue sales in a what-if."""
        return ()

    def refunds(self, *, days: int | None = None) -> Sequence[Refund]:
        """No refunds in a what-if."""
        return ()
