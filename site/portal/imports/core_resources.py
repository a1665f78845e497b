"""The core's import resources: people of the registry (teachers, managers, mentors).

A person's natural key is the full name (case, spacing and ё ignored) with the birth
date; without a birth date in the file, the full name within the organisation. So
importing the same file twice changes nothing, and a later file that adds birth dates
updates the same people. Organisations are matched by organisations.OrganisationMatcher.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from portal.core.levels import Level
from portal.core.models import Organisation, Person, Subject, Territory

from . import normalise
from .columns import Column
from .engine import RowProblem
from .organisations import OrganisationMatcher
from .organisations import name_key as organisation_key
from .resources import PortalResource

_LIST_SEPARATORS = re.compile(r"\s*[;,\n]\s*")


def name_key(*parts) -> tuple[str, ...]:
    return tuple(normalise.key(p) for p in parts)


def split_full_name(value: str) -> tuple[str, str, str]:
    parts = value.split()
    if len(parts) < 2:
        raise RowProblem(
            _("Напишите фамилию, имя и отчество полностью: «%(value)s» — это не ФИО.")
            % {"value": value},
            "full_name",
        )
    return parts[0], parts[1], " ".join(parts[2:])


def items(value) -> list[str]:
    return [p for p in _LIST_SEPARATORS.split(normalise.text(value)) if p]


category = normalise.choice_parser(Person.Category)
_public_field = normalise.choice_parser(Person.PublicField)
DEFAULT_PUBLIC_FIELDS = (
    Person.PublicField.NAME,
    Person.PublicField.POSITION,
    Person.PublicField.ORGANISATION,
)


def public_fields(value) -> tuple[str, ...]:
    """«ФИО, должность» → ('name', 'position'), in the model's order."""
    chosen = {_public_field(item) for item in items(value)}
    return tuple(f for f in Person.PublicField.values if f in chosen)


class PersonResource(PortalResource):
    name = "people"
    title = gettext_lazy("Педагогические работники")
    columns = (
        Column("full_name", "ФИО", ("Ф.И.О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество"),
               description="Фамилия, имя и отчество через пробел (или три столбца ниже)",
               example="Иванова Мария Петровна"),
        Column("last_name", "Фамилия"),
        Column("first_name", "Имя"),
        Column("middle_name", "Отчество"),
        Column("organisation", "Организация",
               ("Образовательная организация", "ОО", "Место работы", "Школа"), required=True,
               description="ИНН, полное или краткое наименование, или номер школы", example="МБОУ СОШ № 5"),
        Column("municipality", "Муниципалитет", ("Муниципальное образование", "Район", "Городской округ"),
               description="Нужен, если организация указана номером", example="Заречный район"),
        Column("position", "Должность", example="учитель математики"),
        Column("subjects", "Предметы", ("Предмет", "Преподаваемые предметы"),
               description="Через запятую", example="Математика, Информатика"),
        Column("qualification_category", "Квалификационная категория", ("Категория",),
               choices=tuple(str(label) for _v, label in Person.Category.choices), example="первая"),
        Column("birth_date", "Дата рождения", example="12.03.1994"),
        Column("career_start_date", "Дата начала педагогической деятельности",
               ("Начало педагогической деятельности", "Педагогический стаж с", "Дата начала работы"),
               example="01.09.2019"),
        Column("email", "E-mail", ("Email", "Электронная почта", "Эл. почта", "Адрес электронной почты"),
               example="ivanova@school5.ru"),
        Column("phone", "Телефон", ("Контактный телефон",), example="+7 900 123-45-67"),
        Column("public_consent", "Согласие на публикацию", ("Согласие",),
               description="да или нет (152-ФЗ); «да» без следующего столбца — на портале "
                           "видны ФИО, должность и организация",
               choices=("да", "нет"), example="нет"),
        Column("public_fields", "Публикуемые сведения", ("Что публиковать",),
               description="Через запятую: ФИО, должность, организация, предметы",
               example="ФИО, должность, организация"),
    )  # fmt: skip
    parsers = {
        "subjects": items,
        "qualification_category": category,
        "birth_date": normalise.date,
        "career_start_date": normalise.date,
        "email": normalise.email,
        "phone": normalise.phone,
        "public_consent": normalise.boolean,
        "public_fields": public_fields,
    }
    written_fields = {
        "last_name": "Фамилия", "first_name": "Имя", "middle_name": "Отчество",
        "organisation_id": "Организация", "position": "Должность",
        "qualification_category": "Квалификационная категория", "birth_date": "Дата рождения",
        "career_start_date": "Дата начала педагогической деятельности", "email": "E-mail",
        "phone": "Телефон", "public_consent": "Согласие на публикацию",
        "public_fields": "Публикуемые сведения",
    }  # fmt: skip
    written_relations = {"subjects": "Предметы"}

    # Export side (django-import-export): the same headers.
    full_name = fields.Field(attribute="full_name", column_name="ФИО", readonly=True)
    organisation = fields.Field(
        attribute="organisation",
        column_name="Организация",
        widget=widgets.ForeignKeyWidget("core.Organisation", "name"),
    )

    class Meta:
        model = Person
        fields = ("full_name", "organisation", "position", "qualification_category")
        export_order = fields

    def subject(self, values: dict) -> str:
        name = values.get("full_name") or " ".join(
            values.get(p) or "" for p in ("last_name", "first_name", "middle_name")
        )
        return " ".join(name.split())

    def prepare(self, rows, context) -> None:
        matcher = OrganisationMatcher.load(context.scope)
        context.lookups["organisations"] = matcher
        subject_names = dict(Subject.objects.values_list("pk", "name"))
        context.lookups["subjects"] = {
            normalise.key(n): pk for pk, n in subject_names.items()
        }
        self.labels = {
            "subjects": subject_names,
            "organisation_id": {pk: k.name for pk, k in matcher.by_pk.items()},
        }
        last_names = set()
        # One object per distinct name part: first names and patronymics repeat.
        shared: dict[str, str] = {}
        for row in rows:
            try:
                parts = [shared.setdefault(p, p) for p in self._names(row.values)]
            except RowProblem:
                continue
            row.values.update(
                zip(("last_name", "first_name", "middle_name"), parts, strict=True)
            )
            last_names.add(row.values["last_name"])
        by_birth, by_organisation = {}, {}
        people = []
        names = sorted(last_names)
        for start in range(0, len(names), 2000):
            people += Person.objects.filter(last_name__in=names[start : start + 2000])
        current = {}
        for pk, subject in Person.subjects.through.objects.filter(
            person__in=[p.pk for p in people]
        ).values_list("person_id", "subject_id"):
            current.setdefault(pk, set()).add(subject)
        for person in people:
            person._import_relations = {"subjects": current.get(person.pk, set())}
            names_ = name_key(person.last_name, person.first_name, person.middle_name)
            if person.birth_date:
                by_birth.setdefault((names_, person.birth_date), []).append(person)
            by_organisation.setdefault((names_, person.organisation_id), []).append(
                person
            )
        context.lookups["by_birth"] = by_birth
        context.lookups["by_organisation"] = by_organisation

    def _names(self, values) -> tuple[str, str, str]:
        if values.get("full_name"):
            return split_full_name(values["full_name"])
        if not values.get("last_name") or not values.get("first_name"):
            raise RowProblem(
                _("Нет ФИО: заполните столбец «ФИО» или «Фамилия» и «Имя»."),
                "full_name",
            )
        return (
            values["last_name"],
            values["first_name"],
            values.get("middle_name") or "",
        )

    def resolve(self, row, context) -> None:
        values = row.values
        last, first, middle = self._names(values)
        organisation = context.lookups["organisations"].find(
            values.get("organisation"), values.get("municipality")
        )
        names = name_key(last, first, middle)
        birth = values.get("birth_date")
        row.key = (names, birth) if birth else (names, organisation.pk)
        candidates = []
        if birth:
            candidates = context.lookups["by_birth"].get((names, birth), [])
        if not candidates:
            candidates = [
                p for p in context.lookups["by_organisation"].get((names, organisation.pk), [])
                if birth is None or p.birth_date is None
            ]  # fmt: skip
        if len(candidates) > 1:
            raise RowProblem(
                _(
                    "В реестре несколько человек с таким ФИО в этой организации; "
                    "добавьте в файл дату рождения, чтобы различить их."
                )  # fmt: skip
            )
        row.instance = candidates[0] if candidates else None
        if row.instance is not None and row.instance.organisation_id != organisation.pk:
            if not context.lookups["organisations"].in_scope(
                row.instance.organisation_id
            ):
                raise RowProblem(
                    _(
                        "Этот человек числится в организации, данные которой вы не можете "
                        "менять; перевод оформляет её муниципалитет."
                    ),  # fmt: skip
                    "organisation",
                )
        subjects = set()
        for name in values.get("subjects") or []:
            pk = context.lookups["subjects"].get(normalise.key(name))
            if pk is None:
                raise RowProblem(
                    _("Предмета «%(name)s» нет в справочнике предметов портала.")
                    % {"name": name},
                    "subjects",
                )
            subjects.add(pk)
        data = {"last_name": last, "first_name": first, "middle_name": middle,
                "organisation_id": organisation.pk}  # fmt: skip
        for name in ("position", "qualification_category", "birth_date", "career_start_date",
                     "email", "phone", "public_consent"):  # fmt: skip
            if name in row.cells:  # only the columns the file has
                value = values.get(name)
                if value is None and name in (
                    "position",
                    "qualification_category",
                    "email",
                    "phone",
                ):
                    value = ""
                if name == "public_consent" and value is None:
                    value = False
                data[name] = value
        if values.get("public_fields"):
            data["public_fields"] = list(values["public_fields"])
        elif data.get("public_consent") and not (
            row.instance is not None and row.instance.public_fields
        ):
            # «да» alone: what a staff list shows (the template says so).
            data["public_fields"] = list(DEFAULT_PUBLIC_FIELDS)
        row.data = data
        if "subjects" in row.cells:
            # One shared frozenset per combination: most teachers share theirs.
            shared = context.lookups.setdefault("subject_sets", {})
            subjects = frozenset(subjects)
            row.relations = {"subjects": shared.setdefault(subjects, subjects)}
        else:
            row.relations = {}

    def key_description(self, row) -> str:
        return _("Человек «%(name)s»") % {"name": row.subject}

    def after_write(self, rows, context) -> None:
        """Index entries for changed people and for new people who consented: a new
        person without consent is in no index and must not be (search.core_specs)."""
        from search.outbox import enqueue_many

        enqueue_many(
            [r.instance for r in rows
             if r.action != "new" or r.instance.public_consent]
        )  # fmt: skip


def website(value) -> str | None:
    """An address of a site; «school5.ru» gets its https://."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    shown = normalise.text(value)
    if not shown:
        return None
    address = shown if "://" in shown else f"https://{shown}"
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise ValueError(
            _("Адрес сайта «%(value)s» неверен: нужен адрес вида https://school5.ru.")
            % {"value": shown[:60]}
        ) from None
    return address


#: Text columns of an organisation written as "" when blank.
_ORGANISATION_TEXT = ("short_name", "number", "aliases", "address", "phone", "email",
                      "website")  # fmt: skip


class OrganisationResource(PortalResource):
    """The registry of organisations. The natural key is the ИНН, else the ОГРН, else
    the full name within the municipality; a municipal editor adds and changes the
    organisations of their municipality only."""

    name = "organisations"
    title = gettext_lazy("Организации")
    columns = (
        Column("name", "Полное наименование", ("Наименование", "Наименование организации", "Название",
               "Организация"), required=True, description="Как в уставе",
               example="Муниципальное бюджетное общеобразовательное учреждение «Средняя "
                       "общеобразовательная школа № 5»"),
        Column("short_name", "Краткое наименование", ("Сокращённое наименование", "Краткое название"),
               example="МБОУ СОШ № 5"),
        Column("kind", "Тип", ("Тип организации", "Вид организации"),
               choices=tuple(str(label) for _v, label in Organisation.Kind.choices),
               example="Общеобразовательная организация"),
        Column("municipality", "Муниципалитет", ("Муниципальное образование", "Район", "Городской округ"),
               description="Пусто для региональных организаций", example="Заречный район"),
        Column("number", "Номер", ("Номер школы",), description="Номер школы, если есть", example="5"),
        Column("inn", "ИНН", example="7707083893"),
        Column("ogrn", "ОГРН", example="1027700132195"),
        Column("aliases", "Другие названия", ("Другие наименования",),
               description="Как ещё её называют в таблицах; через точку с запятой",
               example="Школа № 5; СОШ 5"),
        Column("address", "Адрес", ("Юридический адрес", "Фактический адрес"),
               example="Заречный, ул. Ленина, д. 5"),
        Column("phone", "Телефон", example="+7 (812) 123-45-67"),
        Column("email", "E-mail", ("Email", "Электронная почта"), example="school5@example.ru"),
        Column("website", "Сайт", ("Официальный сайт", "Адрес сайта"), example="https://school5.ru"),
    )  # fmt: skip
    parsers = {
        "kind": normalise.choice_parser(Organisation.Kind),
        "inn": normalise.inn,
        "ogrn": normalise.ogrn,
        "aliases": items,
        "phone": normalise.phone,
        "email": normalise.email,
        "website": website,
    }
    written_fields = {
        "name": "Полное наименование", "short_name": "Краткое наименование", "kind": "Тип",
        "level": "Уровень", "region_id": "Субъект РФ", "municipality_id": "Муниципалитет",
        "number": "Номер", "inn": "ИНН", "ogrn": "ОГРН", "aliases": "Другие названия",
        "address": "Адрес", "phone": "Телефон", "email": "E-mail", "website": "Сайт",
    }  # fmt: skip

    class Meta:
        model = Organisation
        fields = (
            "name",
            "short_name",
            "kind",
            "inn",
            "ogrn",
            "address",
            "phone",
            "email",
        )
        export_order = fields

    def subject(self, values: dict) -> str:
        return values.get("short_name") or values.get("name") or ""

    def key_description(self, row) -> str:
        return _("Организация «%(name)s»") % {"name": row.subject}

    def prepare(self, rows, context) -> None:
        matcher = OrganisationMatcher.load(context.scope)
        regions = dict(
            Territory.objects.filter(kind="municipality").values_list("pk", "parent_id")
        )
        all_regions = list(
            Territory.objects.filter(kind="region").values_list("pk", "name")
        )
        by_inn, by_ogrn, by_name = {}, {}, {}
        for organisation in Organisation.objects.all():
            if organisation.inn:
                by_inn[organisation.inn] = organisation
            if organisation.ogrn:
                by_ogrn[organisation.ogrn] = organisation
            by_name.setdefault(
                (organisation_key(organisation.name), organisation.municipality_id), []
            ).append(organisation)
        context.lookups.update(matcher=matcher, regions=regions, by_inn=by_inn,
                               by_ogrn=by_ogrn, by_name=by_name,
                               only_region=all_regions[0][0] if len(all_regions) == 1 else None)  # fmt: skip
        self.labels = {
            "municipality_id": matcher.municipality_names,
            "region_id": dict(all_regions),
            "kind": dict(Organisation.Kind.choices),
            "level": dict(Level.choices),
        }

    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        municipality = lookups["matcher"].municipality(values.get("municipality"))
        region = (
            lookups["regions"][municipality] if municipality else lookups["only_region"]
        )
        if region is None:
            raise RowProblem(
                _("Укажите муниципалитет: в портале несколько субъектов РФ."),
                "municipality",
            )
        inn, ogrn = values.get("inn"), values.get("ogrn")
        by_inn = lookups["by_inn"].get(inn) if inn else None
        by_ogrn = lookups["by_ogrn"].get(ogrn) if ogrn else None
        if by_inn and by_ogrn and by_inn.pk != by_ogrn.pk:
            raise RowProblem(
                _("ИНН принадлежит организации «%(inn)s», а ОГРН — «%(ogrn)s».")
                % {"inn": by_inn, "ogrn": by_ogrn},
                "ogrn",
            )
        instance = by_inn or by_ogrn
        if instance is None:
            named = [
                o for o in lookups["by_name"].get((organisation_key(values["name"]), municipality), [])
                if not (inn and o.inn) and not (ogrn and o.ogrn)
            ]  # fmt: skip
            instance = named[0] if len(named) == 1 else None
        row.key = inn or ogrn or (organisation_key(values["name"]), municipality)
        scope = context.scope
        if instance is not None and not lookups["matcher"].in_scope(instance.pk):
            raise RowProblem(
                _(
                    "Организация «%(name)s» не относится к вашей территории: её данные "
                    "загружает её муниципалитет или регион."
                )  # fmt: skip
                % {"name": instance},
                "name",
            )
        if not scope.covers(region, municipality, instance.pk if instance else None):
            raise RowProblem(
                _(
                    "Вы можете добавлять и менять только организации своей территории; "
                    "укажите свой муниципалитет."
                ),
                "municipality",
            )
        row.instance = instance
        data = {
            "name": values["name"],
            "region_id": region,
            "municipality_id": municipality,
        }
        if "kind" in row.cells or instance is None:
            data["kind"] = values.get("kind") or Organisation.Kind.SCHOOL
        if instance is None:
            data["level"] = Organisation(kind=data["kind"]).default_level()
        for name in ("inn", "ogrn"):
            if name in row.cells:
                data[name] = values.get(name)
        for name in _ORGANISATION_TEXT:
            if name in row.cells:
                value = values.get(name)
                if name == "aliases":
                    value = "\n".join(value or [])
                data[name] = value or ""
        if instance is None and "number" not in row.cells:
            data["number"] = Organisation.number_from_name(
                values.get("short_name") or values["name"]
            )
        row.data = data
        row.relations = {}
