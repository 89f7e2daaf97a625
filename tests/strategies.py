"""Hypothesis strategies for deepmarketing's value objects, one function per object.

Tests import these by name (``from strategies import periods``), so keep the names and
their meaning stable. Each section below covers one library module; add new strategies
to the section of the module that defines the object.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import pendulum
from hypothesis import strategies as st

from deepmarketing.periods import Period, PeriodKind, WorkCalendar
from deepmarketing.quantities import Metric

# -- deepmarketing.org: the strategies live in org_strategies.py (they need more room for
# random organization histories) and are re-exported here, so every value object's
# strategy can be imported from this one module.
from org_strategies import (  # noqa: F401  (re-exported)
    assignments,
    customers,
    geo_points,
    org_histories,
    people,
    territory_assignments,
    units,
)

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "QUANTA",
    "amounts",
    "clipped_periods",
    "dates",
    "decimals_at",
    "metrics",
    "period_kinds",
    "periods",
    "quanta",
    "work_calendars",
]


# -- deepmarketing.periods --------------------------------------------------------------

#: The first and last date :func:`dates` draws unless told otherwise.
MIN_DATE = pendulum.Date(1900, 1, 1)
MAX_DATE = pendulum.Date(2199, 12, 31)


def _as_pendulum(day: dt.date) -> pendulum.Date:
    return pendulum.Date(day.year, day.month, day.day)


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[pendulum.Date]:
    """Calendar days as ``pendulum.Date``, from 1900-01-01 to 2199-12-31 unless bounded."""
    return st.dates(min_value=min_value, max_value=max_value).map(_as_pendulum)


def period_kinds() -> st.SearchStrategy[PeriodKind]:
    """Any period kind, from YEAR to DAY."""
    return st.sampled_from(PeriodKind)


def periods(kinds: st.SearchStrategy[PeriodKind] | None = None) -> st.SearchStrategy[Period]:
    """Natural periods (never clipped), built with ``Period.containing`` on a random date.

    Args:
        kinds: The kinds to draw from; any kind unless given.
    """
    return st.builds(Period.containing, dates(), period_kinds() if kinds is None else kinds)


@st.composite
def _clipped_periods(draw: st.DrawFn, kinds: st.SearchStrategy[PeriodKind]) -> Period:
    parent = draw(periods())
    pieces = parent.split(draw(kinds))
    return draw(st.sampled_from(pieces))


def clipped_periods(
    kinds: st.SearchStrategy[PeriodKind] | None = None,
) -> st.SearchStrategy[Period]:
    """Pieces of ``Period.split``: natural or clipped periods, as split produces them.

    A random natural period is split into a random kind and one piece is drawn, so a
    coarser or non-nesting kind gives clipped pieces and a finer nested kind natural ones.

    Args:
        kinds: The kinds the pieces may have; any kind unless given.
    """
    return _clipped_periods(period_kinds() if kinds is None else kinds)


@st.composite
def _work_calendars(draw: st.DrawFn, days: st.SearchStrategy[pendulum.Date]) -> WorkCalendar:
    weekend = draw(st.frozensets(st.integers(min_value=0, max_value=6), max_size=6))
    holidays = draw(st.frozensets(days, max_size=8))
    extra_workdays = draw(st.frozensets(days, max_size=8)) - holidays
    return WorkCalendar(weekend=weekend, holidays=holidays, extra_workdays=extra_workdays)


def work_calendars(
    days: st.SearchStrategy[pendulum.Date] | None = None,
) -> st.SearchStrategy[WorkCalendar]:
    """Work calendars: zero to six weekend days, some holidays and some extra workdays.

    Args:
        days: Where holidays and extra workdays are drawn from; pass ``dates(start, end)``
            to have them fall inside the period under test. Any date unless given.
    """
    return _work_calendars(dates() if days is None else days)


# -- deepmarketing.quantities -----------------------------------------------------------

#: Quanta as the library meets them: kilograms, fen, five fen, quarters, yuan, tens, 500.
QUANTA = tuple(Decimal(q) for q in ("0.001", "0.01", "0.05", "0.25", "1", "10", "500"))

# Generated values stay far below this many digits, so building them is always exact.
_EXACT = decimal.Context(prec=100, traps=[decimal.Inexact])


def quanta() -> st.SearchStrategy[Decimal]:
    """Positive rounding steps, powers of ten and others (0.05, 0.25, 500)."""
    return st.sampled_from(QUANTA)


def decimals_at(quantum: Decimal, *, max_steps: int = 10**12) -> st.SearchStrategy[Decimal]:
    """Whole multiples of ``quantum`` (negative, zero and positive), at its exponent or finer.

    Args:
        quantum: The step every drawn value is a multiple of.
        max_steps: The largest number of steps, either side of zero.
    """
    return st.integers(min_value=-max_steps, max_value=max_steps).map(
        lambda n: _EXACT.multiply(Decimal(n), quantum)
    )


def amounts(*, max_places: int = 6, max_value: int = 10**12) -> st.SearchStrategy[Decimal]:
    """Finite Decimals of either sign with up to ``max_places`` decimal places."""
    return st.integers(min_value=0, max_value=max_places).flatmap(
        lambda places: st.decimals(
            min_value=-max_value,
            max_value=max_value,
            allow_nan=False,
            allow_infinity=False,
            places=places,
        )
    )


_LABELS = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=12)


def metrics() -> st.SearchStrategy[Metric]:
    """Metrics with a letters-and-digits name and unit and a quantum from :func:`quanta`."""
    return st.builds(Metric, name=_LABELS, unit=_LABELS, quantum=quanta())
