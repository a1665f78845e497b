"""The routes' registries in the admin: routes (a coordinator agrees them; each links
to its steps) and their steps (what was planned, done and recognised, with evidence),
in the «Маршруты (ИОМ)» menu of ``views.IomGroup``.

A route's steps have their own registry, linked from each route («Шаги маршрута»,
«Добавить шаг»), because ``RouteStep.route`` is a plain foreign key: an inline panel
needs ``Route`` to be a ``ClusterableModel`` and the key a ``ParentalKey``.
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column

from portal.core.models import Person
from portal.permissions.viewsets import TerritorialSnippetViewSet

from .admin_forms import RouteAdminForm, RouteStepAdminForm
from .admin_views import NarrowedIndexView, PrefilledCreateView
from .models import Route, RouteStep


def _owner_organisation(route):
    return route.owner.organisation


def _progress(route):
    return _gettext("%(done)s из %(total)s") % {
        "done": route.steps_done,
        "total": route.steps_total,
    }


class RouteIndexView(NarrowedIndexView):
    """Routes of a person (as owner) on request; each links to its steps."""

    narrowing = {"person": "owner_id"}

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        query = urlencode({"route": instance.pk})
        buttons += [
            MenuItem(
                _("Шаги маршрута"),
                url=f"{reverse('wagtailsnippets_iom_routestep:list')}?{query}",
                icon_name="list-ol",
                priority=5,
            ),
            MenuItem(
                _("Добавить шаг"),
                url=f"{reverse('wagtailsnippets_iom_routestep:add')}?{query}",
                icon_name="plus",
                priority=6,
            ),
        ]
        return buttons


class RouteCreateView(PrefilledCreateView):
    prefill = {"person": ("owner", Person)}


class RouteViewSet(TerritorialSnippetViewSet):
    """Routes of the territory's teachers and teams; a coordinator agrees them."""

    model = Route
    icon = "tasks"
    menu_label = _("Маршруты")
    menu_name = "iom-routes"
    territorial_form_class = RouteAdminForm
    index_view_class = RouteIndexView
    add_view_class = RouteCreateView
    list_display = [
        "__str__",
        "owner",
        Column("organisation", label=_("Организация"), accessor=_owner_organisation),
        "status",
        "tutor",
        Column("progress", label=_("Выполнено шагов"), accessor=_progress),
        "end_date",
    ]
    list_filter = ["status", "pace", "deficits"]
    search_fields = [
        "owner__last_name",
        "owner__first_name",
        "title",
        "tutor__last_name",
    ]
    list_export = [
        "owner",
        "owner.organisation",
        "title",
        "get_status_display",
        "tutor",
        "diagnostic",
        "start_date",
        "end_date",
        "agreed_at",
        "completed_on",
        "steps_total",
        "steps_done",
    ]
    export_headings = {
        "owner.organisation": _("Организация"),
        "get_status_display": _("Статус"),
        "steps_total": _("Шагов"),
        "steps_done": _("Выполнено шагов"),
    }
    export_filename = "marshruty"
    edit_handler = ObjectList(
        [
            FieldPanel("owner"),
            FieldPanel("team"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("diagnostic"), FieldPanel("template")]),
            FieldPanel("deficits"),
            FieldPanel("goals"),
            FieldPanel("tutor", widget=forms.Select),
            FieldRowPanel(
                [FieldPanel("pace"), FieldPanel("start_date"), FieldPanel("end_date")]
            ),
            FieldPanel("personal_resources"),
            FieldPanel("school_context"),
            FieldRowPanel([FieldPanel("status"), FieldPanel("completed_on")]),
        ]
    )

    def get_queryset(self, request):
        return Route.objects.select_related(
            "owner__organisation", "tutor", "diagnostic__person"
        ).annotate(
            steps_total=Count("steps", distinct=True),
            steps_done=Count(
                "steps", filter=Q(steps__status=RouteStep.Status.DONE), distinct=True
            ),
        )


def _step_owner(step):
    return step.route.owner


class RouteStepCreateView(PrefilledCreateView):
    prefill = {"route": ("route", Route)}


class RouteStepIndexView(NarrowedIndexView):
    narrowing = {"route": "route_id", "person": "route__owner_id"}


class RouteStepViewSet(TerritorialSnippetViewSet):
    """Steps of routes: what was planned, done and recognised, with evidence."""

    model = RouteStep
    icon = "list-ol"
    menu_label = _("Шаги маршрутов")
    menu_name = "iom-steps"
    territorial_form_class = RouteStepAdminForm
    index_view_class = RouteStepIndexView
    add_view_class = RouteStepCreateView
    list_display = [
        "title",
        Column("owner", label=_("Владелец маршрута"), accessor=_step_owner),
        "kind",
        "learning_form",
        "deficit",
        "planned_end",
        "status",
        "done_on",
        "recognised",
    ]
    list_filter = ["status", "kind", "learning_form", "recognised"]
    search_fields = ["title", "route__owner__last_name", "route__title"]
    list_export = [
        "route.owner",
        "route",
        "title",
        "get_kind_display",
        "get_learning_form_display",
        "deficit",
        "programme",
        "hours",
        "planned_start",
        "planned_end",
        "get_status_display",
        "done_on",
        "done_source",
        "recognised",
    ]
    export_headings = {
        "route.owner": _("Владелец маршрута"),
        "route": _("Маршрут"),
        "get_kind_display": _("Вид"),
        "get_learning_form_display": _("Форма обучения"),
        "get_status_display": _("Статус"),
    }
    export_filename = "shagi-marshrutov"
    edit_handler = ObjectList(
        [
            FieldPanel("route"),
            FieldRowPanel(
                [FieldPanel("order"), FieldPanel("kind"), FieldPanel("learning_form")]
            ),
            FieldPanel("title"),
            FieldRowPanel(
                [FieldPanel("deficit"), FieldPanel("programme"), FieldPanel("hours")]
            ),
            FieldPanel("url"),
            FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("status"), FieldPanel("done_on")]),
                    FieldPanel("evidence"),
                    FieldPanel("evidence_file"),
                    FieldPanel("recognised"),
                ],
                heading=_("Выполнение"),
            ),
        ]
    )

    def get_queryset(self, request):
        return RouteStep.objects.select_related(
            "route__owner__organisation", "deficit", "programme"
        )
