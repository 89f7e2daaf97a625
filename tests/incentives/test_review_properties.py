"""Review properties for issue 6, beyond the issue's nine.

Caps and floors of every kind, draws, recalculation deltas, pool shares through the
component, split credit under any order, and exact rounding; clawbacks that take back
no more than was paid.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError
from deepmarketing.incentives import (
    PAY_CNY,
    AttainmentBonus,
    Clawback,
    Commission,
    Draw,
    Gate,
    Line,
    ManagerOverride,
    Measure,
    PayInputs,
    Plan,
    RateMode,
    RateTable,
    Spif,
    SpifBasis,
    Split,
    SplitBy,
    Step,
    TeamFigures,
    TeamPool,
    Tier,
    Transaction,
    TransactionKind,
    WeightedBonus,
    WeightedMeasure,
    WhatIf,
    calculate,
    credit,
    recalculate,
    simulate,
)
from deepmarketing.incentives._exact import round_pay
from deepmarketing.periods import Period
from deepmarketing.quantities import exact_sum, is_multiple
from incentives.strategies import batches, company_consultants, company_customers, company_org

JULY = Period.parse("2026-07")
START = pendulum.date(2026, 1, 1)
ME = "P-D1-R1-C1"
MINE = [f"C-D1-R1-C1-0{i}" for i in range(1, 6)]

rates = st.decimals(min_value=0, max_value=Decimal("0.5"), places=3)
money = st.integers(0, 10**9).map(lambda n: Decimal(n).scaleb(-2))
caps = st.integers(0, 10**7).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def tables(draw: st.DrawFn) -> RateTable:
    """Rate tables of up to four bands in any mode."""
    edges = sorted(draw(st.sets(st.integers(1, 5_000_000), max_size=3)))
    bounds = [0, *edges]
    tiers = [Tier(lo, hi, draw(rates)) for lo, hi in zip(bounds, [*edges, None], strict=True)]
    return RateTable(tiers, mode=draw(st.sampled_from(RateMode)))


def curve() -> RateTable:
    """A pay curve with a threshold, a decelerator and an accelerator."""
    return RateTable(
        (
            Tier(0, Decimal("0.5"), 0),
            Tier(Decimal("0.5"), 1, 2),
            Tier(1, None, 3),
        ),
        mode=RateMode.MARGINAL,
    )


def paid(lines: tuple[Line, ...]) -> Decimal:
    """What a component's lines pay together."""
    return exact_sum(line.amount for line in lines)


# -- caps and floors of every component and of the plan --------------------------------------------


@given(table=tables(), sales=money, team_sales=money, units=money, cap=caps, target=money)
def test_no_component_ever_pays_above_its_cap(
    table: RateTable,
    sales: Decimal,
    team_sales: Decimal,
    units: Decimal,
    cap: Decimal,
    target: Decimal,
) -> None:
    """Commission, bonuses, SPIF and override each pay at most their cap, whatever the results."""
    results = WhatIf(
        sales=sales,
        team_sales=team_sales,
        units={"X": units},
        new_customers=Decimal(int(units) % 50),
        score=Decimal(77),
        targets={"sales": target + Decimal("0.01")},
    )
    components = (
        Commission("commission", table, cap=cap),
        AttainmentBonus("bonus", target_pay=Decimal("9999.99"), curve=curve(), cap=cap),
        WeightedBonus(
            "weighted",
            target_pay=Decimal("5000"),
            measures=(
                WeightedMeasure(Measure.SALES, Decimal("0.7"), curve()),
                WeightedMeasure(Measure.SCORE, Decimal("0.3"), RateTable.flat(1)),
            ),
            cap=cap,
        ),
        Spif("spif units", per=Decimal("12.34"), basis=SpifBasis.UNIT, product="X", cap=cap),
        Spif("spif new", per=Decimal("500"), basis=SpifBasis.NEW_CUSTOMER, cap=cap),
        ManagerOverride("override", table, cap=cap),
    )
    for component in components:
        assert paid(component.pay(results, pay=PAY_CNY)) <= cap, component.name


@given(table=tables(), sales=money, floor=caps)
def test_a_component_floor_is_always_reached_when_its_gates_pass(
    table: RateTable, sales: Decimal, floor: Decimal
) -> None:
    """With its gates passed, a floored component pays at least its floor."""
    commission = Commission("commission", table, floor=floor)
    assert paid(commission.pay(WhatIf(sales=sales), pay=PAY_CNY)) >= floor


@settings(max_examples=60)
@given(
    table=tables(),
    cap=caps,
    floor=caps,
    attainments=st.lists(st.integers(0, 400), min_size=1, max_size=6),
)
def test_a_plan_cap_and_floor_bound_the_components_together(
    table: RateTable, cap: Decimal, floor: Decimal, attainments: list[int]
) -> None:
    """Before any draw, a plan pays its components together between its floor and its cap."""
    floor, cap = sorted((floor, cap))
    plan = Plan(
        "p",
        (
            Commission("commission", table),
            AttainmentBonus("bonus", target_pay=Decimal("3000"), curve=curve()),
            Spif("spif", per=Decimal("200"), basis=SpifBasis.NEW_CUSTOMER),
        ),
        start=START,
        cap=cap,
        floor=floor,
    )
    simulation = simulate(
        plan,
        [Decimal(a).scaleb(-2) for a in attainments],
        targets={"sales": 1_000_000, "new_customers": 9},
    )
    for point in simulation.points:
        assert floor <= point.payout <= cap


@settings(max_examples=60)
@given(
    cap=caps,
    sales=st.lists(st.integers(1, 400_000), max_size=5),
    rate=st.sampled_from([Decimal("0.3"), Decimal("0.9")]),
)
def test_a_plan_gate_withholds_everything_and_a_cap_holds_through_calculate(
    cap: Decimal, sales: list[int], rate: Decimal
) -> None:
    """Through calculate, lines before the draw stay within the plan cap; a failed gate pays 0."""
    transactions = [
        Transaction(f"S-{i}", pendulum.date(2026, 7, 1 + i), MINE[i % 5], Decimal(a))
        for i, a in enumerate(sales)
    ]
    collections = [
        Transaction(
            f"K-{i}",
            pendulum.date(2026, 7, 20),
            t.customer,
            t.amount,
            kind=TransactionKind.COLLECTION,
            original=t.id,
        )
        for i, t in enumerate(transactions[:1])
    ]
    plan = Plan(
        "p",
        (Commission("commission", RateTable.flat(Decimal("0.05"))),),
        start=START,
        cap=cap,
        gates=(Gate(Measure.COLLECTION_RATE, rate),),
        draw=Draw(Decimal("1000"), recoverable=False),
    )
    ledger = credit(transactions + collections, company_org())
    statement = calculate(plan, PayInputs(ME, ledger), period=JULY, as_of=JULY.end)
    before_draw = exact_sum(
        line.amount for line in statement.lines if line.step not in (Step.DRAW, Step.RECOVERY)
    )
    assert before_draw <= cap
    if any(line.component == "plan" and line.step is Step.GATE for line in statement.lines):
        assert Decimal(0) == before_draw


# -- draws -----------------------------------------------------------------------------------------


@given(
    earnings=st.lists(st.integers(-200_000, 2_000_000), min_size=1, max_size=8),
    amount=st.integers(0, 1_000_000),
    recoverable=st.booleans(),
)
def test_a_draw_pays_at_least_the_draw_and_its_balance_adds_up(
    earnings: list[int], amount: int, recoverable: bool
) -> None:
    """Pay is at least the draw; balance out = in + owed top-ups - recoveries, never < 0."""
    draw = Draw(Decimal(amount).scaleb(-2), recoverable=recoverable)
    balance = Decimal(0)
    period = JULY
    for cents in earnings:
        earned = Decimal(cents).scaleb(-2)
        lines, out = draw.settle(earned, balance, period=period, factor=Fraction(1))
        pay = earned + paid(lines)
        if earned >= 0:
            assert pay >= draw.amount
        owed = sum(
            (line.amount for line in lines if line.step is Step.DRAW and recoverable), Decimal(0)
        )
        recovered = sum((line.amount for line in lines if line.step is Step.RECOVERY), Decimal(0))
        assert out == balance + owed + recovered
        assert out >= 0
        if not recoverable:
            assert Decimal(0) == out
        balance, period = out, period.shift(1)


# -- team pools ------------------------------------------------------------------------------------


@given(
    pool=caps,
    weights=st.dictionaries(
        st.sampled_from([f"P-{i}" for i in range(10)]), st.integers(0, 10**6), min_size=1
    ),
    by=st.sampled_from(SplitBy),
)
def test_team_pool_lines_of_all_members_add_up_to_the_pool(
    pool: Decimal, weights: dict[str, int], by: SplitBy
) -> None:
    """Each member's pool line, through the component, adds up to the pool over the team."""
    team = TeamFigures(scores=weights, targets=weights)
    component = TeamPool("pool", amount=pool, by=by)
    shares = [paid(component.pay(WhatIf(person=p, team=team), pay=PAY_CNY)) for p in weights]
    assert pool == exact_sum(shares)


# -- recalculation ---------------------------------------------------------------------------------


@settings(max_examples=40)
@given(
    before=st.lists(st.tuples(st.integers(1, 31), st.integers(1, 200_000)), max_size=4),
    late=st.lists(st.tuples(st.integers(1, 31), st.integers(1, 200_000)), max_size=3),
    refund_first=st.booleans(),
)
def test_recalculation_deltas_bring_the_paid_total_to_the_new_one(
    before: list[tuple[int, int]], late: list[tuple[int, int]], refund_first: bool
) -> None:
    """paid.total + delta.total == fresh total, and the delta restates the fresh statement."""
    table = RateTable((Tier(0, 100_000, "0.02"), Tier(100_000, None, "0.03")), mode="marginal")
    commission = Commission("commission", table, base=Measure.GROSS_SALES)
    plan = Plan(
        "p",
        (
            commission,
            AttainmentBonus("bonus", target_pay=Decimal("1000"), curve=curve()),
            Clawback("clawback", commission, refunds=True),  # a refund adds a line of its own
        ),
        start=START,
        draw=Draw(Decimal("1500"), recoverable=True),
    )
    sales = [
        Transaction(f"S-{i}", pendulum.date(2026, 7, d), MINE[i % 5], Decimal(a))
        for i, (d, a) in enumerate(before)
    ]
    more = [
        Transaction(f"L-{i}", pendulum.date(2026, 7, d), MINE[i % 5], Decimal(a))
        for i, (d, a) in enumerate(late)
    ]
    if refund_first and sales:
        first = sales[0]
        more.append(
            Transaction(
                "R-0",
                first.date,
                first.customer,
                first.amount,
                kind=TransactionKind.REFUND,
                original=first.id,
            )
        )
    org = company_org()
    targets = {"sales": 250_000}
    first_run = calculate(
        plan, PayInputs(ME, credit(sales, org), targets=targets), period=JULY, as_of=JULY.end
    )
    inputs = PayInputs(ME, credit(sales + more, org), targets=targets)
    fresh = calculate(plan, inputs, period=JULY, as_of=JULY.end.add(days=5))
    delta = recalculate(first_run, plan, inputs, as_of=JULY.end.add(days=5))
    assert all(line.step is Step.ADJUSTMENT for line in delta.lines)
    assert fresh.total == first_run.total + delta.total
    assert fresh == delta.restates
    assert () == recalculate(delta, plan, inputs, as_of=JULY.end.add(days=5)).lines


# -- crediting -------------------------------------------------------------------------------------


@settings(max_examples=50)
@given(
    batch=batches(company_customers(), max_sales=6),
    data=st.data(),
)
def test_split_credit_does_not_depend_on_transaction_order(
    batch: list[Transaction], data: st.DataObject
) -> None:
    """With split customers, any order of the batch gives the same ledger and exact splits."""
    customers = sorted({t.customer for t in batch})
    split_customers = data.draw(st.lists(st.sampled_from(customers), unique=True, max_size=3))
    people = company_consultants()
    splits = []
    for customer in split_customers:
        chosen = data.draw(st.lists(st.sampled_from(people), min_size=2, max_size=3, unique=True))
        cut = data.draw(st.integers(1, 99))
        shares = {chosen[0]: Decimal(cut).scaleb(-2)}
        rest = Decimal(100 - cut).scaleb(-2)
        if len(chosen) == 3:
            half = Decimal(int(rest * 50)).scaleb(-4)
            shares[chosen[1]], shares[chosen[2]] = half, rest - half
        else:
            shares[chosen[1]] = rest
        splits.append(Split(customer, {k: v for k, v in shares.items() if v}))
    org = company_org()
    shuffled = data.draw(st.permutations(batch))
    first = credit(batch, org, splits=splits)
    mirrored = [Split(s.customer, dict(reversed(s.shares.items()))) for s in reversed(splits)]
    second = credit(shuffled, org, splits=mirrored)
    assert first.credits == second.credits
    for t in first.transactions:
        direct = [c for c in first.credits if c.transaction == t.id and c.direct]
        sign = Decimal(1) if t.kind is not TransactionKind.REFUND else Decimal(-1)
        assert sign * t.amount == exact_sum(c.amount for c in direct)


# -- exact rounding --------------------------------------------------------------------------------


@given(
    value=st.integers(-(10**12), 10**12).map(lambda n: Decimal(n).scaleb(-4)),
    exponent=st.integers(-4, 2),
    zeros=st.integers(0, 3),
    warm=st.booleans(),
)
def test_rounding_depends_only_on_the_quantum_value_not_its_spelling_or_history(
    value: Decimal, exponent: int, zeros: int, warm: bool
) -> None:
    """round_pay hits a multiple of the quantum however it is spelled and whatever came before."""
    plain = Decimal(1).scaleb(exponent)
    spelled = Decimal((0, (1,) + (0,) * zeros, exponent - zeros))  # same value, more digits
    assert plain == spelled
    if warm:
        round_pay(value, plain)
    rounded = round_pay(value, spelled)
    assert is_multiple(rounded, plain)
    assert rounded == round_pay(Fraction(value), plain)


def test_pay_rounding_does_not_remember_an_equal_quantum() -> None:
    """Rounding to 0.010 after rounding to 0.01 still rounds to the cent."""
    round_pay(Decimal("1"), Decimal("0.01"))
    assert Decimal("1.23") == round_pay(Decimal("1.234"), Decimal("0.010"))
    round_pay(Decimal("1"), Decimal("1E+1"))
    assert Decimal("20") == round_pay(Decimal("17"), Decimal("10"))


# -- floats are refused where amounts are expected -------------------------------------------------


def test_team_target_and_line_base_refuse_floats() -> None:
    """A float team target or line base is refused like any other float amount."""
    with pytest.raises(AmountTypeError):
        TeamFigures(target=1.5)  # type: ignore[arg-type]
    with pytest.raises(AmountTypeError):
        Line("c", Step.PAY, Decimal("1.00"), "r", base=1.5)  # type: ignore[arg-type]
    assert Decimal(5) == TeamFigures(target=5).target  # type: ignore[arg-type]


# -- a clawback takes back no more than the commission paid -------------------------------


def _clawback_run(transactions: list[Transaction], plan: Plan, months: list[str]) -> Decimal:
    ledger = credit(transactions, company_org())
    return exact_sum(
        calculate(
            plan, PayInputs(ME, ledger), period=Period.parse(m), as_of=pendulum.date(2026, 12, 31)
        ).total
        for m in months
    )


def test_an_uncollected_sale_refunded_later_is_clawed_back_once() -> None:
    """Sale paid 2,000 in July, uncollected by its deadline, refunded in September: net 0."""
    sale = Transaction("S", pendulum.date(2026, 7, 5), MINE[0], Decimal("100000"))
    back = Transaction(
        "R", pendulum.date(2026, 9, 10), MINE[0], Decimal("100000"), kind="refund", original="S"
    )
    commission = Commission("commission", RateTable.flat("0.02"), base=Measure.GROSS_SALES)
    plan = Plan(
        "p", (commission, Clawback("clawback", commission, days=30, refunds=True)), start=START
    )
    assert Decimal(0) == _clawback_run([sale, back], plan, ["2026-07", "2026-08", "2026-09"])


def test_a_refund_takes_back_no_more_than_the_commission_paid() -> None:
    """Commission withheld by its gate in July; the July sale's refund in August takes back 0."""
    sale = Transaction("S", pendulum.date(2026, 7, 5), MINE[0], Decimal("100000"))
    back = Transaction(
        "R", pendulum.date(2026, 8, 10), MINE[0], Decimal("100000"), kind="refund", original="S"
    )
    commission = Commission(
        "commission",
        RateTable.flat("0.02"),
        base=Measure.GROSS_SALES,
        gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.8")),),
    )
    plan = Plan("p", (commission, Clawback("clawback", commission, refunds=True)), start=START)
    assert Decimal(0) == _clawback_run([sale, back], plan, ["2026-07", "2026-08"])
