"""The annual plan's columns and how its cells read (dates with times, «МСК+4», lists,
choices in words): shared by the import (`resources.AnnualPlanResource`) and the export
(`plan`), so a downloaded plan loads back unchanged."""

import datetime as dt
import re

from django.utils.translation import gettext as _

from portal.core.models import Subject
from portal.imports import normalise
from portal.imports.columns import Column
from portal.imports.readers import is_formula_like

from .models import Audience, EducationLevel, EventFormat, EventLevel, EventPage

#: Time zones offered in the template's drop-down list (any IANA zone is accepted).
RUSSIAN_ZONES = (
    "Europe/Kaliningrad", "Europe/Moscow", "Europe/Kirov", "Europe/Volgograd",
    "Europe/Astrakhan", "Europe/Saratov", "Europe/Ulyanovsk", "Europe/Samara",
    "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk", "Asia/Barnaul", "Asia/Tomsk",
    "Asia/Novokuznetsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Chita", "Asia/Yakutsk",
    "Asia/Khandyga", "Asia/Vladivostok", "Asia/Ust-Nera", "Asia/Magadan", "Asia/Sakhalin",
    "Asia/Srednekolymsk", "Asia/Kamchatka", "Asia/Anadyr",
)  # fmt: skip
#: «МСК+4» as plans write it.
_MSK = {
    -1: "Europe/Kaliningrad", 0: "Europe/Moscow", 1: "Europe/Samara",
    2: "Asia/Yekaterinburg", 3: "Asia/Omsk", 4: "Asia/Krasnoyarsk", 5: "Asia/Irkutsk",
    6: "Asia/Yakutsk", 7: "Asia/Vladivostok", 8: "Asia/Magadan", 9: "Asia/Kamchatka",
}  # fmt: skip
_MSK_SHAPE = re.compile(r"^мск\s*(?:([+-])\s*(\d{1,2}))?$")
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?"
_TIME_ONLY = re.compile(rf"^{_TIME}$")
_DATE_AND_TIME = re.compile(rf"^(?P<date>.+?)(?:\s*,\s*|\s+|T)(?:в\s+)?{_TIME}$")
_YEAR = re.compile(r"^(\d{4})(?:\s*г(?:од|\.)?)?$")
_LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
PLAN_YEARS = (2000, 2100)


# Cells ---------------------------------------------------------------------------
def plain(value) -> str:
    """`text`, and a text cell the export wrote as «'=…» (readers.neutralise_formula)
    back as it was: an exported plan re-imports unchanged."""
    shown = normalise.text(value)
    if shown.startswith("'") and is_formula_like(shown[1:]):
        return shown[1:]
    return shown


def names(value) -> tuple[str, ...]:
    """«педагоги; методисты» or «педагоги, методисты»: a name holding a comma is safe
    when the list is written with «;» (as the export does)."""
    shown = plain(value)
    parts = _LIST_SEPARATOR.split(shown) if ";" in shown else shown.split(",")
    return tuple(p.strip() for p in parts if p.strip())


def moment(value):
    """A date and time cell as written: a naive datetime, a date alone or a time alone
    (`dt.time`); the resource decides which it accepts where."""
    if isinstance(value, dt.datetime | dt.date) or value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return normalise.date(value)  # an Excel serial number, with its time if any
    shown = plain(value)
    if not shown:
        return None
    if match := _TIME_ONLY.match(shown):
        return _clock(match, shown)
    match = _DATE_AND_TIME.match(shown)
    try:
        day = normalise.date(match["date"] if match else shown)
    except ValueError:
        raise ValueError(_bad_moment(shown)) from None
    if match is None:
        return day
    return dt.datetime.combine(day, _clock(match, shown))


def _clock(match, shown: str) -> dt.time:
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise ValueError(_bad_moment(shown))
    return dt.time(hour, minute)


def _bad_moment(shown: str) -> str:
    return _(
        "Не удалось распознать дату и время «%(value)s»: напишите, например, "
        "12.03.2026 10:00."
    ) % {"value": shown[:60]}


def zone_name(value) -> str | None:
    """An IANA zone (any case) or «МСК+4»."""
    shown = plain(value)
    if not shown:
        return None
    wanted = normalise.key(shown)
    if match := _MSK_SHAPE.match(wanted):
        offset = int(match[2] or 0) * (-1 if match[1] == "-" else 1)
        if offset in _MSK:
            return _MSK[offset]
    for name in zone_names():
        if name.casefold() == wanted:
            return name
    raise ValueError(
        _("Часовой пояс «%(value)s» не найден: укажите его как Asia/Irkutsk или МСК+5.")
        % {"value": shown[:60]}
    )


def zone_names() -> list[str]:
    return [name for name, _label in EventPage._meta.get_field("time_zone").choices]


def count(value) -> int | None:
    """Seats: a whole number; blank or «без ограничений» for no limit."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    else:
        shown = plain(value)
        if not shown or normalise.key(shown) in ("без ограничений", "нет", "-"):
            return None
        number = int(shown) if shown.isdigit() else -1
    if number != int(number) or number < 0:
        raise ValueError(
            _("Количество мест «%(value)s» — нужно целое число, например 50.")
            % {"value": normalise.text(value)[:60]}
        )
    return int(number)


def plan_year(value) -> int | None:
    shown = plain(value)
    if not shown:
        return None
    match = _YEAR.match(shown)
    year = int(match[1]) if match else 0
    if not PLAN_YEARS[0] <= year <= PLAN_YEARS[1]:
        raise ValueError(
            _("Год плана «%(value)s» — нужен год числом, например 2026.")
            % {"value": shown[:60]}
        )
    return year


def _with_words(choices, words: dict[str, str]):
    """A choice parser that also knows the short words plans use («онлайн»)."""
    parse = normalise.choice_parser(choices)

    def parse_with_words(value):
        word = normalise.key(plain(value))
        return words[word] if word in words else parse(plain(value))

    return parse_with_words


def short_label(label) -> str:
    """«Открытая: участие подтверждается сразу» → «Открытая»."""
    return str(label).split(":")[0]


def registration(value):
    mode = EventPage.RegistrationMode
    words = {normalise.key(short_label(label)): v for v, label in mode.choices}
    words |= {"нет": mode.NONE, "с подтверждением": mode.MODERATED}
    return _with_words(mode, words)(value)


level = _with_words(EventLevel, {"федеральный": EventLevel.FEDERAL})
event_format = _with_words(
    EventFormat,
    {"очный": EventFormat.IN_PERSON, "онлайн": EventFormat.ONLINE,
     "дистанционный": EventFormat.ONLINE, "смешанный": EventFormat.HYBRID},
)  # fmt: skip


# Columns ---------------------------------------------------------------------------
#: The columns without the choices read from the database; the export writes these.
COLUMNS = (
    Column("title", "Название", ("Наименование", "Название мероприятия",
           "Наименование мероприятия", "Мероприятие", "Тема"), required=True,
           example="Семинар «Функциональная грамотность на уроках математики»"),
    Column("event_type", "Тип", ("Вид", "Тип мероприятия", "Вид мероприятия",
           "Форма мероприятия"), required=True,
           description="Название или код вида из справочника мероприятий", example="Семинар"),
    Column("level", "Уровень", ("Уровень мероприятия",),
           description="Пусто — уровень раздела календаря", example="Муниципальный"),
    Column("event_format", "Формат", ("Формат проведения", "Форма проведения"),
           example="Очно"),
    Column("start", "Дата и время начала", ("Начало", "Дата начала", "Дата проведения",
           "Дата", "Дата и время проведения"), required=True,
           description="Местное время места проведения", example="12.03.2026 10:00"),
    Column("end", "Окончание", ("Дата и время окончания", "Дата окончания", "Конец",
           "Время окончания"), description="Дата и время или только время того же дня",
           example="12.03.2026 13:00"),
    Column("time_zone", "Часовой пояс", ("Часовая зона", "Пояс"),
           description="Пусто — пояс региона", example=""),
    Column("venue", "Место проведения", ("Место",), example="ИМЦ, актовый зал"),
    Column("address", "Адрес", ("Адрес проведения", "Адрес места проведения"),
           example="г. Заречный, ул. Ленина, д. 5"),
    Column("organiser", "Организатор", ("Организация", "Организатор мероприятия",
           "Ответственная организация"),
           description="ИНН, полное или краткое наименование", example="МБОУ СОШ № 5"),
    Column("audiences", "Аудитория", ("Целевая аудитория", "Для кого"),
           description="Через точку с запятой или запятую", example="педагоги; методисты"),
    Column("subjects", "Предметы", ("Предмет",),
           description="Через точку с запятой или запятую", example="Математика"),
    Column("education_levels", "Уровни образования", ("Уровень образования",),
           description="Через точку с запятой или запятую", example=""),
    Column("capacity", "Вместимость", ("Количество мест", "Число мест", "Мест"),
           description="Пусто — без ограничений", example="50"),
    Column("registration_mode", "Регистрация", ("Порядок регистрации",),
           example="Открытая"),
    Column("plan_year", "Год плана", ("Год",), description="Пусто — год начала",
           example="2026"),
    Column("intro", "Анонс", ("Краткое описание", "Описание"),
           example="Разбор заданий PISA и обмен опытом"),
    Column("calendar", "Календарь", ("Адрес календаря", "Раздел"),
           description="Пусто — календарь вашего раздела; иначе адрес календаря на "
                       "портале или название раздела", example=""),
)  # fmt: skip
TITLES = {c.field: c.title for c in COLUMNS}
#: Model fields written from each column, with the column title shown in the preview.
WRITTEN = {
    "title": "title", "event_type_id": "event_type", "level": "level",
    "event_format": "event_format", "start": "start", "end": "end",
    "time_zone": "time_zone", "venue": "venue", "address": "address",
    "organiser_id": "organiser", "capacity": "capacity",
    "registration_mode": "registration_mode", "plan_year": "plan_year", "intro": "intro",
}  # fmt: skip
RELATIONS = {
    "audiences": Audience,
    "subjects": Subject,
    "education_levels": EducationLevel,
}
TEXT_FIELDS = ("venue", "address", "intro")
CHOICES = {
    "level": tuple(str(label) for _v, label in EventLevel.choices),
    "event_format": tuple(str(label) for _v, label in EventFormat.choices),
    "time_zone": RUSSIAN_ZONES,
    "registration_mode": tuple(
        short_label(label) for _v, label in EventPage.RegistrationMode.choices
    ),
}
