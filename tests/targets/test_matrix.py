"""Tests for deepmarketing.targets._matrix: controlled rounding of a two-way table."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from deepmarketing.errors import AllocationError, AmountTypeError, QuantityError
from deepmarketing.targets._matrix import _round_controlled, apportion_matrix

WEIGHT_VALUES = tuple(Decimal(w) for w in ("1", "2", "3", "5", "0.5", "0.25", "7", "10"))
#: The rounding steps tests/strategies.py's ``quanta()`` draws (kept here so this file does
#: not depend on that shared module while it is being edited).
QUANTA = tuple(Decimal(q) for q in ("0.001", "0.01", "0.05", "0.25", "1", "10", "500"))
SCALES = tuple(Decimal(s) for s in ("0.001", "2.5", "3", "7", "1000000"))


def quanta() -> st.SearchStrategy[Decimal]:
    """Positive rounding steps, powers of ten and others (0.05, 0.25, 500)."""
    return st.sampled_from(QUANTA)


# -- helpers ----------------------------------------------------------------------------


def units(value: Decimal, quantum: Decimal) -> Fraction:
    """A value counted in quanta, exactly (no decimal context involved)."""
    return Fraction(value) / Fraction(quantum)


def margins(table: Sequence[Sequence[int]]) -> tuple[list[int], list[int]]:
    """Row sums and column sums of an integer table."""
    return [sum(row) for row in table], [sum(col) for col in zip(*table, strict=True)]


def as_input(
    rtot: Sequence[int], ctot: Sequence[int], quantum: Decimal
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Row and column totals keyed 'r0'.. and 'c0'.., as multiples of ``quantum``."""
    rows = {f"r{i}": quantum * r for i, r in enumerate(rtot)}
    cols = {f"c{j}": quantum * c for j, c in enumerate(ctot)}
    return rows, cols


def grid(
    result: Mapping[tuple[str, str], Decimal], n: int, m: int, quantum: Decimal
) -> list[list[Fraction]]:
    """The result as a table of quanta, rows r0.. and columns c0.."""
    return [[units(result[f"r{i}", f"c{j}"], quantum) for j in range(m)] for i in range(n)]


def float_ipf(
    rtot: Sequence[int], ctot: Sequence[int], weights: Sequence[Sequence[float]]
) -> list[list[float]]:
    """Plain iterative proportional fitting in floats (independent of the library's)."""
    n, m = len(rtot), len(ctot)
    x = [[float(w) for w in row] for row in weights]
    scale = max(1, sum(rtot))
    for _ in range(20_000):
        for i in range(n):
            s = sum(x[i])
            if s:
                x[i] = [v * rtot[i] / s for v in x[i]]
        for j in range(m):
            s = sum(x[i][j] for i in range(n))
            if s:
                for i in range(n):
                    x[i][j] = x[i][j] * ctot[j] / s
        error = max(abs(sum(x[i]) - rtot[i]) for i in range(n))
        if error < 1e-12 * scale:
            return x
    assume(condition=False)  # pragma: no cover - the test's own IPF is too slow for this table
    return x  # pragma: no cover


def hall_feasible(rtot: Sequence[int], ctot: Sequence[int], support: set[tuple[int, int]]) -> bool:
    """Whether some non-negative table on ``support`` has these margins (supply-demand)."""
    n = len(rtot)
    for mask in range(1, 2**n):
        chosen = [i for i in range(n) if mask >> i & 1]
        reach = {j for i, j in support if i in chosen}
        if sum(rtot[i] for i in chosen) > sum(ctot[j] for j in reach):
            return False
    return True


def allowed(x: Fraction | float, tolerance: float = 0.0) -> set[int]:
    """The values a rounding of ``x`` may take: x itself if whole, else floor and ceiling."""
    nearest = round(x)
    if abs(x - nearest) <= tolerance:
        return {nearest}
    return {math.floor(x), math.ceil(x)}


# -- strategies -------------------------------------------------------------------------


@st.composite
def integer_tables(
    draw: st.DrawFn, *, max_rows: int = 4, max_cols: int = 4, max_cell: int = 30
) -> list[list[int]]:
    """A non-negative integer table; its margins are every consistent pair of margins."""
    n = draw(st.integers(1, max_rows))
    m = draw(st.integers(1, max_cols))
    cell = st.integers(0, max_cell)
    return [[draw(cell) for _ in range(m)] for _ in range(n)]


@st.composite
def weighted_problems(
    draw: st.DrawFn, *, strict: bool, max_rows: int = 4, max_cols: int = 4, max_cell: int = 30
) -> tuple[list[int], list[int], list[list[Decimal]]]:
    """Margins and weights with structural zeros that the margins can meet.

    The margins are those of a witness table that is zero wherever the weight is zero;
    with ``strict`` it is positive wherever the weight is positive, so a biproportional
    fit with exactly that support exists (and plain IPF converges fast).
    """
    n = draw(st.integers(1, max_rows))
    m = draw(st.integers(1, max_cols))
    weights = [
        [
            draw(st.sampled_from(WEIGHT_VALUES)) if draw(st.booleans()) else Decimal(0)
            for _ in range(m)
        ]
        for _ in range(n)
    ]
    low = 1 if strict else 0
    witness = [[draw(st.integers(low, max_cell)) if w else 0 for w in row] for row in weights]
    rtot, ctot = margins(witness)
    return rtot, ctot, weights


def weight_map(weights: Sequence[Sequence[Decimal]]) -> dict[tuple[str, str], Decimal]:
    """The positive weights keyed ('r0', 'c0').. (zero cells left out)."""
    return {(f"r{i}", f"c{j}"): w for i, row in enumerate(weights) for j, w in enumerate(row) if w}


# -- properties: independence -----------------------------------------------------------


@given(integer_tables(), quanta())
def test_independent_rows_and_columns_add_up_exactly(
    table: list[list[int]], quantum: Decimal
) -> None:
    """Every row adds up to its row total and every column to its column total."""
    rtot, ctot = margins(table)
    rows, cols = as_input(rtot, ctot, quantum)
    got = grid(apportion_matrix(rows, cols, quantum=quantum), len(rtot), len(ctot), quantum)
    assert (rtot, ctot) == margins(got)


@given(integer_tables(), quanta())
def test_independent_cells_are_whole_quanta_within_one_of_exact(
    table: list[list[int]], quantum: Decimal
) -> None:
    """Each cell is a multiple of the quantum and the exact r*c/g rounded down or up."""
    rtot, ctot = margins(table)
    rows, cols = as_input(rtot, ctot, quantum)
    grand = sum(rtot)
    got = grid(apportion_matrix(rows, cols, quantum=quantum), len(rtot), len(ctot), quantum)
    for i, r in enumerate(rtot):
        for j, c in enumerate(ctot):
            cell = got[i][j]
            assert 1 == cell.denominator
            exact = Fraction(r * c, grand) if grand else Fraction(0)
            assert int(cell) in allowed(exact)


@given(integer_tables(max_cell=3), quanta(), st.data())
def test_result_does_not_depend_on_the_order_of_keys(
    table: list[list[int]], quantum: Decimal, data: st.DataObject
) -> None:
    """Shuffling the rows, the columns and the weights gives the same table."""
    rtot, ctot = margins(table)
    rows, cols = as_input(rtot, ctot, quantum)
    weights = {(r, c): 1 + (i + 2 * j) % 3 for i, r in enumerate(rows) for j, c in enumerate(cols)}
    shuffled_rows = dict(data.draw(st.permutations(list(rows.items()))))
    shuffled_cols = dict(data.draw(st.permutations(list(cols.items()))))
    shuffled_weights = dict(data.draw(st.permutations(list(weights.items()))))
    assert apportion_matrix(rows, cols, quantum=quantum) == apportion_matrix(
        shuffled_rows, shuffled_cols, quantum=quantum
    )
    assert apportion_matrix(rows, cols, weights, quantum=quantum) == apportion_matrix(
        shuffled_rows, shuffled_cols, shuffled_weights, quantum=quantum
    )


@given(integer_tables())
def test_equal_weights_give_the_independent_table(table: list[list[int]]) -> None:
    """Constant weights fit to r*c/g, so they round like no weights at all."""
    rtot, ctot = margins(table)
    rows, cols = as_input(rtot, ctot, Decimal(1))
    assert apportion_matrix(rows, cols) == apportion_matrix(rows, cols, lambda r, c: 4)


@given(integer_tables(), quanta())
def test_result_is_keyed_row_major_in_input_order(table: list[list[int]], quantum: Decimal) -> None:
    """Every (row, col) pair comes back, zeros included, rows first in the given order."""
    rtot, ctot = margins(table)
    rows, cols = as_input(rtot[::-1], ctot[::-1], quantum)
    result = apportion_matrix(rows, cols, quantum=quantum)
    assert [(r, c) for r in rows for c in cols] == list(result)


# -- properties: weights ----------------------------------------------------------------


@given(weighted_problems(strict=False), quanta())
def test_weighted_margins_quanta_and_structural_zeros(
    problem: tuple[list[int], list[int], list[list[Decimal]]], quantum: Decimal
) -> None:
    """With zero weights the margins still hold exactly and zero-weight cells stay zero."""
    rtot, ctot, weights = problem
    rows, cols = as_input(rtot, ctot, quantum)
    result = apportion_matrix(rows, cols, weight_map(weights), quantum=quantum)
    got = grid(result, len(rtot), len(ctot), quantum)
    assert (rtot, ctot) == margins(got)
    assert all(cell.denominator == 1 for row in got for cell in row)
    for i, row in enumerate(weights):
        for j, w in enumerate(row):
            if not w:
                assert 0 == got[i][j]


@given(weighted_problems(strict=True), quanta())
def test_weighted_cells_round_the_biproportional_fit(
    problem: tuple[list[int], list[int], list[list[Decimal]]], quantum: Decimal
) -> None:
    """Each cell is the IPF fit of the weights to the margins, rounded down or up."""
    rtot, ctot, weights = problem
    rows, cols = as_input(rtot, ctot, quantum)
    result = apportion_matrix(rows, cols, weight_map(weights), quantum=quantum)
    got = grid(result, len(rtot), len(ctot), quantum)
    fit = float_ipf(rtot, ctot, [[float(w) for w in row] for row in weights])
    for i, row in enumerate(fit):
        for j, x in enumerate(row):
            assert int(got[i][j]) in allowed(x, tolerance=1e-7)


@given(weighted_problems(strict=False), st.sampled_from(SCALES))
def test_scaling_all_weights_changes_nothing(
    problem: tuple[list[int], list[int], list[list[Decimal]]], scale: Decimal
) -> None:
    """Multiplying every weight by the same positive number gives the same table."""
    rtot, ctot, weights = problem
    rows, cols = as_input(rtot, ctot, Decimal(1))
    plain = weight_map(weights)
    scaled = {cell: w * scale for cell, w in plain.items()}
    assert apportion_matrix(rows, cols, plain) == apportion_matrix(rows, cols, scaled)


@given(weighted_problems(strict=False))
def test_callable_weights_match_mapping_weights(
    problem: tuple[list[int], list[int], list[list[Decimal]]],
) -> None:
    """A weight function gives the same table as the mapping of its values."""
    rtot, ctot, weights = problem
    rows, cols = as_input(rtot, ctot, Decimal(1))
    mapping = weight_map(weights)
    assert apportion_matrix(rows, cols, mapping) == apportion_matrix(
        rows, cols, lambda r, c: mapping.get((r, c), 0)
    )


@given(st.data())
def test_zero_pattern_raises_exactly_when_the_margins_are_unreachable(
    data: st.DataObject,
) -> None:
    """AllocationError comes iff some rows need more than the columns they weigh in hold."""
    table = data.draw(integer_tables(max_cell=5))
    rtot, ctot = margins(table)
    n, m = len(rtot), len(ctot)
    support = {(i, j) for i in range(n) for j in range(m) if data.draw(st.integers(0, 9)) < 4}
    rows, cols = as_input(rtot, ctot, Decimal(1))
    weights = {(f"r{i}", f"c{j}"): 1 for i, j in support}
    if hall_feasible(rtot, ctot, support):
        got = grid(apportion_matrix(rows, cols, weights), n, m, Decimal(1))
        assert (rtot, ctot) == margins(got)
    else:
        with pytest.raises(AllocationError):
            apportion_matrix(rows, cols, weights)


@given(integer_tables(), quanta(), st.integers(1, 5), st.booleans())
def test_inconsistent_margins_raise(
    table: list[list[int]], quantum: Decimal, off: int, up: bool
) -> None:
    """Row and column totals with different grand totals raise, naming both sums."""
    rtot, ctot = margins(table)
    ctot[0] += off if up or ctot[0] < off else -off
    rows, cols = as_input(rtot, ctot, quantum)
    with pytest.raises(AllocationError, match="add up to") as info:
        apportion_matrix(rows, cols, quantum=quantum)
    assert str(sum(rows.values())) in str(info.value)
    assert str(sum(cols.values())) in str(info.value)


# -- brute force on tiny tables ---------------------------------------------------------


def all_roundings(
    exact: Sequence[Sequence[Any]], rtot: Sequence[int], ctot: Sequence[int]
) -> list[tuple[tuple[int, ...], ...]]:
    """Every integer table of two rows with these margins, each cell a rounding of exact."""
    options = [sorted(allowed(x, tolerance=1e-7)) for x in exact[0]]
    found = []
    for first in itertools.product(*options):
        second = tuple(c - f for c, f in zip(ctot, first, strict=True))
        if sum(first) != rtot[0] or any(
            s not in allowed(x, tolerance=1e-7) for s, x in zip(second, exact[1], strict=True)
        ):
            continue
        found.append((tuple(first), second))
    return found


def l1(table: Sequence[Sequence[Any]], exact: Sequence[Sequence[Any]]) -> float:
    """The total absolute rounding error of ``table`` against ``exact``."""
    return float(
        sum(
            abs(Fraction(t) - Fraction(x))
            for r, e in zip(table, exact, strict=True)
            for t, x in zip(r, e, strict=True)
        )
    )


@given(
    integer_tables(max_rows=2, max_cols=3, max_cell=4).filter(
        lambda t: len(t) == 2 and len(t[0]) >= 2
    )
)
def test_tiny_independent_tables_match_brute_force(table: list[list[int]]) -> None:
    """The result is one of all valid roundings, and one with the least total error."""
    rtot, ctot = margins(table)
    rows, cols = as_input(rtot, ctot, Decimal(1))
    grand = sum(rtot)
    exact = [[Fraction(r * c, grand) if grand else Fraction(0) for c in ctot] for r in rtot]
    got = grid(apportion_matrix(rows, cols), 2, len(ctot), Decimal(1))
    result = tuple(tuple(int(x) for x in row) for row in got)
    candidates = all_roundings(exact, rtot, ctot)
    assert result in candidates
    assert l1(result, exact) <= min(l1(c, exact) for c in candidates) + 1e-12


@given(
    weighted_problems(strict=True, max_rows=2, max_cols=3, max_cell=4).filter(
        lambda p: len(p[0]) == 2 and len(p[1]) >= 2
    )
)
def test_tiny_weighted_tables_match_brute_force(
    problem: tuple[list[int], list[int], list[list[Decimal]]],
) -> None:
    """With weights too the result is a valid rounding of the fit with the least error."""
    rtot, ctot, weights = problem
    rows, cols = as_input(rtot, ctot, Decimal(1))
    fit = float_ipf(rtot, ctot, [[float(w) for w in row] for row in weights])
    got = grid(apportion_matrix(rows, cols, weight_map(weights)), 2, len(ctot), Decimal(1))
    result = tuple(tuple(int(x) for x in row) for row in got)
    candidates = all_roundings(fit, rtot, ctot)
    assert result in candidates
    assert l1(result, fit) <= min(l1(c, fit) for c in candidates) + 1e-6


# -- the rounding flow itself -----------------------------------------------------------


@st.composite
def fractional_tables(draw: st.DrawFn) -> list[list[Fraction]]:
    """Non-negative fractional tables with whole-number margins (not from any fit)."""
    table = [[Fraction(x) for x in row] for row in draw(integer_tables(max_cell=6))]
    n, m = len(table), len(table[0])
    if n < 2 or m < 2:
        return table
    for _ in range(draw(st.integers(0, 12))):
        i, k = draw(st.permutations(range(n)))[:2]
        j, l_ = draw(st.permutations(range(m)))[:2]
        amount = Fraction(draw(st.integers(1, 99)), draw(st.integers(1, 100)))
        amount = min(amount, table[i][l_], table[k][j])
        table[i][j] += amount
        table[k][l_] += amount
        table[i][l_] -= amount
        table[k][j] -= amount
    return table


@given(fractional_tables())
def test_rounding_flow_always_saturates_on_whole_margins(exact: list[list[Fraction]]) -> None:
    """Any table with whole margins rounds to floor/ceil cells with the same margins."""
    rtot = [int(sum(row)) for row in exact]
    ctot = [int(sum(col)) for col in zip(*exact, strict=True)]
    got = _round_controlled(exact, rtot, ctot)
    assert (rtot, ctot) == margins(got)
    for row, exact_row in zip(got, exact, strict=True):
        for cell, x in zip(row, exact_row, strict=True):
            assert cell in allowed(x)


def test_rounding_flow_refuses_margins_that_are_not_whole() -> None:
    """An exact table whose margins are not whole quanta cannot be rounded: it says so."""
    half = Fraction(1, 2)
    zero = Fraction(0)
    with pytest.raises(AllocationError, match="cannot round up"):
        _round_controlled([[half, zero], [half, zero]], [1, 0], [0, 1])


# -- examples and errors ----------------------------------------------------------------


def test_consultants_by_month_in_cents() -> None:
    """Money to the cent: the larger fractional parts round up, margins hold exactly."""
    rows = {"Li": Decimal("1000.00"), "Wang": Decimal("500.00")}
    cols = {"Q1": Decimal("700.00"), "Q2": Decimal("400.00"), "Q3": Decimal("400.00")}
    result = apportion_matrix(rows, cols, quantum=Decimal("0.01"))
    # Exact: Li 466.66.., 266.66.., 266.66..; Wang 233.33.., 133.33.., 133.33..
    li = [result["Li", q] for q in cols]
    wang = [result["Wang", q] for q in cols]
    assert 2 == sum(cell.as_tuple().digits[-1] == 7 for cell in li)
    assert 1 == sum(cell.as_tuple().digits[-1] == 4 for cell in wang)
    assert all(v.as_tuple().exponent == -2 for v in result.values())
    assert [Decimal("1000.00"), Decimal("500.00")] == [sum(li), sum(wang)]
    assert list(cols.values()) == [a + b for a, b in zip(li, wang, strict=True)]


def test_cells_forced_to_zero_by_the_pattern_are_zero() -> None:
    """A weighted cell that is zero in every table meeting the margins comes out zero."""
    # 'b' can only go to 'y' and needs all of it, so 'a' gets nothing in 'y'.
    rows = {"a": 2, "b": 3}
    cols = {"x": 2, "y": 3}
    weights = {("a", "x"): 1, ("a", "y"): 1, ("b", "y"): 1}
    assert {
        ("a", "x"): Decimal(2),
        ("a", "y"): Decimal(0),
        ("b", "x"): Decimal(0),
        ("b", "y"): Decimal(3),
    } == apportion_matrix(rows, cols, weights)


def test_boundary_fit_keeps_the_free_cells_proportional() -> None:
    """Forced zeros drop out of the fit (IPF's limit); the other cells follow the weights."""
    # 'c' needs all of 'z', so 'a' and 'b' (weight 5 there) get none of it; they then
    # split 'x' (2) and 'y' (3) evenly by weight: a 1.2 + 1.8, b 0.8 + 1.2.
    rows = {"a": 3, "b": 2, "c": 2}
    cols = {"x": 2, "y": 3, "z": 2}
    weights = {(r, c): 1 for r in ("a", "b") for c in ("x", "y")}
    weights |= {("a", "z"): 5, ("b", "z"): 5, ("c", "z"): 1}
    result = apportion_matrix(rows, cols, weights)
    assert [[1, 2, 0], [1, 1, 0], [0, 0, 2]] == [[int(result[r, c]) for c in cols] for r in rows]


def test_mixed_key_types_are_ordered_deterministically() -> None:
    """Keys that do not compare with each other still give an order-independent result."""
    rows = {1: 3, "one": 3, (1,): 1}
    cols = {"x": 4, 2: 3}
    flipped_rows = dict(reversed(list(rows.items())))
    flipped_cols = dict(reversed(list(cols.items())))
    assert apportion_matrix(rows, cols) == apportion_matrix(flipped_rows, flipped_cols)


def test_empty_and_all_zero_tables() -> None:
    """No rows gives an empty table; zero margins give zero cells at the quantum."""
    assert {} == apportion_matrix({}, {})
    assert {("a", "x"): Decimal("0.00")} == apportion_matrix(
        {"a": 0}, {"x": 0}, quantum=Decimal("0.01")
    )


def test_row_with_total_but_no_weight_is_named() -> None:
    """A row with a positive total and zero weight everywhere raises, naming the row."""
    with pytest.raises(AllocationError, match=r"row 'Zhao'.*zero weight in every column"):
        apportion_matrix({"Li": 3, "Zhao": 2}, {"Jan": 5}, {("Li", "Jan"): 1})


def test_column_with_total_but_no_weight_is_named() -> None:
    """A column with a positive total and zero weight everywhere raises, naming it."""
    with pytest.raises(AllocationError, match=r"column 'Feb'.*zero weight in every row"):
        apportion_matrix({"Li": 5}, {"Jan": 3, "Feb": 2}, {("Li", "Jan"): 1})


def test_rows_that_need_more_than_their_columns_are_named() -> None:
    """When a group of rows asks more than its columns hold, the message names both."""
    weights = {("a", "x"): 1, ("b", "x"): 1, ("c", "y"): 1, ("c", "x"): 1}
    with pytest.raises(AllocationError, match=r"rows 'a', 'b' total 3 .*\('x'\) total only 1"):
        apportion_matrix({"a": 2, "b": 1, "c": 1}, {"x": 1, "y": 3}, weights)


@pytest.mark.parametrize(
    ("rows", "cols", "weights", "error", "match"),
    [
        ({"a": -1}, {"x": -1}, None, AllocationError, "non-negative total"),
        ({"a": "1.5"}, {"x": "1.5"}, None, AllocationError, "multiple of the quantum"),
        ({"a": 1.0}, {"x": 1}, None, AmountTypeError, "row 'a'"),
        ({"a": 1}, {"x": 1}, {("a", "x"): 0.5}, AmountTypeError, "weight of"),
        ({"a": 1}, {"x": 1}, {("a", "x"): -1}, AllocationError, "non-negative weight"),
        ({"a": 1}, {"x": 1}, {("a", "y"): 1}, AllocationError, r"\('a', 'y'\)"),
    ],
)
def test_bad_input_raises_deepmarketing_errors(
    rows: dict[str, Any], cols: dict[str, Any], weights: Any, error: type[Exception], match: str
) -> None:
    """Bad totals, floats, negative or stray weights raise the library's own errors."""
    with pytest.raises(error, match=match):
        apportion_matrix(rows, cols, weights)


def test_non_positive_quantum_raises() -> None:
    """A zero quantum is refused."""
    with pytest.raises(QuantityError, match="positive quantum"):
        apportion_matrix({"a": 1}, {"x": 1}, quantum=0)


def test_hundred_consultants_by_twelve_months_runs() -> None:
    """A 100 x 12 table with structural zeros rounds with exact margins (no timing)."""
    table = [
        [((i * 7919 + j * 104729) % 5000) * ((i + j) % 5 != 0) for j in range(12)]
        for i in range(100)
    ]
    rtot, ctot = margins(table)
    rows, cols = as_input(rtot, ctot, Decimal("0.01"))
    weights = {
        (f"r{i}", f"c{j}"): 1 + (i * j) % 7 for i in range(100) for j in range(12) if table[i][j]
    }
    for w in (None, weights):
        got = grid(
            apportion_matrix(rows, cols, w, quantum=Decimal("0.01")), 100, 12, Decimal("0.01")
        )
        assert (rtot, ctot) == margins(got)
