"""KPIs, scorecards, and scoring one person's (or unit's) actuals against targets."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from deepmarketing.errors import ScoringError
from deepmarketing.quantities import Amount, Metric, Rounding, exact_sum, to_decimal
from deepmarketing.scoring._common import (
    number,
    percent,
    percent_1,
    positive_quantum,
    split_total,
    to_rounding,
)
from deepmarketing.scoring._rules import Credit, Linear, Rule, _is_rule

__all__ = ["KPI", "KPIScore", "Missing", "ScoreResult", "Scorecard", "score"]

_ONE = Decimal(1)
_HUNDRED = Fraction(100)


class Missing(enum.Enum):
    """Why a KPI could not be scored; such a KPI contributes nothing, and says so.

    ``ZERO_TARGET``: the target is 0, so there is no attainment to speak of (a new
    consultant without a target yet, a complaint count whose goal is none). Give a
    positive target (the tolerated count) to score it.

    Examples:
        >>> Missing("actual")
        <Missing.ACTUAL: 'actual'>
        >>> Missing.ZERO_TARGET.value
        'zero target'
    """

    ACTUAL = "actual"
    TARGET = "target"
    BOTH = "actual and target"
    ZERO_TARGET = "zero target"


def _name(kind: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ScoringError(f"expected a non-empty name, got {value!r}", record=kind)

    return check


def _is_metric(instance: KPI, attribute: attrs.Attribute[Metric], value: object) -> None:
    if not isinstance(value, Metric):
        raise ScoringError(
            f"expected a Metric, got {type(value).__name__} {value!r}",
            record=f"KPI {instance.name!r}",
        )


def _to_weight(value: Amount) -> Decimal:
    return to_decimal(value, what="KPI weight")


def _check_weight(instance: KPI, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not 0 < value <= 1:
        raise ScoringError(
            f"weight is {number(value)}; expected a share above 0 and at most 1 (100%), "
            f"e.g. Decimal('0.4') for 40%",
            record=f"KPI {instance.name!r}",
        )


@attrs.frozen
class KPI:
    """A key performance indicator: what is measured, how much it counts, and how it scores.

    Args:
        name: The KPI's name, unique in its scorecard; actuals and targets are keyed by
            it (two KPIs may measure the same metric, so the metric's name would not do).
        metric: What is measured; actuals and targets must be exact amounts of it.
        weight: Its share of the score, above 0 and at most 1 (``Decimal("0.4")`` is
            40%); the weights of a scorecard add up to exactly 1. Floats are refused.
        rule: How actual against target becomes credit; :class:`~deepmarketing.scoring.Linear`
            unless named.

    Raises:
        ScoringError: For an empty name, a metric that is not a
            :class:`~deepmarketing.quantities.Metric`, a weight outside (0, 1], or a rule
            without a ``credit`` method.

    Examples:
        >>> from deepmarketing.quantities import SALES_CNY
        >>> from deepmarketing.scoring import Capped
        >>> KPI("sales", SALES_CNY, weight=Decimal("0.4"), rule=Capped(Decimal("1.1"))).weight
        Decimal('0.4')
        >>> KPI("sales", SALES_CNY, weight=40)
        Traceback (most recent call last):
        ...
        deepmarketing.errors.ScoringError: KPI 'sales': weight is 40; expected a share above 0 ...
    """

    name: str = attrs.field(validator=_name("KPI"))
    metric: Metric = attrs.field(validator=_is_metric)
    weight: Decimal = attrs.field(kw_only=True, converter=_to_weight, validator=_check_weight)
    rule: Rule = attrs.field(factory=Linear, kw_only=True, validator=_is_rule)


def _to_kpis(value: Iterable[KPI]) -> tuple[KPI, ...]:
    return tuple(value)


def _check_kpis(
    instance: Scorecard, attribute: attrs.Attribute[tuple[KPI, ...]], kpis: tuple[KPI, ...]
) -> None:
    record = f"scorecard {instance.name!r}"
    if not kpis:
        raise ScoringError("expected at least one KPI, got none", record=record)
    seen: set[str] = set()
    for kpi in kpis:
        if not isinstance(kpi, KPI):
            raise ScoringError(
                f"expected KPI objects, got {type(kpi).__name__} {kpi!r}", record=record
            )
        if kpi.name in seen:
            raise ScoringError(
                f"KPI name {kpi.name!r} appears twice; expected unique names", record=record
            )
        seen.add(kpi.name)
    total = exact_sum(kpi.weight for kpi in kpis)
    if total != _ONE:
        listed = ", ".join(f"{kpi.name} {percent(kpi.weight)}" for kpi in kpis)
        raise ScoringError(
            f"KPI weights add up to {number(total)} ({percent(total)}: {listed}); "
            f"expected exactly 1 (100%)",
            record=record,
        )


@attrs.frozen
class Scorecard:
    """The KPIs a position is assessed on, with weights that add up to exactly 100%.

    Scores are points out of 100 (every KPI exactly at its target scores 100), rounded
    to ``quantum`` with ``rounding``; see :func:`score`.

    Args:
        name: What the scorecard is for, e.g. ``"consultant"``.
        kpis: The KPIs, in the order they are shown.
        quantum: The step scores are rounded to; ``Decimal("0.01")`` points unless named.
        rounding: How the total score is rounded; half-even unless named.

    Raises:
        ScoringError: If there are no KPIs, two share a name, or the weights do not add
            up to exactly 1 (naming every weight), or the quantum is not positive.

    Examples:
        >>> from deepmarketing.quantities import COLLECTION_CNY, SALES_CNY
        >>> card = Scorecard(
        ...     "consultant",
        ...     [
        ...         KPI("sales", SALES_CNY, weight=Decimal("0.7")),
        ...         KPI("collection", COLLECTION_CNY, weight=Decimal("0.3")),
        ...     ],
        ... )
        >>> card.kpi("collection").weight, card.quantum, card.rounding
        (Decimal('0.3'), Decimal('0.01'), <Rounding.HALF_EVEN: 'ROUND_HALF_EVEN'>)
        >>> Scorecard(
        ...     "consultant",
        ...     [
        ...         KPI("sales", SALES_CNY, weight=Decimal("0.6")),
        ...         KPI("collection", COLLECTION_CNY, weight=Decimal("0.3")),
        ...     ],
        ... )
        Traceback (most recent call last):
        ...
        deepmarketing.errors.ScoringError: scorecard 'consultant': KPI weights add up to 0.9
        (90%: sales 60%, collection 30%); expected exactly 1 (100%)
    """

    name: str = attrs.field(validator=_name("scorecard"))
    kpis: tuple[KPI, ...] = attrs.field(converter=_to_kpis, validator=_check_kpis)
    quantum: Decimal = attrs.field(
        default=Decimal("0.01"), kw_only=True, converter=positive_quantum
    )
    rounding: Rounding = attrs.field(
        default=Rounding.HALF_EVEN, kw_only=True, converter=to_rounding
    )

    def kpi(self, name: str) -> KPI:
        """The KPI called ``name``.

        Raises:
            ScoringError: If the scorecard has no such KPI.
        """
        for kpi in self.kpis:
            if kpi.name == name:
                return kpi
        raise ScoringError(
            f"has no KPI {name!r}; expected one of {_names(self)}",
            record=f"scorecard {self.name!r}",
        )


def _names(scorecard: Scorecard) -> str:
    return ", ".join(repr(kpi.name) for kpi in scorecard.kpis)


@attrs.frozen
class KPIScore:
    """How one KPI scored: its figures, the rule's credit, its points and why.

    Attributes:
        kpi: The KPI.
        actual: The actual, or ``None`` if none was given.
        target: The target, or ``None`` if none was given.
        missing: Why the KPI was not scored, or ``None`` if it was.
        credit: The rule's credit (``None`` when not scored).
        points: The points it adds to the total (``None`` when not scored: never a
            silent zero).
        explanation: The whole computation in one plain-language line.

    Examples:
        >>> from deepmarketing.quantities import SALES_CNY
        >>> card = Scorecard("solo", [KPI("sales", SALES_CNY, weight=1)])
        >>> result = score(card, {"sales": Decimal("900.00")}, {"sales": Decimal("1000.00")})
        >>> result.kpis[0].points, result.kpis[0].is_scored()
        (Decimal('90.00'), True)
    """

    kpi: KPI
    actual: Decimal | None
    target: Decimal | None = attrs.field(kw_only=True)
    missing: Missing | None = attrs.field(kw_only=True)
    credit: Credit | None = attrs.field(kw_only=True)
    points: Decimal | None = attrs.field(kw_only=True)
    explanation: str = attrs.field(kw_only=True)

    def is_scored(self) -> bool:
        """Whether the KPI was scored (it had an actual and a positive target)."""
        return self.missing is None


@attrs.frozen
class ScoreResult:
    """A scorecard applied to one set of actuals and targets.

    Attributes:
        scorecard: The scorecard.
        kpis: One :class:`KPIScore` per KPI, in the scorecard's order.
        total: The score in points, rounded to the scorecard's quantum; the points of
            the scored KPIs add up to it exactly. KPIs not scored add nothing.

    Examples:
        >>> from deepmarketing.quantities import SALES_CNY, COLLECTION_CNY
        >>> card = Scorecard(
        ...     "consultant",
        ...     [
        ...         KPI("sales", SALES_CNY, weight=Decimal("0.7")),
        ...         KPI("collection", COLLECTION_CNY, weight=Decimal("0.3")),
        ...     ],
        ... )
        >>> result = score(card, {"sales": Decimal("1100.00")}, {"sales": 1000, "collection": 900})
        >>> result.total, result.is_complete(), result.missing
        (Decimal('77.00'), False, {'collection': <Missing.ACTUAL: 'actual'>})
        >>> print(result.summary())
        consultant: 77.00 points, incomplete (70% of the weight scored)
          sales 1,100.00 CNY of 1,000.00 CNY target: attainment 110.0%
            -> 110.0% x weight 70% = 77.00 points
          collection: no actual, target 900.00 CNY -> not scored, its 30% weight left out
    """

    scorecard: Scorecard
    kpis: tuple[KPIScore, ...]
    total: Decimal = attrs.field(kw_only=True)

    def is_complete(self) -> bool:
        """Whether every KPI was scored (no :class:`Missing` figure)."""
        return all(k.missing is None for k in self.kpis)

    @property
    def missing(self) -> dict[str, Missing]:
        """The KPIs not scored, by name, and why."""
        return {k.kpi.name: k.missing for k in self.kpis if k.missing is not None}

    @property
    def scored_weight(self) -> Decimal:
        """The weight of the KPIs that were scored: 1 when complete."""
        return exact_sum(k.kpi.weight for k in self.kpis if k.missing is None)

    def kpi(self, name: str) -> KPIScore:
        """The score of the KPI called ``name``.

        Raises:
            ScoringError: If the scorecard has no such KPI.
        """
        for item in self.kpis:
            if item.kpi.name == name:
                return item
        self.scorecard.kpi(name)  # raises, naming the KPIs there are
        raise AssertionError  # pragma: no cover

    def summary(self) -> str:
        """The total and every KPI's explanation, one per line."""
        state = (
            "complete"
            if self.is_complete()
            else f"incomplete ({percent(self.scored_weight)} of the weight scored)"
        )
        lines = [f"{self.scorecard.name}: {number(self.total)} points, {state}"]
        lines.extend(f"  {k.explanation}" for k in self.kpis)
        return "\n".join(lines)


def _figure(
    values: Mapping[str, Amount | None], kpi: KPI, what: str, scorecard: Scorecard
) -> Decimal | None:
    value = values.get(kpi.name)
    if value is None:
        return None
    return kpi.metric.validate(value, record=f"{what} of KPI {kpi.name!r}")


def _check_keys(scorecard: Scorecard, values: Mapping[str, Any], what: str) -> None:
    if not isinstance(values, Mapping):
        raise ScoringError(
            f"expected a mapping from KPI name to amount, got {type(values).__name__}",
            record=what,
        )
    known = {kpi.name for kpi in scorecard.kpis}
    unknown = sorted(repr(key) for key in values if key not in known)
    if unknown:
        raise ScoringError(
            f"{what} name no KPI of the scorecard: {', '.join(unknown)}; "
            f"expected KPI names: {_names(scorecard)}",
            record=f"scorecard {scorecard.name!r}",
        )


def score(
    scorecard: Scorecard,
    actuals: Mapping[str, Amount | None],
    targets: Mapping[str, Amount | None],
) -> ScoreResult:
    """Score actuals against targets on a scorecard: points per KPI and in total.

    Args:
        scorecard: The scorecard.
        actuals: Each KPI's actual, keyed by the **KPI's name** (not the metric's: two
            KPIs may measure the same metric). A KPI left out, or given ``None``, has no
            actual. Amounts must be exact amounts of the KPI's metric; negative actuals
            (net returns) are allowed.
        targets: Each KPI's target, keyed the same way; non-negative.

    Returns:
        The :class:`ScoreResult`. A KPI without an actual or a target, or with a zero
        target, is not scored: its :class:`KPIScore` says which (:class:`Missing`), it
        adds no points, and :meth:`ScoreResult.is_complete` is ``False``. Its weight is
        not handed to the other KPIs, so an incomplete score is out of less than 100.

    Raises:
        ScoringError: If a key names no KPI of the scorecard (a typo would otherwise
            pass as missing data), a target is negative, or a rule returns something
            other than a :class:`~deepmarketing.scoring.Credit`.
        QuantityError: If an amount is not a multiple of the metric's quantum.
        AmountTypeError: If an amount is a float.

    Notes:
        *Exactness and rounding.* Each scored KPI's exact points are
        ``credit x weight x 100`` (the credit is the rule's ratio, computed in
        :data:`~deepmarketing.quantities.DECIMAL_CONTEXT`). The total is the exact sum
        of those, rounded once to the scorecard's ``quantum`` with its ``rounding``.
        Each KPI's points are then its exact points rounded down to the quantum, with
        the quanta left over going one each to the KPIs with the largest remainders
        (equal remainders: the larger weight first, then the KPI name), so **the points
        add up to the total exactly** and each is within one quantum of its exact value.

        The explanation shows the credit to 0.1% (half-even); the points are the ones
        added up.

    Examples:
        >>> from deepmarketing.quantities import EXPENSES_CNY, SALES_CNY
        >>> from deepmarketing.scoring import Capped, LowerIsBetter
        >>> card = Scorecard(
        ...     "consultant",
        ...     [
        ...         KPI("sales", SALES_CNY, weight=Decimal("0.4"), rule=Capped(Decimal("1.1"))),
        ...         KPI("expenses", EXPENSES_CNY, weight=Decimal("0.6"), rule=LowerIsBetter()),
        ...     ],
        ... )
        >>> result = score(
        ...     card,
        ...     {"sales": Decimal("1200000.00"), "expenses": Decimal("45000.00")},
        ...     {"sales": Decimal("1000000.00"), "expenses": Decimal("50000.00")},
        ... )
        >>> result.total
        Decimal('110.00')
        >>> print(result.kpi("sales").explanation)
        sales 1,200,000.00 CNY of 1,000,000.00 CNY target: attainment 120.0%, capped at 110%
        -> 110.0% x weight 40% = 44.00 points
    """
    _check_keys(scorecard, actuals, "actuals")
    _check_keys(scorecard, targets, "targets")
    figures: list[tuple[KPI, Decimal | None, Decimal | None, Missing | None]] = []
    for kpi in scorecard.kpis:
        actual = _figure(actuals, kpi, "actual", scorecard)
        target = _figure(targets, kpi, "target", scorecard)
        if target is not None and target < 0:
            raise ScoringError(
                f"expected a non-negative target, got {kpi.metric.format(target)}",
                record=f"KPI {kpi.name!r}",
            )
        figures.append((kpi, actual, target, _missing(actual, target)))

    credits: dict[str, Credit] = {}
    for kpi, actual, target, _ in figures:
        if actual is not None and target is not None and target > 0:
            credits[kpi.name] = _credit(kpi, actual, target)
    scored = [kpi for kpi, *_, missing in figures if missing is None]
    exact = [Fraction(credits[k.name].value) * Fraction(k.weight) * _HUNDRED for k in scored]
    total, parts = split_total(
        exact,
        scorecard.quantum,
        scorecard.rounding,
        [(-Fraction(k.weight), k.name) for k in scored],
    )
    points = {k.name: p for k, p in zip(scored, parts, strict=True)}
    items = tuple(
        _kpi_score(kpi, actual, target, missing, credits.get(kpi.name), points.get(kpi.name))
        for kpi, actual, target, missing in figures
    )
    return ScoreResult(scorecard, items, total=total)


def _missing(actual: Decimal | None, target: Decimal | None) -> Missing | None:
    if actual is None:
        return Missing.BOTH if target is None else Missing.ACTUAL
    if target is None:
        return Missing.TARGET
    return Missing.ZERO_TARGET if target == 0 else None


def _credit(kpi: KPI, actual: Decimal, target: Decimal) -> Credit:
    credit = kpi.rule.credit(actual, target)
    if not isinstance(credit, Credit):
        raise ScoringError(
            f"rule {kpi.rule!r} returned {type(credit).__name__} {credit!r}; expected a Credit",
            record=f"KPI {kpi.name!r}",
        )
    return credit


def _kpi_score(
    kpi: KPI,
    actual: Decimal | None,
    target: Decimal | None,
    missing: Missing | None,
    credit: Credit | None,
    points: Decimal | None,
) -> KPIScore:
    return KPIScore(
        kpi,
        actual,
        target=target,
        missing=missing,
        credit=credit,
        points=points,
        explanation=_explain(kpi, actual, target, credit, points),
    )


def _explain(
    kpi: KPI,
    actual: Decimal | None,
    target: Decimal | None,
    credit: Credit | None,
    points: Decimal | None,
) -> str:
    fmt = kpi.metric.format
    left_out = f"not scored, its {percent(kpi.weight)} weight left out"
    if actual is None:
        if target is None:
            return f"{kpi.name}: no actual and no target -> {left_out}"
        return f"{kpi.name}: no actual, target {fmt(target)} -> {left_out}"
    if target is None:
        return f"{kpi.name} {fmt(actual)} with no target -> {left_out}"
    figures = f"{kpi.name} {fmt(actual)} of {fmt(target)} target"
    if credit is None or points is None:
        return f"{figures}: a zero target gives no attainment -> {left_out}"
    return (
        f"{figures}: {credit.note} -> {percent_1(credit.value)} x weight "
        f"{percent(kpi.weight)} = {number(points)} points"
    )
