"""The columns of the routes plugin's spreadsheets (the programme catalogue, diagnostic
results, completed courses) and how their cells read: shared by the three import
resources (``resources``) and their templates. The diagnostic spreadsheet has a «%»
and a «уровень» column for each competence area of the taxonomy (``area_columns``).
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from portal.imports import normalise
from portal.imports.cells import choice_with_words, day, plain
from portal.imports.columns import Column
from portal.imports.core_resources import website

from .models import Diagnostic, DiagnosticScore, Programme

_SEMICOLONS = re.compile(r"\s*[;\n]\s*")
_HOURS = re.compile(r"(\d{1,4})(?:[.,]0+)?\s*(?:ч|час|часа|часов|ак\.?\s*ч)?\.?")
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%?")


def deficit_list(value) -> tuple[str, ...]:
    """«functional-literacy; Оценивание образовательных результатов»: names may hold
    commas, so the list is split on «;» and line breaks only."""
    return tuple(p for p in _SEMICOLONS.split(plain(value)) if p)


def limited(length: int):
    """Text of at most ``length`` characters (the database column's size)."""

    def parse(value) -> str:
        shown = plain(value)
        if len(shown) > length:
            raise ValueError(
                _("Слишком длинно: не больше %(max)s символов, а здесь %(n)s.")
                % {"max": length, "n": len(shown)}
            )
        return shown

    return parse


def hours(value) -> int | None:
    """«72», «72 ч», «72 часа», 72.0."""
    shown = plain(value)
    if not shown:
        return None
    match = _HOURS.fullmatch(shown.casefold())
    if not match or not 1 <= int(match.group(1)) <= 3000:
        raise ValueError(
            _("«%(value)s» — не объём в часах: нужно целое число от 1 до 3000.")
            % {"value": shown[:40]}
        )
    return int(match.group(1))


def percent(value) -> Decimal | None:
    """A result in per cent: «72», «72 %», «72,5»; from 0 to 100."""
    shown = plain(value)
    if not shown:
        return None
    match = _PERCENT.fullmatch(shown)
    try:
        number = Decimal(match.group(1).replace(",", ".")) if match else None
    except InvalidOperation:
        number = None
    if number is None or not 0 <= number <= 100:
        raise ValueError(
            _("Результат «%(value)s» вне шкалы: нужен процент от 0 до 100.")
            % {"value": shown[:40]}
        )
    return number.quantize(Decimal("0.1"))


def address(value) -> str:
    return website(value) or ""


programme_kind = choice_with_words(
    Programme.Kind,
    {"ПК": Programme.Kind.UPSKILLING, "повышение": Programme.Kind.UPSKILLING,
     "ПП": Programme.Kind.RETRAINING, "переподготовка": Programme.Kind.RETRAINING,
     "профпереподготовка": Programme.Kind.RETRAINING},
)  # fmt: skip
diagnostic_source = choice_with_words(
    Diagnostic.Source,
    {"школа": Diagnostic.Source.SCHOOL, "ОО": Diagnostic.Source.SCHOOL,
     "организация": Diagnostic.Source.SCHOOL, "самооценка": Diagnostic.Source.SELF,
     "самодиагностика": Diagnostic.Source.SELF, "педагог": Diagnostic.Source.SELF},
)  # fmt: skip
level = choice_with_words(
    DiagnosticScore.Level,
    {"дефицит": DiagnosticScore.Level.DEFICIT, "низкий": DiagnosticScore.Level.DEFICIT,
     "недостаточный": DiagnosticScore.Level.DEFICIT,
     "средний": DiagnosticScore.Level.BASIC, "достаточный": DiagnosticScore.Level.BASIC,
     "высокий": DiagnosticScore.Level.ADVANCED,
     "экспертный": DiagnosticScore.Level.ADVANCED},
)  # fmt: skip


def _labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for _value, label in choices.choices)


# Who -------------------------------------------------------------------------------------
PERSON_COLUMNS = (
    Column("full_name", "ФИО", ("Ф.И.О.", "Фамилия Имя Отчество", "Педагог",
           "ФИО педагога", "Слушатель"), required=True,
           description="Как в реестре педагогов (можно «Фамилия И. О.»)",
           example="Смирнова Анна Петровна"),
    Column("organisation", "Организация", ("Образовательная организация",
           "Место работы", "Школа", "ОО"), required=True,
           description="ИНН, полное или краткое наименование", example="МБОУ СОШ № 5"),
    Column("municipality", "Муниципалитет", ("Район", "Городской округ"),
           description="Нужен, если организация указана номером", example=""),
)  # fmt: skip
DEFICITS = Column(
    "deficits", "Дефициты", ("Выявленные дефициты", "Профессиональные дефициты",
    "Точки роста", "Какие дефициты закрывает"),
    description="Через «;»: названия или коды из справочника компетенций",
    example="Формирование функциональной грамотности обучающихся; assessment",
)  # fmt: skip

# Programme catalogue ---------------------------------------------------------------------
PROGRAMME_COLUMNS = (
    Column("title", "Название программы", ("Программа", "Наименование программы",
           "Название ДПП", "Наименование ДПП"), required=True,
           example="Формирование функциональной грамотности обучающихся"),
    Column("kind", "Вид (ПК/ПП)", ("Вид", "Вид программы", "Тип программы"),
           choices=("ПК", "ПП"), description="ПК — повышение квалификации, ПП — "
           "профессиональная переподготовка; пусто — ПК", example="ПК"),
    Column("hours", "Объём, ч", ("Объём", "Объём часов", "Количество часов", "Часы",
           "Часов"), required=True, description="ПК — от 16 ч, ПП — от 250 ч",
           example="36"),
    Column("provider", "Организация", ("Организация, реализующая программу",
           "Провайдер", "Исполнитель", "Разработчик"),
           description="ИНН или наименование; организации вне реестра портала "
           "сохраняются как написано", example="ЦНППМ"),
    Column("region", "Регион", ("Субъект РФ", "Субъект"),
           description="Пусто — федеральная программа", example=""),
    Column("platform", "Платформа", ("Платформа обучения",),
           example="Цифровая экосистема ДПО"),
    Column("distance", "Дистанционно", ("Дистанционная", "С применением ДОТ", "ДОТ"),
           choices=("да", "нет"), description="да или нет", example="да"),
    Column("network", "Сетевая форма", ("Сетевая",), choices=("да", "нет"),
           description="да или нет", example="нет"),
    Column("in_federal_registry", "В федеральном реестре", ("Федеральный реестр",
           "В реестре ДПП", "ФР ДПП"), choices=("да", "нет"),
           description="да или нет", example="да"),
    Column("registry_url", "Ссылка на реестр", ("Ссылка на карточку в реестре",
           "Реестр"), example="https://dpo.apkpro.ru/"),
    DEFICITS,
    Column("description", "Аннотация", ("Описание", "Содержание"), example=""),
    Column("enrolment_url", "Ссылка для записи", ("Запись", "Регистрация"),
           example="https://cnppm.example.org/zapis"),
    Column("start_date", "Начало набора", ("Начало обучения", "Дата начала",
           "Начало"), description="Дата начала потока", example="01.02.2027"),
    Column("end_date", "Окончание", ("Окончание обучения", "Дата окончания"),
           example="28.02.2027"),
)  # fmt: skip
PROGRAMME_PARSERS = {
    "title": limited(500), "kind": programme_kind, "hours": hours,
    "provider": limited(500), "platform": limited(255), "distance": normalise.boolean,
    "network": normalise.boolean, "in_federal_registry": normalise.boolean,
    "registry_url": address, "deficits": deficit_list, "enrolment_url": address,
    "start_date": day, "end_date": day,
}  # fmt: skip
PROGRAMME_WRITTEN = {
    "title": "Название программы", "kind": "Вид (ПК/ПП)", "hours": "Объём, ч",
    "provider_id": "Организация", "provider_name": "Организация", "region_id": "Регион",
    "platform": "Платформа", "distance": "Дистанционно", "network": "Сетевая форма",
    "in_federal_registry": "В федеральном реестре", "registry_url": "Ссылка на реестр",
    "description": "Аннотация", "enrolment_url": "Ссылка для записи",
}  # fmt: skip

# Diagnostics -----------------------------------------------------------------------------
DIAGNOSTIC_COLUMNS = (
    *PERSON_COLUMNS,
    Column("date", "Дата", ("Дата диагностики", "Дата проведения"), required=True,
           example="15.10.2026"),
    Column("source", "Кто проводил", ("Источник", "Проводил", "Кем проведена"),
           required=True, choices=_labels(Diagnostic.Source),
           description="ЦНППМ, ЦОПМКП, школа или самодиагностика", example="ЦНППМ"),
    Column("title", "Процедура", ("Диагностика", "Название диагностики",
           "Инструмент"), example="Диагностика профессиональных дефицитов"),
)  # fmt: skip
DIAGNOSTIC_TAIL = (
    DEFICITS,
    Column("note", "Заключение", ("Рекомендации", "Комментарий"), example=""),
)
DIAGNOSTIC_PARSERS = {"date": day, "source": diagnostic_source,
                      "title": limited(500), "deficits": deficit_list}  # fmt: skip
DIAGNOSTIC_WRITTEN = {
    "person_id": "ФИО", "date": "Дата", "source": "Кто проводил", "title": "Процедура",
    "note": "Заключение", "imported": "Дата", "created_by_id": "ФИО",
}  # fmt: skip
SCORE, LEVEL = "score:", "level:"


def area_columns(areas) -> tuple[Column, ...]:
    """A «%» and a «уровень» column for each competence area (pk, code, name)."""
    columns = []
    for pk, code, name in areas:
        columns += [
            Column(f"{SCORE}{pk}", f"{name}, %", (f"{name} компетенция", code),
                   description="Результат от 0 до 100", example="64"),
            Column(f"{LEVEL}{pk}", f"{name}, уровень", (f"{code} уровень",),
                   choices=_labels(DiagnosticScore.Level),
                   description="Дефицитный, базовый или продвинутый", example="базовый"),
        ]  # fmt: skip
    return tuple(columns)


# Completed courses ----------------------------------------------------------------------
COMPLETION_COLUMNS = (
    *PERSON_COLUMNS,
    Column("programme", "Программа", ("Название программы", "Наименование программы",
           "Курс"), required=True, description="Как в каталоге программ портала",
           example="Формирование функциональной грамотности обучающихся"),
    Column("provider", "Кто обучал", ("Организация, реализующая программу",
           "Провайдер", "Место обучения"),
           description="Нужна, если в каталоге несколько программ с этим названием",
           example=""),
    Column("hours", "Объём, ч", ("Объём", "Количество часов", "Часы", "Часов"),
           description="Пусто — как в каталоге", example="36"),
    Column("completed_on", "Дата окончания", ("Окончание обучения", "Дата выдачи",
           "Дата"), required=True, example="30.11.2026"),
    Column("document_number", "Номер удостоверения", ("Номер документа",
           "Удостоверение", "Регистрационный номер"), example="772400012345"),
)  # fmt: skip
COMPLETION_PARSERS = {
    "programme": limited(500), "hours": hours, "completed_on": day,
    "document_number": limited(100),
}  # fmt: skip
COMPLETION_WRITTEN = {
    "person_id": "ФИО", "programme_id": "Программа", "programme_title": "Программа",
    "hours": "Объём, ч", "completed_on": "Дата окончания",
    "document_number": "Номер удостоверения", "source": "Программа",
}  # fmt: skip
