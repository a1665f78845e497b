"""Spreadsheets of the routes plugin, offered by the import pipeline (docs/imports.md)
through the plugin's ``import_resources``: the programme catalogue providers publish
(``ProgrammeResource``, `iom_programmes`), the diagnostic results ЦНППМ and ЦОПМКП
produce (``DiagnosticResource``, `iom_diagnostics`) and completed courses
(``CourseCompletionResource``, `iom_completions`). Columns: ``import_columns``.

**Programmes.** One row is one programme with at most one cohort. The provider is
found among the registry's organisations (ИНН, name, alias; anywhere in the country's
registry, since federal providers run programmes for every region), else its name is
kept as written. «Регион» empty means a federal programme. The user's territory is the
admin's: the row's programme must be one they could edit (its region, or its provider
within their municipality or organisation). Natural key: the title + the provider, so
a provider's updated list updates its programmes; a cohort with the same start date is
updated, another one is added (cohorts are never deleted by an import).

**Diagnostics** and **completed courses.** One row is one person's result or course.
The person is found by name in the row's «Организация», which must lie in the user's
territory, never created. Natural keys: person + date + «Кто проводил» (a diagnostic),
person + programme + completion date (a course). A diagnostic has a «%» and a
«уровень» column per competence area (whatever the taxonomy holds when the template
is made); a column the file lacks leaves that area's result alone, a present column
left blank removes it.

Every problem is a Russian error with its row and column; the pipeline writes in one
transaction and only when no row has an error. Diagnostics and completions are
personal data: never indexed for search.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from portal.core.models import CompetenceArea
from portal.imports import normalise
from portal.imports.engine import RowProblem
from portal.imports.organisations import name_key as organisation_key

from . import import_columns as sheet
from .import_columns import LEVEL, SCORE
from .import_rows import (
    Catalogue,
    PersonRows,
    Places,
    Resource,
    kept,
    not_future,
    user_id,
)
from .models import (
    CourseCompletion,
    Diagnostic,
    DiagnosticScore,
    Programme,
    ProgrammeCohort,
)

#: A ПК is at least 16 hours, a ПП at least 250 (Минобрнауки order 499, 1 July 2013).
MIN_HOURS = {Programme.Kind.UPSKILLING: 16, Programme.Kind.RETRAINING: 250}


# Programmes ------------------------------------------------------------------------------
class ProgrammeResource(Resource):
    """The catalogue of programmes (ДПП) from a provider's list (`iom_programmes`)."""

    name = "iom_programmes"
    title = gettext_lazy("Программы ДПП (каталог)")
    columns = sheet.PROGRAMME_COLUMNS
    parsers = sheet.PROGRAMME_PARSERS
    written_fields = sheet.PROGRAMME_WRITTEN
    written_relations = {"deficits": "Дефициты"}
    side_relations = {"cohort": "Начало набора"}
    OPTIONAL = {
        "platform": "platform", "distance": "distance", "network": "network",
        "in_federal_registry": "in_federal_registry", "registry_url": "registry_url",
        "description": "description", "enrolment_url": "enrolment_url", "kind": "kind",
    }  # fmt: skip

    provider = fields.Field(
        attribute="provider_title", column_name="Организация", readonly=True
    )
    region = fields.Field(attribute="region__name", column_name="Регион", readonly=True)

    class Meta:
        model = Programme
        fields = ("title", "kind", "hours", "provider", "region", "platform",
                  "in_federal_registry", "registry_url", "enrolment_url")  # fmt: skip
        export_order = fields

    def subject(self, values: dict) -> str:
        return values.get("title") or ""

    def key_description(self, row) -> str:
        return _("Программа «%(title)s» этой организации") % {"title": row.subject}

    def prepare(self, rows, context) -> None:
        lookups = context.lookups
        places = lookups["places"] = Places(context.scope)
        self.load_deficits(lookups)
        self.labels.update(
            provider_id={pk: k.name for pk, k in places.matcher.by_pk.items()},
            region_id=places.region_names,
            kind=dict(Programme.Kind.choices),
        )
        keys = {}
        for pk, title, provider, provider_name in Programme.objects.values_list(
            "pk", "title", "provider_id", "provider_name"
        ):
            keys[self._key(title, provider, provider_name)] = pk
        wanted = set()
        for row in rows:
            try:
                provider, provider_name = places.provider(row.values.get("provider"))
            except RowProblem:
                continue
            wanted.add(
                keys.get(self._key(row.values.get("title"), provider, provider_name))
            )
        found = {
            p.pk: p
            for p in Programme.objects.filter(pk__in=wanted - {None}).prefetch_related(
                "deficits", "cohorts"
            )
        }
        for programme in found.values():
            programme._import_relations = {
                "deficits": {d.pk for d in programme.deficits.all()}
            }
            programme._cohorts = {c.start_date: c for c in programme.cohorts.all()}
        lookups["programmes"] = {
            key: found[pk] for key, pk in keys.items() if pk in found
        }

    @staticmethod
    def _key(title, provider_id, provider_name) -> tuple:
        return (normalise.key(title), provider_id or organisation_key(provider_name))

    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        places = lookups["places"]
        provider_id, provider_name = places.provider(values.get("provider"))
        row.key = self._key(values["title"], provider_id, provider_name)
        instance = row.instance = lookups["programmes"].get(row.key)
        # A column the file lacks keeps the programme's region and kind.
        kept_region = instance is not None and "region" not in row.cells
        region_id = (
            instance.region_id if kept_region else places.region(values.get("region"))
        )
        kind = values.get("kind") or (
            instance.kind if instance and "kind" not in row.cells
            else Programme.Kind.UPSKILLING
        )  # fmt: skip
        if values["hours"] < MIN_HOURS[kind]:
            raise RowProblem(
                _("Программа «%(kind)s» — не меньше %(min)s ч.")
                % {"kind": Programme.Kind(kind).label, "min": MIN_HOURS[kind]},
                "hours",
            )
        start, end = values.get("start_date"), values.get("end_date")
        if end and not start:
            raise RowProblem(
                _("Укажите начало набора: окончание без начала."), "start_date"
            )
        if start and end and end < start:
            raise RowProblem(_("Окончание раньше начала набора."), "end_date")
        for region, provider in (
            (region_id, provider_id),
            *([(instance.region_id, instance.provider_id)] if instance else []),
        ):
            if not places.in_scope(context.scope, region, provider):
                raise RowProblem(
                    _(
                        "Эта программа вне вашей территории: вы загружаете программы "
                        "своего региона или организаций своей территории; федеральные "
                        "(столбец «Регион» пуст) — администратор портала."
                    ),
                    "region",
                )
        data = {
            "title": values["title"], "kind": kind, "hours": values["hours"],
            "provider_id": provider_id, "provider_name": provider_name,
            "region_id": region_id, "platform": values.get("platform") or "",
            "distance": bool(values.get("distance")), "network": bool(values.get("network")),
            "in_federal_registry": bool(values.get("in_federal_registry")),
            "registry_url": values.get("registry_url") or "",
            "description": values.get("description") or "",
            "enrolment_url": values.get("enrolment_url") or "",
        }  # fmt: skip
        kept(row, instance, self.OPTIONAL, data)
        row.data = data
        row.relations = {"deficits": self.deficits(row, lookups, instance)}
        if start:
            row.relations["cohort"] = frozenset({(start, end)})
            if instance is not None:
                cohort = instance._cohorts.get(start)
                instance._import_relations["cohort"] = (
                    frozenset({(start, cohort.end_date)}) if cohort else frozenset()
                )

    def side_label(self, values) -> str:
        return "; ".join(
            f"{start:%d.%m.%Y} — {end:%d.%m.%Y}" if end else f"{start:%d.%m.%Y}"
            for start, end in sorted(values)
        ) or "—"  # fmt: skip

    def after_write(self, rows, context) -> None:
        """The cohorts of the rows (added, or their end updated), then search entries."""
        new, changed = [], []
        for row in rows:
            for start, end in row.relations.get("cohort", ()):
                existing = getattr(row.instance, "_cohorts", {}).get(start)
                if existing is None:
                    new.append(ProgrammeCohort(programme_id=row.instance.pk, start_date=start,
                                               end_date=end))  # fmt: skip
                elif existing.end_date != end:
                    existing.end_date = end
                    changed.append(existing)
        ProgrammeCohort.objects.bulk_create(new)
        ProgrammeCohort.objects.bulk_update(changed, ["end_date"], batch_size=500)
        super().after_write(rows, context)


# Diagnostics -----------------------------------------------------------------------------
class DiagnosticResource(PersonRows):
    """Results of diagnostics of professional deficits (`iom_diagnostics`)."""

    name = "iom_diagnostics"
    title = gettext_lazy("Результаты диагностики педагогов")
    parsers = sheet.DIAGNOSTIC_PARSERS
    written_fields = sheet.DIAGNOSTIC_WRITTEN
    written_relations = {"deficits": "Дефициты"}
    side_relations = {"scores": "Результаты по областям"}
    OPTIONAL = {"title": "title", "note": "note"}

    class Meta:
        model = Diagnostic
        fields = ("full_name", "organisation", "date", "source", "title", "note")
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.areas = list(CompetenceArea.objects.values_list("pk", "code", "name"))
        self.columns = (
            *sheet.DIAGNOSTIC_COLUMNS,
            *sheet.area_columns(self.areas),
            *sheet.DIAGNOSTIC_TAIL,
        )

    def parse(self, name: str, cell):
        if name.startswith(SCORE):
            return sheet.percent(cell)
        if name.startswith(LEVEL):
            return sheet.level(cell)
        return super().parse(name, cell)

    def key_description(self, row) -> str:
        return _("Эта диагностика педагога «%(name)s» (та же дата и кто проводил)") % {
            "name": row.subject
        }

    def prepare(self, rows, context) -> None:
        organisations = self.load_people(rows, context)
        found = {
            (d.person_id, d.date, d.source): d
            for d in Diagnostic.objects.filter(
                person__organisation_id__in=organisations
            ).prefetch_related("deficits", "scores")
        }
        for diagnostic in found.values():
            diagnostic._import_relations = {
                "deficits": {d.pk for d in diagnostic.deficits.all()},
                "scores": frozenset(
                    (s.area_id, s.score, s.level) for s in diagnostic.scores.all()
                ),
            }
        context.lookups["diagnostics"] = found
        self.area_names = {pk: name for pk, _code, name in self.areas}
        self.labels["source"] = dict(Diagnostic.Source.choices)

    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        person = self.person(values, lookups)
        not_future(values["date"], "date")
        row.key = (person.pk, values["date"], values["source"])
        instance = row.instance = lookups["diagnostics"].get(row.key)
        data = {
            "person_id": person.pk, "date": values["date"], "source": values["source"],
            "title": values.get("title") or "", "note": values.get("note") or "",
        }  # fmt: skip
        kept(row, instance, self.OPTIONAL, data)
        if instance is None:
            data.update(imported=True, created_by_id=user_id(context))
        row.data = data
        scores = {
            area: (score, level)
            for area, score, level in self.current_relations(instance).get("scores", ())
        }
        for area, _code, _name in self.areas:
            present = [f"{SCORE}{area}" in row.cells, f"{LEVEL}{area}" in row.cells]
            if not any(present):
                continue
            old_score, old_level = scores.pop(area, (None, ""))
            score = values.get(f"{SCORE}{area}") if present[0] else old_score
            level = (values.get(f"{LEVEL}{area}") or "") if present[1] else old_level
            if score is not None or level:
                scores[area] = (score, level)
        deficits = self.deficits(row, lookups, instance)
        if not scores and not deficits:
            raise RowProblem(
                _(
                    "В строке нет результатов: ни процентов или уровней по областям "
                    "компетенций (столбцы вида «Методическая, %»), ни дефицитов."
                ),
                "deficits",
            )
        row.relations = {
            "deficits": deficits,
            "scores": frozenset((a, s, lv) for a, (s, lv) in scores.items()),
        }

    def side_label(self, values) -> str:
        levels = dict(DiagnosticScore.Level.choices)
        shown = []
        for area, score, level in sorted(
            values, key=lambda v: self.area_names.get(v[0], "")
        ):
            parts = [
                f"{score} %" if score is not None else "",
                str(levels.get(level, "")),
            ]
            shown.append(
                f"{self.area_names.get(area, area)}: {', '.join(p for p in parts if p)}"
            )
        return "; ".join(shown) or "—"

    def after_write(self, rows, context) -> None:
        """The rows' results by area, rewritten where they changed."""
        changed = [
            r for r in rows
            if r.relations["scores"] != self.current_relations(r.instance).get("scores", frozenset())
        ]  # fmt: skip
        DiagnosticScore.objects.filter(
            diagnostic_id__in=[r.instance.pk for r in changed]
        ).delete()
        DiagnosticScore.objects.bulk_create(
            [
                DiagnosticScore(
                    diagnostic_id=r.instance.pk, area_id=area, score=score, level=level
                )
                for r in changed
                for area, score, level in r.relations["scores"]
            ],
            batch_size=1000,
        )


# Completed courses -----------------------------------------------------------------------
class CourseCompletionResource(PersonRows):
    """Completed courses (удостоверения о повышении квалификации), `iom_completions`."""

    name = "iom_completions"
    title = gettext_lazy("Пройденное обучение (удостоверения)")
    columns = sheet.COMPLETION_COLUMNS
    parsers = sheet.COMPLETION_PARSERS
    written_fields = sheet.COMPLETION_WRITTEN
    OPTIONAL = {"document_number": "document_number"}

    programme = fields.Field(column_name="Программа", readonly=True)

    class Meta:
        model = CourseCompletion
        fields = ("full_name", "organisation", "programme", "hours", "completed_on",
                  "document_number")  # fmt: skip
        export_order = fields

    def dehydrate_programme(self, completion) -> str:
        return str(completion.programme or completion.programme_title)

    def key_description(self, row) -> str:
        return _("Это обучение педагога «%(name)s» с той же датой окончания") % {
            "name": row.subject
        }

    def prepare(self, rows, context) -> None:
        organisations = self.load_people(rows, context)
        lookups = context.lookups
        lookups["programmes"] = Catalogue()
        self.labels["programme_id"] = lookups["programmes"].titles
        lookups["completions"] = {
            self._key(c.person_id, c.programme_id, c.programme_title, c.completed_on): c
            for c in CourseCompletion.objects.filter(
                person__organisation_id__in=organisations
            )
        }

    @staticmethod
    def _key(person_id, programme_id, title, completed_on) -> tuple:
        return (person_id, programme_id or normalise.key(title), completed_on)

    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        person = self.person(values, lookups)
        not_future(values["completed_on"], "completed_on")
        programme_id, hours = lookups["programmes"].find(
            values["programme"], values.get("provider")
        )
        title = "" if programme_id else values["programme"]
        row.key = self._key(person.pk, programme_id, title, values["completed_on"])
        instance = row.instance = lookups["completions"].get(row.key)
        data = {
            "person_id": person.pk, "programme_id": programme_id, "programme_title": title,
            "hours": values.get("hours") or hours, "completed_on": values["completed_on"],
            "document_number": values.get("document_number") or "",
        }  # fmt: skip
        kept(row, instance, self.OPTIONAL, data)
        if instance is not None and "hours" not in row.cells:
            data["hours"] = instance.hours
        if instance is None:
            data["source"] = CourseCompletion.Source.IMPORT
        row.data = data
