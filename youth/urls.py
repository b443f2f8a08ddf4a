from django.urls import path

from . import views
from .promotion_urls import urlpatterns as promotion_urlpatterns

app_name = "youth"

urlpatterns = [
    path("", views.hobby_list, name="hobby-list"),
    path("hobbies/<int:pk>/", views.hobby_detail, name="hobby-detail"),
]
urlpatterns += promotion_urlpatterns
