"""The open-deal recompute also runs nightly, from a schedule admins can edit."""

from django_celery_beat.models import PeriodicTask

from config.celery import app


def test_a_new_installation_schedules_the_recompute_every_night(db):
    task = PeriodicTask.objects.get(task="opportunities.tasks.recompute_probabilities")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("3", "30")
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    # Beat sends it by name: the worker must know that name.
    assert task.task in app.tasks
