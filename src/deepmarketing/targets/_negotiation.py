"""The commit workflow: propose, accept or counter, agree, commit (沟通下达、承诺保证).

A manager proposes a target to the person (or the unit) below; the subordinate accepts
it or counter-proposes with a reason; the manager accepts the counter-proposal or
proposes again; once agreed, either side commits, and the figure is locked. Every step
is an immutable :class:`NegotiationEvent` (who, when, what), and the state of every
target is derived from the event list by replaying it, so a CRM can store the events
and rebuild the negotiation at any time with :meth:`TargetNegotiation.replay`.

When agreed figures differ from the plan, :meth:`TargetNegotiation.gap` shows the
shortfall per unit and :meth:`TargetNegotiation.rebalance` proposes a new
:class:`~deepmarketing.targets.TargetPlan` that spreads it over the targets still under
negotiation (or leaves it with the unit's manager), keeping committed figures locked.

Examples:
    >>> from deepmarketing.periods import Period
    >>> from deepmarketing.quantities import SALES_CNY
    >>> from deepmarketing.samples import sample_company
    >>> from deepmarketing.targets import Even, cascade
    >>> company = sample_company(
    ...     districts=1,
    ...     regions_per_district=2,
    ...     consultants_per_region=2,
    ...     customers_per_consultant=1,
    ...     history=False,
    ... )
    >>> plan = cascade(
    ...     company.org,
    ...     SALES_CNY,
    ...     Period.parse("2026"),
    ...     Decimal("1200000.00"),
    ...     weights=Even(),
    ...     as_of=company.as_of,
    ... )
    >>> day = pendulum.date(2026, 1, 5)
    >>> key = ("person", "P-D1-R1-C1", "D1-R1")
    >>> talks = TargetNegotiation(plan, company.org)
    >>> talks = talks.propose(key, Decimal("300000.00"), by="P-D1-R1-M", at=day)
    >>> talks = talks.counter(
    ...     key, Decimal("280000.00"), by="P-D1-R1-C1", at=day, reason="two farms closed"
    ... )
    >>> talks = talks.accept(key, by="P-D1-R1-M", at=day.add(days=1))
    >>> talks = talks.commit(key, by="P-D1-R1-C1", at=day.add(days=1))
    >>> talks.state(key).status, talks.state(key).current
    (<Status.COMMITTED: 'committed'>, Decimal('280000.00'))
    >>> talks.gap()
    {'D1-R1': Decimal('20000.00')}
    >>> new_plan = talks.rebalance()
    >>> new_plan.for_person("P-D1-R1-C1"), new_plan.for_person("P-D1-R1-C2")
    (Decimal('280000.00'), Decimal('320000.00'))
    >>> TargetNegotiation.replay(plan, company.org, talks.events) == talks
    True
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs
import pendulum

from deepmarketing.errors import AllocationError, AmountTypeError, QuantityError, TargetError
from deepmarketing.org import Organization, Person
from deepmarketing.periods import to_date
from deepmarketing.quantities import DECIMAL_CONTEXT, Amount, exact_sum, to_decimal
from deepmarketing.targets._apportion import apportion
from deepmarketing.targets._plan import OwnerKind, Target, TargetPlan

__all__ = [
    "Action",
    "NegotiationEvent",
    "Status",
    "TargetKey",
    "TargetNegotiation",
    "TargetState",
]

#: What identifies a target within its plan: ``(kind value, owner id, unit id)``, as
#: :attr:`Target.key` gives it, e.g. ``("person", "P-D1-R1-C1", "D1-R1")``.
TargetKey = tuple[str, str, str]


class Action(enum.Enum):
    """One step of the negotiation of a target.

    Examples:
        >>> [a.value for a in Action]
        ['propose', 'accept', 'counter', 'commit']
        >>> Action("counter")
        <Action.COUNTER: 'counter'>
    """

    PROPOSE = "propose"
    ACCEPT = "accept"
    COUNTER = "counter"
    COMMIT = "commit"


class Status(enum.Enum):
    """Where the negotiation of one target stands.

    ``OPEN`` (nothing said yet) -> ``PROPOSED`` (the manager's figure awaits the
    subordinate) -> ``AGREED`` (accepted) or ``COUNTERED`` (the subordinate's figure
    awaits the manager) -> ``AGREED`` (accepted) or ``PROPOSED`` (proposed again);
    ``AGREED`` -> ``COMMITTED``, which is final.

    Examples:
        >>> [s.value for s in Status]
        ['open', 'proposed', 'countered', 'agreed', 'committed']
        >>> Status("agreed") is Status.AGREED
        True
    """

    OPEN = "open"
    PROPOSED = "proposed"
    COUNTERED = "countered"
    AGREED = "agreed"
    COMMITTED = "committed"


#: The statuses whose figure :meth:`TargetNegotiation.rebalance` may still change.
_FREE = frozenset({Status.OPEN, Status.PROPOSED, Status.COUNTERED})


# -- the event ----------------------------------------------------------------------------


def _to_action(value: object) -> Action:
    if isinstance(value, Action):
        return value
    try:
        return Action(value)
    except ValueError:
        expected = ", ".join(repr(a.value) for a in Action)
        raise TargetError(
            f"expected an action ({expected}), got {value!r}", record="negotiation event"
        ) from None


def _to_key(value: object) -> TargetKey:
    if isinstance(value, Target):
        return value.key
    if (
        isinstance(value, tuple | list)
        and len(value) == 3
        and all(isinstance(v, str) for v in value)
    ):
        return (value[0], value[1], value[2])
    raise TargetError(
        f"expected a Target or its key (kind, owner id, unit id), got {value!r}",
        record="negotiation event",
    )


def _to_amount(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, what="amount of a negotiation event")


def _check_by(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise TargetError(
            f"expected a person id for 'by', got {value!r}", record="negotiation event"
        )


def _check_reason(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TargetError(
            f"expected a string or None for 'reason', got {type(value).__name__}",
            record="negotiation event",
        )


@attrs.frozen
class NegotiationEvent:
    """One step of a target's negotiation: who did what, when, with which figure.

    Events are facts; :class:`TargetNegotiation` checks them against the rules when it
    appends or replays them. :meth:`TargetNegotiation.accept` and
    :meth:`~TargetNegotiation.commit` record the figure accepted or committed, so the
    log reads on its own; an ``ACCEPT`` or ``COMMIT`` event from elsewhere may leave
    ``amount`` as ``None``.

    Args:
        action: What was done (an :class:`Action` or its value, ``"propose"``).
        target: The target's key (or the :class:`Target` itself).
        by: The person id of who did it.
        at: The day it was done.
        amount: The figure proposed, counter-proposed, accepted or committed.
        reason: The reason given for a counter-proposal, or a note on another step.

    Raises:
        TargetError: If the action, key, person or reason is not of the expected kind.
        AmountTypeError: If ``amount`` is a float (also a ``TypeError``).
        DateTypeError: If ``at`` is not a date (also a ``TypeError``).

    Examples:
        >>> event = NegotiationEvent(
        ...     "counter",
        ...     ("person", "P-1", "R-1"),
        ...     by="P-1",
        ...     at=pendulum.date(2026, 1, 6),
        ...     amount="95000.00",
        ...     reason="the biggest farm closed",
        ... )
        >>> event.action, event.amount
        (<Action.COUNTER: 'counter'>, Decimal('95000.00'))
    """

    action: Action = attrs.field(converter=_to_action)
    target: TargetKey = attrs.field(converter=_to_key)
    by: str = attrs.field(kw_only=True, validator=_check_by)
    at: pendulum.Date = attrs.field(kw_only=True, converter=to_date)
    amount: Decimal | None = attrs.field(default=None, kw_only=True, converter=_to_amount)
    reason: str | None = attrs.field(default=None, kw_only=True, validator=_check_reason)


# -- the state of one target --------------------------------------------------------------


@attrs.frozen
class TargetState:
    """Where the negotiation of one target stands, derived from its events.

    Args:
        key: The target's key.
        status: Where it stands.
        plan_amount: The figure in the plan.
        proposed: The latest figure the manager proposed, if any.
        countered: The latest figure the subordinate counter-proposed, if any.
        agreed: The figure both sides agreed (and, once committed, committed to).
        history: The target's events, oldest first.

    Examples:
        >>> key, ninety = ("person", "P-1", "R-1"), Decimal("90")
        >>> agreed = TargetState(key, Status.AGREED, plan_amount=Decimal("100"), agreed=ninety)
        >>> agreed.current, agreed.committed, agreed.locked
        (Decimal('90'), None, False)
        >>> attrs.evolve(agreed, status=Status.COMMITTED).committed
        Decimal('90')
    """

    key: TargetKey
    status: Status
    plan_amount: Decimal = attrs.field(kw_only=True)
    proposed: Decimal | None = attrs.field(default=None, kw_only=True)
    countered: Decimal | None = attrs.field(default=None, kw_only=True)
    agreed: Decimal | None = attrs.field(default=None, kw_only=True)
    history: tuple[NegotiationEvent, ...] = attrs.field(default=(), kw_only=True)

    @property
    def current(self) -> Decimal:
        """The figure that stands: agreed or committed, else the last proposal, else the plan's."""
        if self.agreed is not None:
            return self.agreed
        if self.proposed is not None:
            return self.proposed
        return self.plan_amount

    @property
    def committed(self) -> Decimal | None:
        """The committed figure, or ``None`` while the target is not committed."""
        return self.agreed if self.status is Status.COMMITTED else None

    @property
    def locked(self) -> bool:
        """Whether the target is committed, so no event may change it any more."""
        return self.status is Status.COMMITTED


# -- the negotiation ----------------------------------------------------------------------


def _to_events(value: Iterable[NegotiationEvent]) -> tuple[NegotiationEvent, ...]:
    events = tuple(value)
    for index, event in enumerate(events):
        if not isinstance(event, NegotiationEvent):
            raise TargetError(
                f"event {index}: expected a NegotiationEvent, got {type(event).__name__}",
                record="target negotiation",
            )
    return events


def _describe(target: Target) -> str:
    if target.kind is OwnerKind.UNIT:
        return f"target of unit {target.owner_id!r}"
    return f"target of person {target.owner_id!r} in {target.unit_id!r}"


_VERB = {
    Action.PROPOSE: "propose",
    Action.ACCEPT: "accept",
    Action.COUNTER: "counter-propose",
    Action.COMMIT: "commit",
}


@attrs.frozen
class TargetNegotiation:
    """The negotiation of a :class:`~deepmarketing.targets.TargetPlan`, as an event log.

    Build it with ``TargetNegotiation(plan, org)`` and take steps with :meth:`propose`,
    :meth:`accept`, :meth:`counter` and :meth:`commit`: each checks the step against the
    rules and returns a new negotiation with the event appended (this one is unchanged).
    Rebuild one from stored events with :meth:`replay`.

    Rules (a step that breaks one raises :class:`~deepmarketing.errors.TargetError`
    naming the target and what was expected):

    * The top target (the company's number) is not negotiated.
    * The manager of the target's parent unit on the day of the step proposes, proposes
      again after a counter-proposal, and accepts a counter-proposal. (A manager who
      carries a personal target in their own unit negotiates it with the manager above.)
      A vacant post cannot act: nobody else stands in for it.
    * The subordinate (the person, for a person's target; the manager of the unit on that
      day, for a unit's) accepts a proposal or counters it, with a non-empty reason.
    * Statuses go ``OPEN -> PROPOSED -> AGREED | COUNTERED``, ``COUNTERED -> AGREED |
      PROPOSED``, ``AGREED -> COMMITTED`` (by either side). A committed target is locked:
      any further step raises. Committing before agreement, accepting with nothing
      pending, proposing while a proposal awaits its answer all raise.
    * Events never go back in time: each is dated on or after the previous one in the log.
    * Figures are non-negative multiples of the plan metric's quantum.

    Args:
        plan: The plan under negotiation.
        org: The organization, to know who manages which unit on which day.
        events: The log so far, oldest first; checked by replaying it.

    Raises:
        TargetError: If ``events`` breaks a rule (the message names the event's index).

    Notes:
        The state is derived from the events. Building or replaying a negotiation takes
        time linear in its events; each step copies the log (a tuple), so load long
        histories with :meth:`replay` rather than step by step.

    Examples:
        >>> from deepmarketing.periods import Period
        >>> from deepmarketing.quantities import NEW_CUSTOMERS
        >>> from deepmarketing.samples import sample_company
        >>> from deepmarketing.targets import Even, cascade
        >>> org, day = sample_company().org, pendulum.date(2026, 1, 5)
        >>> plan = cascade(org, NEW_CUSTOMERS, Period.parse("2026"), 900, weights=Even())
        >>> talks, key = TargetNegotiation(plan, org), ("unit", "D1", "D1")
        >>> talks.propose(key, 320, by="P-D1-M", at=day)  # D1's figure comes from above
        Traceback (most recent call last):
        ...
        deepmarketing.errors.TargetError: target of unit 'D1': 'P-D1-M' cannot propose ...;
        expected the manager of 'HQ', 'P-VP'
        >>> talks.propose(key, 320, by="P-VP", at=day).state(key).status
        <Status.PROPOSED: 'proposed'>
    """

    plan: TargetPlan
    org: Organization = attrs.field(eq=False, repr=False)
    events: tuple[NegotiationEvent, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_events
    )
    _targets: dict[TargetKey, Target] = attrs.field(init=False, eq=False, repr=False)
    _states: dict[TargetKey, TargetState] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_targets", {t.key: t for t in self.plan})
        states: dict[TargetKey, TargetState] = {}
        previous: pendulum.Date | None = None
        for index, event in enumerate(self.events):
            try:
                states[event.target] = self._advance(states, previous, event)
            except TargetError as err:
                raise TargetError(
                    f"event {index} ({event.action.value} by {event.by!r} on {event.at}): "
                    f"{err.detail}",
                    record=err.record,
                ) from err
            previous = event.at
        object.__setattr__(self, "_states", states)

    @classmethod
    def replay(
        cls, plan: TargetPlan, org: Organization, events: Iterable[NegotiationEvent]
    ) -> TargetNegotiation:
        """Rebuild a negotiation from its stored events, checking every one.

        Args:
            plan: The plan the events negotiate.
            org: The organization.
            events: The log, oldest first.

        Returns:
            The negotiation; every target's state is what the events lead to.

        Raises:
            TargetError: At the first event that breaks a rule, naming its index.
        """
        return cls(plan, org, events=events)

    # -- steps ------------------------------------------------------------------------------

    def propose(
        self,
        key: TargetKey | Target,
        amount: Amount,
        *,
        by: str,
        at: _dt.date,
        note: str | None = None,
    ) -> TargetNegotiation:
        """The manager proposes a figure (first, or again after a counter-proposal).

        Args:
            key: The target (or its key).
            amount: The figure proposed.
            by: The manager of the target's parent unit on ``at`` (see the class rules).
            at: The day of the proposal.
            note: An optional note kept with the event (in its ``reason``).

        Returns:
            A new negotiation with the proposal appended.

        Raises:
            TargetError: If the target is open or countered no longer (or is the top
                target), ``by`` is not that manager, ``at`` is before the previous
                event, or the figure is negative or not a multiple of the quantum.
            AmountTypeError: If ``amount`` is a float.
        """
        return self._append(Action.PROPOSE, key, by=by, at=at, amount=amount, reason=note)

    def counter(
        self,
        key: TargetKey | Target,
        amount: Amount,
        *,
        by: str,
        at: _dt.date,
        reason: str,
    ) -> TargetNegotiation:
        """The subordinate pushes back on a pending proposal with a figure of their own.

        Args:
            key: The target (or its key).
            amount: The figure counter-proposed.
            by: The subordinate: the person, or the unit's manager on ``at``.
            at: The day of the counter-proposal.
            reason: Why (required, not blank): it is recorded and later assessed.

        Returns:
            A new negotiation with the counter-proposal appended.

        Raises:
            TargetError: If no proposal is pending (e.g. after commit), ``by`` is not the
                subordinate, the reason is blank, ``at`` is before the previous event,
                or the figure is negative or not a multiple of the quantum.
            AmountTypeError: If ``amount`` is a float.
        """
        return self._append(Action.COUNTER, key, by=by, at=at, amount=amount, reason=reason)

    def accept(
        self, key: TargetKey | Target, *, by: str, at: _dt.date, note: str | None = None
    ) -> TargetNegotiation:
        """Accept the pending figure: the subordinate a proposal, the manager a counter.

        Args:
            key: The target (or its key).
            by: The subordinate for a proposal, the parent unit's manager for a
                counter-proposal, on ``at``.
            at: The day of the agreement.
            note: An optional note kept with the event.

        Returns:
            A new negotiation in which the target is agreed at the accepted figure.

        Raises:
            TargetError: If nothing is pending, ``by`` is not the one who must answer,
                or ``at`` is before the previous event.
        """
        state = self.state(key)
        pending = {Status.PROPOSED: state.proposed, Status.COUNTERED: state.countered}
        amount = pending.get(state.status)
        return self._append(Action.ACCEPT, key, by=by, at=at, amount=amount, reason=note)

    def commit(
        self, key: TargetKey | Target, *, by: str, at: _dt.date, note: str | None = None
    ) -> TargetNegotiation:
        """Commit to the agreed figure; from then on the target is locked.

        Args:
            key: The target (or its key).
            by: Either side: the parent unit's manager or the subordinate, on ``at``.
            at: The day of the commitment.
            note: An optional note kept with the event.

        Returns:
            A new negotiation in which the target is committed.

        Raises:
            TargetError: If the target is not agreed (commit before agreement), already
                committed, ``by`` is neither side, or ``at`` is before the previous event.
        """
        amount = self.state(key).agreed
        return self._append(Action.COMMIT, key, by=by, at=at, amount=amount, reason=note)

    def _append(
        self,
        action: Action,
        key: TargetKey | Target,
        *,
        by: str,
        at: _dt.date,
        amount: Amount | None,
        reason: str | None,
    ) -> TargetNegotiation:
        target = self._target(key)
        try:
            event = NegotiationEvent(action, target.key, by=by, at=at, amount=amount, reason=reason)
        except AmountTypeError:
            raise
        except QuantityError as err:
            raise TargetError(err.detail, record=_describe(target)) from None
        state = self._advance(self._states, self.events[-1].at if self.events else None, event)
        # The new negotiation's state is this one's plus the new event's: set it directly
        # rather than replaying the whole log again (which would give the same result).
        extended = object.__new__(type(self))
        for name, value in (
            ("plan", self.plan),
            ("org", self.org),
            ("events", (*self.events, event)),
            ("_targets", self._targets),
            ("_states", {**self._states, event.target: state}),
        ):
            object.__setattr__(extended, name, value)
        return extended

    # -- the rules --------------------------------------------------------------------------

    def _target(self, key: TargetKey | Target) -> Target:
        wanted = key.key if isinstance(key, Target) else key
        try:
            return self._targets[wanted]
        except (KeyError, TypeError):
            raise TargetError(
                "is not in the plan under negotiation", record=f"target {wanted!r}"
            ) from None

    def _fresh(self, target: Target) -> TargetState:
        return TargetState(target.key, Status.OPEN, plan_amount=target.amount)

    def _advance(
        self,
        states: dict[TargetKey, TargetState],
        previous: pendulum.Date | None,
        event: NegotiationEvent,
    ) -> TargetState:
        """The target's state after ``event``, which is checked against every rule."""
        target = self._target(event.target)
        record = _describe(target)
        verb = _VERB[event.action]
        if target.parent_id is None:
            raise TargetError(
                f"cannot {verb}: the top target is the company's number and is not negotiated",
                record=record,
            )
        if previous is not None and event.at < previous:
            raise TargetError(
                f"cannot {verb} on {event.at}, before the previous event ({previous}); "
                "expected events in date order",
                record=record,
            )
        state = states.get(target.key) or self._fresh(target)
        status = state.status
        history = (*state.history, event)
        if status is Status.COMMITTED:
            raise TargetError(
                f"cannot {verb}: committed at {state.agreed} and locked; expected no further step",
                record=record,
            )
        manager, manager_role = self._manager(target, event.at)
        if event.action is Action.PROPOSE:
            if status not in (Status.OPEN, Status.COUNTERED):
                raise TargetError(
                    f"cannot propose: the target is {status.value} "
                    f"({self._awaiting(state)}); expected an open or countered target",
                    record=record,
                )
            self._require_person(event, manager, manager_role, record)
            amount = self._amount(event, record)
            return attrs.evolve(state, status=Status.PROPOSED, proposed=amount, history=history)
        if event.action is Action.COUNTER:
            if status is not Status.PROPOSED:
                raise TargetError(
                    f"cannot counter-propose: the target is {status.value}; "
                    "expected a pending proposal",
                    record=record,
                )
            self._require_person(event, *self._subordinate(target, event.at), record)
            amount = self._amount(event, record)
            if event.reason is None or not event.reason.strip():
                raise TargetError(
                    "cannot counter-propose without a reason; expected a non-empty reason",
                    record=record,
                )
            return attrs.evolve(state, status=Status.COUNTERED, countered=amount, history=history)
        if event.action is Action.ACCEPT:
            if status is Status.PROPOSED:
                self._require_person(event, *self._subordinate(target, event.at), record)
                figure = state.proposed
            elif status is Status.COUNTERED:
                self._require_person(event, manager, manager_role, record)
                figure = state.countered
            else:
                raise TargetError(
                    f"cannot accept: nothing is pending (the target is {status.value}); "
                    "expected a proposal or a counter-proposal",
                    record=record,
                )
            self._same_figure(event, figure, "pending", record)
            return attrs.evolve(state, status=Status.AGREED, agreed=figure, history=history)
        # Action.COMMIT
        if status is not Status.AGREED:
            raise TargetError(
                f"cannot commit before agreement: the target is {status.value}; "
                "expected an agreed target",
                record=record,
            )
        subordinate, subordinate_role = self._subordinate(target, event.at)
        allowed = {p.id for p in (manager, subordinate) if p is not None}
        if event.by not in allowed:
            expected = " or ".join(
                f"{role} {p.id!r}" if p is not None else f"{role} (vacant)"
                for p, role in ((manager, manager_role), (subordinate, subordinate_role))
            )
            raise TargetError(
                f"{event.by!r} cannot commit on {event.at}; expected {expected}", record=record
            )
        self._same_figure(event, state.agreed, "agreed", record)
        return attrs.evolve(state, status=Status.COMMITTED, history=history)

    def _manager(self, target: Target, day: pendulum.Date) -> tuple[Person | None, str]:
        """Who speaks for the parent unit: its manager, or above them for their own target."""
        unit_id = target.parent_id
        manager = None if unit_id is None else self.org.manager_of_unit(unit_id, as_of=day)
        while (
            unit_id is not None
            and manager is not None
            and target.kind is OwnerKind.PERSON
            and manager.id == target.owner_id
        ):
            unit_id = self.org.unit(unit_id).parent_id
            manager = None if unit_id is None else self.org.manager_of_unit(unit_id, as_of=day)
        if unit_id is None:
            return None, f"a manager above {target.owner_id!r}"
        return manager, f"the manager of {unit_id!r}"

    def _subordinate(self, target: Target, day: pendulum.Date) -> tuple[Person | None, str]:
        if target.kind is OwnerKind.PERSON:
            return self.org.person(target.owner_id), "the owner"
        manager = self.org.manager_of_unit(target.unit_id, as_of=day)
        return manager, f"the manager of {target.unit_id!r}"

    @staticmethod
    def _awaiting(state: TargetState) -> str:
        if state.status is Status.PROPOSED:
            return f"{state.proposed} awaits the subordinate's answer"
        return f"agreed at {state.agreed}; expected a commit"

    @staticmethod
    def _require_person(
        event: NegotiationEvent, expected: Person | None, role: str, record: str
    ) -> None:
        verb = _VERB[event.action]
        if expected is None:
            raise TargetError(
                f"{event.by!r} cannot {verb} on {event.at}: nobody is {role} that day; "
                f"expected {role}",
                record=record,
            )
        if event.by != expected.id:
            raise TargetError(
                f"{event.by!r} cannot {verb} on {event.at}; expected {role}, {expected.id!r}",
                record=record,
            )

    def _amount(self, event: NegotiationEvent, record: str) -> Decimal:
        verb = _VERB[event.action]
        if event.amount is None:
            raise TargetError(f"cannot {verb} without a figure; expected an amount", record=record)
        metric = self.plan.metric
        try:
            amount = metric.validate(event.amount)
        except QuantityError as err:
            raise TargetError(
                f"cannot {verb} {event.amount}: {err.detail}", record=record
            ) from None
        if amount < 0:
            raise TargetError(
                f"cannot {verb} {amount}; expected a non-negative figure", record=record
            )
        return amount

    @staticmethod
    def _same_figure(
        event: NegotiationEvent, figure: Decimal | None, what: str, record: str
    ) -> None:
        if event.amount is not None and event.amount != figure:
            raise TargetError(
                f"cannot {_VERB[event.action]} {event.amount}; expected the {what} figure {figure}",
                record=record,
            )

    # -- queries ----------------------------------------------------------------------------

    def state(self, key: TargetKey | Target) -> TargetState:
        """Where the negotiation of one target stands.

        Raises:
            TargetError: If the plan has no such target.
        """
        target = self._target(key)
        return self._states.get(target.key) or self._fresh(target)

    def states(self) -> dict[TargetKey, TargetState]:
        """The state of every target of the plan, in plan order (the top one stays open)."""
        return {t.key: self._states.get(t.key) or self._fresh(t) for t in self.plan}

    def current(self, key: TargetKey | Target) -> Decimal:
        """The figure that stands for one target (see :attr:`TargetState.current`)."""
        return self.state(key).current

    def committed(self) -> dict[TargetKey, Decimal]:
        """Every committed target's figure, in plan order."""
        result: dict[TargetKey, Decimal] = {}
        for target in self.plan:
            state = self._states.get(target.key)
            if state is not None and state.status is Status.COMMITTED and state.agreed is not None:
                result[target.key] = state.agreed
        return result

    def _current_of(self, target: Target) -> Decimal:
        state = self._states.get(target.key)
        return target.amount if state is None else state.current

    def gap(self) -> dict[str, Decimal]:
        """The shortfall under each unit: what its children still owe it.

        For each unit with children in the plan: the plan's ``children_total``, moved by
        as much as the unit's own figure has moved in the negotiation (``children_total -
        amount`` stays as the plan has it; the top unit never moves), minus the sum of
        its children's current figures (:attr:`TargetState.current`). Positive: the
        level below is short of the unit's target; negative: it is over.

        Returns:
            The non-zero gaps by unit id, in plan order.

        Examples:
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.quantities import NEW_CUSTOMERS
            >>> from deepmarketing.samples import sample_company
            >>> from deepmarketing.targets import Even, cascade
            >>> company = sample_company(
            ...     districts=1,
            ...     regions_per_district=1,
            ...     consultants_per_region=2,
            ...     customers_per_consultant=1,
            ...     history=False,
            ... )
            >>> plan = cascade(company.org, NEW_CUSTOMERS, Period.parse("2026"), 40, weights=Even())
            >>> day = pendulum.date(2026, 1, 5)
            >>> talks = TargetNegotiation(plan, company.org).propose(
            ...     ("person", "P-D1-R1-C2", "D1-R1"), 15, by="P-D1-R1-M", at=day
            ... )
            >>> talks.gap()
            {'D1-R1': Decimal('5')}
        """
        gaps: dict[str, Decimal] = {}
        ctx = DECIMAL_CONTEXT
        for target in self.plan:
            if target.kind is not OwnerKind.UNIT:
                continue
            children = self.plan.children(target.owner_id)
            if not children:
                continue
            required = self._required(target, self._current_of(target))
            owed = ctx.subtract(required, exact_sum(self._current_of(c) for c in children))
            if owed:
                gaps[target.owner_id] = owed
        return gaps

    def gap_by_level(self) -> dict[str, Decimal]:
        """The gaps of :meth:`gap` added up by the level label of each unit.

        Returns:
            Per level label (``"company"``, ``"district"``, ...) of the units that have
            a gap, the sum of their gaps (which may be zero if they cancel out), in the
            order the levels first appear in the plan.
        """
        levels: dict[str, Decimal] = {}
        for unit_id, owed in self.gap().items():
            level = str(self.org.unit(unit_id).level)
            levels[level] = DECIMAL_CONTEXT.add(levels.get(level, Decimal(0)), owed)
        return levels

    @staticmethod
    def _required(unit: Target, figure: Decimal) -> Decimal:
        """What the unit's children must add up to while the unit stands at ``figure``."""
        spread = DECIMAL_CONTEXT.subtract(
            unit.amount if unit.children_total is None else unit.children_total, unit.amount
        )
        return DECIMAL_CONTEXT.add(figure, spread)

    # -- rebalancing ------------------------------------------------------------------------

    def rebalance(self, *, leave_with_manager: bool = False) -> TargetPlan:
        """A new plan in which every unit's children add up to its children total again.

        Top-down, for each unit with children: the unit's figure (the plan's for the top
        unit, its rebalanced figure below) fixes what its children must add up to (the
        plan's ``children_total - amount`` is kept, so over-assignment carries over);
        the gap between that and the children's current figures is spread over the
        children still under negotiation (open, proposed or countered; an open figure
        that was locked in the plan stays put) in proportion to their current figures
        (evenly if those are all zero), in whole quanta
        (:func:`~deepmarketing.targets.apportion`). Agreed and committed figures are
        kept; committed ones are marked ``locked``. When a subunit's figure changes, its
        own children are rebalanced in turn.

        When none of the children is still under negotiation, or with
        ``leave_with_manager=True``, a positive gap stays with the unit's manager (on the
        first day of the plan's period, else on its last): they get a person target in
        the unit for it (added to their own target there, if they have one still under
        negotiation). A negative gap (children over their parent) is spread over the
        children under negotiation, as far as their figures go down to zero.

        Args:
            leave_with_manager: Leave every positive gap with the unit's manager instead
                of spreading it.

        Returns:
            The new plan: :meth:`TargetPlan.check` finds no problem, committed and agreed
            figures are the negotiated ones, and each unit's ``children_total - amount``
            is the old plan's.

        Raises:
            TargetError: If a negative gap cannot be absorbed by the children under
                negotiation, or a gap should stay with a manager but the post is vacant
                (or their own target there is agreed or committed).

        Examples:
            >>> from deepmarketing.periods import Period
            >>> from deepmarketing.quantities import NEW_CUSTOMERS
            >>> from deepmarketing.samples import sample_company
            >>> from deepmarketing.targets import Even, cascade
            >>> company = sample_company(
            ...     districts=1,
            ...     regions_per_district=1,
            ...     consultants_per_region=2,
            ...     customers_per_consultant=1,
            ...     history=False,
            ... )
            >>> plan = cascade(company.org, NEW_CUSTOMERS, Period.parse("2026"), 40, weights=Even())
            >>> day, key = pendulum.date(2026, 1, 5), ("person", "P-D1-R1-C1", "D1-R1")
            >>> talks = TargetNegotiation(plan, company.org).propose(
            ...     key, 20, by="P-D1-R1-M", at=day
            ... )
            >>> talks = talks.counter(key, 16, by="P-D1-R1-C1", at=day, reason="new area")
            >>> talks = talks.accept(key, by="P-D1-R1-M", at=day)
            >>> [(t.owner_id, t.amount) for t in talks.rebalance() if t.unit_id == "D1-R1"]
            [('D1-R1', Decimal('40')), ('P-D1-R1-C1', Decimal('16')), ('P-D1-R1-C2', Decimal('24'))]
            >>> kept = talks.rebalance(leave_with_manager=True)
            >>> [
            ...     (t.owner_id, t.amount) for t in kept if t.unit_id == "D1-R1"
            ... ]  # doctest: +NORMALIZE_WHITESPACE
            [('D1-R1', Decimal('40')), ('P-D1-R1-M', Decimal('4')),
             ('P-D1-R1-C1', Decimal('16')), ('P-D1-R1-C2', Decimal('20'))]
        """
        plan = self.plan
        ctx = DECIMAL_CONTEXT
        final: dict[TargetKey, Decimal] = {}
        added: dict[str, Target] = {}
        for unit in plan:
            if unit.kind is not OwnerKind.UNIT:
                continue
            if unit.parent_id is None or unit.key not in final:
                final[unit.key] = unit.amount if unit.parent_id is None else self._current_of(unit)
            children = plan.children(unit.owner_id)
            if not children:
                continue
            figures = {c.key: self._current_of(c) for c in children}
            required = self._required(unit, final[unit.key])
            owed = ctx.subtract(required, exact_sum(figures.values()))
            if owed:
                # A figure locked in the plan (fixed by hand at the cascade) stays put
                # unless it is itself being negotiated.
                free = [
                    c
                    for c in children
                    if self.state(c).status in _FREE
                    and not (c.locked and self.state(c).status is Status.OPEN)
                ]
                if owed > 0 and (leave_with_manager or not free):
                    extra = self._leave_with_manager(unit, owed, figures)
                    if extra is not None:
                        added[unit.owner_id] = extra
                else:
                    figures.update(self._spread(unit, owed, free, figures))
            final.update(figures)
        targets: list[Target] = []
        for target in plan:
            amount = final[target.key]
            children_total = target.children_total
            if children_total is not None:
                children_total = self._required(target, amount)
            targets.append(
                attrs.evolve(
                    target,
                    amount=amount,
                    children_total=children_total,
                    locked=target.locked or self.state(target).status is Status.COMMITTED,
                )
            )
            if target.owner_id in added and target.kind is OwnerKind.UNIT:
                targets.append(added[target.owner_id])
        return TargetPlan(metric=plan.metric, period=plan.period, targets=targets)

    def _spread(
        self,
        unit: Target,
        owed: Decimal,
        free: list[Target],
        figures: dict[TargetKey, Decimal],
    ) -> dict[TargetKey, Decimal]:
        """The free children's new figures once ``owed`` is spread over them."""
        record = _describe(unit)
        ctx = DECIMAL_CONTEXT
        if not free:
            raise TargetError(
                f"its children are {ctx.minus(owed)} over its target and every one is agreed "
                "or committed; nobody can absorb it (expected a child still under negotiation)",
                record=record,
            )
        weights = {c.key: figures[c.key] for c in free}
        try:
            shares = apportion(
                owed,
                weights,
                quantum=self.plan.metric.quantum,
                minimums={k: ctx.minus(v) for k, v in weights.items()},
            )
        except AllocationError:
            room = exact_sum(weights.values())
            raise TargetError(
                f"its children are {ctx.minus(owed)} over its target but the children under "
                f"negotiation hold only {room}; nobody can absorb the rest without going below "
                "zero",
                record=record,
            ) from None
        return {k: ctx.add(figures[k], share) for k, share in shares.items()}

    def _leave_with_manager(
        self, unit: Target, owed: Decimal, figures: dict[TargetKey, Decimal]
    ) -> Target | None:
        """Give the gap to the unit's manager: a new target, or added to their own (in place)."""
        period = self.plan.period
        record = _describe(unit)
        manager = self.org.manager_of_unit(unit.owner_id, as_of=period.start)
        if manager is None:
            manager = self.org.manager_of_unit(unit.owner_id, as_of=period.end)
        if manager is None:
            raise TargetError(
                f"{owed} is left to hand down but nobody manages the unit on {period.start} "
                f"or {period.end}; expected a manager to hold it",
                record=record,
            )
        key = (OwnerKind.PERSON.value, manager.id, unit.owner_id)
        if key in figures:
            if self.state(key).status not in _FREE:
                raise TargetError(
                    f"{owed} is left to hand down but its manager's own target "
                    f"{manager.id!r} is {self.state(key).status.value}; expected one still "
                    "under negotiation",
                    record=record,
                )
            figures[key] = DECIMAL_CONTEXT.add(figures[key], owed)
            return None
        return Target(
            manager.id,
            OwnerKind.PERSON,
            unit_id=unit.owner_id,
            parent_id=unit.owner_id,
            period=period,
            amount=owed,
        )
