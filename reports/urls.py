from django.urls import path

from reports.views import (
    activity,
    calibration,
    coaching,
    day,
    forecast,
    funnel,
    index,
    losses,
    performance,
)

app_name = "reports"
urlpatterns = [
    path("", index.report_index, name="index"),
    path("day/", day.my_day, name="day"),
    path("week/", day.my_week, name="week"),
    path("day/<str:kind>/<int:pk>/follow-up/", day.follow_up, name="follow_up"),
    path("day/<str:kind>/<int:pk>/reschedule/", day.reschedule, name="reschedule"),
    path("funnel/", funnel.funnel_report, name="funnel"),
    path("forecast/", forecast.forecast_report, name="forecast"),
    path("performance/", performance.performance_report, name="performance"),
    path("performance/targets/", performance.target_grid, name="targets"),
    path("activity/", activity.activity_report, name="activity"),
    path("losses/", losses.losses_report, name="losses"),
    path("calibration/", calibration.calibration_report, name="calibration"),
    path("coaching/", coaching.coaching_overview, name="coaching"),
    path("reps/me/", coaching.my_capability, name="my_capability"),
    path("reps/<int:pk>/", coaching.rep_capability, name="rep"),
    path("reps/<int:pk>/notes/", coaching.coaching_note_add, name="note_add"),
    path("notes/<int:pk>/done/", coaching.coaching_note_done, name="note_done"),
]
