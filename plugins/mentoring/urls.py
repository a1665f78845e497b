"""The plugin's own views that are not pages, mounted at /mentoring/ (docs/plugins.md,
``urls_module``): a person's mentoring, a pair's plan and its documents."""

from django.urls import path

from . import doc_views, my_views, plan_views

app_name = "mentoring"

urlpatterns = [
    # «Моё наставничество»: my pairs as mentor or mentee, requests in and out.
    path("my/", my_views.my_mentoring, name="my"),
    # Ask a mentor (from their public card) for a pair; answer a request.
    path("request/<int:mentor_id>/", my_views.request_pair, name="request"),
    path(
        "requests/<int:request_id>/<slug:action>/",
        my_views.answer_request,
        name="answer",
    ),
    # A pair's individual plan: the pair's people and its coordinators only.
    path("pairs/<int:pair_id>/", plan_views.pair_plan, name="pair"),
    # Documents generated from data (DOCX by default, ?format=pdf).
    path(
        "pairs/<int:pair_id>/documents/<slug:kind>/",
        doc_views.pair_document,
        name="pair_document",
    ),
    path(
        "organisations/<int:organisation_id>/pairs-order/",
        doc_views.pairs_order,
        name="pairs_order",
    ),
]
