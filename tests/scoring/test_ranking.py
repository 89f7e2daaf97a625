"""Tests for rank and bands: tie rules, forced distribution quotas, order independence.

Ranks are compared with their definitions counted by brute force; band quotas with the
exact shares of the head count.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, ScoringError
from deepmarketing.quantities import SALES_CNY
from deepmarketing.scoring import KPI, BandResult, Scorecard, bands, rank, score

TIES = ["min", "max", "dense", "ordinal"]
BAND_TIES = ["up", "down", "key"]

#: Scores from a small range, so ties are common.
scores_maps = st.dictionaries(
    st.text("PC-0123456789", min_size=1, max_size=4),
    st.integers(0, 8).map(Decimal),
    max_size=12,
)
distinct_scores_maps = st.lists(st.integers(0, 10**4), unique=True, max_size=12).map(
    lambda values: {f"P-{i:02d}": Decimal(v) for i, v in enumerate(values)}
)


@st.composite
def distributions(draw: st.DrawFn) -> dict[str, Decimal]:
    """1-5 bands with shares in hundredths adding up to exactly 1 (zero shares allowed)."""
    count = draw(st.integers(1, 5))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=count - 1, max_size=count - 1)))
    edges = [0, *cuts, 100]
    return {
        f"band{j}": Decimal(b - a).scaleb(-2) for j, (a, b) in enumerate(itertools.pairwise(edges))
    }


@st.composite
def shuffled(draw: st.DrawFn, mapping: dict[str, Any]) -> dict[str, Any]:
    """The same mapping with its items in another order."""
    return dict(draw(st.permutations(list(mapping.items()))))


CARD = Scorecard(
    "c",
    [KPI("sales", SALES_CNY, weight=Decimal("0.5")), KPI("x", SALES_CNY, weight=Decimal("0.5"))],
)


# -- rank -----------------------------------------------------------------------------------

SCORES = {"P-3": Decimal(90), "P-1": Decimal(95), "P-2": Decimal(90), "P-4": Decimal(80)}


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        ("min", {"P-1": 1, "P-2": 2, "P-3": 2, "P-4": 4}),
        ("max", {"P-1": 1, "P-2": 3, "P-3": 3, "P-4": 4}),
        ("dense", {"P-1": 1, "P-2": 2, "P-3": 2, "P-4": 3}),
        ("ordinal", {"P-1": 1, "P-2": 2, "P-3": 3, "P-4": 4}),
    ],
)
def test_rank_tie_rules(ties: Any, expected: dict[str, int]) -> None:
    """Each tie rule ranks equal scores as documented; the result is best first."""
    ranks = rank(SCORES, ties=ties)
    assert expected == ranks
    assert list(expected) == list(ranks)


def test_rank_uses_the_rounded_total_of_results() -> None:
    """Results rank by the total people see."""
    results = {
        "P-1": score(CARD, {"sales": 1, "x": 1}, {"sales": 3, "x": 3}),
        "P-2": score(CARD, {"sales": 2, "x": 1}, {"sales": 3, "x": 3}),
    }
    assert {"P-2": 1, "P-1": 2} == rank(results)


def test_rank_refuses_incomplete_results() -> None:
    """A partial score is not ranked as if it were whole; the message says how to do it anyway."""
    results = {"P-1": score(CARD, {"sales": 1}, {"sales": 3, "x": 3})}
    with pytest.raises(ScoringError) as caught:
        rank(results)
    assert str(caught.value).startswith(
        "rank: result of 'P-1' is incomplete (not scored: x: actual); expected complete results"
    )
    assert {"P-1": 1} == rank({k: r.total for k, r in results.items()})


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: rank(SCORES, ties="average"), ScoringError, "rank: expected ties='min', 'max'"),
        (lambda: rank({"P-1": None}), ScoringError, "rank: 'P-1' has no result; expected a score"),
        (lambda: rank([1, 2]), ScoringError, "rank: expected a mapping from person to result"),
        (lambda: rank({"P-1": 1.5}), AmountTypeError, "score of 'P-1': expected a Decimal"),
    ],
)
def test_rank_errors(call: Any, error: type[Exception], message: str) -> None:
    """Bad requests are refused with what was expected."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value).startswith(message)


def test_rank_of_nobody_is_empty() -> None:
    """No results, no ranks."""
    assert {} == rank({})


@given(scores_maps, st.sampled_from(TIES))
def test_ranks_match_their_definitions(scores: dict[str, Decimal], ties: Any) -> None:
    """Brute force: count the people better than (or as good as) each person."""
    ranks = rank(scores, ties=ties)
    assert set(scores) == set(ranks)
    for key, value in scores.items():
        better = sum(1 for v in scores.values() if v > value)
        as_good = sum(1 for v in scores.values() if v >= value)
        distinct_better = len({v for v in scores.values() if v > value})
        if ties == "min":
            assert better + 1 == ranks[key]
        elif ties == "max":
            assert as_good == ranks[key]
        elif ties == "dense":
            assert distinct_better + 1 == ranks[key]
        else:
            equal_before = sum(1 for k, v in scores.items() if v == value and k < key)
            assert better + equal_before + 1 == ranks[key]
    if ties == "ordinal":
        assert sorted(ranks.values()) == list(range(1, len(scores) + 1))


@given(st.data(), st.sampled_from(TIES))
def test_rank_is_permutation_invariant(data: st.DataObject, ties: Any) -> None:
    """Shuffling the input gives the same ranks, listed in the same order."""
    scores = data.draw(scores_maps)
    again = data.draw(shuffled(scores))
    assert list(rank(scores, ties=ties).items()) == list(rank(again, ties=ties).items())


# -- bands ----------------------------------------------------------------------------------

SPLIT = {"A": Decimal("0.2"), "B": Decimal("0.7"), "C": Decimal("0.1")}


def test_bands_20_70_10_of_ten() -> None:
    """Ten people: two A, seven B, one C, best scores first."""
    scores = {f"P-{i:02d}": Decimal(i) for i in range(1, 11)}
    result = bands(scores, SPLIT)
    assert {"A": 2, "B": 7, "C": 1} == dict(result.quotas)
    assert ("P-10", "P-09") == result.members("A")
    assert ("P-01",) == result.members("C")
    assert result.counts == dict(result.quotas)


def test_quotas_round_by_largest_remainder() -> None:
    """Five people at 20/70/10: exact 1, 3.5, 0.5; the odd person goes to the larger share."""
    scores = {f"P-{i}": Decimal(i) for i in range(5)}
    assert {"A": 1, "B": 4, "C": 0} == dict(bands(scores, SPLIT).quotas)


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        ("up", {"P-1": "A", "P-2": "A", "P-3": "A", "P-4": "B", "P-5": "C"}),
        ("down", {"P-1": "A", "P-2": "B", "P-3": "B", "P-4": "B", "P-5": "C"}),
        ("key", {"P-1": "A", "P-2": "A", "P-3": "B", "P-4": "B", "P-5": "C"}),
    ],
)
def test_band_tie_rules_at_a_boundary(ties: Any, expected: dict[str, str]) -> None:
    """Equal scores cut by the A/B boundary go up, down, or are split by key."""
    scores = {"P-1": 99, "P-3": 90, "P-2": 90, "P-4": 70, "P-5": 60}
    split = {"A": Decimal("0.4"), "B": Decimal("0.4"), "C": Decimal("0.2")}
    result = bands(scores, split, ties=ties)
    assert expected == dict(result.assignments)
    assert {"A": 2, "B": 2, "C": 1} == dict(result.quotas)


def test_a_tie_spanning_several_bands_goes_to_one() -> None:
    """Everyone equal: with ties up everyone is in the best band."""
    result = bands(dict.fromkeys(["P-1", "P-2", "P-3"], 5), SPLIT)
    assert {"A": 3, "B": 0, "C": 0} == result.counts


def test_band_summary() -> None:
    """The summary shows each band's share, quota and count."""
    result = bands({"P-1": 2, "P-2": 1}, {"top": Decimal("0.5"), "rest": Decimal("0.5")})
    assert [
        "2 people in 2 bands (ties up)",
        "  top 50%: quota 1, holds 1",
        "  rest 50%: quota 1, holds 1",
    ] == result.summary().splitlines()


@pytest.mark.parametrize(
    ("distribution", "message"),
    [
        ({}, "distribution: expected a non-empty mapping from band label to share, got {}"),
        (
            {"A": Decimal("0.2"), "B": Decimal("0.7")},
            "distribution: shares add up to 0.9 (A 0.2, B 0.7); expected exactly 1 (100%)",
        ),
        (
            {"A": Decimal("1.2"), "B": Decimal("-0.2")},
            "distribution: band 'B' has share -0.2; expected a non-negative share",
        ),
        ({"": Decimal(1)}, "distribution: expected non-empty band labels, got ''"),
    ],
)
def test_distribution_errors(distribution: dict[str, Decimal], message: str) -> None:
    """A distribution must be shares of non-empty labels adding up to exactly 1."""
    with pytest.raises(ScoringError) as caught:
        bands({"P-1": 1}, distribution)
    assert message == str(caught.value)


def test_bands_refuse_an_unknown_tie_rule() -> None:
    """Only the documented tie rules are accepted."""
    with pytest.raises(ScoringError, match="bands: expected ties='up', 'down' or 'key'"):
        bands({"P-1": 1}, SPLIT, ties="random")  # type: ignore[arg-type]


def test_bands_refuse_float_shares() -> None:
    """A float share is a TypeError."""
    with pytest.raises(AmountTypeError, match="share of band 'A'"):
        bands({"P-1": 1}, {"A": 1.0})  # type: ignore[dict-item]


def test_members_of_an_unknown_band() -> None:
    """Asking for a band that does not exist names the ones that do."""
    with pytest.raises(ScoringError, match="bands: no band 'D'; expected one of 'A', 'B', 'C'"):
        bands({"P-1": 1}, SPLIT).members("D")


@given(scores_maps, distributions(), st.sampled_from(BAND_TIES))
def test_quotas_add_up_and_follow_the_distribution(
    scores: dict[str, Decimal], distribution: dict[str, Decimal], ties: Any
) -> None:
    """Quotas and counts add up to the head count; each quota is within one of its share."""
    result = bands(scores, distribution, ties=ties)
    n = len(scores)
    assert n == sum(result.quotas.values())
    assert n == sum(result.counts.values())
    for label, share in distribution.items():
        assert abs(result.quotas[label] - Fraction(share) * n) < 1


@given(scores_maps, distributions())
def test_key_ties_keep_quotas_exactly(
    scores: dict[str, Decimal], distribution: dict[str, Decimal]
) -> None:
    """With ties split by key, every band holds exactly its quota."""
    result = bands(scores, distribution, ties="key")
    assert dict(result.quotas) == result.counts


@given(distinct_scores_maps, distributions(), st.sampled_from(BAND_TIES))
def test_without_ties_every_rule_keeps_quotas(
    scores: dict[str, Decimal], distribution: dict[str, Decimal], ties: Any
) -> None:
    """Band counts follow the distribution within one person when no scores are equal."""
    result = bands(scores, distribution, ties=ties)
    assert dict(result.quotas) == result.counts
    for label, share in distribution.items():
        assert abs(result.counts[label] - Fraction(share) * len(scores)) < 1


@given(scores_maps, distributions(), st.sampled_from(BAND_TIES))
def test_a_better_score_never_gets_a_worse_band(
    scores: dict[str, Decimal], distribution: dict[str, Decimal], ties: Any
) -> None:
    """Bands are monotone in score; with ties up or down, equal scores share a band."""
    result: BandResult[str] = bands(scores, distribution, ties=ties)
    index = {label: j for j, label in enumerate(distribution)}
    for a in scores:
        for b in scores:
            band_a, band_b = index[result.assignments[a]], index[result.assignments[b]]
            if scores[a] > scores[b]:
                assert band_a <= band_b
            if scores[a] == scores[b] and ties != "key":
                assert band_a == band_b


@given(st.data(), st.sampled_from(BAND_TIES))
def test_bands_are_permutation_invariant(data: st.DataObject, ties: Any) -> None:
    """Shuffling the people gives the same bands, listed in the same order."""
    scores = data.draw(scores_maps)
    distribution = data.draw(distributions())
    first = bands(scores, distribution, ties=ties)
    second = bands(data.draw(shuffled(scores)), distribution, ties=ties)
    assert list(first.assignments.items()) == list(second.assignments.items())
    assert first == second
