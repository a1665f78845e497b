"""The plugin's own views that are not pages, mounted at /young-teachers/
(docs/plugins.md, ``urls_module``): a young teacher's own status page."""

from django.urls import path

from . import my_views

app_name = "young_teachers"

urlpatterns = [
    # «Моя поддержка»: whether I count as a young teacher, my support, what is next.
    path("my/", my_views.my_support, name="my"),
]
