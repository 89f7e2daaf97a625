"""Tests for deepmarketing.incentives crediting: who is credited, exactly how much, and why not."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, CreditingError, DateTypeError, PlanError
from deepmarketing.incentives import (
    Credit,
    CreditLedger,
    Split,
    Transaction,
    TransactionKind,
    credit,
)
from deepmarketing.org import (
    Assignment,
    Customer,
    Organization,
    Person,
    Role,
    TerritoryAssignment,
    Unit,
)
from deepmarketing.periods import Period
from incentives.strategies import (
    amounts,
    batches,
    company_consultants,
    company_customers,
    company_org,
    days,
    quantities,
    share_maps,
)

SALE, REFUND, COLLECTION = TransactionKind.SALE, TransactionKind.REFUND, TransactionKind.COLLECTION
YEAR = Period.parse("2026")
JULY = Period.parse("2026-07")
D = pendulum.Date


def sale(tx_id: str, day: D, customer: str, amount: str | int, **fields: object) -> Transaction:
    """A sale (or, with kind=..., another transaction) with a string amount."""
    return Transaction(tx_id, day, customer, Decimal(amount), **fields)  # type: ignore[arg-type]


def refund(
    tx_id: str, day: D, customer: str, amount: str | int, original: str, **fields: object
) -> Transaction:
    """A refund of ``original``."""
    return Transaction(
        tx_id, day, customer, Decimal(amount), kind=REFUND, original=original, **fields
    )  # type: ignore[arg-type]


def directs(ledger: CreditLedger) -> list[tuple[str, str, Decimal]]:
    """(transaction, person, amount) of every direct credit."""
    return [(c.transaction, c.person, c.amount) for c in ledger.credits if c.direct]


@pytest.fixture
def org() -> Organization:
    """The sample company's organization."""
    return company_org()


@pytest.fixture
def vacant_org() -> Organization:
    """Company > district > region whose regional manager's post is vacant in July 2026."""
    start = D(2026, 1, 1)
    return Organization.from_records(
        units=[
            Unit("HQ", "Co", level="company"),
            Unit("D1", "North", parent_id="HQ", level="district"),
            Unit("R1", "Xinxiang", parent_id="D1", level="region"),
        ],
        people=[Person(p, p) for p in ("VP", "DM", "RM", "C1", "C2")],
        assignments=[
            Assignment("VP", "HQ", role=Role.VP_SALES, start=start),
            Assignment("DM", "D1", role=Role.DISTRICT_MANAGER, start=start),
            Assignment("RM", "R1", role=Role.REGIONAL_MANAGER, start=start, end=D(2026, 6, 30)),
            Assignment("C1", "R1", role=Role.CONSULTANT, start=start),
            Assignment("C2", "R1", role=Role.CONSULTANT, start=start, end=D(2026, 8, 31)),
        ],
        customers=[Customer(c, c, kind="dealer") for c in ("A", "B", "NOBODY")],
        territories=[
            TerritoryAssignment("A", "C1", start=start),
            TerritoryAssignment("B", "C2", start=start),
        ],
    )


# -- value objects ------------------------------------------------------------------------


def test_transaction_converts_a_plain_date() -> None:
    """A datetime.date becomes a pendulum.Date; the kind defaults to a sale."""
    t = Transaction("S-1", datetime.date(2026, 7, 3), "C-1", Decimal("1.50"))
    assert (D(2026, 7, 3), SALE) == (t.date, t.kind)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"amount": 1.5}, AmountTypeError, "amount of transaction 'T-1': expected a Decimal"),
        ({"amount": Decimal("0")}, PlanError, "expected a positive multiple of 0.01 CNY"),
        ({"amount": Decimal("-5")}, PlanError, "the sign comes from the kind"),
        ({"amount": Decimal("1.005")}, PlanError, "got 1.005"),
        ({"quantity": Decimal("0")}, PlanError, "expected a positive quantity"),
        ({"quantity": 2.5}, AmountTypeError, "quantity of transaction 'T-1'"),
        ({"kind": "return"}, PlanError, "expected kind to be one of sale, refund, collection"),
        ({"kind": "refund"}, PlanError, "a refund must name its original sale"),
        ({"original": "S-0"}, PlanError, "a sale names no original"),
        ({"customer": ""}, PlanError, "expected customer to be a non-empty string"),
        ({"date": "2026-07-03"}, DateTypeError, "date of transaction 'T-1': expected a date"),
    ],
)
def test_transaction_refuses_bad_fields(
    fields: dict[str, object], error: type, message: str
) -> None:
    """Each bad field is refused with an error naming the transaction and what was expected."""
    row: dict[str, object] = {
        "id": "T-1",
        "date": D(2026, 7, 3),
        "customer": "C-1",
        "amount": Decimal("10"),
    }
    row.update(fields)
    with pytest.raises(error, match="transaction 'T-1'") as info:
        Transaction(**row)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_split_keeps_read_only_shares_sorted_by_person() -> None:
    """Shares are converted, sorted by person id and read-only; splits compare by content."""
    split = Split("C-1", {"P-2": "0.25", "P-1": Decimal("0.75")})
    assert [("P-1", Decimal("0.75")), ("P-2", Decimal("0.25"))] == list(split.shares.items())
    with pytest.raises(TypeError):
        split.shares["P-3"] = Decimal(0)  # type: ignore[index]
    assert Split("C-1", {"P-1": Decimal("0.75"), "P-2": Decimal("0.25")}) == split
    assert hash(split) == hash(Split("C-1", {"P-1": 1}))


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        (
            {"P-1": Decimal("0.6"), "P-2": Decimal("0.3")},
            "shares add up to 0.9; expected exactly 1",
        ),
        (
            {"P-1": Decimal("1.5"), "P-2": Decimal("-0.5")},
            "share of 'P-2' is -0.5; expected a share above 0",
        ),
        ({}, "expected shares as a non-empty mapping"),
        ({"P-1": Decimal(1), "": Decimal(0)}, "expected person ids as non-empty strings"),
    ],
)
def test_split_refuses_shares_not_adding_to_one(shares: dict[str, Decimal], message: str) -> None:
    """A split's shares must be positive and add up to exactly 1; the error names the split."""
    with pytest.raises(PlanError, match="split of customer 'C-1'") as info:
        Split("C-1", shares)
    assert message in str(info.value)


def test_split_refuses_end_before_start() -> None:
    """A split cannot end before it starts."""
    with pytest.raises(PlanError, match="ends on 2026-06-30, before it starts on 2026-07-01"):
        Split("C-1", {"P-1": 1}, start=D(2026, 7, 1), end=D(2026, 6, 30))


# -- who is credited ----------------------------------------------------------------------


def test_sale_goes_to_the_owner_and_rolls_up_the_chain(org: Organization) -> None:
    """A sale is credited to the owner and, in full, to every manager above them."""
    ledger = credit([sale("S-1", D(2026, 7, 3), "C-D1-R1-C1-01", "1000")], org)
    expected = [
        Credit("S-1", "P-D1-R1-C1", amount=Decimal("1000.00"), date=D(2026, 7, 3), kind=SALE,
               customer="C-D1-R1-C1-01", sale="S-1"),
        *(
            Credit("S-1", manager, amount=Decimal("1000.00"), date=D(2026, 7, 3), kind=SALE,
                   customer="C-D1-R1-C1-01", sale="S-1", direct=False, source="P-D1-R1-C1")
            for manager in ("P-D1-R1-M", "P-D1-M", "P-VP")
        ),
    ]  # fmt: skip
    assert expected == list(ledger.credits)
    assert expected == list(ledger)
    assert 4 == len(ledger)


def test_owner_as_of_the_date_across_the_july_transfer(org: Organization) -> None:
    """On 2026-07-15 P-D1-R1-C5 moves to D1-R2: credit follows the owner and chain of each day."""
    batch = [
        sale("A-14", D(2026, 7, 14), "C-D1-R1-C5-01", "100"),
        sale("A-15", D(2026, 7, 15), "C-D1-R1-C5-01", "100"),
        sale("B-14", D(2026, 7, 14), "C-D1-R2-C5-01", "100"),
        sale("B-15", D(2026, 7, 15), "C-D1-R2-C5-01", "100"),
    ]
    ledger = credit(batch, org)
    people = {
        t: [(c.person, c.direct) for c in ledger.credits if c.transaction == t]
        for t in ("A-14", "A-15", "B-14", "B-15")
    }
    assert {
        # the old territory: the mover until the 14th, the new hire from the 15th
        "A-14": [("P-D1-R1-C5", True), ("P-D1-R1-M", False), ("P-D1-M", False), ("P-VP", False)],
        "A-15": [("P-D1-R1-C6", True), ("P-D1-R1-M", False), ("P-D1-M", False), ("P-VP", False)],
        # the vacant territory: the regional manager covers, then the mover takes it over
        "B-14": [("P-D1-R2-M", True), ("P-D1-M", False), ("P-VP", False)],
        "B-15": [("P-D1-R1-C5", True), ("P-D1-R2-M", False), ("P-D1-M", False), ("P-VP", False)],
    } == people
    assert frozenset({"C-D1-R1-C5-01"}) == ledger.new_customers("P-D1-R1-C5", JULY)
    assert Decimal("100.00") == ledger.team_total("P-D1-R2-M", JULY)


@given(batch=batches(company_customers(), max_sales=6))
def test_direct_credit_goes_to_the_owner_of_the_day(batch: list[Transaction]) -> None:
    """Every sale and collection is credited to org.owner_of(customer, as_of=its date)."""
    org = company_org()
    ledger = credit(batch, org)
    for c in ledger.credits:
        if c.direct and c.kind is not REFUND:
            owner = org.owner_of(c.customer, as_of=c.date)
            assert owner is not None
            assert owner.id == c.person


def test_vacant_post_passes_the_line_up(vacant_org: Organization) -> None:
    """With the regional post vacant, roll-up skips it to the district manager."""
    ledger = credit(
        [sale("S-6", D(2026, 6, 30), "A", "10"), sale("S-7", D(2026, 7, 1), "A", "10")], vacant_org
    )
    chains = defaultdict(list)
    for c in ledger.credits:
        if not c.direct:
            chains[c.transaction].append(c.person)
    assert {"S-6": ["RM", "DM", "VP"], "S-7": ["DM", "VP"]} == dict(chains)


def test_rollup_false_credits_only_the_owner(org: Organization) -> None:
    """Without roll-up only the directly credited people appear."""
    ledger = credit([sale("S-1", D(2026, 7, 3), "C-D1-R1-C1-01", "10")], org, rollup=False)
    assert [("S-1", "P-D1-R1-C1", Decimal("10.00"))] == directs(ledger)
    assert 1 == len(ledger.credits)
    assert frozenset({"P-D1-R1-C1"}) == ledger.people(JULY)


def test_split_replaces_the_owner_while_it_applies(org: Organization) -> None:
    """A split applies on its days only; outside them the owner is credited."""
    split = Split(
        "C-D1-R1-C1-01",
        {"P-D1-R1-C1": Decimal("0.6"), "P-D1-R2-C1": Decimal("0.4")},
        start=D(2026, 7, 1),
        end=D(2026, 7, 31),
    )
    batch = [
        sale("S-6", D(2026, 6, 30), "C-D1-R1-C1-01", "100"),
        sale("S-7", D(2026, 7, 1), "C-D1-R1-C1-01", "100.01"),
    ]
    ledger = credit(batch, org, splits=[split])
    assert [
        ("S-6", "P-D1-R1-C1", Decimal("100.00")),
        ("S-7", "P-D1-R1-C1", Decimal("60.01")),
        ("S-7", "P-D1-R2-C1", Decimal("40.00")),
    ] == directs(ledger)
    # Each split person's credit rolls up their own chain.
    assert Decimal("40.00") == ledger.team_total("P-D1-R2-M", JULY)
    assert Decimal("100.01") == ledger.team_total("P-D1-M", JULY)


@given(
    amount=amounts(), shares=share_maps(company_consultants()), quantity=st.none() | quantities()
)
def test_split_credit_adds_up_exactly_to_the_transaction(
    amount: Decimal, shares: dict[str, Decimal], quantity: Decimal | None
) -> None:
    """For any shares adding up to 1, credits and units add up exactly, each within a fen."""
    customer = "C-D1-R1-C1-01"
    tx = Transaction("S-1", D(2026, 5, 6), customer, amount, product="feed", quantity=quantity)
    ledger = credit([tx], company_org(), splits=[Split(customer, shares)])
    credits = [c for c in ledger.credits if c.direct]
    assert sorted(shares) == [c.person for c in credits]
    assert amount == sum(c.amount for c in credits)
    for c in credits:
        assert shares[c.person] == c.share
        assert abs(c.amount - amount * c.share) < Decimal("0.01")
    if quantity is not None:
        assert quantity == sum(c.quantity for c in credits if c.quantity is not None)
    for c in ledger.credits:
        if not c.direct:
            assert c.amount == next(d.amount for d in credits if d.person == c.source)


def test_split_naming_unknown_people_or_overlapping_is_refused(org: Organization) -> None:
    """Bad splits are refused together, whatever errors= says."""
    splits = [
        Split("C-D1-R1-C1-01", {"P-D1-R1-C1": 1}, end=D(2026, 7, 31)),
        Split("C-D1-R1-C1-01", {"P-NOBODY": 1}, start=D(2026, 7, 31)),
        Split("C-NOBODY", {"P-D1-R1-C1": 1}),
    ]
    with pytest.raises(CreditingError) as info:
        credit([], org, splits=splits, errors="collect")
    assert (
        (
            "split of customer 'C-D1-R1-C1-01': shares name people who are not in the "
            "organization: 'P-NOBODY'"
        ),
        "split of customer 'C-NOBODY': customer 'C-NOBODY' is not in the organization",
        (
            "split of customer 'C-D1-R1-C1-01': two splits apply at once (open..2026-07-31 and "
            "2026-07-31..open); expected at most one per day"
        ),
    ) == info.value.problems


# -- refunds ------------------------------------------------------------------------------


def test_refund_goes_to_the_sale_people_but_lands_on_its_own_date(org: Organization) -> None:
    """A refund comes off the sale's people and chain, dated in the month it happens."""
    customer = "C-D1-R1-C5-01"
    batch = [
        sale("S-1", D(2026, 7, 10), customer, "300"),
        refund("R-1", D(2026, 8, 3), customer, "100", "S-1"),
    ]
    ledger = credit(batch, org)
    august = Period.parse("2026-08")
    assert [
        (c.person, c.amount, c.date, c.sale, c.direct)
        for c in ledger.credits
        if c.transaction == "R-1"
    ] == [
        ("P-D1-R1-C5", Decimal("-100.00"), D(2026, 8, 3), "S-1", True),
        ("P-D1-R1-M", Decimal("-100.00"), D(2026, 8, 3), "S-1", False),
        ("P-D1-M", Decimal("-100.00"), D(2026, 8, 3), "S-1", False),
        ("P-VP", Decimal("-100.00"), D(2026, 8, 3), "S-1", False),
    ]
    assert Decimal("300.00") == ledger.total("P-D1-R1-C5", JULY)
    assert Decimal("-100.00") == ledger.total("P-D1-R1-C5", august)
    assert Decimal("-100.00") == ledger.total("P-D1-R1-C5", august, kind=REFUND)
    assert Decimal("0.00") == ledger.total("P-D1-R1-C6", august)
    assert [c.transaction for c in ledger.refunds_of("S-1")] == ["R-1"] * 4
    assert [c.transaction for c in ledger.sale_credits("P-D1-R1-C5", JULY)] == ["S-1"]


def test_partial_refunds_follow_what_each_split_person_still_holds(org: Organization) -> None:
    """Refunds are split by what is left of each person's credit, so the last one evens out."""
    customer = "C-D1-R1-C1-01"
    split = Split(customer, {"P-D1-R1-C1": Decimal("0.5"), "P-D1-R1-C2": Decimal("0.5")})
    batch = [
        sale("S-1", D(2026, 7, 1), customer, "0.03", product="feed", quantity=Decimal("3")),
        refund("R-1", D(2026, 7, 2), customer, "0.01", "S-1", quantity=Decimal("1")),
        refund("R-2", D(2026, 7, 3), customer, "0.02", "S-1", quantity=Decimal("2")),
    ]
    ledger = credit(batch, org, splits=[split], rollup=False)
    assert [
        ("S-1", "P-D1-R1-C1", Decimal("0.02")),
        ("S-1", "P-D1-R1-C2", Decimal("0.01")),
        ("R-1", "P-D1-R1-C1", Decimal("-0.01")),
        ("R-1", "P-D1-R1-C2", Decimal("0.00")),
        ("R-2", "P-D1-R1-C1", Decimal("-0.01")),
        ("R-2", "P-D1-R1-C2", Decimal("-0.01")),
    ] == directs(ledger)
    for person in ("P-D1-R1-C1", "P-D1-R1-C2"):
        assert Decimal("0.00") == ledger.total(person, JULY)
        assert Decimal(0) == ledger.units(person, JULY, product="feed")


@given(
    amount=amounts(max_cents=10**7),
    shares=share_maps(company_consultants()),
    pieces=st.lists(st.integers(1, 100), min_size=1, max_size=4),
    quantity=st.none() | quantities(),
    first=days(),
    later=st.lists(st.integers(0, 60), min_size=4, max_size=4),
)
def test_a_sale_and_its_full_refund_net_to_zero_for_everyone(
    amount: Decimal,
    shares: dict[str, Decimal],
    pieces: list[int],
    quantity: Decimal | None,
    first: D,
    later: list[int],
) -> None:
    """A sale refunded in full nets to zero for every person and manager, money and units."""
    customer = "C-D1-R2-C5-01"  # changes hands in July: refunds must still find the sale's people
    total = int(amount * 100)
    weights = sum(pieces)
    backs = [total * p // weights for p in pieces]
    backs[0] += total - sum(backs)
    backs = [b for b in backs if b]
    batch = [Transaction("S-1", first, customer, amount, product="feed", quantity=quantity)]
    for k, back in enumerate(backs):
        returned = quantity if k == 0 else None
        batch.append(
            Transaction(
                f"R-{k}",
                first.add(days=later[k]),
                customer,
                Decimal(back).scaleb(-2),
                kind=REFUND,
                original="S-1",
                quantity=returned,
            )
        )
    ledger = credit(batch, company_org(), splits=[Split(customer, shares)])
    years = (Period.parse("2026"), Period.parse("2027"))
    people = {c.person for c in ledger.credits}
    assert set(shares) <= people
    for person in people:
        for direct in (True, False):
            mine = [c for c in ledger.credits if c.person == person and c.direct is direct]
            assert Decimal(0) == sum(c.amount for c in mine)
            assert Decimal(0) == sum(c.quantity for c in mine if c.quantity is not None)
            assert Decimal(0) == sum(ledger.total(person, y, direct=direct) for y in years)
            units = (ledger.units(person, y, product="feed", direct=direct) for y in years)
            assert Decimal(0) == sum(units)


# -- roll-up ------------------------------------------------------------------------------


@given(batch=batches(company_customers(), max_sales=8), month=st.integers(1, 12))
def test_team_total_is_the_sum_of_direct_credits_below(
    batch: list[Transaction], month: int
) -> None:
    """A manager's roll-up total is the sum of the direct credits of the people below them."""
    org = company_org()
    ledger = credit(batch, org)
    period = Period.parse(f"2026-{month:02d}")
    dates = {t.id: t.date for t in batch}
    expected: dict[str, Decimal] = defaultdict(Decimal)
    collected: dict[str, Decimal] = defaultdict(Decimal)
    for c in ledger.credits:
        if not c.direct or not period.contains(c.date):
            continue
        chain_day = dates[c.sale] if c.kind is REFUND else c.date
        for manager in org.chain_of_command(c.person, as_of=chain_day):
            if c.kind is COLLECTION:
                collected[manager.id] += c.amount
            else:
                expected[manager.id] += c.amount
    for person in ledger.people(period) | set(expected):
        assert expected.get(person, Decimal(0)) == ledger.team_total(person, period)
        assert collected.get(person, Decimal(0)) == ledger.team_total(
            person, period, kind=COLLECTION
        )


# -- order and batches --------------------------------------------------------------------


@given(batch=batches(company_customers(), max_sales=6), data=st.data())
def test_results_do_not_depend_on_transaction_order(
    batch: list[Transaction], data: st.DataObject
) -> None:
    """Any order of the same batch gives the same ledger."""
    org = company_org()
    shuffled = data.draw(st.permutations(batch))
    first, second = credit(batch, org), credit(shuffled, org)
    assert first.credits == second.credits
    assert first.transactions == second.transactions
    rank = {SALE: 0, COLLECTION: 1, REFUND: 2}
    ordered = [(t.date, rank[t.kind], t.id) for t in first.transactions]
    assert sorted(ordered) == ordered


_BAD_KINDS = (
    "unknown customer",
    "float amount",
    "duplicate id",
    "unknown original",
    "refund too large",
    "refund of a collection",
    "no owner",
    "refund before sale",
    "refund of another customer",
    "collect too much",
    "missing field",
)


def _bad(kind: str, n: int, valid: list[Transaction]) -> list[Transaction | dict[str, object]]:
    """Records that are bad in one way, with ids B<n>..., built against the valid batch."""
    tx_id = f"B{n}"
    day = D(2026, 5, 5)
    customer = "C-D1-R1-C1-01"
    first_sale = next(t for t in valid if t.kind is SALE)
    if kind == "unknown customer":
        return [sale(tx_id, day, "C-NOBODY", "1")]
    if kind == "float amount":
        return [{"id": tx_id, "date": day, "customer": customer, "amount": 1.5}]
    if kind == "duplicate id":
        return [sale(tx_id, day, customer, "1"), sale(tx_id, day, customer, "2")]
    if kind == "unknown original":
        return [refund(tx_id, day, customer, "1", "S-NOBODY")]
    if kind == "refund too large":
        return [refund(tx_id, D(2026, 12, 31), first_sale.customer, "1000000000.00", first_sale.id)]
    if kind == "refund of a collection":  # the collection itself is valid
        return [
            sale(f"K{tx_id}", day, customer, "5", kind=COLLECTION),
            refund(tx_id, day, customer, "1", f"K{tx_id}"),
        ]
    if kind == "no owner":
        return [sale(tx_id, D(2023, 6, 1), customer, "1")]
    if kind == "refund before sale":
        return [refund(tx_id, D(2025, 12, 31), first_sale.customer, "0.01", first_sale.id)]
    if kind == "refund of another customer":
        other = "C-D3-R3-C1-02" if first_sale.customer != "C-D3-R3-C1-02" else "C-D3-R3-C1-01"
        return [refund(tx_id, D(2026, 12, 31), other, "0.01", first_sale.id)]
    if kind == "collect too much":
        return [
            sale(tx_id, D(2026, 12, 31), first_sale.customer, "1000000000.00", kind=COLLECTION,
                 original=first_sale.id)
        ]  # fmt: skip
    assert kind == "missing field"
    return [{"id": tx_id, "date": day, "amount": Decimal(1)}]


@given(
    valid=batches(company_customers(), max_sales=5),
    kinds=st.lists(st.sampled_from(_BAD_KINDS), min_size=1, max_size=6),
    data=st.data(),
)
def test_batch_errors_list_every_bad_record_and_keep_the_valid_ones(
    valid: list[Transaction], kinds: list[str], data: st.DataObject
) -> None:
    """Every bad record is reported at once; errors='collect' credits every valid one."""
    org = company_org()
    bad: list[Transaction | dict[str, object]] = []
    bad_ids: set[str] = set()
    extra_valid: list[Transaction] = []
    for n, kind in enumerate(kinds):
        records = _bad(kind, n, valid)
        for record in records:
            record_id = record.id if isinstance(record, Transaction) else str(record["id"])
            if record_id.startswith("K"):  # a valid collection the bad refund points at
                extra_valid.append(record)  # type: ignore[arg-type]
            else:
                bad.append(record)
                bad_ids.add(record_id)
    batch = data.draw(st.permutations([*valid, *extra_valid, *bad]))
    with pytest.raises(CreditingError) as info:
        credit(batch, org)
    records = [e.record for e in info.value.exceptions]
    assert sorted(f"transaction {i!r}" for i in bad_ids) == sorted(records)
    assert all(isinstance(e, PlanError) for e in info.value.exceptions)
    ledger = credit(batch, org, errors="collect")
    assert bad_ids == ledger.rejected_ids
    assert [str(e) for e in info.value.exceptions] == [str(e) for e in ledger.rejected]
    clean = credit([*valid, *extra_valid], org)
    assert clean.credits == ledger.credits


def test_each_batch_error_says_what_was_expected(org: Organization) -> None:
    """The messages name the transaction, what came and what was expected."""
    c = "C-D1-R1-C1-01"
    batch: list[Transaction | dict[str, object]] = [
        sale("S-1", D(2026, 7, 1), c, "100"),
        sale("K-1", D(2026, 7, 1), c, "5", kind=COLLECTION),
        refund("R-1", D(2026, 7, 2), c, "60", "S-1"),
        refund("R-2", D(2026, 7, 3), c, "50", "S-1"),
        refund("R-3", D(2026, 7, 3), c, "1", "K-1"),
        refund("R-4", D(2026, 7, 3), c, "1", "S-9"),
        refund("R-5", D(2026, 6, 3), c, "1", "S-1"),
        refund("R-6", D(2026, 7, 3), "C-D1-R1-C2-01", "1", "S-1"),
        refund("R-7", D(2026, 7, 3), c, "1", "D-1"),
        refund("R-8", D(2026, 7, 3), c, "1", "S-1", quantity=Decimal(1)),
        refund("R-9", D(2026, 7, 3), c, "1", "S-1", product="premix"),
        sale("D-1", D(2026, 7, 1), c, "1"),
        sale("D-1", D(2026, 7, 1), c, "1"),
        sale("K-2", D(2026, 7, 4), c, "101", kind=COLLECTION, original="S-1"),
        sale("S-2", D(2023, 7, 1), c, "1"),
        {"id": "S-3", "date": D(2026, 7, 1), "customer": c, "amount": 2.5},
        {"id": "S-4", "date": D(2026, 7, 1), "customer": c},
        "not a transaction",
    ]
    with pytest.raises(CreditingError, match="14 transactions rejected") as info:
        credit(batch, org)
    assert (
        "transaction at position 17: expected a Transaction or a mapping of its fields, got str",
        "transaction 'D-1': id appears 2 times; expected each transaction id once",
        (
            "transaction 'K-2': collects 101.00 for sale 'S-1', but only 100.00 of its 100.00 is "
            "left to collect"
        ),
        (
            "transaction 'R-2': refunds 50.00, but only 40.00 of original 'S-1' (100.00) is left "
            "to refund; expected at most that"
        ),
        "transaction 'R-3': original 'K-1' is a collection; expected a sale",
        "transaction 'R-4': original 'S-9' is not in the batch; expected the id of a sale in it",
        (
            "transaction 'R-5': dated 2026-06-03, before its original 'S-1' of 2026-07-01; "
            "expected a refund on or after the sale"
        ),
        (
            "transaction 'R-6': customer 'C-D1-R1-C2-01' differs from the customer 'C-D1-R1-C1-01' "
            "of original 'S-1'; expected the same customer"
        ),
        "transaction 'R-7': original 'D-1' was rejected; expected a sale credited in the batch",
        "transaction 'R-8': returns a quantity of 1, but original 'S-1' gives none",
        "transaction 'R-9': product 'premix' differs from the product None of original 'S-1'",
        (
            "transaction 'S-2': customer 'C-D1-R1-C1-01' has no owner on 2023-07-01; expected a "
            "territory assignment (or a split) covering that day"
        ),
        (
            "transaction 'S-3': amount of transaction 'S-3': expected a Decimal, int or numeric "
            "string, got float 2.5"
        ),
        (
            "transaction 'S-4': expected the fields of a Transaction: Transaction.__init__() "
            "missing 1 required positional argument: 'amount'"
        ),
    ) == info.value.problems
    ledger = credit(batch, org, errors="collect")
    assert ["S-1", "K-1", "R-1"] == [t.id for t in ledger.transactions]  # sales first
    assert Decimal("40.00") == ledger.total("P-D1-R1-C1", JULY)


def test_credited_person_without_a_position_is_reported(vacant_org: Organization) -> None:
    """An owner who has left cannot be rolled up; without roll-up the sale is credited."""
    batch = [sale("S-1", D(2026, 9, 1), "B", "10")]
    with pytest.raises(CreditingError) as info:
        credit(batch, vacant_org)
    expected = (
        "transaction 'S-1': 'C2' is credited but holds no position on 2026-09-01; roll-up credit "
        "needs their chain of command that day (or credit with rollup=False)"
    )
    assert (expected,) == info.value.problems
    assert [("S-1", "C2", Decimal("10.00"))] == directs(credit(batch, vacant_org, rollup=False))


def test_query_kind_must_be_a_transaction_kind(org: Organization) -> None:
    """A query names a kind by member or value; anything else is refused."""
    ledger = credit([sale("S-1", D(2026, 7, 3), "C-D1-R1-C1-01", "10")], org)
    assert Decimal("10.00") == ledger.total("P-D1-R1-C1", JULY, kind="sale")
    with pytest.raises(
        PlanError, match="kind: expected kind to be one of sale, refund, collection"
    ):
        ledger.total("P-D1-R1-C1", JULY, kind="return")
    with pytest.raises(PlanError, match="got 'returns'"):
        ledger.for_person("P-D1-R1-C1", JULY, kind="returns")


def test_errors_must_be_raise_or_collect(org: Organization) -> None:
    """Any other errors= value is refused."""
    with pytest.raises(PlanError, match="expected errors='raise' or 'collect', got 'ignore'"):
        credit([], org, errors="ignore")  # type: ignore[arg-type]


# -- ledger queries -----------------------------------------------------------------------


def test_collections_are_credited_on_their_day_and_counted_per_sale(org: Organization) -> None:
    """A collection goes to the owner of its own day; collected() adds those naming a sale."""
    c = "C-D1-R1-C5-01"
    batch = [
        sale("S-1", D(2026, 7, 10), c, "100"),
        sale("K-1", D(2026, 7, 12), c, "30", kind=COLLECTION, original="S-1"),
        sale("K-2", D(2026, 7, 20), c, "50", kind=COLLECTION, original="S-1"),
        sale("K-3", D(2026, 7, 20), c, "7", kind=COLLECTION),
    ]
    ledger = credit(batch, org)
    assert Decimal("30.00") == ledger.total("P-D1-R1-C5", JULY, kind=COLLECTION)
    assert Decimal("57.00") == ledger.total("P-D1-R1-C6", JULY, kind=COLLECTION)
    assert Decimal("0.00") == ledger.total("P-D1-R1-C6", JULY)
    assert Decimal("87.00") == ledger.team_total("P-D1-R1-M", JULY, kind=COLLECTION)
    assert [Decimal("0.00"), Decimal("30.00"), Decimal("80.00")] == [
        ledger.collected("S-1", as_of=D(2026, 7, d)) for d in (11, 19, 20)
    ]
    assert [("K-1", "S-1"), ("K-2", "S-1"), ("K-3", "K-3")] == [
        (k.transaction, k.sale)
        for k in ledger.for_person("P-D1-M", JULY, kind=COLLECTION, direct=False)
    ]


def test_for_person_filters_by_kind_and_directness(org: Organization) -> None:
    """for_person gives own, team or both kinds of credit, by date."""
    batch = [
        sale("S-1", D(2026, 7, 1), "C-D1-R1-C1-01", "10"),
        sale("S-2", D(2026, 7, 2), "C-D1-R2-C5-01", "20"),  # owned by P-D1-R2-M until 07-14
        sale("S-3", D(2026, 8, 2), "C-D1-R2-C1-01", "30"),
    ]
    ledger = credit(batch, org)
    own = ledger.for_person("P-D1-R2-M", JULY)
    team = ledger.for_person("P-D1-M", JULY, direct=False)
    both = ledger.for_person("P-D1-R2-M", Period.parse("2026-Q3"), direct=None)
    assert [("S-2", True)] == [(c.transaction, c.direct) for c in own]
    assert ["S-1", "S-2"] == [c.transaction for c in team]
    assert [("S-2", True), ("S-3", False)] == [(c.transaction, c.direct) for c in both]
    assert () == ledger.for_person("P-D1-R2-M", JULY, kind=REFUND)
    assert () == ledger.for_person("P-NOBODY", JULY)


def test_new_customers_and_units(org: Organization) -> None:
    """A customer is new in the month of its first sale; units are net of returns."""
    c = "C-D1-R1-C1-01"
    batch = [
        sale("S-1", D(2026, 7, 1), c, "10", product="feed", quantity=Decimal("2.500")),
        sale("S-2", D(2026, 8, 1), c, "10", product="feed", quantity=Decimal("1")),
        sale("S-3", D(2026, 8, 1), "C-D1-R1-C1-02", "10", product="premix", quantity=Decimal(4)),
        refund("R-1", D(2026, 8, 2), c, "1", "S-1", quantity=Decimal("0.5")),
    ]
    ledger = credit(batch, org)
    august = Period.parse("2026-08")
    assert frozenset({c}) == ledger.new_customers("P-D1-R1-C1", JULY)
    assert frozenset({"C-D1-R1-C1-02"}) == ledger.new_customers("P-D1-R1-C1", august)
    assert frozenset() == ledger.new_customers("P-D1-R1-M", JULY)
    assert Decimal("2.500") == ledger.units("P-D1-R1-C1", JULY, product="feed")
    assert Decimal("0.5") == ledger.units("P-D1-R1-C1", august, product="feed")
    assert Decimal("4") == ledger.units("P-D1-R1-M", august, product="premix", direct=False)
    assert Decimal(0) == ledger.units("P-D1-R1-C1", august, product="nothing")


def test_empty_ledger_answers_zero(org: Organization) -> None:
    """An empty batch gives an empty ledger whose totals are zero at the currency quantum."""
    ledger = credit([], org)
    assert (Decimal("0.00"), frozenset(), (), ()) == (
        ledger.total("P-VP", JULY),
        ledger.people(JULY),
        ledger.credits,
        ledger.rejected,
    )
    assert repr(ledger).startswith("<CreditLedger: 0 transactions credited (0 sales, 0 refunds")


def test_small_batches_look_owners_up_one_by_one(org: Organization) -> None:
    """A batch much smaller than the territory list gives the same credits as a large one."""
    batch = [sale(f"S-{n}", D(2026, 7, 1 + n), "C-D1-R1-C5-01", "1") for n in range(20)]
    small = credit(batch[:2], org)
    large = credit(batch, org)
    assert small.credits == large.credits[: len(small.credits)]
