"""The customers and contacts the lead form is warned about, one query each."""

from django.urls import reverse

from customers.lead_duplicates import (
    CONTACTS_SHOWN,
    contacts_reachable_like_lead,
    customers_named_like_lead,
)
from leads import duplicate_sources
from tests.factories import ContactFactory, CustomerFactory

NO_KEYS = {"company_name": "", "phone": "", "email": ""}


def test_the_lookups_are_registered_when_the_app_is_ready():
    assert duplicate_sources._lookups == [
        customers_named_like_lead,
        contacts_reachable_like_lead,
    ]


def test_a_seen_customer_is_named_linked_and_owned(alice, alices_customer):
    keys = {**NO_KEYS, "company_name": "上海华东科技（有限公司）"}
    [record] = customers_named_like_lead(**keys, user=alice)
    assert record.label == alices_customer.legal_name
    assert record.url == reverse("customers:detail", args=[alices_customer.pk])
    assert record.owner == str(alice)
    assert record.fields == ("company_name",)


def test_an_unseen_customer_is_neither_named_nor_linked(alice, olivias_customer):
    keys = {**NO_KEYS, "company_name": olivias_customer.legal_name}
    [record] = customers_named_like_lead(**keys, user=alice)
    assert (record.label, record.url, record.owner, record.detail) == (
        "Already a customer of another salesperson",
        None,
        None,
        "",
    )


def test_an_administrator_sees_every_customer(adam, olivias_customer):
    keys = {**NO_KEYS, "company_name": olivias_customer.legal_name}
    [record] = customers_named_like_lead(**keys, user=adam)
    assert record.label == olivias_customer.legal_name


def test_a_contact_says_which_of_phone_and_email_matched(alice, alices_customer):
    ContactFactory(
        customer=alices_customer,
        name="赵敏",
        phone="+86 139 0000 2222",
        email="Zhao@Example.cn",
    )
    keys = {**NO_KEYS, "phone": "13900002222", "email": "zhao@example.cn"}
    [record] = contacts_reachable_like_lead(**keys, user=alice)
    assert (record.label, record.detail, record.fields) == (
        alices_customer.legal_name,
        "赵敏",
        ("phone", "email"),
    )
    only_email = {**keys, "phone": "13800000000"}
    [record] = contacts_reachable_like_lead(**only_email, user=alice)
    assert record.fields == ("email",)


def test_contacts_of_an_unseen_customer_name_nobody(alice, olivias_customer):
    ContactFactory(customer=olivias_customer, name="赵敏", phone="13900002222")
    keys = {**NO_KEYS, "phone": "13900002222"}
    [record] = contacts_reachable_like_lead(**keys, user=alice)
    assert (record.label, record.url, record.owner, record.detail) == (
        "Already a customer of another salesperson",
        None,
        None,
        "",
    )


def test_each_lookup_costs_one_query_however_many_match(
    alice, olivia, django_assert_num_queries
):
    for n in range(CONTACTS_SHOWN + 3):
        owner = alice if n % 2 else olivia
        ContactFactory(customer__owner=owner, phone="010-6000 0000")
    CustomerFactory(legal_name="上海华东科技有限公司", owner=alice)
    keys = {"company_name": "上海华东科技有限公司", "phone": "01060000000", "email": ""}
    with django_assert_num_queries(1):
        assert len(customers_named_like_lead(**keys, user=alice)) == 1
    with django_assert_num_queries(1):
        assert len(contacts_reachable_like_lead(**keys, user=alice)) == CONTACTS_SHOWN


def test_nothing_to_compare_costs_no_query(alice, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert customers_named_like_lead(**NO_KEYS, user=alice) == []
        assert contacts_reachable_like_lead(**NO_KEYS, user=alice) == []
