"""Admin of the routes plugin: one menu «Маршруты (ИОМ)» (``IomConfig.admin_viewsets``).

The coordinator's coverage list (``admin_views.CoverageViewSet``, a plain ViewSet)
comes first; a ``SnippetViewSetGroup`` registers every item's URLs and builds the
submenu from each item's ``get_menu_item``, as in the mentoring plugin.

Diagnostics, routes, their steps and completed courses are personal data, registered
as territorial through the person's organisation (``IomConfig.ready``):
``TerritorialSnippetViewSet`` scopes the listing, the XLSX/CSV export and every
object view, and a record outside the editor's territory is a 404. The programme
catalogue is territorial by its region and provider (federal programmes — no region —
are the portal administrator's); its chooser is not scoped, since the catalogue is
public and a route may take any programme.

A diagnostic's per-area results are edited in its form (``admin_forms.ScoresField``).
Routes and their steps are in ``route_views``.
"""

from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal.core.models import Person
from portal.permissions.viewsets import TerritorialSnippetViewSet

from .admin_forms import (
    CourseCompletionAdminForm,
    DiagnosticAdminForm,
    ProgrammeAdminForm,
)
from .admin_views import CoverageViewSet, NarrowedIndexView, PrefilledCreateView
from .models import CourseCompletion, Diagnostic, Programme
from .route_views import RouteStepViewSet, RouteViewSet

PERSON_SEARCH = ["person__last_name", "person__first_name", "person__middle_name"]


def _organisation(obj):
    return obj.person.organisation


def _names(items) -> str:
    return ", ".join(str(item) for item in items)


# --- Programmes ----------------------------------------------------------------------


def _region(programme):
    return programme.region or _gettext("федеральная")


class ProgrammeViewSet(TerritorialSnippetViewSet):
    """The catalogue of programmes (ДПП) with their cohorts (the model's panels)."""

    model = Programme
    icon = "doc-full"
    menu_label = _("Программы ДПП")
    menu_name = "iom-programmes"
    territorial_form_class = ProgrammeAdminForm
    chooser_viewset_class = SnippetChooserViewSet
    list_display = [
        "title",
        "kind",
        "hours",
        Column("provider", label=_("Организация"), accessor="provider_title"),
        Column("region", label=_("Регион"), accessor=_region),
        "in_federal_registry",
        "published",
    ]
    list_filter = ["kind", "in_federal_registry", "published", "distance", "network"]
    search_fields = ["title", "provider_name", "provider__name", "platform"]
    list_export = [
        "title",
        "get_kind_display",
        "hours",
        "provider_title",
        "region",
        "platform",
        "distance",
        "network",
        "in_federal_registry",
        "registry_url",
        "enrolment_url",
        "published",
    ]
    export_headings = {
        "get_kind_display": _("Вид программы"),
        "provider_title": _("Организация"),
    }
    export_filename = "programmy-dpp"

    def get_queryset(self, request):
        return Programme.objects.select_related("provider", "region")


# --- Diagnostics ---------------------------------------------------------------------


def _scores(diagnostic) -> str:
    return "; ".join(
        " ".join(
            part
            for part in (
                f"{s.area.name}:",
                "" if s.score is None else str(s.score),
                s.get_level_display(),
            )
            if part
        )
        for s in diagnostic.scores.all()
    )


def _deficits(obj) -> str:
    return _names(obj.deficits.all())


class DiagnosticIndexView(NarrowedIndexView):
    narrowing = {"person": "person_id"}
    export_values = {"deficit_names": _deficits, "area_scores": _scores}


class PersonCreateView(PrefilledCreateView):
    prefill = {"person": ("person", Person)}


class DiagnosticViewSet(TerritorialSnippetViewSet):
    """Results of diagnostics, entered here or imported from the centres' tables."""

    model = Diagnostic
    icon = "clipboard-list"
    menu_label = _("Диагностика")
    menu_name = "iom-diagnostics"
    territorial_form_class = DiagnosticAdminForm
    index_view_class = DiagnosticIndexView
    add_view_class = PersonCreateView
    list_display = [
        "person",
        Column("organisation", label=_("Организация"), accessor=_organisation),
        "date",
        "source",
        "title",
        Column("deficits", label=_("Дефициты"), accessor=_deficits),
    ]
    list_filter = ["source", "imported", "date"]
    search_fields = [*PERSON_SEARCH, "title"]
    list_export = [
        "person",
        "person.organisation",
        "date",
        "get_source_display",
        "title",
        "deficit_names",
        "area_scores",
        "note",
    ]
    export_headings = {
        "person.organisation": _("Организация"),
        "get_source_display": _("Кто проводил"),
        "deficit_names": _("Выявленные дефициты"),
        "area_scores": _("Результаты по областям"),
    }
    export_filename = "diagnostika"
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldRowPanel([FieldPanel("date"), FieldPanel("source")]),
            FieldPanel("title"),
            FieldPanel("scores"),
            FieldPanel("deficits"),
            FieldPanel("note"),
        ]
    )

    def get_queryset(self, request):
        return Diagnostic.objects.select_related(
            "person__organisation"
        ).prefetch_related("deficits", "scores__area")


# --- Completed courses ---------------------------------------------------------------


def _completed_programme(completion):
    return (
        completion.programme.title
        if completion.programme_id
        else completion.programme_title
    )


class CompletionIndexView(NarrowedIndexView):
    narrowing = {"person": "person_id"}


class CourseCompletionViewSet(TerritorialSnippetViewSet):
    """Completed courses (удостоверения): imported from providers' lists or entered."""

    model = CourseCompletion
    icon = "success"
    menu_label = _("Пройденное обучение")
    menu_name = "iom-completions"
    territorial_form_class = CourseCompletionAdminForm
    index_view_class = CompletionIndexView
    add_view_class = PersonCreateView
    list_display = [
        "person",
        Column("organisation", label=_("Организация"), accessor=_organisation),
        Column("programme", label=_("Программа"), accessor=_completed_programme),
        "hours",
        "completed_on",
        "document_number",
        "source",
    ]
    list_filter = ["source", "programme__in_federal_registry", "completed_on"]
    search_fields = [
        *PERSON_SEARCH,
        "programme__title",
        "programme_title",
        "document_number",
    ]
    list_export = [
        "person",
        "person.organisation",
        "programme",
        "programme_title",
        "hours",
        "completed_on",
        "document_number",
        "get_source_display",
    ]
    export_headings = {
        "person.organisation": _("Организация"),
        "get_source_display": _("Источник"),
    }
    export_filename = "proydennoe-obuchenie"
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldPanel("programme"),
            FieldPanel("programme_title"),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("completed_on")]),
            FieldPanel("document_number"),
        ]
    )

    def get_queryset(self, request):
        return CourseCompletion.objects.select_related(
            "person__organisation", "programme"
        )


class IomGroup(SnippetViewSetGroup):
    """«Маршруты (ИОМ)» in the admin menu; the coordinator's coverage list first."""

    items = (
        CoverageViewSet,
        RouteViewSet,
        RouteStepViewSet,
        DiagnosticViewSet,
        CourseCompletionViewSet,
        ProgrammeViewSet,
    )
    menu_label = _("Маршруты (ИОМ)")
    menu_icon = "tasks"
    menu_name = "iom"
    menu_order = 350
