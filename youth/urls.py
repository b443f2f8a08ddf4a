from django.urls import path

from . import views
from .promotion_urls import urlpatterns as promotion_urlpatterns

app_name = "youth"

urlpatterns = [
    path("", views.home, name="home"),
    path("nearby/", views.nearby, name="nearby"),
    path("hobbies/", views.hobby_list, name="hobby-list"),
    path("hobbies/map/", views.hobby_map, name="hobby-map"),
    path("hobbies/<int:pk>/", views.hobby_detail, name="hobby-detail"),
    path("sessions/<int:pk>/calendar.ics", views.session_calendar, name="session-calendar"),
    path("schedules/<int:pk>/calendar.ics", views.schedule_calendar, name="schedule-calendar"),
    path("favourites/", views.favourites, name="favourites"),
    path("favourites/cards/", views.favourite_cards, name="favourite-cards"),
    path("place/", views.place_picker, name="place"),
    path("promotions/", views.promotion_list, name="promotion-list"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("offline/", views.offline, name="offline"),
]
urlpatterns += promotion_urlpatterns
