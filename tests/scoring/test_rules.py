"""Tests for the scoring rules: credits, their notes, validation, monotonicity and caps.

The hypothesis strategies here build random rule trees (wrappers around wrappers around
:class:`Linear` or :class:`LowerIsBetter`); ``direction`` says which way the tree points.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, ScoringError
from deepmarketing.scoring import (
    Band,
    Banded,
    Capped,
    Credit,
    Floored,
    Linear,
    LowerIsBetter,
    Rule,
    Threshold,
    attainment,
)

# -- strategies -----------------------------------------------------------------------------


def ratios(low: int = 0, high: int = 300) -> st.SearchStrategy[Decimal]:
    """Ratios in hundredths (percent steps), ``low/100`` to ``high/100``."""
    return st.integers(low, high).map(lambda i: Decimal(i).scaleb(-2))


@st.composite
def band_lists(draw: st.DrawFn) -> list[Band]:
    """Bands that cover 0 up, without gaps, with credit that never falls, in any order."""
    cuts = sorted(draw(st.sets(ratios(1, 300), max_size=4)))
    credits = sorted(draw(st.lists(ratios(0, 200), min_size=len(cuts) + 1, max_size=len(cuts) + 1)))
    lowers = [Decimal(0), *cuts]
    uppers = [*cuts, None]
    bands = [
        Band(lower, upper, credit=credit)
        for lower, upper, credit in zip(lowers, uppers, credits, strict=True)
    ]
    return draw(st.permutations(bands))


def _wrap(inner: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
    return st.one_of(
        st.builds(lambda cap, rule: Capped(cap, rule=rule), ratios(1), inner),
        st.builds(lambda floor, rule: Floored(floor, rule=rule), ratios(0), inner),
        st.builds(lambda low, rule: Threshold(low, rule=rule), ratios(1), inner),
        st.builds(lambda bands, rule: Banded(bands, rule=rule), band_lists(), inner),
    )


#: Any tree of built-in rules.
rules: st.SearchStrategy[Rule] = st.recursive(
    st.sampled_from([Linear(), LowerIsBetter()]), _wrap, max_leaves=4
)

#: Money amounts to the fen, up to 10 million yuan, and positive targets.
amounts = st.integers(-(10**5), 10**9).map(lambda i: Decimal(i).scaleb(-2))
targets = st.integers(1, 10**9).map(lambda i: Decimal(i).scaleb(-2))


def direction(rule: Rule) -> int:
    """+1 if the rule rewards a higher actual, -1 if a lower one."""
    while not isinstance(rule, (Linear, LowerIsBetter)):
        rule = rule.rule  # type: ignore[attr-defined]
    return 1 if isinstance(rule, Linear) else -1


BANDS = [
    Band(Decimal(0), Decimal("0.8"), credit=Decimal(0)),
    Band(Decimal("0.8"), Decimal(1), credit=Decimal("0.8")),
    Band(Decimal(1), None, credit=Decimal("1.2")),
]


# -- attainment and Credit ------------------------------------------------------------------


def test_attainment_is_actual_over_target() -> None:
    """Attainment is the plain ratio, exact where it can be."""
    assert Decimal("1.2") == attainment(Decimal("1200.00"), Decimal("1000.00"))


def test_attainment_ignores_the_process_context() -> None:
    """A host's decimal context does not change the division."""
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
        low = attainment(2, 3)
    assert attainment(2, 3) == low
    assert 60 == len(low.as_tuple().digits)


@pytest.mark.parametrize("target", [0, -5])
def test_attainment_refuses_a_target_that_is_not_positive(target: int) -> None:
    """A zero or negative target is refused, naming the target."""
    with pytest.raises(ScoringError, match=f"target: expected a positive target, got {target}"):
        attainment(5, target)


def test_attainment_refuses_floats() -> None:
    """Floats are refused as amounts."""
    with pytest.raises(AmountTypeError, match="actual"):
        attainment(1.5, 2)


def test_credit_refuses_a_float_value() -> None:
    """A custom rule cannot slip a float in through a Credit."""
    with pytest.raises(AmountTypeError, match="credit"):
        Credit(1.5, "x")  # type: ignore[arg-type]


def test_credit_needs_a_string_note() -> None:
    """The note is text."""
    with pytest.raises(ScoringError, match="credit: expected a string note, got int 5"):
        Credit(Decimal(1), 5)  # type: ignore[arg-type]


# -- the built-in rules and their notes -----------------------------------------------------


def test_linear_credit_and_note() -> None:
    """Linear credits attainment as it is."""
    assert Credit(Decimal("0.95"), "attainment 95.0%") == Linear().credit(Decimal(95), Decimal(100))


def test_lower_is_better_mirrors_linear() -> None:
    """10% under target earns 110%, 10% over earns 90%."""
    rule = LowerIsBetter()
    assert Decimal("1.1") == rule.credit(Decimal(90), Decimal(100)).value
    assert Decimal("0.9") == rule.credit(Decimal(110), Decimal(100)).value


def test_lower_is_better_at_zero_actual_is_200_percent() -> None:
    """Nothing spent at all earns the formula's maximum, 200%."""
    credit = LowerIsBetter().credit(Decimal(0), Decimal(100))
    assert Decimal(2) == credit.value
    assert "actual/target 0.0%, lower is better: 200% - 0.0% = 200.0%" == credit.note


def test_lower_is_better_never_goes_below_zero() -> None:
    """More than twice the target earns nothing, never a negative credit."""
    credit = LowerIsBetter().credit(Decimal(300), Decimal(100))
    assert Decimal(0) == credit.value
    assert "actual/target 300.0%, lower is better: 200% - 300.0% is below 0, so 0%" == credit.note


def test_capped_notes() -> None:
    """The cap's note says whether it bit."""
    rule = Capped(Decimal("1.1"))
    assert Credit(Decimal("1.1"), "attainment 120.0%, capped at 110%") == rule.credit(
        Decimal(120), Decimal(100)
    )
    assert Credit(Decimal("1.1"), "attainment 110.0%, within the 110% cap") == rule.credit(
        Decimal(110), Decimal(100)
    )


def test_capped_wraps_lower_is_better() -> None:
    """A cap applies to the inner rule's credit."""
    credit = Capped(Decimal("1.2"), rule=LowerIsBetter()).credit(Decimal(0), Decimal(100))
    assert Decimal("1.2") == credit.value
    assert credit.note.endswith("= 200.0%, capped at 120%")


def test_floored_notes() -> None:
    """The floor's note says whether it lifted the credit."""
    rule = Floored(Decimal("0.5"))
    assert "attainment 30.0%, raised to the 50% floor" == rule.credit(Decimal(3), Decimal(10)).note
    assert "attainment 50.0%, above the 50% floor" == rule.credit(Decimal(5), Decimal(10)).note
    assert Decimal("0.5") == rule.credit(Decimal(-3), Decimal(10)).value


def test_threshold_is_zero_below_and_inner_from_the_minimum() -> None:
    """Below the threshold nothing, at it the full inner credit."""
    rule = Threshold(Decimal("0.8"))
    assert Credit(Decimal(0), "attainment 79.0%, below the 80% threshold, so 0%") == rule.credit(
        Decimal(79), Decimal(100)
    )
    assert Credit(Decimal("0.8"), "attainment 80.0%, meets the 80% threshold") == rule.credit(
        Decimal(80), Decimal(100)
    )


def test_banded_credits_by_band_and_names_it() -> None:
    """Each value earns its band's credit; lower ends are inclusive."""
    rule = Banded(BANDS)
    got = {a: rule.credit(Decimal(a), Decimal(100)).value for a in (0, 79, 80, 99, 100, 500)}
    expected = {0: 0, 79: 0, 80: Decimal("0.8"), 99: Decimal("0.8"), 100: Decimal("1.2")}
    expected[500] = Decimal("1.2")
    assert expected == got
    assert (
        "attainment 100.0%, in band from 100%: credit 120%"
        == rule.credit(Decimal(100), Decimal(100)).note
    )


def test_banded_counts_a_negative_value_in_the_lowest_band() -> None:
    """Net returns (a negative actual) fall in the band from 0."""
    assert Decimal(0) == Banded(BANDS).credit(Decimal(-5), Decimal(100)).value


def test_banded_ignores_the_order_bands_come_in() -> None:
    """Bands are sorted by where they start."""
    assert Banded(BANDS) == Banded(list(reversed(BANDS)))


# -- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Capped(0), "cap: expected a positive ratio (1 = 100%), got 0"),
        (lambda: Capped(-1), "cap: expected a positive ratio (1 = 100%), got -1"),
        (lambda: Floored(-1), "floor: expected a non-negative ratio (1 = 100%), got -1"),
        (lambda: Threshold(0), "minimum: expected a positive ratio (1 = 100%), got 0"),
        (
            lambda: Capped(1, rule="linear"),
            (
                "Capped: expected a Rule (an object with a credit(actual, target) method), "
                "got str 'linear'"
            ),
        ),
        (lambda: Band(1, 1, credit=1), "band 100% to 100%: upper end 100% is not above"),
        (lambda: Banded([]), "Banded: expected at least one band, got none"),
        (lambda: Banded([(0, None, 1)]), "Banded: expected Band objects, got tuple"),
    ],
)
def test_rule_parameters_are_validated(build: object, message: str) -> None:
    """Bad parameters raise ScoringError with the field and the value."""
    with pytest.raises(ScoringError) as caught:
        build()  # type: ignore[operator]
    assert str(caught.value).startswith(message)


def test_capped_refuses_a_float_cap() -> None:
    """Floats are refused as ratios."""
    with pytest.raises(AmountTypeError, match="cap"):
        Capped(1.1)  # type: ignore[arg-type]


def test_bands_with_a_gap_name_both_bands() -> None:
    """A gap between two bands names them and the uncovered range."""
    with pytest.raises(ScoringError) as caught:
        Banded([Band(0, Decimal("0.8"), credit=0), Band(Decimal("0.9"), None, credit=1)])
    assert "Banded: gap between band 0% to 80% and band from 90%: nothing covers 80% to 90%" == str(
        caught.value
    )


def test_overlapping_bands_are_named() -> None:
    """Overlapping bands are named."""
    with pytest.raises(ScoringError) as caught:
        Banded([Band(0, 1, credit=0), Band(Decimal("0.9"), None, credit=1)])
    assert "Banded: band 0% to 100% overlaps band from 90%" == str(caught.value)


def test_two_open_bands_overlap() -> None:
    """Two bands without an upper end overlap."""
    with pytest.raises(ScoringError, match="band from 0% overlaps band from 50%"):
        Banded([Band(0, None, credit=0), Band(Decimal("0.5"), None, credit=1)])


def test_bands_must_start_at_zero() -> None:
    """Values from 0 must be covered."""
    with pytest.raises(ScoringError) as caught:
        Banded([Band(Decimal("0.5"), None, credit=1)])
    assert str(caught.value).startswith(
        "Banded: the lowest band starts at 50%; expected the bands to start at 0%"
    )


def test_the_top_band_must_be_open() -> None:
    """Values above the top band must be covered."""
    with pytest.raises(ScoringError) as caught:
        Banded([Band(0, 2, credit=1)])
    assert str(caught.value).startswith(
        "Banded: the top band, band 0% to 200%, ends; expected upper=None on the top band"
    )


def test_band_credit_must_not_fall() -> None:
    """A higher band cannot earn less (the rule would not be monotone)."""
    with pytest.raises(ScoringError) as caught:
        Banded([Band(0, 1, credit=1), Band(1, None, credit=Decimal("0.5"))])
    assert str(caught.value).startswith(
        "Banded: band from 100% gives credit 50%, less than 100% for band 0% to 100%"
    )


def test_rules_are_frozen_value_objects() -> None:
    """Rules compare by value and cannot be changed in place."""
    assert Capped(Decimal("1.10")) == Capped(Decimal("1.1"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Capped(1).cap = Decimal(2)  # type: ignore[misc]


# -- properties -----------------------------------------------------------------------------


@given(rules, amounts, amounts, targets)
def test_every_rule_is_monotone_in_the_actual(
    rule: Rule, first: Decimal, second: Decimal, target: Decimal
) -> None:
    """Higher-is-better rules never fall as the actual rises; lower-is-better never rise."""
    low, high = sorted([first, second])
    step = rule.credit(high, target).value - rule.credit(low, target).value
    assert step * direction(rule) >= 0


@given(rules, ratios(1), amounts, targets)
def test_a_cap_is_never_exceeded(
    inner: Rule, cap: Decimal, actual: Decimal, target: Decimal
) -> None:
    """A capped credit is never above the cap, whatever is inside."""
    assert Capped(cap, rule=inner).credit(actual, target).value <= cap


@given(rules, ratios(0), amounts, targets)
def test_a_floor_is_always_reached(
    inner: Rule, floor: Decimal, actual: Decimal, target: Decimal
) -> None:
    """A floored credit is never below the floor."""
    assert Floored(floor, rule=inner).credit(actual, target).value >= floor


@given(band_lists(), amounts, targets)
def test_a_banded_credit_is_one_of_the_band_credits(
    bands: list[Band], actual: Decimal, target: Decimal
) -> None:
    """A banded rule only ever gives a band's credit."""
    assert Banded(bands).credit(actual, target).value in {b.credit for b in bands}
