"""Calendar periods from the year down to the day, including the dekad (旬), and work calendars.

A :class:`Period` is a run of whole days of one :class:`PeriodKind`. Targets are phased
and results tracked on these grains: year > quarter > month > dekad > day, and ISO weeks
(which cross month and year boundaries). The dekad is the Chinese ten-day period: days
1-10, 11-20, and 21 to the end of the month, so the third dekad has 8 to 11 days.

Each period has a canonical string that :meth:`Period.parse` reads back:

=========  ===============  ============================================
kind       example          meaning
=========  ===============  ============================================
YEAR       ``2026``         calendar year
QUARTER    ``2026-Q3``      July to September
MONTH      ``2026-07``      July
DEKAD      ``2026-07-D2``   11 to 20 July
WEEK       ``2026-W27``     ISO week 27 (Monday 29 June to Sunday 5 July)
DAY        ``2026-07-14``   one day
=========  ===============  ============================================

A period cut short by a boundary (a week at the start of a month) is *clipped*: it keeps
its kind, and its string adds the days it covers, ``2026-W27[2026-07-01..2026-07-05]``.

Dates are :class:`pendulum.Date`; a plain :class:`datetime.date` is accepted and
converted. A ``datetime`` is refused (a :class:`~deepmarketing.errors.DateTypeError`),
because its time of day would be silently dropped.

Examples:
    >>> from deepmarketing.periods import Period, PeriodKind
    >>> july = Period.parse("2026-07")
    >>> [str(p) for p in july.split(PeriodKind.DEKAD)]
    ['2026-07-D1', '2026-07-D2', '2026-07-D3']
    >>> july.days
    31
    >>> str(Period.containing(pendulum.date(2026, 7, 14), PeriodKind.WEEK))
    '2026-W29'
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import enum
import re
from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from .errors import DateTypeError, PeriodError

__all__ = [
    "Period",
    "PeriodKind",
    "WorkCalendar",
    "to_date",
    "to_period_kind",
]


def to_date(value: object, *, what: str = "date") -> pendulum.Date:
    """Return ``value`` as a :class:`pendulum.Date`, refusing datetimes and strings.

    Args:
        value: A ``pendulum.Date`` (returned as it is) or a ``datetime.date``.
        what: How the value is named in an error message.

    Raises:
        DateTypeError: For a ``datetime`` (its time would be lost), a string or any
            other object (also a ``TypeError``).

    Examples:
        >>> import datetime
        >>> to_date(datetime.date(2026, 7, 14))
        Date(2026, 7, 14)
        >>> to_date("2026-07-14", what="start of 'A-1'")
        Traceback (most recent call last):
        ...
        deepmarketing.errors.DateTypeError: start of 'A-1': expected a date, got str ...
    """
    hint = ""
    if isinstance(value, _dt.datetime):
        hint = "; pass value.date() to drop the time of day explicitly"
    elif isinstance(value, pendulum.Date):
        return value
    elif isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    elif isinstance(value, str):
        hint = "; parse strings first, e.g. with pendulum.Date.fromisoformat"
    raise DateTypeError(f"expected a date, got {type(value).__name__} {value!r}{hint}", record=what)


def _optional_date(value: object) -> pendulum.Date | None:
    return None if value is None else to_date(value)


_from_ordinal = pendulum.Date.fromordinal


class PeriodKind(enum.Enum):
    """The grain of a period, from the coarsest (YEAR) to the finest (DAY).

    Examples:
        >>> PeriodKind.MONTH.is_coarser_than(PeriodKind.DEKAD)
        True
        >>> PeriodKind.WEEK.is_coarser_than(PeriodKind.DEKAD)
        False
    """

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    DEKAD = "dekad"
    WEEK = "week"
    DAY = "day"

    @property
    def rank(self) -> int:
        """0 for YEAR up to 5 for DAY: a larger rank is a finer grain."""
        return _RANK[self]

    def is_coarser_than(self, other: PeriodKind) -> bool:
        """Whether every period of ``other`` lies inside one period of this kind.

        WEEK and DEKAD are not nested in either direction (a week can straddle two
        dekads and a dekad two weeks), nor are WEEK and MONTH, QUARTER or YEAR.
        """
        if self is other:
            return False
        if PeriodKind.WEEK in (self, other):
            return other is PeriodKind.DAY
        return self.rank < other.rank


_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}


def _last_day_of_month(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def _natural_start(day: pendulum.Date, kind: PeriodKind) -> pendulum.Date:
    if kind is PeriodKind.YEAR:
        return pendulum.Date(day.year, 1, 1)
    if kind is PeriodKind.QUARTER:
        return pendulum.Date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if kind is PeriodKind.MONTH:
        return pendulum.Date(day.year, day.month, 1)
    if kind is PeriodKind.DEKAD:
        return pendulum.Date(day.year, day.month, min(21, 10 * ((day.day - 1) // 10) + 1))
    if kind is PeriodKind.WEEK:
        return _from_ordinal(day.toordinal() - day.weekday())
    return day


def _natural_end(start: pendulum.Date, kind: PeriodKind) -> pendulum.Date:
    """The last day of the natural period of ``kind`` that contains ``start``."""
    if kind is PeriodKind.YEAR:
        return pendulum.Date(start.year, 12, 31)
    if kind is PeriodKind.QUARTER:
        month = 3 * ((start.month - 1) // 3) + 3
        return pendulum.Date(start.year, month, _last_day_of_month(start.year, month))
    if kind is PeriodKind.MONTH:
        return pendulum.Date(start.year, start.month, _last_day_of_month(start.year, start.month))
    if kind is PeriodKind.DEKAD:
        if start.day <= 10:
            return pendulum.Date(start.year, start.month, 10)
        if start.day <= 20:
            return pendulum.Date(start.year, start.month, 20)
        return pendulum.Date(start.year, start.month, _last_day_of_month(start.year, start.month))
    if kind is PeriodKind.WEEK:
        return _from_ordinal(start.toordinal() - start.weekday() + 6)
    return start


def _default_end(period: Period) -> pendulum.Date:
    natural = _natural_start(period.start, period.kind)
    if natural != period.start:
        raise PeriodError(
            f"a {period.kind.value} starts on {natural}, got {period.start}; use "
            f"Period.containing(date, kind), or give end= for a clipped period",
            record=f"period starting {period.start}",
        )
    return _natural_end(period.start, period.kind)


def _check_end(
    period: Period, attribute: attrs.Attribute[pendulum.Date], end: pendulum.Date
) -> None:
    natural_end = _natural_end(period.start, period.kind)
    if not period.start <= end <= natural_end:
        raise PeriodError(
            f"end must lie between {period.start} and {natural_end}, the end of the "
            f"{period.kind.value} that contains the start; got {end}",
            record=f"period starting {period.start}",
        )


def to_period_kind(value: object) -> PeriodKind:
    """Return ``value`` as a :class:`PeriodKind`, accepting its value (``"month"``).

    Raises:
        PeriodError: For anything that names no kind, listing the kinds.

    Examples:
        >>> to_period_kind("dekad")
        <PeriodKind.DEKAD: 'dekad'>
        >>> to_period_kind("months")
        Traceback (most recent call last):
        ...
        deepmarketing.errors.PeriodError: kind: expected a period kind (year, quarter, ...
    """
    if isinstance(value, PeriodKind):
        return value
    try:
        return PeriodKind(value)
    except ValueError:
        expected = ", ".join(k.value for k in PeriodKind)
        raise PeriodError(
            f"expected a period kind ({expected}), got {value!r}", record="kind"
        ) from None


def _start_date(value: object) -> pendulum.Date:
    return to_date(value, what="period start")


def _end_date(value: object) -> pendulum.Date:
    return to_date(value, what="period end")


@attrs.frozen(order=False, repr=False)
class Period:
    """A run of whole days of one kind: a year, quarter, month, dekad, ISO week or day.

    ``Period(kind, start)`` is the natural period of ``kind`` that starts on ``start``;
    ``start`` must be its first day (1 January, the first day of a quarter or month, the
    1st, 11th or 21st for a dekad, a Monday for a week). To get the period around any
    date use :meth:`containing`. Giving ``end`` (inclusive) as well makes a *clipped*
    period: part of one natural period, as :meth:`split` produces where a boundary cuts
    through (a week clipped to a month). Periods are immutable and hashable, and sort by
    start, then end, then grain.

    Args:
        kind: The grain (a :class:`PeriodKind` or its value, e.g. ``"month"``).
        start: The first day.
        end: The last day, inclusive. Defaults to the natural end; anything else must
            lie within the same natural period.

    Raises:
        PeriodError: If ``start`` is not the first day of a natural period and no
            ``end`` is given, or ``end`` falls outside the natural period.
        DateTypeError: If ``start`` or ``end`` is not a date.

    Examples:
        >>> q3 = Period(PeriodKind.QUARTER, pendulum.date(2026, 7, 1))
        >>> q3.end
        Date(2026, 9, 30)
        >>> str(q3), q3.days
        ('2026-Q3', 92)
        >>> Period(PeriodKind.WEEK, pendulum.date(2026, 7, 1))
        Traceback (most recent call last):
        ...
        deepmarketing.errors.PeriodError: period starting 2026-07-01: a week starts on ...
    """

    kind: PeriodKind = attrs.field(converter=to_period_kind)
    start: pendulum.Date = attrs.field(converter=_start_date)
    end: pendulum.Date = attrs.field(
        default=attrs.Factory(_default_end, takes_self=True),
        converter=_end_date,
        validator=_check_end,
        kw_only=True,
    )

    # -- constructors ---------------------------------------------------------------

    @classmethod
    def containing(cls, day: _dt.date, kind: PeriodKind | str) -> Period:
        """The natural period of ``kind`` that contains ``day``.

        Examples:
            >>> str(Period.containing(pendulum.date(2026, 7, 31), PeriodKind.DEKAD))
            '2026-07-D3'
            >>> str(Period.containing(pendulum.date(2027, 1, 1), PeriodKind.WEEK))
            '2026-W53'
        """
        kind = to_period_kind(kind)
        start = _natural_start(to_date(day), kind)
        return cls(kind, start, end=_natural_end(start, kind))

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period from its canonical string (see the module table).

        Raises:
            PeriodError: If ``text`` is not a canonical period string or names a day,
                week or quarter that does not exist.

        Examples:
            >>> Period.parse("2026-07-D3").end
            Date(2026, 7, 31)
            >>> Period.parse("2026-W27[2026-07-01..2026-07-05]").days
            5
            >>> Period.parse("2026-13")
            Traceback (most recent call last):
            ...
            deepmarketing.errors.PeriodError: period '2026-13': month 13 does not exist
        """
        if not isinstance(text, str):
            raise PeriodError(f"expected a period string, got {type(text).__name__} {text!r}")
        match = _CLIPPED.fullmatch(text.strip())
        if match is None:
            return cls._parse_natural(text.strip(), original=text)
        natural = cls._parse_natural(match["natural"], original=text)
        first = _parse_iso_date(match["first"], original=text)
        last = _parse_iso_date(match["last"], original=text)
        if first < natural.start or last > natural.end or first > last:
            raise PeriodError(
                f"expected {first}..{last} to lie within {natural} "
                f"({natural.start}..{natural.end})",
                record=f"period {text!r}",
            )
        return cls(natural.kind, first, end=last)

    @classmethod
    def _parse_natural(cls, text: str, *, original: str) -> Period:
        record = f"period {original!r}"
        for kind, pattern in _PATTERNS:
            match = pattern.fullmatch(text)
            if match is None:
                continue
            year = int(match["year"])
            if not 1 <= year <= 9999:
                raise PeriodError(f"year {year} is out of range", record=record)
            if kind is PeriodKind.YEAR:
                return cls(kind, pendulum.Date(year, 1, 1))
            if kind is PeriodKind.QUARTER:
                quarter = int(match["quarter"])
                if not 1 <= quarter <= 4:
                    raise PeriodError(f"quarter {quarter} does not exist", record=record)
                return cls(kind, pendulum.Date(year, 3 * quarter - 2, 1))
            if kind is PeriodKind.WEEK:
                week = int(match["week"])
                try:
                    monday = _dt.date.fromisocalendar(year, week, 1)
                except ValueError:
                    raise PeriodError(
                        f"ISO week {week} does not exist in {year}", record=record
                    ) from None
                return cls(kind, to_date(monday))
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise PeriodError(f"month {month} does not exist", record=record)
            if kind is PeriodKind.MONTH:
                return cls(kind, pendulum.Date(year, month, 1))
            if kind is PeriodKind.DEKAD:
                dekad = int(match["dekad"])
                if not 1 <= dekad <= 3:
                    raise PeriodError(f"dekad {dekad} does not exist", record=record)
                return cls(kind, pendulum.Date(year, month, 10 * dekad - 9))
            return cls(kind, _parse_iso_date(text, original=original))
        raise PeriodError(
            "expected one of 2026, 2026-Q3, 2026-07, 2026-07-D2, 2026-W27, 2026-07-14 "
            "(optionally followed by [first..last] for a clipped period)",
            record=record,
        )

    # -- properties -----------------------------------------------------------------

    @property
    def days(self) -> int:
        """The number of days in the period (both ends included)."""
        return self.end.toordinal() - self.start.toordinal() + 1

    @property
    def is_clipped(self) -> bool:
        """Whether the period is only part of its natural period."""
        natural = self.natural
        return natural.start != self.start or natural.end != self.end

    @property
    def natural(self) -> Period:
        """The whole natural period this one is part of (itself if not clipped)."""
        start = _natural_start(self.start, self.kind)
        if start == self.start and self.end == _natural_end(start, self.kind):
            return self
        return Period(self.kind, start, end=_natural_end(start, self.kind))

    # -- queries --------------------------------------------------------------------

    def contains(self, item: _dt.date | Period) -> bool:
        """Whether a date, or every day of another period, lies inside this period.

        Examples:
            >>> july = Period.parse("2026-07")
            >>> july.contains(pendulum.date(2026, 7, 31)), july.contains(pendulum.date(2026, 8, 1))
            (True, False)
            >>> july.contains(Period.parse("2026-07-D3"))
            True
        """
        if isinstance(item, Period):
            return self.start <= item.start and item.end <= self.end
        day = to_date(item)
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def dates(self) -> list[pendulum.Date]:
        """Every date in the period, in order.

        Examples:
            >>> [str(d) for d in Period.parse("2026-07-D3").dates()][-2:]
            ['2026-07-30', '2026-07-31']
        """
        first = self.start.toordinal()
        return [_from_ordinal(n) for n in range(first, self.end.toordinal() + 1)]

    def split(self, kind: PeriodKind | str) -> list[Period]:
        """The periods of ``kind`` that make up this period, in order, clipped to it.

        The pieces cover the period exactly, with no gap and no overlap, for every pair
        of kinds. Where ``kind`` does not nest inside this period's kind, the pieces at
        the edges are *clipped*: a month split into ISO weeks gives the weeks of that
        month, the first and last cut at the month's boundaries (so they may be shorter
        than seven days); a week split into dekads or months gives the parts of those
        that fall in the week. Splitting into a coarser kind gives one clipped piece,
        or two or more where a boundary of ``kind`` falls inside.

        Args:
            kind: The grain of the pieces.

        Returns:
            The pieces in date order; their ``days`` add up to this period's.

        Examples:
            >>> [
            ...     str(w) for w in Period.parse("2026-07").split(PeriodKind.WEEK)
            ... ]  # doctest: +NORMALIZE_WHITESPACE
            ['2026-W27[2026-07-01..2026-07-05]', '2026-W28', '2026-W29', '2026-W30',
             '2026-W31[2026-07-27..2026-07-31]']
            >>> len(Period.parse("2026").split(PeriodKind.DAY))
            365
        """
        kind = to_period_kind(kind)
        pieces: list[Period] = []
        last = self.end.toordinal()
        cursor = self.start
        while True:
            natural_end = _natural_end(cursor, kind)
            piece_end = natural_end if natural_end.toordinal() <= last else self.end
            pieces.append(Period(kind, cursor, end=piece_end))
            if piece_end.toordinal() >= last:
                return pieces
            cursor = _from_ordinal(piece_end.toordinal() + 1)

    def shift(self, n: int = 1) -> Period:
        """The natural period ``n`` steps later (earlier for negative ``n``).

        Raises:
            PeriodError: If the period is clipped (its neighbours are not defined).

        Examples:
            >>> str(Period.parse("2026-12").shift(1)), str(Period.parse("2026-07-D1").shift(-1))
            ('2027-01', '2026-06-D3')
        """
        if self.is_clipped:
            raise PeriodError(
                "only a natural period can be shifted; use .natural first", record=f"period {self}"
            )
        kind = self.kind
        if kind is PeriodKind.DAY:
            return Period(kind, _from_ordinal(self.start.toordinal() + n))
        if kind is PeriodKind.WEEK:
            return Period(kind, _from_ordinal(self.start.toordinal() + 7 * n))
        if kind is PeriodKind.DEKAD:
            index = 3 * (self.start.year * 12 + self.start.month - 1) + (self.start.day - 1) // 10
            year, rest = divmod(index + n, 36)
            month0, dekad0 = divmod(rest, 3)
            return Period(kind, pendulum.Date(year, month0 + 1, 10 * dekad0 + 1))
        months = {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}[kind]
        index = self.start.year * 12 + self.start.month - 1 + months * n
        return Period(kind, pendulum.Date(index // 12, index % 12 + 1, 1))

    # -- dunder ---------------------------------------------------------------------

    def _sort_key(self) -> tuple[int, int, int]:
        return (self.start.toordinal(), self.end.toordinal(), self.kind.rank)

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()

    def __str__(self) -> str:
        natural = _natural_name(self.kind, _natural_start(self.start, self.kind))
        if self.is_clipped:
            return f"{natural}[{self.start}..{self.end}]"
        return natural

    def __repr__(self) -> str:
        return f"Period.parse({str(self)!r})"


def _natural_name(kind: PeriodKind, start: pendulum.Date) -> str:
    if kind is PeriodKind.YEAR:
        return f"{start.year:04d}"
    if kind is PeriodKind.QUARTER:
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    if kind is PeriodKind.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    if kind is PeriodKind.DEKAD:
        return f"{start.year:04d}-{start.month:02d}-D{(start.day - 1) // 10 + 1}"
    if kind is PeriodKind.WEEK:
        iso = start.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return start.isoformat()


_PATTERNS: tuple[tuple[PeriodKind, re.Pattern[str]], ...] = (
    (PeriodKind.YEAR, re.compile(r"(?P<year>\d{4})")),
    (PeriodKind.QUARTER, re.compile(r"(?P<year>\d{4})-Q(?P<quarter>\d)")),
    (PeriodKind.MONTH, re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")),
    (PeriodKind.DEKAD, re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-D(?P<dekad>\d)")),
    (PeriodKind.WEEK, re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")),
    (PeriodKind.DAY, re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-\d{2}")),
)
_CLIPPED = re.compile(
    r"(?P<natural>[^\[\]]+)\[(?P<first>\d{4}-\d{2}-\d{2})\.\.(?P<last>\d{4}-\d{2}-\d{2})\]"
)


def _parse_iso_date(text: str, *, original: str) -> pendulum.Date:
    try:
        return to_date(_dt.date.fromisoformat(text))
    except ValueError:
        raise PeriodError(f"{text!r} is not a valid date", record=f"period {original!r}") from None


def _to_weekdays(values: Iterable[Any]) -> frozenset[int]:
    days: set[int] = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
            raise PeriodError(
                f"expected weekdays as 0 (Monday) to 6 (Sunday) or pendulum.WeekDay, got {value!r}",
                record="work calendar weekend",
            )
        days.add(int(value))
    if len(days) == 7:
        raise PeriodError("every day of the week is a weekend day", record="work calendar weekend")
    return frozenset(days)


def _to_dates(values: Iterable[Any]) -> frozenset[pendulum.Date]:
    return frozenset(to_date(value, what="work calendar date") for value in values)


def _no_clash(
    calendar: WorkCalendar,
    attribute: attrs.Attribute[frozenset[pendulum.Date]],
    value: frozenset[pendulum.Date],
) -> None:
    clash = sorted(calendar.holidays & value)
    if clash:
        listed = ", ".join(str(d) for d in clash)
        raise PeriodError(
            f"a date cannot be both a holiday and an extra workday: {listed}",
            record="work calendar",
        )


@attrs.frozen
class WorkCalendar:
    """Which days are working days: a weekly weekend, holidays, and make-up workdays.

    China's public holidays often come with make-up workdays (调休) on a weekend;
    ``extra_workdays`` lists those, and they count as workdays even though they fall on
    the weekend. A holiday on a weekday is not a workday.

    Args:
        weekend: Weekdays off, as ``date.weekday()`` numbers (0 = Monday ... 6 = Sunday)
            or :class:`pendulum.WeekDay` members. Default: Saturday and Sunday.
        holidays: Dates off that would otherwise be workdays.
        extra_workdays: Weekend dates that are worked.

    Raises:
        PeriodError: If a date is both a holiday and an extra workday, a weekday number
            is out of range, or all seven days are weekend.

    Examples:
        >>> cal = WorkCalendar(
        ...     holidays={pendulum.date(2026, 10, 1), pendulum.date(2026, 10, 2)},
        ...     extra_workdays={pendulum.date(2026, 10, 10)},
        ... )
        >>> cal.is_workday(pendulum.date(2026, 10, 1)), cal.is_workday(pendulum.date(2026, 10, 10))
        (False, True)
        >>> cal.count_workdays(Period.parse("2026-10-D1"))  # 5-9 October and Saturday the 10th
        6
        >>> six_day_week = WorkCalendar(weekend={pendulum.WeekDay.SUNDAY})
        >>> six_day_week.count_workdays(Period.parse("2026-W28"))
        6
    """

    weekend: frozenset[int] = attrs.field(default=frozenset({5, 6}), converter=_to_weekdays)
    holidays: frozenset[pendulum.Date] = attrs.field(default=frozenset(), converter=_to_dates)
    extra_workdays: frozenset[pendulum.Date] = attrs.field(
        default=frozenset(), converter=_to_dates, validator=_no_clash
    )

    def is_workday(self, day: _dt.date) -> bool:
        """Whether ``day`` is a working day under this calendar."""
        day = to_date(day)
        if day in self.extra_workdays:
            return True
        return day.weekday() not in self.weekend and day not in self.holidays

    def workdays(self, period: Period) -> list[pendulum.Date]:
        """The working days of ``period``, in order.

        Examples:
            >>> [str(d) for d in WorkCalendar().workdays(Period.parse("2026-W28"))][:2]
            ['2026-07-06', '2026-07-07']
        """
        return [day for day in period.dates() if self.is_workday(day)]

    def count_workdays(self, period: Period) -> int:
        """The number of working days in ``period``."""
        return len(self.workdays(period))
