"""Two people record money on the same contract at the same moment.

Each payment alone fits what is outstanding; together they would take the
received total above the contract amount. The lock on the contract row lets
exactly one through. Row locks need PostgreSQL (CI runs it); SQLite writes
one transaction at a time anyway.
"""

import threading
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from payments import services
from payments.models import Payment
from tests.factories import ContractFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_only_one_of_two_payments_that_together_exceed_the_amount_is_accepted(
    alice,
):
    contract = ContractFactory(owner=alice, status="signed", amount=Decimal("1000"))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    read_total = services.received_total

    def slow_received_total(contract):
        # Hold the read open so that, without the lock, both would pass.
        total = read_total(contract)
        threading.Event().wait(0.5)
        return total

    def record() -> None:
        try:
            barrier.wait(timeout=10)
            services.payment_record(
                contract=contract,
                by=alice,
                received_on=date(2026, 6, 1),
                amount=Decimal("600"),
                method="bank_transfer",
            )
        except ValidationError as error:
            outcomes.append(f"refused: {error.messages[0]}")
        else:
            outcomes.append("accepted")
        finally:
            connection.close()

    with mock.patch.object(services, "received_total", slow_received_total):
        threads = [threading.Thread(target=record) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(outcomes) == [
        "accepted",
        "refused: Only ¥400.00 is outstanding on this contract. Tick “overpayment” "
        "if the customer really paid ¥600.00.",
    ]
    assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("600")]
