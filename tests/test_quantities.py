"""Tests for deepmarketing.quantities: Decimal conversion, rounding, sums and metrics."""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, QuantityError
from deepmarketing.quantities import (
    COLLECTION_CNY,
    EXPENSES_CNY,
    NEW_CUSTOMERS,
    SALES_CNY,
    VOLUME_TONNES,
    Metric,
    Rounding,
    exact_sum,
    is_multiple,
    quantize,
    to_decimal,
)
from strategies import amounts, decimals_at, metrics, quanta

HALF_MODES = frozenset({Rounding.HALF_EVEN, Rounding.HALF_UP, Rounding.HALF_DOWN})

roundings = st.sampled_from(Rounding)


@pytest.fixture
def cents() -> Decimal:
    """The quantum of money to the fen."""
    return Decimal("0.01")


@pytest.fixture
def hostile_context() -> decimal.Context:
    """A process context a host application might set: 3 digits, always rounding up."""
    return decimal.Context(prec=3, rounding=decimal.ROUND_UP)


# -- to_decimal -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, Decimal(5)),
        (-12, Decimal(-12)),
        ("1234.50", Decimal("1234.50")),
        ("  7.5\n", Decimal("7.5")),
        ("1_000_000", Decimal(1_000_000)),
        ("-0.001", Decimal("-0.001")),
        ("1E+3", Decimal("1E+3")),
    ],
)
def test_to_decimal_reads_ints_and_numeric_strings(value: object, expected: Decimal) -> None:
    """Ints and numeric strings (blanks and underscores allowed) become exact Decimals."""
    actual = to_decimal(value)
    assert expected == actual
    assert str(expected) == str(actual)


def test_to_decimal_returns_a_decimal_as_it_is() -> None:
    """A Decimal is returned unchanged, exponent and all."""
    value = Decimal("10.500")
    assert value is to_decimal(value)


@given(value=amounts())
def test_to_decimal_round_trips_strings(value: Decimal) -> None:
    """The string of a finite Decimal reads back to the same value and exponent."""
    assert str(value) == str(to_decimal(str(value)))


@pytest.mark.parametrize("value", [0.1, 1.0, float("nan"), True, False, None, [1], b"1", 1j])
def test_to_decimal_refuses_floats_bools_and_other_types(value: object) -> None:
    """Floats, bools and non-numbers raise AmountTypeError, which is also a TypeError."""
    with pytest.raises(AmountTypeError, match=f"got {type(value).__name__} ") as info:
        to_decimal(value, what="target of 'P-1'")
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, QuantityError)
    assert "target of 'P-1'" == info.value.record


@pytest.mark.parametrize("value", ["abc", "", "1,000", "12.5.1", "¥12"])
def test_to_decimal_refuses_non_numeric_strings(value: str) -> None:
    """A string that is not a number raises QuantityError quoting it."""
    with pytest.raises(QuantityError) as info:
        to_decimal(value, what="target of 'P-1'")
    assert f"target of 'P-1': expected a number, got {value!r}" == str(info.value)
    assert not isinstance(info.value, TypeError)


@pytest.mark.parametrize(
    "value",
    ["NaN", "nan", "sNaN", "inf", "-Infinity", Decimal("NaN"), Decimal("-Infinity")],
)
def test_to_decimal_refuses_nan_and_infinity(value: object) -> None:
    """NaN and infinities, as strings or Decimals, raise QuantityError."""
    with pytest.raises(QuantityError, match="expected a finite number"):
        to_decimal(value)


# -- quantize ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "quantum", "rounding", "expected"),
    [
        ("2.675", "0.01", Rounding.HALF_UP, "2.68"),
        ("2.675", "0.01", Rounding.HALF_EVEN, "2.68"),
        ("2.665", "0.01", Rounding.HALF_EVEN, "2.66"),
        ("2.665", "0.01", Rounding.HALF_DOWN, "2.66"),
        ("12.5", "1", Rounding.HALF_EVEN, "12"),
        ("13.5", "1", Rounding.HALF_EVEN, "14"),
        ("12.5", "1", Rounding.HALF_UP, "13"),
        ("1.37", "0.05", Rounding.HALF_EVEN, "1.35"),
        ("1.375", "0.05", Rounding.HALF_EVEN, "1.40"),
        ("1.375", "0.05", Rounding.HALF_DOWN, "1.35"),
        ("1249", "500", Rounding.HALF_EVEN, "1000"),
        ("1250", "500", Rounding.HALF_EVEN, "1000"),
        ("1250", "500", Rounding.HALF_UP, "1500"),
        ("1001", "500", Rounding.CEILING, "1500"),
        ("-2.5", "1", Rounding.HALF_UP, "-3"),
        ("-2.5", "1", Rounding.FLOOR, "-3"),
        ("-2.5", "1", Rounding.CEILING, "-2"),
        ("-2.5", "1", Rounding.DOWN, "-2"),
        ("-2.5", "1", Rounding.UP, "-3"),
        ("2", "0.01", Rounding.HALF_EVEN, "2.00"),
        ("10.0004", "0.001", Rounding.UP, "10.001"),
    ],
)
def test_quantize_examples(value: str, quantum: str, rounding: Rounding, expected: str) -> None:
    """Each mode breaks ties and remainders as named, at the quantum's exponent."""
    assert expected == str(quantize(Decimal(value), Decimal(quantum), rounding=rounding))


def test_quantize_defaults_to_bankers_rounding(cents: Decimal) -> None:
    """Without a named mode, quantize rounds half to even."""
    assert Decimal("0.12") == quantize(Decimal("0.125"), cents)
    assert Decimal("0.14") == quantize(Decimal("0.135"), cents)


def test_quantize_accepts_decimal_module_constants(cents: Decimal) -> None:
    """decimal.ROUND_* constants name the same modes as Rounding members."""
    assert quantize("0.125", cents, rounding=Rounding.HALF_UP) == quantize(
        "0.125", cents, rounding=decimal.ROUND_HALF_UP
    )


def test_quantize_refuses_an_unknown_rounding_name(cents: Decimal) -> None:
    """A rounding mode that is not a Rounding raises QuantityError (also a ValueError)."""
    with pytest.raises(QuantityError, match="'HALF_UP'"):
        quantize("0.125", cents, rounding="HALF_UP")


@given(value=amounts(), quantum=quanta(), rounding=roundings)
def test_quantize_gives_the_nearest_multiple(
    value: Decimal, quantum: Decimal, rounding: Rounding
) -> None:
    """The result is a multiple of the quantum, within half of it (HALF_*) or one of it."""
    result = quantize(value, quantum, rounding=rounding)
    assert is_multiple(result, quantum)
    distance = abs(result - value)
    if rounding in HALF_MODES:
        assert distance <= quantum / 2
    else:
        assert distance < quantum
    assert quantum.as_tuple().exponent == result.as_tuple().exponent


@given(value=amounts(), quantum=quanta())
def test_directed_modes_round_the_named_way(value: Decimal, quantum: Decimal) -> None:
    """FLOOR never goes up, CEILING never down, DOWN toward zero, UP away from it."""
    assert quantize(value, quantum, rounding=Rounding.FLOOR) <= value
    assert quantize(value, quantum, rounding=Rounding.CEILING) >= value
    assert abs(quantize(value, quantum, rounding=Rounding.DOWN)) <= abs(value)
    assert abs(quantize(value, quantum, rounding=Rounding.UP)) >= abs(value)


@given(data=st.data(), quantum=quanta(), rounding=roundings)
def test_quantize_leaves_multiples_alone(
    data: st.DataObject, quantum: Decimal, rounding: Rounding
) -> None:
    """A value that is already a multiple of the quantum is returned equal to itself."""
    value = data.draw(decimals_at(quantum), label="value")
    assert value == quantize(value, quantum, rounding=rounding)


@given(value=amounts(), quantum=quanta(), rounding=roundings)
def test_quantize_is_idempotent(value: Decimal, quantum: Decimal, rounding: Rounding) -> None:
    """Rounding a rounded value again changes nothing."""
    once = quantize(value, quantum, rounding=rounding)
    assert once == quantize(once, quantum, rounding=rounding)


@pytest.mark.parametrize("quantum", [Decimal(0), Decimal("-0.01"), -1, "0"])
def test_quantize_refuses_a_non_positive_quantum(quantum: object) -> None:
    """A zero or negative quantum raises QuantityError."""
    with pytest.raises(QuantityError, match="expected a positive quantum"):
        quantize(Decimal(1), quantum)  # type: ignore[arg-type]


def test_quantize_refuses_floats(cents: Decimal) -> None:
    """A float value or quantum raises AmountTypeError, also a TypeError."""
    with pytest.raises(AmountTypeError):
        quantize(1.25, cents)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="quantum"):
        quantize(Decimal("1.25"), 0.05)  # type: ignore[arg-type]


def test_quantize_reports_a_value_too_large_for_its_quantum(cents: Decimal) -> None:
    """A value with more digits than the context holds raises QuantityError, not a trap."""
    with pytest.raises(QuantityError, match="too large"):
        quantize(Decimal("1E+70"), cents)


# -- the process decimal context --------------------------------------------------------

CONTEXT_CASES = [
    ("1234567.891", "0.01", Rounding.HALF_EVEN),
    ("2.675", "0.01", Rounding.HALF_EVEN),
    ("2.665", "0.01", Rounding.HALF_DOWN),
    ("-1.375", "0.05", Rounding.HALF_UP),
    ("98765432.1", "500", Rounding.FLOOR),
    ("0.0004", "0.001", Rounding.DOWN),
]


def test_quantize_ignores_the_process_context(hostile_context: decimal.Context) -> None:
    """A process context of 3 digits rounding up changes no result of quantize."""
    outside = [quantize(v, q, rounding=r) for v, q, r in CONTEXT_CASES]
    with decimal.localcontext(hostile_context):
        inside = [quantize(v, q, rounding=r) for v, q, r in CONTEXT_CASES]
    assert [str(d) for d in outside] == [str(d) for d in inside]
    assert Decimal("1234567.89") == outside[0]


@given(value=amounts(), quantum=quanta(), rounding=roundings)
def test_quantize_ignores_any_process_context(
    value: Decimal, quantum: Decimal, rounding: Rounding
) -> None:
    """Whatever precision and rounding the process context has, quantize is unchanged."""
    expected = quantize(value, quantum, rounding=rounding)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_UP
        actual = quantize(value, quantum, rounding=rounding)
    assert str(expected) == str(actual)


def test_sums_tests_and_formats_ignore_the_process_context(
    hostile_context: decimal.Context,
) -> None:
    """exact_sum, is_multiple and Metric.format read the same under a 3-digit context."""

    def compute() -> tuple[object, ...]:
        return (
            exact_sum(["1234.5", "0.01", "1000000"]),
            is_multiple("1234567.89", "0.01"),
            SALES_CNY.format(Decimal("1.005")),
            SALES_CNY.format(Decimal("1234567.891")),
            SALES_CNY.zero,
        )

    expected = compute()
    with decimal.localcontext(hostile_context):
        actual = compute()
    assert expected == actual
    assert (Decimal("1001234.51"), True, "1.00 CNY", "1,234,567.89 CNY") == expected[:4]


# -- is_multiple ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "quantum", "expected"),
    [
        ("10.50", "0.01", True),
        ("10.505", "0.01", False),
        ("1.5", "0.5", True),
        ("1.55", "0.05", True),
        ("1.56", "0.05", False),
        ("-1500", "500", True),
        ("0", "0.001", True),
    ],
)
def test_is_multiple_examples(value: str, quantum: str, expected: bool) -> None:
    """Whole multiples of the quantum, of either sign, are recognised."""
    assert expected == is_multiple(Decimal(value), Decimal(quantum))


@given(data=st.data(), quantum=quanta())
def test_multiples_are_multiples(data: st.DataObject, quantum: Decimal) -> None:
    """Any n * quantum is a multiple; adding half a quantum makes it not one."""
    value = data.draw(decimals_at(quantum), label="value")
    assert is_multiple(value, quantum)
    assert not is_multiple(value + quantum / 2, quantum)


@given(value=amounts(), quantum=quanta())
def test_is_multiple_agrees_with_quantize(value: Decimal, quantum: Decimal) -> None:
    """A value is a multiple exactly when rounding it to the quantum leaves it equal."""
    assert (quantize(value, quantum) == value) == is_multiple(value, quantum)


def test_is_multiple_reports_a_value_too_large() -> None:
    """A value too large to divide in the library context raises QuantityError."""
    with pytest.raises(QuantityError, match="too large"):
        is_multiple(Decimal("1E+70"), Decimal("0.01"))


def test_is_multiple_refuses_floats_and_bad_quanta() -> None:
    """A float raises AmountTypeError; a zero quantum raises QuantityError."""
    with pytest.raises(AmountTypeError):
        is_multiple(0.5, Decimal("0.5"))  # type: ignore[arg-type]
    with pytest.raises(QuantityError, match="positive quantum"):
        is_multiple(Decimal(1), Decimal(0))


# -- exact_sum --------------------------------------------------------------------------


def test_exact_sum_adds_tenths_exactly() -> None:
    """Ten times 0.1 is exactly 1.0, where floats would drift."""
    assert Decimal("1.0") == exact_sum([Decimal("0.1")] * 10)


def test_exact_sum_mixes_decimals_ints_and_strings() -> None:
    """Decimals, ints and numeric strings add up, keeping the finest exponent."""
    assert "3.30" == str(exact_sum([Decimal("0.10"), "0.20", 3]))


def test_exact_sum_of_nothing_is_zero() -> None:
    """The empty sum is Decimal zero."""
    assert Decimal(0) == exact_sum([])


def test_exact_sum_accepts_any_iterable() -> None:
    """A generator is summed like a list."""
    assert Decimal(6) == exact_sum(Decimal(n) for n in (1, 2, 3))


def test_exact_sum_refuses_floats() -> None:
    """A float anywhere in the amounts raises AmountTypeError."""
    with pytest.raises(AmountTypeError):
        exact_sum([Decimal(1), 0.5])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "values",
    [
        [Decimal(1), Decimal("NaN")],
        [Decimal("sNaN"), Decimal(1)],
        [Decimal("Infinity")],
        [Decimal("Infinity"), Decimal("-Infinity")],
        [Decimal(1), "-Infinity"],
    ],
)
def test_exact_sum_refuses_nan_and_infinities(values: list[Decimal | str]) -> None:
    """A NaN or an infinity among the amounts raises QuantityError naming it."""
    with pytest.raises(QuantityError, match="finite"):
        exact_sum(values)


def test_exact_sum_keeps_more_digits_than_the_default_context() -> None:
    """Sums beyond the default 28 digits stay exact."""
    big = Decimal("1" + "0" * 40)
    assert Decimal("1" + "0" * 39 + "1") == exact_sum([big, Decimal(1)])


@given(values=st.lists(amounts()))
def test_exact_sum_is_exact_and_order_free(values: list[Decimal]) -> None:
    """exact_sum equals a wide-context sum, forwards and backwards."""
    with decimal.localcontext(decimal.Context(prec=200)):
        expected = sum(values, Decimal(0))
    assert expected == exact_sum(values)
    assert expected == exact_sum(reversed(values))


# -- Metric -----------------------------------------------------------------------------


def test_metric_converts_its_quantum() -> None:
    """A quantum given as a string or an int is stored as a Decimal."""
    assert Decimal("0.01") == Metric("sales", "CNY", "0.01").quantum
    assert Decimal(1) == Metric("visits", "visits", 1).quantum


def test_metric_refuses_a_float_quantum() -> None:
    """A float quantum raises AmountTypeError naming the quantum."""
    with pytest.raises(AmountTypeError) as info:
        Metric("sales", "CNY", 0.01)  # type: ignore[arg-type]
    assert "quantum" == info.value.record
    assert isinstance(info.value, TypeError)


@pytest.mark.parametrize("quantum", [Decimal(0), Decimal("-0.01"), "NaN"])
def test_metric_refuses_a_bad_quantum(quantum: object) -> None:
    """A zero, negative or NaN quantum raises QuantityError."""
    with pytest.raises(QuantityError):
        Metric("sales", "CNY", quantum)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "unit", "field"),
    [("", "CNY", "name"), ("   ", "CNY", "name"), ("sales", "", "unit"), ("sales", None, "unit")],
)
def test_metric_refuses_an_empty_name_or_unit(name: object, unit: object, field: str) -> None:
    """An empty or blank name or unit raises QuantityError naming the field."""
    with pytest.raises(QuantityError, match=f"non-empty string for {field}"):
        Metric(name, unit, Decimal("0.01"))  # type: ignore[arg-type]


def test_metric_is_frozen() -> None:
    """A metric cannot be changed in place; attrs.evolve makes a new one."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        SALES_CNY.quantum = Decimal(1)  # type: ignore[misc]
    assert Decimal(1) == attrs.evolve(SALES_CNY, quantum=Decimal(1)).quantum


def test_metric_validate_returns_the_amount() -> None:
    """A whole multiple of the quantum is returned as a Decimal."""
    assert Decimal("12.5") == VOLUME_TONNES.validate("12.5")
    assert Decimal(3) == NEW_CUSTOMERS.validate(3)


def test_metric_validate_refuses_a_finer_amount() -> None:
    """An amount finer than the quantum raises QuantityError naming metric or record."""
    with pytest.raises(QuantityError) as info:
        VOLUME_TONNES.validate(Decimal("12.5005"))
    assert "volume: expected a multiple of 0.001 t, got 12.5005" == str(info.value)
    with pytest.raises(QuantityError) as info:
        VOLUME_TONNES.validate(Decimal("12.5005"), record="target of 'P-3'")
    assert "target of 'P-3'" == info.value.record


def test_metric_validate_refuses_a_float() -> None:
    """A float amount raises AmountTypeError with the record named."""
    with pytest.raises(AmountTypeError) as info:
        SALES_CNY.validate(10.5, record="order 'O-1'")  # type: ignore[arg-type]
    assert "order 'O-1'" == info.value.record


def test_metric_quantize_uses_its_quantum() -> None:
    """Metric.quantize rounds to the metric's quantum with the named mode."""
    assert Decimal("10.00") == SALES_CNY.quantize(Decimal("10.005"))
    assert Decimal("10.01") == SALES_CNY.quantize(Decimal("10.005"), rounding=Rounding.HALF_UP)


@pytest.mark.parametrize(
    ("metric", "value", "expected"),
    [
        (SALES_CNY, Decimal("1234567.5"), "1,234,567.50 CNY"),
        (SALES_CNY, Decimal("-1234.5"), "-1,234.50 CNY"),
        (SALES_CNY, 0, "0.00 CNY"),
        (NEW_CUSTOMERS, 12, "12 customers"),
        (VOLUME_TONNES, "12.5", "12.500 t"),
        (Metric("bonus", "CNY", "500"), Decimal(1500), "1,500 CNY"),
        (Metric("sales", "CNY", "0.05"), Decimal("1.05"), "1.05 CNY"),
    ],
)
def test_metric_format(metric: Metric, value: object, expected: str) -> None:
    """Metric.format shows the quantum's decimal places, thousands separators and the unit."""
    assert expected == metric.format(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("metric", "expected"),
    [(SALES_CNY, "0.00"), (VOLUME_TONNES, "0.000"), (NEW_CUSTOMERS, "0")],
)
def test_metric_zero_has_the_quantum_precision(metric: Metric, expected: str) -> None:
    """Metric.zero is Decimal zero at the quantum's exponent."""
    assert expected == str(metric.zero)


def test_predefined_metrics() -> None:
    """The shipped metrics name their measure, unit and quantum."""
    expected = [
        ("sales", "CNY", Decimal("0.01")),
        ("collection", "CNY", Decimal("0.01")),
        ("expenses", "CNY", Decimal("0.01")),
        ("volume", "t", Decimal("0.001")),
        ("new_customers", "customers", Decimal(1)),
    ]
    shipped = [SALES_CNY, COLLECTION_CNY, EXPENSES_CNY, VOLUME_TONNES, NEW_CUSTOMERS]
    assert expected == [(m.name, m.unit, m.quantum) for m in shipped]


@given(data=st.data(), metric=metrics())
def test_metric_accepts_and_shows_its_multiples(data: st.DataObject, metric: Metric) -> None:
    """Every multiple validates, survives quantize, and reads back from format."""
    value = data.draw(decimals_at(metric.quantum), label="value")
    assert value == metric.validate(value)
    assert value == metric.quantize(value)
    shown = metric.format(value)
    assert shown.endswith(f" {metric.unit}")
    assert value == Decimal(shown[: -len(metric.unit) - 1].replace(",", ""))


@given(metric=metrics())
def test_metric_zero_is_a_valid_amount(metric: Metric) -> None:
    """Metric.zero equals 0 and validates as a multiple of the quantum."""
    assert Decimal(0) == metric.zero
    assert metric.zero == metric.validate(metric.zero)
