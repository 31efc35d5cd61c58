"""How received money settles a contract's installments (issue 6)."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from payments.allocation import Due, Received, allocate, plan_difference

D = Decimal
MARCH, JUNE, SEPTEMBER = date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)
# 30 / 60 / 10 of a 100,000 contract, listed out of due-date order on purpose.
PLAN = [
    Due(2, JUNE, D("60000")),
    Due(1, MARCH, D("30000")),
    Due(3, SEPTEMBER, D("10000")),
]


def test_nothing_received_settles_nothing():
    assert allocate(PLAN, []) == {1: 0, 2: 0, 3: 0}


def test_unmatched_money_settles_installments_in_due_date_order():
    paid = allocate(PLAN, [Received(D("20000")), Received(D("25000.50"))])
    assert paid == {1: D("30000"), 2: D("15000.50"), 3: 0}


def test_a_matched_payment_settles_its_own_installment_first():
    paid = allocate(PLAN, [Received(D("10000"), installment=3)])
    assert paid == {1: 0, 2: 0, 3: D("10000")}


def test_matched_payments_are_served_before_the_pool_fills_the_rest():
    # 50,000 unmatched would cover March and 20,000 of June; the 10,000 matched
    # to September keeps September whole and leaves the pool to the others.
    paid = allocate(PLAN, [Received(D("50000")), Received(D("10000"), installment=3)])
    assert paid == {1: D("30000"), 2: D("20000"), 3: D("10000")}


def test_the_excess_of_a_matched_payment_flows_to_the_other_installments():
    paid = allocate(PLAN, [Received(D("45000"), installment=3)])
    assert paid == {1: D("30000"), 2: D("5000"), 3: D("10000")}


def test_a_payment_matched_to_an_unknown_installment_joins_the_pool():
    # The installment was removed from the plan after the payment was matched.
    assert allocate(PLAN, [Received(D("1000"), installment=99)])[1] == D("1000")


def test_an_overpayment_settles_nothing_beyond_the_plan():
    paid = allocate(PLAN, [Received(D("100000")), Received(D("5000"))])
    assert paid == {1: D("30000"), 2: D("60000"), 3: D("10000")}


def test_installments_due_the_same_day_settle_in_key_order():
    plan = [Due(8, MARCH, D("100")), Due(7, MARCH, D("100"))]
    assert allocate(plan, [Received(D("150"))]) == {7: D("100"), 8: D("50")}


def test_plan_difference_says_how_far_a_plan_is_from_the_amount():
    assert plan_difference(D("100000"), [D("30000"), D("60000"), D("10000")]) == 0
    assert plan_difference(D("100000"), [D("30000"), D("60000")]) == D("-10000")
    assert plan_difference(D("100000"), [D("30000"), D("80000")]) == D("10000")
    assert plan_difference(D("0.03"), [D("0.01"), D("0.01"), D("0.01")]) == 0


# Properties ----------------------------------------------------------------

money = st.decimals(min_value=D("0.01"), max_value=D("500000"), places=2)


@st.composite
def plans(draw):
    """Installments with distinct keys and due dates that may repeat."""
    count = draw(st.integers(1, 6))
    start = date(2026, 1, 1)
    return [
        Due(key, start + timedelta(days=draw(st.integers(0, 400))), draw(money))
        for key in range(1, count + 1)
    ]


@st.composite
def plan_and_payments(draw):
    plan = draw(plans())
    keys = [due.key for due in plan] + [None, 99]  # 99: a removed installment
    received = draw(
        st.lists(st.builds(Received, money, st.sampled_from(keys)), max_size=8)
    )
    return plan, received


@given(plan_and_payments())
def test_each_installment_is_paid_between_zero_and_its_amount(case):
    plan, received = case
    paid = allocate(plan, received)
    assert set(paid) == {due.key for due in plan}
    assert all(D(0) <= paid[due.key] <= due.amount for due in plan)


@given(plan_and_payments())
def test_the_plan_takes_what_came_in_up_to_its_total(case):
    plan, received = case
    paid = allocate(plan, received)
    total_received = sum((r.amount for r in received), D(0))
    total_due = sum((due.amount for due in plan), D(0))
    assert sum(paid.values(), D(0)) == min(total_received, total_due)


@given(plan_and_payments(), st.randoms(use_true_random=False))
def test_the_order_of_payments_does_not_matter(case, random):
    plan, received = case
    shuffled = list(received)
    random.shuffle(shuffled)
    assert allocate(plan, shuffled) == allocate(plan, received)


@given(plan_and_payments(), st.data())
def test_another_payment_never_lowers_what_an_installment_has_paid(case, data):
    plan, received = case
    keys = [due.key for due in plan] + [None, 99]
    extra = data.draw(st.builds(Received, money, st.sampled_from(keys)))
    before = allocate(plan, received)
    after = allocate(plan, [*received, extra])
    assert all(after[key] >= before[key] for key in before)


@given(plan_and_payments())
def test_an_earlier_installment_is_settled_before_a_later_unmatched_one(case):
    # With no matched payments, a later installment gets money only once every
    # earlier one is full.
    plan, received = case
    unmatched = [Received(r.amount) for r in received]
    paid = allocate(plan, unmatched)
    ordered = sorted(plan, key=lambda due: (due.due_date, due.key))
    for earlier, later in pairwise(ordered):
        if paid[later.key] > 0:
            assert paid[earlier.key] == earlier.amount
