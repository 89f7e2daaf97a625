"""Helpers shared by the benchmark scripts: timing and the result table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Run ``fn`` ``repeats`` times; return the median wall time and the last result."""
    times = []
    result = None
    for _ in range(repeats):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def print_table(rows: Sequence[tuple[str, str, str]]) -> None:
    """Print (step, measured, target) rows as a Markdown table."""
    width = max(len(r[0]) for r in rows)
    measured = max(len("measured"), *(len(r[1]) for r in rows))
    target = max(len("target"), *(len(r[2]) for r in rows))
    print(f"| {'step':<{width}} | {'measured':>{measured}} | {'target':>{target}} |")
    print(f"|{'-' * (width + 2)}|{'-' * (measured + 2)}|{'-' * (target + 2)}|")
    for step, value, goal in rows:
        print(f"| {step:<{width}} | {value:>{measured}} | {goal:>{target}} |")
