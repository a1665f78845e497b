"""Spreadsheets of the mentor registry: `MentorResource` (`mentoring_mentors`), and the
helpers it shares with `pair_resource.PairResource` (`mentoring_pairs`); both are
offered by the import pipeline (docs/imports.md) through the plugin's
``import_resources``. Municipal offices keep both in Excel.

**Mentors.** One row is one person's registry card. The person is found by name in
the row's «Организация» (``import_columns.PeopleIndex``: case, spacing and ё ignored,
«Фамилия И. О.» accepted when unambiguous), never created; the organisation must lie
in the importing user's territory. Natural key: the person (a person has one card).
Only the columns present in the file are written.

Pairs are in ``pair_resource`` (``PairResource``), with the helpers here.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from portal.core.models import Competence, Person, Subject
from portal.imports import normalise
from portal.imports.cells import plain
from portal.imports.engine import RowProblem
from portal.imports.organisations import OrganisationMatcher
from portal.imports.resources import PortalResource

from .import_columns import (
    MENTOR_COLUMNS,
    MENTOR_PARSERS,
    MENTOR_RELATIONS,
    MENTOR_WRITTEN,
    PeopleIndex,
    find_by_name,
)
from .models import (
    Mentor,
    MentorStatus,
)
from .pairing import loads


def _user_id(context):
    return getattr(context.user, "pk", None) if context.user is not None else None


def _repeated(row, keys: dict, field: str, what: str) -> None:
    """The row's key on other rows of the file: an error in the key's column."""
    numbers = keys.get(row.key, [row.number])
    if len(numbers) > 1:
        raise RowProblem(
            _("%(what)s уже есть в файле (строка %(others)s). Оставьте одну строку.")
            % {
                "what": what,
                "others": ", ".join(str(n) for n in numbers if n != row.number),
            },
            field,
        )


def _options(model) -> dict[str, int]:
    """name and code keys → pk of a taxonomy (codes are stable import keys)."""
    found: dict[str, int] = {}
    for pk, name, code in model.objects.values_list("pk", "name", "code"):
        found[normalise.key(name)] = pk
        found.setdefault(normalise.key(code), pk)
    return found


def _organisation(matcher, value, municipality=None, field="organisation"):
    try:
        return matcher.find(value, municipality)
    except RowProblem as problem:
        raise RowProblem(problem.message, field) from None


def _through_sets(relation, owners) -> dict[int, set]:
    """{owner pk: set of target pks} of a many-to-many relation, one query."""
    through = relation.through
    source, target = (
        relation.field.m2m_field_name(),
        relation.field.m2m_reverse_field_name(),
    )
    found: dict[int, set] = {}
    for owner, value in through.objects.filter(
        **{f"{source}_id__in": list(owners)}
    ).values_list(f"{source}_id", f"{target}_id"):
        found.setdefault(owner, set()).add(value)
    return found


class _Resource(PortalResource):
    def parse(self, name: str, cell):
        return self.parsers.get(name, plain)(cell)

    def current_relations(self, instance) -> dict[str, set]:
        return getattr(instance, "_import_relations", None) or {}


# Mentors ------------------------------------------------------------------------------
class MentorResource(_Resource):
    """Registry cards of mentors from a spreadsheet (`mentoring_mentors`)."""

    name = "mentoring_mentors"
    title = gettext_lazy("Наставники")
    columns = MENTOR_COLUMNS
    parsers = MENTOR_PARSERS
    written_fields = MENTOR_WRITTEN
    written_relations = MENTOR_RELATIONS

    full_name = fields.Field(
        attribute="person__full_name", column_name="ФИО", readonly=True
    )
    organisation = fields.Field(
        attribute="person__organisation__name", column_name="Организация", readonly=True
    )

    class Meta:
        model = Mentor
        fields = ("full_name", "organisation", "experience_years", "capacity",
                  "accepting", "status", "availability")  # fmt: skip
        export_order = fields

    def subject(self, values: dict) -> str:
        return values.get("full_name") or ""

    def key_description(self, row) -> str:
        return _("Наставник «%(name)s»") % {"name": row.subject}

    def prepare(self, rows, context) -> None:
        lookups = context.lookups
        matcher = lookups["organisations"] = OrganisationMatcher.load(context.scope)
        organisations = set()
        for row in rows:
            try:
                known = matcher.find(
                    row.values.get("organisation"), row.values.get("municipality")
                )
            except RowProblem:
                continue
            organisations.add(known.pk)
        people = list(Person.objects.filter(organisation_id__in=organisations))
        lookups["people"] = PeopleIndex(people)
        mentors = {
            m.person_id: m
            for m in Mentor.objects.filter(person__organisation_id__in=organisations)
        }
        subjects = _through_sets(Mentor.subjects, [m.pk for m in mentors.values()])
        competences = _through_sets(
            Mentor.competences, [m.pk for m in mentors.values()]
        )
        for mentor in mentors.values():
            mentor._import_relations = {
                "subjects": subjects.get(mentor.pk, set()),
                "competences": competences.get(mentor.pk, set()),
            }
        lookups["mentors"] = mentors
        lookups["loads"] = loads([m.pk for m in mentors.values()])
        lookups["subjects"] = {
            normalise.key(n): pk for pk, n in Subject.objects.values_list("pk", "name")
        }
        lookups["competences"] = _options(Competence)
        self.labels = {
            "person_id": {p.pk: p.full_name for p in people},
            "subjects": dict(Subject.objects.values_list("pk", "name")),
            "competences": dict(Competence.objects.values_list("pk", "name")),
            "status": dict(MentorStatus.choices),
        }
        keys: dict[int, list[int]] = {}
        for row in rows:
            try:
                keys.setdefault(self._person(row.values, lookups).pk, []).append(
                    row.number
                )
            except RowProblem:
                continue
        lookups["keys"] = keys

    def _person(self, values, lookups) -> Person:
        known = _organisation(
            lookups["organisations"], values.get("organisation"),
            values.get("municipality"),
        )  # fmt: skip
        return lookups["people"].find(
            known.pk, values.get("full_name") or "", "full_name", _("Педагога")
        )

    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        person = self._person(values, lookups)
        row.key = person.pk
        _repeated(row, lookups["keys"], "full_name", _("Этот наставник"))
        instance = row.instance = lookups["mentors"].get(person.pk)
        present = row.cells

        def value(name, default):
            if name in present and values.get(name) not in (None, ""):
                return values[name]
            if instance is not None:
                return getattr(instance, name)
            return default

        capacity = value("capacity", 2)
        if not 1 <= capacity <= 30:
            raise RowProblem(
                _("Наставляемых одновременно — от 1 до 30."), "capacity"
            )  # fmt: skip
        load = lookups["loads"].get(instance.pk, 0) if instance is not None else 0
        if capacity < load:
            raise RowProblem(
                _(
                    "У наставника уже %(load)s наставляемых в действующих парах: "
                    "укажите не меньше %(load)s или сначала завершите пары."
                )
                % {"load": load},
                "capacity",
            )
        stages = list(value("education_stages", []))
        if instance is not None and set(stages) == set(instance.education_stages):
            stages = instance.education_stages
        data = {
            "person_id": person.pk,
            "education_stages": stages,
            "experience_years": value("experience_years", None),
            "capacity": capacity,
            "accepting": value("accepting", True),
            "status": value("status", MentorStatus.ACTIVE),
            "availability": value("availability", ""),
        }
        if "experience_years" in present and values.get("experience_years") is None:
            data["experience_years"] = None  # blank: counted from the career start
        if instance is None:
            data.update(since=timezone.localdate(), created_by_id=_user_id(context))
        row.data = data
        current = self.current_relations(instance)
        row.relations = {
            "subjects": self._named(values, "subjects", lookups["subjects"],
                                    _("Предмета"), current),
            "competences": self._named(values, "competences", lookups["competences"],
                                       _("Компетенции"), current),
        }  # fmt: skip

    @staticmethod
    def _named(values, name, options, what, current) -> set:
        if name not in values:
            return set(current.get(name, set()))
        return {find_by_name(options, n, name, what) for n in values.get(name) or ()}
