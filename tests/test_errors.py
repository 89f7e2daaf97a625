"""Tests for deepmarketing.errors: the error tree, messages, pickling and the batch group."""

from __future__ import annotations

import builtins
import copy
import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepmarketing import errors
from deepmarketing.errors import (
    DeepMarketingError,
    OrganizationError,
    OrganizationValidationError,
    UnknownRecordError,
)

_TREE_LINE = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>[A-Z]\w*Error)(?:\((?P<base>\w+)\))?")


def documented_tree() -> dict[str, tuple[str | None, str | None]]:
    """Read errors.py's docstring tree: each class's tree parent and named builtin."""
    assert errors.__doc__ is not None
    tree: dict[str, tuple[str | None, str | None]] = {}
    parents: list[tuple[int, str]] = []  # (column, name) of the open ancestors
    for line in errors.__doc__.splitlines():
        match = _TREE_LINE.match(line)
        if match is None or (tree and not match["indent"].strip(" ")):
            continue
        column = len(match["indent"])
        while parents and parents[-1][0] >= column:
            parents.pop()
        tree[match["name"]] = (parents[-1][1] if parents else None, match["base"])
        parents.append((column, match["name"]))
    return tree


TREE = documented_tree()
SIMPLE_ERRORS = [
    getattr(errors, name)
    for name in errors.__all__
    if name not in {"OrganizationValidationError", "CreditingError"}  # groups: (message, list)
]


@pytest.fixture
def unit_problem() -> OrganizationError:
    """A unit whose parent does not exist."""
    return OrganizationError("parent 'X' does not exist", record="unit 'A'")


@pytest.fixture
def unknown_person() -> UnknownRecordError:
    """An assignment naming a person who is not in the organization."""
    return UnknownRecordError("person 'P9' does not exist", record="assignment of 'P9'")


@pytest.fixture
def batch(
    unit_problem: OrganizationError, unknown_person: UnknownRecordError
) -> OrganizationValidationError:
    """A validation batch with one plain and one unknown-record problem."""
    return OrganizationValidationError("2 problems", [unit_problem, unknown_person])


# -- the tree ---------------------------------------------------------------------------


def test_docstring_tree_lists_every_exported_error() -> None:
    """The tree in errors.py's docstring names exactly the classes in __all__."""
    assert sorted(errors.__all__) == sorted(TREE)
    assert (None, "Exception") == TREE["DeepMarketingError"]


@pytest.mark.parametrize("name", errors.__all__)
def test_every_error_is_a_deepmarketing_error(name: str) -> None:
    """Each exported error class derives from DeepMarketingError."""
    assert issubclass(getattr(errors, name), DeepMarketingError)


@pytest.mark.parametrize("name", sorted(TREE))
def test_every_error_inherits_its_documented_builtin_and_parent(name: str) -> None:
    """Each class inherits the builtin its tree line names and its parent in the tree."""
    parent, base = TREE[name]
    cls = getattr(errors, name)
    if base is not None:
        assert issubclass(cls, getattr(builtins, base))
    if parent is not None:
        assert issubclass(cls, getattr(errors, parent))


@pytest.mark.parametrize(
    ("name", "builtin"),
    [
        ("QuantityError", ValueError),
        ("AmountTypeError", TypeError),
        ("AmountTypeError", ValueError),
        ("DateTypeError", TypeError),
        ("UnknownRecordError", KeyError),
        ("AllocationError", ValueError),
        ("OrganizationValidationError", ExceptionGroup),
    ],
)
def test_spot_check_of_builtins(name: str, builtin: type[Exception]) -> None:
    """Catching the builtin a caller already handles still catches our error."""
    assert issubclass(getattr(errors, name), builtin)


# -- messages ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", SIMPLE_ERRORS, ids=lambda cls: cls.__name__)
def test_record_prefixes_the_message(cls: type[DeepMarketingError]) -> None:
    """With a record, str() reads 'record: message' and detail keeps the bare message."""
    err = cls("parent 'D-99' does not exist", record="unit 'R-07'")
    assert "unit 'R-07': parent 'D-99' does not exist" == str(err)
    assert "unit 'R-07'" == err.record
    assert "parent 'D-99' does not exist" == err.detail


@pytest.mark.parametrize("cls", SIMPLE_ERRORS, ids=lambda cls: cls.__name__)
def test_without_record_the_message_stands_alone(cls: type[DeepMarketingError]) -> None:
    """Without a record, str() is the message and record is None."""
    err = cls("expected a positive quantum, got 0")
    assert "expected a positive quantum, got 0" == str(err)
    assert err.record is None


def test_unknown_record_message_is_not_quoted(unknown_person: UnknownRecordError) -> None:
    """UnknownRecordError reads like the others, not quoted as KeyError would."""
    assert "assignment of 'P9': person 'P9' does not exist" == str(unknown_person)


def test_unknown_record_is_caught_as_key_error(unknown_person: UnknownRecordError) -> None:
    """Code that catches KeyError around a lookup catches an UnknownRecordError."""
    with pytest.raises(KeyError) as info:
        raise unknown_person
    assert unknown_person is info.value


# -- pickling ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", SIMPLE_ERRORS, ids=lambda cls: cls.__name__)
def test_pickling_keeps_type_record_and_message(cls: type[DeepMarketingError]) -> None:
    """An error sent through pickle comes back with the same type, record and text."""
    err = cls("ends before it starts", record="assignment of 'P1'")
    back = pickle.loads(pickle.dumps(err))
    assert type(err) is type(back)
    assert (err.record, err.detail, str(err)) == (back.record, back.detail, str(back))


@given(
    cls=st.sampled_from(SIMPLE_ERRORS),
    message=st.text(),
    record=st.none() | st.text(min_size=1),
)
def test_pickling_round_trips_any_message(
    cls: type[DeepMarketingError], message: str, record: str | None
) -> None:
    """Any message and record survive pickle and copy unchanged."""
    err = cls(message, record=record)
    for back in (pickle.loads(pickle.dumps(err)), copy.copy(err), copy.deepcopy(err)):
        assert type(err) is type(back)
        assert (record, message, str(err)) == (back.record, back.detail, str(back))


# -- OrganizationValidationError --------------------------------------------------------


def test_batch_is_a_group_and_an_organization_error(batch: OrganizationValidationError) -> None:
    """The batch is an ExceptionGroup, an OrganizationError and a ValueError at once."""
    assert isinstance(batch, ExceptionGroup)
    assert isinstance(batch, OrganizationError)
    assert isinstance(batch, DeepMarketingError)
    assert isinstance(batch, ValueError)


def test_batch_lists_its_problems(batch: OrganizationValidationError) -> None:
    """The problems property gives every message, record first, in the order found."""
    expected = (
        "unit 'A': parent 'X' does not exist",
        "assignment of 'P9': person 'P9' does not exist",
    )
    assert expected == batch.problems


def test_batch_attributes(batch: OrganizationValidationError) -> None:
    """The batch keeps its message and no single record; its text names every problem."""
    assert "2 problems" == batch.message
    assert "2 problems" == batch.detail
    assert batch.record is None
    expected = (
        "2 problems: unit 'A': parent 'X' does not exist; "
        "assignment of 'P9': person 'P9' does not exist"
    )
    assert expected == str(batch)


def test_one_except_catches_a_batch(batch: OrganizationValidationError) -> None:
    """One except OrganizationError catches a whole batch like a single problem."""
    with pytest.raises(OrganizationError) as info:
        raise batch
    assert batch is info.value


def test_split_keeps_the_group_type(
    batch: OrganizationValidationError,
    unit_problem: OrganizationError,
    unknown_person: UnknownRecordError,
) -> None:
    """split() by type gives two batches of the same class and message."""
    unknown, rest = batch.split(UnknownRecordError)
    assert isinstance(unknown, OrganizationValidationError)
    assert isinstance(rest, OrganizationValidationError)
    assert ([unknown_person], [unit_problem]) == (list(unknown.exceptions), list(rest.exceptions))
    assert ("2 problems", "2 problems") == (unknown.message, rest.message)
    assert (str(unknown_person),) == unknown.problems
    assert f"2 problems: {unit_problem}" == str(rest)


def test_subgroup_by_record(
    batch: OrganizationValidationError, unit_problem: OrganizationError
) -> None:
    """subgroup() with a predicate keeps only the matching problems, as a batch."""
    units = batch.subgroup(lambda e: e.record is not None and e.record.startswith("unit "))
    assert isinstance(units, OrganizationValidationError)
    assert [unit_problem] == list(units.exceptions)


def test_subgroup_with_no_match_is_none(batch: OrganizationValidationError) -> None:
    """subgroup() that matches nothing gives None."""
    assert batch.subgroup(lambda e: isinstance(e, KeyError) and e.record == "nobody") is None


def test_except_star_picks_out_unknown_records(
    batch: OrganizationValidationError, unknown_person: UnknownRecordError
) -> None:
    """except* UnknownRecordError handles those problems and lets the rest propagate."""
    handled: list[Exception] = []

    def handle_unknown_records() -> None:
        try:
            raise batch
        except* UnknownRecordError as group:
            handled.extend(group.exceptions)

    with pytest.raises(OrganizationValidationError) as info:
        handle_unknown_records()
    assert [unknown_person] == handled
    assert ("unit 'A': parent 'X' does not exist",) == info.value.problems


def test_batch_pickles(batch: OrganizationValidationError) -> None:
    """A batch through pickle keeps its class, message, problems and their records."""
    back = pickle.loads(pickle.dumps(batch))
    assert type(batch) is type(back)
    assert batch.message == back.message
    assert batch.problems == back.problems
    assert [e.record for e in batch.exceptions] == [e.record for e in back.exceptions]
    assert [type(e) for e in batch.exceptions] == [type(e) for e in back.exceptions]
