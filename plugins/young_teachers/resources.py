"""Spreadsheets of young teachers' support: ``SupportRecordResource``
(`young_teachers_support`), offered by the import pipeline (docs/imports.md) through
the plugin's ``import_resources``. Schools and municipal offices keep these lists in
Excel: who took part in which form of support, from when to when, organised by whom.

One row is one support record. The person is found by name in the row's
«Организация» (``import_columns.PeopleByName``), never created; the organisation must
lie in the importing user's territory (``OrganisationMatcher`` refuses the others,
naming them), so a school loads only its own teachers and a municipal office only its
district's. The form is read from its name or code. The organiser may be any
organisation of the registry (a regional centre runs programmes for every district).

Natural key: person + form + start date, so importing the same file again changes
nothing and a changed end date, title, organiser or comment updates the record (a
column the file lacks leaves that field as it is). New
records are marked «Загружено из таблицы» (``SupportRecord.Source.IMPORT``). The
pipeline writes only when no row has an error, in one transaction; every error names
the row and the column.
"""

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from portal.core.models import Person
from portal.imports.cells import plain
from portal.imports.engine import RowProblem
from portal.imports.organisations import OrganisationMatcher
from portal.imports.resources import PortalResource
from portal.permissions.policy import Scope

from .import_columns import COLUMNS, PARSERS, WRITTEN, FormsByName, PeopleByName
from .models import SupportForm, SupportRecord

#: Fields of optional columns (model field → column field).
OPTIONAL = {
    "title": "title",
    "end_date": "end_date",
    "organiser_id": "organiser",
    "note": "note",
}


def _organisation(matcher, value, municipality=None, field="organisation"):
    try:
        return matcher.find(value, municipality)
    except RowProblem as problem:
        raise RowProblem(problem.message, field) from None


class SupportRecordResource(PortalResource):
    """Support records of young teachers from a spreadsheet."""

    name = "young_teachers_support"
    title = gettext_lazy("Поддержка молодых педагогов")
    columns = COLUMNS
    parsers = PARSERS
    written_fields = WRITTEN

    full_name = fields.Field(
        attribute="person__full_name", column_name="ФИО", readonly=True
    )
    organisation = fields.Field(
        attribute="person__organisation__name", column_name="Организация", readonly=True
    )
    form = fields.Field(
        attribute="form__name", column_name="Форма поддержки", readonly=True
    )
    organiser = fields.Field(
        attribute="organiser__name", column_name="Организатор", readonly=True
    )

    class Meta:
        model = SupportRecord
        fields = ("full_name", "organisation", "form", "title", "start_date",
                  "end_date", "organiser", "note")  # fmt: skip
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        names = tuple(SupportForm.objects.values_list("name", flat=True))
        self.columns = tuple(
            replace(c, choices=names) if c.field == "form" else c for c in self.columns
        )

    def parse(self, name: str, cell):
        return self.parsers.get(name, plain)(cell)

    def subject(self, values: dict) -> str:
        return values.get("full_name") or ""

    def key_description(self, row) -> str:
        return _("Эта поддержка педагога «%(name)s» с той же даты") % {
            "name": row.subject
        }

    def prepare(self, rows, context) -> None:
        lookups = context.lookups
        matcher = lookups["organisations"] = OrganisationMatcher.load(context.scope)
        lookups["organisers"] = OrganisationMatcher.load(
            Scope(everything=True, municipalities=context.scope.municipalities)
        )
        organisations = set()
        for row in rows:
            try:
                known = matcher.find(
                    row.values.get("organisation"), row.values.get("municipality")
                )
            except RowProblem:
                continue
            organisations.add(known.pk)
        people = list(
            Person.objects.filter(organisation_id__in=organisations).only(
                "pk", "last_name", "first_name", "middle_name", "organisation_id"
            )
        )
        lookups["people"] = PeopleByName(people)
        forms = list(SupportForm.objects.values_list("pk", "name", "code"))
        lookups["forms"] = FormsByName(forms)
        lookups["records"] = {
            (r.person_id, r.form_id, r.start_date): r
            for r in SupportRecord.objects.filter(
                person__organisation_id__in=organisations
            )
        }
        self.labels = {
            "person_id": {p.pk: p.full_name for p in people},
            "form_id": {pk: name for pk, name, _code in forms},
            "organiser_id": {
                pk: known.name for pk, known in lookups["organisers"].by_pk.items()
            },
        }

    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        organisation = _organisation(
            lookups["organisations"], values.get("organisation"),
            values.get("municipality"),
        )  # fmt: skip
        person = lookups["people"].find(organisation.pk, values.get("full_name"))
        form_id = lookups["forms"].find(values.get("form"))
        start, end = values["start_date"], values.get("end_date")
        if end and end < start:
            raise RowProblem(_("Дата «По» раньше даты «С»."), "end_date")
        organiser_id = None
        if values.get("organiser"):
            organiser_id = _organisation(
                lookups["organisers"], values["organiser"], field="organiser"
            ).pk
        row.key = (person.pk, form_id, start)
        instance = row.instance = lookups["records"].get(row.key)
        data = {
            "person_id": person.pk,
            "form_id": form_id,
            "title": values.get("title") or "",
            "start_date": start,
            "end_date": end,
            "organiser_id": organiser_id,
            "note": values.get("note") or "",
        }
        if instance is not None:  # a column the file lacks leaves the field alone
            for name, column in OPTIONAL.items():
                if column not in row.cells:
                    data[name] = getattr(instance, name)
        if instance is None:
            user = context.user
            data.update(
                source=SupportRecord.Source.IMPORT,
                created_by_id=getattr(user, "pk", None) if user is not None else None,
            )
        row.data = data

    def after_write(self, rows, context) -> None:
        """Support records are not searchable (personal data): nothing to index."""
