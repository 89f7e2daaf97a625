"""Tests for pareto: concentration shares checked against brute force on small teams.

The brute force knows nothing of sorting: it tries every order of the people (and every
subset for whole people) and keeps the best, which is what "the top 20%" and "the
smallest share of people" mean.
"""

from __future__ import annotations

import itertools
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, ScoringError
from deepmarketing.quantities import Rounding
from deepmarketing.scoring import ParetoReport, pareto
from deepmarketing.scoring._common import round_fraction

QUANTUM = Decimal("0.0001")


@st.composite
def teams(draw: st.DrawFn, *, max_size: int = 6) -> dict[str, Decimal]:
    """Non-negative results (some zero, some equal), at least one positive."""
    values = draw(st.lists(st.integers(0, 50), min_size=1, max_size=max_size))
    if not any(values):
        values[0] = 1
    return {f"P-{i}": Decimal(v) for i, v in enumerate(values)}


def curve_at(order: list[Decimal], people: Fraction) -> Fraction:
    """The results of the first ``people`` share of ``order``, counting a part of a person."""
    reach = people * len(order)
    whole = math.floor(reach)
    mass = sum((Fraction(v) for v in order[:whole]), Fraction(0))
    if whole < len(order):
        mass += (reach - whole) * Fraction(order[whole])
    return mass


def crossing(order: list[Decimal], goal: Fraction) -> Fraction:
    """The smallest share of ``order`` (fractional people) whose results reach ``goal``."""
    if goal <= 0:
        return Fraction(0)
    mass = Fraction(0)
    for k, value in enumerate(order):
        if mass + Fraction(value) >= goal:
            return (k + (goal - mass) / Fraction(value)) / len(order)
        mass += Fraction(value)
    raise AssertionError("the whole team reaches any share of its total")


def brute_top(team: dict[str, Decimal], people: Fraction) -> Fraction:
    """The most any ``people`` share of the team can produce, over every order."""
    total = Fraction(sum(team.values(), Decimal(0)))
    return max(curve_at(list(o), people) for o in itertools.permutations(team.values())) / total


def brute_people(team: dict[str, Decimal], share: Fraction) -> Fraction:
    """The fewest people (fractionally) producing ``share``, over every order."""
    total = Fraction(sum(team.values(), Decimal(0)))
    return min(crossing(list(o), share * total) for o in itertools.permutations(team.values()))


def brute_whole(team: dict[str, Decimal], share: Fraction) -> int:
    """The fewest whole people producing ``share``, over every subset."""
    total = Fraction(sum(team.values(), Decimal(0)))
    for size in range(len(team) + 1):
        for group in itertools.combinations(team.values(), size):
            if Fraction(sum(group, Decimal(0))) >= share * total:
                return size
    raise AssertionError("the whole team reaches any share of its total")


def rounded(value: Fraction) -> Decimal:
    """A share rounded like the report's default."""
    return round_fraction(value, QUANTUM, Rounding.HALF_EVEN)


# -- examples -------------------------------------------------------------------------------


def test_seventy_from_twenty() -> None:
    """The seed's concentration effect, on a team built to have it."""
    sales = [900, 500, 200, 150, 100, 80, 40, 20, 6, 4]
    report = pareto({f"P-{i:02d}": Decimal(v) for i, v in enumerate(sales, 1)})
    assert Decimal("0.7000") == report.top_20_share
    assert Decimal("0.2000") == report.people_70_share
    # 80% is 1,600: 1,400 after two people, then 200 of the third's 200 -> 3 people of 10
    assert Decimal("0.3000") == report.people_80_share
    assert ("P-01", "P-02") == report.leaders(Decimal("0.7"))
    assert Decimal(2000) == report.total


def test_fractional_people_on_the_curve() -> None:
    """The top 20% of 7 people is the best one plus 0.4 of the second."""
    report = pareto({"a": 40, "b": 20, "c": 10, "d": 10, "e": 10, "f": 5, "g": 5})
    # (40 + 0.4 x 20) / 100
    assert Decimal("0.4800") == report.top_20_share
    assert Decimal("0.48") == report.top_share(Decimal("0.2"))


def test_an_even_team_has_no_concentration() -> None:
    """Equal results: the top 20% produce 20%, and 70% takes 70% of the people."""
    report = pareto(dict.fromkeys("abcdefghij", Decimal(7)))
    assert (Decimal("0.2"), Decimal("0.7"), Decimal("0.8")) == (
        report.top_20_share,
        report.people_70_share,
        report.people_80_share,
    )


def test_the_curve_is_sorted_with_exact_cumulative_sums() -> None:
    """Largest result first, equal results by key, cumulative sums exact."""
    report = pareto({"P-3": Decimal("10.5"), "P-1": Decimal("30.25"), "P-2": Decimal("10.5")})
    assert ["P-1", "P-2", "P-3"] == [p.key for p in report.curve]
    assert [Decimal("30.25"), Decimal("40.75"), Decimal("51.25")] == [
        p.cumulative for p in report.curve
    ]
    assert [Decimal("0.3333"), Decimal("0.6667"), Decimal("1.0000")] == [
        p.people_share for p in report.curve
    ]
    assert Decimal("1") == report.curve[-1].result_share


def test_summary() -> None:
    """The report reads as one sentence."""
    report = pareto({"P-1": 500, "P-2": 300, "P-3": 100, "P-4": 60, "P-5": 40})
    assert (
        "5 people, total 1000: the top 20% of people produce 50% of it; 70% comes from 33.33% "
        "of people (2 people in whole), 80% from 40% (2 people)" == report.summary()
    )


def test_quantum_and_rounding_are_named() -> None:
    """Shares round to the quantum asked for, with the mode asked for."""
    team = {"a": 2, "b": 1}
    assert Decimal("0.67") == pareto(team, quantum=Decimal("0.01")).top_share(Decimal("0.5"))
    assert Decimal("0.66") == pareto(team, quantum="0.01", rounding=Rounding.FLOOR).top_share(
        Decimal("0.5")
    )


@pytest.mark.parametrize(
    ("contributions", "kwargs", "message"),
    [
        ({}, {}, "pareto: expected a non-empty mapping from person to result, got none"),
        ([1], {}, "pareto: expected a non-empty mapping from person to result, got [1]"),
        ({"a": -1, "b": 2}, {}, "pareto: result of 'a' is -1; expected a non-negative result"),
        ({"a": 0, "b": 0}, {}, "pareto: the 2 results add up to 0; expected a positive total"),
        ({"a": 1}, {"quantum": "0.3"}, "quantum: 1 is not a multiple of 0.3"),
        ({"a": 1}, {"quantum": "0"}, "quantum: expected a positive quantum, got 0"),
        ({"a": 1}, {"rounding": "nearest"}, "rounding: expected a Rounding or one of"),
    ],
)
def test_pareto_errors(contributions: object, kwargs: dict[str, str], message: str) -> None:
    """Bad input is refused with what was expected."""
    with pytest.raises(ScoringError) as caught:
        pareto(contributions, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


def test_pareto_refuses_floats() -> None:
    """A float result is a TypeError."""
    with pytest.raises(AmountTypeError, match="result of 'a'"):
        pareto({"a": 1.5})  # type: ignore[dict-item]


@pytest.mark.parametrize("share", [Decimal("-0.1"), Decimal("1.5")])
def test_shares_asked_for_must_be_between_0_and_1(share: Decimal) -> None:
    """A share outside 0..1 is refused."""
    report = pareto({"a": 1})
    with pytest.raises(ScoringError, match="expected a share from 0 to 1"):
        report.top_share(share)
    with pytest.raises(ScoringError, match="expected a share from 0 to 1"):
        report.people_share(share)
    with pytest.raises(ScoringError, match="expected a share from 0 to 1"):
        report.leaders(share)


# -- properties -----------------------------------------------------------------------------


@given(teams(max_size=20))
def test_shares_are_in_range_and_ordered(team: dict[str, Decimal]) -> None:
    """Shares lie in [0, 1], 80% needs at least the people 70% does, the top do their part."""
    report: ParetoReport[str] = pareto(team)
    for share in (report.top_20_share, report.people_70_share, report.people_80_share):
        assert 0 <= share <= 1
    assert report.people_70_share <= report.people_80_share
    assert Decimal("0.2") <= report.top_20_share
    assert report.people_80_share <= Decimal("0.8")
    assert len(report.leaders(Decimal("0.7"))) <= len(report.leaders(Decimal("0.8")))


@given(teams(), st.sampled_from(["0", "0.2", "0.25", "0.5", "0.6", "1"]))
def test_top_share_agrees_with_brute_force(team: dict[str, Decimal], people: str) -> None:
    """The top share is the most any group of that size (with a part person) produces."""
    report = pareto(team)
    assert rounded(brute_top(team, Fraction(people))) == report.top_share(Decimal(people))
    assert rounded(brute_top(team, Fraction(1, 5))) == report.top_20_share


@given(teams())
def test_people_shares_agree_with_brute_force(team: dict[str, Decimal]) -> None:
    """The smallest share of people for 70% and 80% is the best over every order."""
    report = pareto(team)
    assert rounded(brute_people(team, Fraction(7, 10))) == report.people_70_share
    assert rounded(brute_people(team, Fraction(4, 5))) == report.people_80_share


@given(teams(), st.sampled_from(["0", "0.5", "0.7", "0.8", "1"]))
def test_leaders_agree_with_brute_force(team: dict[str, Decimal], share: str) -> None:
    """The leaders are as few whole people as any subset reaching the share."""
    assert brute_whole(team, Fraction(share)) == len(pareto(team).leaders(Decimal(share)))


@given(st.data())
def test_pareto_does_not_depend_on_input_order(data: st.DataObject) -> None:
    """Shuffling the people gives the same report."""
    team = data.draw(teams(max_size=10))
    again = dict(data.draw(st.permutations(list(team.items()))))
    assert pareto(team) == pareto(again)
