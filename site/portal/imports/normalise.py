"""Normalising one cell of an imported table into a field value.

Used by the validate step of the import pipeline, column by column, on the cells
`readers.read_table` returns (str, int, float, bool, date, datetime or None). Each
function returns the clean value or raises ValueError with a sentence to show next
to the row and column. Blank input is not an error here: `text` and `key` give "",
the others None; whether a column is required is the import resource's business.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from portal.core.dates import MONTHS, parse_russian_date
from portal.core.validators import validate_inn, validate_ogrn

_WHITESPACE = re.compile(r"\s+")  # str patterns match NBSP and other Unicode spaces
_INVISIBLE = dict.fromkeys((0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF))
_QUOTES_AND_DASHES = str.maketrans(
    {**dict.fromkeys("«»„“”‟″", '"'), **dict.fromkeys("‘’", "'")}
    | dict.fromkeys("‐‑‒–—―−", "-")
)
_HAS_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_HAS_QUOTE_OR_DASH = re.compile("[«»„“”‟″‘’‐‑‒–—―−]")
# Cyrillic capitals that look like Latin ones, as typed into codes and numbers.
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")

_DATE_SHAPE = re.compile(
    r"\d{1,2}[./-]\d{1,2}[./-](?P<year>\d{2}|\d{4})|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}\s+(?P<month>[а-яё]+)\s+\d{4}(?:\s*г(?:ода|\.)?)?",
    re.IGNORECASE,
)
_TIME_SUFFIX = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (Lotus leap-year bug)
_SERIAL_RANGE = (18264, 73415)  # 1950-01-01 … 2100-12-31
_YEAR_RANGE = (1900, 2100)

_PHONE_EXTENSION = re.compile(
    r"[\s,;]*(?:доб|доп|ext|вн)\.?\s*(?P<extension>\d{1,6})$", re.IGNORECASE
)
_PHONE_CHARACTERS = re.compile(r"\+?[\d\s().-]+")
_RUSSIAN_AREA_STARTS = "3489"  # +7 6xx/7xx are Kazakhstan

_TRUE = {"да", "д", "1", "+", "true", "истина", "x", "х", "v", "✓", "✔", "yes", "y"}
_FALSE = {"нет", "н", "0", "-", "false", "ложь", "no", "n"}


def _shown(value: Any) -> str:
    """The value as quoted in a message, shortened."""
    shown = text(value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not text(value))


def text(value: Any) -> str:
    """Trimmed, whitespace runs (NBSP included) as one space, NFC; None → ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.strftime("%d.%m.%Y %H:%M")
    elif isinstance(value, dt.date):
        value = value.strftime("%d.%m.%Y")
    cleaned = str(value)
    if not cleaned.isascii():  # the common ASCII cell needs none of this
        if not unicodedata.is_normalized("NFC", cleaned):
            cleaned = unicodedata.normalize("NFC", cleaned)
        if _HAS_INVISIBLE.search(cleaned):
            cleaned = cleaned.translate(_INVISIBLE)
    return " ".join(cleaned.split())  # str.split() splits on the same spaces as \s


def key(value: Any) -> str:
    """`text`, casefolded, ё → е, one kind of quote and dash: for matching names."""
    folded = text(value).casefold().replace("ё", "е")
    if _HAS_QUOTE_OR_DASH.search(folded):
        folded = folded.translate(_QUOTES_AND_DASHES)
    return folded


def code(value: Any) -> str | None:
    """Upper case, no spaces, Cyrillic look-alikes as Latin: 'а-12 в' → 'A-12B'.

    For codes compared as typed. Act numbers already have their own key,
    portal.core.models.acts.normalise_act_number, which maps the other way.
    """
    if _blank(value):
        return None
    return _WHITESPACE.sub("", text(value)).upper().translate(_HOMOGLYPHS)


def date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number or Russian date text.

    Text: 12.03.2024, 12.03.24, 12/03/2024, 2024-03-12, 12 марта 2024 (г.); a time
    after it is dropped. Two-digit years more than 20 years ahead are last century.
    """
    if isinstance(value, dt.date):  # datetime too: passed through as is
        return value
    if _blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    shown = _TIME_SUFFIX.sub("", text(value))
    match = _DATE_SHAPE.fullmatch(shown)
    parsed = parse_russian_date(shown) if match else None
    if parsed is None or (match["month"] and not _is_month(match["month"])):
        raise ValueError(
            _(
                "Не удалось распознать дату «%(value)s»: напишите её, например, "
                "как 12.03.2024 или 12 марта 2024 г."
            )
            % {"value": _shown(value)}
        )
    if match["year"] and len(match["year"]) == 2:
        if parsed.year > dt.date.today().year + 20:
            parsed = parsed.replace(year=parsed.year - 100)
    return _check_year(parsed, value)


def _from_serial(serial: float) -> dt.date | dt.datetime:
    if not _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
        raise ValueError(
            _("Число %(value)s не похоже на дату: напишите дату как 12.03.2024.")
            % {"value": _shown(serial)}
        )
    moment = _EXCEL_EPOCH + dt.timedelta(days=serial)
    return moment.date() if float(serial).is_integer() else moment


def _is_month(word: str) -> bool:
    word = word.casefold().replace("ё", "е")
    # The stem plus at most an ending: 'марта', 'мая', 'сентябрь', not 'маркер'.
    return any(word.startswith(stem) and len(word) - len(stem) <= 3 for stem in MONTHS)


def _check_year(parsed: dt.date, value: Any) -> dt.date:
    if not _YEAR_RANGE[0] <= parsed.year <= _YEAR_RANGE[1]:
        raise ValueError(
            _("Дата «%(value)s» вне допустимого диапазона (1900–2100 годы).")
            % {"value": _shown(value)}
        )
    return parsed


def phone(value: Any) -> str | None:
    """A Russian number as '+7 (XXX) XXX-XX-XX', with ' доб. N' if one was given.

    Accepts +7…, 8… and 10-digit numbers in any grouping; a local number without
    the area code, a foreign number or text are errors.
    """
    shown = text(value)
    if not shown:
        return None
    extension = ""
    if match := _PHONE_EXTENSION.search(shown):
        extension = " " + _("доб.") + " " + match["extension"]
        shown = shown[: match.start()]
    national = _national_number(shown)
    if national is None:
        raise ValueError(
            _(
                "Телефон «%(value)s» не распознан: нужен российский номер с кодом "
                "города или оператора, например +7 (812) 123-45-67."
            )
            % {"value": _shown(value)}
        )
    n = national
    return f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}{extension}"


def _national_number(shown: str) -> str | None:
    """The ten digits after +7, or None if `shown` is not a Russian number."""
    if not _PHONE_CHARACTERS.fullmatch(shown):
        return None
    digits = re.sub(r"\D", "", shown)
    if shown.startswith("+"):
        # Only +7 and the full number: "+8…" or "+900…" are not Russian.
        national = digits[1:] if len(digits) == 11 and digits[0] == "7" else ""
    elif len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    else:
        national = digits
    if len(national) == 10 and national[0] in _RUSSIAN_AREA_STARTS:
        return national
    return None


def email(value: Any) -> str | None:
    """The address checked by Django's validator, its domain in lower case."""
    address = text(value)
    if not address:
        return None
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    try:
        EmailValidator()(address)
    except ValidationError:
        raise ValueError(
            _(
                "Адрес электронной почты «%(value)s» неверен: нужен один адрес "
                "вида name@example.ru."
            )
            % {"value": _shown(value)}
        ) from None
    local, _at, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


def inn(value: Any) -> str | None:
    """ИНН of 10 or 12 digits with a valid checksum.

    A number cell loses a leading zero (regions 01–09), so a 9- or 11-digit number
    gets it back before the checksum decides.
    """
    digits = _registration_number(value)
    if digits is None:
        return None
    if isinstance(value, int | float) and len(digits) in (9, 11):
        digits = "0" + digits
    return _validated(digits, validate_inn)


def ogrn(value: Any) -> str | None:
    """ОГРН (13 digits) or ОГРНИП (15 digits) with a valid checksum."""
    digits = _registration_number(value)
    return None if digits is None else _validated(digits, validate_ogrn)


def _registration_number(value: Any) -> str | None:
    if _blank(value):
        return None
    return re.sub(r"[\s-]", "", text(value))


def _validated(digits: str, validator) -> str:
    try:
        validator(digits)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    return digits


def boolean(value: Any) -> bool | None:
    """да/нет, 1/0, +/-, true/false, истина/ложь, x or ✓ for yes."""
    if isinstance(value, bool):
        return value
    if _blank(value):
        return None
    word = key(value)
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(
        _("Значение «%(value)s» не понятно: напишите «да» или «нет».")
        % {"value": _shown(value)}
    )


def choice_parser(choices) -> Any:
    """`choice` for one set of choices, its labels looked up once per language."""
    from django.utils.translation import get_language

    tables: dict[str | None, tuple[dict, dict, list]] = {}

    def parse(value: Any) -> Any:
        if _blank(value):
            return None
        language = get_language()
        if language not in tables:
            pairs = list(_flat_choices(getattr(choices, "choices", choices)))
            tables[language] = (
                {key(stored): stored for stored, _label in pairs},
                {key(label): stored for stored, label in pairs},
                pairs,
            )
        by_value, by_label, pairs = tables[language]
        wanted = key(value)
        if wanted in by_value:
            return by_value[wanted]
        if wanted in by_label:
            return by_label[wanted]
        return choice(value, pairs)  # raises the error with the list of labels

    return parse


def choice(value: Any, choices: Iterable) -> Any:
    """The stored value of the choice whose value or label matches, ignoring case and ё.

    `choices` as Django takes them: (value, label) pairs, grouped or not, or a
    Choices class.
    """
    if _blank(value):
        return None
    pairs = list(_flat_choices(getattr(choices, "choices", choices)))
    wanted = key(value)
    # Stored values first: a label may spell another choice's value.
    for stored, _label in pairs:
        if key(stored) == wanted:
            return stored
    for stored, label in pairs:
        if key(label) == wanted:
            return stored
    raise ValueError(
        _("Значение «%(value)s» не из списка. Допустимые значения: %(labels)s.")
        % {
            "value": _shown(value),
            "labels": ", ".join(f"«{label}»" for _stored, label in pairs),
        }
    )


def _flat_choices(choices: Iterable) -> Iterable[tuple[Any, str]]:
    for stored, label in choices:
        if isinstance(label, list | tuple):  # an option group
            yield from ((value, str(name)) for value, name in label)
        else:
            yield stored, str(label)
