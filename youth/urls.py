from django.urls import path

from . import views

app_name = "youth"

urlpatterns = [
    path("", views.hobby_list, name="hobby-list"),
    path("hobbies/<int:pk>/", views.hobby_detail, name="hobby-detail"),
]
