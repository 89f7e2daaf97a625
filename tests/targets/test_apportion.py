"""Tests for deepmarketing.targets.apportion: exact proportional splits in whole quanta.

The properties compare ``apportion`` with a slow reference written here from the
docstring's definition: exact shares ``total·w/Σw`` (or, with bounds, ``clamp(λ·w, lo,
hi)`` for the one ``λ`` that adds up to the total, found by evaluating the sum at every
breakpoint of ``λ``), then the largest-remainder rule with its tie-break. Small cases are
also checked against every integer allocation there is.
"""

from __future__ import annotations

import decimal
import itertools
import math
from collections.abc import Hashable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from deepmarketing.errors import AllocationError, AmountTypeError, QuantityError
from deepmarketing.targets import apportion
from strategies import (
    SPLIT_QUANTA,
    Split,
    bounded_splits,
    split_quanta,
    split_totals,
    weight_maps,
    weights,
)

Weight = Decimal | int | str

# Exact arithmetic for building inputs; it never reads or changes the process context.
EXACT = decimal.Context(prec=10_000, traps=[decimal.Inexact])


# -- exact values -----------------------------------------------------------------------


def exact(value: Weight) -> Fraction:
    """The exact value of an int, a Decimal or a numeric string."""
    # Decimal(str) is exact whatever the context; Fraction(Decimal) is exact too.
    return Fraction(Decimal(value) if isinstance(value, str) else value)


def in_quanta(value: Weight, quantum: Weight) -> Fraction:
    """``value`` measured in quanta, exactly."""
    return exact(value) / exact(quantum)


def whole_quanta(share: Decimal, quantum: Decimal) -> int:
    """A share as a whole number of quanta (failing the test if it is not one)."""
    steps = in_quanta(share, quantum)
    assert 1 == steps.denominator, f"{share} is not a multiple of {quantum}"
    return steps.numerator


def negated(shares: Mapping[Any, Decimal]) -> dict[Any, Decimal]:
    """Every share with its sign flipped."""
    return {key: -share for key, share in shares.items()}


def mirrored(split: Split) -> Split:
    """The split of the negated total, with the bounds negated and swapped."""
    return Split(
        total=-split.total,
        weights=split.weights,
        quantum=split.quantum,
        minimums=negated(split.maximums),
        maximums=negated(split.minimums),
    )


def call(split: Split) -> dict[Any, Decimal]:
    """``apportion`` on a drawn split."""
    return apportion(
        split.total,
        split.weights,
        quantum=split.quantum,
        minimums=split.minimums,
        maximums=split.maximums,
    )


# -- the reference: exact shares and the largest-remainder rule, written the slow way ---


def _clamp(value: Fraction, low: int, high: int | None) -> Fraction:
    value = max(value, Fraction(low))
    return value if high is None else min(value, Fraction(high))


def _water_fill(
    units: int, weight: dict[Any, Fraction], lows: dict[Any, int], highs: dict[Any, int]
) -> dict[Any, Fraction]:
    """``clamp(λ·w, lo, hi)`` adding up to ``units``, by evaluating every breakpoint (O(n²)).

    A key without a minimum is at least 0, or its maximum if that is below 0.
    """
    lo = {k: lows.get(k, min(0, highs.get(k, 0))) for k in weight}
    hi = {k: highs.get(k) for k in weight}

    def shares_at(lam: Fraction) -> dict[Any, Fraction]:
        return {k: _clamp(lam * w, lo[k], hi[k]) for k, w in weight.items()}

    def total_at(lam: Fraction) -> Fraction:
        return sum(shares_at(lam).values(), Fraction(0))

    points = sorted(
        {Fraction(b) / w for k, w in weight.items() if w for b in (lo[k], hi[k]) if b is not None}
    )
    values = [total_at(p) for p in points]
    assert values[0] <= units, "the reference was given an infeasible split"
    lam: Fraction | None = None
    for (a, fa), (b, fb) in itertools.pairwise(zip(points, values, strict=True)):
        if fa <= units <= fb:  # the sum is linear between breakpoints
            lam = a if fa == fb else a + (units - fa) * (b - a) / (fb - fa)
            break
    if lam is None:  # beyond the last breakpoint only the uncapped keys grow
        growing = sum(w for k, w in weight.items() if w and hi[k] is None)
        lam = points[-1] if values[-1] == units else points[-1] + (units - values[-1]) / growing
    shares = shares_at(lam)
    assert units == sum(shares.values()), "the reference found no λ"
    return shares


def tie_weights(weights: Mapping[Any, Weight]) -> dict[Any, Fraction]:
    """The weights the split works with: all equal when every weight is zero."""
    weight = {k: exact(w) for k, w in weights.items()}
    return weight if any(weight.values()) else dict.fromkeys(weight, Fraction(1))


def exact_shares(
    total: Weight,
    weights: Mapping[Any, Weight],
    *,
    quantum: Weight,
    minimums: Mapping[Any, Weight] | None = None,
    maximums: Mapping[Any, Weight] | None = None,
) -> dict[Any, Fraction]:
    """The exact, unrounded share of every key, in quanta, as the docstring defines it."""
    units = in_quanta(total, quantum)
    assert 1 == units.denominator
    sign = -1 if units < 0 else 1
    lows = {k: math.ceil(in_quanta(v, quantum)) for k, v in (minimums or {}).items()}
    highs = {k: math.floor(in_quanta(v, quantum)) for k, v in (maximums or {}).items()}
    if sign < 0:  # the split of -x is the negated split of x, bounds mirrored
        lows, highs = {k: -h for k, h in highs.items()}, {k: -lo for k, lo in lows.items()}
    weight = tie_weights(weights)
    if lows or highs:
        shares = _water_fill(abs(units.numerator), weight, lows, highs)
    else:
        whole = sum(weight.values())
        shares = {k: abs(units) * w / whole for k, w in weight.items()}
    return {k: sign * share for k, share in shares.items()}


def reference_apportion(
    total: Weight,
    weights: Mapping[Any, Weight],
    *,
    quantum: Decimal,
    minimums: Mapping[Any, Weight] | None = None,
    maximums: Mapping[Any, Weight] | None = None,
) -> dict[Any, Decimal]:
    """Largest remainder on the exact shares; ties to the larger weight, then the first key.

    The keys must be mutually comparable.
    """
    shares = exact_shares(total, weights, quantum=quantum, minimums=minimums, maximums=maximums)
    sign = -1 if exact(total) < 0 else 1
    size = {k: sign * share for k, share in shares.items()}
    floors = {k: math.floor(x) for k, x in size.items()}
    leftover = sign * in_quanta(total, quantum) - sum(floors.values())
    weight = tie_weights(weights)
    order = sorted(size, key=lambda k: (floors[k] - size[k], -weight[k], k))
    up = set(order[: int(leftover)])
    return {k: EXACT.multiply(Decimal(sign * (floors[k] + (k in up))), quantum) for k in weights}


def assert_largest_remainder(
    shares: Mapping[Any, Decimal], exact: Mapping[Any, Fraction], quantum: Decimal
) -> None:
    """Check the largest-remainder rounding of ``shares`` against their exact values.

    Each share is its exact share rounded down or up, and the keys rounded up have
    remainders at least as large as the keys rounded down (measured away from zero).
    """
    sign = -1 if sum(exact.values()) < 0 else 1
    up: list[Fraction] = []
    down: list[Fraction] = []
    for key, share in shares.items():
        size = sign * exact[key]
        steps = sign * whole_quanta(share, quantum)
        assert steps in {math.floor(size), math.ceil(size)}, f"{key!r}: {steps} vs {size}"
        (up if steps > math.floor(size) else down).append(size - math.floor(size))
    if up and down:
        assert min(up) >= max(down)


def allocations(units: int, ranges: list[range]) -> Iterator[tuple[int, ...]]:
    """Every tuple of whole quanta, one from each range, that adds up to ``units``."""
    *head, last = ranges
    for part in itertools.product(*head):
        rest = units - sum(part)
        if rest in last:
            yield (*part, rest)


# -- strategies local to these tests ----------------------------------------------------


@st.composite
def splits(
    draw: st.DrawFn,
    keys: st.SearchStrategy[Hashable] | None = None,
    values: st.SearchStrategy[Weight] | None = None,
    max_keys: int = 30,
    max_steps: int = 10**12,
) -> tuple[Decimal, dict[Any, Weight], Decimal]:
    """(total, weights, quantum) without bounds: any sign, zero included."""
    quantum = draw(split_quanta())
    total = draw(split_totals(quantum, max_steps=max_steps))
    return total, draw(weight_maps(keys, values=values, max_size=max_keys)), quantum


#: Positive scale factors: integers, and Decimals of very different sizes.
factors = st.one_of(
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from(
        [Decimal("0.5"), Decimal("1E-9"), Decimal("3.14159265358979"), Decimal("7E+20")]
    ),
    st.decimals(min_value=Decimal("0.000001"), max_value=10**6, places=6),
)

#: Keys that do not all compare with each other: ints, strs, None, tuples, frozensets
#: (which are only partially ordered, by inclusion).
mixed_keys = st.one_of(
    st.integers(min_value=-3, max_value=12),
    st.text(alphabet="ab", max_size=2),
    st.none(),
    st.tuples(st.integers(min_value=0, max_value=1), st.text(alphabet="ab", max_size=1)),
    st.frozensets(st.integers(min_value=0, max_value=2), max_size=2),
)

#: Weights that tie often.
small_weights = st.integers(min_value=0, max_value=3)


def scaled(weight: Weight, factor: int | Decimal) -> Weight:
    """``weight * factor`` exactly, an int when both are ints."""
    if isinstance(weight, int) and isinstance(factor, int):
        return weight * factor
    return EXACT.multiply(Decimal(weight), Decimal(factor))


# -- properties without bounds ----------------------------------------------------------


@given(splits())
def test_shares_add_up_to_the_total_exactly(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """The shares add up to the total exactly, whatever the weights and the quantum."""
    total, weights, quantum = split
    shares = apportion(total, weights, quantum=quantum)
    assert exact(total) == sum(map(exact, shares.values()))


@given(splits())
def test_every_share_is_a_decimal_multiple_of_the_quantum(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """Every share is a Decimal and a whole number of quanta."""
    total, weights, quantum = split
    shares = apportion(total, weights, quantum=quantum)
    assert {Decimal} == {type(share) for share in shares.values()}
    for share in shares.values():
        assert 1 == in_quanta(share, quantum).denominator


@given(splits())
def test_the_shares_follow_the_order_of_the_weights(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """The result has exactly the keys of the weights, in their order."""
    total, weights, quantum = split
    assert list(weights) == list(apportion(total, weights, quantum=quantum))


@given(splits())
def test_every_share_is_within_one_quantum_of_its_exact_share(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """Without bounds every share is less than one quantum from total·w/Σw."""
    total, weights, quantum = split
    shares = apportion(total, weights, quantum=quantum)
    weight = tie_weights(weights)
    whole = sum(weight.values())
    for key, share in shares.items():
        assert abs(exact(share) - exact(total) * weight[key] / whole) < exact(quantum)


@given(splits())
def test_shares_round_by_largest_remainder(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """Each share is its exact share rounded down or up; the largest remainders go up."""
    total, weights, quantum = split
    shares = apportion(total, weights, quantum=quantum)
    assert_largest_remainder(shares, exact_shares(total, weights, quantum=quantum), quantum)


@given(splits())
def test_shares_match_the_reference_including_ties(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """The split equals the slow reference, tie-break included."""
    total, weights, quantum = split
    expected = reference_apportion(total, weights, quantum=quantum)
    assert expected == apportion(total, weights, quantum=quantum)


@given(splits(values=small_weights, max_keys=12, max_steps=40))
def test_shares_match_the_reference_when_weights_tie_often(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """With small integer weights (many equal remainders) the split equals the reference."""
    total, weights, quantum = split
    expected = reference_apportion(total, weights, quantum=quantum)
    assert expected == apportion(total, weights, quantum=quantum)


@given(splits(), st.data())
def test_the_order_of_the_keys_does_not_matter(
    split: tuple[Decimal, dict[Any, Weight], Decimal], data: st.DataObject
) -> None:
    """Shuffling the weights gives every key the same share."""
    total, weights, quantum = split
    shuffled = dict(data.draw(st.permutations(list(weights.items()))))
    expected = apportion(total, weights, quantum=quantum)
    actual = apportion(total, shuffled, quantum=quantum)
    assert expected == actual
    assert list(shuffled) == list(actual)


@given(splits(), factors)
def test_scaling_every_weight_does_not_matter(
    split: tuple[Decimal, dict[Any, Weight], Decimal], factor: int | Decimal
) -> None:
    """Multiplying every weight by the same positive number changes no share."""
    total, weights, quantum = split
    bigger = {key: scaled(weight, factor) for key, weight in weights.items()}
    assert apportion(total, weights, quantum=quantum) == apportion(total, bigger, quantum=quantum)


@given(splits())
def test_a_zero_weight_gets_zero(split: tuple[Decimal, dict[Any, Weight], Decimal]) -> None:
    """A key whose weight is zero gets nothing when some other key has weight."""
    total, weights, quantum = split
    assume(any(exact(w) for w in weights.values()))
    shares = apportion(total, weights, quantum=quantum)
    assert {k: Decimal(0) for k, w in weights.items() if not exact(w)} == {
        k: shares[k] for k, w in weights.items() if not exact(w)
    }


@given(
    split_quanta().flatmap(lambda q: st.tuples(st.just(q), split_totals(q))),
    weight_maps(values=st.sampled_from([0, Decimal(0), Decimal("0.000"), "0", "0.00"])),
)
def test_all_zero_weights_split_evenly(
    quantum_and_total: tuple[Decimal, Decimal], weights: dict[Any, Weight]
) -> None:
    """All-zero weights split the total evenly: shares differ by at most one quantum."""
    quantum, total = quantum_and_total
    shares = apportion(total, weights, quantum=quantum)
    assert exact(total) == sum(map(exact, shares.values()))
    assert max(shares.values()) - min(shares.values()) <= quantum
    assert apportion(total, dict.fromkeys(weights, 1), quantum=quantum) == shares


@given(splits())
def test_a_negative_total_is_the_negated_split_of_the_positive_total(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """The split of -x is the negated split of x."""
    total, weights, quantum = split
    expected = negated(apportion(total, weights, quantum=quantum))
    assert expected == apportion(-total, weights, quantum=quantum)


@given(splits(values=weights(max_places=40)))
def test_a_string_weight_counts_as_its_decimal(
    split: tuple[Decimal, dict[Any, Weight], Decimal],
) -> None:
    """A weight written as a string, an int or a Decimal of the same value splits the same."""
    total, weights, quantum = split
    as_strings = {k: f"{Decimal(w):f}" for k, w in weights.items()}
    assert apportion(total, weights, quantum=quantum) == apportion(
        total, as_strings, quantum=quantum
    )


# -- properties with bounds -------------------------------------------------------------


@given(bounded_splits())
def test_bounded_shares_add_up_to_the_total_exactly(split: Split) -> None:
    """With bounds the shares still add up to the total exactly."""
    shares = call(split)
    assert exact(split.total) == sum(map(exact, shares.values()))
    for share in shares.values():
        assert 1 == in_quanta(share, split.quantum).denominator


@given(bounded_splits())
def test_every_share_is_within_its_bounds_rounded_inward(split: Split) -> None:
    """Every share lies in [ceil(minimum), floor(maximum)], counted in quanta."""
    shares = call(split)
    for key, share in shares.items():
        steps = whole_quanta(share, split.quantum)
        if key in split.minimums:
            assert math.ceil(in_quanta(split.minimums[key], split.quantum)) <= steps
        if key in split.maximums:
            assert steps <= math.floor(in_quanta(split.maximums[key], split.quantum))


@given(bounded_splits())
def test_bounded_shares_round_the_water_filled_shares_by_largest_remainder(split: Split) -> None:
    """Each share rounds its water-filled exact share down or up, largest remainders up."""
    shares = call(split)
    exact = exact_shares(
        split.total,
        split.weights,
        quantum=split.quantum,
        minimums=split.minimums,
        maximums=split.maximums,
    )
    assert_largest_remainder(shares, exact, split.quantum)


@given(bounded_splits(max_keys=12))
def test_bounded_shares_match_the_reference(split: Split) -> None:
    """With bounds the split equals the slow water-filling reference, tie-break included."""
    expected = reference_apportion(
        split.total,
        split.weights,
        quantum=split.quantum,
        minimums=split.minimums,
        maximums=split.maximums,
    )
    assert expected == call(split)


@given(bounded_splits(values=small_weights, max_keys=10))
def test_bounded_shares_match_the_reference_when_weights_tie_often(split: Split) -> None:
    """With bounds and small integer weights the split equals the reference."""
    expected = reference_apportion(
        split.total,
        split.weights,
        quantum=split.quantum,
        minimums=split.minimums,
        maximums=split.maximums,
    )
    assert expected == call(split)


@given(bounded_splits())
def test_a_zero_weight_gets_zero_unless_its_bounds_say_otherwise(split: Split) -> None:
    """A zero-weight key gets 0, or the nearest bound when 0 lies outside its bounds."""
    assume(any(exact(w) for w in split.weights.values()))
    shares = call(split)
    for key, weight in split.weights.items():
        if exact(weight):
            continue
        low = split.minimums.get(key)
        high = split.maximums.get(key)
        expected = 0
        if low is not None:
            expected = max(expected, math.ceil(in_quanta(low, split.quantum)))
        if high is not None:
            expected = min(expected, math.floor(in_quanta(high, split.quantum)))
        assert expected == whole_quanta(shares[key], split.quantum)


@given(bounded_splits(), st.data())
def test_the_order_of_the_keys_does_not_matter_with_bounds(
    split: Split, data: st.DataObject
) -> None:
    """Shuffling the weights and the bounds gives every key the same share."""

    def shuffle(mapping: dict[Any, Any]) -> dict[Any, Any]:
        return dict(data.draw(st.permutations(list(mapping.items()))))

    shuffled = Split(
        total=split.total,
        weights=shuffle(split.weights),
        quantum=split.quantum,
        minimums=shuffle(split.minimums),
        maximums=shuffle(split.maximums),
    )
    assert call(split) == call(shuffled)


@given(bounded_splits(), factors)
def test_scaling_every_weight_does_not_matter_with_bounds(
    split: Split, factor: int | Decimal
) -> None:
    """Multiplying every weight by the same positive number changes no bounded share."""
    bigger = split._replace(
        weights={key: scaled(weight, factor) for key, weight in split.weights.items()}
    )
    assert call(split) == call(bigger)


@given(bounded_splits())
def test_a_negative_total_mirrors_the_bounds(split: Split) -> None:
    """The split of -x with bounds [-max, -min] is the negated split of x with [min, max]."""
    assume(split.total != 0)  # at zero the positive rules apply to both
    assert negated(call(split)) == call(mirrored(split))


# -- brute force on small cases ---------------------------------------------------------


def assert_nearest_allocation(split: Split) -> None:
    """Check the split against every allocation within the bounds, enumerated.

    The split must be one of those nearest the exact shares (the smallest largest
    deviation), and round by largest remainder.

    Keys without a minimum (for a positive total) or without a maximum (for a negative one)
    are bounded by zero, as in ``apportion``; the other side is bounded by the total.
    """
    quantum = split.quantum
    units = whole_quanta(split.total, quantum)
    lows = {k: math.ceil(in_quanta(v, quantum)) for k, v in split.minimums.items()}
    highs = {k: math.floor(in_quanta(v, quantum)) for k, v in split.maximums.items()}
    keys = list(split.weights)
    if units >= 0:
        lo = {k: lows.get(k, min(0, highs.get(k, 0))) for k in keys}
        spare = units - sum(lo.values())
        hi = {k: highs.get(k, lo[k] + spare) for k in keys}
    else:
        hi = {k: highs.get(k, max(0, lows.get(k, 0))) for k in keys}
        spare = sum(hi.values()) - units
        lo = {k: lows.get(k, hi[k] - spare) for k in keys}
    shares = call(split)
    exact = exact_shares(
        split.total,
        split.weights,
        quantum=quantum,
        minimums=split.minimums,
        maximums=split.maximums,
    )

    def deviation(steps: tuple[int, ...]) -> Fraction:
        return max(abs(s - exact[k]) for k, s in zip(keys, steps, strict=True))

    candidates = list(allocations(units, [range(lo[k], hi[k] + 1) for k in keys]))
    actual = tuple(whole_quanta(shares[k], quantum) for k in keys)
    assert actual in candidates
    assert min(map(deviation, candidates)) == deviation(actual)
    assert_largest_remainder(shares, exact, quantum)


@given(st.integers(min_value=-12, max_value=12), weight_maps(max_size=4), split_quanta())
def test_brute_force_without_bounds(
    steps: int, weights: dict[Any, Weight], quantum: Decimal
) -> None:
    """Of every allocation of at most 12 quanta, the split is one nearest the exact shares."""
    total = EXACT.multiply(Decimal(steps), quantum)
    assert_nearest_allocation(
        Split(total=total, weights=weights, quantum=quantum, minimums={}, maximums={})
    )


@given(bounded_splits(max_keys=4, max_steps=8))
def test_brute_force_with_bounds(split: Split) -> None:
    """Of every allocation within the bounds, the split is one nearest the exact shares."""
    assume(whole_quanta(split.total, split.quantum) <= 12)
    assert_nearest_allocation(split)


@given(bounded_splits(max_keys=4, max_steps=8))
def test_brute_force_with_bounds_and_a_negative_total(split: Split) -> None:
    """The same for negative totals, whose bounds are the mirror image."""
    assume(0 < whole_quanta(split.total, split.quantum) <= 12)
    assert_nearest_allocation(mirrored(split))


# -- the tie-break ----------------------------------------------------------------------


def test_equal_remainders_go_to_the_larger_weight() -> None:
    """Of two keys with the same remainder, the one with the larger weight rounds up."""
    assert {"a": Decimal(0), "z": Decimal(2)} == apportion(2, {"a": 1, "z": 3})
    assert {"x": Decimal(2), "y": Decimal(8)} == apportion(10, {"x": 1, "y": 3})


def test_equal_remainders_and_weights_go_to_the_key_that_sorts_first() -> None:
    """Of keys with the same remainder and weight, the one that sorts first rounds up."""
    assert {"b": Decimal(0), "a": Decimal(1), "c": Decimal(0)} == apportion(
        1, {"b": 1, "a": 1, "c": 1}
    )
    assert {"c": Decimal(0), "b": Decimal(1), "a": Decimal(1)} == apportion(
        2, {"c": 5, "b": 5, "a": 5}
    )


def test_the_larger_weight_comes_before_the_key_order() -> None:
    """Weight decides before the key: 'b' outweighs 'a' at equal remainders."""
    shares = apportion(4, {"a": 1, "b": 2, "c": 2, "d": 1})  # exact 2/3, 4/3, 4/3, 2/3
    assert {"a": Decimal(1), "b": Decimal(1), "c": Decimal(1), "d": Decimal(1)} == shares
    shares = apportion(3, {"a": 1, "b": 3})  # exact 0.75, 2.25: remainders differ
    assert {"a": Decimal(1), "b": Decimal(2)} == shares


def test_cents_go_to_the_first_key_in_sort_order_not_in_mapping_order() -> None:
    """The odd cent of 100.00 over three equal keys goes to 'east', wherever it stands."""
    expected = {"west": Decimal("33.33"), "north": Decimal("33.33"), "east": Decimal("33.34")}
    actual = apportion("100.00", {"west": 1, "north": 1, "east": 1}, quantum=Decimal("0.01"))
    assert expected == actual
    assert "Decimal('33.34')" == repr(actual["east"])


def test_integer_keys_tie_in_numeric_order() -> None:
    """Integer keys break ties by their own order: 2 before 9 before 10 before 100."""
    expected = {10: Decimal(1), 9: Decimal(1), 100: Decimal(0), 2: Decimal(1)}
    assert expected == apportion(3, {10: 1, 9: 1, 100: 1, 2: 1})


def test_ties_among_mixed_ints_and_strs_use_each_type_s_own_order() -> None:
    """With ints and strs tied, ints sort numerically among themselves (2 before 10)."""
    weights: dict[int | str, int] = {10: 1, "b": 1, 2: 1, "a": 1, 1: 1}
    expected = {10: Decimal(0), "b": Decimal(0), 2: Decimal(1), "a": Decimal(0), 1: Decimal(1)}
    assert expected == apportion(2, weights)
    assert expected == apportion(2, dict(reversed(weights.items())))


def test_ties_among_partially_ordered_keys_do_not_depend_on_key_order() -> None:
    """Frozenset keys (ordered only by inclusion) still tie-break the same in any order."""
    one, two = frozenset({1}), frozenset({2})
    assert apportion(1, {one: 1, two: 1}) == apportion(1, {two: 1, one: 1})
    assert apportion(3, {one: 1, two: 1, None: 1, "x": 1, 7: 1}) == apportion(
        3, {7: 1, "x": 1, None: 1, two: 1, one: 1}
    )


@given(
    st.integers(min_value=-40, max_value=40),
    weight_maps(mixed_keys, values=small_weights, max_size=12),
    st.data(),
)
def test_ties_among_keys_that_do_not_compare_do_not_depend_on_key_order(
    total: int, weights: dict[Any, int], data: st.DataObject
) -> None:
    """Keys of mixed types get the same shares however they are ordered, every time."""
    shuffled = dict(data.draw(st.permutations(list(weights.items()))))
    expected = apportion(total, weights)
    assert expected == apportion(total, weights)
    assert expected == apportion(total, shuffled)
    assert total == sum(expected.values())


@given(
    st.integers(min_value=0, max_value=12),
    weight_maps(
        st.frozensets(st.integers(min_value=0, max_value=3), max_size=3),
        values=small_weights,
        max_size=8,
    ),
    st.data(),
)
def test_ties_among_sets_do_not_depend_on_key_order(
    total: int, weights: dict[Any, int], data: st.DataObject
) -> None:
    """Set keys, ordered only by inclusion, get the same shares however they are ordered."""
    shuffled = dict(data.draw(st.permutations(list(weights.items()))))
    assert apportion(total, weights) == apportion(total, shuffled)


@given(
    st.lists(st.integers(min_value=-50, max_value=50), unique=True, max_size=6),
    st.lists(st.text(alphabet="abcxyz", min_size=1, max_size=3), unique=True, max_size=6),
    st.integers(min_value=0, max_value=12),
)
def test_equal_ints_and_strs_round_up_in_type_then_own_order(
    ints: list[int], strs: list[str], total: int
) -> None:
    """With equal weights the leftover goes to the ints in order, then to the strs in order."""
    keys: list[int | str] = [*ints, *strs]
    assume(keys)
    ranked = [*sorted(ints), *sorted(strs)]
    base, leftover = divmod(total, len(keys))
    expected = {k: Decimal(base + (k in ranked[:leftover])) for k in reversed(keys)}
    assert expected == apportion(total, dict.fromkeys(reversed(keys), 1))


# -- examples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "quantum", "expected"),
    [
        ("1.00", {"a": 1, "b": 1, "c": 1}, "0.05", {"a": "0.35", "b": "0.35", "c": "0.30"}),
        (1500, {"a": 1, "b": 1}, 500, {"a": "1000", "b": "500"}),
        ("0.010", {"a": 2, "b": 1}, "0.001", {"a": "0.007", "b": "0.003"}),
        (10, {"a": "0.0000000000000000000000001", "b": "3E-25"}, 1, {"a": "2", "b": "8"}),
        (1, {"a": 10**30, "b": "1E-30"}, 1, {"a": "1", "b": "0"}),
        (7, {"a": Decimal("2.50"), "b": "2.5", "c": 0}, 1, {"a": "4", "b": "3", "c": "0"}),
        (0, {"a": 1, "b": 2}, "0.01", {"a": "0", "b": "0"}),
        (-7, {"a": 1, "b": 1}, 1, {"a": "-4", "b": "-3"}),
        (
            "-100.00",
            {"a": 1, "b": 1, "c": 1},
            "0.01",
            {"a": "-33.34", "b": "-33.33", "c": "-33.33"},
        ),
    ],
)
def test_worked_examples(
    total: Weight, weights: dict[str, Weight], quantum: Weight, expected: dict[str, str]
) -> None:
    """Hand-computed splits over different quanta and ways of writing weights."""
    assert {k: Decimal(v) for k, v in expected.items()} == apportion(
        total, weights, quantum=Decimal(quantum)
    )


@pytest.mark.parametrize(
    ("total", "weights", "bounds", "expected"),
    [
        (100, {"a": 8, "b": 1, "c": 1}, {"maximums": {"a": 50}}, {"a": 50, "b": 25, "c": 25}),
        (5, {"a": 1, "b": 1, "c": 2}, {"maximums": {"c": 2}}, {"a": 2, "b": 1, "c": 2}),
        (10, {"a": 0, "b": 1}, {"minimums": {"a": 3}}, {"a": 3, "b": 7}),
        (100, {"a": 1, "b": 0}, {"minimums": {"b": 50}, "maximums": {"a": 50}}, {"a": 50, "b": 50}),
        (10, {"a": 1, "b": 1}, {"minimums": {"a": "7.2"}}, {"a": 8, "b": 2}),
        (10, {"a": 1, "b": 1}, {"maximums": {"a": "2.9"}}, {"a": 2, "b": 8}),
        (10, {"a": 0, "b": 0}, {"minimums": {"a": 8}}, {"a": 8, "b": 2}),
        (-10, {"a": 1, "b": 1}, {"maximums": {"a": -8}}, {"a": -8, "b": -2}),
        (-10, {"a": 1, "b": 1}, {"minimums": {"a": 5}}, {"a": 5, "b": -15}),
        (10, {"a": 1, "b": 1}, {"maximums": {"a": -5}}, {"a": -5, "b": 15}),
        # A zero-weight key keeps 0 while its bounds allow it ...
        (10, {"a": 0, "b": 1}, {"minimums": {"a": -3}}, {"a": 0, "b": 10}),
        (-10, {"a": 0, "b": 1}, {"maximums": {"a": 3}}, {"a": 0, "b": -10}),
        # ... and the nearest bound when they do not.
        (10, {"a": 0, "b": 1}, {"maximums": {"a": -5}}, {"a": -5, "b": 15}),
        (-10, {"a": 0, "b": 1}, {"minimums": {"a": 5}}, {"a": 5, "b": -15}),
    ],
)
def test_worked_examples_with_bounds(
    total: int, weights: dict[str, int], bounds: dict[str, Any], expected: dict[str, int]
) -> None:
    """Hand-computed splits with minimums and maximums, of either sign."""
    assert {k: Decimal(v) for k, v in expected.items()} == apportion(total, weights, **bounds)


def test_empty_weights_with_a_zero_total_give_an_empty_split() -> None:
    """Nothing to split among no keys is an empty split."""
    assert {} == apportion(0, {})
    assert {} == apportion(Decimal("0.00"), {}, quantum=Decimal("0.01"))


# -- errors -----------------------------------------------------------------------------


def raises_allocation_error(*args: Any, **kwargs: Any) -> AllocationError:
    """Call apportion, expecting an AllocationError (a ValueError), and return it."""
    with pytest.raises(AllocationError) as info:
        apportion(*args, **kwargs)
    assert isinstance(info.value, ValueError)
    return info.value


@given(
    split_quanta().flatmap(lambda q: st.tuples(st.just(q), split_totals(q))),
    st.sampled_from([Decimal("0.0001"), Decimal("-0.0001"), Decimal("0.0005")]),
    weight_maps(max_size=5),
)
def test_a_total_that_is_not_a_multiple_of_the_quantum_is_refused(
    quantum_and_total: tuple[Decimal, Decimal], off: Decimal, weights: dict[Any, Weight]
) -> None:
    """A total between two multiples of the quantum raises, naming the quantum and total."""
    quantum, total = quantum_and_total
    wrong = EXACT.add(total, off)
    error = raises_allocation_error(wrong, weights, quantum=quantum)
    assert f"expected a multiple of the quantum {quantum}, got {wrong}" in str(error)


def test_a_total_off_the_quantum_is_refused_even_without_keys() -> None:
    """'10.005' is not a whole number of cents, whatever it is split among."""
    error = raises_allocation_error("10.005", {}, quantum=Decimal("0.01"))
    assert "multiple of the quantum 0.01, got 10.005" in str(error)


@given(weight_maps(max_size=6), st.data())
def test_a_negative_weight_is_refused_naming_the_key(
    weights: dict[Any, Weight], data: st.DataObject
) -> None:
    """A weight below zero raises, naming the key and the weight."""
    key = data.draw(st.sampled_from(list(weights)))
    bad = data.draw(st.sampled_from([-1, Decimal("-0.001"), "-2.5", "-1E-20"]))
    error = raises_allocation_error(10, {**weights, key: bad})
    assert f"weight of {key!r} is {bad}" in str(error)
    assert "non-negative" in str(error)


@pytest.mark.parametrize("bound", ["minimums", "maximums"])
@pytest.mark.parametrize("total", [0, 10])
def test_a_bound_for_a_key_without_weight_is_refused(bound: str, total: int) -> None:
    """A bound naming a key that is not among the weights raises, naming that key."""
    error = raises_allocation_error(total, {"a": 1}, **{bound: {"a": 1, "ghost": 1}})
    assert "bounds name keys without a weight: 'ghost'" in str(error)


@pytest.mark.parametrize("bound", ["minimums", "maximums"])
def test_a_bound_among_no_weights_is_refused(bound: str) -> None:
    """Even with nothing to split, a bound naming a key without weight raises."""
    error = raises_allocation_error(0, {}, **{bound: {"ghost": 1}})
    assert "'ghost'" in str(error)


def test_a_minimum_above_its_maximum_is_refused_naming_the_key() -> None:
    """A key whose minimum exceeds its maximum raises, naming the key and both bounds."""
    error = raises_allocation_error(
        10, {"a": 1, "b": 1}, minimums={"b": 7}, maximums={"a": 9, "b": 5}
    )
    assert "minimum of 'b' (7) is above its maximum (5)" in str(error)


def test_bounds_that_cross_once_rounded_inward_are_refused() -> None:
    """5.5 to 5.9 holds no whole number: the minimum rounds up past the maximum."""
    error = raises_allocation_error(
        10, {"a": 1, "b": 1}, minimums={"a": "5.5"}, maximums={"a": "5.9"}
    )
    assert "minimum of 'a' (6) is above its maximum (5)" in str(error)


def test_minimums_above_the_total_are_refused() -> None:
    """Minimums adding up to more than the total raise, saying both figures."""
    error = raises_allocation_error(100, {"a": 1, "b": 1}, minimums={"a": 70, "b": 40})
    assert (
        "split of 100: the minimums add up to 110, more than the total; expected at most 100"
        == str(error)
    )
    assert "split of 100" == error.record


def test_maximums_below_the_total_are_refused() -> None:
    """Maximums adding up to less than the total raise, saying both figures."""
    error = raises_allocation_error(100, {"a": 1, "b": 1}, maximums={"a": 50, "b": 40})
    assert "the maximums add up to 90, less than the total; expected at least 100" in str(error)


def test_negative_total_errors_name_the_bounds_the_caller_gave() -> None:
    """For a negative total the message names the caller's own bounds and figures."""
    error = raises_allocation_error(-100, {"a": 1, "b": 1}, maximums={"a": -70, "b": -40})
    assert "the maximums add up to -110, less than the total; expected at least -100" in str(error)
    error = raises_allocation_error(-100, {"a": 1, "b": 1}, minimums={"a": -20, "b": -40})
    assert "the minimums add up to -60, more than the total; expected at most -100" in str(error)
    error = raises_allocation_error(-100, {"a": 1, "b": 0}, minimums={"a": -50})
    assert "the keys with weight can take at least -50 within their minimums" in str(error)


@given(weight_maps(max_size=8), st.data())
def test_any_total_below_the_minimums_is_refused(
    weights: dict[Any, Weight], data: st.DataObject
) -> None:
    """Whenever non-negative minimums add up to more than the total, the split raises."""
    minimums = {k: data.draw(st.integers(min_value=0, max_value=20)) for k in weights}
    assume(sum(minimums.values()) > 0)
    total = data.draw(st.integers(min_value=0, max_value=sum(minimums.values()) - 1))
    error = raises_allocation_error(total, weights, minimums=minimums)
    assert f"the minimums add up to {sum(minimums.values())}, more than the total" in str(error)


@given(weight_maps(max_size=8), st.data())
def test_any_total_above_the_maximums_is_refused(
    weights: dict[Any, Weight], data: st.DataObject
) -> None:
    """Whenever every key has a maximum and they add up to less than the total, it raises."""
    maximums = {k: data.draw(st.integers(min_value=0, max_value=20)) for k in weights}
    total = data.draw(st.integers(min_value=sum(maximums.values()) + 1, max_value=200))
    error = raises_allocation_error(total, weights, maximums=maximums)
    assert f"the maximums add up to {sum(maximums.values())}, less than the total" in str(error)


@pytest.mark.parametrize(
    ("weights", "bounds", "room"),
    [
        ({"a": 1, "b": 0}, {"maximums": {"a": 50}}, "50"),
        ({"a": 1, "b": 0}, {"minimums": {"b": 20}, "maximums": {"a": 50}}, "70"),
        ({"a": 1, "b": 2, "c": 0}, {"maximums": {"a": 10, "b": 30}}, "40"),
    ],
)
def test_capped_weighted_keys_that_zero_weight_keys_cannot_relieve_are_refused(
    weights: dict[str, int], bounds: dict[str, Any], room: str
) -> None:
    """When the keys with weight hit their maximums, zero-weight keys do not take the rest."""
    error = raises_allocation_error(100, weights, **bounds)
    assert f"the keys with weight can take at most {room} within their maximums" in str(error)
    assert "zero-weight keys" in str(error)


def test_a_non_zero_total_among_no_keys_is_refused() -> None:
    """Something to split among no keys raises."""
    error = raises_allocation_error(5, {})
    assert "no keys to split a non-zero total among" in str(error)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1.0, {"a": 1}), {}),
        ((1, {"a": 1.0}), {}),
        ((1, {"a": 1, "b": 0.5}), {}),
        ((1, {"a": 1}), {"quantum": 0.5}),
        ((1, {"a": 1}), {"minimums": {"a": 0.0}}),
        ((1, {"a": 1}), {"maximums": {"a": 5.0}}),
    ],
)
def test_a_float_anywhere_is_refused(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A float as total, weight, quantum or bound raises AmountTypeError, a TypeError."""
    with pytest.raises(AmountTypeError, match="float") as info:
        apportion(*args, **kwargs)
    assert isinstance(info.value, TypeError)


def test_a_bool_weight_is_refused() -> None:
    """True is not a weight."""
    with pytest.raises(AmountTypeError, match="bool"):
        apportion(1, {"a": True})


def test_a_weight_that_is_not_a_number_is_refused() -> None:
    """A string that is not a number raises a QuantityError naming the key."""
    with pytest.raises(QuantityError, match="weight of 'a'"):
        apportion(1, {"a": "lots"})


@pytest.mark.parametrize("quantum", [0, -1, Decimal("-0.01"), "0", Decimal("0E-5")])
def test_a_quantum_that_is_not_positive_is_refused(quantum: Weight) -> None:
    """A zero or negative quantum raises QuantityError, a ValueError."""
    with pytest.raises(QuantityError, match="expected a positive quantum") as info:
        apportion(0, {"a": 1}, quantum=quantum)
    assert isinstance(info.value, ValueError)


def test_the_quanta_under_test_are_the_ones_the_issue_names() -> None:
    """The strategies draw every quantum of the issue: 1, 0.01, 0.05, 0.001 and 500."""
    assert {Decimal(q) for q in ("1", "0.01", "0.05", "0.001", "500")} == set(SPLIT_QUANTA)
