"""Search documents of communities and best practices (declared in the plugin's
``search_documents``; indexed by the core through its outbox).

What goes in: what the public pages show — territory and level for the filters,
subjects, the community's type, how to join, its problem area and description; a
practice's stage, kind, community, organisation, education stages, description and
materials. What never goes in: a community's materials (``CommunityMaterial`` rows,
members-only ones included: they are not pages and no spec covers them), members,
contacts, and people's data — a head's or an author's name only when the person
consented to showing it (``Person.public_data``). A person's consent changing
re-indexes the practices and communities naming them (``connect``).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.models import Person
from search.documents import SearchDocument
from search.specs import SectionPageSpec, plain_text

from .models import CommunityPage, EducationStage, PracticePage


def public_names(people) -> list[str]:
    """Names of the people who consented to showing them, in the given order."""
    names = []
    for person in people:
        data = person.public_data()
        if data and data.get("name"):
            names.append(data["name"])
    return names


class CommunitySpec(SectionPageSpec):
    """A professional community: type, level, territory, subjects, how to join."""

    model = CommunityPage
    type = "community"
    label = _("Сообщества")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("community_type", "base_organisation", "head__organisation")
            .prefetch_related(
                "subjects",
                "head__subjects",
                "deputies__organisation",
                "deputies__subjects",
            )
        )

    def document(self, page) -> SearchDocument:
        facts = [
            page.community_type.name if page.community_type_id else "",
            page.get_level_display(),
            page.get_join_method_display(),
            page.get_status_display(),
            page.base_organisation.name if page.base_organisation_id else "",
            page.problem_area,
        ]
        people = [page.head] if page.head_id else []
        facts += public_names([*people, *page.deputies.all()])
        return self.make(
            page,
            summary=page.search_description or page.intro or page.problem_area,
            body=[*facts, page.intro, plain_text(page.description)],
            level=page.level,
            subjects=[s.name for s in page.subjects.all()],
        )


class PracticeSpec(SectionPageSpec):
    """A best practice: stage, kind, community, organisation, subjects, authors (with
    consent), description and materials."""

    model = PracticePage
    type = "practice"
    label = _("Лучшие практики")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("community", "author_organisation")
            .prefetch_related("subjects", "authors__organisation", "authors__subjects")
        )

    def document(self, page) -> SearchDocument:
        stages = dict(EducationStage.choices)
        facts = [
            page.get_stage_display(),
            page.get_kind_display(),
            page.get_level_display(),
            str(_("Результативность подтверждена"))
            if page.effectiveness_confirmed
            else "",
            str(_("Федеральный реестр лучших практик"))
            if page.federal_registry
            else "",
            page.community.title if page.community_id and page.community.live else "",
            page.author_organisation.name if page.author_organisation_id else "",
            *(str(stages[v]) for v in page.education_stages or [] if v in stages),
            *public_names(page.authors.all()),
        ]
        return self.make(
            page,
            summary=page.search_description or page.intro,
            body=[
                *facts,
                page.intro,
                plain_text(page.description),
                plain_text(page.materials),
            ],
            level=page.level,
            subjects=[s.name for s in page.subjects.all()],
        )


def person_changed(sender, instance, raw=False, **kwargs):
    """post_save of Person: consent given or withdrawn changes what the documents naming
    the person may say (152-ФЗ: a withdrawn name must leave the index)."""
    from search.outbox import enqueue_many

    if raw:
        return
    enqueue_many(PracticePage.objects.filter(authors=instance).distinct())
    enqueue_many(
        CommunityPage.objects.filter(Q(head=instance) | Q(deputies=instance)).distinct()
    )


def connect() -> None:
    """Called from CommunitiesConfig.ready()."""
    from django.db.models.signals import post_save

    post_save.connect(
        person_changed, sender=Person, dispatch_uid="communities-search-person"
    )
