"""The columns of the «Поддержка молодых педагогов» spreadsheet, how its cells read,
and how the people and forms it names are found (``resources.SupportRecordResource``).

People are found by name **within the row's organisation**, never created: the full
name with case, spacing and ё/е ignored («Смирнова  анна» = «Смирнова Анна», a
registry entry without a patronymic is found by surname and first name), or the
surname with initials («Смирнова А. П.») when exactly one person of the organisation
fits. A name that fits several people is an error asking for the full name.

A form of support is read from its name or its code, whatever the case and ё, or from
a part of its name that only one form contains («ассоциации» → «Объединения
(ассоциации) молодых педагогов»).
"""

import re

from django.utils.translation import gettext as _

from portal.imports import normalise
from portal.imports.cells import day, plain
from portal.imports.columns import Column
from portal.imports.core_resources import name_key
from portal.imports.engine import RowProblem

COLUMNS = (
    Column("full_name", "ФИО", ("Ф.И.О.", "Фамилия Имя Отчество", "Молодой педагог",
           "ФИО молодого педагога", "Педагог"), required=True,
           description="Как в реестре педагогов (можно «Фамилия И. О.»)",
           example="Смирнова Анна Петровна"),
    Column("organisation", "Организация", ("Образовательная организация",
           "Место работы", "Школа", "ОО"), required=True,
           description="ИНН, полное или краткое наименование", example="МБОУ СОШ № 5"),
    Column("municipality", "Муниципалитет", ("Район", "Городской округ"),
           description="Нужен, если организация указана номером", example=""),
    Column("form", "Форма поддержки", ("Форма", "Форма сопровождения"), required=True,
           description="Название или код из справочника форм поддержки",
           example="Объединения (ассоциации) молодых педагогов"),
    Column("title", "Что именно", ("Мероприятие", "Программа", "Название"),
           description="Программа, клуб, конкурс…",
           example="Школа молодого педагога"),
    Column("start_date", "С", ("Дата начала", "Начало", "С даты"), required=True,
           example="01.09.2026"),
    Column("end_date", "По", ("Дата окончания", "Окончание", "По дату"),
           description="Пусто — продолжается", example="31.05.2027"),
    Column("organiser", "Организатор", ("Кто организует", "Организация-организатор"),
           description="ИНН или наименование организации; пусто — не указан",
           example="ЦНППМ"),
    Column("note", "Комментарий", ("Примечание",), example=""),
)  # fmt: skip
PARSERS = {"start_date": day, "end_date": day}
WRITTEN = {
    "person_id": "ФИО", "form_id": "Форма поддержки", "title": "Что именно",
    "start_date": "С", "end_date": "По", "organiser_id": "Организатор",
    "note": "Комментарий", "source": "Форма поддержки", "created_by_id": "ФИО",
}  # fmt: skip

_INITIAL = re.compile(r"^[^\W\d_]$")


def _initials(*names) -> tuple[str, ...]:
    return tuple(normalise.key(n)[:1] for n in names if n)


class PeopleByName:
    """People of some organisations by full name and by surname with initials."""

    def __init__(self, people):
        self.by_name: dict[tuple, list] = {}
        self.by_initials: dict[tuple, list] = {}
        for person in people:
            full = name_key(person.last_name, person.first_name, person.middle_name)
            self.by_name.setdefault((person.organisation_id, full), []).append(person)
            short = (full[0], *_initials(person.first_name, person.middle_name))
            self.by_initials.setdefault((person.organisation_id, short), []).append(
                person
            )

    def find(self, organisation_id: int, written, field: str = "full_name"):
        """The one person of the organisation the cell names, or RowProblem."""
        shown = plain(written)
        parts = [normalise.key(p) for p in shown.replace(".", ". ").split()]
        parts = [p.rstrip(".") for p in parts if p.rstrip(".")]
        if len(parts) < 2:
            raise RowProblem(
                _(
                    "Напишите фамилию, имя и отчество (или фамилию и инициалы): "
                    "«%(value)s» — это не ФИО."
                )
                % {"value": shown[:80]},
                field,
            )
        if all(_INITIAL.match(p) for p in parts[1:]):
            found = self.by_initials.get((organisation_id, tuple(parts)), [])
        else:
            found = self.by_name.get((organisation_id, tuple(parts)), [])
            if not found and len(parts) == 2:  # no patronymic in the registry
                found = self.by_name.get((organisation_id, (*parts, "")), [])
        if not found:
            raise RowProblem(
                _(
                    "«%(name)s» нет среди педагогов этой организации в реестре "
                    "портала: проверьте ФИО и организацию или сначала загрузите "
                    "педагога импортом «Педагогические работники»."
                )
                % {"name": shown[:80]},
                field,
            )
        if len(found) > 1:
            raise RowProblem(
                _(
                    "В организации несколько педагогов «%(name)s»: напишите фамилию, "
                    "имя и отчество полностью."
                )
                % {"name": shown[:80]},
                field,
            )
        return found[0]


class FormsByName:
    """The support forms by name and code (tolerant of case, ё and a part of the
    name)."""

    def __init__(self, forms):
        self.keys: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for pk, name, code in forms:
            self.names[pk] = name
            self.keys[normalise.key(name)] = pk
            self.keys.setdefault(normalise.key(code), pk)

    def find(self, written, field: str = "form") -> int:
        wanted = normalise.key(plain(written))
        if wanted in self.keys:
            return self.keys[wanted]
        partial = {pk for name, pk in self.keys.items() if wanted and wanted in name}
        if len(partial) == 1:
            return partial.pop()
        raise RowProblem(
            _(
                "Формы поддержки «%(value)s» нет в справочнике портала. Формы: "
                "%(names)s."
            )
            % {
                "value": plain(written)[:80],
                "names": "; ".join(f"«{n}»" for n in self.names.values()),
            },
            field,
        )
