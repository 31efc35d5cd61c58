"""The replica router: reports, exports and totals read there; writes pin to default.

The test settings define `replica` as a second alias on the test database
(a test mirror), so what default writes the replica alias reads.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connections, router
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.replica import (
    PIN_COOKIE,
    ReplicaPinMiddleware,
    pin_scope,
    read_alias,
    replica_reads,
)
from opportunities.models import Opportunity
from tests.factories import OpportunityFactory

ROUTER = "config.replica.ReplicaRouter"
MIDDLEWARE = "config.replica.ReplicaPinMiddleware"


@pytest.fixture
def router_on(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    # Fixtures wrote to set the test up: this test starts as a fresh request.
    with pin_scope():
        yield


def test_reads_go_to_the_replica_only_when_asked(router_on):
    assert Opportunity.objects.all().db == "default"
    with replica_reads():
        assert Opportunity.objects.all().db == "replica"
    assert read_alias() == "default"


def test_without_the_router_everything_stays_on_default(settings):
    settings.DATABASE_ROUTERS = []
    with replica_reads():
        assert read_alias() == "default"


def middleware_run(request, view):
    return ReplicaPinMiddleware(view)(request)


def test_a_write_pins_the_rest_of_the_request_and_the_next_ones(router_on):
    seen = []

    def view(request):
        with replica_reads():
            seen.append(read_alias())
        router.db_for_write(Opportunity)  # what save() asks before writing
        with replica_reads():
            seen.append(read_alias())
        return HttpResponse()

    response = middleware_run(RequestFactory().get("/"), view)
    assert seen == ["replica", "default"]
    assert response.cookies[PIN_COOKIE]["max-age"] > 0


def test_a_post_and_the_requests_shortly_after_it_read_the_primary(router_on):
    def view(request):
        with replica_reads():
            return HttpResponse(read_alias())

    posted = middleware_run(RequestFactory().post("/"), view)
    assert posted.content == b"default"
    assert PIN_COOKIE in posted.cookies
    after = RequestFactory().get("/")
    after.COOKIES[PIN_COOKIE] = "1"
    assert middleware_run(after, view).content == b"default"
    # Once the cookie has expired, reads go back to the replica.
    assert middleware_run(RequestFactory().get("/"), view).content == b"replica"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_list_totals_and_exports_read_the_replica(
    client, migrated_data, router_on, alice
):
    assert settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"
    OpportunityFactory(owner=alice, amount=Decimal(300))
    OpportunityFactory(owner=alice, amount=Decimal(200))
    client.force_login(alice)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("opportunities:list"))
    assert response.context["totals"]["amount"] == Decimal(500)
    assert any("SUM" in q["sql"] for q in on_replica)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        download = client.get(reverse("opportunities:export"))
        body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == 3
    assert any("opportunities_opportunity" in q["sql"] for q in on_replica)
