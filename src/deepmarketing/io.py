"""Turn deepmarketing records into plain data (dicts, lists, strings) and back, with cattrs.

The model never imports this module: serialization lives beside it, as cattrs lives
beside attrs. Everything becomes JSON-ready data:

* ``Decimal`` amounts become strings (``"1234.50"``), so no digit is lost to a float;
* dates become ISO strings (``"2026-07-14"``), periods their canonical string
  (``"2026-07-D2"``), enums their value (``"consultant"``);
* moments become ISO strings with their offset and, after it, their time zone's name as
  RFC 9557 writes it (``"2026-07-01T08:00:00+08:00[Asia/Shanghai]"``); times of day ISO
  strings (``"08:30:00"``); durations ISO 8601 durations in seconds (``"PT2700S"``);
* sets become sorted lists, tuples lists;
* an :class:`~deepmarketing.org.Organization` becomes a dict of its five record lists.

Reading back validates everything: a float where an amount belongs, a malformed date or
an unknown role raises :class:`~deepmarketing.errors.SerializationError` listing every
problem with its path (``assignments[3].start``), and an organization is validated again
as by :meth:`~deepmarketing.org.Organization.from_records`.

Examples:
    >>> import json
    >>> import pendulum
    >>> from deepmarketing.io import from_dict, to_dict
    >>> from deepmarketing.org import Assignment, Role
    >>> a = Assignment("P-1", "R-07", role=Role.CONSULTANT, start=pendulum.date(2026, 7, 15))
    >>> data = to_dict(a)
    >>> data
    {'person_id': 'P-1', 'unit_id': 'R-07', 'role': 'consultant', 'start': '2026-07-15',
     'end': None}
    >>> from_dict(Assignment, json.loads(json.dumps(data))) == a
    True
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import cattrs
import pendulum
from cattrs.strategies import configure_union_passthrough

from .errors import DeepMarketingError, SerializationError
from .org import Organization
from .periods import Period
from .quantities import to_decimal

__all__ = ["from_dict", "from_json", "make_converter", "to_dict", "to_json"]

T = TypeVar("T")

_ORG_LISTS = ("units", "people", "assignments", "customers", "territories")


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, float):
        raise SerializationError(
            f"expected an amount as a string such as '1234.50', got float {value!r}"
        )
    return to_decimal(value)


def _structure_date(value: Any, _: type) -> pendulum.Date:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return pendulum.Date(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise SerializationError(f"expected an ISO date string, got {type(value).__name__}")
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        raise SerializationError(
            f"expected an ISO date such as '2026-07-14', got {value!r}"
        ) from None
    return pendulum.Date(day.year, day.month, day.day)


def _structure_period(value: Any, _: type) -> Period:
    if not isinstance(value, str):
        raise SerializationError(f"expected a period string, got {type(value).__name__}")
    return Period.parse(value)


def make_converter() -> cattrs.Converter:
    """A new cattrs converter that knows every deepmarketing type.

    :func:`to_dict` and :func:`from_dict` use one made once; make your own to add hooks
    for your types (records that embed deepmarketing ones) without touching ours.

    Examples:
        >>> conv = make_converter()
        >>> conv.unstructure(Decimal("0.10"))
        '0.10'
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        unstruct_collection_overrides={
            frozenset: _sorted_list,
            set: _sorted_list,
            tuple: list,
        },
    )
    configure_union_passthrough(int | str | float | bool | None, converter)
    # Level members are str subclasses: write them as plain strings.
    converter.register_unstructure_hook(str, str)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(pendulum.Date, _dt.date.isoformat)
    converter.register_structure_hook(pendulum.Date, _structure_date)
    # DateTime and Duration subclass Date and timedelta: their own hooks come first.
    converter.register_unstructure_hook(_dt.datetime, _unstructure_moment)
    converter.register_structure_hook(pendulum.DateTime, _structure_moment)
    converter.register_unstructure_hook(_dt.timedelta, _unstructure_duration)
    converter.register_structure_hook(pendulum.Duration, _structure_duration)
    converter.register_unstructure_hook(_dt.time, _dt.time.isoformat)
    converter.register_structure_hook(pendulum.Time, _structure_time)
    # only fields typed exactly Hashable (ids, nodes); every class is an abc.Hashable
    converter.register_structure_hook_func(lambda cls: cls is Hashable, _structure_key)
    converter.register_structure_hook(_dt.datetime, _structure_moment)
    converter.register_structure_hook(_dt.timedelta, _structure_duration)
    converter.register_structure_hook(_dt.time, _structure_time)
    converter.register_unstructure_hook(Fraction, str)
    converter.register_structure_hook(Fraction, _structure_fraction)
    _register_travel_model(converter)
    converter.register_unstructure_hook(Period, str)
    converter.register_structure_hook(Period, _structure_period)
    converter.register_unstructure_hook(Organization, _unstructure_org(converter))
    converter.register_structure_hook(Organization, _structure_org(converter))
    return converter


def _unstructure_moment(moment: _dt.datetime) -> str:
    text = moment.isoformat()
    name = getattr(moment.tzinfo, "name", None)
    if isinstance(name, str) and "/" in name:  # an IANA zone, not a bare offset
        text += f"[{name}]"
    return text


def _structure_moment(value: Any, _: type) -> pendulum.DateTime:
    if not isinstance(value, str):
        raise SerializationError(f"expected a moment as an ISO string, got {value!r}")
    text, _bracket, zone = value.partition("[")
    try:
        moment = pendulum.parse(text, tz=None)
    except Exception as error:
        raise SerializationError(f"expected an ISO moment, got {value!r}: {error}") from None
    if not isinstance(moment, pendulum.DateTime) or moment.utcoffset() is None:
        raise SerializationError(f"expected a moment with a UTC offset, got {value!r}")
    if zone:
        try:
            moment = moment.in_timezone(zone.rstrip("]"))
        except Exception:
            raise SerializationError(f"unknown time zone in {value!r}") from None
    return moment


def _unstructure_duration(duration: _dt.timedelta) -> str:
    seconds = Decimal(duration.days * 86400 + duration.seconds) + Decimal(
        duration.microseconds
    ) / Decimal(1_000_000)
    return f"PT{seconds.normalize():f}S"


def _structure_duration(value: Any, _: type) -> pendulum.Duration:
    if isinstance(value, str):
        try:
            parsed = pendulum.parse(value)
        except Exception:
            parsed = None
        if isinstance(parsed, _dt.timedelta):
            return pendulum.duration(seconds=parsed.total_seconds())
    raise SerializationError(f"expected an ISO 8601 duration such as 'PT2700S', got {value!r}")


def _structure_time(value: Any, _: type) -> pendulum.Time:
    try:
        return pendulum.Time.fromisoformat(value)
    except (TypeError, ValueError):
        raise SerializationError(
            f"expected a time of day such as '08:30:00', got {value!r}"
        ) from None


def _structure_key(value: Any, _: type) -> Any:
    """Ids and nodes (typed ``Hashable``) come back as they were written: str or int."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return value
    raise SerializationError(f"expected an id (a string or a whole number), got {value!r}")


def _structure_fraction(value: Any, _: type) -> Fraction:
    if isinstance(value, str):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
    raise SerializationError(f"expected an exact fraction such as '7/2', got {value!r}")


def _register_travel_model(converter: cattrs.Converter) -> None:
    """A travel model as its places and matrices (seconds and metres as numbers)."""
    from .routing import TravelModel

    def unstructure(model: TravelModel) -> dict[str, Any]:
        return {
            "places": list(model.places),
            "durations": model.durations_matrix(),
            "distances": model.distances_matrix(),
        }

    def structure(value: Any, _: type) -> TravelModel:
        if not isinstance(value, Mapping) or set(value) != {"places", "durations", "distances"}:
            raise SerializationError(
                "expected a travel model as {'places', 'durations', 'distances'}"
            )
        try:
            return TravelModel(
                tuple(value["places"]), value["durations"], distances=value["distances"]
            )
        except DeepMarketingError as error:
            raise SerializationError(str(error)) from None

    converter.register_unstructure_hook(TravelModel, unstructure)
    converter.register_structure_hook(TravelModel, structure)


def _sorted_list(values: Any) -> list[Any]:
    return sorted(values)


def _unstructure_org(converter: cattrs.Converter) -> Callable[[Organization], dict[str, Any]]:
    def unstructure(org: Organization) -> dict[str, Any]:
        return {name: [converter.unstructure(r) for r in getattr(org, name)] for name in _ORG_LISTS}

    return unstructure


def _structure_org(converter: cattrs.Converter) -> Callable[[Any, type], Organization]:
    from .org import Assignment, Customer, Person, TerritoryAssignment, Unit

    record_types: dict[str, type] = {
        "units": Unit,
        "people": Person,
        "assignments": Assignment,
        "customers": Customer,
        "territories": TerritoryAssignment,
    }

    def structure(data: Any, _: type) -> Organization:
        if not isinstance(data, Mapping):
            raise SerializationError(
                f"expected a mapping of record lists, got {type(data).__name__}"
            )
        problems: list[str] = []
        extra = sorted(set(data) - set(_ORG_LISTS))
        if extra:
            problems.append(f"unexpected keys {extra}; expected {list(_ORG_LISTS)}")
        lists: dict[str, list[Any]] = {}
        for name, record_type in record_types.items():
            rows = data.get(name, [])
            if not isinstance(rows, list):
                problems.append(f"{name}: expected a list, got {type(rows).__name__}")
                continue
            lists[name] = []
            for index, row in enumerate(rows):
                try:
                    lists[name].append(converter.structure(row, record_type))
                except Exception as exc:
                    problems.extend(_describe(exc, f"{name}[{index}]"))
        if problems:
            raise _serialization_error("Organization", problems)
        return Organization.from_records(**lists)

    return structure


def _describe(exc: BaseException, path: str) -> list[str]:
    if isinstance(exc, cattrs.BaseValidationError):
        described = []
        for message in cattrs.transform_error(exc, path=path, format_exception=_format_leaf):
            text, _, where = message.rpartition(" @ ")
            where = where.lstrip(".")
            described.append(f"{where}: {text}" if text and where else text or message)
        return described
    return [f"{path}: {_format_leaf(exc, None)}"]


def _format_leaf(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, DeepMarketingError):
        return exc.detail if exc.record is None else str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    return cattrs.v.format_exception(exc, type_)


def _serialization_error(name: str, problems: list[str]) -> SerializationError:
    count = len(problems)
    listing = "; ".join(problems)
    return SerializationError(
        f"{count} problem{'s' if count > 1 else ''}: {listing}", record=f"reading {name}"
    )


_CONVERTER = make_converter()


def to_dict(obj: Any) -> Any:
    """Turn a deepmarketing record (or a list or dict of them) into JSON-ready data.

    Args:
        obj: A record such as an ``Assignment``, a ``Period``, an ``Organization``,
            or a collection of them.

    Returns:
        Dicts, lists, strings, ints, floats, bools and ``None`` only.

    Examples:
        >>> to_dict(Period.parse("2026-07-D2"))
        '2026-07-D2'
    """
    return _CONVERTER.unstructure(obj)


def from_dict(cls: type[T], data: Any) -> T:
    """Build a ``cls`` from data made by :func:`to_dict` (or by hand, or from JSON).

    Args:
        cls: The record type to build, e.g. ``Assignment`` or ``Organization``.
        data: Plain data as :func:`to_dict` produces it.

    Returns:
        The record, equal to the one ``data`` was made from.

    Raises:
        SerializationError: Listing every field that does not fit, with its path.
        OrganizationValidationError: If an organization's records do not fit together.

    Examples:
        >>> from deepmarketing.quantities import Metric
        >>> from_dict(Metric, {"name": "sales", "unit": "CNY", "quantum": "0.01"})
        Metric(name='sales', unit='CNY', quantum=Decimal('0.01'))
        >>> from_dict(Metric, {"name": "sales", "unit": "CNY", "quantum": 0.01})
        Traceback (most recent call last):
        ...
        deepmarketing.errors.SerializationError: reading Metric: 1 problem: quantum: ...
    """
    if cls is Organization:
        return _CONVERTER.structure(data, cls)
    try:
        return _CONVERTER.structure(data, cls)
    except DeepMarketingError as exc:
        raise _serialization_error(cls.__name__, [_format_leaf(exc, cls)]) from exc
    except Exception as exc:
        raise _serialization_error(cls.__name__, _describe(exc, "")) from exc


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """:func:`to_dict`, then :func:`json.dumps` (keys in their natural order).

    Examples:
        >>> from deepmarketing.quantities import SALES_CNY
        >>> to_json(SALES_CNY)
        '{"name": "sales", "unit": "CNY", "quantum": "0.01"}'
        >>> print(to_json([Period.parse("2026-07"), Period.parse("2026-Q3")], indent=2))
        [
          "2026-07",
          "2026-Q3"
        ]
    """
    return json.dumps(to_dict(obj), indent=indent, ensure_ascii=False)


def from_json(cls: type[T], text: str | bytes) -> T:
    """:func:`json.loads`, then :func:`from_dict`.

    Raises:
        SerializationError: If ``text`` is not JSON, or does not fit ``cls``.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> org = sample_company().org
        >>> from_json(Organization, to_json(org)) == org
        True
        >>> from_json(Organization, "{units: []}")
        Traceback (most recent call last):
        ...
        deepmarketing.errors.SerializationError: reading Organization: not valid JSON: ...
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SerializationError(
            f"not valid JSON: {exc}", record=f"reading {cls.__name__}"
        ) from None
    return from_dict(cls, data)
