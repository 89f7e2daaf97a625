"""Serialization: every public value object survives a JSON round trip unchanged."""

import json
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing.errors import OrganizationValidationError, SerializationError
from deepmarketing.io import from_dict, from_json, make_converter, to_dict, to_json
from deepmarketing.org import Assignment, Customer, Organization, Role, Unit
from deepmarketing.periods import Period, WorkCalendar
from deepmarketing.quantities import Metric
from deepmarketing.samples import sample_company
from strategies import (
    assignments,
    clipped_periods,
    customers,
    geo_points,
    metrics,
    org_histories,
    people,
    territory_assignments,
    units,
    work_calendars,
)

VALUE_OBJECTS = st.one_of(
    clipped_periods(),
    work_calendars(),
    metrics(),
    geo_points(),
    units(),
    people(),
    assignments(),
    customers(),
    territory_assignments(),
)


def json_round_trip(obj):
    """Serialize through real JSON text and read back as the same type."""
    return from_dict(type(obj), json.loads(json.dumps(to_dict(obj))))


@given(VALUE_OBJECTS)
def test_value_objects_round_trip_through_json(obj):
    """to_dict, JSON text and from_dict give back an equal object, for every value object."""
    assert obj == json_round_trip(obj)


@given(org_histories())
def test_organizations_round_trip_through_json(records):
    """A whole organization survives to_json/from_json with every record unchanged."""
    org = Organization.from_records(**records)
    assert org == from_json(Organization, to_json(org))


def test_sample_company_round_trips():
    """The sample company's organization, 1,800 customers and history included, round-trips."""
    org = sample_company().org
    assert org == from_json(Organization, to_json(org))


@given(VALUE_OBJECTS)
def test_serialized_form_is_plain_json(obj):
    """to_dict yields only JSON types: dicts, lists, strings, numbers, booleans and None."""

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, float, bool)

    assert plain(to_dict(obj))


def test_decimals_become_strings_and_dates_iso():
    """Amounts are written as strings (no float rounding), dates as ISO strings."""
    metric = Metric("volume", "t", Decimal("0.001"))
    assert {"name": "volume", "unit": "t", "quantum": "0.001"} == to_dict(metric)
    calendar = WorkCalendar(weekend=[6], holidays=[pendulum.date(2026, 10, 1)])
    assert {"weekend": [6], "holidays": ["2026-10-01"], "extra_workdays": []} == to_dict(calendar)
    assert "2026-W27[2026-07-01..2026-07-05]" == to_dict(Period.parse("2026-07").split("week")[0])


def test_float_amount_is_refused():
    """A float where an amount belongs is a SerializationError naming the field."""
    with pytest.raises(SerializationError, match=r"quantum: expected an amount as a string"):
        from_dict(Metric, {"name": "sales", "unit": "CNY", "quantum": 0.01})


def test_every_field_problem_is_reported_at_once():
    """A record with several bad fields reports all of them, each with its path."""
    with pytest.raises(SerializationError) as info:
        from_dict(
            Assignment, {"person_id": "P", "unit_id": "U", "role": "boss", "start": "2026-13-01"}
        )
    message = str(info.value)
    assert "2 problems" in message
    assert "role:" in message
    assert "start: expected an ISO date" in message
    assert isinstance(info.value, ValueError)


def test_organization_reports_every_bad_row():
    """Reading an organization lists every bad row of every list, with its index."""
    data = to_dict(sample_company().org)
    data["people"][3] = {"id": "P-X"}
    data["assignments"][5]["role"] = "boss"
    data["territories"][7]["start"] = "yesterday"
    with pytest.raises(SerializationError) as info:
        from_dict(Organization, data)
    message = str(info.value)
    assert "3 problems" in message
    assert "people[3].name: required field missing" in message
    assert "assignments[5].role" in message
    assert "territories[7].start" in message


def test_record_validation_errors_name_the_record():
    """A record whose own validation fails (end before start) is named in the error."""
    data = {
        "person_id": "P-1",
        "unit_id": "R-1",
        "role": "consultant",
        "start": "2026-07-15",
        "end": "2026-07-01",
    }
    with pytest.raises(SerializationError, match=r"assignment of 'P-1' to 'R-1': ends on"):
        from_dict(Assignment, data)


def test_organization_is_validated_after_reading():
    """Rows that read fine but do not fit together raise OrganizationValidationError."""
    data = {
        "units": [to_dict(Unit("HQ", "Co", level="company"))],
        "people": [],
        "assignments": [
            to_dict(Assignment("P-9", "HQ", role=Role.VP_SALES, start=pendulum.date(2026, 1, 1)))
        ],
    }
    with pytest.raises(OrganizationValidationError) as info:
        from_dict(Organization, data)
    assert ("assignment of 'P-9' to 'HQ': person 'P-9' does not exist",) == info.value.problems


def test_unknown_keys_are_refused():
    """An unexpected key (a typo) is an error, not silently dropped data."""
    data = to_dict(Customer("C-1", "Store", kind="retailer"))
    data["prority"] = 3
    with pytest.raises(SerializationError, match="prority"):
        from_dict(Customer, data)


def test_bad_json_text():
    """Text that is not JSON is a SerializationError, not a JSONDecodeError."""
    with pytest.raises(SerializationError, match="not valid JSON"):
        from_json(Metric, "{nope")


def test_make_converter_is_independent():
    """make_converter returns a fresh converter a caller can extend without touching ours."""
    mine = make_converter()
    mine.register_unstructure_hook(Decimal, float)
    assert "1.50" == to_dict(Decimal("1.50"))
    assert 1.5 == mine.unstructure(Decimal("1.50"))


def test_target_plans_and_negotiation_events_round_trip():
    """A cascaded plan and a negotiation's events survive JSON, so a CRM can store them."""
    from deepmarketing.quantities import SALES_CNY
    from deepmarketing.targets import Even, NegotiationEvent, TargetNegotiation, TargetPlan, cascade

    company = sample_company()
    plan = cascade(company.org, SALES_CNY, Period.parse("2026-Q3"), 9_000_000, weights=Even())
    assert plan == from_json(TargetPlan, to_json(plan))
    assert "9000000.00" == to_dict(plan)["targets"][0]["amount"]
    region = plan.unit_target("D1-R1")
    manager = company.org.manager_of_unit("D1", as_of=company.as_of)
    assert manager is not None
    talks = TargetNegotiation(plan, company.org).propose(
        region, region.amount, by=manager.id, at=company.as_of
    )
    events = [from_dict(NegotiationEvent, to_dict(e)) for e in talks.events]
    assert talks == TargetNegotiation.replay(plan, company.org, events)


def test_moments_keep_their_zone_and_durations_their_microseconds():
    """A DateTime is written with its offset and zone name, a Duration as ISO seconds."""
    moment = pendulum.datetime(2026, 3, 29, 3, 15, 0, 250_000, tz="Europe/Berlin")
    assert "2026-03-29T03:15:00.250000+02:00[Europe/Berlin]" == to_dict(moment)
    assert moment == from_dict(pendulum.DateTime, to_dict(moment))
    assert "Europe/Berlin" == from_dict(pendulum.DateTime, to_dict(moment)).timezone_name
    assert "PT2700.5S" == to_dict(pendulum.duration(seconds=2700.5))
    assert pendulum.duration(seconds=2700.5) == from_dict(pendulum.Duration, "PT2700.5S")
    assert "08:30:00" == to_dict(pendulum.time(8, 30))
    assert pendulum.time(8, 30) == from_dict(pendulum.Time, "08:30:00")


@pytest.mark.parametrize(
    ("cls", "value", "expected"),
    [
        (pendulum.DateTime, "2026-07-01T08:00:00", "with a UTC offset"),
        (pendulum.DateTime, "yesterday", "ISO moment"),
        (pendulum.DateTime, "2026-07-01T08:00:00+08:00[Mars/Olympus]", "unknown time zone"),
        (pendulum.Duration, 2700, "ISO 8601 duration"),
        (pendulum.Time, "8h30", "time of day"),
    ],
)
def test_bad_moments_durations_and_times_are_named(cls, value, expected):
    """A moment without an offset, a bare number for a duration: a SerializationError."""
    with pytest.raises(SerializationError, match=expected):
        from_dict(cls, value)


def test_a_planned_day_round_trips_through_json():
    """A DayRoute survives JSON exactly: moments, durations, ids and nested records."""
    from deepmarketing.routing import DayRoute, plan_day
    from deepmarketing.samples import sample_day

    route = plan_day(sample_day(sample_company(), stops=6))
    data = json.loads(to_json(route))
    assert data["departure"].endswith("[Asia/Shanghai]")
    back = from_json(DayRoute, to_json(route))
    # Compared through their data: pytest's doctest collection may import the routing
    # modules a second time, and then the read-back records are of the twin classes.
    assert to_dict(route) == to_dict(back)
    assert route.visits[0].arrival == back.visits[0].arrival
    assert route.travel_time == back.travel_time


def test_a_period_plan_round_trips_through_json():
    """A PeriodPlan, with its problem's travel model and exact frequencies, survives JSON."""
    from fractions import Fraction

    from deepmarketing.routing import Frequency, PeriodPlan, plan_period
    from deepmarketing.samples import sample_period

    plan = plan_period(sample_period(sample_company(), weeks=1))
    text = to_json(plan)
    assert text == to_json(from_json(PeriodPlan, text))
    assert "7/2" == to_dict(Frequency.per_week(2))["interval"]
    assert Fraction(7, 2) == from_dict(Frequency, {"interval": "7/2"}).interval


def test_a_delivery_plan_round_trips_through_json():
    """A DeliveryPlan (vehicles, windows, durations, Decimal demands) survives JSON."""
    from deepmarketing.routing import (
        Delivery,
        DeliveryPlan,
        DeliveryProblem,
        TravelModel,
        Vehicle,
        plan_deliveries,
    )

    start = pendulum.datetime(2026, 7, 1, 8, tz="Asia/Shanghai")
    travel = TravelModel.from_matrix(
        [[0, 600, 900], [600, 0, 400], [900, 400, 0]], places=["depot", "A", "B"]
    )
    problem = DeliveryProblem(
        travel,
        "depot",
        vehicles=[Vehicle("V1", Decimal(5))],
        deliveries=[
            Delivery("A", "A", demand=Decimal(2), service=pendulum.duration(minutes=10)),
            Delivery("B", "B", demand=Decimal("2.5"), windows=[(start, start.add(hours=2))]),
        ],
        start=start,
        end=start.add(hours=9),
    )
    plan = plan_deliveries(problem, time_limit=None, max_iterations=50)
    text = to_json(plan)
    assert text == to_json(from_json(DeliveryPlan, text))


def test_a_travel_model_is_written_as_places_and_matrices():
    """A TravelModel becomes its places and matrices, and a bad matrix is a clear error."""
    from deepmarketing.routing import TravelModel

    model = TravelModel.from_matrix([[0, 60], [90, 0]], places=["a", "b"])
    data = to_dict(model)
    assert {
        "places": ["a", "b"],
        "durations": [[0.0, 60.0], [90.0, 0.0]],
        "distances": None,
    } == data
    assert model == from_dict(TravelModel, data)
    with pytest.raises(SerializationError, match="from 'b' to 'a' is -5"):
        from_dict(
            TravelModel, {"places": ["a", "b"], "durations": [[0, 5], [-5, 0]], "distances": None}
        )
