from django.urls import path

from . import views

app_name = "publicapi"
urlpatterns = [
    path("organisations/", views.organisations, name="organisations"),
    path("people/", views.people, name="people"),
]
