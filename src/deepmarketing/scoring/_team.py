"""Team scores: a unit's score from its members' scores, weighted by head count or target."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Generic, Literal, TypeVar

import attrs

from deepmarketing.errors import ScoringError
from deepmarketing.org import Organization, Role
from deepmarketing.quantities import DECIMAL_CONTEXT, Amount, Rounding, exact_sum, to_decimal
from deepmarketing.scoring._common import (
    number,
    ordered,
    percent_1,
    positive_quantum,
    read_only,
    split_total,
    to_rounding,
)
from deepmarketing.scoring._scorecard import ScoreResult

__all__ = ["TeamScore", "team_score", "unit_score"]

K = TypeVar("K", bound=Hashable)

#: How members are weighted: equally, by their target for one KPI, or as given.
WeightBy = Literal["headcount", "target"]


def _to_tuple(value: tuple[K, ...]) -> tuple[K, ...]:
    return tuple(value)


@attrs.frozen
class TeamScore(Generic[K]):
    """A team's score: the weighted mean of its members' scores, and who added what.

    Attributes:
        total: The team's score in points, rounded to the quantum asked for.
        contributions: The points each member with a result adds to ``total`` (their
            score times their share of the weight); they add up to ``total`` exactly.
        weights: The weight each member with a result was given (head count: 1 each).
        scores: The score each member with a result had, in points.
        weight_by: How members were weighted, in words.
        missing: Members with no result: left out of the mean, not counted as zero.
        incomplete: Members whose own result is incomplete (some KPI not scored).
        unit_id: The unit, when scored with :func:`unit_score`.

    Examples:
        >>> team = team_score({"P-1": Decimal("90.00"), "P-2": Decimal("70.00"), "P-3": None})
        >>> team.total, team.missing, team.is_complete()
        (Decimal('80.00'), ('P-3',), False)
        >>> print(team.summary())
        team: 80.00 points, weighted by headcount, incomplete (no result: 'P-3')
          'P-1' 90.00 x 50.0% = 45.00
          'P-2' 70.00 x 50.0% = 35.00
    """

    total: Decimal
    contributions: Mapping[K, Decimal] = attrs.field(kw_only=True, converter=read_only)
    weights: Mapping[K, Decimal] = attrs.field(kw_only=True, converter=read_only)
    scores: Mapping[K, Decimal] = attrs.field(kw_only=True, converter=read_only)
    weight_by: str = attrs.field(kw_only=True)
    missing: tuple[K, ...] = attrs.field(kw_only=True, converter=_to_tuple)
    incomplete: tuple[K, ...] = attrs.field(kw_only=True, converter=_to_tuple)
    unit_id: str | None = attrs.field(default=None, kw_only=True)

    def is_complete(self) -> bool:
        """Whether every member had a result and every result was complete."""
        return not self.missing and not self.incomplete

    def summary(self) -> str:
        """The team's score, how it was weighted, and each member's part, one per line."""
        name = "team" if self.unit_id is None else f"unit {self.unit_id!r}"
        problems = []
        if self.missing:
            problems.append("no result: " + ", ".join(repr(k) for k in self.missing))
        if self.incomplete:
            problems.append("incomplete: " + ", ".join(repr(k) for k in self.incomplete))
        state = "complete" if not problems else f"incomplete ({'; '.join(problems)})"
        lines = [f"{name}: {number(self.total)} points, weighted by {self.weight_by}, {state}"]
        whole = exact_sum(self.weights.values())
        for key, part in self.contributions.items():
            share = DECIMAL_CONTEXT.divide(self.weights[key], whole)
            lines.append(
                f"  {key!r} {number(self.scores[key])} x {percent_1(share)} = {number(part)}"
            )
        return "\n".join(lines)


def _score_of(key: object, value: object) -> Decimal:
    if isinstance(value, ScoreResult):
        return value.total
    if isinstance(value, Decimal):
        return value
    return to_decimal(value, what=f"score of {key!r}")


def team_score(
    results: Mapping[K, ScoreResult | Decimal | None],
    *,
    weight_by: WeightBy | Mapping[K, Amount] = "headcount",
    kpi: str | None = None,
    quantum: Amount = Decimal("0.01"),
    rounding: Rounding | str = Rounding.HALF_EVEN,
) -> TeamScore[K]:
    """A team's score from its members' scores: a weighted mean, so the team is assessed.

    Args:
        results: Each member's :class:`~deepmarketing.scoring.ScoreResult` (or a score in
            points); ``None`` for a member with no result.
        weight_by: ``"headcount"`` (every member counts the same), ``"target"`` (each
            member counts in proportion to their target for the KPI named by ``kpi``,
            read from their result, so the member carrying more of the team's number
            counts for more), or a mapping giving each member's non-negative weight.
        kpi: The KPI whose target weights members; only with ``weight_by="target"``.
        quantum: The step the team score is rounded to; ``Decimal("0.01")`` unless named.
        rounding: How the team score is rounded; half-even unless named.

    Returns:
        The :class:`TeamScore`. Members with ``None`` are listed in ``missing`` and left
        out of the mean (the others' weights are shared out among themselves): missing
        data is never counted as a zero. Members whose own result is incomplete are used
        with the score they have and listed in ``incomplete``.

    Raises:
        ScoringError: If no member has a result, ``weight_by`` is not one of the above,
            ``kpi`` is missing (or given without ``weight_by="target"``), a member's
            target for ``kpi`` is missing or they have no ScoreResult to read it from, a
            weight mapping leaves a member out, names someone without a result, or has
            a negative weight, or the weights add up to zero.
        AmountTypeError: If a score or a weight is a float.

    Notes:
        The team score is ``sum(weight x score) / sum(weight)`` over the members with a
        result, computed exactly from their (rounded) scores and rounded once to
        ``quantum``. Each member's contribution is their exact part, rounded by the
        largest-remainder method (equal remainders: larger weight first, then member
        key), so the contributions add up to the total exactly.

    Examples:
        >>> team = team_score(
        ...     {"P-1": Decimal("120.00"), "P-2": Decimal("60.00")},
        ...     weight_by={"P-1": Decimal("300000"), "P-2": Decimal("100000")},
        ... )
        >>> team.total, dict(team.contributions)
        (Decimal('105.00'), {'P-1': Decimal('90.00'), 'P-2': Decimal('15.00')})
    """
    step = positive_quantum(quantum)
    mode = to_rounding(rounding)
    keys = ordered(results)
    present = [k for k in keys if results[k] is not None]
    missing = tuple(k for k in keys if results[k] is None)
    if not present:
        raise ScoringError(
            "expected at least one member with a result, got "
            + (f"{len(keys)} without one" if keys else "no members"),
            record="team score",
        )
    scores = {k: _score_of(k, results[k]) for k in present}
    given, described = _weights(results, present, weight_by, kpi)
    weights = {k: Fraction(w) for k, w in given.items()}
    whole = sum(weights.values(), Fraction(0))
    if whole == 0:
        raise ScoringError(
            f"the weights ({described}) add up to 0; expected a positive total",
            record="team score",
        )
    exact = [weights[k] * Fraction(scores[k]) / whole for k in present]
    position = {k: i for i, k in enumerate(present)}
    total, parts = split_total(exact, step, mode, [(-weights[k], position[k]) for k in present])
    incomplete = tuple(
        k for k in present if isinstance(r := results[k], ScoreResult) and not r.is_complete()
    )
    return TeamScore(
        total,
        contributions=dict(zip(present, parts, strict=True)),
        weights=given,
        scores=scores,
        weight_by=described,
        missing=missing,
        incomplete=incomplete,
    )


def _weights(
    results: Mapping[K, ScoreResult | Decimal | None],
    present: list[K],
    weight_by: WeightBy | Mapping[K, Amount],
    kpi: str | None,
) -> tuple[dict[K, Decimal], str]:
    record = "team score"
    if isinstance(weight_by, Mapping):
        if kpi is not None:
            raise ScoringError(f"kpi={kpi!r} only applies with weight_by='target'", record=record)
        given: dict[K, Decimal] = {}
        for key in present:
            if key not in weight_by:
                raise ScoringError(
                    f"no weight for member {key!r}; expected a weight for every member "
                    f"with a result",
                    record=record,
                )
            given[key] = _weight(key, weight_by[key])
        extra = [repr(k) for k in ordered(weight_by) if k not in given]
        if extra:
            raise ScoringError(
                f"weights name members without a result: {', '.join(extra)}", record=record
            )
        return given, "given weights"
    if weight_by == "headcount":
        if kpi is not None:
            raise ScoringError(f"kpi={kpi!r} only applies with weight_by='target'", record=record)
        return dict.fromkeys(present, Decimal(1)), "headcount"
    if weight_by == "target":
        if kpi is None:
            raise ScoringError(
                "weight_by='target' needs kpi=, the KPI whose target weights each member",
                record=record,
            )
        by_target: dict[K, Decimal] = {}
        for key in present:
            result = results[key]
            if not isinstance(result, ScoreResult):
                raise ScoringError(
                    f"member {key!r} has a bare score; weight_by='target' needs "
                    f"ScoreResults to read the target of KPI {kpi!r} from",
                    record=record,
                )
            target = result.kpi(kpi).target
            if target is None:
                raise ScoringError(
                    f"member {key!r} has no target for KPI {kpi!r}, which weight_by='target' "
                    f"weights by",
                    record=record,
                )
            by_target[key] = target
        return by_target, f"target of {kpi!r}"
    raise ScoringError(
        f"expected weight_by='headcount', 'target' or a mapping of weights, got {weight_by!r}",
        record=record,
    )


def _weight(key: object, value: Amount) -> Decimal:
    weight = to_decimal(value, what=f"weight of {key!r}")
    if weight < 0:
        raise ScoringError(
            f"weight of {key!r} is {number(weight)}; expected a non-negative weight",
            record="team score",
        )
    return weight


def unit_score(
    org: Organization,
    unit_id: str,
    results: Mapping[str, ScoreResult | Decimal | None],
    *,
    as_of: _dt.date,
    weight_by: WeightBy | Mapping[str, Amount] = "headcount",
    kpi: str | None = None,
    role: Role | str | None = Role.CONSULTANT,
    recursive: bool = True,
    quantum: Amount = Decimal("0.01"),
    rounding: Rounding | str = Rounding.HALF_EVEN,
) -> TeamScore[str]:
    """A unit's score from the scores of the people in it on ``as_of``: one call.

    The members are ``org.members(unit_id, as_of=as_of, recursive=recursive,
    role=role)``: by default every consultant in the unit and the units below it
    (managers are left out, because a manager's own scorecard usually already holds
    the team's results). Results for anyone else are ignored, so ``results`` may hold
    the whole company. Then as :func:`team_score`.

    Args:
        org: The organization.
        unit_id: The unit to score.
        results: Scores by person id (``None``, or left out, for no result).
        as_of: The day whose members count.
        weight_by: ``"headcount"``, ``"target"`` (with ``kpi``) or weights by person id
            (people outside the unit are ignored).
        kpi: The KPI whose target weights members, with ``weight_by="target"``.
        role: Only people in this role; ``None`` for everyone holding a position.
        recursive: Include the units below (the default).
        quantum: The step the score is rounded to.
        rounding: How the score is rounded.

    Returns:
        The :class:`TeamScore`, with ``unit_id`` set; members without a result are in
        ``missing``.

    Raises:
        ScoringError: If the unit has no such members on ``as_of``, or as
            :func:`team_score`.
        UnknownRecordError: If ``unit_id`` is not a unit.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> company = sample_company()
        >>> people = company.org.members("D1-R1", as_of=company.as_of, role="consultant")
        >>> results = {p.id: Decimal(80 + 5 * i) for i, p in enumerate(people)}
        >>> unit_score(company.org, "D1-R1", results, as_of=company.as_of).total
        Decimal('90.00')
    """
    members = org.members(unit_id, as_of=as_of, recursive=recursive, role=role)
    if not members:
        who = "people" if role is None else f"{Role(role).value} members"
        raise ScoringError(
            f"has no {who} on {as_of}; expected at least one to score", record=f"unit {unit_id!r}"
        )
    ids = [p.id for p in members]
    chosen = (
        {k: weight_by[k] for k in ids if k in weight_by and results.get(k) is not None}
        if isinstance(weight_by, Mapping)
        else weight_by
    )
    team = team_score(
        {k: results.get(k) for k in ids},
        weight_by=chosen,
        kpi=kpi,
        quantum=quantum,
        rounding=rounding,
    )
    return attrs.evolve(team, unit_id=unit_id)
