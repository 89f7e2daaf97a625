"""Tests for the allocation drivers: Even, FromPeople, FromCustomers, Blend, resolve_weights.

Unit and person weights on the sample company are checked against brute force over the
organization's raw records (assignments, territories and the unit tree), not through the
organization's own queries.
"""

from __future__ import annotations

import decimal
import functools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepmarketing.errors import AllocationError, AmountTypeError
from deepmarketing.org import (
    Assignment,
    Customer,
    Organization,
    Person,
    Role,
    TerritoryAssignment,
    Unit,
)
from deepmarketing.periods import Period
from deepmarketing.quantities import DECIMAL_CONTEXT, SALES_CNY
from deepmarketing.samples import SampleCompany, sample_company
from deepmarketing.targets import (
    Blend,
    Driver,
    Even,
    FromCustomers,
    FromPeople,
    cascade,
    market_potential,
    prior_actuals,
)
from deepmarketing.targets._drivers import resolve_weights

DAY = pendulum.Date
EXACT = decimal.Context(prec=100, traps=[decimal.Inexact])

#: Days the sample's history makes interesting: before and after each move, and the sample's today.
SAMPLE_DAYS = (
    DAY(2025, 6, 1),
    DAY(2026, 3, 31),
    DAY(2026, 4, 1),
    DAY(2026, 6, 30),
    DAY(2026, 7, 1),
    DAY(2026, 7, 14),
    DAY(2026, 7, 15),
    DAY(2026, 12, 31),
)


@functools.cache
def company() -> SampleCompany:
    """The sample company (built once: it is immutable)."""
    return sample_company()


def unit_ids() -> list[str]:
    """Every unit of the sample company."""
    return [u.id for u in company().org.units]


def person_ids() -> list[str]:
    """Every person of the sample company."""
    return [p.id for p in company().org.people]


def customer_ids() -> list[str]:
    """Every customer of the sample company."""
    return [c.id for c in company().org.customers]


# -- brute force over the records --------------------------------------------------------------


def below(unit_id: str) -> set[str]:
    """The unit and every unit under it, from the parent links of the unit records."""
    found = {unit_id}
    grew = True
    while grew:
        more = {u.id for u in company().org.units if u.parent_id in found} - found
        grew = bool(more)
        found |= more
    return found


def people_in(unit_id: str, day: pendulum.Date) -> set[str]:
    """Who holds any position in the unit or under it on ``day``, from the assignment records."""
    units = below(unit_id)
    return {
        a.person_id
        for a in company().org.assignments
        if a.unit_id in units and a.start <= day and (a.end is None or day <= a.end)
    }


@functools.cache
def territories_by_person() -> dict[str, list[TerritoryAssignment]]:
    """The territory records grouped by owner (a plain index over the records)."""
    index: dict[str, list[TerritoryAssignment]] = defaultdict(list)
    for t in company().org.territories:
        index[t.person_id].append(t)
    return dict(index)


def customers_of(person_id: str, day: pendulum.Date) -> set[str]:
    """The customers ``person_id`` owns on ``day``, from the territory records."""
    return {
        t.customer_id
        for t in territories_by_person().get(person_id, [])
        if t.start <= day and (t.end is None or day <= t.end)
    }


def person_sum(values: Mapping[str, Decimal | int], people: set[str]) -> Decimal:
    """The values of ``people`` added up exactly (missing people count as zero)."""
    return sum((Decimal(values.get(p, 0)) for p in people), Decimal(0))


def customer_sum(
    values: Mapping[str, Decimal | int], people: set[str], day: pendulum.Date
) -> Decimal:
    """The values of every customer the people own on ``day``, added up exactly."""
    owned = set().union(*(customers_of(p, day) for p in people)) if people else set()
    return sum((Decimal(values.get(c, 0)) for c in owned), Decimal(0))


def normalised(weights: Mapping[str, object], ids: Sequence[str]) -> dict[str, Fraction]:
    """Each id's share of the group's total weight (zero for an all-zero group)."""
    raw = {i: Fraction(Decimal(str(weights[i]))) for i in ids}
    total = sum(raw.values())
    return {i: (w / total if total else Fraction(0)) for i, w in raw.items()}


def as_decimal(value: Fraction) -> Decimal:
    """A fraction as Blend writes it: divided out in the library's decimal context."""
    return DECIMAL_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


# -- strategies ---------------------------------------------------------------------------------


def figures() -> st.SearchStrategy[Decimal | int]:
    """Non-negative figures: zeros, whole numbers and fen."""
    return st.one_of(
        st.just(0),
        st.integers(min_value=0, max_value=10**7),
        st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    )


def owner_groups() -> st.SearchStrategy[list[str]]:
    """A group of sample unit and person ids, as a cascade asks a driver about."""
    return st.lists(
        st.sampled_from(unit_ids() + person_ids()), min_size=1, max_size=12, unique=True
    )


def group_ids() -> st.SearchStrategy[list[str]]:
    """Distinct short ids."""
    return st.lists(
        st.text("abcdefgh", min_size=1, max_size=3), min_size=1, max_size=10, unique=True
    )


@st.composite
def weight_maps_for(draw: st.DrawFn, ids: list[str]) -> dict[str, Decimal | int]:
    """A non-negative weight for every id in ``ids``."""
    return {i: draw(figures()) for i in ids}


# -- Even ------------------------------------------------------------------------------------


@given(group_ids())
def test_even_gives_everyone_weight_one(ids: list[str]) -> None:
    """Even() gives every id of a group the weight 1."""
    assert dict.fromkeys(ids, 1) == dict(Even().weights_for(ids))
    assert isinstance(Even(), Driver)


def test_even_cascade_splits_every_group_evenly() -> None:
    """Even() gives the sample's districts, regions and consultants equal shares."""
    org = company().org
    plan = cascade(org, SALES_CNY, Period.parse("2026-Q1"), Decimal("90000.00"), weights=Even())
    assert {Decimal("30000.00")} == {plan.for_unit(d) for d in ("D1", "D2", "D3")}
    assert {Decimal("10000.00")} == {plan.for_unit(u.id) for u in org.subunits("D1")}
    assert {Decimal("2000.00")} == {plan.for_person(f"P-D1-R1-C{c}") for c in range(1, 6)}


# -- FromPeople, FromCustomers --------------------------------------------------------------------


@settings(max_examples=40)
@given(
    st.dictionaries(st.sampled_from(person_ids()), figures()),
    owner_groups(),
    st.sampled_from(SAMPLE_DAYS),
)
def test_from_people_weighs_a_unit_as_its_members_on_as_of(
    values: dict[str, Decimal | int], ids: list[str], day: pendulum.Date
) -> None:
    """A unit weighs the sum of the figures of everyone in it (or under it) on as_of."""
    weights = FromPeople(company().org, values, as_of=day).weights_for(ids)
    expected = {
        i: person_sum(values, people_in(i, day)) if i in unit_ids() else Decimal(values.get(i, 0))
        for i in ids
    }
    assert expected == dict(weights)


@settings(max_examples=40)
@given(
    st.dictionaries(st.sampled_from(customer_ids()), figures(), max_size=300),
    owner_groups(),
    st.sampled_from(SAMPLE_DAYS),
)
def test_from_customers_weighs_owners_by_the_customers_they_own(
    values: dict[str, Decimal | int], ids: list[str], day: pendulum.Date
) -> None:
    """A person weighs their customers on as_of; a unit, the customers of everyone in it."""
    weights = FromCustomers(company().org, values, as_of=day).weights_for(ids)
    expected = {
        i: customer_sum(values, people_in(i, day) if i in unit_ids() else {i}, day) for i in ids
    }
    assert expected == dict(weights)


@pytest.mark.parametrize("day", SAMPLE_DAYS)
def test_prior_actuals_and_market_potential_add_up_the_sample_figures(day: pendulum.Date) -> None:
    """prior_actuals and market_potential add up the customers' figures owned on as_of."""
    sample = company()
    ids = unit_ids() + person_ids()
    for driver, values in (
        (prior_actuals(sample.org, sample.prior_year_sales, as_of=day), sample.prior_year_sales),
        (market_potential(sample.org, sample.market_potential, as_of=day), sample.market_potential),
    ):
        weights = driver.weights_for(ids)
        for i in ids:
            people = people_in(i, day) if i in unit_ids() else {i}
            assert customer_sum(values, people, day) == weights[i], i


def test_the_transfer_moves_weight_with_the_customers() -> None:
    """On 15 July the new hire weighs what the mover's customers did; regions keep their total."""
    sample = company()
    before = prior_actuals(sample.org, sample.prior_year_sales, as_of=DAY(2026, 7, 14))
    after = prior_actuals(sample.org, sample.prior_year_sales, as_of=DAY(2026, 7, 15))
    mover, newcomer = "P-D1-R1-C5", "P-D1-R1-C6"
    assert before.weights_for([mover])[mover] > 0
    assert 0 == before.weights_for([newcomer])[newcomer]
    assert before.weights_for([mover])[mover] == after.weights_for([newcomer])[newcomer]
    # The mover took over the customers D1-R2's manager covered since the departure.
    covered = before.weights_for(["P-D1-R2-M"])["P-D1-R2-M"]
    assert covered > 0
    assert covered == after.weights_for([mover])[mover]
    assert 0 == after.weights_for(["P-D1-R2-M"])["P-D1-R2-M"]
    regions = ["D1-R1", "D1-R2", "HQ"]
    assert before.weights_for(regions) == after.weights_for(regions)
    total = sum(sample.prior_year_sales.values(), Decimal(0))
    assert total == after.weights_for(["HQ"])["HQ"]


def test_a_driver_cascade_follows_prior_sales() -> None:
    """The sample docstring example: districts get shares of 250M by their prior-year sales."""
    sample = company()
    driver = prior_actuals(sample.org, sample.prior_year_sales, as_of=sample.as_of)
    plan = cascade(
        sample.org,
        SALES_CNY,
        Period.parse("2026"),
        Decimal("250000000.00"),
        weights=driver,
    )
    assert [] == plan.check()
    districts = ("D1", "D2", "D3")
    weights = driver.weights_for(list(districts))
    total = sum(weights.values(), Decimal(0))
    for district in districts:
        exact = Fraction(250_000_000) * Fraction(weights[district]) / Fraction(total)
        assert abs(Fraction(plan.for_unit(district)) - exact) < Fraction(1, 100)


@settings(max_examples=30)
@given(
    st.dictionaries(st.sampled_from(customer_ids()), figures(), max_size=300),
    st.lists(owner_groups(), min_size=1, max_size=4),
    st.sampled_from(SAMPLE_DAYS),
)
def test_a_driver_answers_alike_however_often_and_in_whatever_order_it_is_asked(
    values: dict[str, Decimal | int], groups: list[list[str]], day: pendulum.Date
) -> None:
    """One driver asked group after group gives what a fresh driver gives for each group."""
    for kind in (FromCustomers, FromPeople):
        driver = kind(company().org, values, as_of=day)
        for ids in groups + groups[::-1]:
            assert kind(company().org, values, as_of=day).weights_for(ids) == driver.weights_for(
                ids
            )


def test_each_persons_figure_is_worked_out_once_per_driver() -> None:
    """A cascade asks for every level, but a driver adds up each person's customers once."""
    calls: Counter[str] = Counter()

    @attrs.frozen
    class Counting(FromCustomers):
        def _person(self, person_id: str) -> Decimal:
            calls[person_id] += 1
            return super()._person(person_id)

    sample = company()
    driver = Counting(sample.org, sample.prior_year_sales, as_of=sample.as_of)
    plan = cascade(sample.org, SALES_CNY, Period.parse("2026"), Decimal("1000.00"), weights=driver)
    assert [] == plan.check()
    assert calls
    assert {1} == set(calls.values())
    expected = prior_actuals(sample.org, sample.prior_year_sales, as_of=sample.as_of)
    assert (
        cascade(sample.org, SALES_CNY, Period.parse("2026"), Decimal("1000.00"), weights=expected)
        == plan
    )


def test_what_a_driver_keeps_changes_neither_equality_nor_hash() -> None:
    """A driver that has answered equals (and hashes like) a fresh one over the same figures."""
    sample = company()
    used = prior_actuals(sample.org, sample.prior_year_sales, as_of=sample.as_of)
    used.weights_for(unit_ids() + person_ids())
    fresh = prior_actuals(sample.org, sample.prior_year_sales, as_of=sample.as_of)
    assert fresh == used
    assert hash(fresh) == hash(used)
    assert repr(fresh) == repr(used)
    assert prior_actuals(sample.org, {}, as_of=sample.as_of) != used


@pytest.mark.parametrize("kind", [FromPeople, FromCustomers])
def test_a_driver_keeps_its_own_copy_of_the_figures(kind: type[FromPeople]) -> None:
    """Changing the caller's dict afterwards changes nothing; the driver's copy is read-only."""
    sample = company()
    key = "P-D1-R1-C1" if kind is FromPeople else "C-D1-R1-C1-01"
    figures_ = {key: Decimal("100.00")}
    driver = kind(sample.org, figures_, as_of=sample.as_of)
    figures_[key] = Decimal("999999.00")
    figures_["P-D1-R1-C2" if kind is FromPeople else "C-D1-R1-C2-01"] = Decimal(5)
    assert {"D1-R1": Decimal("100.00")} == driver.weights_for(["D1-R1"])
    assert {key: Decimal("100.00")} == driver.values
    with pytest.raises(TypeError):
        driver.values[key] = Decimal(1)  # type: ignore[index]
    hash(driver)  # frozen, so hashable


def test_an_id_both_unit_and_person_is_refused_by_per_person_drivers() -> None:
    """FromPeople and FromCustomers raise naming an id that is a unit's and a person's."""
    day = DAY(2025, 1, 1)
    org = Organization.from_records(
        units=[
            Unit("1", "Co", level="company"),
            Unit("2", "North", parent_id="1", level="region"),
            Unit("U3", "South", parent_id="1", level="region"),
        ],
        people=[Person("1", "VP"), Person("2", "Li"), Person("3", "Wang")],
        assignments=[
            Assignment("1", "1", role=Role.VP_SALES, start=day),
            Assignment("2", "2", role=Role.CONSULTANT, start=day),
            Assignment("3", "U3", role=Role.CONSULTANT, start=day),
        ],
        customers=[Customer("C", "Farm", kind="end_customer")],
        territories=[TerritoryAssignment("C", "3", start=day)],
    )
    for driver in (
        FromPeople(org, {"2": 100, "3": 100}, as_of=day),
        FromCustomers(org, {"C": 100}, as_of=day),
    ):
        with pytest.raises(AllocationError, match="ids must be unambiguous") as info:
            driver.weights_for(["2", "U3"])
        assert "'2'" in str(info.value)
        assert "'U3'" not in str(info.value)
        assert {"U3": Decimal(100), "3": Decimal(100)} == driver.weights_for(["U3", "3"])


# -- Blend ---------------------------------------------------------------------------------------


@st.composite
def blend_cases(draw: st.DrawFn) -> tuple[list[str], dict[str, Decimal | int], Decimal | int]:
    """A group, a weight map over it and a positive blend weight."""
    ids = draw(group_ids())
    share = draw(st.one_of(st.integers(1, 10), st.sampled_from([Decimal("0.7"), Decimal("0.3")])))
    return ids, draw(weight_maps_for(ids)), share


@given(blend_cases(), st.one_of(st.integers(1, 10), st.sampled_from([Decimal("0.25"), 3])))
def test_blending_a_driver_with_itself_gives_it_normalised(
    case: tuple[list[str], dict[str, Decimal | int], Decimal | int], other: Decimal | int
) -> None:
    """Blend([(m, a), (m, b)]) gives each id (a + b) x its share of m in the group."""
    ids, weights, share = case
    blended = Blend([(weights, share), (weights, other)]).weights_for(ids)
    scale = Fraction(Decimal(share)) + Fraction(Decimal(other))
    expected = {i: as_decimal(w * scale) for i, w in normalised(weights, ids).items()}
    assert expected == dict(blended)


@given(group_ids(), st.one_of(st.integers(1, 100), st.sampled_from(["0.7", Decimal("1.5")])))
def test_a_blend_of_even_alone_is_even(ids: list[str], share: int | str | Decimal) -> None:
    """Blend([(Even(), s)]) gives every id s / n."""
    blended = Blend([(Even(), share)]).weights_for(ids)
    assert {as_decimal(Fraction(Decimal(share)) / len(ids))} == set(blended.values())
    assert list(ids) == list(blended)


@given(
    blend_cases(),
    st.data(),
    st.one_of(st.integers(1, 10**6), st.sampled_from([Decimal("0.001"), Decimal("12.5")])),
)
def test_scaling_one_drivers_values_changes_nothing(
    case: tuple[list[str], dict[str, Decimal | int], Decimal | int],
    data: st.DataObject,
    factor: Decimal | int,
) -> None:
    """Multiplying every value of one blended driver by a constant leaves the blend the same."""
    ids, weights, share = case
    other = data.draw(weight_maps_for(ids))
    scaled = {i: EXACT.multiply(Decimal(w), Decimal(factor)) for i, w in weights.items()}
    original = Blend([(weights, share), (other, 1), (Even(), 2)]).weights_for(ids)
    assert dict(original) == dict(
        Blend([(scaled, share), (other, 1), (Even(), 2)]).weights_for(ids)
    )


@given(blend_cases(), st.data())
def test_blend_weights_are_the_weighted_normalised_shares(
    case: tuple[list[str], dict[str, Decimal | int], Decimal | int], data: st.DataObject
) -> None:
    """Each id gets the sum over drivers of blend weight x its share of that driver in the group."""
    ids, first, a = case
    second = data.draw(weight_maps_for(ids))
    b = data.draw(st.integers(0, 5))
    blended = Blend({Even(): 1, FromMapping(first): a, FromMapping(second): b}).weights_for(ids)
    one, two = normalised(first, ids), normalised(second, ids)
    scale_a, scale_b = Fraction(Decimal(a)), Fraction(b)
    expected = {
        i: as_decimal(Fraction(1, len(ids)) + scale_a * one[i] + scale_b * two[i]) for i in ids
    }
    assert expected == dict(blended)


class FromMapping:
    """A hashable driver over a fixed mapping (a Blend given as a dict needs hashable keys)."""

    def __init__(self, values: Mapping[str, Decimal | int]) -> None:
        self.values = dict(values)

    def weights_for(self, ids: Sequence[str]) -> Mapping[str, Decimal | int]:
        """The mapping's value of each id."""
        return {i: self.values[i] for i in ids}


def test_the_blend_docstring_example() -> None:
    """Half even, half last year's sales: 300 and 100 give 1.25 and 0.75."""
    blend = Blend([(Even(), 1), ({"a": 300, "b": 100}, 1)])
    assert {"a": Decimal("1.25"), "b": Decimal("0.75")} == dict(blend.weights_for(["a", "b"]))


@pytest.mark.parametrize(
    "parts", [[(Even(), -1)], [(Even(), 0)], [(Even(), 0), ({"a": 1}, 0)], []], ids=repr
)
def test_blend_weights_must_be_non_negative_and_not_all_zero(
    parts: list[tuple[object, int]],
) -> None:
    """A negative blend weight, or no positive one, raises AllocationError."""
    with pytest.raises(AllocationError, match="blend"):
        Blend(parts)  # type: ignore[arg-type]


def test_a_float_blend_weight_is_refused() -> None:
    """A float blend weight raises AmountTypeError."""
    with pytest.raises(AmountTypeError):
        Blend([(Even(), 0.5)])  # type: ignore[list-item]


# -- resolve_weights ----------------------------------------------------------------------------


@given(group_ids(), st.data())
def test_a_mapping_missing_ids_raises_one_error_listing_them_all(
    ids: list[str], data: st.DataObject
) -> None:
    """A mapping without several ids raises one AllocationError naming every missing id."""
    missing = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    weights = {i: 1 for i in ids if i not in missing}
    with pytest.raises(AllocationError) as info:
        resolve_weights(weights, ids)
    message = str(info.value)
    for i in missing:
        assert repr(i) in message
    for i in set(ids) - set(missing):
        assert repr(i) not in message
    # Listed in the group's order.
    positions = [message.index(repr(i)) for i in ids if i in missing]
    assert sorted(positions) == positions


class OnlyA:
    """A driver that only knows "a"."""

    def weights_for(self, ids: Sequence[str]) -> Mapping[str, int]:
        """Weight 1 for "a" only."""
        return {"a": 1}


def test_a_driver_missing_ids_raises_listing_them() -> None:
    """A driver that leaves ids out is reported like a mapping, every missing id at once."""
    with pytest.raises(AllocationError, match=r"none for 'b', 'c'"):
        resolve_weights(OnlyA(), ["a", "b", "c"])


@given(group_ids(), st.data())
def test_a_negative_weight_raises_naming_the_id(ids: list[str], data: st.DataObject) -> None:
    """A negative weight raises AllocationError naming the id and its weight."""
    bad = data.draw(st.sampled_from(ids))
    weights = {i: (Decimal("-0.5") if i == bad else 1) for i in ids}
    for given_weights in (weights, weights.__getitem__):
        with pytest.raises(AllocationError, match="non-negative") as info:
            resolve_weights(given_weights, ids)
        assert f"{bad!r} (-0.5)" in str(info.value)


@pytest.mark.parametrize("style", ["mapping", "callable", "driver"])
def test_a_float_weight_raises_amount_type_error(style: str) -> None:
    """A float weight raises AmountTypeError naming the id, however the weights come."""
    values = {"a": 1, "b": 2.5}
    weights: object = {
        "mapping": values,
        "callable": values.__getitem__,
        "driver": FromMapping(values),  # type: ignore[arg-type]
    }[style]
    with pytest.raises(AmountTypeError, match="'b'"):
        resolve_weights(weights, ["a", "b"])  # type: ignore[arg-type]


@given(group_ids(), st.data())
def test_resolve_weights_reads_mappings_callables_and_drivers_alike(
    ids: list[str], data: st.DataObject
) -> None:
    """A mapping, a callable and a driver over the same values resolve to the same Decimals."""
    values = data.draw(weight_maps_for(ids))
    expected = {i: Decimal(values[i]) for i in ids}
    assert expected == resolve_weights(values, ids)
    assert expected == resolve_weights(values.__getitem__, ids)
    assert expected == resolve_weights(FromMapping(values), ids)
