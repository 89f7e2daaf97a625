"""Tests for deepmarketing.periods: period kinds, periods, splits, parsing, work calendars."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import DateTypeError, PeriodError
from deepmarketing.periods import Period, PeriodKind, WorkCalendar, to_date
from strategies import clipped_periods, dates, period_kinds, periods, work_calendars

KINDS = tuple(PeriodKind)
KIND_PAIRS = tuple(itertools.product(KINDS, KINDS))

#: The number of days a natural period of each kind may have.
DAYS_BY_KIND = {
    PeriodKind.YEAR: range(365, 367),
    PeriodKind.QUARTER: range(90, 93),
    PeriodKind.MONTH: range(28, 32),
    PeriodKind.DEKAD: range(8, 12),
    PeriodKind.WEEK: range(7, 8),
    PeriodKind.DAY: range(1, 2),
}


def next_day(day: pendulum.Date) -> pendulum.Date:
    """The calendar day after ``day``."""
    return pendulum.Date.fromordinal(day.toordinal() + 1)


def assert_exact_cover(parent: Period, pieces: list[Period], kind: PeriodKind) -> None:
    """Check that ``pieces`` tile ``parent`` in order, without gap or overlap."""
    assert parent.dates() == [day for piece in pieces for day in piece.dates()]
    assert parent.start == pieces[0].start
    assert parent.end == pieces[-1].end
    assert all(next_day(a.end) == b.start for a, b in itertools.pairwise(pieces))
    assert sorted(pieces) == pieces
    assert parent.days == sum(piece.days for piece in pieces)
    assert {kind} == {piece.kind for piece in pieces}
    assert all(parent.contains(piece) and piece.natural.contains(piece) for piece in pieces)


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def july() -> Period:
    """July 2026, a 31-day month that starts on a Wednesday."""
    return Period.parse("2026-07")


@pytest.fixture
def week_27() -> Period:
    """ISO week 2026-W27, Monday 29 June to Sunday 5 July: it crosses a month boundary."""
    return Period.parse("2026-W27")


@pytest.fixture
def five_day_week() -> WorkCalendar:
    """The default calendar: Saturday and Sunday off, no holidays."""
    return WorkCalendar()


@pytest.fixture
def six_day_week() -> WorkCalendar:
    """Only Sunday off."""
    return WorkCalendar(weekend={pendulum.WeekDay.SUNDAY})


@pytest.fixture
def golden_week() -> WorkCalendar:
    """National Day 2026: 1-2 October off, Saturday 10 October a make-up workday."""
    return WorkCalendar(
        holidays={pendulum.date(2026, 10, 1), pendulum.date(2026, 10, 2)},
        extra_workdays={pendulum.date(2026, 10, 10)},
    )


# -- PeriodKind -------------------------------------------------------------------------


def test_kinds_rank_from_year_to_day() -> None:
    """Rank grows from YEAR (0) to DAY (5), in declaration order."""
    assert [0, 1, 2, 3, 4, 5] == [kind.rank for kind in KINDS]


@pytest.mark.parametrize(
    ("coarse", "fine", "expected"),
    [
        (PeriodKind.YEAR, PeriodKind.QUARTER, True),
        (PeriodKind.MONTH, PeriodKind.DEKAD, True),
        (PeriodKind.DEKAD, PeriodKind.DAY, True),
        (PeriodKind.WEEK, PeriodKind.DAY, True),
        (PeriodKind.WEEK, PeriodKind.DEKAD, False),
        (PeriodKind.DEKAD, PeriodKind.WEEK, False),
        (PeriodKind.MONTH, PeriodKind.WEEK, False),
        (PeriodKind.YEAR, PeriodKind.WEEK, False),
        (PeriodKind.DAY, PeriodKind.WEEK, False),
        (PeriodKind.MONTH, PeriodKind.MONTH, False),
        (PeriodKind.DAY, PeriodKind.YEAR, False),
    ],
)
def test_is_coarser_than_examples(coarse: PeriodKind, fine: PeriodKind, expected: bool) -> None:
    """Weeks nest only days; the other kinds nest by rank; no kind is coarser than itself."""
    assert expected == coarse.is_coarser_than(fine)


@given(day=dates(), coarse=period_kinds(), fine=period_kinds())
def test_coarser_kind_contains_every_period_of_the_finer(
    day: pendulum.Date, coarse: PeriodKind, fine: PeriodKind
) -> None:
    """If a kind is coarser, the period of it around a day contains the finer one's."""
    if coarse.is_coarser_than(fine):
        assert Period.containing(day, coarse).contains(Period.containing(day, fine))
        assert not fine.is_coarser_than(coarse)


# -- construction -----------------------------------------------------------------------


def test_natural_period_defaults_its_end() -> None:
    """Without end, a period runs to the end of its natural period."""
    q3 = Period(PeriodKind.QUARTER, pendulum.date(2026, 7, 1))
    assert pendulum.date(2026, 9, 30) == q3.end
    assert 92 == q3.days
    assert not q3.is_clipped


def test_plain_dates_and_kind_names_are_accepted(july: Period) -> None:
    """A datetime.date start and a kind given by value build the same, hashable period."""
    built = Period("month", dt.date(2026, 7, 1))
    assert july == built
    assert hash(july) == hash(built)
    assert isinstance(built.start, pendulum.Date)


def test_unknown_kind_is_refused() -> None:
    """A kind name that is not a PeriodKind value raises PeriodError naming it."""
    with pytest.raises(PeriodError, match="'fortnight'"):
        Period("fortnight", pendulum.date(2026, 7, 1))


def test_week_must_start_on_monday() -> None:
    """A week given a Wednesday start and no end raises PeriodError naming the Monday."""
    with pytest.raises(PeriodError, match="2026-06-29"):
        Period(PeriodKind.WEEK, pendulum.date(2026, 7, 1))


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        (PeriodKind.MONTH, pendulum.date(2026, 7, 1), pendulum.date(2026, 8, 1)),
        (PeriodKind.MONTH, pendulum.date(2026, 7, 10), pendulum.date(2026, 7, 9)),
        (PeriodKind.WEEK, pendulum.date(2026, 7, 1), pendulum.date(2026, 7, 6)),
        (PeriodKind.DEKAD, pendulum.date(2026, 7, 5), pendulum.date(2026, 7, 11)),
        (PeriodKind.DAY, pendulum.date(2026, 7, 5), pendulum.date(2026, 7, 6)),
    ],
)
def test_end_outside_the_natural_period_is_refused(
    kind: PeriodKind, start: pendulum.Date, end: pendulum.Date
) -> None:
    """An end before the start or past the natural period's end raises PeriodError."""
    with pytest.raises(PeriodError, match="end must lie between"):
        Period(kind, start, end=end)


def test_clipped_period_keeps_its_kind(week_27: Period) -> None:
    """A week clipped to July keeps kind WEEK and knows its whole natural week."""
    clipped = Period(PeriodKind.WEEK, pendulum.date(2026, 7, 1), end=pendulum.date(2026, 7, 5))
    assert PeriodKind.WEEK == clipped.kind
    assert clipped.is_clipped
    assert week_27 == clipped.natural
    assert 5 == clipped.days


@pytest.mark.parametrize(
    "value",
    [
        pendulum.datetime(2026, 7, 1, 9, 30),
        dt.datetime(2026, 7, 1, 9, 30),  # noqa: DTZ001 - a naive datetime is what a caller may pass
        "2026-07-01",
        20260701,
        None,
    ],
)
def test_start_that_is_not_a_date_is_refused(value: object) -> None:
    """A datetime, string or number as a start raises DateTypeError, also a TypeError."""
    with pytest.raises(DateTypeError) as info:
        Period(PeriodKind.DAY, value)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, PeriodError)


def test_datetime_end_is_refused() -> None:
    """A datetime as the end raises DateTypeError: its time of day would be lost."""
    with pytest.raises(DateTypeError, match=re.escape("value.date()")):
        Period(PeriodKind.MONTH, pendulum.date(2026, 7, 1), end=pendulum.datetime(2026, 7, 5))


def test_containing_refuses_a_datetime() -> None:
    """Period.containing with a datetime raises DateTypeError, also a TypeError."""
    with pytest.raises(TypeError) as info:
        Period.containing(pendulum.datetime(2026, 7, 14, 12), PeriodKind.WEEK)
    assert isinstance(info.value, DateTypeError)


def test_to_date_converts_plain_dates() -> None:
    """to_date turns a datetime.date into an equal pendulum.Date and returns Dates as is."""
    day = pendulum.date(2026, 7, 14)
    assert day is to_date(day)
    converted = to_date(dt.date(2026, 7, 14))
    assert day == converted
    assert pendulum.Date is type(converted)


def test_to_date_names_the_value_in_its_message() -> None:
    """to_date's error names the field, the type and the value, with a parsing hint."""
    with pytest.raises(DateTypeError) as info:
        to_date("2026-07-14", what="start of 'A-1'")
    assert "start of 'A-1'" == info.value.record
    assert "str '2026-07-14'" in str(info.value)
    assert "fromisoformat" in str(info.value)


# -- containing -------------------------------------------------------------------------


@given(day=dates(), kind=period_kinds())
def test_containing_contains_the_day(day: pendulum.Date, kind: PeriodKind) -> None:
    """The period of any kind around a day contains that day and is natural."""
    period = Period.containing(day, kind)
    assert period.contains(day)
    assert kind == period.kind
    assert not period.is_clipped
    assert period.days in DAYS_BY_KIND[kind]


@given(period=periods())
def test_containing_the_start_gives_the_period_back(period: Period) -> None:
    """A natural period is the period of its kind containing its own start (or end)."""
    assert period == Period.containing(period.start, period.kind)
    assert period == Period.containing(period.end, period.kind.value)
    assert period == Period(period.kind, period.start)


# -- split ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent_kind", "child_kind"), KIND_PAIRS, ids=[f"{a.value}-{b.value}" for a, b in KIND_PAIRS]
)
@given(data=st.data())
def test_split_covers_the_parent_exactly_for_every_pair_of_kinds(
    parent_kind: PeriodKind, child_kind: PeriodKind, data: st.DataObject
) -> None:
    """Any period (natural or clipped) split into any kind is tiled by sorted pieces."""
    parent = data.draw(clipped_periods(st.just(parent_kind)), label="parent")
    assert_exact_cover(parent, parent.split(child_kind), child_kind)


@given(parent=clipped_periods(), kind=period_kinds())
def test_split_covers_the_parent_exactly(parent: Period, kind: PeriodKind) -> None:
    """Split pieces cover the parent with no gap or overlap and sum to its days."""
    assert_exact_cover(parent, parent.split(kind.value), kind)


@given(parent=periods(), kind=period_kinds())
def test_split_into_a_nested_kind_gives_natural_pieces(parent: Period, kind: PeriodKind) -> None:
    """A natural period split into a finer nested kind gives only whole natural periods."""
    if parent.kind.is_coarser_than(kind):
        assert not any(piece.is_clipped for piece in parent.split(kind))


@given(period=clipped_periods())
def test_split_into_its_own_kind_gives_itself(period: Period) -> None:
    """Splitting a period into its own kind gives just that period."""
    assert [period] == period.split(period.kind)


def test_month_split_into_weeks_clips_the_edges(july: Period) -> None:
    """July 2026 into ISO weeks: the first and last weeks are cut at the month's edges."""
    expected = [
        "2026-W27[2026-07-01..2026-07-05]",
        "2026-W28",
        "2026-W29",
        "2026-W30",
        "2026-W31[2026-07-27..2026-07-31]",
    ]
    assert expected == [str(piece) for piece in july.split(PeriodKind.WEEK)]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (PeriodKind.MONTH, ["2026-06[2026-06-29..2026-06-30]", "2026-07[2026-07-01..2026-07-05]"]),
        (
            PeriodKind.DEKAD,
            ["2026-06-D3[2026-06-29..2026-06-30]", "2026-07-D1[2026-07-01..2026-07-05]"],
        ),
        (
            PeriodKind.QUARTER,
            ["2026-Q2[2026-06-29..2026-06-30]", "2026-Q3[2026-07-01..2026-07-05]"],
        ),
        (PeriodKind.YEAR, ["2026[2026-06-29..2026-07-05]"]),
    ],
)
def test_week_split_into_coarser_kinds(
    week_27: Period, kind: PeriodKind, expected: list[str]
) -> None:
    """A week split into a coarser kind gives one clipped piece per period it touches."""
    assert expected == [str(piece) for piece in week_27.split(kind)]


@pytest.mark.parametrize(("year", "expected"), [("2026", 365), ("2028", 366), ("2100", 365)])
def test_year_split_into_days(year: str, expected: int) -> None:
    """A year splits into one natural DAY per day, leap years included."""
    days = Period.parse(year).split(PeriodKind.DAY)
    assert expected == len(days)
    assert all(not day.is_clipped for day in days)


def test_year_split_into_weeks_clips_across_new_year() -> None:
    """2027 into weeks starts with the end of 2026-W53 and ends with the start of 2027-W52."""
    weeks = Period.parse("2027").split(PeriodKind.WEEK)
    assert "2026-W53[2027-01-01..2027-01-03]" == str(weeks[0])
    assert "2027-W01" == str(weeks[1])
    assert "2027-W52[2027-12-27..2027-12-31]" == str(weeks[-1])
    assert 53 == len(weeks)


# -- dekads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "expected_days"),
    [("2028-02", 9), ("2026-02", 8), ("2100-02", 8), ("2026-04", 10), ("2026-07", 11)],
)
def test_third_dekad_runs_to_the_end_of_the_month(month: str, expected_days: int) -> None:
    """D3 runs from the 21st to the month's last day: 8 to 11 days."""
    third = Period.parse(f"{month}-D3")
    assert expected_days == third.days
    assert Period.parse(month).end == third.end
    assert 21 == third.start.day


@given(day=dates())
def test_first_two_dekads_have_ten_days(day: pendulum.Date) -> None:
    """D1 covers days 1-10 and D2 days 11-20 of every month."""
    d1, d2, _ = Period.containing(day, PeriodKind.MONTH).split(PeriodKind.DEKAD)
    assert (1, 10, 11, 20) == (d1.start.day, d1.end.day, d2.start.day, d2.end.day)


def test_dekad_containing_the_last_day_of_july() -> None:
    """31 July is in the third dekad, which starts on the 21st."""
    dekad = Period.containing(pendulum.date(2026, 7, 31), PeriodKind.DEKAD)
    assert "2026-07-D3" == str(dekad)
    assert pendulum.date(2026, 7, 21) == dekad.start


# -- ISO weeks --------------------------------------------------------------------------


def test_week_53_of_2026_exists() -> None:
    """2026 has 53 ISO weeks; W53 runs from 28 December 2026 to 3 January 2027."""
    week = Period.parse("2026-W53")
    assert pendulum.date(2026, 12, 28) == week.start
    assert pendulum.date(2027, 1, 3) == week.end


def test_new_year_2027_is_in_week_53_of_2026() -> None:
    """1 January 2027 (a Friday) belongs to the ISO week 2026-W53."""
    week = Period.containing(pendulum.date(2027, 1, 1), PeriodKind.WEEK)
    assert Period.parse("2026-W53") == week
    assert "2026-W53" == str(week)


def test_week_one_can_start_in_the_previous_year() -> None:
    """Monday 30 December 2024 starts the ISO week 2025-W01."""
    assert "2025-W01" == str(Period.containing(pendulum.date(2024, 12, 30), PeriodKind.WEEK))


def test_week_53_of_2025_does_not_exist() -> None:
    """2025 has 52 ISO weeks, so parsing 2025-W53 raises PeriodError."""
    with pytest.raises(PeriodError, match="ISO week 53 does not exist in 2025"):
        Period.parse("2025-W53")


# -- canonical strings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026", PeriodKind.YEAR, (2026, 1, 1), (2026, 12, 31)),
        ("2026-Q3", PeriodKind.QUARTER, (2026, 7, 1), (2026, 9, 30)),
        ("2026-07", PeriodKind.MONTH, (2026, 7, 1), (2026, 7, 31)),
        ("2026-07-D2", PeriodKind.DEKAD, (2026, 7, 11), (2026, 7, 20)),
        ("2026-W27", PeriodKind.WEEK, (2026, 6, 29), (2026, 7, 5)),
        ("2026-07-14", PeriodKind.DAY, (2026, 7, 14), (2026, 7, 14)),
        ("2026-W27[2026-07-01..2026-07-05]", PeriodKind.WEEK, (2026, 7, 1), (2026, 7, 5)),
    ],
)
def test_parse_reads_each_kind(
    text: str, kind: PeriodKind, start: tuple[int, int, int], end: tuple[int, int, int]
) -> None:
    """Each canonical form from the module's table parses to the right days."""
    assert Period(kind, pendulum.date(*start), end=pendulum.date(*end)) == Period.parse(text)


@given(period=periods())
def test_natural_period_string_round_trips(period: Period) -> None:
    """Parsing the string of a natural period gives the same period back."""
    assert period == Period.parse(str(period))
    assert "[" not in str(period)


@given(period=clipped_periods())
def test_clipped_period_string_round_trips(period: Period) -> None:
    """Parsing the string of any split piece, clipped or not, gives the same period back."""
    assert period == Period.parse(str(period))
    assert period.is_clipped == ("[" in str(period))


@given(period=clipped_periods())
def test_repr_evaluates_to_the_period(period: Period) -> None:
    """repr(period) is a Period.parse call that rebuilds the period."""
    assert period == eval(repr(period), {"Period": Period})


def test_parse_ignores_surrounding_whitespace(july: Period) -> None:
    """Leading and trailing blanks around a period string are ignored."""
    assert july == Period.parse("  2026-07\n")


def test_parse_of_a_whole_clipped_range_gives_the_natural_period(july: Period) -> None:
    """A clipped string that covers the whole natural period is that natural period."""
    assert july == Period.parse("2026-07[2026-07-01..2026-07-31]")


@pytest.mark.parametrize(
    "text",
    [
        "next tuesday",
        "",
        "26-07",
        "2026-7",
        "2026-13",
        "2026-00",
        "2026-Q0",
        "2026-Q5",
        "2026-07-D0",
        "2026-07-D4",
        "2026-W00",
        "2026-W54",
        "2026-02-30",
        "0000",
        "2026-07[2026-08-01..2026-08-05]",
        "2026-07[2026-07-05..2026-07-01]",
        "2026-07[2026-07-01..2026-07-32]",
        "2026-07[2026-07-01]",
    ],
)
def test_parse_garbage_names_the_text(text: str) -> None:
    """A string that is no canonical period raises PeriodError quoting the text."""
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    assert repr(text) in str(info.value)


def test_parse_refuses_a_non_string() -> None:
    """Parsing something that is not a string raises PeriodError naming its type."""
    with pytest.raises(PeriodError, match="got int 202607"):
        Period.parse(202607)  # type: ignore[arg-type]


# -- queries ----------------------------------------------------------------------------


def test_contains_days_and_periods(july: Period) -> None:
    """July contains its last day and its third dekad, not 1 August or a crossing week."""
    assert july.contains(pendulum.date(2026, 7, 31))
    assert not july.contains(pendulum.date(2026, 8, 1))
    assert july.contains(Period.parse("2026-07-D3"))
    assert not july.contains(Period.parse("2026-W27"))


def test_contains_refuses_a_datetime(july: Period) -> None:
    """contains() with a datetime raises DateTypeError instead of dropping the time."""
    with pytest.raises(DateTypeError):
        july.contains(pendulum.datetime(2026, 7, 14, 8))


@given(period=clipped_periods())
def test_dates_lists_every_day(period: Period) -> None:
    """dates() gives days consecutive pendulum dates from start to end."""
    days = period.dates()
    assert period.days == len(days)
    assert (period.start, period.end) == (days[0], days[-1])
    assert all(next_day(a) == b for a, b in itertools.pairwise(days))
    assert all(type(day) is pendulum.Date for day in days)


@given(a=clipped_periods(), b=clipped_periods())
def test_overlaps_means_a_shared_day(a: Period, b: Period) -> None:
    """Two periods overlap exactly when they share a day, whichever way round."""
    shared = bool(set(a.dates()) & set(b.dates()))
    assert shared == a.overlaps(b)
    assert shared == b.overlaps(a)


@given(period=clipped_periods())
def test_natural_contains_the_clipped_piece(period: Period) -> None:
    """A period's natural period contains it, is not clipped, and names it."""
    natural = period.natural
    assert natural.contains(period)
    assert not natural.is_clipped
    assert str(period).startswith(str(natural))
    assert period.is_clipped == (natural != period)


# -- shift ------------------------------------------------------------------------------


@given(period=periods(), n=st.integers(min_value=-1000, max_value=1000))
def test_shift_round_trips(period: Period, n: int) -> None:
    """Shifting n steps and back gives the same natural period of the same kind."""
    shifted = period.shift(n)
    assert period == shifted.shift(-n)
    assert period.kind == shifted.kind
    assert not shifted.is_clipped


@given(period=periods())
def test_shift_by_one_starts_the_day_after_the_end(period: Period) -> None:
    """The next natural period starts the day after this one ends; shift(0) is itself."""
    assert next_day(period.end) == period.shift(1).start
    assert period.shift(-1).end == pendulum.Date.fromordinal(period.start.toordinal() - 1)
    assert period == period.shift(0)


@given(
    period=periods(),
    a=st.integers(min_value=-300, max_value=300),
    b=st.integers(min_value=-300, max_value=300),
)
def test_shifts_add_up(period: Period, a: int, b: int) -> None:
    """Shifting by a, then by b, is shifting by a + b."""
    assert period.shift(a + b) == period.shift(a).shift(b)


@pytest.mark.parametrize(
    ("text", "n", "expected"),
    [
        ("2026-12", 1, "2027-01"),
        ("2026-07-D1", -1, "2026-06-D3"),
        ("2026-07-D3", 1, "2026-08-D1"),
        ("2026-12-D3", 1, "2027-01-D1"),
        ("2026-Q4", 1, "2027-Q1"),
        ("2026-W53", 1, "2027-W01"),
        ("2026", -26, "2000"),
        ("2028-02-28", 1, "2028-02-29"),
        ("2026-02-28", 1, "2026-03-01"),
    ],
)
def test_shift_examples(text: str, n: int, expected: str) -> None:
    """Shifting crosses month, year and leap-day boundaries."""
    assert expected == str(Period.parse(text).shift(n))


def test_shift_refuses_a_clipped_period() -> None:
    """A clipped period has no defined neighbours, so shift raises PeriodError."""
    with pytest.raises(PeriodError, match="only a natural period can be shifted"):
        Period.parse("2026-W27[2026-07-01..2026-07-05]").shift(1)


# -- ordering ---------------------------------------------------------------------------


@given(a=clipped_periods(), b=clipped_periods())
def test_ordering_follows_the_start(a: Period, b: Period) -> None:
    """A period that starts earlier sorts first; equal keys mean equal periods."""
    if a.start < b.start:
        assert a < b
        assert a <= b
        assert b > a
        assert b >= a
        assert not b < a
    assert (a == b) == (a <= b and b <= a)


@given(items=st.lists(clipped_periods(), max_size=10))
def test_sorted_periods_have_nondecreasing_starts(items: list[Period]) -> None:
    """Sorting periods orders them by start."""
    starts = [period.start for period in sorted(items)]
    assert sorted(starts) == starts


def test_same_days_sort_coarser_kind_first() -> None:
    """A one-day clipped month sorts before the natural day covering the same date."""
    day = Period.parse("2026-07-01")
    month_piece = Period(PeriodKind.MONTH, day.start, end=day.end)
    assert [month_piece, day] == sorted([day, month_piece])


def test_periods_do_not_order_against_other_types(july: Period) -> None:
    """Comparing a period with a date raises TypeError rather than guessing."""
    with pytest.raises(TypeError):
        _ = july < pendulum.date(2026, 7, 1)  # type: ignore[operator]


# -- WorkCalendar -----------------------------------------------------------------------


def test_default_weekend_is_saturday_and_sunday(five_day_week: WorkCalendar) -> None:
    """The default calendar rests on Saturday and Sunday and works Monday to Friday."""
    assert frozenset({5, 6}) == five_day_week.weekend
    assert not five_day_week.is_workday(pendulum.date(2026, 7, 11))
    assert not five_day_week.is_workday(pendulum.date(2026, 7, 12))
    assert five_day_week.is_workday(pendulum.date(2026, 7, 13))
    assert 5 == five_day_week.count_workdays(Period.parse("2026-W28"))


def test_default_calendar_counts_july(five_day_week: WorkCalendar, july: Period) -> None:
    """July 2026 has 23 weekdays."""
    assert 23 == five_day_week.count_workdays(july)


def test_six_day_week(six_day_week: WorkCalendar) -> None:
    """With only Sunday off, a week has six workdays and Saturday is one of them."""
    assert frozenset({6}) == six_day_week.weekend
    assert 6 == six_day_week.count_workdays(Period.parse("2026-W28"))
    assert six_day_week.is_workday(pendulum.date(2026, 7, 11))


def test_holidays_and_extra_workdays(golden_week: WorkCalendar) -> None:
    """A weekday holiday is off, a make-up Saturday is worked."""
    assert not golden_week.is_workday(pendulum.date(2026, 10, 1))
    assert golden_week.is_workday(pendulum.date(2026, 10, 10))
    expected = [pendulum.date(2026, 10, d) for d in (5, 6, 7, 8, 9, 10)]
    assert expected == golden_week.workdays(Period.parse("2026-10-D1"))


def test_holiday_on_the_weekend_changes_nothing(five_day_week: WorkCalendar) -> None:
    """A holiday that falls on a Saturday leaves the workday count unchanged."""
    week = Period.parse("2026-W28")
    with_holiday = WorkCalendar(holidays=[dt.date(2026, 7, 11)])
    assert five_day_week.count_workdays(week) == with_holiday.count_workdays(week)


def test_calendar_dates_become_pendulum_dates() -> None:
    """Holidays given as datetime.date are stored as a frozenset of pendulum.Date."""
    calendar = WorkCalendar(holidays=[dt.date(2026, 10, 1)])
    assert frozenset({pendulum.date(2026, 10, 1)}) == calendar.holidays
    assert all(type(day) is pendulum.Date for day in calendar.holidays)


def test_holiday_that_is_also_an_extra_workday_is_refused() -> None:
    """A date that is both a holiday and an extra workday raises PeriodError naming it."""
    day = pendulum.date(2026, 10, 10)
    with pytest.raises(PeriodError, match="2026-10-10"):
        WorkCalendar(holidays={day}, extra_workdays={day})


def test_seven_day_weekend_is_refused() -> None:
    """A weekend of all seven days leaves no workday, so it raises PeriodError."""
    with pytest.raises(PeriodError, match="every day of the week"):
        WorkCalendar(weekend=range(7))


@pytest.mark.parametrize("weekday", [7, -1, True, "6", 5.0])
def test_weekday_out_of_range_is_refused(weekday: object) -> None:
    """A weekend day that is not an int from 0 to 6 raises PeriodError."""
    with pytest.raises(PeriodError, match="expected weekdays"):
        WorkCalendar(weekend=[weekday])


def test_calendar_refuses_datetimes() -> None:
    """A datetime as a holiday or as the day to test raises DateTypeError."""
    with pytest.raises(DateTypeError):
        WorkCalendar(holidays=[pendulum.datetime(2026, 10, 1)])
    with pytest.raises(DateTypeError):
        WorkCalendar().is_workday(pendulum.datetime(2026, 10, 1))


@given(data=st.data(), period=clipped_periods())
def test_workdays_are_the_counted_days_of_the_period(data: st.DataObject, period: Period) -> None:
    """workdays() is a sorted subset of the period's dates and count_workdays its length."""
    calendar = data.draw(work_calendars(dates(period.start, period.end)), label="calendar")
    workdays = calendar.workdays(period)
    assert len(workdays) == calendar.count_workdays(period)
    assert set(workdays) <= set(period.dates())
    assert sorted(workdays) == workdays
    assert all(calendar.is_workday(day) for day in workdays)


@given(data=st.data(), period=periods(), kind=period_kinds())
def test_workdays_add_up_over_a_split(
    data: st.DataObject, period: Period, kind: PeriodKind
) -> None:
    """The workdays of a period are the workdays of its split pieces, in order."""
    calendar = data.draw(work_calendars(dates(period.start, period.end)), label="calendar")
    pieces = period.split(kind)
    assert calendar.workdays(period) == [d for p in pieces for d in calendar.workdays(p)]


@given(data=st.data(), week=periods(st.just(PeriodKind.WEEK)))
def test_extra_days_move_the_weekly_count(data: st.DataObject, week: Period) -> None:
    """A week has 7 - len(weekend) workdays, less weekday holidays, plus weekend extras."""
    calendar = data.draw(work_calendars(dates(week.start, week.end)), label="calendar")
    days = week.dates()
    holidays = sum(
        1 for d in days if d in calendar.holidays and d.weekday() not in calendar.weekend
    )
    extras = sum(
        1 for d in days if d in calendar.extra_workdays and d.weekday() in calendar.weekend
    )
    assert 7 - len(calendar.weekend) - holidays + extras == calendar.count_workdays(week)
