"""Ranking people by score, and forced distribution into bands (e.g. 20/70/10)."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Generic, Literal, TypeVar

import attrs

from deepmarketing.errors import ScoringError
from deepmarketing.quantities import Amount, Rounding, exact_sum, to_decimal
from deepmarketing.scoring._common import number, ordered, percent, read_only, split_total
from deepmarketing.scoring._scorecard import ScoreResult

__all__ = ["BandResult", "bands", "rank"]

K = TypeVar("K", bound=Hashable)

#: How equal scores are ranked (see :func:`rank`).
Ties = Literal["min", "max", "dense", "ordinal"]
#: Where people with equal scores at a band boundary go (see :func:`bands`).
BandTies = Literal["up", "down", "key"]

_ONE = Decimal(1)


def _scores(results: Mapping[K, ScoreResult | Amount], *, what: str) -> dict[K, Decimal]:
    """Each key's score; an incomplete ScoreResult is refused, never ranked as if whole."""
    if not isinstance(results, Mapping):
        raise ScoringError(
            f"expected a mapping from person to result, got {type(results).__name__}",
            record=what,
        )
    scores: dict[K, Decimal] = {}
    for key, value in results.items():
        if isinstance(value, ScoreResult):
            if not value.is_complete():
                gaps = ", ".join(f"{name}: {m.value}" for name, m in value.missing.items())
                raise ScoringError(
                    f"result of {key!r} is incomplete (not scored: {gaps}); expected "
                    f"complete results. To use partial scores on purpose, pass the totals "
                    f"({{key: result.total, ...}})",
                    record=what,
                )
            scores[key] = value.total
        elif value is None:
            raise ScoringError(f"{key!r} has no result; expected a score", record=what)
        else:
            scores[key] = to_decimal(value, what=f"score of {key!r}")
    return scores


def _best_first(scores: Mapping[K, Decimal]) -> list[K]:
    """Keys by score, highest first; equal scores by key (never by input order)."""
    # A stable sort keeps key order among equals, even with reverse=True; and comparing
    # Decimals is exact, where negating one would round in the process-wide context.
    return sorted(ordered(scores), key=scores.__getitem__, reverse=True)


def rank(results: Mapping[K, ScoreResult | Amount], *, ties: Ties = "min") -> dict[K, int]:
    """Rank people by score, 1 for the highest, with a named rule for equal scores.

    Args:
        results: Each person's :class:`~deepmarketing.scoring.ScoreResult` (ranked by
            its rounded ``total``, the number people see) or a score.
        ties: How equal scores rank:

            * ``"min"`` (competition ranking, "1224"): equals share the best rank they
              span, and the next rank skips.
            * ``"max"`` ("1334"): equals share the worst rank they span.
            * ``"dense"`` ("1223"): equals share a rank, and the next follows on.
            * ``"ordinal"`` ("1234"): everyone gets their own rank; equals are ordered
              by key (person id), never by the order they came in.

    Returns:
        The rank of every key, best first (equal ranks in key order).

    Raises:
        ScoringError: If a result is incomplete (rank their totals explicitly to do it
            on purpose), a value is ``None``, or ``ties`` names no rule.
        AmountTypeError: If a score is a float.

    Examples:
        >>> scores = {"P-3": Decimal(90), "P-1": Decimal(95), "P-2": Decimal(90), "P-4": 80}
        >>> rank(scores)
        {'P-1': 1, 'P-2': 2, 'P-3': 2, 'P-4': 4}
        >>> rank(scores, ties="dense")
        {'P-1': 1, 'P-2': 2, 'P-3': 2, 'P-4': 3}
        >>> rank(scores, ties="ordinal")
        {'P-1': 1, 'P-2': 2, 'P-3': 3, 'P-4': 4}
    """
    if ties not in ("min", "max", "dense", "ordinal"):
        raise ScoringError(
            f"expected ties='min', 'max', 'dense' or 'ordinal', got {ties!r}", record="rank"
        )
    scores = _scores(results, what="rank")
    order = _best_first(scores)
    ranks: dict[K, int] = {}
    place = 0
    for dense, (_, group) in enumerate(itertools.groupby(order, key=scores.__getitem__), 1):
        members = list(group)
        for offset, key in enumerate(members):
            ranks[key] = {
                "min": place + 1,
                "max": place + len(members),
                "dense": dense,
                "ordinal": place + offset + 1,
            }[ties]
        place += len(members)
    return ranks


def _to_distribution(value: Mapping[str, Amount]) -> Mapping[str, Decimal]:
    return read_only(value)


@attrs.frozen
class BandResult(Generic[K]):
    """The outcome of a forced distribution: each person's band, and each band's quota.

    Attributes:
        distribution: The share of people per band, best band first.
        quotas: How many people each band should hold: the shares of the head count,
            rounded to whole people by largest remainder, adding up to the head count.
        assignments: Each person's band, best score first.
        ties: The rule used for equal scores at a boundary (see :func:`bands`).

    Examples:
        >>> scores = {f"P-{i}": Decimal(i) for i in range(1, 11)}
        >>> result = bands(scores, {"A": Decimal("0.2"), "B": Decimal("0.7"), "C": Decimal("0.1")})
        >>> result.members("A"), result.counts
        (('P-10', 'P-9'), {'A': 2, 'B': 7, 'C': 1})
    """

    distribution: Mapping[str, Decimal] = attrs.field(converter=_to_distribution)
    quotas: Mapping[str, int] = attrs.field(kw_only=True, converter=read_only)
    assignments: Mapping[K, str] = attrs.field(kw_only=True, converter=read_only)
    ties: BandTies = attrs.field(kw_only=True)

    @property
    def counts(self) -> dict[str, int]:
        """How many people each band holds (differs from ``quotas`` only through ties)."""
        counts = dict.fromkeys(self.distribution, 0)
        for label in self.assignments.values():
            counts[label] += 1
        return counts

    def members(self, label: str) -> tuple[K, ...]:
        """The people in band ``label``, best score first.

        Raises:
            ScoringError: If the distribution has no such band.
        """
        if label not in self.distribution:
            raise ScoringError(
                f"no band {label!r}; expected one of {', '.join(map(repr, self.distribution))}",
                record="bands",
            )
        return tuple(k for k, band in self.assignments.items() if band == label)

    def summary(self) -> str:
        """Each band's share, quota and count, one per line."""
        counts = self.counts
        lines = [
            f"{len(self.assignments)} people in {len(self.distribution)} bands (ties {self.ties})"
        ]
        lines.extend(
            f"  {label} {percent(share)}: quota {self.quotas[label]}, holds {counts[label]}"
            for label, share in self.distribution.items()
        )
        return "\n".join(lines)


def _check_distribution(distribution: Mapping[str, Amount]) -> dict[str, Decimal]:
    record = "distribution"
    if not isinstance(distribution, Mapping) or not distribution:
        raise ScoringError(
            f"expected a non-empty mapping from band label to share, got {distribution!r}",
            record=record,
        )
    shares: dict[str, Decimal] = {}
    for label, value in distribution.items():
        if not isinstance(label, str) or not label.strip():
            raise ScoringError(f"expected non-empty band labels, got {label!r}", record=record)
        share = to_decimal(value, what=f"share of band {label!r}")
        if share < 0:
            raise ScoringError(
                f"band {label!r} has share {number(share)}; expected a non-negative share",
                record=record,
            )
        shares[label] = share
    total = exact_sum(shares.values())
    if total != _ONE:
        listed = ", ".join(f"{label} {number(s)}" for label, s in shares.items())
        raise ScoringError(
            f"shares add up to {number(total)} ({listed}); expected exactly 1 (100%)",
            record=record,
        )
    return shares


def bands(
    results: Mapping[K, ScoreResult | Amount],
    distribution: Mapping[str, Amount],
    *,
    ties: BandTies = "up",
) -> BandResult[K]:
    """Forced distribution: put the best share of people in the first band, and so on.

    Args:
        results: Each person's complete :class:`~deepmarketing.scoring.ScoreResult`
            (by its rounded ``total``) or score.
        distribution: The share of people in each band, **best band first** (the
            mapping's order is the bands' order), e.g. ``{"A": Decimal("0.2"),
            "B": Decimal("0.7"), "C": Decimal("0.1")}``; the shares add up to exactly 1.
        ties: Where people with equal scores go when the quota boundary falls among them:

            * ``"up"`` (the default): all of them go to the better band they reach, so
              equal scores always get equal bands; the better band may hold more than
              its quota and the next fewer.
            * ``"down"``: all of them go to the worse band (the better band never holds
              more than its quota).
            * ``"key"``: quotas are kept exactly and equals are split by key (person
              id), so equal scores may get different bands.

    Returns:
        The :class:`BandResult`.

    Raises:
        ScoringError: If the shares do not add up to exactly 1, a share is negative, a
            label is empty, ``ties`` names no rule, or a result is incomplete.
        AmountTypeError: If a share or a score is a float.

    Notes:
        *Quotas.* Band ``j`` should hold ``n x share_j`` people; these are rounded to
        whole people by the largest-remainder method (down first, then one more each to
        the largest remainders; equal remainders to the larger share, then the better
        band), so the quotas add up to ``n`` and each is within one person of its exact
        share. People are then taken best score first (equal scores by key) and the
        quotas filled in band order; ``ties`` moves whole groups of equal scores that a
        boundary cuts. With ``ties="key"``, or no equal scores at a boundary, every band
        holds exactly its quota. O(n log n).

    Examples:
        >>> scores = {"P-1": 95, "P-2": 90, "P-3": 90, "P-4": 70, "P-5": 60}
        >>> split = {"A": Decimal("0.2"), "B": Decimal("0.6"), "C": Decimal("0.2")}
        >>> dict(bands(scores, split).assignments)
        {'P-1': 'A', 'P-2': 'B', 'P-3': 'B', 'P-4': 'B', 'P-5': 'C'}
        >>> strict = bands({"P-1": 90, "P-2": 90, "P-3": 50}, {"top": "0.5", "rest": "0.5"})
        >>> dict(strict.assignments), dict(strict.quotas)
        ({'P-1': 'top', 'P-2': 'top', 'P-3': 'rest'}, {'top': 2, 'rest': 1})
        >>> dict(bands({"P-1": 90, "P-2": 90}, {"top": "0.5", "rest": "0.5"}).assignments)
        {'P-1': 'top', 'P-2': 'top'}
        >>> dict(
        ...     bands({"P-1": 90, "P-2": 90}, {"top": "0.5", "rest": "0.5"}, ties="key").assignments
        ... )
        {'P-1': 'top', 'P-2': 'rest'}
    """
    if ties not in ("up", "down", "key"):
        raise ScoringError(f"expected ties='up', 'down' or 'key', got {ties!r}", record="bands")
    shares = _check_distribution(distribution)
    scores = _scores(results, what="bands")
    labels = list(shares)
    n = len(scores)
    _, rounded = split_total(
        [Fraction(shares[label]) * n for label in labels],
        Decimal(1),
        Rounding.HALF_EVEN,
        [(-Fraction(shares[label]), j) for j, label in enumerate(labels)],
    )
    quotas = {label: int(q) for label, q in zip(labels, rounded, strict=True)}
    order = _best_first(scores)
    strict: list[int] = []
    for j, label in enumerate(labels):
        strict.extend([j] * quotas[label])
    chosen = list(strict)
    if ties != "key":
        start = 0
        for _, group in itertools.groupby(order, key=scores.__getitem__):
            size = len(list(group))
            span = strict[start : start + size]
            band = min(span) if ties == "up" else max(span)
            chosen[start : start + size] = [band] * size
            start += size
    return BandResult(
        shares,
        quotas=quotas,
        assignments={k: labels[j] for k, j in zip(order, chosen, strict=True)},
        ties=ties,
    )
