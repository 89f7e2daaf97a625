"""Rate tables, plan components and plans: validation, exact pay, and properties."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, PlanError
from deepmarketing.incentives import (
    PAY_CNY,
    AttainmentBonus,
    Clawback,
    Commission,
    Draw,
    Gate,
    ManagerOverride,
    Measure,
    Plan,
    RateMode,
    RateTable,
    Spif,
    SpifBasis,
    SplitBy,
    Step,
    TeamFigures,
    TeamPool,
    Tier,
    WeightedBonus,
    WeightedMeasure,
    WhatIf,
    split_pool,
)
from deepmarketing.periods import Period
from deepmarketing.quantities import exact_sum

CENT = Decimal("0.01")
JULY = Period.parse("2026-07")


def two_bands(mode: RateMode | str = RateMode.MARGINAL) -> RateTable:
    """The 2% / 3% table with its edge at one million."""
    return RateTable(
        (Tier(0, 1_000_000, Decimal("0.02")), Tier(1_000_000, None, Decimal("0.03"))),
        mode=mode,
    )


# -- strategies ---------------------------------------------------------------------------

rates = st.decimals(min_value=0, max_value=Decimal("0.5"), places=3)
amounts = st.decimals(min_value=0, max_value=Decimal("10000000"), places=2)


@st.composite
def rate_tables(draw: st.DrawFn, mode: RateMode | None = None) -> RateTable:
    """Valid rate tables: up to five bands from 0, the last open."""
    edges = sorted(draw(st.sets(st.integers(1, 5_000_000), max_size=4)))
    bounds = [0, *edges]
    tiers = [Tier(lo, hi, draw(rates)) for lo, hi in zip(bounds, [*edges, None], strict=True)]
    return RateTable(tiers, mode=mode or draw(st.sampled_from(RateMode)))


# -- rate tables --------------------------------------------------------------------------


def test_marginal_pays_each_band_at_its_rate() -> None:
    """1,230,000 pays 2% on the first million and 3% on the rest."""
    assert Fraction(26900) == two_bands().payout(Decimal("1230000"))


def test_retroactive_pays_whole_base_at_band_reached() -> None:
    """Reaching the 3% band pays 3% on everything."""
    table = two_bands(RateMode.RETROACTIVE)
    assert Fraction(19999_98, 100) == table.payout(Decimal("999999"))
    assert Fraction(30000) == table.payout(Decimal("1000000"))


def test_interpolated_rate_is_linear_within_band() -> None:
    """Halfway through the first band the rate is halfway between 2% and 3%."""
    table = two_bands(RateMode.INTERPOLATED)
    assert Fraction(25, 1000) == table.rate_at(Decimal("500000"))
    assert Fraction(12500) == table.payout(Decimal("500000"))
    assert Fraction(3, 100) == table.rate_at(Decimal("5000000"))


def test_negative_base_mirrors_the_payout() -> None:
    """A net refund claws back what the same sale would have earned."""
    for mode in RateMode:
        table = two_bands(mode)
        assert -table.payout(Decimal("1230000")) == table.payout(Decimal("-1230000"))


def test_explain_names_bands_rates_and_amounts() -> None:
    """The reason shows every band with its rate and pay."""
    expected = "0-1,000,000 at 2% = 20,000.00; 1,000,000-1,230,000 at 3% = 6,900.00 (marginal)"
    assert expected == two_bands().explain(Decimal("1230000"))


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ((), "expected at least one tier"),
        ((Tier(10, None, 1),), "expected the first tier to start at 0"),
        ((Tier(0, 100, 1), Tier(120, None, 1)), "gap between tiers 0-100 and 120+"),
        ((Tier(0, 100, 1), Tier(80, None, 1)), "tiers 0-100 and 80+ overlap on 80-100"),
        ((Tier(0, None, 1), Tier(80, None, 1)), "tiers 0+ and 80+ overlap"),
        ((Tier(0, 100, 1),), "expected the last tier to be open"),
    ],
)
def test_bad_tiers_are_refused_naming_them(tiers: tuple[Tier, ...], message: str) -> None:
    """Gaps, overlaps, a missing start or an open end raise PlanError naming the tiers."""
    with pytest.raises(PlanError, match=re.escape(message)):
        RateTable(tiers, mode=RateMode.MARGINAL)


def test_tier_refuses_floats_and_negative_rates() -> None:
    """Rates are exact and non-negative."""
    with pytest.raises(AmountTypeError):
        Tier(0, None, 0.02)
    with pytest.raises(PlanError, match="non-negative"):
        Tier(0, None, Decimal("-0.01"))


def test_unknown_mode_is_refused() -> None:
    """A mode must be one of the three."""
    with pytest.raises(PlanError, match="expected a rate mode"):
        RateTable((Tier(0, None, 1),), mode="stepped")


@given(rate_tables(RateMode.MARGINAL), amounts, amounts)
def test_marginal_payout_is_non_decreasing_and_continuous(
    table: RateTable, x: Decimal, y: Decimal
) -> None:
    """P(y) - P(x) lies between 0 and max rate x (y - x): monotone and Lipschitz."""
    lo, hi = sorted((x, y))
    top = max(Fraction(t.rate) for t in table.tiers)
    step = table.payout(hi) - table.payout(lo)
    assert 0 <= step <= top * (Fraction(hi) - Fraction(lo))


@given(rate_tables(RateMode.RETROACTIVE), amounts, amounts)
def test_retroactive_payout_jumps_only_at_band_edges(
    table: RateTable, x: Decimal, y: Decimal
) -> None:
    """Between two bases with no band edge in between the payout moves at the band's rate."""
    lo, hi = sorted((x, y))
    edges = [t.lower for t in table.tiers[1:]]
    step = table.payout(hi) - table.payout(lo)
    if not any(lo < edge <= hi for edge in edges):
        rate = Fraction(table.tiers[table.band_of(lo)].rate)
        assert rate * (Fraction(hi) - Fraction(lo)) == step


@given(rate_tables(RateMode.RETROACTIVE), st.data())
def test_retroactive_jump_at_an_edge_is_the_rate_change(
    table: RateTable, data: st.DataObject
) -> None:
    """At a band edge e the payout jumps by e x (new rate - old rate)."""
    if len(table.tiers) < 2:
        return
    index = data.draw(st.integers(1, len(table.tiers) - 1))
    edge = Fraction(table.tiers[index].lower)
    below = table.tiers[index - 1].rate
    above = table.tiers[index].rate
    just_below = edge - Fraction(1, 10**9)
    jump = table.payout(edge) - table.payout(just_below)
    assert edge * (Fraction(above) - Fraction(below)) == jump - Fraction(below) * Fraction(1, 10**9)


@given(rate_tables(RateMode.INTERPOLATED), amounts)
def test_interpolated_payout_is_continuous_at_edges(table: RateTable, x: Decimal) -> None:
    """Approaching any edge from below gives the payout at the edge."""
    for tier in table.tiers[1:]:
        edge = Fraction(tier.lower)
        gap = table.payout(edge) - table.payout(edge - Fraction(1, 10**12))
        assert abs(gap) < Fraction(1, 10**3)
    assert table.payout(x) == Fraction(x) * table.rate_at(x)


# -- components ---------------------------------------------------------------------------


def test_commission_cap_line_takes_back_the_excess() -> None:
    """A capped commission shows the pay line and a negative cap line."""
    commission = Commission("commission", two_bands(), cap=Decimal("25000"))
    lines = commission.pay(WhatIf(sales=Decimal("1230000")), pay=PAY_CNY)
    assert [Step.PAY, Step.CAP] == [line.step for line in lines]
    assert Decimal("25000.00") == exact_sum(line.amount for line in lines)


def test_commission_floor_tops_up() -> None:
    """A floor pays at least its amount when gates pass."""
    commission = Commission("c", two_bands(), floor=Decimal("500"))
    lines = commission.pay(WhatIf(sales=Decimal("1000")), pay=PAY_CNY)
    assert [Decimal("20.00"), Decimal("480.00")] == [line.amount for line in lines]


def test_gate_on_collection_rate_withholds_the_commission() -> None:
    """No commission unless collection rate >= 80%; the gate line says why."""
    commission = Commission(
        "commission", two_bands(), gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.8")),)
    )
    lines = commission.pay(
        WhatIf(sales=Decimal("100000"), collection=Decimal("72000")), pay=PAY_CNY
    )
    assert Decimal(0) == exact_sum(line.amount for line in lines)
    assert "collection rate 72%, collection rate >= 80% required" in lines[-1].reason
    passed = commission.pay(
        WhatIf(sales=Decimal("100000"), collection=Decimal("80000")), pay=PAY_CNY
    )
    assert Decimal("2000.00") == exact_sum(line.amount for line in passed)


def test_commission_on_collection() -> None:
    """Commission can be paid on payment collected instead of sales."""
    commission = Commission("c", RateTable.flat(Decimal("0.05")), base=Measure.COLLECTION)
    [line] = commission.pay(WhatIf(sales=Decimal("1000"), collection=Decimal("600")), pay=PAY_CNY)
    assert Decimal("30.00") == line.amount


def test_commission_base_must_be_sales_or_collection() -> None:
    """A commission on new customers is refused."""
    with pytest.raises(PlanError, match="expected a commission base"):
        Commission("c", two_bands(), base=Measure.NEW_CUSTOMERS)


def test_floor_above_cap_is_refused() -> None:
    """A floor above the cap names the component."""
    with pytest.raises(PlanError, match=r"component 'c': expected the floor 10\.00 not to"):
        Commission("c", two_bands(), cap=Decimal(5), floor=Decimal(10))


ACCELERATED = RateTable(
    (
        Tier(0, Decimal("0.5"), 0),
        Tier(Decimal("0.5"), 1, 2),
        Tier(1, Decimal("1.5"), 3),
        Tier(Decimal("1.5"), None, 0),
    ),
    mode=RateMode.MARGINAL,
)


@pytest.mark.parametrize(
    ("sales", "expected"),
    [
        ("400000", "0.00"),  # below the 50% threshold
        ("750000", "5000.00"),  # decelerated: 50% of payout at 75%
        ("1000000", "10000.00"),
        ("1200000", "16000.00"),  # accelerated: 160% at 120%
        ("2000000", "25000.00"),  # flat above 150%
    ],
)
def test_attainment_bonus_follows_its_pay_curve(sales: str, expected: str) -> None:
    """Decelerator below 100%, accelerator above, threshold and flat top."""
    bonus = AttainmentBonus("bonus", target_pay=Decimal("10000"), curve=ACCELERATED)
    [line] = bonus.pay(WhatIf(sales=Decimal(sales), targets={"sales": 1_000_000}), pay=PAY_CNY)
    assert Decimal(expected) == line.amount


def test_a_negative_attainment_pays_no_bonus_and_no_gate_line() -> None:
    """Net sales of -1,250,000 on a 1,000,000 target: the bonus pays 0, not -12,500.00."""
    bonus = AttainmentBonus(
        "bonus",
        target_pay=Decimal("5000"),
        curve=ACCELERATED,
        gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.8")),),
    )
    results = WhatIf(sales=Decimal("-1250000"), targets={"sales": 1_000_000})
    [line] = bonus.pay(results, pay=PAY_CNY)
    assert Decimal("0.00") == line.amount
    assert "attainment -125%; curve attainment below 0 pays nothing -> 0%" in line.reason


@given(
    sales=st.integers(-(10**8), 10**8),
    target=st.integers(1, 10**7),
    curve=rate_tables(),
    weight=st.integers(0, 100),
)
def test_a_bonus_is_never_negative(sales: int, target: int, curve: RateTable, weight: int) -> None:
    """Whatever the attainment, positive or negative, a bonus pays at least 0."""
    results = WhatIf(
        sales=Decimal(sales), score=Decimal(sales % 200 - 100), targets={"sales": target}
    )
    share = Decimal(weight).scaleb(-2)
    bonuses = (
        AttainmentBonus("bonus", target_pay=Decimal("5000"), curve=curve),
        WeightedBonus(
            "weighted",
            target_pay=Decimal("5000"),
            measures=(
                WeightedMeasure(Measure.SALES, share, curve),
                WeightedMeasure(Measure.SCORE, 1 - share, curve),
            ),
        ),
    )
    for bonus in bonuses:
        assert exact_sum(line.amount for line in bonus.pay(results, pay=PAY_CNY)) >= 0


def test_a_gate_on_nothing_paid_adds_no_line() -> None:
    """A failed gate on a commission of 0.00 adds no "0.00 not paid" line."""
    gated = Commission("c", two_bands(), gates=(Gate(Measure.COLLECTION_RATE, Decimal("0.8")),))
    [line] = gated.pay(WhatIf(sales=Decimal(0)), pay=PAY_CNY)
    assert Step.PAY is line.step


def test_reasons_show_a_zero_base_and_curve_points_sensibly() -> None:
    """A zero base reads '0 at 2%', a curve point at most four decimals (amounts stay exact)."""
    assert "0 at 2% = 0.00 (marginal)" == two_bands().explain(Decimal(0))
    assert "0-0.0267 at 0% = 0.00 (marginal)" == ACCELERATED.explain(Fraction(2, 75))
    eight_fifteenths = Fraction(8, 15)
    assert Fraction(1, 15) == ACCELERATED.payout(eight_fifteenths)
    assert "0.5-0.5333 at 200% = 0.07" in ACCELERATED.explain(eight_fifteenths)


def test_attainment_bonus_needs_a_target() -> None:
    """A missing target is an error naming the person, never a silent zero."""
    bonus = AttainmentBonus("bonus", target_pay=Decimal("10000"), curve=ACCELERATED)
    with pytest.raises(PlanError, match="person 'P': expected a positive target for 'sales'"):
        bonus.pay(WhatIf(sales=Decimal(5)), pay=PAY_CNY)


def test_weighted_bonus_pays_each_measure_on_its_line() -> None:
    """Sales 60%, collection 20%, new customers 10%, score 10%."""
    flat = RateTable.flat(1)
    bonus = WeightedBonus(
        "bonus",
        target_pay=Decimal("10000"),
        measures=(
            WeightedMeasure(Measure.SALES, Decimal("0.6"), flat),
            WeightedMeasure(Measure.COLLECTION, Decimal("0.2"), flat),
            WeightedMeasure(Measure.NEW_CUSTOMERS, Decimal("0.1"), flat),
            WeightedMeasure(Measure.SCORE, Decimal("0.1"), flat),
        ),
        cap=Decimal("9000"),
    )
    results = WhatIf(
        sales=Decimal("900000"),
        collection=Decimal("450000"),
        new_customers=3,
        score=Decimal("80"),
        targets={"sales": 1_000_000, "collection": 900_000, "new_customers": 4},
    )
    lines = bonus.pay(results, pay=PAY_CNY)
    assert [
        ("sales", Decimal("5400.00")),
        ("collection", Decimal("1000.00")),
        ("new_customers", Decimal("750.00")),
        ("score", Decimal("800.00")),
    ] == [(line.key, line.amount) for line in lines]


def test_weighted_bonus_weights_must_add_up_to_exactly_100() -> None:
    """Weights of 60% and 30% are refused with both named."""
    flat = RateTable.flat(1)
    with pytest.raises(PlanError, match=r"got 90% \(sales 60%, score 30%\)"):
        WeightedBonus(
            "b",
            target_pay=1,
            measures=(
                WeightedMeasure(Measure.SALES, Decimal("0.6"), flat),
                WeightedMeasure(Measure.SCORE, Decimal("0.3"), flat),
            ),
        )


def test_spif_per_new_customer_and_per_unit() -> None:
    """SPIFs pay per customer developed and per unit of a new product."""
    per_customer = Spif("new customers", per=Decimal("200"), basis=SpifBasis.NEW_CUSTOMER)
    per_unit = Spif("X-1 launch", per=Decimal("2.5"), basis="unit", product="X-1", cap=20)
    results = WhatIf(new_customers=3, units={"X-1": Decimal("10")})
    assert Decimal("600.00") == per_customer.pay(results, pay=PAY_CNY)[0].amount
    assert Decimal("20.00") == exact_sum(line.amount for line in per_unit.pay(results, pay=PAY_CNY))


def test_unit_spif_needs_a_product() -> None:
    """A per-unit SPIF without a product is refused."""
    with pytest.raises(PlanError, match="expected the product"):
        Spif("s", per=1, basis=SpifBasis.UNIT)


def test_team_pool_split_by_target_share() -> None:
    """Each member's share is their target's share of the pool."""
    team = TeamFigures(targets={"A": 300, "B": 100})
    pool = TeamPool("pool", amount=Decimal("1000"), by=SplitBy.TARGET)
    [line] = pool.pay(WhatIf(person="A", team=team), pay=PAY_CNY)
    assert Decimal("750.00") == line.amount


def test_team_pool_needs_a_member() -> None:
    """Someone outside the team gets an error, not a silent zero."""
    team = TeamFigures(scores={"A": 1})
    with pytest.raises(PlanError, match="person 'Z': not a member"):
        TeamPool("pool", amount=1).pay(WhatIf(person="Z", team=team), pay=PAY_CNY)


def test_team_pool_takes_an_amount_or_a_rate() -> None:
    """Both or neither is refused."""
    with pytest.raises(PlanError, match="either a fixed amount or a rate"):
        TeamPool("pool", amount=1, rate=Decimal("0.1"))


@given(
    amounts,
    st.dictionaries(
        st.text("ABCDEFGH", min_size=1, max_size=3),
        st.integers(0, 100),
        min_size=1,
        max_size=12,
    ),
)
def test_team_pool_shares_sum_to_the_pool(pool: Decimal, scores: dict[str, int]) -> None:
    """Shares are whole cents and add up to the pool exactly."""
    shares = split_pool(pool, TeamFigures(scores=scores), by=SplitBy.SCORE, quantum=CENT)
    assert pool == exact_sum(shares.values())
    assert set(scores) == set(shares)
    assert all(share == share.quantize(CENT) for share in shares.values())


def test_manager_override_on_team_sales() -> None:
    """The override pays its table on the team's credited sales."""
    override = ManagerOverride("override", two_bands(), cap=Decimal("30000"))
    lines = override.pay(WhatIf(team_sales=Decimal("2000000")), pay=PAY_CNY)
    assert Decimal("30000.00") == exact_sum(line.amount for line in lines)


def test_refund_clawback_needs_gross_commission() -> None:
    """Clawing back refunds on a net commission would take them back twice."""
    with pytest.raises(PlanError, match="would take refunds back twice"):
        Clawback("clawback", Commission("c", two_bands()), refunds=True)
    with pytest.raises(PlanError, match="expected days"):
        Clawback("clawback", Commission("c", two_bands()))


@given(
    rate_tables(),
    amounts,
    st.decimals(min_value=0, max_value=Decimal("100000"), places=2),
)
def test_a_cap_is_never_exceeded(table: RateTable, sales: Decimal, cap: Decimal) -> None:
    """Whatever the table and sales, a component pays at most its cap."""
    commission = Commission("c", table, cap=cap)
    lines = commission.pay(WhatIf(sales=sales), pay=PAY_CNY)
    assert exact_sum(line.amount for line in lines) <= cap


# -- plans --------------------------------------------------------------------------------


def test_plan_refuses_duplicate_names_and_bad_dates() -> None:
    """Component names are unique and the end is not before the start."""
    commission = Commission("c", two_bands())
    with pytest.raises(PlanError, match=re.escape("got twice: ['c']")):
        Plan("p", (commission, commission), start=pendulum.date(2026, 1, 1))
    with pytest.raises(PlanError, match="expected the end 2025-12-31 on or after"):
        Plan(
            "p",
            (commission,),
            start=pendulum.date(2026, 1, 1),
            end=pendulum.date(2025, 12, 31),
        )


def test_plan_refuses_non_components_and_uneven_caps() -> None:
    """Only components, and a cap in whole cents."""
    with pytest.raises(PlanError, match="expected components"):
        Plan("p", ("commission",), start=pendulum.date(2026, 1, 1))
    with pytest.raises(PlanError, match=r"cap to be a multiple of 0\.01"):
        Plan(
            "p",
            (Commission("c", two_bands()),),
            start=pendulum.date(2026, 1, 1),
            cap=Decimal("1.005"),
        )


def test_plan_is_effective_dated() -> None:
    """A plan covers the periods it is in force in."""
    plan = Plan(
        "p",
        (Commission("c", two_bands()),),
        start=pendulum.date(2026, 7, 15),
        end=pendulum.date(2026, 12, 31),
    )
    assert plan.covers(JULY)
    assert not plan.covers(Period.parse("2027-01"))
    assert not plan.effective_on(pendulum.date(2026, 7, 14))


def test_recoverable_draw_is_carried_and_recovered() -> None:
    """A shortfall is advanced, carried and recovered from earnings above the draw."""
    draw = Draw(Decimal("5000"), recoverable=True)
    one = Fraction(1)
    lines, balance = draw.settle(Decimal("1000"), Decimal(0), period=JULY, factor=one)
    assert (Decimal("4000"), Decimal("4000")) == (lines[0].amount, balance)
    lines, balance = draw.settle(Decimal("12000"), balance, period=JULY.shift(1), factor=one)
    assert ([Decimal("-4000")], Decimal(0)) == ([line.amount for line in lines], balance)


def test_non_recoverable_and_guaranteed_draws_are_not_owed() -> None:
    """A non-recoverable draw, or one inside its guarantee, leaves no balance."""
    one = Fraction(1)
    kept = Draw(Decimal("5000"), recoverable=False)
    assert Decimal(0) == kept.settle(Decimal(0), Decimal(0), period=JULY, factor=one)[1]
    guaranteed = Draw(Decimal("5000"), recoverable=True, guarantee_until=pendulum.date(2026, 9, 30))
    lines, balance = guaranteed.settle(Decimal(0), Decimal(0), period=JULY, factor=one)
    assert (Decimal("5000"), Decimal(0)) == (lines[0].amount, balance)
    assert "guaranteed to 2026-09-30" in lines[0].reason
    _, owed = guaranteed.settle(Decimal(0), Decimal(0), period=Period.parse("2026-10"), factor=one)
    assert Decimal("5000") == owed


def test_draw_is_prorated() -> None:
    """Half a period worked, half the draw."""
    draw = Draw(Decimal("5000"), recoverable=False)
    lines, _ = draw.settle(Decimal(0), Decimal(0), period=JULY, factor=Fraction(1, 2))
    assert Decimal("2500.00") == lines[0].amount
