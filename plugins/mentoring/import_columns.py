"""The columns of the mentoring spreadsheets, how their cells read, and how the people
they name are found: shared by the two import resources (``resources``) and their
templates.

Choices are read from their labels and from the short words municipal tables use
(«действует», «завершена», «по предмету», «обратное»), case and ё ignored.

People are found by name **within an organisation** (the mentor's «Организация», the
pair's «Организация» for its mentees), never created: the full name with case, spacing
and ё/е ignored («Королёва  мария» = «Королева Мария»), or — decided for issue 7 —
the surname with initials as Russian orders write it («Королёва М. П.», «Королева
М.П.»), when exactly one person of that organisation fits; a name that fits several
people is an error asking for the full name.
"""

import re

from django.utils.translation import gettext as _

from portal.core.levels import EducationStage
from portal.imports import normalise
from portal.imports.cells import choice_with_words, day, names, plain
from portal.imports.columns import Column
from portal.imports.core_resources import items, name_key
from portal.imports.engine import RowProblem

from .models import MentorStatus, PairStatus

_SEMICOLONS = re.compile(r"\s*[;\n]\s*")


def semicolon_list(value) -> tuple[str, ...]:
    """«Иванова Мария Петровна; Петров П. П.»: names hold no «;» (competence names
    may hold commas, so they are split on «;» and line breaks first)."""
    return tuple(p for p in _SEMICOLONS.split(plain(value)) if p)


mentor_status = choice_with_words(
    MentorStatus,
    {"действующий": MentorStatus.ACTIVE, "действует": MentorStatus.ACTIVE,
     "активен": MentorStatus.ACTIVE, "ведёт": MentorStatus.ACTIVE,
     "приостановлен": MentorStatus.PAUSED, "пауза": MentorStatus.PAUSED,
     "не ведёт": MentorStatus.PAUSED, "выбыл": MentorStatus.LEFT,
     "выбыла": MentorStatus.LEFT, "исключён": MentorStatus.LEFT},
)  # fmt: skip
pair_status = choice_with_words(
    PairStatus,
    {"действующая": PairStatus.ACTIVE, "действует": PairStatus.ACTIVE,
     "активна": PairStatus.ACTIVE, "активная": PairStatus.ACTIVE,
     "предложена": PairStatus.PROPOSED, "проект": PairStatus.PROPOSED,
     "приостановлена": PairStatus.PAUSED, "пауза": PairStatus.PAUSED,
     "завершена": PairStatus.COMPLETED, "завершено": PairStatus.COMPLETED,
     "окончена": PairStatus.COMPLETED, "прекращена": PairStatus.TERMINATED,
     "прекращена досрочно": PairStatus.TERMINATED,
     "расторгнута": PairStatus.TERMINATED},
)  # fmt: skip
_stage = choice_with_words(
    EducationStage,
    {"дошкольное": EducationStage.PRESCHOOL, "ДО": EducationStage.PRESCHOOL,
     "начальное": EducationStage.PRIMARY, "НОО": EducationStage.PRIMARY,
     "основное": EducationStage.BASIC, "ООО": EducationStage.BASIC,
     "среднее": EducationStage.SECONDARY, "СОО": EducationStage.SECONDARY,
     "СПО": EducationStage.VOCATIONAL, "профессиональное": EducationStage.VOCATIONAL,
     "дополнительное": EducationStage.ADDITIONAL, "ДОД": EducationStage.ADDITIONAL},
)  # fmt: skip


def stages(value) -> tuple[str, ...]:
    """«НОО, ООО» → ('primary', 'basic'), in the list's order."""
    chosen = {_stage(item) for item in items(value)}
    return tuple(v for v in EducationStage.values if v in chosen)


def count(value) -> int | None:
    """A whole number of years or mentees: «15», «15 лет», 15.0."""
    shown = plain(value)
    if not shown:
        return None
    match = re.fullmatch(r"(\d{1,3})(?:[.,]0+)?(?:\s*[а-яё.]*)?", shown.casefold())
    if not match:
        raise ValueError(
            _("«%(value)s» — не целое число.") % {"value": shown[:40]}
        )  # fmt: skip
    return int(match.group(1))


def _labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for _value, label in choices.choices)


# Mentors --------------------------------------------------------------------------------
MENTOR_COLUMNS = (
    Column("full_name", "ФИО", ("Ф.И.О.", "Фамилия Имя Отчество", "Наставник",
           "ФИО наставника"), required=True,
           description="Как в реестре педагогов (можно «Фамилия И. О.»)",
           example="Королёва Мария Петровна"),
    Column("organisation", "Организация", ("Образовательная организация", "Место работы",
           "Школа", "ОО"), required=True,
           description="ИНН, полное или краткое наименование", example="МБОУ СОШ № 5"),
    Column("municipality", "Муниципалитет", ("Район", "Городской округ"),
           description="Нужен, если организация указана номером", example=""),
    Column("subjects", "Предметы", ("Предмет",), description="Через запятую, из "
           "справочника предметов; пусто — предметы из карточки педагога",
           example="Математика"),
    Column("competences", "Компетенции", ("Компетенции, которые может передать",
           "Может передать"), description="Через «;», названия из справочника "
           "компетенций", example="Оценивание образовательных результатов"),
    Column("education_stages", "Уровни образования", ("Уровень образования",
           "Уровни"), description="Через запятую: НОО, ООО, СОО, ДО, СПО, "
           "дополнительное", example="ООО, СОО"),
    Column("experience_years", "Стаж", ("Педагогический стаж", "Стаж, лет"),
           description="Полных лет; пусто — от даты начала работы", example="18"),
    Column("capacity", "Наставляемых одновременно", ("Наставляемых", "Не более",
           "Число наставляемых"), description="Пусто — 2", example="2"),
    Column("accepting", "Принимает новых (да/нет)", ("Принимает новых",
           "Принимает новых наставляемых", "Принимает"), choices=("да", "нет"), description="да или нет; пусто — да",
           example="да"),
    Column("status", "Статус", ("Статус наставника",), choices=_labels(MentorStatus),
           description="Пусто — действующий наставник", example="Действующий наставник"),
    Column("availability", "Доступность", ("Когда удобно", "Время встреч"),
           example="вторник, пятница после 15:00"),
)  # fmt: skip
MENTOR_PARSERS = {
    "subjects": names,
    "competences": semicolon_list,
    "education_stages": stages,
    "experience_years": count,
    "capacity": count,
    "accepting": normalise.boolean,
    "status": mentor_status,
}
MENTOR_WRITTEN = {
    "person_id": "ФИО", "education_stages": "Уровни образования",
    "experience_years": "Стаж", "capacity": "Наставляемых одновременно",
    "accepting": "Принимает новых (да/нет)", "status": "Статус", "availability": "Доступность",
}  # fmt: skip
MENTOR_RELATIONS = {"subjects": "Предметы", "competences": "Компетенции"}


# Pairs ------------------------------------------------------------------------------------
PAIR_COLUMNS = (
    Column("mentor", "Наставник (ФИО)", ("Наставник", "ФИО наставника"), required=True,
           description="Из реестра наставников", example="Королёва Мария Петровна"),
    Column("mentor_organisation", "Организация наставника", ("Место работы наставника",
           "Школа наставника"), description="Пусто — та же, что у пары",
           example="МБОУ СОШ № 5"),
    Column("mentees", "Наставляемые (ФИО через «;»)", ("Наставляемые", "Наставляемый",
           "ФИО наставляемого", "ФИО наставляемых"), required=True,
           description="Педагоги организации пары, через «;»",
           example="Смирнов Илья Андреевич"),
    Column("organisation", "Организация", ("Организация наставляемых", "Школа",
           "Образовательная организация"), required=True,
           description="Где работает пара (школа наставляемых)", example="МБОУ СОШ № 5"),
    Column("form", "Форма наставничества", ("Форма",), required=True,
           description="Из справочника форм наставничества",
           example="Наставник — молодой специалист"),
    Column("start_date", "Начало", ("Дата начала", "Начало наставничества"),
           required=True, example="01.09.2025"),
    Column("planned_end_date", "Плановое окончание", ("Окончание", "Дата окончания",
           "Срок"), example="31.05.2026"),
    Column("status", "Статус", ("Статус пары",), choices=_labels(PairStatus),
           description="Пусто — действует", example="Действует"),
    Column("target_competences", "Целевые компетенции", ("Дефициты",
           "Компетенции"), description="Через «;», из справочника компетенций",
           example="Управление классом и дисциплиной"),
    Column("outcome", "Результат", ("Итог", "Результат наставничества"),
           description="Для завершённых; для прекращённых досрочно — причина",
           example=""),
)  # fmt: skip
PAIR_PARSERS = {
    "mentees": semicolon_list,
    "start_date": day,
    "planned_end_date": day,
    "status": pair_status,
    "target_competences": semicolon_list,
}
PAIR_WRITTEN = {
    "mentor_id": "Наставник (ФИО)", "organisation_id": "Организация",
    "form_id": "Форма наставничества", "start_date": "Начало",
    "planned_end_date": "Плановое окончание", "actual_end_date": "Статус",
    "status": "Статус", "termination_reason": "Результат", "outcome": "Результат",
}  # fmt: skip
PAIR_RELATIONS = {
    "mentees": "Наставляемые (ФИО через «;»)",
    "target_competences": "Целевые компетенции",
}


# Finding people ---------------------------------------------------------------------------
_INITIAL = re.compile(r"^([^\W\d_])\.?$")


def split_name(value: str) -> tuple[str, tuple[str, ...], bool]:
    """(surname key, keys of the other parts, written with initials). «Королёва М.П.»
    → ('королева', ('м', 'п'), True)."""
    parts = plain(value).replace(".", ". ").split()
    if len(parts) < 2:
        raise ValueError(value)
    surname, rest = normalise.key(parts[0]), [normalise.key(p) for p in parts[1:]]
    initials = all(_INITIAL.match(p) for p in rest)
    if initials:
        rest = [p.rstrip(".") for p in rest]
    return surname, tuple(rest), initials


class PeopleIndex:
    """People of some organisations by full name and by surname with initials."""

    def __init__(self, people):
        self.by_name: dict[tuple, list] = {}
        self.by_initials: dict[tuple, list] = {}
        for person in people:
            key = name_key(person.last_name, person.first_name, person.middle_name)
            self.by_name.setdefault((person.organisation_id, key), []).append(person)
            initials = tuple(
                normalise.key(n)[:1]
                for n in (person.first_name, person.middle_name)
                if n
            )
            self.by_initials.setdefault(
                (person.organisation_id, key[0], initials), []
            ).append(person)

    def find(self, organisation_id: int, written: str, field: str, who: str):
        """The one person of the organisation the cell names, or RowProblem."""
        try:
            surname, rest, initials = split_name(written)
        except ValueError:
            raise RowProblem(
                _("Напишите фамилию, имя и отчество (или фамилию и инициалы): "
                  "«%(value)s» — это не ФИО.") % {"value": plain(written)[:80]},
                field,
            ) from None  # fmt: skip
        if initials:
            found = self.by_initials.get((organisation_id, surname, rest), [])
        else:
            found = self.by_name.get((organisation_id, (surname, *rest)), [])
            if not found and len(rest) == 1:  # no patronymic in the registry
                found = self.by_name.get((organisation_id, (surname, rest[0], "")), [])
        if not found:
            raise RowProblem(
                _(
                    "%(who)s «%(name)s» нет среди педагогов этой организации в реестре "
                    "портала: проверьте ФИО и организацию или сначала загрузите "
                    "педагога импортом «Педагогические работники»."
                )
                % {"who": who, "name": plain(written)[:80]},
                field,
            )
        if len(found) > 1:
            raise RowProblem(
                _(
                    "В организации несколько педагогов «%(name)s»: напишите фамилию, "
                    "имя и отчество полностью."
                )
                % {"name": plain(written)[:80]},
                field,
            )
        return found[0]


def find_by_name(options: dict[str, int], written: str, field: str, what: str) -> int:
    """A taxonomy entry (form, competence, subject) by its name or code, whatever the
    case and ё; or the one entry whose name contains the words written."""
    wanted = normalise.key(written)
    if wanted in options:
        return options[wanted]
    partial = {pk for name, pk in options.items() if wanted and wanted in name}
    if len(partial) == 1:
        return partial.pop()
    raise RowProblem(
        _("%(what)s «%(value)s» нет в справочнике портала.")
        % {"what": what, "value": plain(written)[:80]},
        field,
    )
