"""The public registry of communities: which communities a registry lists, the filters,
the counts beside them, and the cards.

A registry lists the live public communities whose territory lies within its section
(the region's registry: the whole region; a municipality's: its own and its schools'; the
home page's: all). Territory is read from the columns copied onto each community when it
is saved (``SectionTerritory``), never from the tree. A page runs a fixed number of
queries whatever the number of communities (tests/plugins/communities/test_registry.py).
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from portal.core.levels import Level
from portal.core.models import Subject, Territory
from portal.extensions import registry
from portal.sections.filters import filter_fields, territory_scope
from portal.sections.tree import section_of

from .models import (
    CommunityLevel,
    CommunityPage,
    CommunityStatus,
    CommunityType,
    JoinMethod,
    Membership,
)


class RegistryFilters(forms.Form):
    """GET filters of a registry; every field optional, unknown values ignored.

    ``territories`` is the queryset of the territory filter (the region's municipalities
    on a region's registry, the regions on the federal one); None drops the filter.
    """

    q = forms.CharField(
        label=_("Название"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip
    level = forms.MultipleChoiceField(
        label=_("Уровень"), choices=CommunityLevel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    territory = forms.ModelChoiceField(
        label=_("Территория"), queryset=Territory.objects.none(), required=False,
        empty_label=_("Все территории"),
    )  # fmt: skip
    type = forms.ModelMultipleChoiceField(
        label=_("Вид сообщества"), queryset=CommunityType.objects.all(),
        to_field_name="code", required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    subject = forms.ModelChoiceField(
        label=_("Предмет"), queryset=Subject.objects.all(), required=False,
        empty_label=_("Все предметы"),
    )  # fmt: skip
    accepting = forms.BooleanField(
        label=_("Принимает участников"), required=False,
        help_text=_("Действующие сообщества со свободным вступлением или по заявке."),
    )  # fmt: skip
    archived = forms.BooleanField(label=_("Показывать архивные"), required=False)

    def __init__(self, data=None, territories=None):
        super().__init__(data)
        if territories is None:
            del self.fields["territory"]
        else:
            self.fields["territory"].queryset = territories


def territory_choices(section):
    """The territory filter's options: the municipalities of a region's registry, the
    regions on the federal one; None (no filter) below the region."""
    level = getattr(section, "section_level", Level.FEDERAL)
    if level == Level.REGIONAL:
        return Territory.objects.filter(
            kind=Territory.Kind.MUNICIPALITY, parent_id=section.section_region_id()
        ).order_by("name")
    if level == Level.FEDERAL:
        return Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name")
    return None


def accepting_q() -> Q:
    return Q(status=CommunityStatus.ACTIVE) & ~Q(join_method=JoinMethod.INVITATION)


def filtered(queryset, data: dict, skip: str = ""):
    """Apply cleaned RegistryFilters data, leaving out the filter named ``skip`` (the
    counts beside a filter's options are counted with the other filters only)."""
    if not data.get("archived"):
        queryset = queryset.filter(status=CommunityStatus.ACTIVE)
    if data.get("q"):
        queryset = queryset.filter(title__icontains=data["q"].strip())
    if data.get("level") and skip != "level":
        queryset = queryset.filter(level__in=data["level"])
    territory = data.get("territory")
    if territory is not None:
        if territory.kind == Territory.Kind.REGION:
            queryset = queryset.filter(region_id=territory.pk)
        else:
            queryset = queryset.filter(municipality_id=territory.pk)
    if data.get("type") and skip != "type":
        queryset = queryset.filter(community_type__in=[t.pk for t in data["type"]])
    if data.get("subject"):
        # A semi-join: no duplicate rows, no DISTINCT over the pages' wide rows.
        chosen = CommunityPage.subjects.through.objects.filter(
            subject_id=data["subject"].pk
        )
        queryset = queryset.filter(pk__in=chosen.values("communitypage_id"))
    if data.get("accepting"):
        queryset = queryset.filter(accepting_q())
    return queryset


def members_count():
    """Active members of each community as a correlated subquery (one query for the
    page, no GROUP BY over the pages' columns)."""
    active = (
        Membership.objects.filter(
            community=OuterRef("pk"), status=Membership.Status.ACTIVE
        )
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(active, output_field=IntegerField()), 0)


def registry_communities(section):
    """Live public communities within ``section``, before the filters."""
    return CommunityPage.objects.live().public().filter(territory_scope(section))


def option_counts(queryset, data: dict) -> dict[str, dict[str, int]]:
    """{filter name: {option value: communities}} for the type and level filters, one
    aggregate query each."""
    by_type = (
        filtered(queryset, data, skip="type")
        .order_by()
        .values_list("community_type__code")
        .annotate(n=Count("pk"))
    )
    by_level = (
        filtered(queryset, data, skip="level")
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    return {
        "type": {code: n for code, n in by_type if code},
        "level": dict(by_level),
    }


def cards(queryset):
    """What a card shows, in one query for the pages and one for their subjects."""
    return (
        queryset.select_related(
            "community_type",
            "region",
            "municipality",
            "organisation",
            "base_organisation",
        )  # fmt: skip
        .prefetch_related("subjects")
        .annotate(members=members_count())
        .defer("description", "contacts")
        .order_by("title", "pk")
    )


def render_registry(page, request):
    section = section_of(page)
    form = RegistryFilters(request.GET or None, territory_choices(section))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    base = registry_communities(section)
    communities = cards(filtered(base, data))
    size = registry.plugin_setting("communities", "PAGE_SIZE")
    found = Paginator(communities, size).get_page(request.GET.get("page"))
    found.object_list = list(found.object_list)
    counts = option_counts(base, data)
    context = page.get_context(request)
    context.update(
        form=form,
        filter_fields=filter_fields(form, counts),
        communities=found,
        filtered=any(v for k, v in data.items() if k != "q"),
        query=data.get("q", ""),
    )
    return TemplateResponse(
        request, "communities/community_registry_page.html", context
    )
