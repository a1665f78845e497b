"""What the public sees of mentoring: a programme's page, the mentors' registry and a
mentor's card.

Only mentors who may be shown reach these pages: an active registry card whose person
consented to publication and chose to show their name (``Person.public_data``). A
card shows the fields the person chose plus what the registry card says about
mentoring (subjects, competences, education stages, experience, «о себе», whether they
take mentees and how many places are free). Never a birth date, a contact, a pair, a
mentee, a plan: a programme page gives aggregate numbers only.

Territory is read from indexed columns, never from the tree: a registry lists the
mentors whose organisation lies within its section (``SectionTerritory`` columns of
the page; the region's registry, the whole region), a programme offers the mentors of
its own territory. A page runs a fixed number of queries whatever the number of
mentors (tests/plugins/mentoring/test_public.py).

Consent is filtered in SQL with ``public_fields__icontains='"name"'``: JSON
containment is not available on SQLite, and the JSON text of the list holds the
quoted code on both SQLite and PostgreSQL (no other public field contains it).
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.core.levels import EducationStage, Level
from portal.core.models import Competence, Person, Subject
from portal.extensions import registry as plugins

from .models import (
    LIVE_PAIR_STATUSES,
    Mentor,
    MentoringProgrammePage,
    MentorRegistryPage,
    MentorStatus,
    Pair,
)

#: Mentors a programme page lists (the registry has them all).
PROGRAMME_MENTORS = 12
_ORG = "person__organisation__"


# Who may be shown, and where ---------------------------------------------------------
def public_mentors_q(prefix: str = "") -> Q:
    """Active mentors whose person consented and shows their name."""
    return Q(
        **{
            f"{prefix}status": MentorStatus.ACTIVE,
            f"{prefix}person__public_consent": True,
            f"{prefix}person__public_fields__icontains": '"name"',
        }
    )


def public_mentors():
    return Mentor.objects.filter(public_mentors_q())


@dataclass(frozen=True)
class Territory:
    """Region, municipality and organisation ids of a page (``SectionTerritory``)."""

    region_id: int | None = None
    municipality_id: int | None = None
    organisation_id: int | None = None

    @classmethod
    def of(cls, page) -> "Territory":
        return cls(page.region_id, page.municipality_id, page.organisation_id)

    @property
    def level(self) -> str:
        if self.organisation_id:
            return Level.INSTITUTIONAL
        if self.municipality_id:
            return Level.MUNICIPAL
        if self.region_id:
            return Level.REGIONAL
        return Level.FEDERAL

    def q(self, prefix: str = _ORG) -> Q:
        """Records whose organisation (at ``prefix``) lies within this territory."""
        if self.organisation_id:
            return Q(**{f"{prefix}id": self.organisation_id})
        if self.municipality_id:
            return Q(**{f"{prefix}municipality_id": self.municipality_id})
        if self.region_id:
            return Q(**{f"{prefix}region_id": self.region_id})
        return Q()

    def covers(self, region_id, municipality_id, organisation_id) -> bool:
        if self.organisation_id:
            return organisation_id == self.organisation_id
        if self.municipality_id:
            return municipality_id == self.municipality_id
        if self.region_id:
            return region_id == self.region_id
        return True

    def specificity(self) -> int:
        return (
            3
            if self.organisation_id
            else 2
            if self.municipality_id
            else 1
            if self.region_id
            else 0
        )


class Registries:
    """The live public mentors' registries, to link a mentor to the card on the most
    specific registry that covers the mentor's organisation (one query)."""

    def __init__(self):
        pages = MentorRegistryPage.objects.live().public().order_by("path")
        self.pages = sorted(
            ((Territory.of(p), p) for p in pages),
            key=lambda item: -item[0].specificity(),
        )

    def for_organisation(self, organisation) -> MentorRegistryPage | None:
        if organisation is None:
            return None
        for territory, page in self.pages:
            if territory.covers(
                organisation.region_id, organisation.municipality_id, organisation.pk
            ):
                return page
        return None

    def covering(self, territory: Territory) -> MentorRegistryPage | None:
        """The most specific registry that lists the whole of ``territory``."""
        for scope, page in self.pages:
            if scope.specificity() <= territory.specificity() and scope.covers(
                territory.region_id,
                territory.municipality_id,
                territory.organisation_id,
            ):
                return page
        return None

    def card_url(self, mentor) -> str:
        page = self.for_organisation(mentor.person.organisation)
        if page is None or not page.url:
            return ""
        return page.url + page.reverse_subpage("mentor_card", args=[mentor.pk])


# What a card shows -------------------------------------------------------------------
@dataclass
class MentorCard:
    mentor: Mentor
    person: dict  # Person.public_data(): name always, the rest as the person chose
    subjects: list[str]
    competences: list[str]
    stages: list[str]
    experience: int | None
    free: int
    url: str = ""

    @property
    def accepts(self) -> bool:
        return self.mentor.accepting and self.free > 0


def card_queryset(queryset):
    """What cards need, in one query for the mentors (with their load) and one per
    relation, whatever their number."""
    return (
        queryset.with_load()
        .select_related("person__organisation")
        .prefetch_related(
            "subjects",
            Prefetch("competences", queryset=Competence.objects.order_by("name")),
            "person__subjects",
        )
    )


def make_card(mentor: Mentor, url: str = "") -> MentorCard | None:
    data = mentor.person.public_data()
    if not data or "name" not in data:
        return None
    subjects = [s.name for s in mentor.subjects.all()]
    if not subjects:
        # The person's own subjects, only when the person shows them.
        subjects = list(data.get("subjects", []))
    load = getattr(mentor, "load", 0) or 0
    return MentorCard(
        mentor=mentor,
        person=data,
        subjects=subjects,
        competences=[c.name for c in mentor.competences.all()],
        stages=mentor.stage_labels(),
        experience=mentor.experience(),
        free=max(0, mentor.capacity - load),
        url=url,
    )


def login_url(next_url: str) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url or '/'})}"


def request_url(mentor: Mentor) -> str:
    try:
        return reverse("mentoring:request", args=[mentor.pk])
    except NoReverseMatch:  # the plugin's URLs are not mounted (a bare test site)
        return ""


# The registry --------------------------------------------------------------------------
class MentorFilters(forms.Form):
    """GET filters of the mentors' registry; every field optional, unknown values
    ignored (an invalid form filters nothing)."""

    subject = forms.ModelChoiceField(
        label=_("Предмет"), queryset=Subject.objects.all(), required=False,
        empty_label=_("Все предметы"),
    )  # fmt: skip
    competence = forms.ModelChoiceField(
        label=_("Компетенция"), queryset=Competence.objects.order_by("name"),
        required=False, empty_label=_("Все компетенции"),
    )  # fmt: skip
    stage = forms.ChoiceField(
        label=_("Уровень образования"),
        choices=[("", _("Все уровни")), *EducationStage.choices], required=False,
    )  # fmt: skip
    accepting = forms.BooleanField(
        label=_("Принимает наставляемых"), required=False,
        help_text=_("Есть свободные места и наставник готов взять новых."),
    )  # fmt: skip


def _subject_q(subject_id: int) -> Q:
    """Mentors teaching the subject: their card's subjects, else the person's own
    subjects when the person shows them."""
    through = Mentor.subjects.through.objects
    own = through.filter(subject_id=subject_id).values("mentor_id")
    has_own = through.filter(mentor_id=OuterRef("pk"))
    persons = Person.subjects.through.objects.filter(subject_id=subject_id).values(
        "person_id"
    )
    return Q(pk__in=own) | (
        ~Q(Exists(has_own))
        & Q(person__public_fields__icontains='"subjects"')
        & Q(person_id__in=persons)
    )


def accepting_q() -> Q:
    """Mentors who take new mentees and have a free place (their live pairs' mentees
    counted in a correlated subquery, no GROUP BY over the mentors' rows)."""
    load = (
        Pair.objects.filter(mentor=OuterRef("pk"), status__in=LIVE_PAIR_STATUSES)
        .order_by()
        .values("mentor")
        .annotate(n=Count("mentees", distinct=True))
        .values("n")
    )
    return Q(accepting=True) & Q(
        capacity__gt=Coalesce(Subquery(load, output_field=IntegerField()), 0)
    )


def filtered(queryset, data: dict, skip: str = ""):
    """Apply cleaned MentorFilters data, leaving out ``skip`` (counts beside a filter's
    options are counted with the other filters only)."""
    if data.get("subject") and skip != "subject":
        queryset = queryset.filter(_subject_q(data["subject"].pk))
    if data.get("competence") and skip != "competence":
        chosen = Mentor.competences.through.objects.filter(
            competence_id=data["competence"].pk
        )
        queryset = queryset.filter(pk__in=chosen.values("mentor_id"))
    if data.get("stage") and skip != "stage":
        queryset = queryset.filter(education_stages__icontains=f'"{data["stage"]}"')
    if data.get("accepting"):
        queryset = queryset.filter(accepting_q())
    return queryset


def option_counts(base, data: dict) -> dict[str, dict[str, int]]:
    """{filter: {option value: mentors}}: one grouped query per filter (and one for
    the people's own subjects)."""
    by_subject: dict[str, int] = {}
    mentors = filtered(base, data, skip="subject")
    rows = (
        Mentor.subjects.through.objects.filter(mentor__in=mentors.values("pk"))
        .values_list("subject_id")
        .annotate(n=Count("mentor_id", distinct=True))
    )
    for pk, n in rows:
        by_subject[str(pk)] = by_subject.get(str(pk), 0) + n
    without_own = mentors.filter(
        ~Q(Exists(Mentor.subjects.through.objects.filter(mentor_id=OuterRef("pk")))),
        person__public_fields__icontains='"subjects"',
    )
    rows = (
        Person.subjects.through.objects.filter(
            person_id__in=without_own.values("person_id")
        )
        .values_list("subject_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    for pk, n in rows:
        by_subject[str(pk)] = by_subject.get(str(pk), 0) + n
    rows = (
        Mentor.competences.through.objects.filter(
            mentor__in=filtered(base, data, skip="competence").values("pk")
        )
        .values_list("competence_id")
        .annotate(n=Count("mentor_id", distinct=True))
    )
    by_competence = {str(pk): n for pk, n in rows}
    stages = filtered(base, data, skip="stage").aggregate(
        **{
            code: Count("pk", filter=Q(education_stages__icontains=f'"{code}"'))
            for code in EducationStage.values
        }
    )
    by_stage = {code: n for code, n in stages.items() if n}
    counts = {"subject": by_subject, "competence": by_competence, "stage": by_stage}
    for options in counts.values():
        options[""] = 1  # «all» is always offered (filter_fields hides options of 0)
    return counts


def registry_mentors(page: MentorRegistryPage):
    """The mentors a registry lists, before the filters."""
    return public_mentors().filter(Territory.of(page).q())


def render_mentor_registry(page: MentorRegistryPage, request):
    from portal.sections.filters import filter_fields

    form = MentorFilters(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    base = registry_mentors(page)
    mentors = card_queryset(filtered(base, data)).order_by(
        "person__last_name", "person__first_name", "pk"
    )
    size = plugins.plugin_setting("mentoring", "PAGE_SIZE")
    found = Paginator(mentors, size).get_page(request.GET.get("page"))
    prefix = page.url or ""
    cards = []
    for mentor in found.object_list:
        card = make_card(mentor, f"{prefix}{mentor.pk}/")
        if card is not None:
            cards.append(card)
    found.object_list = cards
    context = page.get_context(request)
    context.update(
        form=form,
        filter_fields=filter_fields(form, option_counts(base, data)),
        mentors=found,
        filtered=any(data.values()),
    )
    return TemplateResponse(request, "mentoring/mentor_registry_page.html", context)


def render_mentor_card(page: MentorRegistryPage, request, mentor_id: int):
    mentor = (
        card_queryset(registry_mentors(page).filter(pk=mentor_id)).order_by().first()
    )
    card = make_card(mentor, request.path) if mentor is not None else None
    if card is None:
        raise Http404
    context = page.get_context(request)
    signed_in = request.user.is_authenticated
    context.update(
        card=card,
        registry=page,
        request_url=request_url(mentor) if signed_in else "",
        login_url="" if signed_in else login_url(request.get_full_path()),
    )
    return TemplateResponse(request, "mentoring/public/mentor_card.html", context)


# A programme's page ------------------------------------------------------------------
def programme_numbers(page: MentoringProgrammePage) -> dict[str, int]:
    """Live pairs of the programme, their mentors and mentees: numbers only."""
    numbers = (
        Pair.objects.live()
        .filter(programme=page)
        .aggregate(
            pairs=Count("pk", distinct=True),
            mentors=Count("mentor", distinct=True),
            mentees=Count("mentees", distinct=True),
        )
    )
    return {k: v or 0 for k, v in numbers.items()}


def programme_context(page: MentoringProgrammePage) -> dict:
    coordinator = None
    if page.coordinator_id:
        data = page.coordinator.public_data()
        coordinator = data if data and "name" in data else None
    territory = Territory.of(page)
    offered = card_queryset(
        public_mentors().filter(accepting_q(), territory.q())
    ).order_by("person__last_name", "person__first_name", "pk")
    registries = Registries()
    mentors = [
        card
        for mentor in offered[:PROGRAMME_MENTORS]
        if (card := make_card(mentor, registries.card_url(mentor))) is not None
    ]
    registry = registries.covering(territory)
    return {
        "mentoring_forms": list(page.mentoring_forms.all()),
        "coordinator": coordinator,
        "numbers": programme_numbers(page),
        "offered_mentors": mentors,
        "mentor_registry": registry,
    }
