"""The search budget every routing solver takes: a time limit and an iteration count."""

from __future__ import annotations

import math
import numbers

from deepmarketing.errors import RoutingError

__all__ = ["check_budget"]


def check_budget(
    time_limit: object, max_iterations: object, *, record: str
) -> tuple[float | None, int | None]:
    """``time_limit`` and ``max_iterations`` as a float and an int, or a clear error.

    A time limit is a finite number of seconds > 0 (an infinite or NaN one would never
    stop the search); an iteration count a whole number > 0; bools are refused for both;
    ``None`` means "not given". ``record`` names the caller in the error.
    """
    if time_limit is not None and (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, numbers.Real)
        or not 0 < float(time_limit) < math.inf
    ):
        raise RoutingError(
            f"expected time_limit to be a number of seconds > 0 or None, got {time_limit!r}",
            record=record,
        )
    if max_iterations is not None and (
        isinstance(max_iterations, bool)
        or not isinstance(max_iterations, numbers.Integral)
        or int(max_iterations) <= 0
    ):
        raise RoutingError(
            f"expected max_iterations to be a whole number > 0 or None, got {max_iterations!r}",
            record=record,
        )
    return (
        None if time_limit is None else float(time_limit),
        None if max_iterations is None else int(max_iterations),
    )
