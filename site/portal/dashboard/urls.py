"""Public open-data URLs; the project includes them at /opendata/ (portal.urls)."""

from django.urls import path

from . import opendata

app_name = "opendata"

urlpatterns = [
    path("", opendata.index, name="index"),
    path("indicators.csv", opendata.download_csv, name="csv"),
    path("indicators.xlsx", opendata.download_xlsx, name="xlsx"),
]
