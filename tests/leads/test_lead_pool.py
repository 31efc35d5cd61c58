"""The shared pool: unowned leads every salesperson sees, with claim buttons."""

from django.urls import reverse

from tests.factories import LeadFactory
from tests.html import html_from
from tests.leads.conftest import count_queries

URL = reverse("leads:pool")


def companies(response) -> list[str]:
    return [lead.company_name for lead in response.context["page_obj"]]


def test_every_salesperson_sees_the_pool_and_only_the_pool(
    client, alice, olivia, alices_lead, olivias_lead, pool_lead
):
    for person in (alice, olivia):
        client.force_login(person)
        response = client.get(URL)
        assert companies(response) == [pool_lead.company_name]
        assert reverse("leads:claim", args=[pool_lead.pk]) in response.content.decode()


def test_filters_apply_in_the_pool(client, alice):
    LeadFactory(owner=None, company_name="Pool A", industry="it")
    LeadFactory(owner=None, company_name="Pool B", industry="energy")
    client.force_login(alice)
    assert companies(client.get(URL, {"industry": "energy"})) == ["Pool B"]


def test_sorts_by_company(client, alice):
    LeadFactory(owner=None, company_name="Beta")
    LeadFactory(owner=None, company_name="Alpha")
    client.force_login(alice)
    assert companies(client.get(URL, {"sort": "company"})) == ["Alpha", "Beta"]
    assert companies(client.get(URL, {"sort": "-company"})) == ["Beta", "Alpha"]


def test_empty_pool_says_so(client, alice, alices_lead):
    client.force_login(alice)
    assert "The shared pool is empty." in client.get(URL).content.decode()


def test_query_count_does_not_grow_with_rows(client, alice):
    client.force_login(alice)
    LeadFactory.create_batch(5, owner=None)
    count_queries(client, URL)  # warm up per-process caches
    with_5 = count_queries(client, URL)
    LeadFactory.create_batch(45, owner=None)
    with_50 = count_queries(client, URL)
    assert with_5 == with_50


def test_a_pool_row_shows_the_lead_escaped_and_claims_it_back_here(client, alice):
    lead = LeadFactory(
        owner=None,
        company_name='A&B <Trading> "Co"',
        contact_name="王芳",
        title="采购经理",
        industry="",
    )
    client.force_login(alice)
    body = client.get(URL, {"sort": "company"}).content.decode()
    claim = reverse("leads:claim", args=[lead.pk])
    row = html_from(body, reverse("leads:detail", args=[lead.pk]), "</tr>")
    assert "A&amp;B &lt;Trading&gt; &quot;Co&quot;" in row
    assert "<Trading>" not in row
    assert "王芳" in row and "采购经理" in row
    assert f'action="{claim}"' in row
    assert 'name="csrfmiddlewaretoken" value="' in row
    assert 'name="next" value="/leads/pool/?sort=company"' in row
