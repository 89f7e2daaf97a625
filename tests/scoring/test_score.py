"""Tests for KPIs, scorecards and score(): validation, explanations, exact points.

``scorecards`` draws a scorecard of 1-5 KPIs with weights that add up to exactly 100%
and random rule trees (from test_rules' strategies, rebuilt here); ``figures`` draws
actuals and targets for it, with some left out or zero.
"""

from __future__ import annotations

import decimal
import itertools
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, QuantityError, ScoringError
from deepmarketing.quantities import (
    COLLECTION_CNY,
    EXPENSES_CNY,
    NEW_CUSTOMERS,
    SALES_CNY,
    Metric,
    Rounding,
)
from deepmarketing.scoring import (
    KPI,
    Band,
    Banded,
    Capped,
    Credit,
    Floored,
    Linear,
    LowerIsBetter,
    Missing,
    Rule,
    Scorecard,
    ScoreResult,
    Threshold,
    score,
)

# -- strategies -----------------------------------------------------------------------------


def ratios(low: int = 0, high: int = 300) -> st.SearchStrategy[Decimal]:
    """Ratios in hundredths, ``low/100`` to ``high/100``."""
    return st.integers(low, high).map(lambda i: Decimal(i).scaleb(-2))


@st.composite
def band_lists(draw: st.DrawFn) -> list[Band]:
    """Valid bands: from 0 up, no gaps, credit never falling."""
    cuts = sorted(draw(st.sets(ratios(1, 300), max_size=3)))
    credits = sorted(draw(st.lists(ratios(0, 200), min_size=len(cuts) + 1, max_size=len(cuts) + 1)))
    return [
        Band(lower, upper, credit=credit)
        for lower, upper, credit in zip([Decimal(0), *cuts], [*cuts, None], credits, strict=True)
    ]


def _wrap(inner: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
    return st.one_of(
        st.builds(lambda cap, rule: Capped(cap, rule=rule), ratios(1), inner),
        st.builds(lambda floor, rule: Floored(floor, rule=rule), ratios(0), inner),
        st.builds(lambda low, rule: Threshold(low, rule=rule), ratios(1), inner),
        st.builds(lambda bands, rule: Banded(bands, rule=rule), band_lists(), inner),
    )


rules: st.SearchStrategy[Rule] = st.recursive(
    st.sampled_from([Linear(), LowerIsBetter()]), _wrap, max_leaves=3
)
METRICS = [SALES_CNY, NEW_CUSTOMERS, Metric("volume", "t", Decimal("0.001"))]


@st.composite
def percent_weights(draw: st.DrawFn, count: int, *, places: int = 2) -> list[Decimal]:
    """``count`` positive weights in steps of ``10**-places`` adding up to exactly 1."""
    whole = 10**places
    cuts = sorted(draw(st.sets(st.integers(1, whole - 1), min_size=count - 1, max_size=count - 1)))
    edges = [0, *cuts, whole]
    return [Decimal(b - a).scaleb(-places) for a, b in itertools.pairwise(edges)]


@st.composite
def scorecards(draw: st.DrawFn) -> Scorecard:
    """A scorecard of 1-5 KPIs whose weights add up to exactly 100%."""
    count = draw(st.integers(1, 5))
    weights = draw(percent_weights(count, places=draw(st.integers(2, 4))))
    kpis = [
        KPI(f"k{i}", draw(st.sampled_from(METRICS)), weight=w, rule=draw(rules))
        for i, w in enumerate(weights)
    ]
    return Scorecard(
        "card",
        kpis,
        quantum=draw(
            st.sampled_from([Decimal("0.01"), Decimal("0.1"), Decimal(1), Decimal("0.5")])
        ),
        rounding=draw(st.sampled_from(list(Rounding))),
    )


def amounts_of(metric: Metric, *, low: int = 0) -> st.SearchStrategy[Decimal]:
    """Exact amounts of ``metric`` from ``low`` quanta up."""
    return st.integers(low, 10**8).map(lambda i: Decimal(i) * metric.quantum)


@st.composite
def figures(
    draw: st.DrawFn, card: Scorecard, *, complete: bool = False
) -> tuple[dict[str, Decimal | None], dict[str, Decimal | None]]:
    """Actuals and targets for ``card``; unless ``complete``, some missing or zero."""
    actuals: dict[str, Decimal | None] = {}
    targets: dict[str, Decimal | None] = {}
    for kpi in card.kpis:
        actual = draw(amounts_of(kpi.metric))
        target = draw(amounts_of(kpi.metric, low=1))
        if not complete:
            actual = draw(st.sampled_from([actual, actual, actual, None]))
            target = draw(st.sampled_from([target, target, target, None, Decimal(0)]))
        if actual is not None or draw(st.booleans()):
            actuals[kpi.name] = actual
        if target is not None or draw(st.booleans()):
            targets[kpi.name] = target
    return actuals, targets


@st.composite
def scored(draw: st.DrawFn, *, complete: bool = False) -> tuple[Scorecard, ScoreResult]:
    """A scorecard and its result on drawn figures."""
    card = draw(scorecards())
    actuals, targets = draw(figures(card, complete=complete))
    return card, score(card, actuals, targets)


def exact_points(item: Any) -> Fraction:
    """A KPI's exact points: credit x weight x 100."""
    return Fraction(item.credit.value) * Fraction(item.kpi.weight) * 100


def rounded(value: Fraction, quantum: Decimal, rounding: Rounding) -> Decimal:
    """``value`` rounded with the decimal module itself, in a context wide enough."""
    ctx = decimal.Context(prec=200, rounding=rounding.value, traps=[decimal.Inexact])
    exact = ctx.divide(Decimal(value.numerator), Decimal(value.denominator))
    steps = ctx.divide(exact, quantum)
    units = steps.quantize(Decimal(1), rounding=rounding.value, context=decimal.Context(prec=200))
    return ctx.multiply(units, quantum)


# -- fixtures -------------------------------------------------------------------------------

CARD = Scorecard(
    "consultant",
    [
        KPI("sales", SALES_CNY, weight=Decimal("0.4"), rule=Capped(Decimal("1.1"))),
        KPI("collection", COLLECTION_CNY, weight=Decimal("0.3")),
        KPI("expenses", EXPENSES_CNY, weight=Decimal("0.1"), rule=LowerIsBetter()),
        KPI("new_customers", NEW_CUSTOMERS, weight=Decimal("0.2"), rule=Threshold(Decimal("0.5"))),
    ],
)
TARGETS: dict[str, Any] = {
    "sales": Decimal("1000000.00"),
    "collection": Decimal("900000.00"),
    "expenses": Decimal("50000.00"),
    "new_customers": 10,
}
ACTUALS: dict[str, Any] = {
    "sales": Decimal("1200000.00"),
    "collection": Decimal("810000.00"),
    "expenses": Decimal("45000.00"),
    "new_customers": 6,
}


# -- KPI and Scorecard validation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: KPI("", SALES_CNY, weight=1), "KPI: expected a non-empty name, got ''"),
        (lambda: KPI("s", "CNY", weight=1), "KPI 's': expected a Metric, got str 'CNY'"),
        (lambda: KPI("s", SALES_CNY, weight=0), "KPI 's': weight is 0; expected a share above 0"),
        (lambda: KPI("s", SALES_CNY, weight=40), "KPI 's': weight is 40; expected a share"),
        (lambda: KPI("s", SALES_CNY, weight=1, rule=None), "KPI: expected a Rule"),
        (lambda: Scorecard("c", []), "scorecard 'c': expected at least one KPI, got none"),
        (lambda: Scorecard(" ", [KPI("s", SALES_CNY, weight=1)]), "scorecard: expected a non-"),
        (lambda: Scorecard("c", ["sales"]), "scorecard 'c': expected KPI objects, got str"),
        (
            lambda: Scorecard("c", [KPI("s", SALES_CNY, weight=1)], quantum=0),
            "quantum: expected a positive quantum, got 0",
        ),
        (
            lambda: Scorecard("c", [KPI("s", SALES_CNY, weight=1)], rounding="nearest"),
            "rounding: expected a Rounding or one of ROUND_HALF_EVEN",
        ),
    ],
)
def test_kpi_and_scorecard_fields_are_validated(build: Any, message: str) -> None:
    """Bad fields raise ScoringError naming the record and the value."""
    with pytest.raises(ScoringError) as caught:
        build()
    assert str(caught.value).startswith(message)


def test_kpi_refuses_a_float_weight() -> None:
    """A float weight is refused as a TypeError."""
    with pytest.raises(AmountTypeError, match="KPI weight"):
        KPI("s", SALES_CNY, weight=0.4)  # type: ignore[arg-type]


def test_duplicate_kpi_names_are_refused() -> None:
    """KPI names are the keys of actuals and targets, so they must be unique."""
    kpi = KPI("sales", SALES_CNY, weight=Decimal("0.5"))
    with pytest.raises(ScoringError) as caught:
        Scorecard("c", [kpi, kpi])
    assert "scorecard 'c': KPI name 'sales' appears twice; expected unique names" == str(
        caught.value
    )


def test_weights_off_by_a_fen_are_refused_with_every_weight_named() -> None:
    """99.99% is not 100%: the message lists each weight."""
    with pytest.raises(ScoringError) as caught:
        Scorecard(
            "c",
            [
                KPI("a", SALES_CNY, weight=Decimal("0.3333")),
                KPI("b", SALES_CNY, weight=Decimal("0.3333")),
                KPI("c", SALES_CNY, weight=Decimal("0.3333")),
            ],
        )
    assert (
        "scorecard 'c': KPI weights add up to 0.9999 (99.99%: a 33.33%, b 33.33%, c 33.33%); "
        "expected exactly 1 (100%)" == str(caught.value)
    )


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=6), st.integers(2, 4))
def test_weights_not_adding_to_100_percent_always_raise(steps: list[int], places: int) -> None:
    """Any weights whose exact sum is not 1 are refused."""
    weights = [Decimal(s).scaleb(-places) for s in steps]
    assume(all(w <= 1 for w in weights))
    assume(sum(steps) != 10**places)
    kpis = [KPI(f"k{i}", SALES_CNY, weight=w) for i, w in enumerate(weights)]
    with pytest.raises(ScoringError, match="KPI weights add up to"):
        Scorecard("c", kpis)


@given(scorecards())
def test_weights_adding_to_exactly_100_percent_are_accepted(card: Scorecard) -> None:
    """The strategy's scorecards (weights summing to exactly 1) build."""
    assert Fraction(1) == sum((Fraction(k.weight) for k in card.kpis), Fraction(0))


def test_scorecard_kpi_lookup() -> None:
    """A KPI is found by name; an unknown name lists the ones there are."""
    assert "collection" == CARD.kpi("collection").name
    with pytest.raises(ScoringError) as caught:
        CARD.kpi("sale")
    assert (
        "scorecard 'consultant': has no KPI 'sale'; expected one of 'sales', 'collection', "
        "'expenses', 'new_customers'" == str(caught.value)
    )


# -- score: results and explanations --------------------------------------------------------


def test_score_of_a_full_scorecard() -> None:
    """Points per KPI and a total that is their sum."""
    result = score(CARD, ACTUALS, TARGETS)
    points = {k.kpi.name: k.points for k in result.kpis}
    expected = {
        "sales": Decimal("44.00"),
        "collection": Decimal("27.00"),
        "expenses": Decimal("11.00"),
        "new_customers": Decimal("12.00"),
    }
    assert expected == points
    assert Decimal("94.00") == result.total
    assert result.is_complete()
    assert {} == result.missing
    assert Decimal(1) == result.scored_weight


def test_explanation_of_each_rule() -> None:
    """Every scored KPI explains itself in one plain line."""
    result = score(CARD, ACTUALS, TARGETS)
    expected = [
        (
            "sales 1,200,000.00 CNY of 1,000,000.00 CNY target: attainment 120.0%, capped at 110% "
            "-> 110.0% x weight 40% = 44.00 points"
        ),
        (
            "collection 810,000.00 CNY of 900,000.00 CNY target: attainment 90.0% "
            "-> 90.0% x weight 30% = 27.00 points"
        ),
        (
            "expenses 45,000.00 CNY of 50,000.00 CNY target: actual/target 90.0%, lower is better: "
            "200% - 90.0% = 110.0% -> 110.0% x weight 10% = 11.00 points"
        ),
        (
            "new_customers 6 customers of 10 customers target: attainment 60.0%, meets the 50% "
            "threshold -> 60.0% x weight 20% = 12.00 points"
        ),
    ]
    assert expected == [k.explanation for k in result.kpis]


def test_summary_lists_every_kpi() -> None:
    """The summary is the total and one line per KPI."""
    result = score(CARD, ACTUALS, TARGETS)
    lines = result.summary().splitlines()
    assert "consultant: 94.00 points, complete" == lines[0]
    assert [f"  {k.explanation}" for k in result.kpis] == lines[1:]


@pytest.mark.parametrize(
    ("actual", "target", "missing", "text"),
    [
        (
            None,
            None,
            Missing.BOTH,
            ("collection: no actual and no target -> not scored, its 30% weight left out"),
        ),
        (
            None,
            "900000.00",
            Missing.ACTUAL,
            ("collection: no actual, target 900,000.00 CNY -> not scored, its 30% weight left out"),
        ),
        (
            "810000.00",
            None,
            Missing.TARGET,
            ("collection 810,000.00 CNY with no target -> not scored, its 30% weight left out"),
        ),
        (
            "810000.00",
            "0",
            Missing.ZERO_TARGET,
            (
                "collection 810,000.00 CNY of 0.00 CNY target: a "
                "zero target gives no attainment -> not scored, its 30% weight left out"
            ),
        ),
    ],
)
def test_missing_figures_are_an_explicit_state(
    actual: str | None, target: str | None, missing: Missing, text: str
) -> None:
    """A missing or zero figure is reported, adds no points, and makes the result incomplete."""
    actuals = {**ACTUALS, "collection": actual}
    targets = {**TARGETS, "collection": target}
    result = score(CARD, actuals, targets)
    item = result.kpi("collection")
    assert missing == item.missing
    assert item.points is None
    assert item.credit is None
    assert not item.is_scored()
    assert text == item.explanation
    assert not result.is_complete()
    assert {"collection": missing} == result.missing
    assert Decimal("0.7") == result.scored_weight
    assert Decimal("67.00") == result.total
    assert result.summary().startswith("consultant: 67.00 points, incomplete (70% of the weight")


def test_left_out_keys_are_missing_too() -> None:
    """A KPI left out of the mappings is missing, like one given as None."""
    result = score(CARD, {"sales": Decimal("1.00")}, {})
    assert {k.kpi.name: Missing.BOTH for k in result.kpis[1:]} | {
        "sales": Missing.TARGET
    } == result.missing
    assert Decimal("0.00") == result.total


def test_unknown_keys_are_refused_not_ignored() -> None:
    """A typo in a KPI name would otherwise pass as missing data."""
    with pytest.raises(ScoringError) as caught:
        score(CARD, {**ACTUALS, "sale": Decimal(1), "Sales": Decimal(2)}, TARGETS)
    assert (
        "scorecard 'consultant': actuals name no KPI of the scorecard: 'Sales', 'sale'; "
        "expected KPI names: 'sales', 'collection', 'expenses', 'new_customers'"
        == str(caught.value)
    )


def test_actuals_must_be_a_mapping() -> None:
    """A list of amounts is refused."""
    with pytest.raises(ScoringError, match="targets: expected a mapping from KPI name"):
        score(CARD, ACTUALS, [Decimal(1)])  # type: ignore[arg-type]


def test_a_negative_target_is_refused() -> None:
    """Targets are never negative."""
    with pytest.raises(ScoringError) as caught:
        score(CARD, ACTUALS, {**TARGETS, "sales": Decimal("-1.00")})
    assert "KPI 'sales': expected a non-negative target, got -1.00 CNY" == str(caught.value)


def test_a_negative_actual_is_scored() -> None:
    """Net returns score below zero under a linear rule."""
    result = score(CARD, {**ACTUALS, "collection": Decimal("-90000.00")}, TARGETS)
    assert Decimal("-3.00") == result.kpi("collection").points


def test_amounts_must_fit_the_metric() -> None:
    """An actual finer than the metric's quantum is refused, naming the KPI."""
    with pytest.raises(QuantityError) as caught:
        score(CARD, {**ACTUALS, "new_customers": Decimal("6.5")}, TARGETS)
    assert "actual of KPI 'new_customers': expected a multiple of 1 customers, got 6.5" == str(
        caught.value
    )


def test_float_amounts_are_refused() -> None:
    """A float actual is a TypeError."""
    with pytest.raises(AmountTypeError, match="actual of KPI 'sales'"):
        score(CARD, {**ACTUALS, "sales": 1.5}, TARGETS)


def test_a_rule_must_return_a_credit() -> None:
    """A custom rule returning a bare number is refused, naming the KPI."""

    @attrs.frozen
    class Bare:
        def credit(self, actual: Decimal, target: Decimal) -> Credit:
            return Decimal(1)  # type: ignore[return-value]

    card = Scorecard("c", [KPI("s", SALES_CNY, weight=1, rule=Bare())])
    with pytest.raises(ScoringError) as caught:
        score(card, {"s": 1}, {"s": 1})
    assert "KPI 's': rule Bare() returned Decimal Decimal('1'); expected a Credit" == str(
        caught.value
    )


def test_a_custom_rule_scores_and_explains() -> None:
    """Any object with a credit method is a rule; its note appears in the explanation."""

    @attrs.frozen
    class AllOrNothing:
        def credit(self, actual: Decimal, target: Decimal) -> Credit:
            met = actual >= target
            return Credit(Decimal(1 if met else 0), "target met" if met else "target missed")

    card = Scorecard("c", [KPI("s", SALES_CNY, weight=1, rule=AllOrNothing())])
    result = score(card, {"s": 5}, {"s": 4})
    assert Decimal("100.00") == result.total
    assert (
        "s 5.00 CNY of 4.00 CNY target: target met -> 100.0% x weight 100% = 100.00 points"
        == result.kpis[0].explanation
    )


def test_result_kpi_lookup_names_the_kpis() -> None:
    """Looking up an unknown KPI in a result lists the known ones."""
    with pytest.raises(ScoringError, match="has no KPI 'x'; expected one of 'sales'"):
        score(CARD, ACTUALS, TARGETS).kpi("x")


def test_points_add_up_by_largest_remainder() -> None:
    """Three thirds: the total rounds once, the odd cent goes to the larger weight."""
    card = Scorecard(
        "thirds",
        [
            KPI("a", SALES_CNY, weight=Decimal("0.34")),
            KPI("b", SALES_CNY, weight=Decimal("0.33")),
            KPI("c", SALES_CNY, weight=Decimal("0.33")),
        ],
    )
    third = {"a": 1, "b": 1, "c": 1}
    result = score(card, third, {"a": 3, "b": 3, "c": 3})
    # The credit 1/3 has 60 digits, so b and c are a hair under 11: 11.3333.., 10.9999..,
    # 10.9999.. -> total 33.33; floors 11.33, 10.99, 10.99 and the two cents go to b and c.
    assert Decimal("33.33") == result.total
    assert [Decimal("11.33"), Decimal("11.00"), Decimal("11.00")] == [k.points for k in result.kpis]


def test_equal_remainders_go_to_the_larger_weight_then_the_name() -> None:
    """The tie-break for the odd quantum is documented and not the KPI order."""
    kpis = [KPI(n, SALES_CNY, weight=Decimal("0.25")) for n in ("d", "b", "a", "c")]
    card = Scorecard("quarters", kpis, quantum=Decimal(1))
    # each KPI's exact points: 1/3 x 25 = 8.333..; total 33.33 -> 33; 8 each, one left
    result = score(card, dict.fromkeys("abcd", 1), dict.fromkeys("abcd", 3))
    assert {"a": 9, "b": 8, "c": 8, "d": 8} == {k.kpi.name: k.points for k in result.kpis}


def test_the_named_rounding_is_used_for_the_total() -> None:
    """Half-even by default; the scorecard can name another mode."""
    kpis = [KPI("s", NEW_CUSTOMERS, weight=1)]
    half_even = Scorecard("c", kpis, quantum=Decimal(1))
    half_up = Scorecard("c", kpis, quantum=Decimal(1), rounding=Rounding.HALF_UP)
    figures_ = ({"s": 1}, {"s": 8})  # 12.5 points
    assert Decimal(12) == score(half_even, *figures_).total
    assert Decimal(13) == score(half_up, *figures_).total


def test_score_ignores_the_process_context() -> None:
    """A host's decimal context changes nothing."""
    expected = score(CARD, ACTUALS, TARGETS)
    with decimal.localcontext(decimal.Context(prec=2, rounding=decimal.ROUND_DOWN)):
        assert expected == score(CARD, ACTUALS, TARGETS)


# -- properties -----------------------------------------------------------------------------


@given(scored())
def test_points_add_up_to_the_total(pair: tuple[Scorecard, ScoreResult]) -> None:
    """The points of the scored KPIs add up to the total exactly."""
    _, result = pair
    points = [k.points for k in result.kpis if k.points is not None]
    assert result.total == sum(points, Decimal(0))


@given(scored())
def test_points_are_rounded_by_largest_remainder(pair: tuple[Scorecard, ScoreResult]) -> None:
    """Total rounded once; each KPI rounded down or up, and up only for the largest remainders."""
    card, result = pair
    step = Fraction(card.quantum)
    exact_total = Fraction(0)
    remainders: dict[str, Fraction] = {}
    rounded_up: set[str] = set()
    for item in result.kpis:
        if item.points is None:
            continue
        units = exact_points(item) / step
        exact_total += exact_points(item)
        floor = math.floor(units)
        assert Fraction(item.points) / step in {floor, math.ceil(units)}
        remainders[item.kpi.name] = units - floor
        if Fraction(item.points) / step > floor:
            rounded_up.add(item.kpi.name)
    assert rounded(exact_total, card.quantum, card.rounding) == result.total
    for up in rounded_up:
        assert all(remainders[up] >= r for k, r in remainders.items() if k not in rounded_up)


@given(scored())
def test_missing_is_exactly_the_kpis_without_points(pair: tuple[Scorecard, ScoreResult]) -> None:
    """A KPI has points if and only if it is not missing; completeness follows."""
    _, result = pair
    assert {k.kpi.name for k in result.kpis if k.points is None} == set(result.missing)
    assert result.is_complete() == (not result.missing)


@given(st.data())
def test_score_is_monotone_in_each_actual(data: st.DataObject) -> None:
    """Raising one actual never lowers the total (higher-is-better), never raises it (lower)."""
    card = data.draw(scorecards())
    actuals, targets = data.draw(figures(card, complete=True))
    kpi = data.draw(st.sampled_from(card.kpis))
    more = data.draw(amounts_of(kpi.metric))
    assume(more != actuals[kpi.name])
    low, high = sorted([actuals[kpi.name], more])  # type: ignore[type-var]
    before = score(card, {**actuals, kpi.name: low}, targets).total
    after = score(card, {**actuals, kpi.name: high}, targets).total
    inner = kpi.rule
    while not isinstance(inner, (Linear, LowerIsBetter)):
        inner = inner.rule  # type: ignore[attr-defined]
    if isinstance(inner, Linear):
        assert before <= after
    else:
        assert before >= after


@given(st.data())
def test_a_capped_kpi_never_earns_more_than_its_cap(data: st.DataObject) -> None:
    """Points of a capped KPI stay within cap x weight, rounded up to the quantum."""
    cap = data.draw(ratios(1))
    inner = data.draw(rules)
    weight = data.draw(st.sampled_from([Decimal("0.3"), Decimal("0.33"), Decimal(1)]))
    kpis = [KPI("capped", SALES_CNY, weight=weight, rule=Capped(cap, rule=inner))]
    if weight < 1:
        kpis.append(KPI("other", SALES_CNY, weight=1 - weight))
    card = Scorecard("c", kpis)
    actuals, targets = data.draw(figures(card, complete=True))
    item = score(card, actuals, targets).kpi("capped")
    assert item.credit is not None
    assert item.points is not None
    assert item.credit.value <= cap
    bound = Fraction(cap) * Fraction(weight) * 100
    assert Fraction(item.points) <= math.ceil(bound / Fraction(card.quantum)) * Fraction(
        card.quantum
    )


@given(st.data())
def test_score_does_not_depend_on_mapping_order(data: st.DataObject) -> None:
    """Shuffling the actuals and targets gives the same result."""
    card = data.draw(scorecards())
    actuals, targets = data.draw(figures(card))
    shuffled_actuals = dict(data.draw(st.permutations(list(actuals.items()))))
    shuffled_targets = dict(data.draw(st.permutations(list(targets.items()))))
    assert score(card, actuals, targets) == score(card, shuffled_actuals, shuffled_targets)
