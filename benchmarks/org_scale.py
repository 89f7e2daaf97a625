"""How fast a large organization builds and answers: 100,000 people, 5,000 units, 1M customers.

Run: ``python benchmarks/org_scale.py`` (about a minute; ``--small`` for a 10x smaller
quick look). Prints one table: each measured step, its median over the repeats, and the
target from the foundations issue where it names one.

What is measured:

* records: building the frozen record objects (what a CRM's import does before us);
* from_records: validating and indexing them into an Organization (target: < 10 s);
* members(root, recursive=True): everyone in the company on one day (target: < 0.5 s);
* single lookups (manager_of, chain_of_command, owner_of, customers_of), per call.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
from collections.abc import Callable
from typing import Any

import pendulum
from _bench import print_table, timed

from deepmarketing.org import (
    Assignment,
    Customer,
    CustomerKind,
    GeoPoint,
    Level,
    Organization,
    Person,
    Role,
    TerritoryAssignment,
    Unit,
)

START = pendulum.Date(2024, 1, 1)
AS_OF = pendulum.Date(2026, 7, 1)
KINDS = tuple(CustomerKind)


def build_records(people: int, units: int, customers: int, seed: int) -> dict[str, list[Any]]:
    """Records of a company: 1 root, 20 districts, 10 regions each, the rest teams."""
    rng = random.Random(seed)
    unit_records = [Unit("U0", "Company", level=Level.COMPANY)]
    districts = [f"U{i}" for i in range(1, 21)]
    unit_records += [Unit(d, d, parent_id="U0", level=Level.DISTRICT) for d in districts]
    regions = [f"U{i}" for i in range(21, 221)]
    unit_records += [
        Unit(r, r, parent_id=districts[i % 20], level=Level.REGION) for i, r in enumerate(regions)
    ]
    teams = [f"U{i}" for i in range(221, units)]
    unit_records += [
        Unit(t, t, parent_id=regions[i % 200], level=Level.TEAM) for i, t in enumerate(teams)
    ]
    managed = ["U0", *districts, *regions, *teams]
    roles = (
        [Role.VP_SALES]
        + [Role.DISTRICT_MANAGER] * 20
        + [Role.REGIONAL_MANAGER] * 200
        + [Role.TEAM_LEADER] * len(teams)
    )
    person_records = [Person(f"P{i}", f"Person {i}", hired_on=START) for i in range(people)]
    assignments = [
        Assignment(f"P{i}", unit, role=role, start=START)
        for i, (unit, role) in enumerate(zip(managed, roles, strict=True))
    ]
    consultants = [f"P{i}" for i in range(len(managed), people)]
    transfer = pendulum.Date(2026, 3, 16)
    before = pendulum.Date(2026, 3, 15)
    for person in consultants:
        team = teams[rng.randrange(len(teams))]
        if rng.random() < 0.1:  # one in ten moved teams mid-month
            other = teams[rng.randrange(len(teams))]
            assignments.append(
                Assignment(person, other, role=Role.CONSULTANT, start=START, end=before)
            )
            assignments.append(Assignment(person, team, role=Role.CONSULTANT, start=transfer))
        else:
            assignments.append(Assignment(person, team, role=Role.CONSULTANT, start=START))
    customer_records = []
    territories = []
    for i in range(customers):
        customer_id = f"C{i}"
        customer_records.append(
            Customer(
                customer_id,
                f"Customer {i}",
                kind=KINDS[i % 4],
                location=GeoPoint(30 + rng.random() * 10, 110 + rng.random() * 10),
                node=i,
            )
        )
        territories.append(
            TerritoryAssignment(customer_id, consultants[i % len(consultants)], start=START)
        )
    return {
        "units": unit_records,
        "people": person_records,
        "assignments": assignments,
        "customers": customer_records,
        "territories": territories,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a 10x smaller organization")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    scale = 10 if args.small else 1
    people, units, customers = 100_000 // scale, 5_000 // scale, 1_000_000 // scale
    rows: list[tuple[str, str, str]] = []

    seconds, records = timed(lambda: build_records(people, units, customers, seed=0), 1)
    rows.append(("build the record objects (caller's side)", f"{seconds:.2f} s", "-"))
    seconds, org = timed(lambda: Organization.from_records(**records), args.repeats)
    rows.append(("Organization.from_records", f"{seconds:.2f} s", "< 10 s"))
    seconds, members = timed(lambda: org.members("U0", as_of=AS_OF), args.repeats)
    rows.append((f"members(root, recursive) -> {len(members):,}", f"{seconds:.3f} s", "< 0.5 s"))

    rng = random.Random(1)
    sample_people = [f"P{rng.randrange(people)}" for _ in range(10_000)]
    sample_customers = [f"C{rng.randrange(customers)}" for _ in range(10_000)]
    lookups: list[tuple[str, Callable[[], Any]]] = [
        ("manager_of", lambda: [org.manager_of(p, as_of=AS_OF) for p in sample_people]),
        ("chain_of_command", lambda: [org.chain_of_command(p, as_of=AS_OF) for p in sample_people]),
        ("owner_of", lambda: [org.owner_of(c, as_of=AS_OF) for c in sample_customers]),
        ("customers_of", lambda: [org.customers_of(p, as_of=AS_OF) for p in sample_people]),
    ]
    for name, fn in lookups:
        seconds, _ = timed(fn, args.repeats)
        rows.append((f"{name} (per call, 10,000 calls)", f"{seconds / 10_000 * 1e6:.1f} us", "-"))

    print(
        f"deepmarketing org scale: {people:,} people, {units:,} units, {customers:,} customers, "
        f"{len(records['assignments']):,} assignments"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, median of {args.repeats}")
    print()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
