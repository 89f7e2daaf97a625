"""The steps of ``python -m deepmarketing demo``: one per capability, on the sample company.

Each step is a function writing plain text to ``out``; :func:`run_demo` runs them in
order. A capability that lands adds its step here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TextIO

import attrs
import pendulum

from .incentives import (
    AttainmentBonus,
    Commission,
    Gate,
    Measure,
    PayInputs,
    Plan,
    RateTable,
    Tier,
    TransactionKind,
    calculate,
    credit,
)
from .org import CustomerKind, Organization, Role, Unit
from .periods import Period, PeriodKind
from .quantities import COLLECTION_CNY, DECIMAL_CONTEXT, SALES_CNY, exact_sum
from .routing import (
    Appointment,
    PeriodPlan,
    VisitPurpose,
    check_day,
    check_period,
    plan_day,
    plan_period,
    replan,
)
from .samples import (
    SampleCompany,
    sample_company,
    sample_day,
    sample_period,
    sample_transactions,
)
from .scoring import KPI, Capped, Scorecard, pareto, rank, score
from .targets import (
    Blend,
    Even,
    OwnerKind,
    TargetNegotiation,
    cascade,
    market_potential,
    phase,
    prior_actuals,
)

__all__ = ["run_demo"]

_ROLE_TITLES = {
    Role.VP_SALES: "VP of sales",
    Role.DISTRICT_MANAGER: "district manager",
    Role.REGIONAL_MANAGER: "regional manager",
    Role.TEAM_LEADER: "team leader",
    Role.CONSULTANT: "consultant",
}
_KIND_COLUMNS = (
    (CustomerKind.DEALER, "dealers"),
    (CustomerKind.SUB_DEALER, "sub-dlr"),
    (CustomerKind.RETAILER, "retail"),
    (CustomerKind.END_CUSTOMER, "farms"),
)


def run_demo(out: TextIO, *, seed: int = 0, as_of: pendulum.Date | None = None) -> None:
    """Build the sample company and show each capability on it.

    Args:
        out: Where to write the text.
        seed: The sample company's seed.
        as_of: The day to look at; the sample's own "today" (2026-07-01) by default.
    """
    company = sample_company(seed)
    day = as_of or company.as_of
    steps: Sequence[Callable[[SampleCompany, pendulum.Date, TextIO], None]] = (
        _organization_step,
        _history_step,
        _calendar_step,
        _targets_step,
        _negotiation_step,
        _day_step,
        _period_step,
        _incentives_step,
    )
    out.write(
        f"deepmarketing demo: {company.org.root.name} (sample company, seed {seed}), as of {day}\n"
    )
    for number, step in enumerate(steps, start=1):
        out.write(f"\n{number}. ")
        step(company, day, out)


def _manager_line(org: Organization, unit: Unit, day: pendulum.Date) -> str:
    manager = org.manager_of_unit(unit.id, as_of=day)
    if manager is None:
        return "(vacant)"
    position = org.position_of(manager.id, as_of=day)
    title = _ROLE_TITLES[position.role] if position else "manager"
    covering = len(org.customers_of(manager.id, as_of=day))
    extra = f", covering {covering} customers" if covering else ""
    return f"{title} {manager.name} ({manager.id}){extra}"


def _organization_step(company: SampleCompany, day: pendulum.Date, out: TextIO) -> None:
    org = company.org
    out.write("Organization: levels, head counts and territories\n\n")
    out.write(f"   {'level':<10}{'units':>6}{'managers':>10}{'consultants':>13}{'customers':>11}\n")
    totals = Counter[str]()
    for level in dict.fromkeys(unit.level for unit in org.units):
        units = org.units_at_level(level)
        people = [p for u in units for p in org.members(u.id, as_of=day, recursive=False)]
        row = Counter(
            units=len(units),
            managers=sum(1 for u in units if org.manager_of_unit(u.id, as_of=day)),
            consultants=len(people) - sum(1 for u in units if org.manager_of_unit(u.id, as_of=day)),
            customers=sum(len(org.customers_of(p.id, as_of=day)) for p in people),
        )
        totals.update(row)
        out.write(
            f"   {level:<10}{row['units']:>6}{row['managers']:>10}{row['consultants']:>13}"
            f"{row['customers']:>11}\n"
        )
    out.write(
        f"   {'total':<10}{totals['units']:>6}{totals['managers']:>10}"
        f"{totals['consultants']:>13}{totals['customers']:>11}\n\n"
    )
    header = "".join(f"{title:>8}" for _, title in _KIND_COLUMNS)
    for unit in (org.root, *org.subunits(org.root.id, recursive=True)):
        depth = len(org.path_to_root(unit.id)) - 1
        indent = "   " + "  " * depth
        out.write(f"{indent}{unit.id:<7} {unit.name:<28} {_manager_line(org, unit, day)}\n")
        consultants = org.members(unit.id, as_of=day, recursive=False, role=Role.CONSULTANT)
        if not consultants:
            continue
        pad = indent + "  "
        out.write(f"{pad}{'consultant':<34}{'customers':>9}{header}\n")
        for person in consultants:
            owned = org.customers_of(person.id, as_of=day)
            kinds = Counter(c.kind for c in owned)
            counts = "".join(f"{kinds[kind]:>8}" for kind, _ in _KIND_COLUMNS)
            label = f"{person.name} ({person.id})"
            out.write(f"{pad}{label:<34}{len(owned):>9}{counts}\n")


def _history_step(company: SampleCompany, day: pendulum.Date, out: TextIO) -> None:
    org = company.org
    out.write("Who reports to whom, on any date (a transfer on 2026-07-15)\n\n")
    mover = "P-D1-R1-C5"
    if mover not in {p.id for p in org.people}:
        out.write("   (the sample was built without history)\n")
        return
    for when in (pendulum.Date(2026, 7, 14), pendulum.Date(2026, 7, 15)):
        position = org.position_of(mover, as_of=when)
        chain = " > ".join(p.name for p in org.chain_of_command(mover, as_of=when))
        owned = len(org.customers_of(mover, as_of=when))
        where = position.unit_id if position else "-"
        out.write(
            f"   {when}: {org.person(mover).name} in {where}, {owned} customers, "
            f"reports to {chain}\n"
        )


def _calendar_step(company: SampleCompany, day: pendulum.Date, out: TextIO) -> None:
    month = Period.containing(day, PeriodKind.MONTH)
    out.write(f"Periods and working days in {month}\n\n")
    calendar = company.calendar
    for kind in (PeriodKind.DEKAD, PeriodKind.WEEK):
        pieces = month.split(kind)
        cells = ", ".join(f"{p} {calendar.count_workdays(p)}d" for p in pieces)
        out.write(f"   {kind.value + 's':<8}{cells}\n")
    out.write(f"   {'month':<8}{month} {calendar.count_workdays(month)} working days\n")


#: Feed sells more in the cold months (hog and poultry feed demand peaks in winter).
FEED_SEASON = {1: 9, 2: 6, 3: 7, 4: 7, 5: 7, 6: 7, 7: 7, 8: 8, 9: 9, 10: 10, 11: 11, 12: 12}


def _targets_step(company: SampleCompany, day: pendulum.Date, out: TextIO) -> None:
    org = company.org
    year = Period.containing(day, PeriodKind.YEAR)
    total = Decimal("250000000.00")
    start = year.start
    driver = Blend(
        [
            (prior_actuals(org, company.prior_year_sales, as_of=start), Decimal("0.6")),
            (market_potential(org, company.market_potential, as_of=start), Decimal("0.2")),
            (Even(), Decimal("0.2")),
        ]
    )
    plan = cascade(
        org,
        SALES_CNY,
        year,
        total,
        weights=driver,
        over_assignment={"region": "0.10"},
        calendar=company.calendar,
    )
    out.write(
        f"Targets: {SALES_CNY.format(total)} of {year} sales cascaded to every consultant\n"
        "   (weights: 60% last year's sales, 20% market potential, 20% even; regions\n"
        "   over-assigned by 10%; moves during the year prorated by working days)\n\n"
    )
    out.write(
        f"   {'unit':<8}{'target':>18}{'children add to':>18}{'people':>8}"
        f"{'lowest':>15}{'highest':>15}\n"
    )
    for unit in (org.root, *org.subunits(org.root.id, recursive=True)):
        target = plan.unit_target(unit.id)
        people = [t for t in plan.children(unit.id) if t.kind is OwnerKind.PERSON]
        low = SALES_CNY.format(min(t.amount for t in people)).replace(" CNY", "") if people else ""
        high = SALES_CNY.format(max(t.amount for t in people)).replace(" CNY", "") if people else ""
        children_total = (
            target.children_total if target.children_total is not None else target.amount
        )
        depth = "  " * (len(org.path_to_root(unit.id)) - 1)
        out.write(
            f"   {depth + unit.id:<8}{SALES_CNY.format(target.amount).replace(' CNY', ''):>18}"
            f"{SALES_CNY.format(children_total).replace(' CNY', ''):>18}{len(people) or '':>8}"
            f"{low:>15}{high:>15}".rstrip()
            + "\n"
        )
    mover = "P-D1-R1-C5"
    if mover in plan.people():
        out.write(f"\n   {org.person(mover).name} ({mover}) moved in July: one target per seat\n")
        for seat in plan.person_targets(mover):
            out.write(
                f"     {seat.unit_id:<7}{seat.period!s:<32}{SALES_CNY.format(seat.amount):>20}\n"
            )
    consultant = "P-D1-R1-C1"
    amount = plan.for_person(consultant)
    months = phase(amount, year, PeriodKind.MONTH, quantum=SALES_CNY.quantum, profile=FEED_SEASON)
    out.write(
        f"\n   {org.person(consultant).name} ({consultant}): {SALES_CNY.format(amount)} by month "
        "(seasonal profile)\n"
    )
    cells = [f"{str(p)[-2:]}: {SALES_CNY.format(value)[:-4]}" for p, value in months.items()]
    for row in range(0, 12, 4):
        out.write(
            "     " + "   ".join(f"{cell:<16}" for cell in cells[row : row + 4]).rstrip() + "\n"
        )


def _negotiation_step(company: SampleCompany, day: pendulum.Date, out: TextIO) -> None:
    org = company.org
    year = Period.containing(day, PeriodKind.YEAR)
    plan = cascade(org, SALES_CNY, year, Decimal("250000000.00"), weights=Even(), as_of=year.start)
    region = "D1-R3"
    manager = org.manager_of_unit(region, as_of=year.start)
    if manager is None:  # pragma: no cover - the sample's regions all have managers
        return
    people = [t for t in plan.children(region) if t.kind is OwnerKind.PERSON]
    first, second = people[0], people[1]
    when = year.start
    talks = TargetNegotiation(plan, org)
    talks = talks.propose(first, first.amount, by=manager.id, at=when)
    lower = DECIMAL_CONTEXT.subtract(first.amount, Decimal("500000.00"))
    talks = talks.counter(
        first, lower, by=first.owner_id, at=when, reason="two farms switched to a competitor"
    )
    talks = talks.accept(first, by=manager.id, at=when)
    talks = talks.commit(first, by=first.owner_id, at=when)
    talks = talks.propose(second, second.amount, by=manager.id, at=when)
    talks = talks.accept(second, by=second.owner_id, at=when)
    talks = talks.commit(second, by=second.owner_id, at=when)
    out.write(
        "Communicate and assign, commit and guarantee (沟通下达、承诺保证): "
        f"{org.unit(region).name}\n\n"
    )
    for event in talks.events:
        amount = "" if event.amount is None else SALES_CNY.format(event.amount)
        reason = f"  ({event.reason})" if event.reason else ""
        out.write(
            f"   {event.at}  {org.person(event.by).name:<12}{event.action.value:<9}"
            f"{event.target[1]:<13}{amount:>18}{reason}\n"
        )
    gap = talks.gap()
    out.write(f"\n   gap left at {region}: {SALES_CNY.format(gap.get(region, Decimal(0)))}\n")
    rebalanced = talks.rebalance()
    out.write("   rebalanced over the consultants still open (committed figures stay):\n")
    for target in rebalanced.children(region):
        before = plan.for_person(target.owner_id)
        state = "committed" if target.locked else "rebalanced"
        out.write(
            f"     {target.owner_id:<13}{SALES_CNY.format(before):>18} ->"
            f"{SALES_CNY.format(target.amount):>18}  {state}\n"
        )
    out.write(f"   plan.check(): {rebalanced.check()}\n")


def _day_step(company: SampleCompany, day: pendulum.Date, out: TextIO) -> None:
    person = "P-D1-R1-C1"
    problem = sample_day(company, person, day=day, stops=14, seed=5, morning_meeting=True)
    stops = list(problem.stops)
    shift = problem.shift_start
    # Two requests the day cannot meet, to show how the plan explains what it leaves out:
    # a dealer who wants the consultant while the morning meeting is still on, and a
    # full-day stock-take.
    stops[0] = attrs.evolve(stops[0], windows=[(shift.set(hour=8, minute=30), shift)])
    stops[1] = attrs.evolve(
        stops[1], service=pendulum.duration(hours=8), purpose=VisitPurpose.SERVICE
    )
    problem = attrs.evolve(problem, stops=stops)
    route = plan_day(problem)
    name = company.org.person(person).name
    out.write(
        f"A consultant's day (每天客户巡访计划): {name} ({person}) leaves the regional "
        f"office after the morning meeting; {len(problem.stops)} candidate visits\n\n"
    )
    for line in route.summary().splitlines():
        out.write(f"   {line}\n")
    out.write(f"\n   check_day(problem, route): {check_day(problem, route)}\n")


def _period_step(company: SampleCompany, day: pendulum.Date, out: TextIO) -> None:
    person = "P-D1-R1-C1"
    problem = sample_period(company, person, start=day.add(days=(7 - day.weekday()) % 7))
    plan = plan_period(problem)
    name = company.org.person(person).name
    first, last = problem.window
    out.write(
        f"Four weeks of visits (月/周计划): {name} ({person}), {len(problem.accounts)} "
        f"customers, {first} to {last}\n\n"
    )
    _calendar(plan, out)
    missed = problem.workdays()[2]
    done = [(c, d) for d, route in plan.days if d < missed for c in route.customers]
    today = problem.workdays()[3]
    complaint = next(a for a in problem.accounts if not a.windows and a.customer not in dict(done))
    urgent = Appointment(today, pendulum.time(9), pendulum.time(11), purpose="complaint")
    again = replan(plan, done, as_of=today, urgent=[(complaint.customer, urgent)])
    out.write(
        f"\n   {missed}: the day was lost to a flat tyre, nothing visited; on {today} "
        f"{complaint.customer} calls with a complaint. Re-planned from {today}:\n\n"
    )
    _calendar(again, out, weeks=1)
    problems = check_period(again.problem, again)
    out.write(f"\n   {again.moved} visits changed day; check_period: {problems}\n")


def _calendar(plan: PeriodPlan, out: TextIO, *, weeks: int | None = None) -> None:
    days = plan.days if weeks is None else plan.days[: 5 * weeks]
    for date, route in days:
        names = " ".join(str(c).rsplit("-", 1)[-1] for c in route.customers) or "-"
        out.write(
            f"   {date} {date.format('ddd')}  {len(route.visits):>2} visits  travel "
            f"{round(route.cost / 60):>3} min   {names}\n"
        )
    if weeks is None:
        out.write(
            f"   total: {plan.visit_count} visits, travel "
            f"{plan.travel_time.total_seconds() / 3600:.1f} h, spread of working time "
            f"{plan.spread.total_seconds() / 60:.0f} min, feasible: {plan.is_feasible()}\n"
        )


def _incentives_step(company: SampleCompany, day: pendulum.Date, out: TextIO) -> None:
    org = company.org
    month = Period.containing(day, PeriodKind.MONTH)
    transactions = sample_transactions(company, str(month), seed=1)
    ledger = credit(transactions, org)
    consultants = [p.id for p in org.members("HQ", as_of=month.start, role=Role.CONSULTANT)]
    targets = {}
    for person in consultants:
        yearly = exact_sum(
            company.prior_year_sales[c.id] for c in org.customers_of(person, as_of=month.start)
        )
        # a month's target: a twelfth of last year, for the two customers in three who buy
        targets[person] = SALES_CNY.quantize(DECIMAL_CONTEXT.multiply(yearly, Decimal("0.055")))
    card = Scorecard(
        "consultant",
        (
            KPI("sales", SALES_CNY, weight=Decimal("0.6"), rule=Capped(Decimal("1.5"))),
            KPI("collection", COLLECTION_CNY, weight=Decimal("0.4"), rule=Capped(Decimal("1.2"))),
        ),
    )
    results = {}
    net = {}
    for person in consultants:
        sales = ledger.total(person, month)
        net[person] = max(sales, Decimal(0))
        collected = ledger.total(person, month, kind=TransactionKind.COLLECTION)
        collect_target = COLLECTION_CNY.quantize(
            DECIMAL_CONTEXT.multiply(targets[person], Decimal("0.9"))
        )
        results[person] = score(
            card,
            {"sales": sales, "collection": collected},
            {"sales": targets[person], "collection": collect_target},
        )
    places = rank(results)
    ordered = sorted(consultants, key=lambda p: (places[p], p))
    out.write(
        f"Assess, then reward (考核与激励): {month}, {len(transactions):,} simulated "
        f"transactions credited to {len(consultants)} consultants\n\n"
    )
    for number, group in enumerate((ordered[:3], ordered[-3:])):
        for person in group:
            name = org.person(person).name
            out.write(
                f"   {places[person]:>3}. {name:<12} {person:<12} score "
                f"{results[person].total:>7}  net sales {SALES_CNY.format(net[person]):>18}\n"
            )
        if number == 0:
            out.write("   ...\n")
    out.write(f"\n   Pareto: {pareto(net).summary()}\n")
    person = "P-D1-R1-C1"
    table = RateTable(
        (
            Tier(0, Decimal("500000"), Decimal("0.02")),
            Tier(Decimal("500000"), None, Decimal("0.03")),
        ),
        mode="marginal",
    )
    # the bonus curve's rates are its slopes: nothing below 50% attainment, then 2x up to
    # 100% (a decelerator below target), 3x up to 150% (an accelerator), flat beyond
    curve = RateTable(
        (
            Tier(0, Decimal("0.5"), 0),
            Tier(Decimal("0.5"), 1, 2),
            Tier(1, Decimal("1.5"), 3),
            Tier(Decimal("1.5"), None, 0),
        ),
        mode="marginal",
    )
    commission = Commission("commission", table)
    plan = Plan(
        "consultants 2026",
        (
            commission,
            AttainmentBonus(
                "bonus",
                target_pay=Decimal("3000"),
                curve=curve,
                gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.8")),),
            ),
        ),
        start=pendulum.date(day.year, 1, 1),
    )
    inputs = PayInputs(
        person,
        ledger,
        targets={"sales": targets[person]},
        org=org,
        calendar=company.calendar,
    )
    statement = calculate(plan, inputs, period=month, as_of=month.end.add(days=5))
    out.write(f"\n   {org.person(person).name}'s statement, line by line:\n")
    for line in statement.summary().splitlines():
        out.write(f"     {line}\n")
