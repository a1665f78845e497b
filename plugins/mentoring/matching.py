"""Ranked mentor suggestions for a mentee, with the reasons the coordinator sees.

The coordinator's «Нужен наставник» list shows the best few mentors for every row and
the «Подобрать» page all of them, so ranking works on many mentees at once with a
fixed number of queries (``suggest_for_many``): the mentees' facts, the candidates of
their regions with their load, and the subjects and competences of both sides are
each read in one query, then scored in Python.

Candidates are registry mentors who accept mentees, have a free place, work in the
mentee's region, are not the mentee and are not already their mentor in a live pair.
The order (weights below) follows what coordinators weigh first (issue 7, «Matching»):
a shared subject, then closeness (same school, then municipality), then the
competences the mentee lacks that the mentor can pass on, then free places, then the
mentor's qualification category. Only free capacity is a hard rule here; the final
check is still ``pairing.register_pair``.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.core.models import Person
from portal.extensions.registry import plugin_setting

from .models import LIVE_PAIR_STATUSES, Mentor, MentoringNeed, Pair

# Weights: a step of the order always outweighs all later steps together
# (competences 3×40 < a municipality's 200, free places 3×10 < one competence 40,
# a category 5 < one free place 10).
SUBJECT_WEIGHT = 1000
SAME_ORGANISATION_WEIGHT = 400
SAME_MUNICIPALITY_WEIGHT = 200
COMPETENCE_WEIGHT = 40  # per competence the mentee needs and the mentor passes on
COMPETENCE_CAP = 3
FREE_PLACE_WEIGHT = 10  # per free place, up to FREE_PLACES_CAP
FREE_PLACES_CAP = 3
CATEGORY_WEIGHTS = {
    Person.Category.MENTOR: 5,
    Person.Category.METHODIST: 5,
    Person.Category.HIGHEST: 4,
}
CATEGORY_REASONS = {
    Person.Category.MENTOR: gettext_lazy("педагог-наставник"),
    Person.Category.METHODIST: gettext_lazy("педагог-методист"),
    Person.Category.HIGHEST: gettext_lazy("высшая категория"),
}


@dataclass
class Suggestion:
    """One ranked mentor for one mentee."""

    mentor: Mentor
    score: int
    reasons: list[str] = field(default_factory=list)
    load: int = 0
    free: int = 0

    @property
    def capacity(self) -> int:
        return self.mentor.capacity


@dataclass
class _Mentee:
    pk: int
    organisation_id: int | None
    municipality_id: int | None
    region_id: int | None
    subjects: dict[int, str] = field(default_factory=dict)
    needed: dict[int, str] = field(default_factory=dict)
    mentors: set[int] = field(default_factory=set)


def default_limit() -> int:
    return plugin_setting("mentoring", "SUGGESTIONS")


def suggest_mentors(mentee: Person, limit: int | None = None) -> list[Suggestion]:
    """Ranked suggestions for one mentee. `limit`: None → the setting
    ``PORTAL_MENTORING_SUGGESTIONS``; 0 → every candidate."""
    return suggest_for_many([mentee], limit).get(mentee.pk, [])


def suggest_for_many(mentees, limit: int | None = None) -> dict[int, list[Suggestion]]:
    """{mentee id: ranked suggestions} for people (or person ids), in at most eight
    queries whatever their number."""
    ids = [getattr(m, "pk", m) for m in mentees]
    if not ids:
        return {}
    limit = default_limit() if limit is None else limit
    people = _mentees(ids)
    regions = {m.region_id for m in people.values() if m.region_id}
    candidates = list(
        Mentor.objects.accepting()
        .with_load()
        .filter(person__organisation__region_id__in=regions, load__lt=F("capacity"))
        .select_related("person__organisation")
    )
    mentor_subjects, mentor_competences = _mentor_facts(candidates)

    result: dict[int, list[Suggestion]] = {}
    for pk in ids:
        mentee = people.get(pk)
        if mentee is None:
            result[pk] = []
            continue
        ranked = [
            suggestion
            for mentor in candidates
            if (
                suggestion := _score(
                    mentee, mentor, mentor_subjects, mentor_competences
                )
            )
        ]
        ranked.sort(
            key=lambda s: (-s.score, -s.free, s.mentor.person.last_name, s.mentor.pk)
        )
        result[pk] = ranked[:limit] if limit and limit > 0 else ranked
    return result


def _mentees(ids) -> dict[int, _Mentee]:
    """The mentees' territory, subjects, needed competences and current mentors
    (four queries)."""
    people = {
        row["pk"]: _Mentee(
            pk=row["pk"],
            organisation_id=row["organisation_id"],
            municipality_id=row["organisation__municipality_id"],
            region_id=row["organisation__region_id"],
        )
        for row in Person.objects.filter(pk__in=ids).values(
            "pk",
            "organisation_id",
            "organisation__municipality_id",
            "organisation__region_id",
        )
    }
    for person_id, subject_id, name in Person.subjects.through.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "subject_id", "subject__name"):
        people[person_id].subjects[subject_id] = name
    for (
        person_id,
        competence_id,
        name,
    ) in MentoringNeed.competences.through.objects.filter(
        mentoringneed__person_id__in=ids, mentoringneed__closed_at__isnull=True
    ).values_list("mentoringneed__person_id", "competence_id", "competence__name"):
        people[person_id].needed[competence_id] = name
    for person_id, mentor_id in Pair.mentees.through.objects.filter(
        person_id__in=ids, pair__status__in=LIVE_PAIR_STATUSES
    ).values_list("person_id", "pair__mentor_id"):
        people[person_id].mentors.add(mentor_id)
    return people


def _mentor_facts(candidates):
    """{mentor id: {subject id: name}} (the card's subjects, else the person's) and
    {mentor id: {competence id: name}}, in at most three queries."""
    mentor_ids = [m.pk for m in candidates]
    subjects: dict[int, dict[int, str]] = defaultdict(dict)
    competences: dict[int, dict[int, str]] = defaultdict(dict)
    if not mentor_ids:
        return subjects, competences
    for mentor_id, subject_id, name in Mentor.subjects.through.objects.filter(
        mentor_id__in=mentor_ids
    ).values_list("mentor_id", "subject_id", "subject__name"):
        subjects[mentor_id][subject_id] = name
    by_person = {m.person_id: m.pk for m in candidates if m.pk not in subjects}
    if by_person:
        for person_id, subject_id, name in Person.subjects.through.objects.filter(
            person_id__in=list(by_person)
        ).values_list("person_id", "subject_id", "subject__name"):
            subjects[by_person[person_id]][subject_id] = name
    for mentor_id, competence_id, name in Mentor.competences.through.objects.filter(
        mentor_id__in=mentor_ids
    ).values_list("mentor_id", "competence_id", "competence__name"):
        competences[mentor_id][competence_id] = name
    return subjects, competences


def _score(mentee: _Mentee, mentor: Mentor, subjects, competences) -> Suggestion | None:
    organisation = mentor.person.organisation
    if (
        mentor.person_id == mentee.pk
        or mentor.pk in mentee.mentors
        or organisation.region_id != mentee.region_id
    ):
        return None
    score, reasons = 0, []

    shared = sorted(
        name
        for pk, name in subjects.get(mentor.pk, {}).items()
        if pk in mentee.subjects
    )
    if shared:
        score += SUBJECT_WEIGHT
        reasons.append(
            ngettext(
                "тот же предмет: %(names)s",
                "те же предметы: %(names)s",
                len(shared),
            )
            % {"names": ", ".join(shared)}
        )

    if mentee.organisation_id and organisation.pk == mentee.organisation_id:
        score += SAME_ORGANISATION_WEIGHT
        reasons.append(_("та же школа"))
    elif (
        mentee.municipality_id
        and organisation.municipality_id == mentee.municipality_id
    ):
        score += SAME_MUNICIPALITY_WEIGHT
        reasons.append(_("тот же муниципалитет"))

    fit = sorted(
        name
        for pk, name in competences.get(mentor.pk, {}).items()
        if pk in mentee.needed
    )
    if fit:
        score += COMPETENCE_WEIGHT * min(len(fit), COMPETENCE_CAP)
        reasons.append(_("может передать: %(names)s") % {"names": ", ".join(fit)})

    load = mentor.load
    free = max(mentor.capacity - load, 0)
    score += FREE_PLACE_WEIGHT * min(free, FREE_PLACES_CAP)
    reasons.append(
        _("свободно мест: %(free)s из %(capacity)s")
        % {"free": free, "capacity": mentor.capacity}
    )

    category = mentor.person.qualification_category
    if category in CATEGORY_WEIGHTS:
        score += CATEGORY_WEIGHTS[category]
        reasons.append(str(CATEGORY_REASONS[category]))
    return Suggestion(mentor=mentor, score=score, reasons=reasons, load=load, free=free)
