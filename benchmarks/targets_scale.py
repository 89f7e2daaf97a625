"""How fast targets split, cascade and phase at scale.

Run: ``python benchmarks/targets_scale.py`` (a few minutes; ``--small`` for a 10x smaller
quick look). Prints one table: each measured step, its median over the repeats, and the
target from the targets issue.

What is measured:

* apportion: one total split over 1,000,000 keys with uneven weights (target: < 3 s);
* cascade: the 100,000-person organization of ``org_scale.py`` (5,000 units, with 10%
  of the consultants transferring mid-month, so their targets are prorated) by
  working-day proration (target: < 5 s);
* phasing: every consultant's target (about 100,000) into days, level by level through
  quarters, months and dekads, with a work calendar (target: < 30 s). The phasing
  weights are built once (``Phaser``) and each target is split in whole quanta.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
from decimal import Decimal

from _bench import print_table, timed
from org_scale import build_records

from deepmarketing.org import Organization
from deepmarketing.periods import Period, PeriodKind, WorkCalendar
from deepmarketing.quantities import SALES_CNY
from deepmarketing.targets import OwnerKind, Phaser, apportion, cascade, prior_actuals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a 10x smaller problem")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    scale = 10 if args.small else 1
    rows: list[tuple[str, str, str]] = []
    rng = random.Random(0)

    keys = 1_000_000 // scale
    weights = {f"K{i}": Decimal(rng.randrange(1, 10**6)) / 100 for i in range(keys)}
    total = Decimal("987654321.09")
    seconds, shares = timed(
        lambda: apportion(total, weights, quantum=Decimal("0.01")), args.repeats
    )
    assert sum(shares.values()) == total
    rows.append((f"apportion over {keys:,} keys", f"{seconds:.2f} s", "< 3 s"))

    records = build_records(100_000 // scale, 5_000 // scale, 1_000_000 // scale, seed=0)
    org = Organization.from_records(**records)
    year = Period.parse("2026")
    calendar = WorkCalendar()
    person_weight = {p.id: rng.randrange(1, 100) for p in org.people}

    def weight(owner: str) -> int:
        return person_weight.get(owner, 1)

    seconds, plan = timed(
        lambda: cascade(
            org, SALES_CNY, year, Decimal("9876543210.00"), weights=weight, calendar=calendar
        ),
        args.repeats,
    )
    assert plan.check() == []
    people = [t for t in plan if t.kind is OwnerKind.PERSON]
    rows.append((f"cascade to {len(people):,} person targets", f"{seconds:.2f} s", "< 5 s"))

    prior = {c.id: Decimal(rng.randrange(1, 10**7)) / 100 for c in org.customers}
    driver = prior_actuals(org, prior, as_of=year.start)
    seconds, _ = timed(
        lambda: cascade(
            org, SALES_CNY, year, Decimal("9876543210.00"), weights=driver, calendar=calendar
        ),
        1,
    )
    rows.append(
        ("cascade weighted by 1,000,000 customers' prior sales", f"{seconds:.2f} s", "< 5 s")
    )

    def phase_all() -> int:
        # One Phaser per distinct period: the year, and the clipped parts of it that
        # people who moved spent in each unit.
        quantum = SALES_CNY.quantum
        phasers: dict[Period, Phaser] = {}
        cells = 0
        for target in people:
            phaser = phasers.get(target.period)
            if phaser is None:
                phaser = Phaser(target.period, PeriodKind.DAY, quantum=quantum, calendar=calendar)
                phasers[target.period] = phaser
            units = int(target.amount / quantum)
            days = phaser.split_units(units)
            assert sum(days) == units
            cells += len(days)
        return cells

    seconds, cells = timed(phase_all, 1)
    rows.append(
        (
            f"phase all {len(people):,} person targets into days ({cells:,} cells)",
            f"{seconds:.1f} s",
            "< 30 s",
        )
    )

    # The whole plan phased into days: every person's target on their own days, every
    # unit the sum of its people, every grain nesting in the next.
    seconds, phased = timed(lambda: plan.phase(PeriodKind.DAY, calendar=calendar), 1)
    assert phased.check() == []
    rows.append(
        (
            f"plan.phase into days: {len(plan):,} targets, units add up day by day",
            f"{seconds:.1f} s",
            "< 30 s",
        )
    )

    print(
        f"deepmarketing targets scale: {len(org.people):,} people, {len(org.units):,} units; "
        f"Python {platform.python_version()} on {platform.machine()}; median of {args.repeats}"
        " (phasing: one run)"
    )
    print()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
