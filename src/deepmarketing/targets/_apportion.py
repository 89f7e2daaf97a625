"""Exact proportional splitting: the largest-remainder method, with optional bounds.

Everything is done in whole quanta with Python integers, so no step rounds except the
one documented rounding of each share to a multiple of the quantum.
"""

from __future__ import annotations

import decimal
import itertools
import math
from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from deepmarketing.errors import AllocationError, QuantityError
from deepmarketing.quantities import DECIMAL_CONTEXT, Amount, to_decimal

__all__ = ["apportion"]

K = TypeVar("K", bound=Hashable)


def apportion(
    total: Amount,
    weights: Mapping[K, Amount],
    *,
    quantum: Amount = Decimal(1),
    minimums: Mapping[K, Amount] | None = None,
    maximums: Mapping[K, Amount] | None = None,
) -> dict[K, Decimal]:
    """Split ``total`` among the keys of ``weights`` in proportion, exactly, in whole quanta.

    Every share is a multiple of ``quantum``, the shares add up to ``total`` exactly,
    and each share lies within its bounds. Without bounds every share is within one
    quantum of its exact proportional share ``total * weight / sum(weights)``.

    Args:
        total: The amount to split; a multiple of ``quantum`` (may be negative: the
            split of ``-x`` is the negated split of ``x``, bounds mirrored).
        weights: A non-negative weight per key (Decimal, int or numeric string; floats
            are refused). If every weight is zero the total is split evenly.
        quantum: The smallest step of a share, e.g. ``Decimal("0.01")`` for money.
        minimums: Optional lower bound per key (keys left out have none). A bound that
            is not a multiple of ``quantum`` is rounded inward (up).
        maximums: Optional upper bound per key (keys left out have none). Rounded
            inward (down) to a multiple of ``quantum``.

    Returns:
        The share of every key, in the order of ``weights``.

    Raises:
        AllocationError: If ``total`` is not a multiple of ``quantum``; a weight is
            negative; a bound names a key that has no weight; a minimum exceeds its
            maximum; the minimums add up to more than the total or the maximums to
            less; or the keys with weight cannot take the total (zero-weight keys get
            no more than their minimum).
        AmountTypeError: If a number is a float.

    Notes:
        *Method.* With bounds, the exact shares are ``clamp(λ·weight, min, max)`` for
        the one ``λ`` that makes them add up to the total (water filling; found exactly
        with rational arithmetic by sweeping the sorted breakpoints, O(n log n)).
        Without bounds they are ``total·weight/Σweight``. Each exact share is then
        rounded down to a whole quantum, and the quanta left over (fewer than the
        number of keys) go one each to the keys with the largest remainders: the
        largest-remainder (Hamilton) method.

        *Tie-break.* Equal remainders go to the larger weight first, then to the key
        that sorts first: by the keys' own order where it orders them all, else by the
        name of their type and then their own order within a type (or their ``repr``
        where even that fails, as for sets, which are only partly ordered). The result
        never depends on the order of the keys.

        *Complexity.* O(n log n) integer operations; about a second for a million keys.

    Examples:
        >>> apportion(
        ...     Decimal("100.00"), {"east": 1, "west": 1, "north": 1}, quantum=Decimal("0.01")
        ... )
        {'east': Decimal('33.34'), 'west': Decimal('33.33'), 'north': Decimal('33.33')}
        >>> apportion(10, {"a": 0, "b": 0})
        {'a': Decimal('5'), 'b': Decimal('5')}
        >>> apportion(100, {"a": 8, "b": 1, "c": 1}, maximums={"a": 50})
        {'a': Decimal('50'), 'b': Decimal('25'), 'c': Decimal('25')}
        >>> apportion(100, {"a": 1, "b": 1}, minimums={"a": 70, "b": 40})
        Traceback (most recent call last):
        ...
        deepmarketing.errors.AllocationError: split of 100: the minimums add up to 110, ...
    """
    step = _quantum(quantum)
    amount = to_decimal(total, what="total")
    units = _to_units(amount, step, what="total")
    keys = list(weights)
    record = f"split of {amount}"
    if not keys:
        _bounds(keys, step, minimums, maximums, record=record)  # bounds name no key here
        if units:
            raise AllocationError("no keys to split a non-zero total among", record=record)
        return {}
    ints = _integer_weights(keys, weights, record=record)
    lows, highs = _bounds(keys, step, minimums, maximums, record=record)
    negative = units < 0
    if negative:
        units = -units
        lows, highs = (
            [None if h is None else -h for h in highs],
            [None if lo is None else -lo for lo in lows],
        )
    if not any(ints):
        ints = [1] * len(keys)
    if all(lo is None for lo in lows) and all(h is None for h in highs):
        denominator = sum(ints)
        numerators = [units * w for w in ints]
    else:
        numerators, denominator = _water_fill(
            units, ints, lows, highs, amount, step, record, negative=negative
        )
    shares = _round_largest_remainder(keys, ints, numerators, denominator, units)
    ctx = DECIMAL_CONTEXT if abs(units) < _FAST_LIMIT else _exact_context(units, step)
    sign = -1 if negative else 1
    return {key: ctx.multiply(Decimal(sign * q), step) for key, q in zip(keys, shares, strict=True)}


# Below this many quanta a share times the quantum fits DECIMAL_CONTEXT's 60 digits for
# any quantum of up to 10 significant digits; beyond it a wider context keeps it exact.
_FAST_LIMIT = 10**50


def _exact_context(units: int, step: Decimal) -> decimal.Context:
    """A context wide enough that ``shares x step`` is exact for shares up to ``units``."""
    digits = len(str(abs(units))) + len(step.as_tuple().digits) + 2
    return (
        DECIMAL_CONTEXT.copy()
        if digits <= DECIMAL_CONTEXT.prec
        else decimal.Context(
            prec=digits,
            Emin=DECIMAL_CONTEXT.Emin,
            Emax=DECIMAL_CONTEXT.Emax,
            traps=[decimal.InvalidOperation, decimal.Inexact, decimal.Overflow],
        )
    )


def _quantum(quantum: Amount) -> Decimal:
    step = to_decimal(quantum, what="quantum")
    if step <= 0:
        raise QuantityError(f"expected a positive quantum, got {step}", record="quantum")
    return step


def _to_units(value: Decimal, step: Decimal, *, what: str) -> int:
    """``value`` in whole quanta, exactly (no precision limit), or an AllocationError."""
    units = Fraction(value) / Fraction(step)
    if units.denominator != 1:
        raise AllocationError(
            f"expected a multiple of the quantum {step}, got {value}", record=what
        )
    return units.numerator


def _integer_weights(
    keys: Sequence[Any], weights: Mapping[Any, Amount], *, record: str
) -> list[int]:
    """The weights scaled to integers with the same ratios (exactly)."""
    # ``keys`` is list(weights): read the values in the same order without hashing.
    values = list(weights.values())
    ratios: list[tuple[int, int]] | None = None
    if set(map(type, values)) <= {int, Decimal}:
        # Fast path (bulk, in C): Decimal and int both give their exact ratio; a NaN or
        # an infinity fails, and the careful loop below names it.
        try:
            ratios = [value.as_integer_ratio() for value in values]  # type: ignore[union-attr]
        except (ValueError, OverflowError):
            ratios = None
    if ratios is None:
        ratios = [
            to_decimal(value, what=f"weight of {key!r}").as_integer_ratio()
            for key, value in zip(keys, values, strict=True)
        ]
    if ratios and min(n for n, _ in ratios) < 0:
        for key, (numerator, _) in zip(keys, ratios, strict=True):
            if numerator < 0:
                raise AllocationError(
                    f"weight of {key!r} is {weights[key]}; expected a non-negative weight",
                    record=record,
                )
    common = math.lcm(*{d for _, d in ratios})
    if common == 1:
        return [n for n, _ in ratios]
    return [n * (common // d) for n, d in ratios]


def _bounds(
    keys: Sequence[Any],
    step: Decimal,
    minimums: Mapping[Any, Amount] | None,
    maximums: Mapping[Any, Amount] | None,
    *,
    record: str,
) -> tuple[list[int | None], list[int | None]]:
    known = set(keys)
    lows: list[int | None] = [None] * len(keys)
    highs: list[int | None] = [None] * len(keys)
    position = {key: i for i, key in enumerate(keys)} if (minimums or maximums) else {}
    ctx = DECIMAL_CONTEXT
    for bounds, target, rounding in ((minimums, lows, math.ceil), (maximums, highs, math.floor)):
        if not bounds:
            continue
        unknown = [key for key in bounds if key not in known]
        if unknown:
            listed = ", ".join(repr(k) for k in unknown)
            raise AllocationError(f"bounds name keys without a weight: {listed}", record=record)
        for key, value in bounds.items():
            bound = to_decimal(value, what=f"bound of {key!r}")
            target[position[key]] = rounding(Fraction(ctx.divide(bound, step)))
    for key, low, high in zip(keys, lows, highs, strict=True):
        if low is not None and high is not None and low > high:
            raise AllocationError(
                f"minimum of {key!r} ({ctx.multiply(Decimal(low), step)}) is above its maximum "
                f"({ctx.multiply(Decimal(high), step)})",
                record=record,
            )
    return lows, highs


def _water_fill(
    units: int,
    weights: list[int],
    lows: list[int | None],
    highs: list[int | None],
    amount: Decimal,
    step: Decimal,
    record: str,
    *,
    negative: bool = False,
) -> tuple[list[int], int]:
    """Exact shares clamp(λ·w, lo, hi) adding up to ``units``, over one common denominator.

    ``negative`` says the caller's total was negative and the bounds arrive mirrored;
    messages then name the bounds and figures as the caller gave them.
    """
    # A key without a minimum is at least 0 (or its maximum, if that is below 0), and a
    # zero-weight key never grows: it keeps clamp(0, lo, hi), 0 where its bounds allow.
    lo = [
        (0 if high is None else min(0, high)) if low is None else low
        for low, high in zip(lows, highs, strict=True)
    ]
    kept = [
        max(low, 0 if high is None else min(0, high)) for low, high in zip(lo, highs, strict=True)
    ]
    ctx = DECIMAL_CONTEXT
    sign = -1 if negative else 1
    lower, upper = ("maximums", "minimums") if negative else ("minimums", "maximums")
    more, less = ("less", "more") if negative else ("more", "less")
    most, least = ("least", "most") if negative else ("most", "least")

    def money(units_: int | Fraction) -> Decimal:
        return ctx.multiply(Decimal(sign * int(units_)), step)

    floor_total = sum(lo[i] if w else kept[i] for i, w in enumerate(weights))
    if floor_total > units:
        raise AllocationError(
            f"the {lower} add up to {money(floor_total)}, {more} than the total; expected at "
            f"{most} {amount}",
            record=record,
        )
    if all(h is not None for h in highs) and sum(h for h in highs if h is not None) < units:
        ceiling = sum(h for h in highs if h is not None)
        raise AllocationError(
            f"the {upper} add up to {money(ceiling)}, {less} than the total; expected at "
            f"{least} {amount}",
            record=record,
        )
    # With every weighted key capped, the most the split can reach is their maximums
    # plus what the zero-weight keys keep (they never grow).
    reachable: int | None = 0
    for i, w in enumerate(weights):
        high = highs[i]
        if w and high is None:
            reachable = None
            break
        assert reachable is not None
        reachable += high if w and high is not None else kept[i]
    if reachable is not None and reachable < units:
        raise AllocationError(
            f"the keys with weight can take at {most} {money(reachable)} within their {upper} "
            f"and zero-weight keys take only what their {lower} require; expected room for "
            f"{amount}",
            record=record,
        )
    # f(λ) = Σ clamp(λ·w, lo, hi) is continuous and non-decreasing; sweep its breakpoints.
    events: list[
        tuple[Fraction, int, int]
    ] = []  # (λ, +w when a key starts to grow, -w when it stops)
    fixed = 0  # Σ of shares before any key grows: lo, or what a zero-weight key keeps
    for i, w in enumerate(weights):
        if w == 0:
            fixed += kept[i]
            continue
        fixed += lo[i]
        events.append((Fraction(lo[i], w), 0, i))
        high = highs[i]
        if high is not None:
            events.append((Fraction(high, w), 1, i))
    events.sort(key=lambda e: (e[0], e[1]))
    slope = 0  # Σ w of growing keys
    base = fixed  # f at the current λ minus slope·λ
    lam = Fraction(0)
    for point, kind, i in events:
        if slope and base + slope * point >= units:
            lam = Fraction(units - base, slope)
            break
        w = weights[i]
        if kind == 0:  # starts growing at λ = lo/w
            slope += w
            base -= lo[i]
        else:  # stops at its maximum
            slope -= w
            high = highs[i]
            assert high is not None
            base += high
        lam = point
    else:
        if slope:
            lam = Fraction(units - base, slope)
    exact: list[Fraction] = []
    for i, w in enumerate(weights):
        share = max(Fraction(lo[i]), lam * w)
        high = highs[i]
        if high is not None:
            share = min(share, Fraction(high))
        exact.append(share)
    denominator = math.lcm(*(s.denominator for s in exact))
    numerators = [s.numerator * (denominator // s.denominator) for s in exact]
    return numerators, denominator


def _round_largest_remainder(
    keys: Sequence[Any], weights: list[int], numerators: list[int], denominator: int, units: int
) -> list[int]:
    """Round numerators/denominator down, then give the leftover quanta by largest remainder."""
    pairs = [divmod(numerator, denominator) for numerator in numerators]
    floors = [q for q, _ in pairs]
    remainders = [r for _, r in pairs]
    leftover = units - sum(floors)
    if leftover <= 0:
        return floors
    # The keys with the ``leftover`` largest remainders get one more quantum each. Find
    # the threshold without sorting every remainder: bucket the remainders (as fractions
    # of a quantum) into len(keys) buckets, walk down from the top bucket, and order
    # exactly only the bucket the threshold falls in.
    buckets_count = len(remainders)
    buckets = [r * buckets_count // denominator for r in remainders]
    counts = [0] * buckets_count
    for bucket in buckets:
        counts[bucket] += 1
    taken = 0
    threshold = buckets_count - 1
    while taken + counts[threshold] < leftover:
        taken += counts[threshold]
        threshold -= 1
    boundary: list[int] = []
    for i, bucket in enumerate(buckets):
        if bucket > threshold:
            floors[i] += 1
        elif bucket == threshold:
            boundary.append(i)
    for i in _tie_order(keys, weights, remainders, boundary)[: leftover - taken]:
        floors[i] += 1
    return floors


def _tie_order(
    keys: Sequence[Any], weights: list[int], remainders: list[int], candidates: list[int]
) -> list[int]:
    """Candidates by larger remainder, then larger weight, then the key that sorts first.

    Keys sort by their own order when it orders every tie. Otherwise (types that do not
    compare with each other, or keys only partly ordered, like sets, where ``sorted``
    would keep the caller's order) they sort by type name, then by their own order
    within a type where that is total, else by ``repr``: never by the caller's order.
    """
    try:
        ordered = sorted(candidates, key=lambda i: (-remainders[i], -weights[i], keys[i]))
        if all(
            keys[a] < keys[b]
            for a, b in itertools.pairwise(ordered)
            if remainders[a] == remainders[b] and weights[a] == weights[b]
        ):
            return ordered
    except TypeError:
        pass
    by_type: dict[str, list[int]] = {}
    for i in candidates:
        by_type.setdefault(type(keys[i]).__name__, []).append(i)
    position: dict[int, int] = {}
    for members in by_type.values():
        try:
            within = sorted(members, key=lambda i: keys[i])
            total = all(keys[a] < keys[b] for a, b in itertools.pairwise(within))
        except TypeError:
            total = False
        if not total:
            within = sorted(members, key=lambda i: repr(keys[i]))
        position.update((i, n) for n, i in enumerate(within))
    return sorted(
        candidates,
        key=lambda i: (-remainders[i], -weights[i], type(keys[i]).__name__, position[i]),
    )
