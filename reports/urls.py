from django.urls import path

from reports.views import forecast, funnel, index

app_name = "reports"
urlpatterns = [
    path("", index.report_index, name="index"),
    path("funnel/", funnel.funnel_report, name="funnel"),
    path("forecast/", forecast.forecast_report, name="forecast"),
]
