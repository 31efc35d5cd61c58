from django.contrib import admin
from django.urls import include, path

from config.health import health
from reports.views import workbench

urlpatterns = [
    path("", workbench, name="home"),
    path("leads/", include("leads.urls")),
    path("customers/", include("customers.urls")),
    path("opportunities/", include("opportunities.urls")),
    path("contracts/", include("contracts.urls")),
    path("payments/", include("payments.urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include("users.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
# No media route, even in development: contract attachments are served only
# by contracts:attachment_download, which checks who may see the contract.
