"""«Охват: диагностика и маршруты»: the coordinator's list of the people of a school,
a district or the region for a period — who took a diagnostic, who has a route
built on it, who completed a federal-registry programme from it — with those the
indicators miss («без диагностики», «без маршрута», «без программ из реестра») one
filter away, and the four indicators' values for the same people.

It is the drill-down of the dashboard's indicators (``indicators``): the same
expressions count both, and the summary is one aggregate query over the chosen
unit's people. A unit is a region, a municipality or an organisation of the user's
scope (``?unit=municipality:7&period=2025-2026&show=no_route``); any other unit is not
a choice. A coordinator is an editor with a territorial scope; anyone else gets 403.
Each row links to the person's diagnostics and routes in the registries and to the
forms that add them, prefilled (``PrefilledCreateView``).

Also here: the listing and creation views the registries (``views``) share.
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.coreutils import multigetattr
from wagtail.snippets.views import snippets as snippet_views

from portal.core.models import Organisation, Territory
from portal.dashboard.indicators import Indicator, IndicatorValue
from portal.dashboard.periods import Period
from portal.dashboard.targets import TargetResolver
from portal.extensions.registry import plugin_setting
from portal.permissions.policy import VIEW, scope_for, scope_queryset
from portal.permissions.viewsets import ScopedIndexView

from .indicators import (
    Diagnosed,
    FederalProgrammesCompleted,
    TeachersPerTutor,
    WithRoute,
    completed_federal,
    diagnosed,
    is_tutor,
    population,
    with_route,
)
from .models import Diagnostic, Route

MAX_ID_DIGITS = 9


def id_param(request, name: str) -> int | None:
    """A record id from the query string, or None (never an overflowing number)."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) <= MAX_ID_DIGITS else None


# --- Views the registries share ----------------------------------------------------


class NarrowedIndexView(ScopedIndexView):
    """A scoped listing narrowed by GET parameters to one person's or one route's
    records (``?person=<id>``), as the coverage list and the routes link to it."""

    #: {GET parameter: lookup}.
    narrowing: dict[str, str] = {}
    #: Export columns computed from a record: {name in list_export: function}.
    export_values: dict = {}

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        for param, lookup in self.narrowing.items():
            pk = id_param(self.request, param)
            if pk is not None:
                queryset = queryset.filter(**{lookup: pk})
        return queryset

    def to_row_dict(self, item):
        return {
            field: self.export_values[field](item)
            if field in self.export_values
            else multigetattr(item, field)
            for field in self.list_export
        }


class PrefilledCreateView(snippet_views.CreateView):
    """A create form with a choice made from the query string (``?person=<id>``),
    when that record lies in the editor's territory."""

    #: {GET parameter: (form field, model)}.
    prefill: dict[str, tuple[str, type]] = {}

    def get_initial(self):
        initial = super().get_initial()
        for param, (field, model) in self.prefill.items():
            pk = id_param(self.request, param)
            if pk is None:
                continue
            found = model.objects.filter(pk=pk)
            if scope_queryset(self.request.user, found, VIEW).exists():
                initial[field] = pk
        return initial


# --- The coverage list ---------------------------------------------------------------

UNIT_LOOKUPS = {
    "region": "organisation__region_id",
    "municipality": "organisation__municipality_id",
    "organisation": "organisation_id",
}
SHOW_FILTERS = {
    "no_diagnostic": diagnosed,
    "no_route": with_route,
    "no_federal": completed_federal,
}


def unit_choices(user) -> list:
    """The regions, municipalities and organisations of the user's scope."""
    scope = scope_for(user)
    regions = Territory.objects.filter(kind=Territory.Kind.REGION)
    municipalities = Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY)
    organisations = scope_queryset(user, Organisation.objects.all(), VIEW)
    if not scope.everything:
        regions = regions.filter(pk__in=scope.regions)
        municipalities = municipalities.filter(
            Q(pk__in=scope.municipalities) | Q(parent_id__in=scope.regions)
        )
    groups = [
        (_("Регионы"), "region", regions.order_by("name").values_list("pk", "name")),
        (
            _("Муниципалитеты"),
            "municipality",
            municipalities.order_by("name").values_list("pk", "name"),
        ),
        (
            _("Организации"),
            "organisation",
            organisations.order_by("name").values_list("pk", "name"),
        ),
    ]
    choices = []
    for label, level, rows in groups:
        options = [(f"{level}:{pk}", name) for pk, name in rows]
        if options:
            choices.append((label, options))
    return choices


class CoverageFilterForm(forms.Form):
    unit = forms.ChoiceField(
        label=gettext_lazy("Территория или организация"), required=False
    )
    period = forms.ChoiceField(label=gettext_lazy("Период"), required=False)
    show = forms.ChoiceField(
        label=gettext_lazy("Показать"),
        required=False,
        choices=[
            ("", gettext_lazy("Всех")),
            ("no_diagnostic", gettext_lazy("Без диагностики")),
            ("no_route", gettext_lazy("Без маршрута по диагностике")),
            ("no_federal", gettext_lazy("Без программ из реестра по диагностике")),
        ],
    )
    q = forms.CharField(label=gettext_lazy("Фамилия"), required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [
            ("", gettext_lazy("Вся моя территория")),
            *unit_choices(user),
        ]
        periods = Period.choices()
        asked = Period.parse((self.data or {}).get("period", ""))
        if asked is not None and asked not in periods:
            periods.insert(0, asked)
        self.fields["period"].choices = [(p.key, p.label) for p in periods]
        self.fields["period"].initial = Period.current(Period.SCHOOL).key

    @property
    def data_or_empty(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def chosen_period(self) -> Period:
        key = self.data_or_empty.get("period", "")
        return Period.parse(key) or Period.current(Period.SCHOOL)

    def chosen_unit(self) -> tuple[str, int] | None:
        value = self.data_or_empty.get("unit") or ""
        if ":" not in value:
            return None
        level, pk = value.split(":", 1)
        return level, int(pk)


@dataclass
class Figure:
    indicator: Indicator
    value: IndicatorValue
    target: Decimal | None
    met: bool | None
    url: str


def territory_chain(unit: tuple[str, int] | None) -> tuple:
    """Territory ids whose targets apply to the unit, most specific first."""
    if unit is None:
        return ()
    level, pk = unit
    if level == "region":
        return (pk,)
    if level == "municipality":
        parent = Territory.objects.filter(pk=pk).values_list("parent_id", flat=True)
        return (pk, parent.first())
    found = Organisation.objects.filter(pk=pk).values_list(
        "municipality_id", "region_id"
    )
    return tuple(found.first() or ())


def dashboard_url(indicator: Indicator, period: Period, unit, chain: tuple) -> str:
    query = urlencode({"indicator": indicator.code, "period": period.key})
    if unit is not None and unit[0] != "organisation":
        args = list(unit)
    elif unit is not None and chain and chain[0] is not None:
        args = ["municipality", chain[0]]
    elif unit is not None and len(chain) > 1:
        args = ["region", chain[1]]
    else:
        return f"{reverse('dashboard:index')}?{query}"
    return f"{reverse('dashboard:unit', args=args)}?{query}"


def figures(people, period: Period, unit) -> list[Figure]:
    """The four indicators for these people: one aggregate query (and the targets)."""
    found = people.order_by().aggregate(
        total=Count("pk"),
        diagnosed=Count("pk", filter=Q(diagnosed(period))),
        routed=Count("pk", filter=Q(with_route(period))),
        federal=Count("pk", filter=Q(completed_federal(period))),
        tutors=Count("pk", filter=is_tutor(period)),
    )
    chain = territory_chain(unit)
    result = []
    for indicator, numerator, denominator in (
        (Diagnosed(), found["diagnosed"], found["total"]),
        (WithRoute(), found["routed"], found["total"]),
        (FederalProgrammesCompleted(), found["federal"], found["total"]),
        (TeachersPerTutor(), found["total"], found["tutors"]),
    ):
        value = indicator.make_value(numerator, denominator)
        target = TargetResolver(indicator, period.year).for_territories(*chain)
        url = dashboard_url(indicator, period, unit, chain)
        result.append(
            Figure(indicator, value, target, indicator.is_met(value, target), url)
        )
    return result


def latest_route_status():
    routes = Route.objects.filter(Q(owner=OuterRef("pk")) | Q(team=OuterRef("pk")))
    return Subquery(routes.order_by("-created_at", "-pk").values("status")[:1])


def person_links(person) -> list[tuple[str, str]]:
    query = urlencode({"person": person.pk})
    return [
        (_("Диагностика"), f"{reverse('wagtailsnippets_iom_diagnostic:list')}?{query}"),
        (
            _("Внести диагностику"),
            f"{reverse('wagtailsnippets_iom_diagnostic:add')}?{query}",
        ),
        (_("Маршруты"), f"{reverse('wagtailsnippets_iom_route:list')}?{query}"),
        (_("Новый маршрут"), f"{reverse('wagtailsnippets_iom_route:add')}?{query}"),
    ]


class CoverageView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "iom/admin/coverage.html"
    page_title = gettext_lazy("Охват: диагностика и маршруты")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not scope_for(request.user).is_editor:
            raise PermissionDenied
        self.filters = CoverageFilterForm(request.GET or None, user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def people(self):
        people = scope_queryset(self.request.user, population(), VIEW)
        unit = self.filters.chosen_unit()
        if unit is not None:
            people = people.filter(**{UNIT_LOOKUPS[unit[0]]: unit[1]})
        return people

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period, data = self.filters.chosen_period(), self.filters.data_or_empty
        people = self.people()
        listed = people
        if data.get("show"):
            listed = listed.exclude(SHOW_FILTERS[data["show"]](period))
        if data.get("q"):
            listed = listed.filter(last_name__icontains=data["q"].strip())
        listed = (
            listed.annotate(
                is_diagnosed=diagnosed(period),
                has_route=with_route(period),
                has_federal=completed_federal(period),
                last_diagnostic=Subquery(
                    Diagnostic.objects.filter(person=OuterRef("pk"))
                    .order_by("-date", "-pk")
                    .values("date")[:1]
                ),
                route_status=latest_route_status(),
            )
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name", "pk")
        )
        paginator = Paginator(listed, plugin_setting("iom", "PAGE_SIZE"))
        page = paginator.get_page(self.request.GET.get("p"))
        statuses = dict(Route.Status.choices)
        rows = [
            (person, statuses.get(person.route_status, ""), person_links(person))
            for person in page.object_list
        ]
        context.update(
            filters=self.filters,
            period=period,
            figures=figures(people, period, self.filters.chosen_unit()),
            rows=rows,
            page=page,
            total=paginator.count,
            elided_page_range=paginator.get_elided_page_range(page.number),
        )
        return context


class CoverageMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request.user).is_editor


class CoverageViewSet(ViewSet):
    """The coordinator's «Охват: диагностика и маршруты»."""

    name = "iom_coverage"
    url_prefix = "iom-coverage"
    icon = "tasks"
    menu_label = gettext_lazy("Охват: диагностика и маршруты")
    menu_name = "iom-coverage"
    menu_item_class = CoverageMenuItem

    def get_urlpatterns(self):
        return [path("", CoverageView.as_view(), name="index")]
