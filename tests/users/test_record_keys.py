"""Ids typed into URLs and forms: a number beyond 64 bits finds nothing."""

import pytest
from django.urls import reverse

from users.record_keys import MAX_KEY, record_key

HUGE = str(MAX_KEY + 1)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("42", 42),
        (str(MAX_KEY), MAX_KEY),
        (HUGE, None),
        ("-1", None),
        ("١٢", None),
        ("", None),
        (None, None),
        ("4 2", None),
    ],
)
def test_record_key(text, key):
    assert record_key(text) == key


@pytest.mark.parametrize(
    "url",
    [
        reverse("opportunities:create") + f"?customer={HUGE}",
        reverse("contracts:create") + f"?customer={HUGE}",
        reverse("contracts:create") + f"?opportunity={HUGE}",
        reverse("contracts:opportunity_options") + f"?customer={HUGE}",
    ],
)
def test_a_huge_id_in_a_url_is_no_500(client, alice, url):
    client.force_login(alice)
    assert client.get(url).status_code in (200, 404)
