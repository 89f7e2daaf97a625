"""Hypothesis strategies for deepmarketing.incentives: amounts, shares, splits, batches.

Import them as ``from incentives.strategies import batches`` (``tests/`` is on the path).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal

import pendulum
from hypothesis import strategies as st

from deepmarketing.incentives import Split, Transaction, TransactionKind
from deepmarketing.org import Organization, Role
from deepmarketing.quantities import DECIMAL_CONTEXT
from deepmarketing.samples import sample_company

#: The days batches are dated in: 2026, which has the sample company's moves.
FIRST_DAY = pendulum.Date(2026, 1, 1)
LAST_DAY = pendulum.Date(2026, 12, 31)


@functools.cache
def company_org() -> Organization:
    """The sample company's organization, built once per test run."""
    return sample_company().org


@functools.cache
def company_customers() -> tuple[str, ...]:
    """A few customers of every region, with those the 2026-07 moves hand over."""
    org = company_org()
    picked = [c.id for c in org.customers if c.id.endswith(("-01", "-02"))]
    return tuple(picked)


@functools.cache
def company_consultants() -> tuple[str, ...]:
    """The consultants in post all through 2026 (split credit needs a chain all year)."""
    org = company_org()
    return tuple(
        p.id
        for p in org.members("HQ", as_of=FIRST_DAY, role=Role.CONSULTANT)
        if org.position_of(p.id, as_of=LAST_DAY) is not None
    )


def cents(value: int) -> Decimal:
    """``value`` fen as yuan, e.g. 12345 -> Decimal('123.45')."""
    return DECIMAL_CONTEXT.multiply(Decimal(value), Decimal("0.01"))


def amounts(*, max_cents: int = 10**9) -> st.SearchStrategy[Decimal]:
    """Positive amounts in whole fen."""
    return st.integers(1, max_cents).map(cents)


def quantities() -> st.SearchStrategy[Decimal]:
    """Positive quantities in tonnes to the kilogram (or whole units)."""
    return st.integers(1, 10**6).map(
        lambda n: DECIMAL_CONTEXT.multiply(Decimal(n), Decimal("0.001"))
    ) | st.integers(1, 1000).map(Decimal)


def days(
    first: pendulum.Date = FIRST_DAY, last: pendulum.Date = LAST_DAY
) -> st.SearchStrategy[pendulum.Date]:
    """Days from ``first`` to ``last``, inclusive."""
    return st.integers(first.toordinal(), last.toordinal()).map(pendulum.Date.fromordinal)


@st.composite
def share_maps(draw: st.DrawFn, people: Sequence[str], *, max_size: int = 5) -> dict[str, Decimal]:
    """Shares for 1 to ``max_size`` (at most 8) of ``people``, above 0, adding up to 1."""
    chosen = draw(st.lists(st.sampled_from(people), min_size=1, max_size=max_size, unique=True))
    # Shares are multiples of 1/scale; 8 and 16 give shares like 0.125 and 0.0625.
    scale = draw(st.sampled_from((8, 10, 16, 100, 10_000)))
    cuts = sorted(
        draw(st.sets(st.integers(1, scale - 1), min_size=len(chosen) - 1, max_size=len(chosen) - 1))
    )
    bounds = [0, *cuts, scale]
    return {
        person: DECIMAL_CONTEXT.divide(Decimal(hi - lo), Decimal(scale))
        for person, lo, hi in zip(chosen, bounds, bounds[1:], strict=False)
    }


def splits(customer: str, people: Sequence[str]) -> st.SearchStrategy[Split]:
    """An open-ended split of ``customer`` among some of ``people``."""
    return share_maps(people).map(lambda shares: Split(customer, shares))


@st.composite
def batches(
    draw: st.DrawFn,
    customers: Sequence[str],
    *,
    max_sales: int = 10,
    first: pendulum.Date = FIRST_DAY,
    last: pendulum.Date = LAST_DAY,
) -> list[Transaction]:
    """A consistent batch of sales with refunds and collections that never exceed them."""
    found: list[Transaction] = []
    products = ("pig-feed", "premix")
    for n in range(draw(st.integers(1, max_sales))):
        day = draw(days(first, last))
        customer = draw(st.sampled_from(customers))
        amount = draw(amounts(max_cents=10**8))
        quantity = draw(st.none() | quantities())
        product = None if quantity is None else draw(st.sampled_from(products))
        sale = Transaction(f"S{n}", day, customer, amount, product=product, quantity=quantity)
        found.append(sale)
        left = int(amount * 100)
        left_quantity = quantity
        for k in range(draw(st.integers(0, 2))):
            if left == 0:
                break
            back = draw(st.integers(1, left))
            left -= back
            returned = None
            if left_quantity is not None and left_quantity > 0 and draw(st.booleans()):
                step = Decimal(1).scaleb(min(int(left_quantity.as_tuple().exponent), 0))
                units = int(DECIMAL_CONTEXT.divide(left_quantity, step))
                returned = DECIMAL_CONTEXT.multiply(Decimal(draw(st.integers(1, units))), step)
                left_quantity = DECIMAL_CONTEXT.subtract(left_quantity, returned)
            found.append(
                Transaction(
                    f"R{n}-{k}",
                    draw(days(day, last)),
                    customer,
                    cents(back),
                    kind=TransactionKind.REFUND,
                    original=sale.id,
                    quantity=returned,
                )
            )
        paid = int(amount * 100)
        for k in range(draw(st.integers(0, 2))):
            if paid == 0:
                break
            take = draw(st.integers(1, paid))
            paid -= take
            found.append(
                Transaction(
                    f"K{n}-{k}",
                    draw(days(first, last)),
                    customer,
                    cents(take),
                    kind=TransactionKind.COLLECTION,
                    original=draw(st.sampled_from((sale.id, None))),
                )
            )
    return found
