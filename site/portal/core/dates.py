"""Russian date formats as they appear in acts and spreadsheets (DOMAIN.md "Data quality")."""

import datetime as dt
import re

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip

_NUMERIC = re.compile(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{2,4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WORDS = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})", re.IGNORECASE)


def _month(word: str) -> int | None:
    word = word.lower().replace("ё", "е")
    # Longest stems first so "ма" (май, мая) does not swallow "март".
    for stem in sorted(MONTHS, key=len, reverse=True):
        if word.startswith(stem):
            return MONTHS[stem]
    return None


def parse_russian_date(text: str) -> dt.date | None:
    """'12.03.2024', '12 марта 2024 г.', '2024-03-12' → date; anything else → None."""
    text = (text or "").strip()
    try:
        if m := _ISO.search(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC.search(text):
            year = int(m[3])
            year += 2000 if year < 100 else 0
            return dt.date(year, int(m[2]), int(m[1]))
        if (m := _WORDS.search(text)) and (month := _month(m[2])):
            return dt.date(int(m[3]), month, int(m[1]))
    except ValueError:
        return None
    return None
