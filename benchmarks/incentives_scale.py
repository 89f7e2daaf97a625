"""How fast incentives run at scale: crediting 1,000,000 transactions (and statements).

Run: ``python benchmarks/incentives_scale.py`` (about a minute; ``--small`` for a 10x
smaller quick look). Prints one table: each measured step, its median over the repeats,
and the target from the incentives issue (crediting 1,000,000 transactions and computing
100,000 monthly statements: under 60 s together on one core).

The organization is ``org_scale.py``'s: 100,000 people, 5,000 units, 1,000,000
customers, one consultant in ten moving teams on 2026-03-16. The transactions span 2026:
85% sales (a third with a product and a quantity in tonnes), 5% refunds of an earlier
sale of the same customer, 10% collections naming a sale; 1% of the customers have split
credit shared by two or three consultants.

What is measured, one function per step:

* transactions: building the frozen Transaction records (the caller's side);
* credit: validating and crediting them, with roll-up to every manager (target: well
  under 30 s, half of the issue's budget);
* queries: a monthly net-sales ``total`` for every person and ``team_total`` for every
  manager, as a statement run reads them;
* statements: a July statement for all 100,000 people (``step_statements``): the
  consultants' plan with every component a consultant has, the managers' override plan
  (target: well under 30 s, the other half of the budget).
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
from decimal import Decimal
from typing import Any

import pendulum
from _bench import print_table, timed
from org_scale import build_records

from deepmarketing.incentives import (
    AttainmentBonus,
    Clawback,
    Commission,
    CreditLedger,
    Draw,
    Gate,
    ManagerOverride,
    Measure,
    PayInputs,
    Plan,
    RateMode,
    RateTable,
    Spif,
    SpifBasis,
    Split,
    Statement,
    Tier,
    Transaction,
    TransactionKind,
    calculate,
    credit,
)
from deepmarketing.org import Organization, Role
from deepmarketing.periods import Period, PeriodKind, WorkCalendar
from deepmarketing.quantities import exact_sum

YEAR = Period.parse("2026")
Row = tuple[str, str, str]


def build_org(scale: int) -> Organization:
    records = build_records(100_000 // scale, 5_000 // scale, 1_000_000 // scale, seed=0)
    return Organization.from_records(**records)


def build_splits(org: Organization, *, share: float, seed: int) -> list[Split]:
    """Split credit for a fraction of the customers, among two or three consultants."""
    rng = random.Random(seed)
    consultants = [p.id for p in org.members(org.root.id, as_of=YEAR.start, role=Role.CONSULTANT)]
    splits = []
    for customer in org.customers:
        if rng.random() < share:
            people = rng.sample(consultants, rng.choice((2, 3)))
            shares = (
                {people[0]: Decimal("0.5"), people[1]: Decimal("0.5")}
                if len(people) == 2
                else {
                    people[0]: Decimal("0.5"),
                    people[1]: Decimal("0.3"),
                    people[2]: Decimal("0.2"),
                }
            )
            splits.append(Split(customer.id, shares))
    return splits


def build_transactions(org: Organization, count: int, *, seed: int) -> list[Transaction]:
    """``count`` transactions over 2026: sales, refunds of earlier sales, collections."""
    rng = random.Random(seed)
    customers = [c.id for c in org.customers]
    first, days = YEAR.start.toordinal(), YEAR.days
    products = ("pig-feed", "poultry-feed", "premix")
    sales: list[Transaction] = []
    transactions: list[Transaction] = []
    refunded: dict[str, int] = {}
    collected: dict[str, int] = {}
    for n in range(count):
        roll = rng.random()
        if roll < 0.15 and sales:
            sale = sales[rng.randrange(len(sales))]
            day = pendulum.Date.fromordinal(
                min(first + days - 1, sale.date.toordinal() + rng.randrange(60))
            )
            cents = int(sale.amount * 100)
            if roll < 0.05:
                left = cents - refunded.get(sale.id, 0)
                if left <= 0:
                    continue
                back = rng.randrange(1, left + 1)
                refunded[sale.id] = refunded.get(sale.id, 0) + back
                transactions.append(
                    Transaction(
                        f"T{n}",
                        day,
                        sale.customer,
                        Decimal(back) / 100,
                        kind=TransactionKind.REFUND,
                        original=sale.id,
                    )
                )
            else:
                named = rng.random() < 0.5
                left = cents - collected.get(sale.id, 0) if named else cents
                if left <= 0:
                    continue
                paid = rng.randrange(1, left + 1)
                if named:
                    collected[sale.id] = collected.get(sale.id, 0) + paid
                transactions.append(
                    Transaction(
                        f"T{n}",
                        day,
                        sale.customer,
                        Decimal(paid) / 100,
                        kind=TransactionKind.COLLECTION,
                        original=sale.id if named else None,
                    )
                )
            continue
        day = pendulum.Date.fromordinal(first + rng.randrange(days))
        amount = Decimal(rng.randrange(100, 10_000_000)) / 100
        if rng.random() < 1 / 3:
            sale = Transaction(
                f"T{n}",
                day,
                customers[rng.randrange(len(customers))],
                amount,
                product=products[rng.randrange(3)],
                quantity=Decimal(rng.randrange(1, 50_000)) / 1000,
            )
        else:
            sale = Transaction(f"T{n}", day, customers[rng.randrange(len(customers))], amount)
        sales.append(sale)
        transactions.append(sale)
    rng.shuffle(transactions)  # the order must not matter
    return transactions


def step_crediting(
    org: Organization, transactions: list[Transaction], splits: list[Split], repeats: int
) -> tuple[list[Row], CreditLedger]:
    seconds, ledger = timed(lambda: credit(transactions, org, splits=splits), repeats)
    assert not ledger.rejected
    rows = [
        (
            f"credit {len(transactions):,} transactions -> {len(ledger):,} credits",
            f"{seconds:.2f} s",
            "-",
        )
    ]
    return rows, ledger


def step_queries(org: Organization, ledger: CreditLedger, repeats: int) -> list[Row]:
    month = Period.containing(pendulum.Date(2026, 7, 1), PeriodKind.MONTH)
    managers = [a.person_id for a in org.assignments if a.role.is_manager]
    people = [p.id for p in org.people]

    def totals() -> Any:
        return [ledger.total(p, month) for p in people]

    def team_totals() -> Any:
        return [ledger.team_total(m, month) for m in managers]

    rows: list[Row] = []
    seconds, _ = timed(totals, repeats)
    rows.append((f"total(person, {month}) for {len(people):,} people", f"{seconds:.2f} s", "-"))
    seconds, _ = timed(team_totals, repeats)
    rows.append(
        (f"team_total(manager, {month}) for {len(managers):,} managers", f"{seconds:.2f} s", "-")
    )
    return rows


def statement_plans() -> tuple[Plan, Plan]:
    """The consultants' plan (every consultant component) and the managers' plan."""
    start = pendulum.Date(2026, 1, 1)
    table = RateTable(
        (
            Tier(0, 500_000, Decimal("0.02")),
            Tier(500_000, 2_000_000, Decimal("0.03")),
            Tier(2_000_000, None, Decimal("0.04")),
        ),
        mode=RateMode.MARGINAL,
    )
    commission = Commission("commission", table, base=Measure.GROSS_SALES, cap=Decimal("100000"))
    curve = RateTable(
        (
            Tier(0, Decimal("0.5"), 0),
            Tier(Decimal("0.5"), 1, 2),
            Tier(1, Decimal("1.5"), 3),
            Tier(Decimal("1.5"), None, 0),
        ),
        mode=RateMode.MARGINAL,
    )
    consultants = Plan(
        "consultants 2026",
        (
            commission,
            Clawback("clawback", commission, days=90, refunds=True),
            AttainmentBonus(
                "bonus",
                target_pay=Decimal("3000"),
                curve=curve,
                gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.3")),),
            ),
            Spif("new customers", per=Decimal("200"), basis=SpifBasis.NEW_CUSTOMER),
            Spif("premix", per=Decimal("50"), basis=SpifBasis.UNIT, product="premix"),
        ),
        start=start,
        cap=Decimal("150000"),
        draw=Draw(Decimal("4000"), recoverable=True),
    )
    managers = Plan(
        "managers 2026",
        (ManagerOverride("override", RateTable.flat(Decimal("0.002"))),),
        start=start,
        draw=Draw(Decimal("8000"), recoverable=False),
    )
    return consultants, managers


def step_statements(org: Organization, ledger: CreditLedger, repeats: int) -> list[Row]:
    """A July statement for every person: consultants' plan, or the managers' override.

    Consultants: marginal commission on gross sales with a cap, clawback of refunds and
    of sales not collected within 90 days, an accelerated bonus gated on collection,
    two SPIFs, a plan cap and a recoverable draw; proration by working days for the
    people who moved. Managers: an override on their team's credited sales and a draw.
    """
    consultants, managers = statement_plans()
    month = Period.parse("2026-07")
    as_of = pendulum.Date(2026, 8, 10)
    calendar = WorkCalendar()
    rng = random.Random(3)
    manager_ids = {a.person_id for a in org.assignments if a.role.is_manager}
    inputs = [
        PayInputs(
            p.id,
            ledger,
            targets={"sales": Decimal(rng.randrange(100_000, 3_000_000))},
            org=org,
            calendar=calendar,
        )
        for p in org.people
    ]

    def run() -> list[Statement]:
        return [
            calculate(
                managers if i.person in manager_ids else consultants,
                i,
                period=month,
                as_of=as_of,
            )
            for i in inputs
        ]

    seconds, statements = timed(run, repeats)
    lines = sum(len(s.lines) for s in statements)
    assert all(s.total == exact_sum(x.amount for x in s.lines) for s in statements)
    return [
        (
            f"calculate {len(statements):,} statements for {month} ({lines:,} lines)",
            f"{seconds:.2f} s",
            "-",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a 10x smaller problem")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    scale = 10 if args.small else 1
    rows: list[Row] = []

    org = build_org(scale)
    splits = build_splits(org, share=0.01, seed=1)
    count = 1_000_000 // scale
    seconds, transactions = timed(lambda: build_transactions(org, count, seed=2), 1)
    rows.append(
        (
            f"build {len(transactions):,} Transaction records (caller's side)",
            f"{seconds:.2f} s",
            "-",
        )
    )
    credit_rows, ledger = step_crediting(org, transactions, splits, args.repeats)
    rows += credit_rows
    rows += step_queries(org, ledger, args.repeats)
    rows += step_statements(org, ledger, args.repeats)
    together = sum(float(rows[i][1].split()[0]) for i in (1, len(rows) - 1))
    rows.append(("crediting and statements together", f"{together:.2f} s", "< 60 s"))

    print(
        f"deepmarketing incentives scale: {len(org.people):,} people, {len(org.customers):,} "
        f"customers, {len(transactions):,} transactions, {len(splits):,} split customers"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, median of {args.repeats}")
    print()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
