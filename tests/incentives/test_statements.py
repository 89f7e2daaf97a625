"""Statements from the credit ledger: totals, clawbacks, draws, proration, recalculation."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepmarketing.errors import PlanError
from deepmarketing.incentives import (
    AttainmentBonus,
    Clawback,
    Commission,
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
    Statement,
    Step,
    TeamFigures,
    TeamPool,
    Tier,
    Transaction,
    TransactionKind,
    calculate,
    credit,
    recalculate,
    simulate,
)
from deepmarketing.org import Organization
from deepmarketing.periods import Period, WorkCalendar
from deepmarketing.quantities import exact_sum
from deepmarketing.samples import sample_company

JULY = Period.parse("2026-07")
AUGUST = Period.parse("2026-08")
START = pendulum.date(2026, 1, 1)
ME = "P-D1-R1-C1"
MINE = [f"C-D1-R1-C1-0{i}" for i in range(1, 6)]
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def org() -> Organization:
    """The sample company's organization."""
    return sample_company().org


ORG = sample_company().org


def tiers(mode: RateMode = RateMode.MARGINAL) -> RateTable:
    """2% up to 100,000, 3% above."""
    return RateTable(
        (Tier(0, 100_000, Decimal("0.02")), Tier(100_000, None, Decimal("0.03"))), mode=mode
    )


def sale(
    tx: str, day: int, amount: int | str, customer: str = MINE[0], month: int = 7
) -> Transaction:
    """A July sale (or of ``month``) to one of my customers."""
    return Transaction(tx, pendulum.date(2026, month, day), customer, Decimal(amount))


def refund(tx: str, day: int, amount: int | str, original: str, month: int = 7) -> Transaction:
    """A refund of ``original``."""
    return Transaction(
        tx,
        pendulum.date(2026, month, day),
        MINE[0],
        Decimal(amount),
        kind=TransactionKind.REFUND,
        original=original,
    )


def collection(
    tx: str, day: int, amount: int | str, original: str, month: int = 7, customer: str = MINE[0]
) -> Transaction:
    """Payment collected for ``original``."""
    return Transaction(
        tx,
        pendulum.date(2026, month, day),
        customer,
        Decimal(amount),
        kind=TransactionKind.COLLECTION,
        original=original,
    )


def commission_plan(**kwargs: object) -> Plan:
    """A plan with the one commission on :func:`tiers`."""
    return Plan("consultants", (Commission("commission", tiers()),), start=START, **kwargs)  # type: ignore[arg-type]


def run(
    plan: Plan,
    transactions: list[Transaction],
    *,
    period: Period = JULY,
    person: str = ME,
    as_of: pendulum.Date | None = None,
    **inputs: object,
) -> Statement:
    """Credit ``transactions`` and calculate the statement."""
    ledger = credit(transactions, ORG)
    return calculate(
        plan,
        PayInputs(person, ledger, **inputs),  # type: ignore[arg-type]
        period=period,
        as_of=as_of or period.end,
    )


def commission_total(statement: Statement, name: str = "commission") -> Decimal:
    """What component ``name`` pays on the statement."""
    return statement.by_component().get(name, Decimal(0))


# -- statements ---------------------------------------------------------------------------


def test_statement_explains_every_line_and_adds_up() -> None:
    """A full plan: commission, bonus, SPIF, cap and draw, each line with its reason."""
    plan = Plan(
        "consultants",
        (
            Commission("commission", tiers(), cap=Decimal("3000")),
            AttainmentBonus(
                "bonus",
                target_pay=Decimal("2000"),
                curve=RateTable.flat(1),
                gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.8")),),
            ),
            Spif("new customers", per=Decimal("100"), basis=SpifBasis.NEW_CUSTOMER),
        ),
        start=START,
        draw=Draw(Decimal("5000"), recoverable=True),
    )
    statement = run(
        plan,
        [
            sale("S-1", 3, 80_000),
            sale("S-2", 9, 40_000, MINE[1]),
            collection("K-1", 20, 50_000, "S-1"),
        ],
        targets={"sales": 150_000},
    )
    assert [
        ("commission", Step.PAY, Decimal("2600.00")),
        ("bonus", Step.PAY, Decimal("1600.00")),
        ("bonus", Step.GATE, Decimal("-1600.00")),
        ("new customers", Step.PAY, Decimal("200.00")),
        ("draw", Step.DRAW, Decimal("2200.00")),
    ] == [(line.component, line.step, line.amount) for line in statement.lines]
    assert Decimal("5000.00") == statement.total
    assert Decimal("2200.00") == statement.draw_balance
    assert "collection rate 41.6667%, collection rate >= 80% required" in statement.lines[2].reason
    assert "topped up 2,200.00; recoverable: draw balance now 2,200.00" in statement.lines[4].reason


def test_statement_refuses_a_total_that_is_not_the_sum() -> None:
    """A Statement checks its total on construction."""
    good = run(commission_plan(), [sale("S-1", 3, 1000)])
    with pytest.raises(PlanError, match=r"expected the total to equal the sum of the lines 20\.00"):
        Statement(
            good.person, good.period, plan="p", as_of=good.as_of, lines=good.lines, total=Decimal(1)
        )


def test_plan_not_in_force_is_refused() -> None:
    """A plan that starts after the period cannot pay it."""
    plan = Plan("later", (Commission("c", tiers()),), start=pendulum.date(2026, 9, 1))
    with pytest.raises(PlanError, match="plan 'later': not in force in 2026-07"):
        run(plan, [])


def test_plan_gate_and_plan_cap_lines() -> None:
    """A failed plan gate takes back everything; a plan cap takes back the excess."""
    gated = commission_plan(gates=(Gate(Measure.SALES, Decimal("0.5"), of_target=True),))
    statement = run(gated, [sale("S-1", 3, 40_000)], targets={"sales": 100_000})
    assert Decimal(0) == statement.total
    assert "plan gate not met: net sales attainment 40%" in statement.lines[-1].reason
    capped = commission_plan(cap=Decimal("1000"))
    statement = run(capped, [sale("S-1", 3, 80_000)])
    assert [Decimal("1600.00"), Decimal("-600.00")] == [line.amount for line in statement.lines]


def test_a_plan_gate_on_nothing_earned_adds_no_line_and_recalculates() -> None:
    """No "0.00 not paid" plan gate line; a later sale brings it back as an adjustment."""
    gated = commission_plan(gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.8")),))
    empty = run(gated, [])
    assert [Step.PAY] == [line.step for line in empty.lines]
    late = [sale("S-1", 3, 40_000)]
    delta = recalculate(empty, gated, PayInputs(ME, credit(late, ORG)), as_of=JULY.end)
    assert Decimal(0) == delta.total
    assert [Decimal("800.00"), Decimal("-800.00")] == [line.amount for line in delta.lines]


def test_manager_override_reads_team_credit() -> None:
    """The regional manager's override is paid on the team's credited sales."""
    plan = Plan(
        "managers", (ManagerOverride("override", RateTable.flat(Decimal("0.01"))),), start=START
    )
    statement = run(
        plan,
        [sale("S-1", 3, 50_000), sale("S-2", 4, 30_000, "C-D1-R1-C2-01")],
        person="P-D1-R1-M",
    )
    assert Decimal("800.00") == statement.total


def test_team_pool_through_calculate() -> None:
    """Each member's statement shows their share of the same pool."""
    team = TeamFigures(scores={ME: 90, "P-D1-R1-C2": 60}, sales=Decimal("100000"))
    plan = Plan("team", (TeamPool("pool", rate=Decimal("0.05")),), start=START)
    mine = run(plan, [], team=team)
    theirs = run(plan, [], team=team, person="P-D1-R1-C2")
    assert (Decimal("3000.00"), Decimal("2000.00")) == (mine.total, theirs.total)


def test_a_team_pool_gate_on_team_attainment_reads_the_team_figures() -> None:
    """A consultant's pool gated on team attainment reads TeamFigures, not their own ledger."""
    gate = Gate(Measure.TEAM_SALES, 1, of_target=True)
    plan = Plan("team", (TeamPool("pool", amount=Decimal("5000"), gates=(gate,)),), start=START)
    team = TeamFigures(
        scores={ME: 90, "P-D1-R1-C2": 60}, sales=Decimal("500000"), target=Decimal("400000")
    )
    assert Decimal("3000.00") == run(plan, [], team=team).total
    missed = attrs.evolve(team, sales=Decimal("300000"))
    statement = run(plan, [], team=missed)
    assert Decimal(0) == statement.total
    assert "team sales attainment 75%" in statement.lines[-1].reason


def test_without_team_sales_a_manager_override_reads_the_ledger() -> None:
    """Team figures without sales leave TEAM_SALES to the manager's roll-up credit."""
    plan = Plan(
        "managers", (ManagerOverride("override", RateTable.flat(Decimal("0.01"))),), start=START
    )
    team = TeamFigures(scores={"P-D1-R1-M": 1})
    statement = run(plan, [sale("S-1", 3, 50_000)], person="P-D1-R1-M", team=team)
    assert Decimal("500.00") == statement.total


def test_simulate_runs_a_plan_with_a_team_pool_for_a_member() -> None:
    """simulate(person=...) pays a member their share of a pool that follows team attainment."""
    team = TeamFigures(scores={"A": 60, "B": 40}, target=Decimal("1000000"))
    plan = Plan(
        "team",
        (
            Commission("commission", RateTable.flat(Decimal("0.02"))),
            TeamPool(
                "pool", rate=Decimal("0.01"), gates=(Gate(Measure.TEAM_SALES, 1, of_target=True),)
            ),
        ),
        start=START,
    )
    simulation = simulate(plan, ["0.5", 1, 2], targets={"sales": 100_000}, team=team, person="A")
    pools = [point.components["pool"] for point in simulation.points]
    assert [Decimal(0), Decimal("6000.00"), Decimal("12000.00")] == pools
    with pytest.raises(PlanError, match="not a member"):
        simulate(plan, [1], targets={"sales": 100_000}, team=team)


# -- clawbacks ----------------------------------------------------------------------------


def clawback_plan(*, days: int | None = None, refunds: bool = False) -> Plan:
    """A gross commission with a clawback."""
    commission = Commission("commission", tiers(), base=Measure.GROSS_SALES)
    return Plan(
        "consultants",
        (commission, Clawback("clawback", commission, days=days, refunds=refunds)),
        start=START,
    )


def test_uncollected_sale_is_clawed_back_at_its_period_rate() -> None:
    """A June sale not fully collected within 60 days loses commission in August."""
    transactions = [
        sale("S-1", 10, 10_000, month=6),
        collection("K-1", 1, 4_000, "S-1", month=7),
        collection("K-2", 20, 6_000, "S-1", month=8),  # after the deadline of 9 August
    ]
    statement = run(clawback_plan(days=60), transactions, period=AUGUST)
    [line] = [line for line in statement.lines if line.step is Step.CLAWBACK]
    assert Decimal("-120.00") == line.amount  # 6,000 x 2%
    assert "6,000.00 not collected within 60 days (by 2026-08-09)" in line.reason
    early = run(
        clawback_plan(days=60), transactions, period=AUGUST, as_of=pendulum.date(2026, 8, 5)
    )
    assert not [line for line in early.lines if line.step is Step.CLAWBACK]


def test_collected_sale_is_not_clawed_back() -> None:
    """A sale collected in full before its deadline keeps its commission."""
    transactions = [sale("S-1", 10, 10_000, month=6), collection("K-1", 1, 10_000, "S-1")]
    statement = run(clawback_plan(days=60), transactions, period=AUGUST)
    assert Decimal(0) == statement.total


amounts = st.integers(1, 300_000)


@settings(max_examples=60)
@given(
    amount=amounts,
    others=st.lists(amounts, max_size=4),
    mode=st.sampled_from(RateMode),
    cap=st.none() | st.integers(0, 9_000).map(Decimal),
    gate=st.none() | st.sampled_from([Decimal("0.5"), Decimal("0.9")]),
    collected=st.integers(0, 300_000),
)
def test_sale_plus_full_refund_nets_to_zero_commission(
    amount: int,
    others: list[int],
    mode: RateMode,
    cap: Decimal | None,
    gate: Decimal | None,
    collected: int,
) -> None:
    """A refunded sale nets to zero commission, in its period or across, with caps and gates."""
    gates = () if gate is None else (Gate(Measure.COLLECTION_RATE, gate),)
    plan = Plan("p", (Commission("commission", tiers(mode), cap=cap, gates=gates),), start=START)
    rest = [sale(f"S-{i}", 2, a, MINE[1 + i % 4]) for i, a in enumerate(others)]
    pair = [sale("X", 5, amount), refund("R", 6, amount, "X")]
    assert commission_total(run(plan, rest)) == commission_total(run(plan, rest + pair))
    gross = Plan(
        "g",
        (
            commission := Commission(
                "commission", tiers(mode), base=Measure.GROSS_SALES, cap=cap, gates=gates
            ),
            Clawback("clawback", commission, refunds=True),
        ),
        start=START,
    )
    paid = [collection("K", 7, min(collected, amount), "X")] if collected else []
    across = [sale("X", 5, amount), refund("R", 6, amount, "X", month=8), *paid]
    july = run(gross, across)
    august = run(gross, across, period=AUGUST)
    assert Decimal(0) == july.total + august.total
    if cap is not None:
        assert july.total <= cap


def test_a_refund_of_a_capped_period_takes_back_only_the_capped_pay() -> None:
    """October capped at 30,000.00; its full refund in November takes back 30,000.00."""
    commission = Commission("commission", tiers(), base=Measure.GROSS_SALES, cap=Decimal("30000"))
    plan = Plan("p", (commission, Clawback("clawback", commission, refunds=True)), start=START)
    deals = [sale("S-1", 5, 1_200_000, month=10), refund("R-1", 3, 1_200_000, "S-1", month=11)]
    october = run(plan, deals, period=Period.parse("2026-10"))
    november = run(plan, deals, period=Period.parse("2026-11"))
    assert Decimal("30000.00") == october.total
    [line] = november.lines[1:]
    assert Decimal("-30000.00") == line.amount
    assert "2026-10 effective rate 2.5% (30,000.00 paid on gross sales 1,200,000.00)" in (
        line.reason
    )


def test_a_partial_refund_of_a_gated_sale_takes_back_nothing() -> None:
    """The gate withheld July's commission; a partial refund in August takes back 0."""
    commission = Commission(
        "commission",
        tiers(),
        base=Measure.GROSS_SALES,
        gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.8")),),
    )
    plan = Plan("p", (commission, Clawback("clawback", commission, refunds=True)), start=START)
    deals = [sale("S-1", 5, 100_000), refund("R-1", 3, 40_000, "S-1", month=8)]
    assert Decimal(0) == run(plan, deals).total
    clawed = [line for line in run(plan, deals, period=AUGUST).lines if line.step is Step.CLAWBACK]
    assert [Decimal(0)] == [line.amount for line in clawed]


def test_a_refund_after_the_deadline_cancels_the_uncollected_clawback_first() -> None:
    """60,000 left uncollected is taken back; the later full refund takes back the other 40,000."""
    deals = [
        sale("S-1", 5, 100_000),
        collection("K-1", 20, 40_000, "S-1"),
        refund("R-1", 10, 100_000, "S-1", month=9),
    ]
    plan = clawback_plan(days=30, refunds=True)
    months = [run(plan, deals, period=Period.parse(f"2026-0{m}")) for m in (7, 8, 9)]
    assert [Decimal("2000.00"), Decimal("-1200.00"), Decimal("-800.00")] == [
        m.total for m in months
    ]
    [line] = months[2].lines[1:]
    assert "of which -60,000.00 was already taken back as not collected within 30 days" in (
        line.reason
    )


# -- proration ----------------------------------------------------------------------------


def bonus_plan() -> Plan:
    """A flat bonus of 2,300 at 100% and a non-recoverable draw of 4,600."""
    return Plan(
        "consultants",
        (AttainmentBonus("bonus", target_pay=Decimal("2300"), curve=RateTable.flat(1)),),
        start=START,
        draw=Draw(Decimal("4600"), recoverable=False),
    )


def test_joiner_is_prorated_by_working_days() -> None:
    """Joining on 15 July: 13 of 23 working days of the bonus and the draw."""
    statement = run(
        bonus_plan(),
        [sale("S-1", 20, 50_000, "C-D1-R1-C5-01")],
        person="P-D1-R1-C6",
        targets={"sales": 50_000},
        org=ORG,
        calendar=WorkCalendar(),
    )
    assert [Decimal("1300.00"), Decimal("1300.00")] == [line.amount for line in statement.lines]
    assert "prorated 13 of 23 working days (D1-R1 2026-07-15..2026-07-31: 13)" in (
        statement.lines[0].reason
    )


def test_transfer_counts_days_per_assignment() -> None:
    """A transfer mid-month is paid for the whole month, the reason naming both units."""
    statement = run(
        bonus_plan(),
        [sale("S-1", 3, 50_000, "C-D1-R1-C5-01")],
        person="P-D1-R1-C5",
        targets={"sales": 50_000},
        org=ORG,
        calendar=WorkCalendar(),
    )
    assert Decimal("2300.00") == statement.lines[0].amount
    assert "(D1-R1 2026-07-01..2026-07-14: 10, D1-R2 2026-07-15..2026-07-31: 13)" in (
        statement.lines[0].reason
    )


def test_leaver_gets_nothing_for_a_period_after_leaving() -> None:
    """No assignment in the period, no fixed pay."""
    statement = run(bonus_plan(), [], person="P-D1-R2-C5", targets={"sales": 1}, org=ORG)
    assert Decimal(0) == statement.total


# -- draws across periods -----------------------------------------------------------------


def test_draw_balance_is_carried_to_the_next_period() -> None:
    """July's shortfall is carried and recovered from August's earnings."""
    plan = commission_plan(draw=Draw(Decimal("1000"), recoverable=True))
    transactions = [sale("S-1", 3, 10_000), sale("S-2", 3, 200_000, month=8)]
    july = run(plan, transactions)
    august = run(plan, transactions, period=AUGUST, draw_balance=july.draw_balance)
    assert (Decimal("1000.00"), Decimal("800.00")) == (july.total, july.draw_balance)
    assert [Decimal("5000.00"), Decimal("-800.00")] == [line.amount for line in august.lines]
    assert Decimal(0) == august.draw_balance


# -- recalculation ------------------------------------------------------------------------


def test_recalculation_yields_delta_lines_only() -> None:
    """A late refund gives one adjustment line; recalculating again against it gives none."""
    plan = commission_plan()
    before = [sale("S-1", 3, 120_000)]
    paid = run(plan, before)
    after = [*before, refund("R-1", 30, 30_000, "S-1")]
    inputs = PayInputs(ME, credit(after, ORG))
    delta = recalculate(paid, plan, inputs, as_of=pendulum.date(2026, 8, 10))
    assert [(Step.ADJUSTMENT, Decimal("-800.00"))] == [(x.step, x.amount) for x in delta.lines]
    assert "pay was 2,600.00, now 1,800.00" in delta.lines[0].reason
    assert delta.restates is not None
    assert Decimal("1800.00") == delta.restates.total
    again = recalculate(delta, plan, inputs, as_of=pendulum.date(2026, 8, 11))
    assert () == again.lines


@settings(max_examples=30)
@given(st.lists(st.tuples(st.integers(1, 31), st.integers(1, 200_000)), max_size=6))
def test_recalculation_with_unchanged_inputs_yields_no_delta(sales: list[tuple[int, int]]) -> None:
    """Same inputs, same plan: no adjustment lines and a zero total."""
    plan = Plan(
        "p",
        (
            Commission("commission", tiers()),
            AttainmentBonus("bonus", target_pay=Decimal("1000"), curve=RateTable.flat(1)),
        ),
        start=START,
        draw=Draw(Decimal("3000"), recoverable=True),
    )
    transactions = [sale(f"S-{i}", d, a, MINE[i % 5]) for i, (d, a) in enumerate(sales)]
    inputs = PayInputs(ME, credit(transactions, ORG), targets={"sales": 300_000})
    paid = calculate(plan, inputs, period=JULY, as_of=JULY.end)
    delta = recalculate(paid, plan, inputs, as_of=JULY.end)
    assert () == delta.lines
    assert Decimal(0) == delta.total


# -- properties over whole statements ---------------------------------------------------------

transaction_lists = st.lists(
    st.tuples(
        st.sampled_from(["sale", "refund", "collection"]),
        st.integers(1, 31),
        st.integers(1, 100_000),
        st.integers(0, 4),
    ),
    max_size=10,
)


def build(spec: list[tuple[str, int, int, int]]) -> list[Transaction]:
    """Sales, refunds of them (never more than is left) and collections, from a spec."""
    built: list[Transaction] = []
    sales: list[Transaction] = []
    left: dict[str, Decimal] = {}  # what may still be refunded
    due: dict[str, Decimal] = {}  # what may still be collected
    for i, (kind, day, amount, who) in enumerate(spec):
        if kind == "sale" or not sales:
            tx = sale(f"S-{i:02d}", day, amount, MINE[who])
            sales.append(tx)
            left[tx.id] = tx.amount
            due[tx.id] = tx.amount
        else:
            original = sales[who % len(sales)]
            if kind == "refund":
                value = min(Decimal(amount), left[original.id], due[original.id])
                if value <= 0:
                    continue
                left[original.id] -= value
                due[original.id] -= value
                tx = Transaction(
                    f"R-{i:02d}",
                    max(original.date, pendulum.date(2026, 7, day)),
                    original.customer,
                    value,
                    kind=TransactionKind.REFUND,
                    original=original.id,
                )
            else:
                value = min(Decimal(amount), due[original.id])
                if value <= 0:
                    continue
                due[original.id] -= value
                left[original.id] = min(left[original.id], due[original.id])
                tx = collection(
                    f"K-{i:02d}",
                    max(day, original.date.day),
                    value,
                    original.id,
                    customer=original.customer,
                )
        built.append(tx)
    return built


def rich_plan(mode: RateMode, cap: int | None) -> Plan:
    """Commission, gated interpolated bonus, SPIF, plan cap and a recoverable draw."""
    commission = Commission("commission", tiers(mode), cap=None if cap is None else Decimal(cap))
    return Plan(
        "rich",
        (
            commission,
            AttainmentBonus(
                "bonus",
                target_pay=Decimal("1234.56"),
                curve=RateTable(
                    (Tier(0, Decimal("0.8"), Decimal("0.5")), Tier(Decimal("0.8"), None, 2)),
                    mode=RateMode.INTERPOLATED,
                ),
                gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.3")),),
            ),
            Spif("new", per=Decimal("33.33"), basis=SpifBasis.NEW_CUSTOMER),
        ),
        start=START,
        cap=Decimal("5000"),
        draw=Draw(Decimal("777.77"), recoverable=True),
    )


@settings(max_examples=40)
@given(transaction_lists, st.sampled_from(RateMode), st.none() | st.integers(0, 4000))
def test_total_equals_sum_of_lines(
    spec: list[tuple[str, int, int, int]], mode: RateMode, cap: int | None
) -> None:
    """Every line is whole cents and the total is their exact sum; caps hold."""
    transactions = build(spec)
    ledger = credit(transactions, ORG)
    statement = calculate(
        rich_plan(mode, cap),
        PayInputs(ME, ledger, targets={"sales": 150_000}),
        period=JULY,
        as_of=JULY.end,
    )
    assert statement.total == exact_sum(line.amount for line in statement.lines)
    assert all(line.amount == line.amount.quantize(CENT) for line in statement.lines)
    if cap is not None:
        assert commission_total(statement) <= cap


@settings(max_examples=40)
@given(transaction_lists, st.sampled_from(RateMode), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_transaction_order(
    spec: list[tuple[str, int, int, int]], mode: RateMode, rng: object
) -> None:
    """Shuffling the transactions gives the very same statement."""
    transactions = build(spec)
    shuffled = list(transactions)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    plan = rich_plan(mode, 2000)
    assert run(plan, transactions, targets={"sales": 150_000}) == run(
        plan, shuffled, targets={"sales": 150_000}
    )


# -- simulation ---------------------------------------------------------------------------


def test_simulate_compares_plans_across_attainment() -> None:
    """Marginal pays less than retroactive above the first band, never more."""
    attainments = [Decimal(x) / 4 for x in range(9)]
    marginal = simulate(commission_plan(), attainments, targets={"sales": 100_000})
    retro = simulate(
        Plan("retro", (Commission("commission", tiers(RateMode.RETROACTIVE)),), start=START),
        attainments,
        targets={"sales": 100_000},
    )
    payouts = [p.payout for p in marginal.points]
    assert payouts == sorted(payouts)
    assert all(m.payout <= r.payout for m, r in zip(marginal.points, retro.points, strict=True))
    assert Decimal("6000.00") == retro.points[-1].payout
    assert "200%" in retro.summary()


def test_simulate_needs_a_sales_target() -> None:
    """Without a sales target there is nothing to scale."""
    with pytest.raises(PlanError, match="expected a positive 'sales' target"):
        simulate(commission_plan(), [1], targets={})
