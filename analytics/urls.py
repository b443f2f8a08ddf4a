from django.urls import path, re_path

from . import views

app_name = "analytics"

MONTH = r"(?P<month>[0-9]{4}-[0-9]{2})"
SCOPE = r"(?P<scope>national|[0-9]{3})"

urlpatterns = [
    path("portal/analytics/", views.index, name="index"),
    path("portal/analytics/downloads/", views.downloads, name="downloads"),
    path("portal/analytics/downloads/template.csv", views.downloads_template, name="downloads-template"),
    re_path(rf"^portal/analytics/{MONTH}/{SCOPE}/$", views.report, name="report"),
    re_path(rf"^portal/analytics/{MONTH}/{SCOPE}/report\.csv$", views.report_csv_download, name="report-csv"),
    re_path(rf"^portal/analytics/{MONTH}/{SCOPE}/report\.xlsx$", views.report_xlsx_download, name="report-xlsx"),
]
