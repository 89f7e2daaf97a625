"""Statements: what a plan pays one person for one period, every cent explained.

:func:`calculate` runs a :class:`~deepmarketing.incentives.Plan` on a person's
:class:`~deepmarketing.incentives.PayInputs` and returns a :class:`Statement` whose lines
follow the explanation chain -- credit -> attainment -> tier -> rate -> cap -> gate ->
draw -> adjustment -- each with its component, base, rate or tier, amount and reason.
:func:`recalculate` compares a fresh calculation with an earlier statement and returns
only the delta lines. :func:`simulate` pays a plan across a range of attainment (what-if),
to compare plans by payout and cost of sales.

Rounding policy (the only one): each line's amount is computed exactly
(:class:`~fractions.Fraction`) and rounded once to the plan's quantum (``0.01`` CNY by
default) with ``ROUND_HALF_UP`` -- half away from zero, as a clerk checks by hand, and
symmetric, so a clawback rounds to exactly minus the commission it takes back. Cap,
floor, gate, draw and adjustment lines are differences of rounded amounts and need no
rounding. The statement total is the exact sum of its lines.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs
import pendulum

from deepmarketing.errors import PlanError
from deepmarketing.incentives._components import (
    PAY_CNY,
    Line,
    Measure,
    Results,
    Step,
    TeamFigures,
)
from deepmarketing.incentives._exact import money, percent, round_pay
from deepmarketing.incentives._plan import Plan
from deepmarketing.incentives._results import LedgerResults, PayInputs, WhatIf, prorate_days
from deepmarketing.periods import Period, to_date
from deepmarketing.quantities import DECIMAL_CONTEXT, Metric, exact_sum, is_multiple, to_decimal

__all__ = [
    "Simulation",
    "SimulationPoint",
    "Statement",
    "calculate",
    "recalculate",
    "simulate",
]


def _whole(amount: Decimal, quantum: Decimal) -> bool:
    """Whether ``amount`` is a whole number of ``quantum`` (fast when its digits show it)."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return is_multiple(amount, quantum)
    if quantum == _CENT and isinstance(exponent, int) and exponent >= -2:
        return True
    return is_multiple(amount, quantum)


_CENT = Decimal("0.01")


def _to_lines(values: Iterable[Line]) -> tuple[Line, ...]:
    return tuple(values)


def _check_total(instance: Statement, attribute: attrs.Attribute[Decimal], total: Decimal) -> None:
    record = f"statement of {instance.person!r} for {instance.period}"
    for line in instance.lines:
        if not _whole(line.amount, instance.pay.quantum):
            raise PlanError(
                f"line {line.component}/{line.step.value}: expected a multiple of "
                f"{instance.pay.quantum}, got {line.amount}",
                record=record,
            )
    lines_sum = exact_sum(line.amount for line in instance.lines)
    if total != lines_sum:
        raise PlanError(
            f"expected the total to equal the sum of the lines {lines_sum}, got {total}",
            record=record,
        )


@attrs.frozen
class Statement:
    """One person's pay for one period: lines with reasons, and their exact total.

    Attributes:
        person: Who is paid.
        period: The period paid for.
        plan: The plan's name.
        as_of: The day the statement was computed.
        lines: The lines, in the order of the explanation chain.
        total: The exact sum of the lines (checked on construction).
        opening_balance: The recoverable draw balance carried in.
        draw_balance: The draw balance carried out, for the next period's inputs.
        pay: The currency and quantum.
        restates: For an adjustment (from :func:`recalculate`), the full statement it
            brings the earlier one up to; ``None`` otherwise.

    Examples:
        >>> line = Line("commission", Step.PAY, Decimal("100.00"), "net sales 5,000.00 at 2%")
        >>> statement = Statement(
        ...     "P-1",
        ...     Period.parse("2026-07"),
        ...     plan="p",
        ...     as_of=pendulum.date(2026, 8, 5),
        ...     lines=(line,),
        ...     total=Decimal("100.00"),
        ... )
        >>> print(statement.summary())
        statement of P-1 for 2026-07 (p, as of 2026-08-05)
          100.00  commission (pay): net sales 5,000.00 at 2%
          100.00  total CNY
        >>> attrs.evolve(statement, total=Decimal("99.99"))
        Traceback (most recent call last):
        ...
        deepmarketing.errors.PlanError: statement of 'P-1' for 2026-07: expected the total to
            equal the sum of the lines 100.00, got 99.99
    """

    person: str
    period: Period
    plan: str = attrs.field(kw_only=True)
    as_of: pendulum.Date = attrs.field(converter=to_date, kw_only=True)
    lines: tuple[Line, ...] = attrs.field(converter=_to_lines, kw_only=True)
    pay: Metric = attrs.field(default=PAY_CNY, kw_only=True)
    opening_balance: Decimal = attrs.field(default=Decimal(0), kw_only=True)
    draw_balance: Decimal = attrs.field(default=Decimal(0), kw_only=True)
    restates: Statement | None = attrs.field(default=None, kw_only=True)
    total: Decimal = attrs.field(kw_only=True, validator=_check_total)

    @property
    def is_adjustment(self) -> bool:
        """Whether this statement holds only delta lines (from :func:`recalculate`)."""
        return self.restates is not None

    def by_component(self) -> dict[str, Decimal]:
        """The total of each component's lines, in order of first appearance."""
        totals: dict[str, Decimal] = {}
        for line in self.lines:
            totals[line.component] = exact_sum(
                (totals.get(line.component, Decimal(0)), line.amount)
            )
        return totals

    def summary(self) -> str:
        """The statement as text: a header, one row per line, and the total."""
        kind = "adjustment" if self.is_adjustment else "statement"
        rows = [f"{kind} of {self.person} for {self.period} ({self.plan}, as of {self.as_of})"]
        width = max((len(money(line.amount)) for line in self.lines), default=4)
        width = max(width, len(money(self.total)))
        for line in self.lines:
            label = line.component if not line.key else f"{line.component} [{line.key}]"
            rows.append(
                f"  {money(line.amount):>{width}}  {label} ({line.step.value}): {line.reason}"
            )
        rows.append(f"  {money(self.total):>{width}}  total {self.pay.unit}")
        if self.draw_balance or self.opening_balance:
            rows.append(
                f"  draw balance {money(self.opening_balance)} -> {money(self.draw_balance)}"
            )
        return "\n".join(rows)


def _run(plan: Plan, results: Results, opening: Decimal) -> tuple[list[Line], Decimal]:
    """Every line of ``plan`` on ``results``, and the draw balance carried out."""
    quantum = plan.pay.quantum
    lines: list[Line] = []
    for component in plan.components:
        produced = component.pay(results, pay=plan.pay)
        for line in produced:
            if line.component != component.name:
                raise PlanError(
                    f"component {component.name!r} returned a line for {line.component!r}; "
                    f"expected its own name (whole quanta are checked by the Statement)",
                    record=f"plan {plan.name!r}",
                )
        lines.extend(produced)
    earned = exact_sum(line.amount for line in lines)
    for gate in plan.gates:
        passed, figures = gate.check(results)
        if not passed:
            if not earned:
                break  # nothing to withhold: no "0.00 not paid" line
            lines.append(
                Line(
                    "plan",
                    Step.GATE,
                    DECIMAL_CONTEXT.minus(earned),
                    f"plan gate not met: {figures}, {gate} required; {money(earned)} not paid",
                )
            )
            earned = Decimal(0)
            break
    else:
        if plan.cap is not None and earned > plan.cap:
            lines.append(
                Line(
                    "plan",
                    Step.CAP,
                    DECIMAL_CONTEXT.subtract(plan.cap, earned),
                    f"plan capped at {money(plan.cap)}: components earned {money(earned)}",
                )
            )
            earned = plan.cap
        elif plan.floor is not None and earned < plan.floor:
            lines.append(
                Line(
                    "plan",
                    Step.FLOOR,
                    DECIMAL_CONTEXT.subtract(plan.floor, earned),
                    f"plan floor of {money(plan.floor)}: components earned {money(earned)}",
                )
            )
            earned = plan.floor
    closing = opening
    if plan.draw is not None:
        draw_lines, closing = plan.draw.settle(
            earned,
            opening,
            period=results.period,
            factor=results.proration.factor,
            quantum=quantum,
        )
        lines.extend(draw_lines)
    return lines, closing


def calculate(plan: Plan, inputs: PayInputs, *, period: Period, as_of: _dt.date) -> Statement:
    """Pay ``plan`` to ``inputs.person`` for ``period``, as known on ``as_of``.

    Args:
        plan: The plan; it must be in force on at least one day of ``period``. Where it
            starts or ends inside the period, fixed amounts (bonus target payouts, the
            draw) are prorated to its days as well as to the person's assignments.
        inputs: The person's ledger, targets, score, team figures, organization,
            calendar and carried draw balance.
        period: The period paid for.
        as_of: The day of the calculation: collections after it are not known, and a
            sale's collection deadline after it is not yet due.

    Returns:
        The :class:`Statement`; its total is the exact sum of its lines.

    Raises:
        PlanError: If the plan is not in force in ``period``, a target a component needs
            is missing, or a component returns a line that is not its own or not a whole
            quantum.

    Notes:
        One pass over the plan's components; each ledger figure is read once
        (binary search on the person's dated credits), so a statement costs
        O(components + credits in the period).

    Examples:
        >>> import pendulum
        >>> from deepmarketing.incentives import Commission, RateTable, Tier, Transaction, credit
        >>> from deepmarketing.samples import sample_company
        >>> org = sample_company().org
        >>> ledger = credit(
        ...     [
        ...         Transaction(
        ...             "S-1", pendulum.date(2026, 7, 3), "C-D1-R1-C1-01", Decimal("1230000")
        ...         )
        ...     ],
        ...     org,
        ... )
        >>> table = RateTable(
        ...     (Tier(0, 1_000_000, Decimal("0.02")), Tier(1_000_000, None, Decimal("0.03"))),
        ...     mode="marginal",
        ... )
        >>> plan = Plan(
        ...     "consultants", (Commission("commission", table),), start=pendulum.date(2026, 1, 1)
        ... )
        >>> statement = calculate(
        ...     plan,
        ...     PayInputs("P-D1-R1-C1", ledger),
        ...     period=Period.parse("2026-07"),
        ...     as_of=pendulum.date(2026, 8, 5),
        ... )
        >>> print(statement.summary())
        statement of P-D1-R1-C1 for 2026-07 (consultants, as of 2026-08-05)
          26,900.00  commission (pay): net sales 1,230,000.00 CNY: 0-1,000,000 at 2% =
            20,000.00; 1,000,000-1,230,000 at 3% = 6,900.00 (marginal)
          26,900.00  total CNY
    """
    day = to_date(as_of, what="as_of")
    if not plan.covers(period):
        raise PlanError(
            f"not in force in {period} (from {plan.start} to {plan.end or 'open'})",
            record=f"plan {plan.name!r}",
        )
    partial = plan.start > period.start or (plan.end is not None and plan.end < period.end)
    proration = prorate_days(
        inputs.org,
        inputs.person,
        period,
        calendar=inputs.calendar,
        start=plan.start if partial else None,
        end=plan.end if partial else None,
    )
    results = LedgerResults(inputs, period, day, proration)
    lines, closing = _run(plan, results, inputs.draw_balance)
    return Statement(
        inputs.person,
        period,
        plan=plan.name,
        as_of=day,
        lines=lines,
        pay=plan.pay,
        opening_balance=inputs.draw_balance,
        draw_balance=closing,
        total=exact_sum(line.amount for line in lines),
    )


def recalculate(
    previous: Statement, plan: Plan, inputs: PayInputs, *, as_of: _dt.date
) -> Statement:
    """Recalculate ``previous`` on today's inputs; return only the delta lines.

    Lines are matched by component, step and key (:attr:`Line.ident`). Every line whose
    amount changed, appeared or disappeared gives one ``ADJUSTMENT`` line of the
    difference (exact: both amounts are whole quanta), saying what it was and is. With
    unchanged inputs there are no lines and the total is zero. The adjustment's
    ``restates`` holds the full new statement: recalculate against that next time.

    Args:
        previous: The statement paid (a full statement, or an adjustment, whose
            ``restates`` is then used).
        plan: The plan, as it stands now.
        inputs: The person's inputs, as they stand now (same opening draw balance as
            ``previous`` unless corrected).
        as_of: The day of the recalculation.

    Examples:
        >>> import pendulum
        >>> from deepmarketing.incentives import Commission, RateTable, Transaction, credit
        >>> from deepmarketing.samples import sample_company
        >>> org = sample_company().org
        >>> sale = Transaction("S-1", pendulum.date(2026, 7, 3), "C-D1-R1-C1-01", 100000)
        >>> plan = Plan(
        ...     "p", (Commission("commission", RateTable.flat(Decimal("0.02"))),), start=sale.date
        ... )
        >>> july = Period.parse("2026-07")
        >>> paid = calculate(
        ...     plan, PayInputs("P-D1-R1-C1", credit([sale], org)), period=july, as_of=july.end
        ... )
        >>> late = Transaction("S-2", pendulum.date(2026, 7, 30), "C-D1-R1-C1-01", 5000)
        >>> delta = recalculate(
        ...     paid,
        ...     plan,
        ...     PayInputs("P-D1-R1-C1", credit([sale, late], org)),
        ...     as_of=july.end.add(days=9),
        ... )
        >>> [(line.step.value, str(line.amount)) for line in delta.lines], delta.total
        ([('adjustment', '100.00')], Decimal('100.00'))
        >>> recalculate(
        ...     paid, plan, PayInputs("P-D1-R1-C1", credit([sale], org)), as_of=july.end
        ... ).lines
        ()
    """
    base = previous.restates if previous.restates is not None else previous
    fresh = calculate(plan, inputs, period=base.period, as_of=as_of)
    old: dict[tuple[str, str, str], Line] = {}
    for line in base.lines:
        old[line.ident] = _merge(old.get(line.ident), line)
    new: dict[tuple[str, str, str], Line] = {}
    for line in fresh.lines:
        new[line.ident] = _merge(new.get(line.ident), line)
    deltas: list[Line] = []
    for ident in list(old) + [i for i in new if i not in old]:
        before, after = old.get(ident), new.get(ident)
        was = before.amount if before is not None else Decimal(0)
        now = after.amount if after is not None else Decimal(0)
        if was == now:
            continue
        component, step, key = ident
        detail = after.reason if after is not None else "no longer applies"
        deltas.append(
            Line(
                component,
                Step.ADJUSTMENT,
                DECIMAL_CONTEXT.subtract(now, was),
                f"recalculated as of {fresh.as_of}: {step} was {money(was)}, now {money(now)} "
                f"({detail})",
                base=now,
                key=f"{step} {key}".strip(),
            )
        )
    return Statement(
        base.person,
        base.period,
        plan=plan.name,
        as_of=fresh.as_of,
        lines=deltas,
        pay=plan.pay,
        opening_balance=base.draw_balance,
        draw_balance=fresh.draw_balance,
        restates=fresh,
        total=exact_sum(line.amount for line in deltas),
    )


def _merge(first: Line | None, second: Line) -> Line:
    if first is None:
        return second
    return attrs.evolve(first, amount=DECIMAL_CONTEXT.add(first.amount, second.amount))


@attrs.frozen
class SimulationPoint:
    """A plan's pay at one attainment: sales, payout, cost of sales, by component.

    Attributes:
        attainment: The attainment simulated (1 = 100%).
        sales: The sales at that attainment (target x attainment, to the quantum).
        payout: The statement total.
        cost: Payout / sales (the plan's cost of sales), exact; 0 when sales are 0.
        components: The payout by component.

    Examples:
        >>> from deepmarketing.incentives import Commission, RateTable
        >>> plan = Plan(
        ...     "p",
        ...     (Commission("c", RateTable.flat(Decimal("0.02"))),),
        ...     start=pendulum.date(2026, 1, 1),
        ... )
        >>> [point] = simulate(plan, [1], targets={"sales": 1000}).points
        >>> point.sales, point.payout, point.cost, point.components
        (Decimal('1000.00'), Decimal('20.00'), Fraction(1, 50), {'c': Decimal('20.00')})
    """

    attainment: Decimal
    sales: Decimal
    payout: Decimal
    cost: Fraction
    components: Mapping[str, Decimal]


@attrs.frozen
class Simulation:
    """What a plan pays across a range of attainment (see :func:`simulate`).

    Examples:
        >>> from deepmarketing.incentives import Commission, RateTable
        >>> plan = Plan(
        ...     "p",
        ...     (Commission("c", RateTable.flat(Decimal("0.02"))),),
        ...     start=pendulum.date(2026, 1, 1),
        ... )
        >>> simulation = simulate(plan, [0, 1], targets={"sales": 1000})
        >>> simulation.plan, [str(point.payout) for point in simulation.points]
        ('p', ['0.00', '20.00'])
    """

    plan: str
    points: tuple[SimulationPoint, ...]

    def summary(self) -> str:
        """A table: attainment, sales, payout and cost of sales at each point."""
        rows = [f"plan {self.plan}", "  attainment          sales        payout  cost of sales"]
        rows.extend(
            f"  {percent(p.attainment):>10} {money(p.sales):>14} {money(p.payout):>13}"
            f"  {percent(round_pay(p.cost, Decimal('0.000001'))):>13}"
            for p in self.points
        )
        return "\n".join(rows)


def simulate(
    plan: Plan,
    attainments: Iterable[Decimal | int | str],
    *,
    targets: Mapping[str, Decimal | int | str],
    collection_rate: Decimal | int | str = 1,
    score: Decimal | int | str | None = None,
    team: TeamFigures | None = None,
    person: str = "P",
    period: Period | None = None,
) -> Simulation:
    """Pay ``plan`` to one person at each attainment, to compare plans (what-if).

    At attainment ``a`` every measure with a target is ``target x a`` (money rounded to
    the plan's quantum with the pay rounding, customers rounded down), collection is
    ``sales x collection_rate``, and the score is ``score`` if given, else ``100 x a``
    points; team sales (``Measure.TEAM_SALES`` and the base of a team pool paid as a
    rate) are the team target x ``a`` when the team figures give a target, else the
    team figures' sales as given. The simulated person is ``person``: for a plan with
    a :class:`~deepmarketing.incentives.TeamPool`, a member of ``team``. No refunds, no
    overdue sales, no carried draw balance.

    Args:
        plan: The plan.
        attainments: The attainments to try (1 = 100%), e.g. ``[0, "0.5", 1, "1.5"]``.
        targets: Targets by measure name; ``"sales"`` is required.
        collection_rate: Collection as a share of sales.
        score: A fixed score, or ``None`` to follow attainment.
        team: Team figures, for team pools and team measures.
        person: Who is simulated (a member of ``team`` for a team pool).
        period: The period reasons name (default: January 2026).

    Raises:
        PlanError: If there is no positive sales target, or the plan has a team pool
            and ``person`` is not a member of ``team``.

    Examples:
        >>> import pendulum
        >>> from deepmarketing.incentives import Commission, RateTable, Tier
        >>> table = RateTable(
        ...     (Tier(0, 1_000_000, Decimal("0.02")), Tier(1_000_000, None, Decimal("0.03"))),
        ...     mode="marginal",
        ... )
        >>> plan = Plan("p", (Commission("c", table),), start=pendulum.date(2026, 1, 1))
        >>> print(simulate(plan, ["0.5", 1, "1.5"], targets={"sales": 1_000_000}).summary())
        plan p
          attainment          sales        payout  cost of sales
                 50%     500,000.00     10,000.00             2%
                100%   1,000,000.00     20,000.00             2%
                150%   1,500,000.00     35,000.00        2.3333%
    """
    goals = {
        (k.value if isinstance(k, Measure) else str(k)): to_decimal(v, what=f"target {k!r}")
        for k, v in targets.items()
    }
    sales_target = goals.get(Measure.SALES.value)
    if sales_target is None or sales_target <= 0:
        raise PlanError(
            f"expected a positive 'sales' target, got {sales_target}", record=f"plan {plan.name!r}"
        )
    rate = Fraction(to_decimal(collection_rate, what="collection rate"))
    quantum = plan.pay.quantum
    fixed_score = None if score is None else to_decimal(score, what="score")
    when = period if period is not None else Period.parse("2026-01")
    points: list[SimulationPoint] = []
    for value in attainments:
        a = to_decimal(value, what="attainment")
        fa = Fraction(a)
        sales = round_pay(Fraction(sales_target) * fa, quantum)
        new = goals.get(Measure.NEW_CUSTOMERS.value)
        team_at = team
        team_sales = Decimal(0)
        if team is not None and team.target is not None:
            team_sales = round_pay(Fraction(team.target) * fa, quantum)
            team_at = attrs.evolve(team, sales=team_sales)
        what_if = WhatIf(
            person=person,
            period=when,
            sales=sales,
            collection=round_pay(Fraction(sales) * rate, quantum),
            new_customers=Decimal(int(Fraction(new) * fa)) if new is not None else 0,
            score=fixed_score if fixed_score is not None else round_pay(100 * fa, Decimal("0.01")),
            team_sales=team_sales,
            targets=goals,
            team=team_at,
        )
        lines, _ = _run(plan, what_if, Decimal(0))
        payout = exact_sum(line.amount for line in lines)
        components: dict[str, Decimal] = {}
        for line in lines:
            components[line.component] = DECIMAL_CONTEXT.add(
                components.get(line.component, Decimal(0)), line.amount
            )
        points.append(
            SimulationPoint(
                a,
                sales,
                payout,
                Fraction(0) if sales == 0 else Fraction(payout) / Fraction(sales),
                components,
            )
        )
    return Simulation(plan.name, tuple(points))
