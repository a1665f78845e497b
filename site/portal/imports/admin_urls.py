"""Admin URLs of «Импорт данных», mounted at /admin/imports/ (wagtail_hooks)."""

from django.urls import path

from . import views

app_name = "portal_imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("template/<slug:name>.xlsx", views.download_template, name="template"),
    path("<int:pk>/", views.job_view, name="job"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/errors.xlsx", views.download_errors, name="errors"),
]
