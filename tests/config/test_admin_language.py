"""The configuration admin reads naturally and hides Celery's bookkeeping."""

from decimal import Decimal

import pytest
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


PERIODIC_TASKS = reverse("admin:django_celery_beat_periodictask_changelist")


@pytest.fixture
def root(adam):
    adam.is_superuser = True
    adam.save(update_fields=["is_superuser"])
    return adam


@pytest.mark.parametrize(
    ("language", "names", "schedules", "areas"),
    [
        (
            "en",
            ["Deal contact reminders", "Coaching follow-ups", "Lead scores"],
            ["Every 5 minutes", "Every day at 08:00", "Every day at 02:30"],
            ["Reminders and digests", "Reports", "Stages and probabilities"],
        ),
        (
            "zh-CN",
            ["商机联系提醒", "辅导跟进提醒", "线索评分"],
            ["每 5 分钟", "每天 08:00", "每天 02:30", "每月 1 日 00:30"],
            ["提醒与摘要", "报表", "阶段与赢单率"],
        ),
    ],
)
def test_periodic_jobs_are_named_with_their_schedule_in_words(
    client, root, language, names, schedules, areas
):
    client.force_login(root)
    body = client.get(PERIODIC_TASKS, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in [*names, *schedules, *areas]:
        assert text in body, text
    # Neither the raw crontab nor the migration's English name is shown.
    assert "(m/h/dM/MY/d)" not in body
    assert "Remind managers of coaching follow-ups" not in body


def test_every_scheduled_job_has_a_name_in_both_languages(db):
    from django_celery_beat.models import PeriodicTask

    from config.beat_jobs import JOBS

    scheduled = set(PeriodicTask.objects.values_list("task", flat=True))
    assert scheduled and scheduled <= set(JOBS)
    for job in JOBS.values():
        for text in (job.label, job.description, job.area.label):
            with translation.override("en"):
                english = str(text)
            with translation.override("zh-hans"):
                assert str(text) != english, english


def test_periodic_jobs_are_grouped_by_area(client, root):
    client.force_login(root)
    response = client.get(PERIODIC_TASKS, {"area": "reports"})
    tasks = [row.task for row in response.context["cl"].result_list]
    assert sorted(tasks) == [
        "reports.coaching_tasks.take_hygiene_snapshots",
        "reports.tasks.take_forecast_snapshots",
    ]
    everything = client.get(PERIODIC_TASKS).context["cl"].result_list
    areas = [row.area_order for row in everything]
    assert areas == sorted(areas)
    assert everything[0].task.endswith("remind_customer_contacts")


def test_an_added_job_keeps_its_own_name(client, root):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_hour = IntervalSchedule.objects.create(every=1, period="hours")
    PeriodicTask.objects.create(
        name="Nightly export", task="custom.export", interval=every_hour
    )
    client.force_login(root)
    response = client.get(PERIODIC_TASKS, {"area": "other"})
    body = response.content.decode()
    assert "Nightly export" in body and "Every hour" in body
    assert [row.task for row in response.context["cl"].result_list] == ["custom.export"]
