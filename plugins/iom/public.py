"""What the public sees of the routes plugin: the programme catalogue (a filterable
list and a page per programme: routes of ``ProgrammeCatalogPage``), the catalogue of
typical routes and a typical route's page.

A programme catalogue lists the published programmes of its region and the federal
ones (``Programme.region`` empty); a federal catalogue (no region) lists them all; any
other programme has no page there (404). Filters are GET parameters (no JavaScript);
the text query goes through the portal's search service (morphology, synonyms, typo
correction), falling back to a substring match when the engine fails; option counts
are one grouped query per filter, so a page runs a fixed number of queries whatever
the number of programmes (tests/plugins/iom/test_public.py). ``Catalogues`` links a
programme to its page, else to its federal registry card (search documents too).
Nothing personal is read here: diagnostics and routes are private (``access``).
"""

import json
import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Sum, When
from django.http import Http404
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.core.models import Competence
from portal.extensions.registry import plugin_setting
from portal.sections.filters import filter_fields
from search import service
from search.query import SearchQuery

from .models import (
    Programme,
    ProgrammeCatalogPage,
    ProgrammeCohort,
    RouteTemplatePage,
)

logger = logging.getLogger(__name__)

#: Search document types of the plugin (``plugins.iom.search``).
PROGRAMME_TYPE = "iom_programme"
ROUTE_TYPE = "iom_route_template"
#: A full-text query keeps its best matches up to this many, then the filters apply.
MAX_TEXT_MATCHES = 500
#: The largest id PostgreSQL's integer column holds (a longer one in a URL: 404).
MAX_ID = 2**31 - 1
#: Ranges of the «Объём» filter: value → (label, from, to hours).
HOURS = {
    "24": (_("до 24 часов"), 0, 24),
    "72": (_("от 25 до 72 часов"), 25, 72),
    "249": (_("от 73 до 249 часов"), 73, 249),
    "250": (_("250 часов и больше"), 250, None),
}


# Where a programme is shown ------------------------------------------------------------
class Catalogues:
    """The live public programme catalogues by region (one query): the region's own
    before a municipality's or a school's, the federal one under ``None``."""

    def __init__(self):
        pages = ProgrammeCatalogPage.objects.live().public().defer("body")
        self.by_region: dict[int | None, ProgrammeCatalogPage] = {}
        for page in sorted(pages, key=lambda p: (p.municipality_id or 0, p.path)):
            self.by_region.setdefault(page.region_id, page)

    def page_for(self, programme, region_id=None) -> ProgrammeCatalogPage | None:
        """The catalogue of ``region_id`` when it shows the programme, else of the
        programme's region, else the federal one, else (a federal programme) any."""
        keys = []
        if region_id and programme.region_id in (None, region_id):
            keys.append(region_id)
        keys += [programme.region_id, None]
        if programme.region_id is None:
            keys += list(self.by_region)
        return next((self.by_region[k] for k in keys if k in self.by_region), None)

    def url(self, programme, region_id=None) -> str:
        """The programme's page in a catalogue, else its card in the federal registry."""
        page = self.page_for(programme, region_id) if programme.published else None
        if page is not None and page.url:
            return detail_url(page, programme.pk)
        return programme.registry_url


def detail_url(page: ProgrammeCatalogPage, programme_id: int) -> str:
    return page.url + page.reverse_subpage("programme_route", args=[programme_id])


def available(page: ProgrammeCatalogPage):
    """Published programmes of the page's region and federal ones (all: federal page)."""
    programmes = Programme.objects.filter(published=True)
    if page.region_id:
        programmes = programmes.filter(
            Q(region_id=page.region_id) | Q(region__isnull=True)
        )
    return programmes


def open_cohorts_q(today) -> Q:
    """Cohorts one may still join: enrolment open, or (no deadline) not started."""
    return Q(enrolment_closes__gte=today) | Q(
        enrolment_closes__isnull=True, start_date__gte=today
    )


def login_url(request) -> str:
    query = urlencode({"next": request.get_full_path()})
    return f"{resolve_url(settings.LOGIN_URL)}?{query}"


# Filters shared by both catalogues -------------------------------------------------------
class DeficitFilters(forms.Form):
    """A text query and a deficit, the deficits grouped by competence area."""

    query_label = _("Поиск")

    q = forms.CharField(
        label=_("Поиск"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip
    deficit = forms.ChoiceField(label=_("Дефицит"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = self.query_label
        groups: dict[str, list] = {}
        for competence in Competence.objects.select_related("area"):
            groups.setdefault(competence.area.name, []).append(
                (str(competence.pk), competence.name)
            )
        self.fields["deficit"].choices = [("", _("Любой дефицит")), *groups.items()]

    def deficit_groups(self, counts: dict[str, int]) -> list[tuple[str, list]]:
        """(area, [(value, label, chosen, count)]): a deficit nothing addresses is left
        out unless chosen, and so is an area left empty."""
        chosen = str(self["deficit"].value() or "")
        groups = []
        for area, options in self.fields["deficit"].choices[1:]:
            kept = [
                (value, label, value == chosen, counts.get(value, 0))
                for value, label in options
                if counts.get(value) or value == chosen
            ]
            if kept:
                groups.append((area, kept))
        return groups


def paged(queryset, request):
    """A page of PORTAL_IOM_PAGE_SIZE records (a bad page number: the nearest one)."""
    size = plugin_setting("iom", "PAGE_SIZE")
    found = Paginator(queryset, size).get_page(request.GET.get("page"))
    found.object_list = list(found.object_list)
    return found


def cleaned(form: forms.Form) -> dict:
    """Cleaned data of a valid bound form; an invalid one filters nothing."""
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


def deficit_column(model) -> str:
    """The through table's column pointing at ``model`` (its ``deficits``)."""
    return model._meta.get_field("deficits").m2m_field_name()


def with_deficit(queryset, competence_id):
    through = queryset.model.deficits.through.objects
    column = deficit_column(queryset.model)
    return queryset.filter(
        pk__in=through.filter(competence_id=competence_id).values(f"{column}_id")
    )


def deficit_counts(queryset) -> dict[str, int]:
    """{competence id: records of ``queryset`` addressing it} in one grouped query."""
    column = deficit_column(queryset.model)
    rows = (
        queryset.model.deficits.through.objects.filter(
            **{f"{column}_id__in": queryset.values("pk")}
        )
        .values_list("competence_id")
        .annotate(n=Count(f"{column}_id"))
    )
    return {str(pk): n for pk, n in rows}


@dataclass
class TextMatches:
    """Records matching the text query, best first; ``pks`` None when the search
    engine failed (the catalogue matches substrings itself then)."""

    pks: list[int] | None
    corrected_query: str = ""


def text_search(queryset, q: str, doc_type: str, fields: tuple[str, ...]):
    """The records of ``queryset`` matching ``q``, and the matches (for the order)."""
    if not q:
        return queryset, TextMatches(None)
    query = SearchQuery(
        q=q, types=[doc_type], page_size=MAX_TEXT_MATCHES, with_facets=False
    )
    try:
        results = service.search(query)
    except Exception:  # noqa: BLE001 - the catalogue still answers without the engine
        logger.warning("Catalogue search failed; matching substrings", exc_info=True)
        substring = Q()
        for field in fields:
            substring |= Q(**{f"{field}__icontains": q})
        return queryset.filter(substring), TextMatches(None)
    pks = [int(hit.key.partition(":")[2]) for hit in results.hits]
    return queryset.filter(pk__in=pks), TextMatches(pks, results.corrected_query)


def ranked(queryset, matches: TextMatches, *default):
    """Best text matches first, else the default order."""
    if not matches.pks:
        return queryset.order_by(*default)
    rank = Case(
        *(When(pk=pk, then=position) for position, pk in enumerate(matches.pks)),
        output_field=IntegerField(),
    )
    return queryset.order_by(rank, "pk")


# The programme catalogue -------------------------------------------------------------------
class ProgrammeFilters(DeficitFilters):
    """GET filters of a programme catalogue; every field optional."""

    query_label = _("Поиск по программам")
    kind = forms.ChoiceField(
        label=_("Вид программы"), required=False,
        choices=[("", _("Любой вид")), *Programme.Kind.choices],
    )  # fmt: skip
    hours = forms.ChoiceField(
        label=_("Объём"), required=False,
        choices=[("", _("Любой объём")), *((k, v[0]) for k, v in HOURS.items())],
    )  # fmt: skip
    provider = forms.ChoiceField(label=_("Организация"), required=False)
    federal = forms.BooleanField(
        label=_("Только из федерального реестра"), required=False
    )
    distance = forms.BooleanField(label=_("Дистанционно"), required=False)
    network = forms.BooleanField(label=_("Сетевая форма"), required=False)
    open = forms.BooleanField(
        label=_("Есть набор"), required=False,
        help_text=_("Запись открыта или обучение ещё не началось."),
    )  # fmt: skip

    def __init__(self, data=None, *, programmes, **kwargs):
        super().__init__(data, **kwargs)
        providers = {}
        rows = programmes.order_by().values_list(
            "provider_id", "provider__short_name", "provider__name", "provider_name"
        )
        for pk, short_name, name, own_name in rows.distinct():
            if pk:
                providers[f"org-{pk}"] = short_name or name
            elif own_name:
                providers[f"name:{own_name}"] = own_name
        self.fields["provider"].choices = [
            ("", _("Все организации")),
            *sorted(providers.items(), key=lambda item: item[1].lower()),
        ]


def provider_q(value: str) -> Q:
    if value.startswith("org-"):
        return Q(provider_id=int(value[4:]))
    return Q(provider__isnull=True, provider_name=value.partition(":")[2])


def filtered_programmes(queryset, data: dict, today, skip: str = ""):
    """Apply cleaned ProgrammeFilters data but ``skip`` (an option's count is that of
    the other filters)."""
    if data.get("deficit") and skip != "deficit":
        queryset = with_deficit(queryset, int(data["deficit"]))
    if data.get("kind") and skip != "kind":
        queryset = queryset.filter(kind=data["kind"])
    if data.get("hours") and skip != "hours":
        _label, low, high = HOURS[data["hours"]]
        queryset = queryset.filter(hours__gte=low)
        if high is not None:
            queryset = queryset.filter(hours__lte=high)
    if data.get("provider"):
        queryset = queryset.filter(provider_q(data["provider"]))
    if data.get("federal"):
        queryset = queryset.filter(in_federal_registry=True)
    queryset = queryset.filter(
        **{f: True for f in ("distance", "network") if data.get(f)}
    )
    if data.get("open"):
        cohorts = ProgrammeCohort.objects.filter(open_cohorts_q(today))
        queryset = queryset.filter(pk__in=cohorts.values("programme_id"))
    return queryset


def programme_counts(base, data: dict, today) -> dict[str, dict[str, int]]:
    """{filter: {option: programmes}}: one grouped query per counted filter."""
    kinds = filtered_programmes(base, data, today, skip="kind").order_by()
    by_kind = dict(kinds.values_list("kind").annotate(n=Count("pk")))
    ranges = filtered_programmes(base, data, today, skip="hours").aggregate(
        **{
            f"h{value}": Count(
                "pk",
                filter=Q(hours__gte=low) & (Q(hours__lte=high) if high else Q()),
            )
            for value, (_label, low, high) in HOURS.items()
        }
    )
    counts = {
        "kind": by_kind,
        "hours": {key[1:]: n for key, n in ranges.items()},
        "deficit": deficit_counts(
            filtered_programmes(base, data, today, skip="deficit")
        ),
    }
    for options in counts.values():
        options[""] = 1  # «any» is always offered (filter_fields hides options of 0)
    return counts


def programme_cards(queryset, today):
    """What a list item shows: provider, deficits, open cohorts (nearest first)."""
    return (
        queryset.select_related("provider")
        .prefetch_related(
            "deficits",
            Prefetch(
                "cohorts",
                queryset=ProgrammeCohort.objects.filter(open_cohorts_q(today)).order_by(
                    "start_date", "pk"
                ),
                to_attr="open_cohorts",
            ),
        )
        .defer("description")
    )


def programme_list(page: ProgrammeCatalogPage, request):
    """The catalogue (``ProgrammeCatalogPage`` route ``""``)."""
    today = timezone.localdate()
    base = available(page)
    form = ProgrammeFilters(request.GET or None, programmes=base)
    data = cleaned(form)
    q = data.get("q", "").strip()
    base, matches = text_search(base, q, PROGRAMME_TYPE, ("title", "description"))
    counts = programme_counts(base, data, today)
    results = ranked(
        filtered_programmes(base, data, today), matches, *Programme._meta.ordering
    )
    found = paged(programme_cards(results, today), request)
    for programme in found.object_list:
        programme.catalogue_url = detail_url(page, programme.pk)
    context = page.get_context(request)
    context.update(
        form=form,
        filter_fields=[
            f
            for f in filter_fields(form, counts)
            if f.bound.name not in ("q", "deficit")
        ],
        deficit_groups=form.deficit_groups(counts["deficit"]),
        filtered=any(value for name, value in data.items() if name != "q"),
        query=q,
        corrected_query=matches.corrected_query,
        programmes=found,
    )
    return TemplateResponse(request, "iom/programme_catalog_page.html", context)


def course_json_ld(programme: Programme, cohorts, request) -> str:
    """schema.org Course as JSON text, safe inside <script type="application/ld+json">."""
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": programme.title,
        "description": programme.description,
        "url": request.build_absolute_uri(request.path),
        "timeRequired": f"PT{programme.hours}H",
        "courseMode": "blended" if programme.distance else "",
        "sameAs": programme.registry_url,
        "provider": {"@type": "Organization", "name": programme.provider_title}
        if programme.provider_title
        else None,
        "hasCourseInstance": [
            {"@type": "CourseInstance", "startDate": c.start_date.isoformat()}
            | ({"endDate": c.end_date.isoformat()} if c.end_date else {})
            for c in cohorts
        ],
    }
    text = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def programme_detail(page: ProgrammeCatalogPage, request, programme_id: int):
    """A programme's page (route ``<programme_id>/``): 404 unless the catalogue shows it."""
    if programme_id > MAX_ID:
        raise Http404
    programme = (
        available(page)
        .filter(pk=programme_id)
        .select_related("provider", "region")
        .prefetch_related(
            Prefetch("deficits", queryset=Competence.objects.select_related("area")),
            Prefetch(
                "cohorts", queryset=ProgrammeCohort.objects.order_by("start_date", "pk")
            ),
        )
        .first()
    )
    if programme is None:
        raise Http404
    today = timezone.localdate()
    cohorts = list(programme.cohorts.all())
    for cohort in cohorts:
        cohort.is_open = (cohort.enrolment_closes or cohort.start_date) >= today
    context = page.get_context(request)
    context.update(
        programme=programme,
        cohorts=cohorts,
        deficits=list(programme.deficits.all()),
        json_ld=course_json_ld(programme, cohorts, request),
    )
    return TemplateResponse(request, "iom/programme_detail.html", context)


# Typical routes ----------------------------------------------------------------------------
class RouteFilters(DeficitFilters):
    query_label = _("Поиск по маршрутам")


def route_catalog_context(page, request) -> dict:
    """Context of «Типовые маршруты» (RouteCatalogPage.get_context): its live public
    typical routes with their deficits, number of steps and total hours."""
    base = RouteTemplatePage.objects.child_of(page).live().public()
    form = RouteFilters(request.GET or None)
    data = cleaned(form)
    q = data.get("q", "").strip()
    base, matches = text_search(base, q, ROUTE_TYPE, ("title", "intro", "target_group"))
    counts = deficit_counts(base)
    results = with_deficit(base, int(data["deficit"])) if data.get("deficit") else base
    results = (
        ranked(results, matches, "path")
        .annotate(step_count=Count("steps"), hours_total=Sum("steps__hours"))
        .prefetch_related("deficits")
        .defer("body")
    )
    found = paged(results, request)
    return {
        "form": form,
        "deficit_groups": form.deficit_groups(counts),
        "filtered": bool(data.get("deficit")),
        "query": q,
        "corrected_query": matches.corrected_query,
        "routes": found,
    }


def route_template_context(page, request) -> dict:
    """Context of a typical route (RouteTemplatePage.get_context): its ordered steps,
    each programme linked to its catalogue page (else the registry), the total hours,
    and where a signed-out visitor signs in to adopt it."""
    steps = list(
        page.steps.select_related("deficit", "programme__provider").order_by(
            "sort_order"
        )
    )
    catalogues = Catalogues() if any(step.programme_id for step in steps) else None
    for step in steps:
        programme = step.programme if step.programme_id else None
        step.programme_shown = programme if programme and programme.published else None
        step.programme_url = (
            catalogues.url(programme, page.region_id) if programme else ""
        )
    signed_in = request.user.is_authenticated
    return {
        "steps": steps,
        "deficits": list(page.deficits.all()),
        "total_hours": sum(step.hours or 0 for step in steps),
        "login_url": "" if signed_in else login_url(request),
    }
