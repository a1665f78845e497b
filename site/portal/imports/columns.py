"""Map step: which column of an uploaded table is which field of an import resource.

Headers are matched by a key that ignores case, spacing, ё/е, punctuation and the
«№» sign, against the column's title and its aliases: «ФИО», «Ф.И.О.» and
«фамилия, имя, отчество» all find the field `full_name` when the resource lists them.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .normalise import key

_NOT_WORD = re.compile(r"[^\w]+")


def header_key(header) -> str:
    """'Ф.И.О.' → 'фио', ' Дата  рождения ' → 'дата рождения', '№ п/п' → 'п п'."""
    words = _NOT_WORD.sub(" ", key(header).replace("№", " ")).split()
    # Initials written with dots or spaces ('Ф.И.О.', 'Ф И О') are one word.
    if words and all(len(w) == 1 for w in words):
        return "".join(words)
    return " ".join(words)


@dataclass(frozen=True)
class Column:
    """One field of a resource as a spreadsheet column (the template shows the same)."""

    field: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    description: str = ""
    example: str = ""
    #: Values offered in the template's drop-down list (labels as users type them).
    choices: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        return {header_key(name) for name in (self.title, *self.aliases)}


@dataclass
class Mapping:
    """The result of matching a header row to a resource's columns."""

    #: Column index in the table → field name.
    fields: dict[int, str] = field(default_factory=dict)
    #: Headers no column knows (their cells are ignored), as written.
    unknown: list[str] = field(default_factory=list)
    #: Required columns the table lacks.
    missing: list[Column] = field(default_factory=list)
    #: A field found under several headers: (column title, the headers as written).
    repeated: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.missing and not self.repeated

    def errors(self) -> list[str]:
        """What stops the import, as sentences for the person who made the file."""
        messages = []
        for column in self.missing:
            message = _("В файле нет обязательного столбца «%(title)s».") % {
                "title": column.title
            }
            if column.aliases:
                message += " " + _("Он может называться и так: %(names)s.") % {
                    "names": ", ".join(f"«{a}»" for a in column.aliases)
                }
            messages.append(message)
        for title, headers in self.repeated:
            messages.append(
                _(
                    "Столбцы %(headers)s означают одно и то же — «%(title)s». "
                    "Оставьте один из них."
                )
                % {"headers": ", ".join(f"«{h}»" for h in headers), "title": title}
            )
        return messages

    def warnings(self) -> list[str]:
        return [
            _("Столбец «%(header)s» не распознан, его значения не будут загружены.")
            % {"header": header}
            for header in self.unknown
        ]


def map_columns(headers: list, columns: list[Column]) -> Mapping:
    by_key: dict[str, Column] = {}
    for column in columns:
        for k in column.keys():
            if k in by_key and by_key[k] is not column:
                raise ValueError(
                    f"header {k!r} is claimed by {by_key[k].field} and {column.field}"
                )
            by_key[k] = column
    mapping = Mapping()
    found: dict[str, list[tuple[int, str]]] = {}
    for index, header in enumerate(headers):
        shown = "" if header is None else str(header).strip()
        if not shown:
            continue
        column = by_key.get(header_key(shown))
        if column is None:
            mapping.unknown.append(shown)
            continue
        found.setdefault(column.field, []).append((index, shown))
    for column in columns:
        places = found.get(column.field, [])
        if len(places) > 1:
            mapping.repeated.append((column.title, [shown for _, shown in places]))
        elif places:
            mapping.fields[places[0][0]] = column.field
        elif column.required:
            mapping.missing.append(column)
    return mapping
