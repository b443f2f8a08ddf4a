from django.urls import path

from . import api_views

app_name = "analytics-api"

urlpatterns = [
    path("api/analytics/v1/events/", api_views.post_events, name="events"),
    path("api/analytics/v1/schema/", api_views.event_schema, name="schema"),
]
