"""Search documents of mentoring (declared in the plugin's ``search_documents``; indexed
by the core through its outbox).

What goes in: live public programme pages (title, intro, goals, description, forms,
territory, level; the coordinator's name only with consent), and the mentors a public
registry shows (``MentorSpec``: built from ``Mentor`` records, not pages, as the core
indexes people and organisations). What never goes in: pairs, mentees, plans,
meetings, self-assessments, requests, needs, birth dates and contacts — no spec covers
those models, and a mentor's document carries only the public card.

A mentor is indexed only while active, with the person's consent and name public,
**and** while a live public mentors' registry covers the mentor's organisation: the
document's URL is the mentor's card on the most specific such registry, and a mentor
no registry shows has no public card to point at, so no document (decided for issue
7; ``to_document`` returns None and the outbox removes it).

Re-indexing: the core re-reads a mentor on every save and delete of ``Mentor``;
``connect`` adds the changes the core cannot see — the card's subjects and
competences (many-to-many), the person's consent, name, organisation or subjects
(``Person`` saved), and a registry page published, unpublished or deleted (its
territory's mentors).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.levels import Level
from portal.core.models import Person
from search.documents import SearchDocument
from search.specs import DocumentSpec, SectionPageSpec, plain_text

from .models import Mentor, MentoringProgrammePage, MentorRegistryPage, MentorStatus
from .public import Registries, Territory, make_card, public_mentors_q


class ProgrammeSpec(SectionPageSpec):
    """A mentoring programme page: forms, period, status, goals, description."""

    model = MentoringProgrammePage
    type = "mentoring_programme"
    label = _("Программы наставничества")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("coordinator__organisation")
            .prefetch_related("mentoring_forms", "coordinator__subjects")
        )

    def document(self, page) -> SearchDocument:
        coordinator = page.coordinator.public_data() if page.coordinator_id else None
        facts = [
            str(_("Программа наставничества")),
            page.get_status_display(),
            *(form.name for form in page.mentoring_forms.all()),
            (coordinator or {}).get("name", ""),
        ]
        return self.make(
            page,
            summary=page.search_description or page.intro,
            body=[
                *facts,
                page.intro,
                plain_text(page.goals),
                plain_text(page.description),
            ],
            level=Territory.of(page).level,
        )


class MentorSpec(DocumentSpec):
    """A mentor of a public registry: the card's public fields, linked to the card."""

    model = Mentor
    type = "mentor"
    label = _("Наставники")

    def get_queryset(self):
        return (
            Mentor.objects.filter(public_mentors_q())
            .with_load()
            .select_related("person__organisation")
            .prefetch_related("subjects", "competences", "person__subjects")
        )

    def to_document(self, mentor, registries: Registries | None = None):
        if (
            mentor.status != MentorStatus.ACTIVE
            or not mentor.person.public_consent
            or "name" not in (mentor.person.public_fields or [])
        ):
            return None
        registries = registries or Registries()
        url = registries.card_url(mentor)
        card = make_card(mentor, url)
        if card is None or not url:
            return None
        person = card.person
        organisation = mentor.person.organisation
        summary = " · ".join(
            part
            for part in (
                person.get("position", ""),
                person.get("organisation", ""),
                ", ".join(card.subjects),
            )
            if part
        )
        body = [
            str(_("Наставник")),
            str(_("Принимает наставляемых")) if card.accepts else "",
            *card.competences,
            *card.stages,
            mentor.about,
        ]
        return SearchDocument(
            key=self.key(mentor.pk),
            type=self.type,
            title=person["name"],
            url=url,
            summary=summary[:500],
            body=" ".join(filter(None, body)),
            level=organisation.level or Level.INSTITUTIONAL,
            region=organisation.region_id,
            municipality=organisation.municipality_id,
            # The organisation only when the person shows it (a filter reveals it).
            organisation=organisation.pk if "organisation" in person else None,
            subjects=card.subjects,
        )

    def build_documents(self, objects):
        registries = Registries()
        return [(self.key(o.pk), self.to_document(o, registries)) for o in objects]


# Changes the core's signals do not see -------------------------------------------------
def _enqueue(mentors) -> None:
    from search.outbox import enqueue_many

    enqueue_many(list(mentors))


def mentor_relations_changed(sender, instance, action, reverse=False, **kwargs):
    """Subjects or competences of a card changed (m2m_changed)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a subject or competence changed its mentors
        pks = kwargs.get("pk_set") or ()
        _enqueue(Mentor.objects.filter(pk__in=pks).only("pk"))
    elif isinstance(instance, Mentor):
        _enqueue([instance])


def person_changed(sender, instance, raw=False, **kwargs):
    """post_save of Person: consent given or withdrawn, name, organisation or the
    fields shown change the mentor's document (152-ФЗ: a withdrawn name must leave
    the index)."""
    if raw:
        return
    _enqueue(Mentor.objects.filter(person=instance).only("pk"))


def registry_changed(sender, instance, **kwargs):
    """A registry published, unpublished, moved or deleted: the mentors of its
    territory get another card URL, or none."""
    page = getattr(instance, "specific_deferred", instance)
    if not isinstance(page, MentorRegistryPage):
        return
    _enqueue(
        Mentor.objects.filter(Q(Territory.of(page).q()), public_mentors_q()).only("pk")
    )


def connect() -> None:
    """Called from MentoringConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    for relation in (Mentor.subjects.through, Mentor.competences.through):
        m2m_changed.connect(
            mentor_relations_changed,
            sender=relation,
            dispatch_uid=f"mentoring-search-{relation._meta.label_lower}",
        )
    post_save.connect(
        person_changed, sender=Person, dispatch_uid="mentoring-search-person"
    )
    page_published.connect(
        registry_changed,
        sender=MentorRegistryPage,
        dispatch_uid="mentoring-search-registry-published",
    )
    page_unpublished.connect(
        registry_changed,
        sender=MentorRegistryPage,
        dispatch_uid="mentoring-search-registry-unpublished",
    )
    post_delete.connect(
        registry_changed,
        sender=MentorRegistryPage,
        dispatch_uid="mentoring-search-registry-deleted",
    )
