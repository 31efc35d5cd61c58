"""The configuration admin reads naturally and hides Celery's bookkeeping."""

from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from opportunities.models import CompetitionFactor, FunnelSettings


def test_competition_factors_read_as_a_sentence(db):
    one = CompetitionFactor(competitors=1, factor=Decimal("0.5"))
    none = CompetitionFactor(competitors=0, factor=Decimal("0.8"))
    with translation.override("zh-hans"):
        assert str(one) == "1 个竞争对手 → 50%"
        assert str(none) == "无已知竞争对手 → 80%"
    with translation.override("en"):
        assert str(CompetitionFactor(competitors=2, factor=Decimal("0.333"))) == (
            "2 competitors → 33.3%"
        )


def test_admin_home_hides_celery_internals_from_administrators(client, adam):
    client.force_login(adam)
    body = client.get(reverse("admin:index")).content.decode()
    assert "django_celery_beat/periodictask/" in body
    for internal in ("crontabschedule", "intervalschedule", "taskresult"):
        assert internal not in body


def test_the_user_list_names_people_plainly(client, adam):
    client.force_login(adam)
    body = client.get(reverse("admin:users_user_changelist")).content.decode()
    assert "get full name" not in body.lower()
    assert "column-full_name" in body


def test_the_funnel_mode_explains_itself(client, adam, db):
    client.force_login(adam)
    row = FunnelSettings.load()
    url = reverse("admin:opportunities_funnelsettings_change", args=[row.pk])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "顺序清单" in body and "后台重新计算" in body
