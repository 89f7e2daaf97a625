"""Tests for team_score and unit_score: weighted team scores that add up exactly."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, ScoringError, UnknownRecordError
from deepmarketing.org import Role
from deepmarketing.quantities import NEW_CUSTOMERS, SALES_CNY
from deepmarketing.samples import sample_company
from deepmarketing.scoring import (
    KPI,
    Scorecard,
    ScoreResult,
    TeamScore,
    score,
    team_score,
    unit_score,
)

COMPANY = sample_company()
ORG = COMPANY.org
DAY = COMPANY.as_of
CARD = Scorecard(
    "consultant",
    [
        KPI("sales", SALES_CNY, weight=Decimal("0.7")),
        KPI("new_customers", NEW_CUSTOMERS, weight=Decimal("0.3")),
    ],
)


def result(sales: int, target: int, *, customers: int | None = 10) -> ScoreResult:
    """A consultant's result: sales against a target, and new customers against 10."""
    return score(
        CARD,
        {"sales": Decimal(sales), "new_customers": customers},
        {"sales": Decimal(target), "new_customers": 10},
    )


#: Scores in points, to the cent, 0 to 150.
points = st.integers(0, 15_000).map(lambda i: Decimal(i).scaleb(-2))
team_keys = st.lists(
    st.text("PQRC-0123", min_size=1, max_size=4), min_size=1, max_size=8, unique=True
)


@st.composite
def teams(draw: st.DrawFn) -> tuple[dict[str, Decimal | None], dict[str, Decimal]]:
    """Members' scores (some None) and non-negative weights, at least one positive."""
    keys = draw(team_keys)
    scores: dict[str, Decimal | None] = {k: draw(points) for k in keys}
    for k in draw(st.sets(st.sampled_from(keys), max_size=len(keys) - 1)):
        scores[k] = None
    present = [k for k in keys if scores[k] is not None]
    weights = {k: Decimal(draw(st.integers(0, 10**6))) for k in present}
    if not any(weights.values()):
        weights[present[0]] = Decimal(1)
    return scores, weights


# -- team_score -----------------------------------------------------------------------------


def test_headcount_is_the_plain_mean() -> None:
    """Every member counts the same."""
    team = team_score({"P-1": Decimal("90.00"), "P-2": Decimal("80.00"), "P-3": Decimal("40.00")})
    assert Decimal("70.00") == team.total
    assert {"P-1": Decimal("30.00"), "P-2": Decimal("26.67"), "P-3": Decimal("13.33")} == dict(
        team.contributions
    )
    assert "headcount" == team.weight_by
    assert team.is_complete()


def test_weight_by_target_reads_each_members_target() -> None:
    """The member carrying more of the number counts for more."""
    results = {"P-1": result(120, 300), "P-2": result(50, 100)}
    team = team_score(results, weight_by="target", kpi="sales")
    # scores: 0.7 x 40% + 30 = 58.00 and 0.7 x 50% + 30 = 65.00; weights 300 : 100
    assert Decimal("59.75") == team.total
    assert {"P-1": Decimal(300), "P-2": Decimal(100)} == dict(team.weights)
    assert "target of 'sales'" == team.weight_by


def test_explicit_weights() -> None:
    """A mapping gives each member's weight."""
    team = team_score(
        {"P-1": Decimal(100), "P-2": Decimal(50)}, weight_by={"P-1": 1, "P-2": Decimal(3)}
    )
    assert Decimal("62.50") == team.total
    assert "given weights" == team.weight_by


def test_missing_members_are_left_out_not_counted_as_zero() -> None:
    """A member with no result is listed and the mean is over the others."""
    team = team_score({"P-1": Decimal(90), "P-2": None, "P-3": Decimal(70)})
    assert Decimal("80.00") == team.total
    assert ("P-2",) == team.missing
    assert ["P-1", "P-3"] == list(team.contributions)
    assert not team.is_complete()


def test_incomplete_members_are_flagged() -> None:
    """A member whose own result is incomplete makes the team incomplete."""
    team = team_score({"P-1": result(100, 100), "P-2": result(100, 100, customers=None)})
    assert ("P-2",) == team.incomplete
    assert not team.is_complete()
    assert Decimal("85.00") == team.total


def test_team_summary() -> None:
    """The summary names the weighting, each member's part and what is missing."""
    team = team_score({"P-2": Decimal("60.00"), "P-1": Decimal("90.00"), "P-3": None})
    assert [
        "team: 75.00 points, weighted by headcount, incomplete (no result: 'P-3')",
        "  'P-1' 90.00 x 50.0% = 45.00",
        "  'P-2' 60.00 x 50.0% = 30.00",
    ] == team.summary().splitlines()


@pytest.mark.parametrize(
    ("results", "kwargs", "message"),
    [
        ({}, {}, "team score: expected at least one member with a result, got no members"),
        ({"P-1": None}, {}, "team score: expected at least one member with a result, got 1 "),
        ({"P-1": Decimal(1)}, {"weight_by": "size"}, "team score: expected weight_by="),
        ({"P-1": Decimal(1)}, {"weight_by": "target"}, "team score: weight_by='target' needs kpi="),
        ({"P-1": Decimal(1)}, {"kpi": "sales"}, "team score: kpi='sales' only applies with"),
        (
            {"P-1": Decimal(1)},
            {"weight_by": {"P-1": 1}, "kpi": "sales"},
            "team score: kpi='sales' only applies",
        ),
        (
            {"P-1": Decimal(1)},
            {"weight_by": "target", "kpi": "sales"},
            "team score: member 'P-1' has a bare score; weight_by='target' needs ScoreResults",
        ),
        (
            {"P-1": Decimal(1), "P-2": Decimal(2)},
            {"weight_by": {"P-1": 1}},
            "team score: no weight for member 'P-2'",
        ),
        (
            {"P-1": Decimal(1)},
            {"weight_by": {"P-1": 1, "P-9": 1}},
            "team score: weights name members without a result: 'P-9'",
        ),
        (
            {"P-1": Decimal(1)},
            {"weight_by": {"P-1": -1}},
            "team score: weight of 'P-1' is -1; expected a non-negative weight",
        ),
        (
            {"P-1": Decimal(1)},
            {"weight_by": {"P-1": 0}},
            "team score: the weights (given weights) add up to 0; expected a positive total",
        ),
        ({"P-1": Decimal(1)}, {"quantum": 0}, "quantum: expected a positive quantum, got 0"),
    ],
)
def test_team_score_errors(results: Any, kwargs: dict[str, Any], message: str) -> None:
    """Every refusal says what was expected and what came."""
    with pytest.raises(ScoringError) as caught:
        team_score(results, **kwargs)
    assert str(caught.value).startswith(message)


def test_weight_by_target_needs_the_target() -> None:
    """A member without a target for the weighting KPI is named."""
    no_target = score(CARD, {"sales": Decimal(1)}, {"new_customers": 10})
    with pytest.raises(ScoringError) as caught:
        team_score({"P-1": no_target}, weight_by="target", kpi="sales")
    assert str(caught.value).startswith("team score: member 'P-1' has no target for KPI 'sales'")


def test_float_scores_are_refused() -> None:
    """A float score is a TypeError."""
    with pytest.raises(AmountTypeError, match="score of 'P-1'"):
        team_score({"P-1": 90.0})  # type: ignore[dict-item]


@given(teams(), st.booleans())
def test_contributions_add_up_to_the_team_score(
    team: tuple[dict[str, Decimal | None], dict[str, Decimal]], by_weight: bool
) -> None:
    """Members' contributions add up to the team total exactly, within a quantum each."""
    scores, weights = team
    result = team_score(scores, weight_by=weights if by_weight else "headcount")
    assert result.total == sum(result.contributions.values(), Decimal(0))
    used = {k: Fraction(w) for k, w in result.weights.items()}
    whole = sum(used.values(), Fraction(0))
    for key, part in result.contributions.items():
        exact = used[key] * Fraction(scores[key]) / whole  # type: ignore[arg-type]
        assert abs(Fraction(part) - exact) < Fraction(1, 100)


@given(teams())
def test_team_score_lies_between_its_members(
    team: tuple[dict[str, Decimal | None], dict[str, Decimal]],
) -> None:
    """A weighted mean is never below the lowest nor above the highest member."""
    scores, weights = team
    present = [s for s in scores.values() if s is not None]
    result = team_score(scores, weight_by=weights)
    assert min(present) <= result.total <= max(present)


@given(st.data())
def test_team_score_does_not_depend_on_input_order(data: st.DataObject) -> None:
    """Shuffling the members gives the same team score, in the same order."""
    scores, weights = data.draw(teams())
    shuffled = dict(data.draw(st.permutations(list(scores.items()))))
    first = team_score(scores, weight_by=weights)
    second = team_score(shuffled, weight_by=weights)
    assert first == second
    assert list(first.contributions.items()) == list(second.contributions.items())


def test_team_score_ignores_the_process_context() -> None:
    """A host's decimal context changes nothing."""
    scores = {"P-1": Decimal("90.01"), "P-2": Decimal("80.00"), "P-3": Decimal("40.00")}
    expected = team_score(scores)
    with decimal.localcontext(decimal.Context(prec=2, rounding=decimal.ROUND_UP)):
        assert expected == team_score(scores)


# -- unit_score -----------------------------------------------------------------------------


def test_unit_score_is_one_call_on_the_organization() -> None:
    """A region's score from its consultants' results, ignoring everyone else's."""
    consultants = ORG.members("D1-R1", as_of=DAY, role=Role.CONSULTANT)
    results: dict[str, ScoreResult | Decimal | None] = {
        p.id: result(100 + 10 * i, 100) for i, p in enumerate(consultants)
    }
    results["P-D2-R1-C1"] = Decimal(0)  # another region: ignored
    team = unit_score(ORG, "D1-R1", results, as_of=DAY)
    expected = team_score({p.id: results[p.id] for p in consultants})
    assert "D1-R1" == team.unit_id
    assert expected.total == team.total
    assert [p.id for p in consultants] == sorted(team.contributions)
    assert team.summary().startswith("unit 'D1-R1': ")


def test_unit_score_lists_members_without_a_result() -> None:
    """A consultant with no result is missing from the unit's score, by name."""
    consultants = [p.id for p in ORG.members("D1-R1", as_of=DAY, role=Role.CONSULTANT)]
    results = {pid: Decimal(80) for pid in consultants[1:]}
    team = unit_score(ORG, "D1-R1", results, as_of=DAY)
    assert (consultants[0],) == team.missing
    assert Decimal("80.00") == team.total


def test_unit_score_by_target_across_a_district() -> None:
    """Weighting by target works on a whole district's consultants."""
    consultants = ORG.members("D1", as_of=DAY, role="consultant")
    results = {p.id: result(100, 100 * (i + 1)) for i, p in enumerate(consultants)}
    team = unit_score(ORG, "D1", results, as_of=DAY, weight_by="target", kpi="sales")
    assert team_score(results, weight_by="target", kpi="sales").total == team.total
    assert isinstance(team, TeamScore)


def test_unit_score_with_given_weights_ignores_outsiders() -> None:
    """Weights for people outside the unit are dropped, not refused."""
    consultants = [p.id for p in ORG.members("D1-R1", as_of=DAY, role=Role.CONSULTANT)]
    results = dict.fromkeys(consultants, Decimal(50)) | {"P-D2-R1-C1": Decimal(1)}
    weights = dict.fromkeys(results, 1)
    assert Decimal("50.00") == unit_score(ORG, "D1-R1", results, as_of=DAY, weight_by=weights).total


def test_unit_score_follows_transfers() -> None:
    """The consultant who moved on 2026-07-15 counts for their new region from that day."""
    moved = "P-D1-R1-C5"
    results = {p.id: Decimal(100) for p in ORG.people}
    before = unit_score(ORG, "D1-R2", results, as_of=pendulum.date(2026, 7, 14))
    after = unit_score(ORG, "D1-R2", results, as_of=pendulum.date(2026, 7, 15))
    assert moved not in before.contributions
    assert moved in after.contributions


def test_unit_score_of_a_unit_without_members() -> None:
    """A unit with nobody in the role is refused, naming the unit and the day."""
    with pytest.raises(ScoringError) as caught:
        unit_score(ORG, "HQ", {}, as_of=DAY, recursive=False, role=Role.CONSULTANT)
    assert "unit 'HQ': has no consultant members on 2026-07-01; expected at least one to score" == (
        str(caught.value)
    )


def test_unit_score_of_an_unknown_unit() -> None:
    """An unknown unit id is the organization's own error."""
    with pytest.raises(UnknownRecordError):
        unit_score(ORG, "D9", {}, as_of=DAY)
