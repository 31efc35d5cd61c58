"""Navigation reads the same everywhere: sidebar labels are page titles, the
shared pool has its own entry, create and edit pages say where they are."""

import re

import pytest
from django.urls import reverse

from tests.factories import CustomerFactory, OpportunityFactory


def active_entries(body: str) -> list[str]:
    """The lit entries of the sidebar (not the tabs a page may have)."""
    sidebar = re.search(r'<nav class="nav flex-column app-nav".*?</nav>', body, re.S)
    return re.findall(r'class="nav-link active" href="([^"]+)"', sidebar.group(0))


def test_the_shared_pool_has_its_own_sidebar_entry(client, alice):
    client.force_login(alice)
    body = client.get(reverse("leads:pool")).content.decode()
    assert active_entries(body) == [reverse("leads:pool")]
    body = client.get(reverse("leads:list")).content.decode()
    assert active_entries(body) == [reverse("leads:list")]
    assert f'href="{reverse("leads:pool")}"' in body


@pytest.mark.parametrize(
    ("name", "lit"),
    [
        ("reports:day", "reports:day"),
        ("reports:week", "reports:day"),
        ("reports:funnel", "reports:index"),
        ("reports:calibration", "reports:index"),
    ],
)
def test_one_sidebar_entry_is_lit_on_report_pages(client, alice, name, lit):
    client.force_login(alice)
    body = client.get(reverse(name)).content.decode()
    assert active_entries(body) == [reverse(lit)]


def test_sidebar_labels_are_the_page_titles(client, alice):
    client.force_login(alice)
    body = client.get(reverse("payments:list"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    text = body.content.decode()
    assert re.search(
        r'href="/payments/"><i class="bi bi-cash-coin"></i> 应收款</a>', text
    )
    assert "<title>应收款 ·" in text


@pytest.mark.parametrize(
    ("name", "record", "trail"),
    [
        ("customers:create", None, ["Customers", "New customer"]),
        ("customers:update", "customer", ["Customers", "Edit"]),
        ("opportunities:create", None, ["Opportunities", "New opportunity"]),
        ("opportunities:update", "deal", ["Opportunities", "Edit"]),
        ("leads:create", None, ["Leads", "New lead"]),
        ("contracts:create", None, ["Contracts", "New contract"]),
    ],
)
def test_create_and_edit_pages_have_breadcrumbs(client, alice, name, record, trail):
    deal = OpportunityFactory(owner=alice, customer=CustomerFactory(owner=alice))
    records = {"customer": deal.customer, "deal": deal}
    url = reverse(name, args=[records[record].pk] if record else [])
    client.force_login(alice)
    body = client.get(url).content.decode()
    crumbs = re.search(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', body, re.S).group(1)
    positions = [crumbs.index(word) for word in trail]
    assert positions == sorted(positions)
