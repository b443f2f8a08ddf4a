from django.urls import path, re_path

from . import api_views

app_name = "analytics-api"

MONTH = r"(?P<month>[0-9]{4}-[0-9]{2})"

urlpatterns = [
    path("api/analytics/v1/events/", api_views.post_events, name="events"),
    path("api/analytics/v1/schema/", api_views.event_schema, name="schema"),
    re_path(rf"^api/analytics/v1/national/{MONTH}/$", api_views.national_json, name="national"),
    re_path(rf"^api/analytics/v1/national/{MONTH}\.csv$", api_views.national_csv, name="national-csv"),
]
