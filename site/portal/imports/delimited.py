"""CSV uploads: guessing the encoding and the delimiter, splitting records.

Used by `readers.read_table` for anything that is not a zip or a known binary format.
Excel in a Russian locale saves CSV as Windows-1251 with `;`; "CSV UTF-8" adds a BOM;
"Unicode text" is UTF-16 with tabs; online tables export UTF-8 with `,`.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .limits import UnusableFile

DELIMITERS = (";", ",", "\t")
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_ROWS = 50
# Control characters other than tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Binary data decodes as Windows-1251 with about 11 % of them; a few stray ones in a
# short file are only cleaned out of the cells.
_MAX_CONTROL_SHARE = 0.05
_MIN_CONTROLS = 16


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-16 with a BOM, UTF-8 with or without a BOM, else cp1251."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(data, "utf-16"), "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data, "utf-8-sig"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if _has_utf8_lines(data):
                raise UnusableFile(
                    _(
                        "В файле смешаны кодировки: часть строк в UTF-8, часть в "
                        "Windows-1251. Сохраните файл заново в одной кодировке, "
                        "например «CSV UTF-8»."
                    )
                ) from None
            text, encoding = _strict(data, "cp1251"), "cp1251"
    if len(_CONTROL.findall(text)) > max(_MIN_CONTROLS, _MAX_CONTROL_SHARE * len(text)):
        raise UnusableFile(
            _(
                "Файл не похож на таблицу: в нём много служебных символов. "
                "Загрузите файл Excel (XLSX) или CSV."
            )
        )
    return text, encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise UnusableFile(
            _(
                "Не удалось определить кодировку файла. Сохраните его в Excel как "
                "«CSV UTF-8» и загрузите снова."
            )
        ) from None


def _has_utf8_lines(data: bytes) -> bool:
    """Whether some line that is not plain ASCII decodes as UTF-8 (the rest do not)."""
    for line in data.splitlines():
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect_delimiter(text: str) -> str:
    """`;`, `,` or tab: the one that splits the sample into rows as wide as the header.

    csv.Sniffer's guess (restricted to these three) goes first and wins ties; on its
    own it prefers `,` and so splits `;` files with decimal commas (`3,5`) wrongly.
    A file with no delimiter at all is one column; `;` is returned for it.
    """
    sample = text[:_SAMPLE_CHARS]
    if len(text) > _SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    candidates = [d for d in (sniffed, *DELIMITERS) if d is not None]
    best = max(candidates, key=lambda delimiter: _fit(sample, delimiter))
    return best if _fit(sample, best) > (0, 0) else DELIMITERS[0]


def _fit(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of sample rows as wide as the first one, that width); (0, 0) if 1 wide."""
    try:
        rows = [
            row
            for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if any(cell.strip() for cell in row)
        ][:_SAMPLE_ROWS]
    except csv.Error:
        return (0, 0)
    if not rows or len(rows[0]) < 2:
        return (0, 0)
    width = len(rows[0])
    return (sum(len(row) == width for row in rows) / len(rows), width)


def records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(record number, cells) for every record, blank ones included, numbered from 1
    as Excel numbers the rows when it opens the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007  (read in except)
            yield number, row
    except csv.Error as exc:
        raise UnusableFile(
            _(
                "Не удалось прочитать строку %(row)s: проверьте кавычки и длину "
                "значений в ней."
            )
            % {"row": number + 1}
        ) from exc
