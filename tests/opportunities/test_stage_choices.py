"""The deal list's stage filter lists the stages from the shared cache and
follows every change an administrator makes to them."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from opportunities.models import Stage

URL = reverse("opportunities:list")


def stage_options(client, **params) -> list[str]:
    html = client.get(URL, params).content.decode()
    select = re.search(r'<select[^>]*name="stage".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def stage_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    return sum(
        'FROM "opportunities_stage"' in q["sql"] for q in queries.captured_queries
    )


def test_the_select_lists_every_stage_in_order_in_the_viewers_language(client, alice):
    client.force_login(alice)
    stages = list(Stage.objects.order_by("order"))
    assert stage_options(client) == ["Any", *(s.name_en for s in stages)]
    with translation.override("zh-hans"):
        client.cookies["django_language"] = "zh-hans"
        assert stage_options(client)[1:] == [s.name_zh for s in stages]


def test_the_stages_are_read_once_and_then_from_the_cache(client, alice):
    client.force_login(alice)
    assert stage_queries(client) == 1
    assert stage_queries(client) == 0


def test_a_renamed_added_or_deleted_stage_shows_on_the_next_view(client, alice):
    client.force_login(alice)
    stage_options(client)
    first = Stage.objects.order_by("order").first()
    first.name_en = "First contact"
    first.save()
    assert stage_options(client)[1] == "First contact"

    last = Stage.objects.order_by("order").last().order
    added = Stage.objects.create(
        name_en="Extra", name_zh="额外", order=last + 1, percentage=95
    )
    assert stage_options(client)[-1] == "Extra"
    added.delete()
    assert "Extra" not in stage_options(client)


def test_a_chosen_stage_is_still_checked_against_the_stages(client, alice):
    client.force_login(alice)
    response = client.get(URL, {"stage": 987654})
    assert "stage" in response.context["filter"].errors
