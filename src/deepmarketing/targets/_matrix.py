"""Controlled rounding of a two-way table: every row and every column adds up exactly.

A consultant x month table must add up to each consultant's annual target along its rows
and to the company's monthly totals down its columns. Rounding each cell on its own
breaks one or the other; here the exact (unrounded) table is computed first and then
rounded as a whole with an integral flow, so both sets of margins hold exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import networkx as nx

from deepmarketing.errors import AllocationError
from deepmarketing.quantities import DECIMAL_CONTEXT, Amount, to_decimal
from deepmarketing.targets._apportion import _integer_weights, _quantum, _to_units

__all__ = ["apportion_matrix"]

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

#: Iterative proportional fitting stops once every row is within this fraction of the
#: grand total of its target (the columns are then exact to 60 digits).
_TOLERANCE = Decimal("1e-40")
#: ... and gives up after this many sweeps (one row step plus one column step each).
_MAX_SWEEPS = 10_000
#: A fitted cell closer than this fraction of the grand total to a whole quantum *is*
#: that quantum (IPF only approaches its limit, so 5 may come out as 4.999...).
_SNAP = Fraction(1, 10**30)
#: Fractional parts become integer costs for the flow at this resolution.
_COST_SCALE = 10**18

_SOURCE = "source"
_SINK = "sink"


def apportion_matrix(
    row_totals: Mapping[R, Amount],
    col_totals: Mapping[C, Amount],
    weights: Mapping[tuple[R, C], Amount] | Callable[[R, C], Amount] | None = None,
    *,
    quantum: Amount = Decimal(1),
) -> dict[tuple[R, C], Decimal]:
    """Round a table so that every row AND every column adds up exactly to its total.

    Controlled rounding: each cell is a multiple of ``quantum`` and lies within one
    quantum of its exact value (it is the exact value rounded down or up), every row adds
    up to its row total and every column to its column total, exactly.

    Args:
        row_totals: The total of every row (e.g. each consultant's annual target);
            non-negative multiples of ``quantum``.
        col_totals: The total of every column (e.g. the company's monthly totals);
            non-negative multiples of ``quantum``, adding up to the same grand total as
            ``row_totals``.
        weights: How the cells compare. ``None`` (the default) means independence: the
            exact cell is ``row_total * col_total / grand_total``. Otherwise a mapping
            from ``(row, col)`` to a non-negative weight (cells left out weigh zero), or
            a callable ``weights(row, col)``; a zero weight is a structural zero (the
            cell stays zero). Exceptions raised by the callable propagate unchanged.
        quantum: The smallest step of a cell, e.g. ``Decimal("0.01")`` for money.

    Returns:
        The cell of every ``(row, col)`` pair, zeros included, in row-major order of
        ``row_totals`` and ``col_totals``.

    Raises:
        AllocationError: If a total is negative or not a multiple of ``quantum``; the row
            totals and the column totals add up to different grand totals; a weight is
            negative or the mapping names a cell outside the table; or the zero weights
            make the margins unreachable (a row with a positive total but zero weight
            everywhere, a column likewise, or more generally some rows whose totals add
            up to more than the columns they have weight in). The message names them.
        AmountTypeError: If a total, weight or the quantum is a float.
        QuantityError: If ``quantum`` is not positive.

    Notes:
        *Exact table.* Everything is counted in whole quanta. Without weights the exact
        cell ``r·c/g`` is a fraction, computed exactly. With weights it is the
        biproportional fit ``a[row]·w[row, col]·b[col]`` with the given margins: the
        limit of iterative proportional fitting (RAS), which also minimizes the
        Kullback-Leibler divergence from the weights. A max flow first checks that the
        zero pattern can reach the margins and finds the cells that are zero in every
        table that does (IPF drives those to zero only slowly, in its limit); they are
        set to zero, and IPF on the remaining cells converges geometrically. It runs in
        :data:`~deepmarketing.quantities.DECIMAL_CONTEXT` (60 digits) until every row
        is within 1e-40 of the grand total of its target, and fitted cells within 1e-30
        of the grand total of a whole quantum are snapped to it.

        *Rounding.* Each exact cell is rounded down; the quanta still missing from each
        row and each column are whole numbers. Which cells go up is an integral
        min-cost max flow (source -> row, capacity the row's deficit; row -> column,
        capacity 1, for each cell with a fractional part; column -> sink, capacity the
        column's deficit). By Bacharach's theorem a flow saturating every deficit
        always exists; the minimum cost (minus the fractional part) rounds up the cells
        with the largest fractional parts the margins allow, which also minimizes the
        total absolute rounding error. Rows and columns are put in sorted order (by
        their ``repr`` when not comparable) before any arithmetic, and scaling all
        weights changes nothing, so the result depends neither on the order of the keys
        nor on the scale of the weights; exact ties are broken by the (deterministic)
        network simplex on that sorted graph.

        *Complexity.* For n rows, m columns and z cells with weight: O(n·m) exact
        fraction operations, or O(k·z) 60-digit operations for k IPF sweeps (typically
        a few dozen; at most 10,000); then one min-cost flow on n + m + 2 nodes and at
        most z + n + m edges (network simplex; a fraction of a second for 100 x 12).

    Examples:
        Three consultants' annual targets against the company's four monthly totals:

        >>> rows = {"Li": 120, "Wang": 90, "Zhao": 61}
        >>> cols = {"Jan": 60, "Feb": 50, "Mar": 70, "Apr": 91}
        >>> table = apportion_matrix(rows, cols)
        >>> for person in rows:
        ...     print(person, *(table[person, month] for month in cols))
        Li 27 22 31 40
        Wang 20 17 23 30
        Zhao 13 11 16 21
        >>> [sum(table[p, m] for m in cols) for p in rows]
        [Decimal('120'), Decimal('90'), Decimal('61')]
        >>> [sum(table[p, m] for p in rows) for m in cols]
        [Decimal('60'), Decimal('50'), Decimal('70'), Decimal('91')]

        Zhao joins in March (a zero weight before), and Wang's customers buy three times
        as much in January as in the other months:

        >>> def weight(person: str, month: str) -> int:
        ...     if person == "Zhao" and month in ("Jan", "Feb"):
        ...         return 0
        ...     return 3 if (person, month) == ("Wang", "Jan") else 1
        >>> table = apportion_matrix(rows, cols, weight)
        >>> for person in rows:
        ...     print(person, *(table[person, month] for month in cols))
        Li 23 32 28 37
        Wang 37 18 15 20
        Zhao 0 0 27 34
    """
    step = _quantum(quantum)
    ctx = DECIMAL_CONTEXT

    def money(units: int) -> Decimal:
        return ctx.multiply(Decimal(units), step)

    rows = list(row_totals)
    cols = list(col_totals)
    row_units = [_margin(row_totals[r], step, what=f"total of row {r!r}") for r in rows]
    col_units = [_margin(col_totals[c], step, what=f"total of column {c!r}") for c in cols]
    grand = sum(row_units)
    if grand != sum(col_units):
        raise AllocationError(
            f"the row totals add up to {money(grand)} but the column totals add up to "
            f"{money(sum(col_units))}; expected the same grand total",
            record="margins",
        )
    # Work in a canonical order so that nothing (not even the last digit of a sum)
    # depends on the order of the keys.
    row_order = _canonical_order(rows)
    col_order = _canonical_order(cols)
    srows = [rows[i] for i in row_order]
    scols = [cols[j] for j in col_order]
    rtot = [row_units[i] for i in row_order]
    ctot = [col_units[j] for j in col_order]
    if weights is None:
        exact = [[Fraction(r * c, grand) if grand else Fraction(0) for c in ctot] for r in rtot]
    else:
        cell_weights = _cell_weights(srows, scols, weights)
        exact = _biproportional(srows, scols, rtot, ctot, cell_weights, money)
    rounded = _round_controlled(exact, rtot, ctot)
    row_pos = {i: k for k, i in enumerate(row_order)}
    col_pos = {j: k for k, j in enumerate(col_order)}
    return {
        (r, c): money(rounded[row_pos[i]][col_pos[j]])
        for i, r in enumerate(rows)
        for j, c in enumerate(cols)
    }


def _margin(value: Amount, step: Decimal, *, what: str) -> int:
    amount = to_decimal(value, what=what)
    if amount < 0:
        raise AllocationError(f"expected a non-negative total, got {amount}", record=what)
    return _to_units(amount, step, what=what)


def _canonical_order(keys: Sequence[Any]) -> list[int]:
    """Positions of ``keys`` in sorted order; by type name and ``repr`` if not comparable."""
    positions = range(len(keys))
    try:
        return sorted(positions, key=lambda i: keys[i])
    except TypeError:
        return sorted(positions, key=lambda i: (type(keys[i]).__name__, repr(keys[i])))


def _cell_weights(
    rows: Sequence[Any],
    cols: Sequence[Any],
    weights: Mapping[Any, Amount] | Callable[[Any, Any], Amount],
) -> list[list[int]]:
    """Integer weights with the same ratios, as small as possible (so scale drops out)."""
    cells = [(r, c) for r in rows for c in cols]
    if isinstance(weights, Mapping):
        known = set(cells)
        unknown = [key for key in weights if key not in known]
        if unknown:
            listed = ", ".join(repr(k) for k in unknown[:5])
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            raise AllocationError(
                f"expected (row, column) pairs of the table, got {listed}{more}",
                record="weights",
            )
        values: dict[tuple[Any, Any], Amount] = {cell: weights.get(cell, 0) for cell in cells}
    else:
        values = {cell: weights(*cell) for cell in cells}
    ints = _integer_weights(cells, values, record="weights")
    common = math.gcd(*ints)
    if common > 1:
        ints = [w // common for w in ints]
    m = len(cols)
    return [ints[i * m : (i + 1) * m] for i in range(len(rows))]


def _names(keys: Sequence[Any]) -> str:
    return ", ".join(repr(k) for k in keys)


def _biproportional(
    rows: Sequence[Any],
    cols: Sequence[Any],
    rtot: list[int],
    ctot: list[int],
    weights: list[list[int]],
    money: Callable[[int], Decimal],
) -> list[list[Fraction]]:
    """The table a[i]·w[i][j]·b[j] with the given margins (in quanta), fitted by IPF."""
    n, m = len(rows), len(cols)
    for i in range(n):
        if rtot[i] and not any(weights[i]):
            raise AllocationError(
                f"total {money(rtot[i])} but a zero weight in every column; expected a "
                "positive weight somewhere",
                record=f"row {rows[i]!r}",
            )
    for j in range(m):
        if ctot[j] and not any(weights[i][j] for i in range(n)):
            raise AllocationError(
                f"total {money(ctot[j])} but a zero weight in every row; expected a "
                "positive weight somewhere",
                record=f"column {cols[j]!r}",
            )
    support = _support(rows, cols, rtot, ctot, weights, money)
    grand = sum(rtot)
    if not grand:
        return [[Fraction(0)] * m for _ in range(n)]

    ctx = DECIMAL_CONTEXT
    by_row: list[list[tuple[int, Decimal]]] = [[] for _ in range(n)]
    by_col: list[list[tuple[int, Decimal]]] = [[] for _ in range(m)]
    for i, j in support:
        w = Decimal(weights[i][j])
        by_row[i].append((j, w))
        by_col[j].append((i, w))
    active_rows = [i for i in range(n) if by_row[i]]
    active_cols = [j for j in range(m) if by_col[j]]
    row_target = [Decimal(r) for r in rtot]
    col_target = [Decimal(c) for c in ctot]
    a = [Decimal(0)] * n
    b = [Decimal(1) if by_col[j] else Decimal(0) for j in range(m)]
    tolerance = ctx.multiply(Decimal(grand), _TOLERANCE)
    for sweep in range(_MAX_SWEEPS):
        sums = {i: _dot(by_row[i], b) for i in active_rows}
        if sweep:
            worst = max(
                ctx.abs(ctx.subtract(ctx.multiply(a[i], sums[i]), row_target[i]))
                for i in active_rows
            )
            if worst <= tolerance:
                break
        for i in active_rows:
            a[i] = ctx.divide(row_target[i], sums[i])
        for j in active_cols:
            b[j] = ctx.divide(col_target[j], _dot(by_col[j], a))
    else:
        raise AllocationError(
            f"iterative proportional fitting did not reach the margins within {_MAX_SWEEPS} "
            "sweeps; expected weights that fit the totals less tightly",
            record="weights",
        )
    snap = Fraction(grand) * _SNAP
    exact = [[Fraction(0)] * m for _ in range(n)]
    for i, j in support:
        value = Fraction(ctx.multiply(ctx.multiply(a[i], Decimal(weights[i][j])), b[j]))
        whole = round(value)
        exact[i][j] = Fraction(whole) if abs(value - whole) <= snap else value
    return exact


def _dot(entries: list[tuple[int, Decimal]], factors: list[Decimal]) -> Decimal:
    ctx = DECIMAL_CONTEXT
    total = Decimal(0)
    for k, w in entries:
        total = ctx.add(total, ctx.multiply(w, factors[k]))
    return total


def _support(
    rows: Sequence[Any],
    cols: Sequence[Any],
    rtot: list[int],
    ctot: list[int],
    weights: list[list[int]],
    money: Callable[[int], Decimal],
) -> list[tuple[int, int]]:
    """The cells that are positive in some table with these margins and zero pattern.

    Raises AllocationError (naming a set of rows that asks too much) if there is none.
    """
    n, m = len(rows), len(cols)
    cells = [(i, j) for i in range(n) for j in range(m) if weights[i][j] and rtot[i] and ctot[j]]
    graph = nx.DiGraph()
    graph.add_node(_SOURCE)
    graph.add_nodes_from(("row", i) for i in range(n))
    graph.add_nodes_from(("col", j) for j in range(m))
    graph.add_node(_SINK)
    for i in range(n):
        graph.add_edge(_SOURCE, ("row", i), capacity=rtot[i])
    for i, j in cells:  # no capacity attribute: unbounded
        graph.add_edge(("row", i), ("col", j))
    for j in range(m):
        graph.add_edge(("col", j), _SINK, capacity=ctot[j])
    value, flow = nx.maximum_flow(graph, _SOURCE, _SINK)
    if value < sum(rtot):
        _, (reachable, _) = nx.minimum_cut(graph, _SOURCE, _SINK)
        short = [i for i in range(n) if ("row", i) in reachable and rtot[i]]
        short_set = set(short)
        reach = sorted({j for i, j in cells if i in short_set})
        where = (
            f"the columns they have weight in ({_names([cols[j] for j in reach])}) total only "
            f"{money(sum(ctot[j] for j in reach))}"
            if reach
            else "they have weight in no column with a positive total"
        )
        raise AllocationError(
            f"rows {_names([rows[i] for i in short])} total "
            f"{money(sum(rtot[i] for i in short))} but {where}; expected the zero weights "
            "to leave room for the margins",
            record="weights",
        )
    # A cell without flow can carry some iff a residual cycle runs through it: its column
    # reaches its row in the residual graph (the source and sink edges are saturated).
    residual = nx.DiGraph()
    residual.add_nodes_from(("row", i) for i in range(n))
    residual.add_nodes_from(("col", j) for j in range(m))
    for i, j in cells:
        residual.add_edge(("row", i), ("col", j))
        if flow[("row", i)][("col", j)] > 0:
            residual.add_edge(("col", j), ("row", i))
    component: dict[Any, int] = {}
    for k, nodes in enumerate(nx.strongly_connected_components(residual)):
        for node in nodes:
            component[node] = k
    return [
        (i, j)
        for i, j in cells
        if flow[("row", i)][("col", j)] > 0 or component[("row", i)] == component[("col", j)]
    ]


def _round_controlled(
    exact: list[list[Fraction]], rtot: list[int], ctot: list[int]
) -> list[list[int]]:
    """Round every cell down or up so that the rows add to ``rtot`` and columns to ``ctot``."""
    n, m = len(rtot), len(ctot)
    table = [[math.floor(x) for x in row] for row in exact]
    row_gap = [rtot[i] - sum(table[i]) for i in range(n)]
    col_gap = [ctot[j] - sum(table[i][j] for i in range(n)) for j in range(m)]
    fractional = [(i, j) for i in range(n) for j in range(m) if exact[i][j] != table[i][j]]
    needed = sum(row_gap)
    feasible = (
        min(row_gap, default=0) >= 0 and min(col_gap, default=0) >= 0 and needed == sum(col_gap)
    )
    if feasible and needed:
        graph = nx.DiGraph()
        graph.add_node(_SOURCE)
        graph.add_nodes_from(("row", i) for i in range(n))
        graph.add_nodes_from(("col", j) for j in range(m))
        graph.add_node(_SINK)
        for i in range(n):
            if row_gap[i]:
                graph.add_edge(_SOURCE, ("row", i), capacity=row_gap[i], weight=0)
        for i, j in fractional:
            if row_gap[i] and col_gap[j]:
                part = exact[i][j] - table[i][j]
                cost = -round(part * _COST_SCALE)  # nearest, so 0.4999...9 costs as 0.5
                graph.add_edge(("row", i), ("col", j), capacity=1, weight=cost)
        for j in range(m):
            if col_gap[j]:
                graph.add_edge(("col", j), _SINK, capacity=col_gap[j], weight=0)
        try:
            flow = nx.max_flow_min_cost(graph, _SOURCE, _SINK)
        except nx.NetworkXException as exc:  # pragma: no cover - defensive
            raise AllocationError(
                f"the rounding flow failed ({exc}); expected a consistent exact table",
                record="table",
            ) from exc
        feasible = sum(flow[_SOURCE].values()) == needed
        for i, j in fractional:
            if flow[("row", i)].get(("col", j), 0):
                table[i][j] += 1
    if not feasible:
        raise AllocationError(
            f"cannot round up {needed} quanta along both rows and columns; expected an "
            "exact table whose margins are whole quanta",
            record="table",
        )
    return table
