"""Tests for deepmarketing.targets._negotiation: propose, counter, agree, commit, rebalance."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, DateTypeError, TargetError
from deepmarketing.org import Assignment, Organization, Person, Role, Unit
from deepmarketing.periods import Period
from deepmarketing.quantities import NEW_CUSTOMERS, SALES_CNY
from deepmarketing.samples import sample_company
from deepmarketing.targets import Even, OwnerKind, Target, TargetPlan, cascade
from deepmarketing.targets._negotiation import (
    Action,
    NegotiationEvent,
    Status,
    TargetNegotiation,
    TargetState,
)
from strategies import negotiation_events

# The brief's small company. ``history=False``: with only two districts the sample's
# 2026 history (which moves a manager into district D3) cannot be built.
COMPANY = sample_company(
    districts=2,
    regions_per_district=3,
    consultants_per_region=2,
    customers_per_consultant=3,
    history=False,
)
ORG = COMPANY.org
YEAR = Period.parse("2026")
PLAN = cascade(ORG, SALES_CNY, YEAR, Decimal("1000000.00"), weights=Even(), as_of=COMPANY.as_of)
#: The same company, with regions handed 10% more than their district (over-assignment).
PLAN_OVER = cascade(
    ORG,
    SALES_CNY,
    YEAR,
    Decimal("1000000.00"),
    weights=Even(),
    as_of=COMPANY.as_of,
    over_assignment={"region": "0.10"},
)
DAY = pendulum.date(2026, 1, 5)
NEXT = pendulum.date(2026, 1, 6)

C1 = ("person", "P-D1-R1-C1", "D1-R1")
C2 = ("person", "P-D1-R1-C2", "D1-R1")
R2_C1 = ("person", "P-D1-R2-C1", "D1-R2")
R2_C2 = ("person", "P-D1-R2-C2", "D1-R2")
R1 = ("unit", "D1-R1", "D1-R1")
R2 = ("unit", "D1-R2", "D1-R2")
TOP = ("unit", "HQ", "HQ")


def cents(text: str) -> Decimal:
    """A money amount from its text."""
    return Decimal(text)


@pytest.fixture
def talks() -> TargetNegotiation:
    """A fresh negotiation of the small company's plan."""
    return TargetNegotiation(PLAN, ORG)


def agreed(
    negotiation: TargetNegotiation, key: Any, amount: str, *, boss: str, sub: str
) -> TargetNegotiation:
    """Propose ``amount`` and have the subordinate accept it."""
    return negotiation.propose(key, cents(amount), by=boss, at=DAY).accept(key, by=sub, at=DAY)


def committed(
    negotiation: TargetNegotiation, key: Any, amount: str, *, boss: str, sub: str
) -> TargetNegotiation:
    """Propose ``amount``, have it accepted, and commit it."""
    return agreed(negotiation, key, amount, boss=boss, sub=sub).commit(key, by=sub, at=DAY)


# -- random legal negotiations ------------------------------------------------------------


def manager_of(target: Target, day: pendulum.Date) -> str:
    """The person who proposes for ``target`` on ``day``: the parent unit's manager."""
    assert target.parent_id is not None
    person = ORG.manager_of_unit(target.parent_id, as_of=day)
    assert person is not None
    return person.id


def subordinate_of(target: Target, day: pendulum.Date) -> str:
    """The person who answers for ``target`` on ``day``: the person, or the unit's manager."""
    if target.kind is OwnerKind.PERSON:
        return target.owner_id
    person = ORG.manager_of_unit(target.unit_id, as_of=day)
    assert person is not None
    return person.id


@attrs.define
class Model:
    """The test's own account of one target's negotiation."""

    status: Status = Status.OPEN
    proposed: Decimal | None = None
    countered: Decimal | None = None
    agreed: Decimal | None = None


@attrs.frozen
class Run:
    """A legal negotiation built step by step, and what the test expects of it."""

    negotiation: TargetNegotiation
    model: dict[tuple[str, str, str], Model]


NEGOTIABLE = tuple(t for t in PLAN if t.parent_id is not None)
PEOPLE = tuple(t for t in NEGOTIABLE if t.kind is OwnerKind.PERSON)


@st.composite
def runs(
    draw: st.DrawFn,
    *,
    plans: tuple[TargetPlan, ...] = (PLAN,),
    people_only: bool = False,
    max_ratio: int = 2,
    max_steps: int = 30,
) -> Run:
    """A random legal event sequence over a few targets of one of ``plans``.

    Args:
        draw: Hypothesis' draw function.
        plans: The plans to draw from.
        people_only: Negotiate only person targets.
        max_ratio: Figures go up to this many times the plan figure (1: never above it).
        max_steps: The most steps.
    """
    plan = draw(st.sampled_from(plans))
    pool = [t for t in plan if t.parent_id is not None]
    if people_only:
        pool = [t for t in pool if t.kind is OwnerKind.PERSON]
    chosen = draw(
        st.lists(st.sampled_from(pool), min_size=1, max_size=6, unique_by=lambda t: t.key)
    )
    negotiation = TargetNegotiation(plan, ORG)
    model = {t.key: Model() for t in chosen}
    day = draw(st.dates(pendulum.date(2025, 10, 1), pendulum.date(2026, 3, 1)))
    day = pendulum.Date(day.year, day.month, day.day)
    quantum = plan.metric.quantum
    for _ in range(draw(st.integers(min_value=0, max_value=max_steps))):
        live = [t for t in chosen if model[t.key].status is not Status.COMMITTED]
        if not live:
            break
        target = draw(st.sampled_from(live))
        mine = model[target.key]
        day = day.add(days=draw(st.integers(min_value=0, max_value=20)))
        boss, sub = manager_of(target, day), subordinate_of(target, day)
        top = int(target.amount / quantum) * max_ratio
        amount = draw(
            st.one_of(
                st.just(target.amount),
                st.integers(min_value=0, max_value=top).map(lambda n: n * quantum),
            )
        )
        moves = {
            Status.OPEN: ["propose"],
            Status.PROPOSED: ["accept", "counter"],
            Status.COUNTERED: ["accept", "propose"],
            Status.AGREED: ["commit"],
        }[mine.status]
        move = draw(st.sampled_from(moves))
        if move == "propose":
            negotiation = negotiation.propose(target, amount, by=boss, at=day)
            mine.status, mine.proposed = Status.PROPOSED, amount
        elif move == "counter":
            reason = draw(st.sampled_from(["drought", "a big farm closed", "new competitor"]))
            negotiation = negotiation.counter(target.key, amount, by=sub, at=day, reason=reason)
            mine.status, mine.countered = Status.COUNTERED, amount
        elif move == "accept":
            answerer = sub if mine.status is Status.PROPOSED else boss
            mine.agreed = mine.proposed if mine.status is Status.PROPOSED else mine.countered
            negotiation = negotiation.accept(target.key, by=answerer, at=day)
            mine.status = Status.AGREED
        else:
            committer = draw(st.sampled_from([boss, sub]))
            negotiation = negotiation.commit(target.key, by=committer, at=day)
            mine.status = Status.COMMITTED
    return Run(negotiation, model)


def expected_current(target: Target, mine: Model) -> Decimal:
    """The figure the test expects to stand for a target."""
    if mine.agreed is not None:
        return mine.agreed
    if mine.proposed is not None:
        return mine.proposed
    return target.amount


def stored(event_: NegotiationEvent) -> NegotiationEvent:
    """The event rebuilt from plain values, as a CRM would store and load it."""
    return NegotiationEvent(
        event_.action.value,
        list(event_.target),
        by=event_.by,
        at=pendulum.Date.fromisoformat(event_.at.isoformat()),
        amount=None if event_.amount is None else str(event_.amount),
        reason=event_.reason,
    )


@given(runs(plans=(PLAN, PLAN_OVER)))
def test_replay_gives_the_same_state_for_every_target(run):
    """Replaying the event log (even from stored plain values) rebuilds every state."""
    negotiation = run.negotiation
    replayed = TargetNegotiation.replay(
        negotiation.plan, ORG, [stored(e) for e in negotiation.events]
    )
    assert negotiation.events == replayed.events
    assert negotiation == replayed
    assert negotiation.states() == replayed.states()


@given(negotiation_events())
def test_events_rebuild_from_their_plain_values(negotiation_event):
    """An event stored as plain values (strings, lists) and loaded again is the same event."""
    assert negotiation_event == stored(negotiation_event)


@given(
    negotiation_events(),
    st.sampled_from([t.key for t in PLAN]),
    st.just("the manager") | st.sampled_from(["P-VP", "P-D1-M", "P-D1-R1-M", "P-D1-R1-C1"]),
    st.just(Action.PROPOSE) | st.sampled_from(Action),
    st.dates(pendulum.date(2023, 1, 1), pendulum.date(2027, 12, 31)),
)
def test_a_lone_event_is_legal_only_as_a_proposal_by_the_parents_manager(
    negotiation_event, key, by, action, day
):
    """On a fresh negotiation only a proposal, by the parent unit's manager that day, passes."""
    target = next(t for t in PLAN if t.key == key)
    manager = None if target.parent_id is None else ORG.manager_of_unit(target.parent_id, as_of=day)
    if by == "the manager":
        by = "P-VACANT" if manager is None else manager.id
    lone = attrs.evolve(negotiation_event, action=action, target=key, by=by, at=day)
    legal = (
        lone.action is Action.PROPOSE
        and lone.amount is not None
        and manager is not None
        and manager.id == by
    )
    try:
        replayed, failure = TargetNegotiation.replay(PLAN, ORG, [lone]), None
    except TargetError as err:
        replayed, failure = None, err
    event("legal" if legal else "illegal")
    assert legal == (failure is None), failure
    if replayed is not None:
        assert (Status.PROPOSED, lone.amount) == (
            replayed.state(key).status,
            replayed.state(key).current,
        )


@given(runs(plans=(PLAN, PLAN_OVER)))
def test_states_follow_the_workflow(run):
    """Each target's status, figures and history are what its own steps lead to."""
    negotiation = run.negotiation
    plan = negotiation.plan
    for target in plan:
        state = negotiation.state(target)
        mine = run.model.get(target.key, Model())
        assert (mine.status, mine.proposed, mine.countered, mine.agreed) == (
            state.status,
            state.proposed,
            state.countered,
            state.agreed,
        )
        assert expected_current(target, mine) == state.current
        assert tuple(e for e in negotiation.events if e.target == target.key) == state.history
    expected = {
        t.key: run.model[t.key].agreed
        for t in plan
        if t.key in run.model and run.model[t.key].status is Status.COMMITTED
    }
    assert expected == negotiation.committed()


def check_rebalanced(negotiation: TargetNegotiation, new_plan: TargetPlan) -> None:
    """The rebalanced plan is sound, keeps negotiated figures, and leaves no gap."""
    assert [] == new_plan.check()
    by_key = {t.key: t for t in new_plan}
    for key, state in negotiation.states().items():
        if state.status is Status.COMMITTED:
            assert (state.agreed, True) == (by_key[key].amount, by_key[key].locked)
        elif state.status is Status.AGREED:
            assert state.agreed == by_key[key].amount
    for old in negotiation.plan:
        new = by_key[old.key]
        if old.children_total is not None:
            assert new.children_total is not None
            assert old.children_total - old.amount == new.children_total - new.amount
    assert negotiation.plan.root.amount == new_plan.root.amount
    assert {} == TargetNegotiation(new_plan, ORG).gap()


@given(runs(plans=(PLAN, PLAN_OVER)), st.booleans())
def test_rebalance_keeps_committed_figures_and_passes_check(run, leave):
    """Rebalancing any negotiation gives a sound plan, or says no one can absorb a surplus."""
    negotiation = run.negotiation
    try:
        new_plan, failure = negotiation.rebalance(leave_with_manager=leave), ""
    except TargetError as err:
        new_plan, failure = None, str(err)
    if new_plan is None:
        event("a surplus nobody can absorb")
        assert "absorb" in failure
    else:
        check_rebalanced(negotiation, new_plan)


@given(runs(plans=(PLAN, PLAN_OVER), people_only=True, max_ratio=1), st.booleans())
def test_rebalance_always_succeeds_when_people_negotiate_down(run, leave):
    """With only people negotiating figures at or below plan, every gap can be placed."""
    negotiation = run.negotiation
    new_plan = negotiation.rebalance(leave_with_manager=leave)
    check_rebalanced(negotiation, new_plan)
    gaps = negotiation.gap()
    assert all(owed > 0 for owed in gaps.values())
    added = {t.unit_id: t for t in new_plan if t.key not in {t.key for t in negotiation.plan}}
    if leave:
        # Every gap stays with the manager of its unit, and nobody else's figure moves.
        assert gaps == {u: t.amount for u, t in added.items()}
        assert {u: ORG.manager_of_unit(u, as_of=YEAR.start).id for u in gaps} == {
            u: t.owner_id for u, t in added.items()
        }
        for old in negotiation.plan:
            assert negotiation.current(old) == new_plan_amount(new_plan, old.key)


def new_plan_amount(plan: TargetPlan, key: tuple[str, str, str]) -> Decimal:
    """The amount of the target with ``key`` in ``plan``."""
    return next(t.amount for t in plan if t.key == key)


# -- the workflow, step by step -----------------------------------------------------------


def test_counter_then_accept_agrees_at_the_counter_figure(talks):
    """Manager proposes, consultant counters with a reason, manager accepts, both commit."""
    talks = talks.propose(C1, cents("83333.34"), by="P-D1-R1-M", at=DAY, note="flat year")
    talks = talks.counter(C1, cents("80000.00"), by="P-D1-R1-C1", at=DAY, reason="drought")
    assert Status.COUNTERED == talks.state(C1).status
    assert cents("83333.34") == talks.state(C1).current
    talks = talks.accept(C1, by="P-D1-R1-M", at=NEXT)
    talks = talks.commit(C1, by="P-D1-R1-M", at=NEXT)
    state = talks.state(C1)
    assert (
        TargetState(
            C1,
            Status.COMMITTED,
            plan_amount=cents("83333.34"),
            proposed=cents("83333.34"),
            countered=cents("80000.00"),
            agreed=cents("80000.00"),
            history=talks.events,
        )
        == state
    )
    assert (cents("80000.00"), cents("80000.00"), True) == (
        state.current,
        state.committed,
        state.locked,
    )
    assert [Action.PROPOSE, Action.COUNTER, Action.ACCEPT, Action.COMMIT] == [
        e.action for e in talks.events
    ]
    assert ("flat year", "drought") == (talks.events[0].reason, talks.events[1].reason)
    assert {C1: cents("80000.00")} == talks.committed()


def test_manager_proposes_again_after_a_counter(talks):
    """After a counter-proposal the manager may propose again; the subordinate then accepts."""
    talks = talks.propose(C1, cents("90000.00"), by="P-D1-R1-M", at=DAY)
    talks = talks.counter(C1, cents("70000.00"), by="P-D1-R1-C1", at=DAY, reason="drought")
    talks = talks.propose(C1, cents("85000.00"), by="P-D1-R1-M", at=NEXT)
    assert (Status.PROPOSED, cents("85000.00")) == (
        talks.state(C1).status,
        talks.state(C1).current,
    )
    talks = talks.accept(C1, by="P-D1-R1-C1", at=NEXT)
    assert (Status.AGREED, cents("85000.00")) == (talks.state(C1).status, talks.state(C1).agreed)
    assert cents("85000.00") == talks.events[-1].amount


def test_unit_target_is_negotiated_between_the_two_managers(talks):
    """A region's target: the district manager proposes, the regional manager answers."""
    talks = talks.propose(R1, cents("160000.00"), by="P-D1-M", at=DAY)
    talks = talks.counter(R1, cents("150000.00"), by="P-D1-R1-M", at=DAY, reason="drought")
    talks = talks.accept(R1, by="P-D1-M", at=DAY).commit(R1, by="P-D1-R1-M", at=DAY)
    assert {R1: cents("150000.00")} == talks.committed()


def test_a_target_record_works_as_key(talks):
    """A Target may be passed wherever its key is expected."""
    target = next(t for t in PLAN if t.key == C1)
    talks = talks.propose(target, cents("1.00"), by="P-D1-R1-M", at=DAY)
    assert cents("1.00") == talks.state(C1).current


def test_each_step_returns_a_new_negotiation(talks):
    """Steps never change the negotiation they are taken on."""
    after = talks.propose(C1, cents("1.00"), by="P-D1-R1-M", at=DAY)
    assert () == talks.events
    assert Status.OPEN == talks.state(C1).status
    assert 1 == len(after.events)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        after.events = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        after.events[0].amount = Decimal(0)  # type: ignore[misc]


def test_untouched_targets_are_open_at_the_plan_figure(talks):
    """A target nobody has negotiated is open and stands at its plan figure."""
    state = talks.state(C2)
    assert (Status.OPEN, cents("83333.33"), ()) == (state.status, state.current, state.history)
    assert len(PLAN) == len(talks.states())


# -- illegal moves ------------------------------------------------------------------------


def proposed(talks: TargetNegotiation) -> TargetNegotiation:
    """C1 has a pending proposal."""
    return talks.propose(C1, cents("80000.00"), by="P-D1-R1-M", at=DAY)


def countered(talks: TargetNegotiation) -> TargetNegotiation:
    """C1 has a pending counter-proposal."""
    return proposed(talks).counter(C1, cents("70000.00"), by="P-D1-R1-C1", at=DAY, reason="x")


def agreed_c1(talks: TargetNegotiation) -> TargetNegotiation:
    """C1 is agreed at 80000.00."""
    return proposed(talks).accept(C1, by="P-D1-R1-C1", at=DAY)


def committed_c1(talks: TargetNegotiation) -> TargetNegotiation:
    """C1 is committed at 80000.00."""
    return agreed_c1(talks).commit(C1, by="P-D1-R1-C1", at=DAY)


ILLEGAL = {
    "commit while open": (lambda t: t, "commit", {}, "before agreement"),
    "commit while proposed": (proposed, "commit", {}, "before agreement"),
    "commit while countered": (countered, "commit", {}, "before agreement"),
    "counter after commit": (committed_c1, "counter", {"reason": "late"}, "locked"),
    "propose after commit": (committed_c1, "propose", {}, "locked"),
    "accept after commit": (committed_c1, "accept", {}, "locked"),
    "commit twice": (committed_c1, "commit", {}, "locked"),
    "accept with nothing pending": (lambda t: t, "accept", {}, "nothing is pending"),
    "accept when agreed": (agreed_c1, "accept", {}, "nothing is pending"),
    "counter with nothing proposed": (lambda t: t, "counter", {"reason": "x"}, "pending"),
    "counter a counter": (countered, "counter", {"reason": "x"}, "pending"),
    "propose over a pending proposal": (proposed, "propose", {}, "awaits"),
    "propose when agreed": (agreed_c1, "propose", {}, "expected a commit"),
}


def take(talks: TargetNegotiation, move: str, by: str, **options: Any) -> TargetNegotiation:
    """Take one step on C1 by ``by`` on DAY."""
    if move in ("propose", "counter"):
        amount = options.pop("amount", cents("75000.00"))
        return getattr(talks, move)(C1, amount, by=by, at=options.pop("at", DAY), **options)
    return getattr(talks, move)(C1, by=by, at=options.pop("at", DAY), **options)


@pytest.mark.parametrize("name", list(ILLEGAL))
def test_illegal_moves_raise(talks, name):
    """A step the workflow does not allow raises TargetError naming the target."""
    setup, move, options, message = ILLEGAL[name]
    before = setup(talks)
    # Whoever is asked, the status forbids the step: try both sides.
    for by in ("P-D1-R1-M", "P-D1-R1-C1"):
        with pytest.raises(TargetError, match=message) as caught:
            take(before, move, by, **options)
        assert "target of person 'P-D1-R1-C1' in 'D1-R1'" == caught.value.record


WRONG_PEOPLE = {
    "consultant proposes": (lambda t: t, "propose", "P-D1-R1-C1", "the manager of 'D1-R1'"),
    "other region's manager proposes": (lambda t: t, "propose", "P-D1-R2-M", "'P-D1-R1-M'"),
    "district manager proposes to a consultant": (lambda t: t, "propose", "P-D1-M", "D1-R1"),
    "manager accepts own proposal": (proposed, "accept", "P-D1-R1-M", "the owner"),
    "colleague accepts the proposal": (proposed, "accept", "P-D1-R1-C2", "the owner"),
    "manager counters own proposal": (proposed, "counter", "P-D1-R1-M", "the owner"),
    "consultant accepts own counter": (countered, "accept", "P-D1-R1-C1", "the manager"),
    "manager re-proposes for someone else": (countered, "propose", "P-D1-M", "the manager"),
    "a third party commits": (agreed_c1, "commit", "P-D1-M", "or the owner"),
}


@pytest.mark.parametrize("name", list(WRONG_PEOPLE))
def test_the_wrong_person_cannot_move(talks, name):
    """Only the parent unit's manager proposes; only the subordinate answers a proposal."""
    setup, move, by, message = WRONG_PEOPLE[name]
    before = setup(talks)
    with pytest.raises(TargetError, match=message):
        take(before, move, by, reason="x") if move == "counter" else take(before, move, by)


def test_unit_target_answered_by_its_manager_only(talks):
    """For a region's target, its consultants cannot answer; its manager can."""
    talks = talks.propose(R1, cents("1.00"), by="P-D1-M", at=DAY)
    with pytest.raises(TargetError, match="the manager of 'D1-R1'"):
        talks.accept(R1, by="P-D1-R1-C1", at=DAY)
    assert Status.AGREED == talks.accept(R1, by="P-D1-R1-M", at=DAY).state(R1).status


def test_events_must_not_go_back_in_time(talks):
    """A step dated before the previous event in the log raises, on any target."""
    talks = proposed(talks).propose(C2, cents("1.00"), by="P-D1-R1-M", at=NEXT)
    with pytest.raises(TargetError, match="before the previous event"):
        talks.accept(C1, by="P-D1-R1-C1", at=DAY)
    assert Status.AGREED == talks.accept(C1, by="P-D1-R1-C1", at=NEXT).state(C1).status


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (cents("100.001"), "multiple of 0.01"),
        (cents("-0.01"), "non-negative"),
        ("lots", "lots"),
    ],
)
@pytest.mark.parametrize("move", ["propose", "counter"])
def test_bad_amounts_raise(talks, move, amount, message):
    """A figure that is negative or not in the metric's quantum raises TargetError."""
    before = proposed(talks) if move == "counter" else talks
    by = "P-D1-R1-C1" if move == "counter" else "P-D1-R1-M"
    options = {"reason": "x"} if move == "counter" else {}
    with pytest.raises(TargetError, match=message) as caught:
        take(before, move, by, amount=amount, **options)
    assert "target of person 'P-D1-R1-C1' in 'D1-R1'" == caught.value.record


def test_float_amounts_and_datetimes_are_type_errors(talks):
    """A float figure or a datetime day is a TypeError, as everywhere in the library."""
    with pytest.raises(AmountTypeError):
        talks.propose(C1, 80000.0, by="P-D1-R1-M", at=DAY)  # type: ignore[arg-type]
    with pytest.raises(DateTypeError):
        talks.propose(C1, 1, by="P-D1-R1-M", at=pendulum.datetime(2026, 1, 5))


@pytest.mark.parametrize("reason", ["", "   "])
def test_counter_needs_a_reason(talks, reason):
    """A counter-proposal without a real reason raises."""
    with pytest.raises(TargetError, match="reason"):
        proposed(talks).counter(C1, cents("1.00"), by="P-D1-R1-C1", at=DAY, reason=reason)


def test_the_top_target_is_not_negotiated(talks):
    """Nobody negotiates the company's number."""
    with pytest.raises(TargetError, match="top target") as caught:
        talks.propose(TOP, cents("1.00"), by="P-VP", at=DAY)
    assert "target of unit 'HQ'" == caught.value.record


def test_unknown_targets_raise(talks):
    """A key that is not in the plan raises."""
    with pytest.raises(TargetError, match="not in the plan"):
        talks.propose(("person", "P-NOBODY", "D1-R1"), 1, by="P-D1-R1-M", at=DAY)
    with pytest.raises(TargetError, match="not in the plan"):
        talks.state(("person", "P-D1-R1-C1", "D2-R1"))


def test_replay_of_an_illegal_log_names_the_event(talks):
    """Replaying events that break a rule raises at the first bad one, naming its index."""
    good = committed_c1(talks).events
    late = NegotiationEvent(
        Action.COUNTER, C1, by="P-D1-R1-C1", at=NEXT, amount=cents("1.00"), reason="x"
    )
    with pytest.raises(TargetError, match=r"^target of person .*: event 3 \(counter"):
        TargetNegotiation.replay(PLAN, ORG, (*good, late))
    wrong_figure = attrs.evolve(good[1], amount=cents("1.00"))
    with pytest.raises(TargetError, match=r"event 1 .*expected the pending figure 80000\.00"):
        TargetNegotiation.replay(PLAN, ORG, (good[0], wrong_figure))
    with pytest.raises(TargetError, match="expected a NegotiationEvent"):
        TargetNegotiation.replay(PLAN, ORG, [object()])  # type: ignore[list-item]


def test_replay_accepts_steps_recorded_without_figures():
    """ACCEPT and COMMIT events from elsewhere may leave the figure out."""
    events = [
        NegotiationEvent("propose", C1, by="P-D1-R1-M", at=DAY, amount="80000.00"),
        NegotiationEvent("accept", C1, by="P-D1-R1-C1", at=DAY),
        NegotiationEvent("commit", C1, by="P-D1-R1-M", at=DAY),
    ]
    assert {C1: cents("80000.00")} == TargetNegotiation.replay(PLAN, ORG, events).committed()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"action": "haggle"}, TargetError),
        ({"target": ("person", "P-1")}, TargetError),
        ({"by": ""}, TargetError),
        ({"reason": 3}, TargetError),
        ({"amount": 1.5}, AmountTypeError),
        ({"at": "2026-01-05"}, DateTypeError),
    ],
)
def test_events_check_their_fields(fields, error):
    """An event refuses values of the wrong kind."""
    values: dict[str, Any] = {
        "action": "propose",
        "target": C1,
        "by": "P-D1-R1-M",
        "at": DAY,
        "amount": 1,
    }
    values.update(fields)
    with pytest.raises(error):
        NegotiationEvent(values.pop("action"), values.pop("target"), **values)


# -- who is who, on the day -----------------------------------------------------------------

#: The sample company with its 2026 history: on 2026-04-01 consultant P-D2-R3-C1 becomes
#: manager of D2-R3, whose old manager P-D2-R3-M moves to manage D3-R1.
HISTORY = sample_company(
    districts=3, regions_per_district=3, consultants_per_region=2, customers_per_consultant=3
)
HISTORY_PLAN = cascade(
    HISTORY.org, SALES_CNY, YEAR, Decimal("900000.00"), weights=Even(), as_of=HISTORY.as_of
)
MARCH_31 = pendulum.date(2026, 3, 31)
APRIL_1 = pendulum.date(2026, 4, 1)


def test_the_manager_is_whoever_holds_the_post_that_day():
    """A consultant's proposer changes with the regional manager on 2026-04-01."""
    key = ("person", "P-D2-R3-C2", "D2-R3")
    talks = TargetNegotiation(HISTORY_PLAN, HISTORY.org)
    with pytest.raises(TargetError, match="'P-D2-R3-C1'"):
        talks.propose(key, 1, by="P-D2-R3-M", at=APRIL_1)
    talks.propose(key, 1, by="P-D2-R3-M", at=MARCH_31)
    after = talks.propose(key, 1, by="P-D2-R3-C1", at=APRIL_1)
    assert "P-D2-R3-C1" == after.state(key).history[0].by


def test_a_unit_answers_through_its_manager_that_day():
    """Region D3-R1 answers through its manager: P-D3-R1-M in March, P-D2-R3-M in April."""
    key = ("unit", "D3-R1", "D3-R1")
    talks = TargetNegotiation(HISTORY_PLAN, HISTORY.org).propose(key, 1, by="P-D3-M", at=MARCH_31)
    talks.accept(key, by="P-D3-R1-M", at=MARCH_31)
    with pytest.raises(TargetError, match="expected the manager of 'D3-R1', 'P-D2-R3-M'"):
        talks.accept(key, by="P-D3-R1-M", at=APRIL_1)
    assert Status.AGREED == talks.accept(key, by="P-D2-R3-M", at=APRIL_1).state(key).status


def test_nobody_can_propose_while_the_post_is_vacant():
    """Before anyone manages the region, no proposal can be made."""
    talks = TargetNegotiation(HISTORY_PLAN, HISTORY.org)
    with pytest.raises(TargetError, match="nobody is the manager of 'D1-R1'"):
        talks.propose(C1, 1, by="P-D1-R1-M", at=pendulum.date(2023, 6, 1))


# -- gap and rebalance, by hand -------------------------------------------------------------
#
# The plan: D1 500000.00 = D1-R1 166666.67 + D1-R2 166666.67 + D1-R3 166666.66;
# D1-R1 = C1 83333.34 + C2 83333.33; D1-R2 = C1 83333.34 + C2 83333.33;
# D1-R3 = C1 83333.33 + C2 83333.33.


@pytest.fixture
def short(talks) -> TargetNegotiation:
    """D1-R1's C1 committed 80000.00; region D1-R2 agreed 160000.00 after a counter."""
    talks = talks.propose(C1, cents("83333.34"), by="P-D1-R1-M", at=DAY)
    talks = talks.counter(C1, cents("80000.00"), by="P-D1-R1-C1", at=DAY, reason="drought")
    talks = talks.accept(C1, by="P-D1-R1-M", at=DAY).commit(C1, by="P-D1-R1-C1", at=DAY)
    talks = talks.propose(R2, cents("166666.67"), by="P-D1-M", at=DAY)
    talks = talks.counter(R2, cents("160000.00"), by="P-D1-R2-M", at=DAY, reason="drought")
    return talks.accept(R2, by="P-D1-M", at=DAY)


def test_gap_is_the_shortfall_per_unit(short):
    """D1 is short 6666.67, D1-R1 3333.34, and D1-R2's people are 6666.67 over its 160000."""
    assert {
        "D1": cents("6666.67"),  # 500000.00 - (166666.67 + 160000.00 + 166666.66)
        "D1-R1": cents("3333.34"),  # 166666.67 - (80000.00 + 83333.33)
        "D1-R2": cents("-6666.67"),  # 160000.00 - (83333.34 + 83333.33)
    } == short.gap()
    assert {"district": cents("6666.67"), "region": cents("-3333.33")} == short.gap_by_level()


def test_gap_is_empty_before_anyone_negotiates(talks):
    """The cascade's plan has no gap, with or without over-assignment."""
    assert {} == talks.gap()
    assert {} == TargetNegotiation(PLAN_OVER, ORG).gap()


def test_gap_counts_pending_proposals(talks):
    """A pending proposal stands until answered; a counter does not until accepted."""
    talks = talks.propose(C2, cents("80000.00"), by="P-D1-R1-M", at=DAY)
    assert {"D1-R1": cents("3333.33")} == talks.gap()
    talks = talks.counter(C2, cents("1.00"), by="P-D1-R1-C2", at=DAY, reason="x")
    assert {"D1-R1": cents("3333.33")} == talks.gap()


def test_gap_under_over_assignment_is_measured_against_children_total():
    """With regions at 110%, a district's regions owe 110% of its figure."""
    talks = TargetNegotiation(PLAN_OVER, ORG)
    region = next(t for t in PLAN_OVER if t.key == R1)
    lower = region.amount - cents("100.00")
    talks = talks.propose(R1, lower, by="P-D1-M", at=DAY)
    # D1's regions owe it 100.00 more; D1-R1's people now hold 100.00 more than it owes.
    assert {"D1": cents("100.00"), "D1-R1": cents("-100.00")} == talks.gap()


def amounts(plan: TargetPlan, unit_id: str) -> dict[str, Decimal]:
    """The amounts of a unit's own target and of its direct children, by owner id."""
    return {t.owner_id: t.amount for t in plan if t.owner_id == unit_id or (t.parent_id == unit_id)}


def test_rebalance_spreads_the_gap_over_those_still_negotiating(short):
    """Gaps go to open children in proportion; D1-R1's larger share carries down to C2."""
    plan = short.rebalance()
    assert [] == plan.check()
    # D1's 6666.67 over D1-R1 and D1-R3 (D1-R2 is agreed), 166666.67 : 166666.66.
    assert {
        "D1": cents("500000.00"),
        "D1-R1": cents("170000.01"),
        "D1-R2": cents("160000.00"),
        "D1-R3": cents("169999.99"),
    } == amounts(plan, "D1")
    # D1-R1 now owes 170000.01: C1 is committed at 80000.00, C2 takes the rest.
    assert {
        "D1-R1": cents("170000.01"),
        "P-D1-R1-C1": cents("80000.00"),
        "P-D1-R1-C2": cents("90000.01"),
    } == amounts(plan, "D1-R1")
    # D1-R2 agreed 160000.00: its people give up 6666.67, 83333.34 : 83333.33.
    assert {
        "D1-R2": cents("160000.00"),
        "P-D1-R2-C1": cents("80000.00"),
        "P-D1-R2-C2": cents("80000.00"),
    } == amounts(plan, "D1-R2")
    # D1-R3 owes 3333.33 more, split evenly; the odd cent goes to the first key.
    assert {
        "D1-R3": cents("169999.99"),
        "P-D1-R3-C1": cents("85000.00"),
        "P-D1-R3-C2": cents("84999.99"),
    } == amounts(plan, "D1-R3")
    assert [C1] == [t.key for t in plan if t.locked]
    assert [t.amount for t in PLAN if t.unit_id.startswith("D2")] == [
        t.amount for t in plan if t.unit_id.startswith("D2")
    ]


def test_leave_with_manager_puts_the_gap_on_the_manager(short):
    """Positive gaps become the managers' own targets; the others' figures stay."""
    plan = short.rebalance(leave_with_manager=True)
    assert [] == plan.check()
    assert {
        "D1": cents("500000.00"),
        "P-D1-M": cents("6666.67"),
        "D1-R1": cents("166666.67"),
        "D1-R2": cents("160000.00"),
        "D1-R3": cents("166666.66"),
    } == amounts(plan, "D1")
    assert {
        "D1-R1": cents("166666.67"),
        "P-D1-R1-M": cents("3333.34"),
        "P-D1-R1-C1": cents("80000.00"),
        "P-D1-R1-C2": cents("83333.33"),
    } == amounts(plan, "D1-R1")
    # A surplus cannot be left with a manager: D1-R2's people still give it up.
    assert {
        "D1-R2": cents("160000.00"),
        "P-D1-R2-C1": cents("80000.00"),
        "P-D1-R2-C2": cents("80000.00"),
    } == amounts(plan, "D1-R2")
    manager = next(t for t in plan if t.owner_id == "P-D1-R1-M")
    assert (OwnerKind.PERSON, "D1-R1", "D1-R1", YEAR, False) == (
        manager.kind,
        manager.unit_id,
        manager.parent_id,
        manager.period,
        manager.locked,
    )


def test_gap_stays_with_the_manager_when_everyone_has_committed(talks):
    """When no child is still negotiating, the gap goes to the manager even unasked."""
    talks = committed(talks, C1, "80000.00", boss="P-D1-R1-M", sub="P-D1-R1-C1")
    talks = committed(talks, C2, "80000.00", boss="P-D1-R1-M", sub="P-D1-R1-C2")
    plan = talks.rebalance()
    assert cents("6666.67") == plan.for_person("P-D1-R1-M")
    assert [C1, C2] == [t.key for t in plan if t.locked]


def test_a_surplus_nobody_can_absorb_raises(short):
    """If D1-R2's people all commit their plan figures above its 160000, rebalance raises."""
    talks = committed(short, R2_C1, "83333.34", boss="P-D1-R2-M", sub="P-D1-R2-C1")
    talks = committed(talks, R2_C2, "83333.33", boss="P-D1-R2-M", sub="P-D1-R2-C2")
    with pytest.raises(TargetError, match="nobody can absorb") as caught:
        talks.rebalance()
    assert "target of unit 'D1-R2'" == caught.value.record


def test_a_surplus_larger_than_the_open_figures_raises(talks):
    """Open figures can only go down to zero."""
    talks = committed(talks, C1, "166666.70", boss="P-D1-R1-M", sub="P-D1-R1-C1")
    talks = talks.propose(C2, cents("0.01"), by="P-D1-R1-M", at=DAY)
    assert {"D1-R1": cents("-0.04")} == talks.gap()
    with pytest.raises(TargetError, match=r"hold only 0\.01"):
        talks.rebalance()


def test_a_changed_region_carries_down_over_assignment():
    """Rebalancing keeps each unit's over-assignment (children_total - amount)."""
    talks = TargetNegotiation(PLAN_OVER, ORG)
    region = next(t for t in PLAN_OVER if t.key == R1)
    talks = agreed(talks, R1, str(region.amount - 100), boss="P-D1-M", sub="P-D1-R1-M")
    plan = talks.rebalance()
    assert [] == plan.check()
    new_region = plan.unit_target("D1-R1")
    assert region.amount - 100 == new_region.amount
    assert region.children_total - region.amount == new_region.children_total - new_region.amount
    assert {} == TargetNegotiation(plan, ORG).gap()


def test_leave_with_manager_adds_to_the_managers_own_target():
    """Where the manager carries a personal target in the unit, the gap is added to it."""
    plan = cascade(
        ORG,
        NEW_CUSTOMERS,
        YEAR,
        90,
        weights=Even(),
        as_of=COMPANY.as_of,
        roles=(Role.CONSULTANT, Role.REGIONAL_MANAGER),
    )
    own = ("person", "P-D1-R1-M", "D1-R1")
    before = plan.for_person("P-D1-R1-M")
    talks = TargetNegotiation(plan, ORG).propose(C1, 0, by="P-D1-R1-M", at=DAY)
    shortfall = next(t.amount for t in plan if t.key == C1)
    rebalanced = talks.rebalance(leave_with_manager=True)
    assert [] == rebalanced.check()
    assert before + shortfall == rebalanced.for_person("P-D1-R1-M")
    assert 1 == sum(1 for t in rebalanced if t.key == own)
    # A manager's own target in their unit is proposed from the level above.
    with pytest.raises(TargetError, match="expected the manager of 'D1', 'P-D1-M'"):
        talks.propose(own, before, by="P-D1-R1-M", at=DAY)
    talks = talks.propose(own, before, by="P-D1-M", at=DAY).accept(own, by="P-D1-R1-M", at=DAY)
    with pytest.raises(TargetError, match="own target 'P-D1-R1-M' is agreed"):
        talks.rebalance(leave_with_manager=True)


def test_a_gap_with_no_manager_to_hold_it_raises():
    """If nobody manages the unit during the plan's period, the gap has nowhere to go."""
    start = pendulum.date(2026, 1, 1)
    org = Organization.from_records(
        units=[Unit("HQ", "Co.", level="company"), Unit("R1", "R", parent_id="HQ", level="region")],
        people=[Person("VP", "V"), Person("M", "M"), Person("A", "A"), Person("B", "B")],
        assignments=[
            Assignment("VP", "HQ", role=Role.VP_SALES, start=start),
            Assignment(
                "M", "R1", role=Role.REGIONAL_MANAGER, start=start, end=pendulum.date(2026, 6, 30)
            ),
            Assignment("A", "R1", role=Role.CONSULTANT, start=start),
            Assignment("B", "R1", role=Role.CONSULTANT, start=start),
        ],
    )
    quarter = Period.parse("2026-Q4")
    plan = cascade(org, NEW_CUSTOMERS, quarter, 10, weights=Even(), as_of=quarter.start)
    talks = TargetNegotiation(plan, org).propose(("person", "A", "R1"), 2, by="M", at=start)
    with pytest.raises(TargetError, match="nobody manages the unit"):
        talks.rebalance(leave_with_manager=True)
    assert {"R1": Decimal(3)} == talks.gap()
    # Spread instead: A's pending 2 and B's open 5 take 3 as 6/7 and 15/7, rounded.
    rebalanced = talks.rebalance()
    assert (Decimal(3), Decimal(7)) == (rebalanced.for_person("A"), rebalanced.for_person("B"))


def test_a_gap_over_children_at_zero_is_split_evenly(talks):
    """When every child still negotiating stands at zero, the gap is split evenly."""
    talks = talks.propose(C1, 0, by="P-D1-R1-M", at=DAY).propose(C2, 0, by="P-D1-R1-M", at=DAY)
    assert {"D1-R1": cents("166666.67")} == talks.gap()
    plan = talks.rebalance()
    # Equal weights tie; the odd cent goes to the key that sorts first (C1's).
    assert (cents("83333.34"), cents("83333.33")) == (
        plan.for_person("P-D1-R1-C1"),
        plan.for_person("P-D1-R1-C2"),
    )


def test_rebalance_keeps_a_figure_locked_at_the_cascade():
    """A figure fixed by hand in the cascade stays put when a sibling's gap is spread."""
    locked_plan = cascade(
        ORG,
        SALES_CNY,
        YEAR,
        Decimal("1000000.00"),
        weights=Even(),
        as_of=COMPANY.as_of,
        locked={"P-D1-R1-C2": Decimal("90000.00")},
    )
    talks = TargetNegotiation(locked_plan, ORG)
    region = locked_plan.unit_target("D1-R1")
    talks = talks.propose(R1, region.amount, by="P-D1-M", at=DAY)
    talks = talks.counter(R1, region.amount - cents("1000.00"), by="P-D1-R1-M", at=DAY, reason="x")
    talks = talks.accept(R1, by="P-D1-M", at=NEXT)
    rebalanced = talks.rebalance()
    assert [] == rebalanced.check()
    assert cents("90000.00") == rebalanced.for_person("P-D1-R1-C2")
    assert region.amount - cents("1000.00") - cents("90000.00") == rebalanced.for_person(
        "P-D1-R1-C1"
    )
