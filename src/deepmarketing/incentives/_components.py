"""Plan components: what a person is paid for, each explaining every line it adds.

A plan is made of components (:class:`Component` is the protocol; write your own the same
way). Each one reads the person's results for the period through the :class:`Results`
protocol -- credited sales, collection, new customers, units, scorecard score, team
figures -- and returns statement :class:`Line` objects, already rounded, in the order of
the explanation chain: the pay line (credit -> attainment -> tier -> rate), then a cap or
floor line, then a gate line. Caps, floors and gates are separate lines with their own
reason, so the lines of a component always add up to what it pays.

Rounding: the pay line is computed exactly and rounded once to the plan's quantum with
:data:`~deepmarketing.incentives._exact.PAY_ROUNDING` (half away from zero); cap, floor
and gate lines are differences of amounts that are already whole quanta (caps and floors
must be whole quanta), so they need no rounding of their own.

Built in:

* :class:`Commission` -- a rate table on credited sales (net or gross of refunds) or on
  collected payment;
* :class:`AttainmentBonus` -- a target payout times a pay curve of attainment, with
  accelerators above 100% and decelerators below;
* :class:`WeightedBonus` -- several measures (sales, collection, new customers, score)
  with weights adding up to exactly 100%;
* :class:`Spif` -- so much per new customer developed, or per unit of a product;
* :class:`TeamPool` -- a team pool split exactly among members by score or target share;
* :class:`ManagerOverride` -- a rate table on the team's credited results;
* :class:`Clawback` -- commission back on sales not collected within N days, and on
  refunds, at the average rate the commission paid in the sale's period.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

import attrs
import pendulum

from deepmarketing.errors import PlanError
from deepmarketing.incentives._exact import (
    Exact,
    money,
    number,
    percent,
    round_pay,
    to_fraction,
)
from deepmarketing.incentives._rates import RateTable
from deepmarketing.periods import Period
from deepmarketing.quantities import DECIMAL_CONTEXT, Metric, exact_sum, is_multiple, to_decimal
from deepmarketing.targets import apportion

__all__ = [
    "PAY_CNY",
    "AttainmentBonus",
    "Clawback",
    "Commission",
    "Component",
    "Gate",
    "Line",
    "ManagerOverride",
    "Measure",
    "OverdueSale",
    "Proration",
    "ProrationPart",
    "Refund",
    "Results",
    "Spif",
    "SpifBasis",
    "SplitBy",
    "Step",
    "TeamFigures",
    "TeamPool",
    "WeightedBonus",
    "WeightedMeasure",
    "split_pool",
]

#: Pay in yuan, to the fen: the default currency and quantum of a plan.
PAY_CNY = Metric("pay", "CNY", Decimal("0.01"))

_ONE = Fraction(1)
_HUNDRED = Fraction(100)


class Measure(enum.Enum):
    """A result a component pays on, gates on, or measures attainment of.

    Each is the person's own (direct) credit for the period unless it says otherwise:

    * ``SALES`` -- credited sales net of refunds (a refund counts in its own period);
    * ``GROSS_SALES`` -- credited sales before refunds;
    * ``COLLECTION`` -- credited payment collected (货款回收);
    * ``COLLECTION_RATE`` -- collection / net sales of the period (0 when sales are 0);
    * ``NEW_CUSTOMERS`` -- customers developed (first sale) in the period;
    * ``SCORE`` -- the scorecard score in points (given, not computed here);
    * ``TEAM_SALES`` -- the team's sales: :attr:`TeamFigures.sales` when the person's
      team figures give them (a team pool's team, whoever is paid), else the credited
      sales rolled up to the person from the team they manage (a manager's ledger
      total; 0 for a consultant). Its target is :attr:`TeamFigures.target` when given.

    Targets are looked up by the measure's value (``targets["sales"]``).

    Examples:
        >>> Measure("collection_rate").label, Measure.COLLECTION_RATE.show(Decimal("0.8"))
        ('collection rate', '80%')
        >>> Measure.SALES.show(Decimal("1230000"))
        '1,230,000.00'
    """

    SALES = "sales"
    GROSS_SALES = "gross_sales"
    COLLECTION = "collection"
    COLLECTION_RATE = "collection_rate"
    NEW_CUSTOMERS = "new_customers"
    SCORE = "score"
    TEAM_SALES = "team_sales"

    @property
    def label(self) -> str:
        """The measure in words, as reasons show it (``'net sales'``)."""
        return _LABELS[self]

    def show(self, value: Exact | int) -> str:
        """A value of this measure as reasons show it."""
        if self is Measure.COLLECTION_RATE:
            return percent(value)
        if self in (Measure.NEW_CUSTOMERS, Measure.SCORE):
            return number(value) if to_fraction(value).denominator == 1 else number(value, places=2)
        return money(value)


_LABELS = {
    Measure.SALES: "net sales",
    Measure.GROSS_SALES: "gross sales",
    Measure.COLLECTION: "collection",
    Measure.COLLECTION_RATE: "collection rate",
    Measure.NEW_CUSTOMERS: "new customers",
    Measure.SCORE: "score",
    Measure.TEAM_SALES: "team sales",
}


def _to_measure(value: object) -> Measure:
    try:
        return Measure(value)
    except ValueError:
        expected = ", ".join(m.value for m in Measure)
        raise PlanError(
            f"expected a measure ({expected}), got {value!r}", record="measure"
        ) from None


class Step(enum.Enum):
    """Where a line sits in the explanation chain of a statement.

    Examples:
        >>> [step.value for step in Step][:4]
        ['pay', 'cap', 'floor', 'gate']
    """

    PAY = "pay"
    CAP = "cap"
    FLOOR = "floor"
    GATE = "gate"
    CLAWBACK = "clawback"
    DRAW = "draw"
    RECOVERY = "recovery"
    ADJUSTMENT = "adjustment"


def _nn_spif_amount(value: object) -> Decimal:
    return _non_negative("SPIF amount")(value)


def _nn_measure_weight(value: object) -> Decimal:
    return _non_negative("measure weight")(value)


def _nn_target_payout(value: object) -> Decimal:
    return _non_negative("target payout")(value)


def _opt_cap(value: object) -> Decimal | None:
    return _optional_amount("cap")(value)


def _opt_floor(value: object) -> Decimal | None:
    return _optional_amount("floor")(value)


def _opt_pool_amount(value: object) -> Decimal | None:
    return _optional_amount("pool amount")(value)


def _opt_pool_rate(value: object) -> Decimal | None:
    return _optional_amount("pool rate")(value)


def _line_amount(value: object) -> Decimal:
    return to_decimal(value, what="line amount")


def _line_base(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, what="line base")


def _team_sales(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, what="team sales")


def _team_target(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, what="team target")


def _gate_minimum(value: object) -> Decimal:
    return to_decimal(value, what="gate minimum")


@attrs.frozen
class Line:
    """One line of a statement: what was paid (or taken back) for what, and why.

    Args:
        component: The component (or plan step) the line belongs to.
        step: Its place in the chain: pay, cap, floor, gate, clawback, draw, ...
        amount: The amount, a whole number of the plan's quantum (negative takes back).
        reason: The plain-language explanation, with the numbers behind the amount.
        base: What the amount was computed on (credited sales, attainment, a count).
        rate: The tier or rate applied, in words (``'2% / 3% (marginal)'``).
        key: Tells apart several lines of one component and step (a sale id, a measure).

    Examples:
        >>> line = Line("commission", Step.PAY, Decimal("6900.00"), "net sales ...")
        >>> line.ident
        ('commission', 'pay', '')
    """

    component: str
    step: Step
    amount: Decimal = attrs.field(converter=_line_amount)
    reason: str
    base: Decimal | None = attrs.field(default=None, converter=_line_base, kw_only=True)
    rate: str = attrs.field(default="", kw_only=True)
    key: str = attrs.field(default="", kw_only=True)

    @property
    def ident(self) -> tuple[str, str, str]:
        """What identifies the line across recalculations: component, step and key."""
        return (self.component, self.step.value, self.key)


@attrs.frozen
class ProrationPart:
    """The working days one assignment covers of a period (and of the plan's dates).

    Examples:
        >>> part = ProrationPart(
        ...     "D1-R1", pendulum.date(2026, 7, 15), pendulum.date(2026, 7, 31), 13
        ... )
        >>> Proration(13, of=23, parts=(part,)).explain()
        'prorated 13 of 23 working days (D1-R1 2026-07-15..2026-07-31: 13)'
    """

    unit_id: str
    first: pendulum.Date
    last: pendulum.Date
    days: int


@attrs.frozen
class Proration:
    """How much of the period a person was paid for: working days, per assignment.

    Args:
        days: Working days covered by the person's assignments (and the plan's dates).
        of: Working days of the whole period.
        parts: The covered days of each assignment, in date order.

    Examples:
        >>> Proration(15, of=22).factor
        Fraction(15, 22)
        >>> Proration.full().explain()
        ''
    """

    days: int
    of: int = attrs.field(kw_only=True)
    parts: tuple[ProrationPart, ...] = attrs.field(default=(), kw_only=True)

    @classmethod
    def full(cls) -> Proration:
        """No proration: the whole period."""
        return cls(1, of=1)

    @property
    def factor(self) -> Fraction:
        """The share of the period worked, exactly."""
        return Fraction(self.days, self.of) if self.of else _ONE

    def explain(self) -> str:
        """``'prorated 15 of 22 working days (R1 2026-07-15..2026-07-31: 15)'``, or ``''``."""
        if self.factor == 1 and len(self.parts) <= 1:
            return ""
        held = ", ".join(f"{p.unit_id} {p.first}..{p.last}: {p.days}" for p in self.parts)
        text = f"prorated {self.days} of {self.of} working days"
        return f"{text} ({held})" if held else text


@attrs.frozen
class OverdueSale:
    """A credited sale whose collection deadline falls in the period, not fully collected.

    Attributes:
        sale: The sale's id.
        date: The sale's date.
        deadline: The last day collection was due (sale date + N days).
        credited: The person's credited amount of the sale.
        uncollected: The person's share of what was not collected by the deadline.
        base_period: The period the sale's commission was paid in.

    Examples:
        >>> overdue = OverdueSale(
        ...     "S-1",
        ...     pendulum.date(2026, 7, 3),
        ...     pendulum.date(2026, 9, 1),
        ...     Decimal("800000.00"),
        ...     Decimal("200000.00"),
        ...     Period.parse("2026-07"),
        ... )
        >>> str(overdue.base_period), overdue.uncollected
        ('2026-07', Decimal('200000.00'))
    """

    sale: str
    date: pendulum.Date
    deadline: pendulum.Date
    credited: Decimal
    uncollected: Decimal
    base_period: Period


@attrs.frozen
class Refund:
    """A refund credited to the person in the period, and the sale it takes back.

    Attributes:
        transaction: The refund's id.
        sale: The id of the sale refunded.
        amount: The person's credited refund, negative.
        base_period: The period the sale's commission was paid in.
        already_clawed_back: The part of ``amount`` (negative, or 0) whose commission was
            already taken back because the sale was not collected by its deadline: a
            refund after the deadline first cancels what was then uncollected.

    Examples:
        >>> refund = Refund("R-1", "S-1", Decimal("-800.00"), Period.parse("2026-07"))
        >>> refund.to_claw_back
        Decimal('-800.00')
        >>> attrs.evolve(refund, already_clawed_back=Decimal("-500.00")).to_claw_back
        Decimal('-300.00')
    """

    transaction: str
    sale: str
    amount: Decimal
    base_period: Period
    already_clawed_back: Decimal = attrs.field(default=Decimal(0), kw_only=True)

    @property
    def to_claw_back(self) -> Decimal:
        """The part of the refund whose commission is still to be taken back (<= 0)."""
        return DECIMAL_CONTEXT.subtract(self.amount, self.already_clawed_back)


def _read_only(value: Mapping[str, Any]) -> Mapping[str, Decimal]:
    return {str(k): to_decimal(v, what=f"team figure of {k!r}") for k, v in value.items()}


@attrs.frozen
class TeamFigures:
    """What a team pool needs to know about the team: members' weights and results.

    Args:
        scores: Each member's score (points), the weight of a split by score.
        targets: Each member's target, the weight of a split by target share.
        sales: The team's credited sales (the base of a pool paid as a rate, and the
            value of ``Measure.TEAM_SALES`` for every member), or ``None`` if not given
            (``TEAM_SALES`` is then the manager's roll-up credit in the ledger).
        target: The team's target (for a gate on team attainment).

    Examples:
        >>> team = TeamFigures(scores={"P-1": 90, "P-2": 60}, sales=Decimal("500000"))
        >>> sorted(team.members)
        ['P-1', 'P-2']
    """

    scores: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_read_only, kw_only=True)
    targets: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_read_only, kw_only=True)
    sales: Decimal | None = attrs.field(default=None, converter=_team_sales, kw_only=True)
    target: Decimal | None = attrs.field(default=None, converter=_team_target, kw_only=True)

    @property
    def members(self) -> frozenset[str]:
        """Everyone with a score or a target."""
        return frozenset(self.scores) | frozenset(self.targets)


@runtime_checkable
class Results(Protocol):
    """What components read: one person's results for one period, as of a date.

    :func:`~deepmarketing.incentives.calculate` gives components a view of the credit
    ledger; :func:`~deepmarketing.incentives.simulate` one made of what-if figures.

    Examples:
        >>> from deepmarketing.incentives import WhatIf
        >>> results = WhatIf(sales=Decimal("500"), targets={"sales": 1000})
        >>> (
        ...     isinstance(results, Results),
        ...     results.value(Measure.SALES),
        ...     attainment(results, Measure.SALES),
        ... )
        (True, Decimal('500'), Fraction(1, 2))
    """

    @property
    def person(self) -> str:
        """The person paid."""
        ...

    @property
    def period(self) -> Period:
        """The period paid for."""
        ...

    @property
    def as_of(self) -> pendulum.Date:
        """The day the statement is computed (collections after it are not known)."""
        ...

    @property
    def proration(self) -> Proration:
        """The share of the period the person was paid for."""
        ...

    @property
    def team(self) -> TeamFigures | None:
        """The team figures, for team pools."""
        ...

    def value(self, measure: Measure) -> Exact | None:
        """The measure's value (``None`` when not known, e.g. no score)."""
        ...

    def target(self, measure: Measure) -> Decimal | None:
        """The person's target for the measure, or ``None`` if there is none."""
        ...

    def units(self, product: str) -> Decimal:
        """Units of ``product`` credited in the period, net of returns."""
        ...

    def in_period(self, period: Period) -> Results:
        """The same person's results for another period, as of the same day.

        A :class:`Clawback` reads the period a clawed-back sale was paid in through it,
        to find what the commission actually paid there.
        """
        ...

    def overdue(self, days: int) -> Sequence[OverdueSale]:
        """Sales whose collection was due (sale date + ``days``) in the period and not met."""
        ...

    def refunds(self, *, days: int | None = None) -> Sequence[Refund]:
        """The refunds credited in the period.

        Args:
            days: The days a clawback allows to collect a sale, or ``None``. With
                ``days``, each refund says how much of it was already taken back as
                uncollected (:attr:`Refund.already_clawed_back`).
        """
        ...


@runtime_checkable
class Component(Protocol):
    """A part of a plan: it reads results and returns rounded statement lines.

    A component's lines must be whole multiples of ``pay.quantum`` and carry its
    ``name``; :func:`~deepmarketing.incentives.calculate` checks both.

    Examples:
        >>> from deepmarketing.incentives import WhatIf
        >>> @attrs.frozen
        ... class Fixed:
        ...     name: str
        ...
        ...     def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        ...         return (Line(self.name, Step.PAY, Decimal("100.00"), "a fixed allowance"),)
        >>> isinstance(Fixed("allowance"), Component)
        True
        >>> Fixed("allowance").pay(WhatIf(), pay=PAY_CNY)[0].amount
        Decimal('100.00')
    """

    @property
    def name(self) -> str:
        """The component's name, unique within its plan."""
        ...

    def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        """The lines this component adds for ``results``, in the plan's currency ``pay``."""
        ...


# -- validators ---------------------------------------------------------------------------


def _name(instance: Any, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise PlanError(f"expected a non-empty name, got {value!r}", record="component")


def _record(instance: Any) -> str:
    return f"component {instance.name!r}"


def _optional_amount(what: str) -> Callable[[object], Decimal | None]:
    def convert(value: object) -> Decimal | None:
        if value is None:
            return None
        amount = to_decimal(value, what=what)
        if amount < 0:
            raise PlanError(f"expected a non-negative amount, got {amount}", record=what)
        return amount

    return convert


def _non_negative(what: str) -> Callable[[object], Decimal]:
    def convert(value: object) -> Decimal:
        amount = to_decimal(value, what=what)
        if amount < 0:
            raise PlanError(f"expected a non-negative amount, got {amount}", record=what)
        return amount

    return convert


def _cap_over_floor(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    cap, floor = instance.cap, instance.floor
    if cap is not None and floor is not None and floor > cap:
        raise PlanError(
            f"expected the floor {money(floor)} not to exceed the cap {money(cap)}",
            record=_record(instance),
        )


def _to_gates(values: Iterable[Gate]) -> tuple[Gate, ...]:
    gates = tuple(values)
    for gate in gates:
        if not isinstance(gate, Gate):
            raise PlanError(f"expected Gate objects, got {type(gate).__name__}", record="gates")
    return gates


def _to_table(value: object) -> RateTable:
    if not isinstance(value, RateTable):
        raise PlanError(
            f"expected a RateTable, got {type(value).__name__} {value!r}", record="rate table"
        )
    return value


# -- gates, caps and floors -----------------------------------------------------------------


@attrs.frozen
class Gate:
    """A threshold a measure must reach, or nothing is paid (e.g. collection rate >= 80%).

    Args:
        measure: The :class:`Measure` checked.
        minimum: The least value that passes (a ratio for ``COLLECTION_RATE`` and for
            ``of_target``, ``Decimal("0.8")`` is 80%).
        of_target: Check the attainment of the measure (value / target) instead of the value.

    Examples:
        >>> str(Gate(Measure.COLLECTION_RATE, Decimal("0.8")))
        'collection rate >= 80%'
        >>> str(Gate(Measure.SALES, Decimal("0.5"), of_target=True))
        'net sales attainment >= 50%'
    """

    measure: Measure = attrs.field(converter=_to_measure)
    minimum: Decimal = attrs.field(converter=_gate_minimum)
    of_target: bool = attrs.field(default=False, kw_only=True)

    def __str__(self) -> str:
        if self.of_target:
            return f"{self.measure.label} attainment >= {percent(self.minimum)}"
        return f"{self.measure.label} >= {self.measure.show(self.minimum)}"

    def check(self, results: Results) -> tuple[bool, str]:
        """Whether ``results`` pass, and the figures that decided it, in words.

        Raises:
            PlanError: If the gate is on attainment and the person has no target.
        """
        if self.of_target:
            ratio = attainment(results, self.measure)
            return ratio >= self.minimum, f"{self.measure.label} attainment {percent(ratio)}"
        value = results.value(self.measure)
        if value is None:
            return False, f"{self.measure.label} not known"
        return value >= self.minimum, f"{self.measure.label} {self.measure.show(value)}"


def attainment(results: Results, measure: Measure) -> Fraction:
    """``value / target`` of ``measure``, exactly (a score without target is out of 100).

    Raises:
        PlanError: If the person has no positive target for the measure, or no value.
    """
    value = results.value(measure)
    target = results.target(measure)
    record = f"person {results.person!r}"
    if value is None:
        raise PlanError(f"no {measure.label} known for {results.period}", record=record)
    if target is None and measure is Measure.SCORE:
        return to_fraction(value) / _HUNDRED
    if target is None or target <= 0:
        raise PlanError(
            f"expected a positive target for {measure.value!r} in {results.period}, got {target}",
            record=record,
        )
    return to_fraction(value) / to_fraction(target)


def _finish(
    component: Any,
    lines: list[Line],
    results: Results,
    pay: Metric,
) -> tuple[Line, ...]:
    """Add the cap or floor line, then the gate line, so the lines explain the payout."""
    name = component.name
    paid = exact_sum(line.amount for line in lines)
    cap: Decimal | None = getattr(component, "cap", None)
    floor: Decimal | None = getattr(component, "floor", None)
    if cap is not None and paid > cap:
        lines.append(
            Line(name, Step.CAP, _sub(cap, paid), f"capped at {money(cap)}: {money(paid)} earned")
        )
        paid = cap
    elif floor is not None and paid < floor:
        lines.append(
            Line(
                name,
                Step.FLOOR,
                _sub(floor, paid),
                f"floor of {money(floor)}: {money(paid)} earned",
            )
        )
        paid = floor
    for gate in component.gates:
        passed, figures = gate.check(results)
        if not passed:
            if not paid:
                break  # nothing to withhold: no "0.00 not paid" line
            lines.append(
                Line(
                    name,
                    Step.GATE,
                    DECIMAL_CONTEXT.minus(paid),
                    f"gate not met: {figures}, {gate} required; {money(paid)} not paid",
                )
            )
            break
    return tuple(lines)


def _sub(a: Decimal, b: Decimal) -> Decimal:
    return DECIMAL_CONTEXT.subtract(a, b)


def _check_quantum(instance: Any, what: str, value: Decimal | None, pay: Metric) -> None:
    if value is not None and not is_multiple(value, pay.quantum):
        raise PlanError(
            f"expected the {what} to be a multiple of {pay.quantum} {pay.unit}, got {value}",
            record=_record(instance),
        )


def _rate_text(table: RateTable) -> str:
    return table.rates


def _base_decimal(value: Exact) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if value.denominator == 1:
        return Decimal(value.numerator)
    return round_pay(value, Decimal("0.000001"))


# -- commission ----------------------------------------------------------------------------

_COMMISSION_BASES = (Measure.SALES, Measure.GROSS_SALES, Measure.COLLECTION)


def _commission_base(instance: Any, attribute: attrs.Attribute[Measure], value: Measure) -> None:
    if value not in _COMMISSION_BASES:
        expected = ", ".join(m.value for m in _COMMISSION_BASES)
        raise PlanError(
            f"expected a commission base among {expected}, got {value.value!r}",
            record=_record(instance),
        )


@attrs.frozen
class Commission:
    """A rate table on the person's credited sales or collected payment.

    Args:
        name: The component's name on statements.
        table: The :class:`~deepmarketing.incentives.RateTable` paid on the base.
        base: ``Measure.SALES`` (net of refunds: a refund reduces the base of its own
            period), ``Measure.GROSS_SALES`` (refunds left to a :class:`Clawback`), or
            ``Measure.COLLECTION`` (commission on payment collected).
        cap: The most this component pays in a period (a whole number of quanta).
        floor: The least it pays when its gates pass.
        gates: Thresholds that must all be met, or the component pays nothing.

    Raises:
        PlanError: For another base, a negative cap or floor, or a floor above the cap.

    Examples:
        >>> from deepmarketing.incentives import RateTable, Tier
        >>> table = RateTable(
        ...     (Tier(0, 1_000_000, Decimal("0.02")), Tier(1_000_000, None, Decimal("0.03"))),
        ...     mode="marginal",
        ... )
        >>> commission = Commission("commission", table, cap=Decimal("25000"))
        >>> from deepmarketing.incentives import WhatIf
        >>> for line in commission.pay(WhatIf(sales=Decimal("1230000")), pay=PAY_CNY):
        ...     print(line.step.value, line.amount, "|", line.reason)
        pay 26900.00 | net sales 1,230,000.00 CNY: 0-1,000,000 at 2% = 20,000.00;
            1,000,000-1,230,000 at 3% = 6,900.00 (marginal)
        cap -1900.00 | capped at 25,000.00: 26,900.00 earned
    """

    name: str = attrs.field(validator=_name)
    table: RateTable = attrs.field(converter=_to_table)
    base: Measure = attrs.field(
        default=Measure.SALES, converter=_to_measure, validator=_commission_base, kw_only=True
    )
    cap: Decimal | None = attrs.field(default=None, converter=_opt_cap, kw_only=True)
    floor: Decimal | None = attrs.field(
        default=None, converter=_opt_floor, validator=_cap_over_floor, kw_only=True
    )
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=_to_gates, kw_only=True)

    def earned(self, base: Exact) -> Exact:
        """The exact commission on ``base`` before cap, floor and gates."""
        return self.table.payout(base)

    def paid_rate(self, results: Results, *, pay: Metric) -> tuple[Fraction, Decimal, Exact]:
        """The effective rate the commission paid on ``results``, with what it paid and on.

        The effective rate is what the commission's lines pay together -- after its cap,
        floor and gates, as rounded on the statement -- divided by the period's base. It
        is never negative, and 0 when the base or the pay is 0 or below: a clawback at
        this rate takes back at most what the commission paid.

        Returns:
            ``(rate, paid, base)``.

        Examples:
            >>> from deepmarketing.incentives import RateTable, WhatIf
            >>> capped = Commission("c", RateTable.flat(Decimal("0.05")), cap=Decimal("300"))
            >>> capped.paid_rate(WhatIf(sales=Decimal("10000")), pay=PAY_CNY)
            (Fraction(3, 100), Decimal('300.00'), Decimal('10000'))
        """
        paid = exact_sum(line.amount for line in self.pay(results, pay=pay))
        value = results.value(self.base)
        base: Exact = Decimal(0) if value is None else value
        if base == 0 or paid <= 0:
            return Fraction(0), paid, base
        return max(to_fraction(paid) / to_fraction(base), Fraction(0)), paid, base

    def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        """The commission line, then cap, floor and gate lines where they apply."""
        _check_quantum(self, "cap", self.cap, pay)
        _check_quantum(self, "floor", self.floor, pay)
        value = results.value(self.base)
        base = Decimal(0) if value is None else value
        earned, words = self.table.explained(base)
        amount = round_pay(earned, pay.quantum)
        reason = f"{self.base.label} {money(base)} {pay.unit}: {words}"
        line = Line(
            self.name,
            Step.PAY,
            amount,
            reason,
            base=_base_decimal(base),
            rate=_rate_text(self.table),
        )
        return _finish(self, [line], results, pay)


# -- bonuses -------------------------------------------------------------------------------


@attrs.frozen
class WeightedMeasure:
    """One measure of a bonus: its weight and the pay curve of its attainment.

    Args:
        measure: What is measured (``Measure.SALES``, ``COLLECTION``, ``NEW_CUSTOMERS``,
            ``SCORE``, ...); attainment is value / target (a score without a target is
            out of 100 points).
        weight: The measure's share of the target payout, e.g. ``Decimal("0.6")``.
        curve: A :class:`RateTable` on attainment (1 = 100%) giving the share of the
            weighted target payout: in MARGINAL mode its rates are the slopes of the
            pay curve (above 1 an accelerator, below 1 a decelerator).

    Examples:
        >>> from deepmarketing.incentives import RateTable
        >>> item = WeightedMeasure("collection", Decimal("0.3"), RateTable.flat(1))
        >>> item.measure, item.weight
        (<Measure.COLLECTION: 'collection'>, Decimal('0.3'))
    """

    measure: Measure = attrs.field(converter=_to_measure)
    weight: Decimal = attrs.field(converter=_nn_measure_weight)
    curve: RateTable = attrs.field(converter=_to_table)


def _standard_curve() -> RateTable:
    return RateTable.flat(1)


def _weights_add_up(
    instance: WeightedBonus, attribute: attrs.Attribute[Any], value: tuple[WeightedMeasure, ...]
) -> None:
    if not value:
        raise PlanError("expected at least one measure", record=_record(instance))
    total = exact_sum(m.weight for m in value)
    if total != 1:
        listed = ", ".join(f"{m.measure.value} {percent(m.weight)}" for m in value)
        raise PlanError(
            f"expected weights adding up to exactly 100%, got {percent(total)} ({listed})",
            record=_record(instance),
        )
    seen: set[Measure] = set()
    for item in value:
        if item.measure in seen:
            raise PlanError(
                f"measure {item.measure.value!r} appears twice", record=_record(instance)
            )
        seen.add(item.measure)


def _to_measures(values: Iterable[WeightedMeasure]) -> tuple[WeightedMeasure, ...]:
    items = tuple(values)
    for item in items:
        if not isinstance(item, WeightedMeasure):
            raise PlanError(
                f"expected WeightedMeasure objects, got {type(item).__name__}", record="measures"
            )
    return items


def _bonus_lines(
    component: Any, results: Results, pay: Metric, measures: Sequence[WeightedMeasure]
) -> list[Line]:
    proration = results.proration
    target_pay = to_fraction(component.target_pay) * proration.factor
    prorated = proration.explain()
    lines = []
    for item in measures:
        ratio = attainment(results, item.measure)
        if ratio < 0:  # a bonus is never negative: no mirror image below zero attainment
            share: Exact = Fraction(0)
            words = "attainment below 0 pays nothing"
        else:
            share, words = item.curve.explained(ratio)
        exact = target_pay * to_fraction(item.weight) * to_fraction(share)
        value = results.value(item.measure)
        target = results.target(item.measure)
        shown_target = item.measure.show(target) if target is not None else "100 points"
        weight = "" if item.weight == 1 else f" x weight {percent(item.weight)}"
        reason = (
            f"{item.measure.label} {item.measure.show(value or 0)} of {shown_target}"
            f" = attainment {percent(ratio)}; curve {words}"
            f" -> {percent(share)} of target payout {money(component.target_pay)}{weight}"
        )
        if prorated:
            reason += f"; {prorated}"
        lines.append(
            Line(
                component.name,
                Step.PAY,
                round_pay(exact, pay.quantum),
                f"{reason} = {money(exact)}",
                base=_base_decimal(ratio),
                rate=f"{percent(share)} ({item.curve.mode.value})",
                key="" if len(measures) == 1 else item.measure.value,
            )
        )
    return lines


@attrs.frozen
class AttainmentBonus:
    """A target payout times a pay curve of attainment of one measure.

    The bonus is ``target_pay x proration x curve(actual / target)``. Below 100%
    attainment a curve rate under 1 is a decelerator, above 100% a rate over 1 an
    accelerator; a zero band at the bottom is a threshold. A person who joins, leaves or
    transfers mid-period has ``target_pay`` prorated by the working days of their
    assignments (see :class:`Proration`); their target is expected prorated already (as
    :func:`deepmarketing.targets.prorate` does).

    A bonus is never negative: an attainment below 0 (refunds exceeding sales) pays 0.
    The mirror rule of a :class:`RateTable` (``P(-x) = -P(x)``) is for commission on a
    negative base, never for a pay curve.

    Args:
        name: The component's name.
        target_pay: The payout at 100% on the curve, for a full period.
        curve: A :class:`RateTable` on attainment (1 = 100%), usually MARGINAL.
        measure: The measure whose attainment is paid (default ``Measure.SALES``).
        cap: The most the bonus pays; floor: the least when its gates pass.
        gates: Thresholds that must all be met.

    Examples:
        >>> from deepmarketing.incentives import RateTable, Tier, WhatIf
        >>> curve = RateTable(
        ...     (
        ...         Tier(0, Decimal("0.5"), 0),  # threshold: nothing below 50%
        ...         Tier(Decimal("0.5"), 1, 2),  # decelerated: 0% at 50% up to 100% at 100%
        ...         Tier(1, Decimal("1.5"), 3),  # accelerated: 3 points per point above 100%
        ...         Tier(Decimal("1.5"), None, 0),  # flat above 150%: 250% at most
        ...     ),
        ...     mode="marginal",
        ... )
        >>> bonus = AttainmentBonus("bonus", target_pay=Decimal("10000"), curve=curve)
        >>> results = WhatIf(sales=Decimal("1200000"), targets={"sales": 1_000_000})
        >>> [line] = bonus.pay(results, pay=PAY_CNY)
        >>> line.amount
        Decimal('16000.00')
        >>> print(line.reason)
        net sales 1,200,000.00 of 1,000,000.00 = attainment 120%; curve 0-0.5 at 0% = 0.00;
            0.5-1 at 200% = 1.00; 1-1.2 at 300% = 0.60 (marginal) -> 160% of target payout
            10,000.00 = 16,000.00
    """

    name: str = attrs.field(validator=_name)
    target_pay: Decimal = attrs.field(converter=_nn_target_payout, kw_only=True)
    curve: RateTable = attrs.field(converter=_to_table, kw_only=True)
    measure: Measure = attrs.field(default=Measure.SALES, converter=_to_measure, kw_only=True)
    cap: Decimal | None = attrs.field(default=None, converter=_opt_cap, kw_only=True)
    floor: Decimal | None = attrs.field(
        default=None, converter=_opt_floor, validator=_cap_over_floor, kw_only=True
    )
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=_to_gates, kw_only=True)

    def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        """The bonus line, then cap, floor and gate lines where they apply."""
        _check_quantum(self, "cap", self.cap, pay)
        _check_quantum(self, "floor", self.floor, pay)
        measures = [WeightedMeasure(self.measure, Decimal(1), self.curve)]
        return _finish(self, _bonus_lines(self, results, pay, measures), results, pay)


@attrs.frozen
class WeightedBonus:
    """A bonus on several measures, each with a weight (adding up to exactly 100%).

    Each measure pays ``target_pay x proration x weight x curve(attainment)`` on a line
    of its own (0 for an attainment below 0: a bonus is never negative); cap, floor and
    gates apply to the sum.

    Args:
        name: The component's name.
        target_pay: The payout when every measure is at 100% on its curve.
        measures: :class:`WeightedMeasure` items; weights must add up to exactly 1.
        cap: The most the bonus pays; floor: the least when its gates pass.
        gates: Thresholds that must all be met.

    Raises:
        PlanError: If the weights do not add up to 100% (the message lists them) or a
            measure appears twice.

    Examples:
        >>> from deepmarketing.incentives import RateTable, WhatIf
        >>> bonus = WeightedBonus(
        ...     "scorecard bonus",
        ...     target_pay=Decimal("5000"),
        ...     measures=(
        ...         WeightedMeasure(Measure.SALES, Decimal("0.6"), RateTable.flat(1)),
        ...         WeightedMeasure(Measure.SCORE, Decimal("0.4"), RateTable.flat(1)),
        ...     ),
        ... )
        >>> results = WhatIf(
        ...     sales=Decimal("900000"), targets={"sales": 1_000_000}, score=Decimal("85")
        ... )
        >>> [(line.key, str(line.amount)) for line in bonus.pay(results, pay=PAY_CNY)]
        [('sales', '2700.00'), ('score', '1700.00')]
        >>> WeightedBonus("b", target_pay=1, measures=bonus.measures[:1])
        Traceback (most recent call last):
        ...
        deepmarketing.errors.PlanError: component 'b': expected weights adding up to exactly ...,
            got 60% (sales 60%)
    """

    name: str = attrs.field(validator=_name)
    target_pay: Decimal = attrs.field(converter=_nn_target_payout, kw_only=True)
    measures: tuple[WeightedMeasure, ...] = attrs.field(
        converter=_to_measures, validator=_weights_add_up, kw_only=True
    )
    cap: Decimal | None = attrs.field(default=None, converter=_opt_cap, kw_only=True)
    floor: Decimal | None = attrs.field(
        default=None, converter=_opt_floor, validator=_cap_over_floor, kw_only=True
    )
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=_to_gates, kw_only=True)

    def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        """One line per measure, then cap, floor and gate lines where they apply."""
        _check_quantum(self, "cap", self.cap, pay)
        _check_quantum(self, "floor", self.floor, pay)
        return _finish(self, _bonus_lines(self, results, pay, self.measures), results, pay)


# -- SPIFs ---------------------------------------------------------------------------------


class SpifBasis(enum.Enum):
    """What a SPIF pays per: a new customer developed, or a unit of a product.

    Examples:
        >>> SpifBasis("unit") is SpifBasis.UNIT
        True
    """

    NEW_CUSTOMER = "new_customer"
    UNIT = "unit"


def _spif_product(instance: Spif, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if instance.basis is SpifBasis.UNIT and not value:
        raise PlanError("expected the product a per-unit SPIF pays on", record=_record(instance))
    if instance.basis is SpifBasis.NEW_CUSTOMER and value is not None:
        raise PlanError(
            f"a per-new-customer SPIF takes no product, got {value!r}", record=_record(instance)
        )


@attrs.frozen
class Spif:
    """A sales incentive (SPIF): so much per new customer developed or per unit sold.

    Args:
        name: The component's name.
        per: The amount paid per customer or unit.
        basis: ``SpifBasis.NEW_CUSTOMER`` or ``SpifBasis.UNIT``.
        product: The product whose units count (required for ``UNIT``).
        cap: The most the SPIF pays in a period.
        gates: Thresholds that must all be met.

    Examples:
        >>> from deepmarketing.incentives import WhatIf
        >>> spif = Spif("new product", per=Decimal("50"), basis="unit", product="X-1")
        >>> [line] = spif.pay(WhatIf(units={"X-1": Decimal(12)}), pay=PAY_CNY)
        >>> line.amount, line.reason
        (Decimal('600.00'), '12 units of X-1 at 50.00 = 600.00')
    """

    name: str = attrs.field(validator=_name)
    per: Decimal = attrs.field(converter=_nn_spif_amount, kw_only=True)
    basis: SpifBasis = attrs.field(converter=SpifBasis, kw_only=True)
    product: str | None = attrs.field(default=None, validator=_spif_product, kw_only=True)
    cap: Decimal | None = attrs.field(default=None, converter=_opt_cap, kw_only=True)
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=_to_gates, kw_only=True)

    def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        """The SPIF line, then cap and gate lines where they apply."""
        _check_quantum(self, "cap", self.cap, pay)
        if self.basis is SpifBasis.UNIT:
            assert self.product is not None
            count: Exact = results.units(self.product)
            what = f"units of {self.product}"
        else:
            count = results.value(Measure.NEW_CUSTOMERS) or Decimal(0)
            what = "new customers developed"
        exact = to_fraction(count) * to_fraction(self.per)
        line = Line(
            self.name,
            Step.PAY,
            round_pay(exact, pay.quantum),
            f"{number(count)} {what} at {money(self.per)} = {money(exact)}",
            base=_base_decimal(count),
            rate=f"{money(self.per)} per {self.basis.value.replace('_', ' ')}",
        )
        return _finish(self, [line], results, pay)


# -- team pool -----------------------------------------------------------------------------


class SplitBy(enum.Enum):
    """How a team pool is split: by members' scores or by their target shares.

    Examples:
        >>> team = TeamFigures(targets={"A": 300, "B": 100})
        >>> split_pool(Decimal("1000.00"), team, by=SplitBy("target"), quantum=Decimal("0.01"))
        {'A': Decimal('750.00'), 'B': Decimal('250.00')}
    """

    SCORE = "score"
    TARGET = "target"


def split_pool(
    pool: Decimal, team: TeamFigures, *, by: SplitBy, quantum: Decimal
) -> dict[str, Decimal]:
    """Split ``pool`` among the team in proportion to scores or targets, exactly.

    The shares are whole quanta and add up to ``pool`` exactly (largest remainder, via
    :func:`deepmarketing.targets.apportion`: the quanta left over after rounding down go
    to the largest remainders, ties to the larger weight, then the first person id).

    Examples:
        >>> team = TeamFigures(scores={"A": 90, "B": 60, "C": 60})
        >>> split_pool(Decimal("1000.00"), team, by=SplitBy.SCORE, quantum=Decimal("0.01"))
        {'A': Decimal('428.57'), 'B': Decimal('285.72'), 'C': Decimal('285.71')}
    """
    weights = team.scores if by is SplitBy.SCORE else team.targets
    if not weights:
        raise PlanError(f"expected member {by.value}s to split the pool by", record="team pool")
    ordered = {key: weights[key] for key in sorted(weights)}
    return apportion(pool, ordered, quantum=quantum)


def _pool_source(instance: TeamPool, attribute: attrs.Attribute[Any], value: object) -> None:
    if (instance.amount is None) == (instance.rate is None):
        raise PlanError(
            "expected either a fixed amount or a rate of team sales, not both or neither",
            record=_record(instance),
        )


@attrs.frozen
class TeamPool:
    """A team bonus pool, split exactly among the members by score or target share.

    The pool is a fixed ``amount``, or ``rate`` x the team's credited sales rounded once
    to the quantum; it is split with :func:`split_pool`, so the members' shares add up
    to the pool exactly. The statement of each member shows their share.

    Args:
        name: The component's name.
        amount: A fixed pool; or
        rate: A rate of the team's sales (:attr:`TeamFigures.sales`).
        by: ``SplitBy.SCORE`` or ``SplitBy.TARGET``.
        gates: Thresholds that must all be met (e.g. team attainment, with
            ``Gate(Measure.TEAM_SALES, 1, of_target=True)``).

    Examples:
        >>> from deepmarketing.incentives import WhatIf
        >>> pool = TeamPool("team pool", rate=Decimal("0.01"), by=SplitBy.SCORE)
        >>> team = TeamFigures(scores={"A": 90, "B": 60}, sales=Decimal("500000"))
        >>> [line] = pool.pay(WhatIf(person="B", team=team), pay=PAY_CNY)
        >>> line.amount
        Decimal('2000.00')
        >>> print(line.reason)
        team pool 5,000.00 (1% of team sales 500,000.00) split by score: 60 of 150 = 2,000.00
    """

    name: str = attrs.field(validator=_name)
    amount: Decimal | None = attrs.field(default=None, converter=_opt_pool_amount, kw_only=True)
    rate: Decimal | None = attrs.field(
        default=None, converter=_opt_pool_rate, validator=_pool_source, kw_only=True
    )
    by: SplitBy = attrs.field(default=SplitBy.SCORE, converter=SplitBy, kw_only=True)
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=_to_gates, kw_only=True)

    def pool(self, team: TeamFigures, *, quantum: Decimal) -> Decimal:
        """The pool for ``team``, rounded once to ``quantum``."""
        if self.amount is not None:
            return round_pay(self.amount, quantum)
        assert self.rate is not None
        if team.sales is None:
            raise PlanError(
                f"team pool {self.name!r} is a rate of team sales; expected team figures "
                f"with sales, got none",
                record=_record(self),
            )
        return round_pay(to_fraction(self.rate) * to_fraction(team.sales), quantum)

    def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        """The person's share of the pool, then a gate line where it applies."""
        team = results.team
        record = f"person {results.person!r}"
        if team is None:
            raise PlanError(f"team pool {self.name!r} needs team figures", record=record)
        pool = self.pool(team, quantum=pay.quantum)
        shares = split_pool(pool, team, by=self.by, quantum=pay.quantum)
        if results.person not in shares:
            raise PlanError(f"not a member of the team of pool {self.name!r}", record=record)
        weights = team.scores if self.by is SplitBy.SCORE else team.targets
        total = exact_sum(weights.values())
        source = (
            money(pool)
            if self.rate is None
            else f"{money(pool)} ({percent(self.rate)} of team sales {money(team.sales or 0)})"
        )
        line = Line(
            self.name,
            Step.PAY,
            shares[results.person],
            f"team pool {source} split by {self.by.value}: "
            f"{number(weights[results.person])} of {number(total)} = "
            f"{money(shares[results.person])}",
            base=pool,
            rate=f"{number(weights[results.person])}/{number(total)}",
        )
        return _finish(self, [line], results, pay)


# -- manager override ----------------------------------------------------------------------


@attrs.frozen
class ManagerOverride:
    """A manager's override: a rate table on the credited sales of the team they manage.

    Args:
        name: The component's name.
        table: The :class:`RateTable` paid on the team's sales.
        cap: The most the override pays; gates: thresholds that must all be met.

    Examples:
        >>> from deepmarketing.incentives import RateTable, WhatIf
        >>> override = ManagerOverride("override", RateTable.flat(Decimal("0.005")))
        >>> [line] = override.pay(WhatIf(team_sales=Decimal("2400000")), pay=PAY_CNY)
        >>> line.amount
        Decimal('12000.00')
    """

    name: str = attrs.field(validator=_name)
    table: RateTable = attrs.field(converter=_to_table)
    cap: Decimal | None = attrs.field(default=None, converter=_opt_cap, kw_only=True)
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=_to_gates, kw_only=True)

    def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        """The override line, then cap and gate lines where they apply."""
        _check_quantum(self, "cap", self.cap, pay)
        base = results.value(Measure.TEAM_SALES) or Decimal(0)
        line = Line(
            self.name,
            Step.PAY,
            round_pay(self.table.payout(base), pay.quantum),
            f"team sales {money(base)} {pay.unit}: {self.table.explain(base)}",
            base=_base_decimal(base),
            rate=_rate_text(self.table),
        )
        return _finish(self, [line], results, pay)


# -- clawback ------------------------------------------------------------------------------


def _clawback_source(instance: Clawback, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(instance.commission, Commission):
        raise PlanError(
            f"expected the Commission whose pay is clawed back, got "
            f"{type(instance.commission).__name__}",
            record=_record(instance),
        )
    if instance.days is None and not instance.refunds:
        raise PlanError(
            "expected days (uncollected sales) or refunds=True, or both", record=_record(instance)
        )
    if instance.days is not None and instance.days < 0:
        raise PlanError(f"expected days >= 0, got {instance.days}", record=_record(instance))
    if instance.refunds and instance.commission.base is not Measure.GROSS_SALES:
        raise PlanError(
            f"a refund clawback needs a commission on gross_sales; commission "
            f"{instance.commission.name!r} pays on {instance.commission.base.value}, which "
            f"would take refunds back twice",
            record=_record(instance),
        )
    if instance.days is not None and instance.commission.base is Measure.COLLECTION:
        raise PlanError(
            f"commission {instance.commission.name!r} is paid on collection; there is "
            f"nothing to claw back for uncollected sales",
            record=_record(instance),
        )


@attrs.frozen
class Clawback:
    """Commission taken back on sales not collected within N days, and on refunds.

    Each clawed-back sale is taken back at the *effective rate* its commission paid in
    the sale's own period: what the commission's lines paid there together -- after its
    cap, floor and gates, as rounded -- divided by that period's base (see
    :meth:`Commission.paid_rate`). So a clawback never takes back more than the
    commission paid for the sale (nothing where a gate withheld it, the capped amount
    where a cap cut it), and a sale and its full refund net to zero commission whatever
    the tiers, caps and gates. The sale's period is recomputed from the ledger with the
    inputs' targets and score; the plan's own gates, cap and floor are not part of it.
    One line per sale or refund:

    * uncollected: a sale whose deadline (sale date + ``days``) falls in the period
      and lies on or before ``as_of`` loses ``uncollected x effective rate``, where
      uncollected is measured on the deadline (later collection does not restore it);
    * refunds (``refunds=True``, with the commission on ``GROSS_SALES``): each refund
      credited in the period loses ``refund x effective rate``. With ``days`` as well,
      a refund dated after its sale's deadline first cancels the amount then taken
      back as uncollected (:attr:`Refund.already_clawed_back`), so no sale is clawed
      back twice.

    Args:
        name: The component's name.
        commission: The :class:`Commission` whose pay is clawed back.
        days: Days allowed to collect a sale, or ``None`` for no uncollected clawback.
        refunds: Claw back commission on refunds.

    Raises:
        PlanError: If neither is asked for, ``days`` is negative, ``refunds`` is asked for
            on a commission on net sales (refunds would be taken back twice), or
            ``days`` on a commission on collection.

    Examples:
        >>> from deepmarketing.incentives import RateTable, WhatIf
        >>> commission = Commission(
        ...     "commission", RateTable.flat(Decimal("0.02")), base="gross_sales"
        ... )
        >>> clawback = Clawback("clawback", commission, days=60, refunds=True)
        >>> clawback.pay(WhatIf(sales=Decimal("100000")), pay=PAY_CNY)  # a what-if has no refunds
        ()
    """

    name: str = attrs.field(validator=_name)
    commission: Commission
    days: int | None = attrs.field(default=None, kw_only=True)
    refunds: bool = attrs.field(default=False, validator=_clawback_source, kw_only=True)

    @property
    def gates(self) -> tuple[Gate, ...]:
        """A clawback has no gates."""
        return ()

    def pay(self, results: Results, *, pay: Metric) -> tuple[Line, ...]:
        """One clawback line per overdue sale and per refund, by sale id."""
        rates: dict[Period, tuple[Fraction, str]] = {}

        def effective(period: Period) -> tuple[Fraction, str]:
            if period not in rates:
                rate, paid, base = self.commission.paid_rate(results.in_period(period), pay=pay)
                words = (
                    f"commission at its {period} effective rate {percent(rate)} "
                    f"({money(paid)} paid on {self.commission.base.label} {money(base)})"
                )
                rates[period] = (rate, words)
            return rates[period]

        lines: list[Line] = []
        if self.days is not None:
            for sale in sorted(results.overdue(self.days), key=lambda s: (s.date, s.sale)):
                rate, words = effective(sale.base_period)
                exact = -to_fraction(sale.uncollected) * rate
                lines.append(
                    Line(
                        self.name,
                        Step.CLAWBACK,
                        round_pay(exact, pay.quantum),
                        f"sale {sale.sale} of {sale.date} ({money(sale.credited)}): "
                        f"{money(sale.uncollected)} not collected within {self.days} days "
                        f"(by {sale.deadline}); {words} taken back = {money(exact)}",
                        base=sale.uncollected,
                        rate=percent(rate),
                        key=f"uncollected {sale.sale}",
                    )
                )
        if self.refunds:
            refunds = results.refunds(days=self.days)
            for refund in sorted(refunds, key=lambda r: (r.sale, r.transaction)):
                rate, words = effective(refund.base_period)
                exact = to_fraction(refund.to_claw_back) * rate
                already = (
                    ""
                    if not refund.already_clawed_back
                    else f", of which {money(refund.already_clawed_back)} was already taken "
                    f"back as not collected within {self.days} days"
                )
                lines.append(
                    Line(
                        self.name,
                        Step.CLAWBACK,
                        round_pay(exact, pay.quantum),
                        f"refund {refund.transaction} of sale {refund.sale} "
                        f"({money(refund.amount)}{already}): {words} taken back = "
                        f"{money(exact)}",
                        base=refund.to_claw_back,
                        rate=percent(rate),
                        key=f"refund {refund.transaction}",
                    )
                )
        return tuple(lines)
