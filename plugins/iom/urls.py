"""URLs of a person's own route pages, the tutor's caseload and generated documents,
mounted at /iom/ (see apps.py). All of them private: see docs/iom.md."""

from django.urls import path

from . import caseload_views, doc_views, my_views, route_page

app_name = "iom"

urlpatterns = [
    # «Мой маршрут»: my diagnostics and routes.
    path("my/", my_views.my_routes, name="my"),
    # «Построить маршрут» from one of my diagnostics.
    path(
        "my/diagnostics/<int:diagnostic_id>/propose/",
        my_views.propose_route,
        name="propose",
    ),
    # Adopt a typical route (POST from its public page).
    path("my/adopt/<int:page_id>/", my_views.adopt, name="adopt"),
    # A route: its owner, team, tutor and coordinators only.
    path("routes/<int:route_id>/", route_page.route_page, name="route"),
    path("routes/<int:route_id>/offers/", my_views.route_offers, name="route_offers"),
    path(
        "routes/<int:route_id>/document.<slug:extension>",
        doc_views.route_document,
        name="route_document",
    ),
    path(
        "routes/<int:route_id>/steps/<int:step_id>/evidence/",
        doc_views.evidence,
        name="evidence",
    ),
    # «Маршруты моих педагогов»: the tutor's (and coordinator's) caseload.
    path("caseload/", caseload_views.caseload, name="caseload"),
]
