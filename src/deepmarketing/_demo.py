"""The steps of ``python -m deepmarketing demo``: one per capability, on the sample company.

Each step is a function writing plain text to ``out``; :func:`run_demo` runs them in
order. A capability that lands adds its step here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TextIO

import pendulum

from .org import CustomerKind, Organization, Role, Unit
from .periods import Period, PeriodKind
from .samples import SampleCompany, sample_company

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
