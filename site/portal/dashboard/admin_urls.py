"""Admin URLs of the dashboard, mounted at /admin/indicators/ (wagtail_hooks)."""

from django.urls import path

from .views import DashboardView, ExportView

app_name = "dashboard"

urlpatterns = [
    path("", DashboardView.as_view(), name="index"),
    path("export/", ExportView.as_view(), name="export"),
    path("<str:level>/<int:pk>/", DashboardView.as_view(), name="unit"),
    path("<str:level>/<int:pk>/export/", ExportView.as_view(), name="unit_export"),
]
