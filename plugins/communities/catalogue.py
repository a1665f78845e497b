"""The bank of best practices: what a catalogue lists, its filters and counts, an
author's practices, and what a practice page shows.

A catalogue lists the live public practices published in its section and the sections
below it (a region's catalogue: the whole region; a municipality's: its own and its
schools'; the home page's: all), by the territory columns copied onto each practice
(``SectionTerritory``), never by walking the tree. Filters are GET parameters (no
JavaScript); the counts beside stages and kinds are two aggregate queries. The
full-text query goes through the portal's search service (Russian morphology,
synonyms, typo correction), restricted to practices of the catalogue's territory; if
the engine fails, a substring match on title and intro answers instead, without
alarming the visitor. A page runs a fixed number of queries whatever the number of
practices (tests/plugins/communities/test_practices.py counts them).

People are shown only through ``Person.public_data`` (152-ФЗ): an author without
consent is not named, and has no author's page; an expert is never named.
"""

import logging
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, When
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from portal.core.models import Person, Subject, Territory
from portal.extensions import registry
from portal.sections.filters import filter_fields, territory_scope
from portal.sections.tree import SectionIdentity, identity_of
from search import service
from search.query import SearchQuery

from .models import (
    CommunityLevel,
    CommunityPage,
    ExpertReview,
    PracticeKind,
    PracticePage,
    PracticeStage,
)

logger = logging.getLogger(__name__)

#: A full-text query keeps its best matches up to this many (the search service's
#: relevance order), then the catalogue's filters apply to them.
MAX_TEXT_MATCHES = 500

#: The path of a practice (003 §6.12), in order: the step indicator of a practice page.
STAGE_PATH = (
    PracticeStage.IDENTIFIED,
    PracticeStage.GENERALISED,
    PracticeStage.UNDER_REVIEW,
    PracticeStage.RECOMMENDED,
    PracticeStage.DISSEMINATED,
)


class CatalogueFilters(forms.Form):
    """GET filters of a catalogue; every field optional, unknown values ignored.

    The choices of subject, territory and community are those the catalogue's practices
    have (the region's municipalities on a region's catalogue, the regions on the
    federal one; no territory filter below a region).
    """

    q = forms.CharField(
        label=_("Поиск по практикам"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip
    level = forms.MultipleChoiceField(
        label=_("Уровень"), choices=CommunityLevel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    kind = forms.MultipleChoiceField(
        label=_("Вид практики"), choices=PracticeKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    stage = forms.MultipleChoiceField(
        label=_("Этап"), choices=PracticeStage.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    subject = forms.ModelChoiceField(
        label=_("Предмет"), queryset=Subject.objects.none(), required=False,
        empty_label=_("Все предметы"),
    )  # fmt: skip
    territory = forms.ModelChoiceField(
        label=_("Территория"), queryset=Territory.objects.none(), required=False,
        empty_label=_("Все территории"),
    )  # fmt: skip
    community = forms.ModelChoiceField(
        label=_("Сообщество"), queryset=CommunityPage.objects.none(), required=False,
        empty_label=_("Все сообщества"),
    )  # fmt: skip
    confirmed = forms.BooleanField(
        label=_("Результативность подтверждена"), required=False
    )
    federal = forms.BooleanField(label=_("В федеральном реестре"), required=False)

    def __init__(self, data, *, practices, section: SectionIdentity):
        super().__init__(data)
        subjects = PracticePage.subjects.through.objects.filter(
            practicepage__in=practices.values("pk")
        ).values("subject_id")
        self.fields["subject"].queryset = Subject.objects.filter(pk__in=subjects)
        self.fields["community"].queryset = (
            CommunityPage.objects.live()
            .filter(pk__in=practices.values("community_id"))
            .only("id", "title")
            .order_by("title")
        )
        if section.municipality_id or section.organisation_id:
            del self.fields["territory"]
        else:
            column = "municipality_id" if section.region_id else "region_id"
            self.fields["territory"].queryset = Territory.objects.filter(
                pk__in=practices.values(column)
            ).order_by("name")


def filtered(queryset, data: dict, skip: str = ""):
    """Apply cleaned CatalogueFilters data but the ``skip`` field (a facet's counts are
    those of the other filters)."""
    for name, column in (("level", "level"), ("kind", "kind"), ("stage", "stage")):
        if data.get(name) and name != skip:
            queryset = queryset.filter(**{f"{column}__in": data[name]})
    if data.get("subject"):
        queryset = queryset.filter(subjects=data["subject"])
    if data.get("territory"):
        territory = data["territory"].pk
        queryset = queryset.filter(
            Q(region_id=territory) | Q(municipality_id=territory)
        )
    if data.get("community"):
        queryset = queryset.filter(community_id=data["community"].pk)
    if data.get("confirmed"):
        queryset = queryset.filter(effectiveness_confirmed=True)
    if data.get("federal"):
        queryset = queryset.filter(federal_registry=True)
    return queryset


@dataclass
class TextMatches:
    """Practices matching the full-text query, best first; ``pks`` None when the search
    engine failed (the catalogue then matches substrings itself)."""

    pks: list[int] | None
    corrected_query: str = ""


def text_matches(q: str, section: SectionIdentity) -> TextMatches:
    query = SearchQuery(
        q=q,
        types=["practice"],
        scope_region=section.region_id,
        scope_municipality=section.municipality_id,
        scope_organisation=section.organisation_id,
        page_size=MAX_TEXT_MATCHES,
        with_facets=False,
    )
    try:
        results = service.search(query)
    except Exception:  # noqa: BLE001 - the catalogue still answers without the engine
        logger.warning("Practice search failed; matching substrings", exc_info=True)
        return TextMatches(None)
    pks = [int(hit.key.partition(":")[2]) for hit in results.hits]
    return TextMatches(pks, results.corrected_query)


def public_author(raw: str):
    """The person of ``?author=``, and their public data; 404 without consent (no
    author's page reveals who wrote what)."""
    person = (
        Person.objects.filter(pk=int(raw), public_consent=True)
        .select_related("organisation")
        .first()
        if raw.isdigit()
        else None
    )
    data = person.public_data() if person is not None else None
    if data is None:
        raise Http404
    return person, data


def counts_by(queryset, column: str) -> dict[str, int]:
    rows = queryset.order_by().values(column).annotate(n=Count("pk"))
    return dict(rows.values_list(column, "n"))


def render_catalogue(catalogue, request):
    section = identity_of(catalogue)
    practices = PracticePage.objects.live().public().filter(territory_scope(section))
    author, author_data = None, None
    if "author" in request.GET:
        author, author_data = public_author(request.GET["author"])
        practices = practices.filter(authors=author)
    form = CatalogueFilters(request.GET or None, practices=practices, section=section)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    q = data.get("q", "").strip()
    matches = TextMatches(None)
    if q:
        matches = text_matches(q, section)
        if matches.pks is None:
            practices = practices.filter(Q(title__icontains=q) | Q(intro__icontains=q))
        else:
            practices = practices.filter(pk__in=matches.pks)
    counts = {
        name: counts_by(filtered(practices, data, skip=name), name)
        for name in ("stage", "kind")
    }
    results = filtered(practices, data)
    if matches.pks:
        rank = Case(
            *(When(pk=pk, then=position) for position, pk in enumerate(matches.pks)),
            output_field=IntegerField(),
        )
        results = results.order_by(rank, "pk")
    else:
        results = results.order_by("-first_published_at", "-pk")
    results = (
        results.select_related(
            "community", "author_organisation", "region", "municipality"
        )
        .prefetch_related("subjects")
        .defer("description", "materials", "community__description")
    )
    size = registry.plugin_setting("communities", "PAGE_SIZE")
    page = Paginator(results, size).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    context = catalogue.get_context(request)
    context.update(
        form=form,
        filter_fields=filter_fields(form, counts),
        filtered=any(value for name, value in data.items() if name != "q"),
        query=q,
        corrected_query=matches.corrected_query,
        practices=page,
        author=author,
        author_data=author_data,
        show_territory=not (section.municipality_id or section.organisation_id),
    )
    return TemplateResponse(request, "communities/practice_catalog_page.html", context)


# The practice page ----------------------------------------------------------------


def public_authors(page, catalogue_url: str) -> list[dict]:
    """The authors who consented to showing their name, in the page's order, with the
    link to their author's page in the catalogue."""
    ids = [person.pk for person in page.authors.all()]
    if not ids:
        return []
    people = Person.objects.filter(pk__in=ids, public_consent=True).select_related(
        "organisation"
    )
    by_pk = {person.pk: person for person in people.prefetch_related("subjects")}
    authors = []
    for pk in ids:
        data = by_pk[pk].public_data() if pk in by_pk else None
        if data and data.get("name"):
            url = f"{catalogue_url}?author={pk}" if catalogue_url else ""
            authors.append({**data, "url": url})
    return authors


def stage_steps(stage: str) -> list[dict]:
    """The visible step indicator: each stage done, current, or still ahead."""
    labels = dict(PracticeStage.choices)
    current = STAGE_PATH.index(stage) if stage in STAGE_PATH else -1
    return [
        {
            "value": value,
            "label": labels[value],
            "state": "done"
            if index < current
            else "current"
            if index == current
            else "ahead",
        }
        for index, value in enumerate(STAGE_PATH)
    ]


def practice_context(page, request) -> dict:
    """What a practice page shows besides its own fields; experts stay unnamed."""
    parent = page.get_parent() if page.path else None
    catalogue_url = parent.url if parent is not None and parent.live else ""
    community = page.community if page.community_id else None
    if community is not None and not community.live:
        community = None
    reviews, related = [], []
    if page.pk:
        verdicts = dict(ExpertReview.Verdict.choices)
        reviews = [
            {**review, "verdict_label": verdicts.get(review["verdict"], "")}
            for review in page.reviews.order_by("-created_at", "-pk").values(
                "verdict", "comments", "created_at"
            )
        ]
    if community is not None:
        related = list(
            PracticePage.objects.live()
            .public()
            .filter(community_id=community.pk)
            .exclude(pk=page.pk)
            .defer("description", "materials")
            .order_by("-first_published_at", "-pk")[:6]
        )
    return {
        "authors": public_authors(page, catalogue_url),
        "catalogue_url": catalogue_url,
        "community": community,
        "stage_steps": stage_steps(page.stage),
        "subjects": list(page.subjects.all()),
        "education_stages": page.education_stage_labels(),
        "reviews": reviews,
        "community_practices": related,
    }
