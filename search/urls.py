from django.urls import path

from . import views

app_name = "portal_search"
urlpatterns = [
    path("", views.api_search, name="api"),
    path("suggest/", views.api_suggest, name="suggest"),
    path("openapi.json", views.api_schema, name="openapi"),
]
