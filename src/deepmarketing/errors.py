"""Errors raised by deepmarketing.

Every error the library raises on bad input is a :class:`DeepMarketingError`. Each area
has its own subclass, and each subclass also inherits the builtin it resembles, so code
that already catches ``ValueError``, ``TypeError`` or ``KeyError`` keeps working::

    DeepMarketingError(Exception)
    ├── QuantityError(ValueError)          amounts, metrics, rounding
    │   └── AmountTypeError(TypeError)     a float (or other non-number) given as an amount
    ├── PeriodError(ValueError)            periods, calendars
    │   └── DateTypeError(TypeError)       a datetime or string given where a date is expected
    ├── OrganizationError(ValueError)      units, people, positions, customers, territories
    │   ├── UnknownRecordError(KeyError)   an id that is not in the organization
    │   └── OrganizationValidationError    every problem of one batch (an ExceptionGroup)
    ├── SerializationError(ValueError)     dict/JSON data that does not fit a record
    ├── TargetError(ValueError)            target plans and negotiations
    │   └── AllocationError                a split whose bounds cannot be met
    ├── RoutingError(ValueError)           travel models and route solvers
    ├── ProcessError(ValueError)           plans, reports and reviews
    ├── ScoringError(ValueError)           KPIs and scorecards
    ├── PlanError(ValueError)              incentive plans and crediting
    │   └── CreditingError                 every bad transaction of one batch (an ExceptionGroup)
    ├── ChannelError(ValueError)           dealer network and price policy
    └── TalentError(ValueError)            selection, training and team composition

Every message says what was expected, what came, and which record: ``unit 'R-07':
parent 'D-99' does not exist``. The offending record's id is also kept in
:attr:`DeepMarketingError.record`, so a CRM can attach the message to its own row.

Examples:
    >>> from deepmarketing.errors import OrganizationError
    >>> err = OrganizationError("parent 'D-99' does not exist", record="unit 'R-07'")
    >>> str(err)
    "unit 'R-07': parent 'D-99' does not exist"
    >>> err.record
    "unit 'R-07'"
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self, TypeVar

__all__ = [
    "AllocationError",
    "AmountTypeError",
    "ChannelError",
    "CreditingError",
    "DateTypeError",
    "DeepMarketingError",
    "OrganizationError",
    "OrganizationValidationError",
    "PeriodError",
    "PlanError",
    "ProcessError",
    "QuantityError",
    "RoutingError",
    "ScoringError",
    "SerializationError",
    "TalentError",
    "TargetError",
    "UnknownRecordError",
]


class DeepMarketingError(Exception):
    """Root of every error deepmarketing raises on bad input.

    Args:
        message: What was expected and what came instead.
        record: Which record is at fault, e.g. ``"unit 'R-07'"``; prefixed to the message.

    Attributes:
        record: The offending record, or ``None`` when the problem is not tied to one.
        detail: The message without the record prefix.

    Examples:
        >>> from deepmarketing.quantities import to_decimal
        >>> try:
        ...     to_decimal(0.5, what="price of 'SKU-1'")
        ... except DeepMarketingError as err:
        ...     print(err.record, "|", err.detail)
        price of 'SKU-1' | expected a Decimal, int or numeric string, got float 0.5
    """

    record: str | None
    detail: str

    def __init__(self, message: str, *, record: str | None = None) -> None:
        self.record = record
        self.detail = message
        super().__init__(f"{record}: {message}" if record else message)

    def __str__(self) -> str:
        # KeyError's own __str__ would quote the message; every subclass reads the same.
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep ``record`` through pickling (multiprocessing, task queues).
        return (_rebuild, (type(self), self.detail, self.record))


def _rebuild(cls: type[DeepMarketingError], detail: str, record: str | None) -> DeepMarketingError:
    return cls(detail, record=record)


class QuantityError(DeepMarketingError, ValueError):
    """An amount, metric or rounding request that does not make sense."""


class AmountTypeError(QuantityError, TypeError):
    """A float or other non-number was given where an exact amount is expected."""


class PeriodError(DeepMarketingError, ValueError):
    """A period, period string or work calendar that does not make sense."""


class DateTypeError(PeriodError, TypeError):
    """A datetime, string or other object was given where a calendar date is expected."""


class OrganizationError(DeepMarketingError, ValueError):
    """A problem with the organization's units, people, positions, customers or territories."""


class UnknownRecordError(OrganizationError, KeyError):
    """An id that names no record of the organization.

    Also a ``KeyError``, so ``except KeyError`` around a lookup keeps working.

    Examples:
        >>> from deepmarketing.samples import sample_company
        >>> try:
        ...     sample_company().org.unit("D-99")
        ... except KeyError as err:
        ...     print(type(err).__name__, "-", err)
        UnknownRecordError - unit 'D-99': does not exist in the organization
    """


_E = TypeVar("_E", bound=Exception)


class _ProblemGroup(ExceptionGroup[_E]):
    """An ``ExceptionGroup`` of every problem in one batch, each naming its record.

    The shared mechanism of the batch errors: the attributes every
    :class:`DeepMarketingError` has (``record`` is ``None``, ``detail`` the message), a
    ``str`` that names every problem (a bare ExceptionGroup says only "(2
    sub-exceptions)", no use in a log line or a CRM message box), pickling, and
    ``split``/``subgroup`` keeping the subclass.
    """

    def __new__(cls, message: str, exceptions: Sequence[_E]) -> Self:
        """Create the group (ExceptionGroup builds its instances in ``__new__``)."""
        return super().__new__(cls, message, exceptions)

    def __init__(self, message: str, exceptions: Sequence[_E]) -> None:
        # ExceptionGroup keeps (message, exceptions) as its args; set the attributes
        # DeepMarketingError promises without replacing those args.
        self.record: str | None = None
        self.detail = message

    def __str__(self) -> str:
        return f"{self.message}: " + "; ".join(self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, list(self.exceptions)))

    def derive(self, excs: Sequence[_E]) -> Self:  # type: ignore[override]
        """Build the same kind of group around a subset of problems (used by ``split``)."""
        return type(self)(self.message, excs)

    @property
    def problems(self) -> tuple[str, ...]:
        """The message of every problem, in the order they were found."""
        return tuple(str(e) for e in self.exceptions)


class OrganizationValidationError(_ProblemGroup[OrganizationError], OrganizationError):
    """Every problem found while validating one batch of organization records.

    An ``ExceptionGroup`` of :class:`OrganizationError` (as cattrs reports structuring
    errors), and itself an :class:`OrganizationError`, so one ``except`` catches both a
    single problem and a batch. ``problems`` lists the messages, one per offending record.

    Examples:
        >>> err = OrganizationValidationError(
        ...     "2 problems",
        ...     [
        ...         OrganizationError("parent 'X' does not exist", record="unit 'A'"),
        ...         OrganizationError("ends before it starts", record="assignment of 'P1'"),
        ...     ],
        ... )
        >>> err.problems
        ("unit 'A': parent 'X' does not exist", "assignment of 'P1': ends before it starts")
    """


class SerializationError(DeepMarketingError, ValueError):
    """Data that cannot be turned into (or out of) a deepmarketing record."""


class TargetError(DeepMarketingError, ValueError):
    """A target plan, cascade or negotiation step that is not allowed."""


class AllocationError(TargetError):
    """A split whose total, weights or bounds cannot be satisfied."""


class RoutingError(DeepMarketingError, ValueError):
    """A travel model or routing problem that cannot be built or solved as given."""


class ProcessError(DeepMarketingError, ValueError):
    """A work plan, visit plan, report or review that does not fit its rules."""


class ScoringError(DeepMarketingError, ValueError):
    """A KPI, scorecard or ranking request that does not make sense."""


class PlanError(DeepMarketingError, ValueError):
    """An incentive plan that is inconsistent (gaps or overlaps in tiers, bad rates)."""


class CreditingError(_ProblemGroup[PlanError], PlanError):
    """Every bad transaction (or split) found while crediting one batch.

    An ``ExceptionGroup`` of :class:`PlanError`, each naming its transaction, and itself
    a :class:`PlanError`, modelled on :class:`OrganizationValidationError`.

    Examples:
        >>> err = CreditingError(
        ...     "2 transactions rejected",
        ...     [
        ...         PlanError("customer 'C-9' is unknown", record="transaction 'T1'"),
        ...         PlanError("original 'S-7' is not in the batch", record="transaction 'T2'"),
        ...     ],
        ... )
        >>> for problem in err.problems:
        ...     print(problem)
        transaction 'T1': customer 'C-9' is unknown
        transaction 'T2': original 'S-7' is not in the batch
        >>> isinstance(err, PlanError), isinstance(err, ExceptionGroup)
        (True, True)
    """


class ChannelError(DeepMarketingError, ValueError):
    """A dealer network or price policy that does not make sense."""


class TalentError(DeepMarketingError, ValueError):
    """A selection, training or team-composition request that does not make sense."""
