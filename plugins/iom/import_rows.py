"""How the rows of the routes plugin's spreadsheets find what they name, and what the
three import resources (``resources``) share.

People are found by name **within the row's organisation**, as in the other imports
of the portal (mentoring, young teachers), never created: the full name with case,
spacing and ё/е ignored, or the surname with initials («Смирнова А. П.») when exactly
one person of that organisation fits; a name that fits several people is an error
asking for the full name.

Deficits (competences) are read from their name or code in the portal's taxonomy
(«Формирование функциональной грамотности обучающихся» or «functional-literacy»), or
from a part of the name only one competence contains; anything else is a row error
naming the value.

Besides fields and many-to-many sets, a resource may compare and write *side records*
(a diagnostic's results by area, a programme's cohort) as sets of tuples
(``Resource.side_relations``): they show in the preview like any other change.
"""

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields

from portal.core.models import Competence, Person, Territory
from portal.imports import normalise
from portal.imports.cells import plain
from portal.imports.core_resources import name_key
from portal.imports.engine import RowProblem
from portal.imports.organisations import OrganisationMatcher
from portal.imports.organisations import name_key as organisation_key
from portal.imports.resources import PortalResource
from portal.permissions.policy import Scope

from .models import Programme

_INITIAL = re.compile(r"^[^\W\d_]$")


class People:
    """People of some organisations by full name and by surname with initials."""

    def __init__(self, people):
        self.found: dict[tuple, list] = {}
        for person in people:
            full = name_key(person.last_name, person.first_name, person.middle_name)
            initials = tuple(n[:1] for n in full[1:] if n)
            for written in {full, (full[0], *initials)}:
                self.found.setdefault((person.organisation_id, written), []).append(
                    person
                )

    def find(self, organisation_id: int, written, field: str = "full_name"):
        """The one person of the organisation the cell names, or RowProblem."""
        shown = plain(written)[:80]
        parts = [p.rstrip(".") for p in normalise.key(shown).replace(".", ". ").split()]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            raise RowProblem(
                _("Напишите фамилию, имя и отчество (или фамилию и инициалы): "
                  "«%(value)s» — это не ФИО.") % {"value": shown},
                field,
            )  # fmt: skip
        if len(parts) == 2 and not _INITIAL.match(parts[1]):
            parts.append("")  # a person without a patronymic in the registry
        found = self.found.get((organisation_id, tuple(parts)), [])
        if not found:
            raise RowProblem(
                _(
                    "«%(name)s» нет среди педагогов этой организации в реестре "
                    "портала: проверьте ФИО и организацию или сначала загрузите "
                    "педагога импортом «Педагогические работники»."
                )
                % {"name": shown},
                field,
            )
        if len(found) > 1:
            raise RowProblem(
                _("В организации несколько педагогов «%(name)s»: напишите фамилию, "
                  "имя и отчество полностью.") % {"name": shown},
                field,
            )  # fmt: skip
        return found[0]


class Deficits:
    """Competences (deficits) of the taxonomy by name, code or a part of the name."""

    def __init__(self, competences):
        self.names: dict[int, str] = {}
        self.keys: dict[str, int] = {}
        for pk, code, name in competences:
            self.names[pk] = name
            self.keys[normalise.key(name)] = pk
            self.keys.setdefault(normalise.key(code), pk)

    def find_all(self, written, field: str = "deficits") -> set[int]:
        return {self.find(value, field) for value in written or ()}

    def find(self, written, field: str = "deficits") -> int:
        wanted = normalise.key(written)
        if wanted in self.keys:
            return self.keys[wanted]
        partial = {pk for name, pk in self.keys.items() if wanted and wanted in name}
        if len(partial) == 1:
            return partial.pop()
        raise RowProblem(
            _(
                "Дефицита «%(value)s» нет в справочнике компетенций портала: напишите "
                "название или код, как в справочнике «Компетенции (дефициты)»."
            )
            % {"value": plain(written)[:80]},
            field,
        )


class Places:
    """Where a programme of the catalogue belongs: its provider, found anywhere in the
    registry (a federal provider serves every region) or kept as written, and its
    region (by name, short name, code or ОКТМО)."""

    def __init__(self, scope: Scope):
        self.matcher = OrganisationMatcher.load(
            Scope(everything=True, municipalities=scope.municipalities)
        )
        self.regions: dict[str, int] = {}
        self.region_names: dict[int, str] = {}
        for pk, *labels in Territory.objects.filter(
            kind=Territory.Kind.REGION
        ).values_list("pk", "name", "short_name", "region_code", "oktmo"):
            self.region_names[pk] = labels[0]
            for label in labels:
                if label:
                    self.regions.setdefault(normalise.key(label), pk)

    def provider(self, written) -> tuple[int | None, str]:
        """(the registry's organisation, or None and the name as written)."""
        written = plain(written)
        if not written:
            return None, ""
        try:
            return self.matcher.find(written).pk, ""
        except RowProblem:
            several = self.matcher.by_name.get(organisation_key(written), [])
            if written.replace(" ", "").isdigit() or len(several) > 1:
                raise RowProblem(
                    _(
                        "Организация «%(value)s» не найдена однозначно: по ИНН её нет в "
                        "реестре, или под этим названием несколько организаций. Укажите "
                        "ИНН из реестра или полное наименование."
                    )
                    % {"value": written[:80]},
                    "provider",
                ) from None
            return None, written

    def region(self, written) -> int | None:
        if not plain(written):
            return None
        region = self.regions.get(normalise.key(written))
        if region is None:
            raise RowProblem(
                _("Регион «%(value)s» не найден: напишите его название, как в реестре "
                  "территорий портала, или оставьте пусто для федеральной программы.")
                % {"value": plain(written)[:80]},
                "region",
            )  # fmt: skip
        return region

    def in_scope(self, scope: Scope, region_id, provider_id) -> bool:
        """Whether the user could edit a programme of this region and provider."""
        known = self.matcher.by_pk.get(provider_id) if provider_id else None
        return scope.covers(region_id, known and known.municipality_id, provider_id)


class Catalogue:
    """The catalogue's programmes by title, told apart by their provider when several
    share one."""

    def __init__(self):
        self.by_title: dict[str, list] = {}
        self.titles: dict[int, str] = {}
        for pk, title, hours, *providers in Programme.objects.values_list(
            "pk", "title", "hours", "provider__name", "provider__short_name",
            "provider__inn", "provider_name",
        ):  # fmt: skip
            names = {organisation_key(p) for p in providers if p}
            self.by_title.setdefault(normalise.key(title), []).append(
                (pk, hours, names)
            )
            self.titles[pk] = title

    def find(self, title, provider) -> tuple[int | None, int | None]:
        """(pk, hours) of the programme the row names, or (None, None)."""
        found = self.by_title.get(normalise.key(title), [])
        provider = organisation_key(provider or "")
        if len(found) > 1 and provider:
            found = [f for f in found if provider in f[2]]
        if len(found) > 1:
            raise RowProblem(
                _("В каталоге несколько программ с этим названием: укажите, кто обучал, "
                  "в столбце «Кто обучал»."),
                "provider" if provider else "programme",
            )  # fmt: skip
        return found[0][:2] if found else (None, None)


# Resources -------------------------------------------------------------------------------
def user_id(context):
    return getattr(context.user, "pk", None) if context.user is not None else None


def organisation(matcher, value, municipality=None, field="organisation"):
    try:
        return matcher.find(value, municipality)
    except RowProblem as problem:
        raise RowProblem(problem.message, field) from None


def kept(row, instance, optional: dict[str, str], data: dict) -> None:
    """A column the file lacks leaves the existing record's field as it is."""
    if instance is not None:
        for name, column in optional.items():
            if column not in row.cells:
                data[name] = getattr(instance, name)


def not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise RowProblem(
            _("Дата ещё не наступила: %(day)s.") % {"day": f"{day:%d.%m.%Y}"}, field
        )


class Resource(PortalResource):
    #: Records beside the model's fields and many-to-many sets (scores, cohorts),
    #: compared as sets of tuples: name → column title.
    side_relations: dict[str, str] = {}

    def parse(self, name: str, cell):
        return self.parsers.get(name, plain)(cell)

    def current_relations(self, instance) -> dict[str, set]:
        return getattr(instance, "_import_relations", None) or {}

    def changed_fields(self, row) -> list[tuple[str, str, str]]:
        side = {
            n: row.relations.pop(n) for n in self.side_relations if n in row.relations
        }
        try:
            changes = super().changed_fields(row)
        finally:
            row.relations.update(side)
        current = self.current_relations(row.instance)
        for name, values in side.items():
            old = current.get(name, frozenset())
            if values != old:
                changes.append(
                    (
                        self.side_relations[name],
                        self.side_label(old),
                        self.side_label(values),
                    )
                )
        return changes

    def side_label(self, values) -> str:
        return (
            "; ".join(sorted(" ".join(str(v) for v in item) for item in values)) or "—"
        )

    def deficits(self, row, lookups, instance) -> set[int]:
        if "deficits" in row.cells:
            return lookups["deficits"].find_all(row.values.get("deficits"))
        return set(self.current_relations(instance).get("deficits", set()))

    def load_deficits(self, lookups) -> None:
        found = list(Competence.objects.values_list("pk", "code", "name"))
        lookups["deficits"] = Deficits(found)
        self.labels = {"deficits": {pk: name for pk, _code, name in found}}


class PersonRows(Resource):
    """Rows about one person each, found by name in the row's organisation."""

    # Export side (django-import-export): the same headers.
    full_name = fields.Field(
        attribute="person__full_name", column_name="ФИО", readonly=True
    )
    organisation = fields.Field(
        attribute="person__organisation__name", column_name="Организация", readonly=True
    )

    def subject(self, values: dict) -> str:
        return values.get("full_name") or ""

    def load_people(self, rows, context) -> set[int]:
        lookups = context.lookups
        matcher = lookups["organisations"] = OrganisationMatcher.load(context.scope)
        organisations = set()
        for row in rows:
            try:
                found = matcher.find(
                    row.values.get("organisation"), row.values.get("municipality")
                )
            except RowProblem:
                continue
            organisations.add(found.pk)
        people = list(
            Person.objects.filter(organisation_id__in=organisations).only(
                "pk", "last_name", "first_name", "middle_name", "organisation_id"
            )
        )
        lookups["people"] = People(people)
        self.load_deficits(lookups)
        self.labels["person_id"] = {p.pk: p.full_name for p in people}
        return organisations

    def person(self, values, lookups) -> Person:
        found = organisation(
            lookups["organisations"],
            values.get("organisation"),
            values.get("municipality"),
        )
        return lookups["people"].find(found.pk, values.get("full_name"))

    def after_write(self, rows, context) -> None:
        """Personal data: nothing to index."""
