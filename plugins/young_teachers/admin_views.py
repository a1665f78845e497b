"""«Молодые педагоги и поддержка»: the coordinator's list of every young teacher of a
school, a municipal office or the region on a chosen date, with the support each one
gets from every source, and those with **none** — the people the 70 % indicator misses
— highlighted.

A coordinator is an editor with a territorial scope (a school's editor, a municipal
office, the region; superusers see everything); anyone else gets 403. The list is
``support.young_teachers`` over the people of the scope, annotated by
``support.with_support`` (one flag per source: this plugin's records and each other
plugin's ``SupportSource``), paginated; the records' own forms for a whole page come in
one query. Each row offers the one-click actions other plugins contribute through
``portal_person_actions`` («Подобрать наставника», «Пригласить на мероприятие») and
this plugin's «Добавить поддержку» (the support record form, prefilled).

The summary counts the same way as the dashboard's indicators (``indicators``): young
teachers, covered, the share against the target of the territory and year
(``TargetResolver``), and retention after 1, 2 and 3 years — in one aggregate query.
The table of units «in the form municipal offices send upward» is the dashboard's own
XLSX export of ``young_teachers.covered`` (rows per municipality or school: value,
covered, young teachers, target, met): ``?format=xlsx`` redirects to it for the
coordinator's territory and date rather than building a second copy of it.
Wired into the «Молодые педагоги» menu first by ``views.YoungTeachersGroup``.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal.core.models import Organisation, Person, Territory
from portal.core.young import young_teacher_q
from portal.dashboard import units as unit_tree
from portal.dashboard.indicators import UnitLevel
from portal.dashboard.periods import Period
from portal.dashboard.targets import TargetResolver
from portal.extensions.hooks import PersonAction, person_actions
from portal.extensions.registry import plugin_setting
from portal.permissions.policy import VIEW, scope_for, scope_queryset

from .indicators import (
    RETENTION_YEARS,
    YoungTeachersCovered,
    YoungTeachersRetention,
    cohort_q,
)
from .models import SupportForm, SupportRecord
from .support import (
    covered_q,
    departed_q,
    records_on,
    sources,
    with_support,
    young_teachers,
)


def coordinator_only(request) -> None:
    if not scope_for(request.user).is_editor:
        raise PermissionDenied


def scoped_organisations(user):
    return scope_queryset(user, Organisation.objects.order_by("name"), VIEW)


def scoped_municipalities(user):
    scope = scope_for(user)
    municipalities = Territory.objects.filter(
        kind=Territory.Kind.MUNICIPALITY
    ).order_by("name")
    if scope.everything:
        return municipalities
    return municipalities.filter(
        Q(pk__in=scope.municipalities) | Q(parent_id__in=scope.regions)
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CoordinatorFilterForm(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("На дату"), required=False, widget=DateInput()
    )
    q = forms.CharField(label=gettext_lazy("Фамилия"), required=False)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Организация"), queryset=Organisation.objects.none(),
        required=False, empty_label=gettext_lazy("Все"),
    )  # fmt: skip
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Муниципалитет"), queryset=Territory.objects.none(),
        required=False, empty_label=gettext_lazy("Все"),
    )  # fmt: skip
    form = forms.ModelChoiceField(
        label=gettext_lazy("Форма поддержки"), queryset=SupportForm.objects.all(),
        required=False, empty_label=gettext_lazy("Любая"),
    )  # fmt: skip
    without = forms.BooleanField(label=gettext_lazy("Без поддержки"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = scoped_organisations(user)
        municipalities = scoped_municipalities(user)
        if scope_for(user).organisations and not (
            scope_for(user).everything
            or scope_for(user).regions
            or scope_for(user).municipalities
        ):
            del self.fields["municipality"]  # a school has no district to choose
        else:
            self.fields["municipality"].queryset = municipalities

    @property
    def data_or_empty(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def day(self) -> datetime.date:
        return self.data_or_empty.get("on") or timezone.localdate()

    def territory(self, people):
        """The organisation and municipality filters (the summary counts these)."""
        data = self.data_or_empty
        if data.get("organisation"):
            people = people.filter(organisation=data["organisation"])
        if data.get("municipality"):
            people = people.filter(organisation__municipality=data["municipality"])
        return people

    def support(self, people, on):
        """The surname, «без поддержки» and support form filters."""
        data = self.data_or_empty
        if data.get("q"):
            people = people.filter(last_name__icontains=data["q"].strip())
        if data.get("without"):
            people = people.exclude(covered_q(on))
        if data.get("form"):
            people = people.filter(form_q(data["form"], on))
        return people


def form_q(form: SupportForm, on: datetime.date) -> Q:
    """Covered on the date by this form: a record of it, or a source counting as it."""
    q = Q(Exists(records_on(on).filter(person=OuterRef("pk"), form=form)))
    for source in sources():
        if source.form and source.form == form.code:
            q |= Q(source.condition(on))
    return q


@dataclass
class SupportItem:
    form: str
    title: str
    period: str = ""


@dataclass
class CoordinatorRow:
    person: Person
    items: list[SupportItem]
    actions: list[PersonAction] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.items)


@dataclass
class Retention:
    years: int
    started: int
    stayed: int

    @property
    def share(self):
        """Per cent, as the dashboard rounds it (None without a cohort)."""
        return YoungTeachersRetention().make_value(self.stayed, self.started).value


def _period_text(record: SupportRecord) -> str:
    if record.end_date:
        return f"{record.start_date:%d.%m.%Y} – {record.end_date:%d.%m.%Y}"
    return _("с %(start)s") % {"start": f"{record.start_date:%d.%m.%Y}"}


def add_support_url(person: Person) -> str:
    return (
        reverse("wagtailsnippets_young_teachers_supportrecord:add")
        + "?"
        + urlencode({"person": person.pk})
    )


def summary(people, on: datetime.date) -> dict:
    """Young teachers, covered, and the retention cohorts: one aggregate query."""
    young = young_teacher_q(on) & ~Q(departed_q(on))
    counts = {
        "young": Count("pk", filter=young),
        "covered": Count("pk", filter=young & covered_q(on)),
    }
    for n in RETENTION_YEARS:
        counts[f"started_{n}"] = Count("pk", filter=cohort_q(on, n))
        counts[f"stayed_{n}"] = Count("pk", filter=cohort_q(on, n) & ~Q(departed_q(on)))
    found = people.order_by().aggregate(**counts)
    return {
        "young": found["young"],
        "covered": found["covered"],
        "uncovered": found["young"] - found["covered"],
        "value": YoungTeachersCovered().make_value(found["covered"], found["young"]),
        "retention": [
            Retention(n, found[f"started_{n}"], found[f"stayed_{n}"])
            for n in RETENTION_YEARS
        ],
    }


def school_year_to(on: datetime.date) -> Period:
    """From the start of the school year to the date: the dashboard's period whose
    counting day is `on` and whose targets are those of that school year."""
    start = Period.current(Period.SCHOOL, on).start
    return Period(start, on, Period.RANGE)


class CoordinatorView(WagtailAdminTemplateMixin, TemplateView):
    """The list, the summary, and the export link."""

    template_name = "young_teachers/admin/coordinator.html"
    page_title = gettext_lazy("Молодые педагоги и поддержка")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        coordinator_only(request)
        self.scope = scope_for(request.user)
        self.filters = CoordinatorFilterForm(request.GET or None, user=request.user)
        self.on = self.filters.day()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return redirect(self.export_url())
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    # The dashboard's table of units for the coordinator's territory ----------------
    def dashboard_node(self) -> unit_tree.Unit | None:
        """The unit whose table lists the coordinator's schools or districts."""
        data = self.filters.data_or_empty
        municipality = data.get("municipality")
        if municipality is None and data.get("organisation") is not None:
            organisation = data["organisation"]
            if organisation.municipality_id and self.scope.covers(
                organisation.region_id, organisation.municipality_id
            ):
                municipality = organisation.municipality
        if municipality is not None:
            return unit_tree.Unit(
                UnitLevel.MUNICIPALITY, municipality.pk, municipality.name,
                region_id=municipality.parent_id, municipality_id=municipality.pk,
            )  # fmt: skip
        groups = unit_tree.roots(self.scope)
        if len(groups) == 1 and len(groups[0]) == 1 and groups[0][0].drillable:
            return groups[0][0]
        return None

    def dashboard_url(self, export: bool) -> str:
        node = self.dashboard_node()
        query = urlencode(
            {
                "indicator": YoungTeachersCovered.code,
                "period": school_year_to(self.on).key,
            }
        )
        if node is None:
            name = "dashboard:export" if export else "dashboard:index"
            return f"{reverse(name)}?{query}"
        name = "dashboard:unit_export" if export else "dashboard:unit"
        return f"{reverse(name, args=[node.level.value, node.id])}?{query}"

    def export_url(self) -> str:
        return self.dashboard_url(export=True)

    def target(self):
        data = self.filters.data_or_empty
        chain: tuple = ()
        if data.get("organisation") is not None:
            organisation = data["organisation"]
            chain = (organisation.municipality_id, organisation.region_id)
        elif data.get("municipality") is not None:
            chain = (data["municipality"].pk, data["municipality"].parent_id)
        else:
            node = self.dashboard_node()
            if node is not None:
                chain = node.territory_chain
            elif len(self.scope.organisations) == 1 and not self.scope.everything:
                organisation = Organisation.objects.filter(
                    pk__in=self.scope.organisations
                ).values_list("municipality_id", "region_id")
                chain = organisation.first() or ()
        indicator = YoungTeachersCovered()
        return TargetResolver(indicator, school_year_to(self.on).year).for_territories(
            *chain
        )

    # The list ----------------------------------------------------------------------
    def rows(self, people) -> list[CoordinatorRow]:
        people = list(people)
        records: dict[int, list[SupportRecord]] = {}
        for record in (
            records_on(self.on)
            .filter(person__in=[p.pk for p in people])
            .select_related("form")
            .order_by("start_date", "pk")
        ):
            records.setdefault(record.person_id, []).append(record)
        form_names = dict(SupportForm.objects.values_list("code", "name"))
        rows = []
        for person in people:
            items = [
                SupportItem(
                    form=record.form.name,
                    title=record.title,
                    period=_period_text(record),
                )
                for record in records.get(person.pk, [])
            ]
            for n, source in enumerate(self.sources):
                if n == 0:  # this plugin's records: listed above with their forms
                    continue
                if getattr(person, f"support_{n}", False):
                    items.append(
                        SupportItem(
                            form=form_names.get(source.form, ""),
                            title=str(source.title),
                        )
                    )
            if not items and getattr(person, "support_0", False):
                # A record the list could not show (should not happen): still covered.
                items.append(SupportItem(form="", title=str(self.sources[0].title)))
            actions = [
                *person_actions(person, self.request),
                PersonAction(
                    title=_("Добавить поддержку"),
                    url=add_support_url(person),
                    order=1000,
                ),
            ]
            rows.append(CoordinatorRow(person, items, actions))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, on = self.request, self.on
        in_scope = self.filters.territory(
            scope_queryset(request.user, Person.objects.all(), VIEW)
        )
        figures = summary(in_scope, on)
        target = self.target()
        people = self.filters.support(young_teachers(on, in_scope), on)
        people, self.sources = with_support(people, on)
        people = people.select_related("organisation").order_by(
            "organisation__name", "last_name", "first_name", "pk"
        )
        paginator = Paginator(people, plugin_setting("young_teachers", "PAGE_SIZE"))
        page = paginator.get_page(request.GET.get("p"))
        query = request.GET.copy()
        query.pop("p", None)
        query.pop("format", None)
        export_query = query.copy()
        export_query["format"] = "xlsx"
        met = YoungTeachersCovered().is_met(figures["value"], target)
        context.update(
            filters=self.filters,
            on=on,
            figures=figures,
            target=target,
            met=met,
            rows=self.rows(page.object_list),
            page=page,
            total=paginator.count,
            query=query.urlencode(),
            export_url=f"?{export_query.urlencode()}",
            dashboard_url=self.dashboard_url(export=False),
            sources=self.sources,
        )
        return context


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request.user).is_editor


class CoordinatorViewSet(ViewSet):
    """The coordinator's «Молодые педагоги и поддержка»."""

    name = "young_teachers_coordinator"
    url_prefix = "young-teachers"
    icon = "group"
    menu_label = gettext_lazy("Молодые педагоги и поддержка")
    menu_name = "young-teachers-coordinator"
    menu_item_class = CoordinatorMenuItem

    def get_urlpatterns(self):
        return [path("", CoordinatorView.as_view(), name="index")]
