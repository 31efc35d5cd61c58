"""Every object URL, for every persona: the visibility rule holds everywhere.

alice owns the records. Her teammate bob, olivia (another team) and nick
(olivia's manager) must get 404 as if the records did not exist; mary (alice's
manager), dora (manager of the top team) and adam (admin) see them.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    ActivityFactory,
    ContactFactory,
    CustomerFactory,
    LeadFactory,
    OpportunityFactory,
)

# url name → (record key, kwarg name, method)
OBJECT_URLS = {
    "leads:detail": ("lead", "pk", "get"),
    "leads:update": ("lead", "pk", "get"),
    "leads:claim": ("lead", "pk", "post"),
    "leads:return_to_pool": ("lead", "pk", "post"),
    "leads:assign": ("lead", "pk", "post"),
    "leads:set_status": ("lead", "pk", "post"),
    "leads:log_activity": ("lead", "pk", "post"),
    "customers:detail": ("customer", "pk", "get"),
    "customers:update": ("customer", "pk", "get"),
    "customers:delete": ("customer", "pk", "get"),
    "customers:contact_create": ("customer", "pk", "get"),
    "customers:contact_update": ("contact", "pk", "get"),
    "customers:contact_delete": ("contact", "pk", "get"),
    "opportunities:detail": ("opportunity", "pk", "get"),
    "opportunities:update": ("opportunity", "pk", "get"),
    "opportunities:close": ("opportunity", "pk", "post"),
    "opportunities:reopen": ("opportunity", "pk", "post"),
    "opportunities:move": ("opportunity", "pk", "post"),
    "opportunities:tick_criterion": ("opportunity", "pk", "post"),
    "opportunities:set_stage": ("opportunity", "pk", "post"),
    "opportunities:convert_lead": ("lead", "lead_id", "get"),
}
APPS = ("leads", "customers", "opportunities")
SEE = ["alice", "mary", "dora", "adam"]
BLIND = ["bob", "olivia", "nick"]


@pytest.fixture
def records(alice, bob, mary, olivia, nick, dora, adam):
    customer = CustomerFactory(owner=alice)
    opportunity = OpportunityFactory(owner=alice, customer=customer)
    ActivityFactory(customer=customer, opportunity=opportunity, logged_by=alice)
    return {
        "lead": LeadFactory(owner=alice),
        "customer": customer,
        "contact": ContactFactory(customer=customer),
        "opportunity": opportunity,
    }


def object_url_names() -> set[str]:
    """Every URL name of the apps above whose pattern takes an argument."""
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in APPS:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.pattern.converters:
                    names.add(f"{entry.namespace}:{pattern.name}")
    return names


def test_the_matrix_covers_every_object_url():
    assert object_url_names() == set(OBJECT_URLS)


def request(client, name, records):
    key, kwarg, method = OBJECT_URLS[name]
    url = reverse(name, kwargs={kwarg: records[key].pk})
    return getattr(client, method)(url)


@pytest.mark.parametrize("persona", BLIND)
@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_people_outside_the_rule_get_404(
    client, records, request_persona, name, persona
):
    client.force_login(request_persona(persona))
    assert request(client, name, records).status_code == 404


@pytest.mark.parametrize("persona", SEE)
@pytest.mark.parametrize(
    "name", sorted(n for n, (_k, _a, method) in OBJECT_URLS.items() if method == "get")
)
def test_people_inside_the_rule_can_open_every_page(
    client, records, request_persona, name, persona
):
    client.force_login(request_persona(persona))
    assert request(client, name, records).status_code == 200


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_anonymous_visitors_are_sent_to_login(client, records, name):
    response = request(client, name, records)
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.fixture
def request_persona(request):
    return lambda name: request.getfixturevalue(name)
