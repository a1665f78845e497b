"""Normalise → validate → preview → apply: the import pipeline after the map step.

`run_import` takes a `Table` (readers.read_table) and a resource (resources.py) and
returns a `Report`: counts of new, updated, unchanged and rejected rows, the changes,
and every error with its row number, column, value and a Russian sentence naming the
person or object of the row. Nothing is written on a dry run; otherwise everything is
written in one transaction, and only when no row has an error — unless `valid_only`,
which writes the valid rows and reports the rest. Any exception rolls the whole import
back (docs/imports.md).

Work is done per file, not per row: a resource loads what it needs to resolve every
row (organisations, existing records) in a few queries before the rows are checked,
and writes with bulk statements (the peer, django-import-export's row-by-row import,
issues several queries per row).
"""

import datetime as dt
from collections.abc import Callable
from collections.abc import Mapping as MappingABC
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .columns import Mapping, map_columns
from .limits import UnusableFile
from .normalise import text
from .readers import Table

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"
#: Stages reported to `progress`, and how many rows pass between two reports.
CHECK, MATCH, WRITE = "check", "match", "write"
PROGRESS_STEP = 500


class RowProblem(Exception):
    """Raised by a resource for a row it cannot take; `field` names the column."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(slots=True)
class RowError:
    row: int
    column: str
    value: str
    message: str
    subject: str = ""

    def sentence(self) -> str:
        """One line for a person: where, what, and whose row."""
        where = _("Строка %(row)s") % {"row": self.row}
        if self.column:
            where += _(", столбец «%(column)s»") % {"column": self.column}
        if self.subject:
            where += f" ({self.subject})"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class Change:
    row: int
    action: str
    subject: str
    #: For updates: (column title, old value, new value) of each changed field.
    fields: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Report:
    resource: str
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    applied: bool = False
    dry_run: bool = False
    valid_only: bool = False
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["errors"] = [{**asdict(e), "text": e.sentence()} for e in self.errors]
        return data


@dataclass(slots=True)
class Row:
    """One data row on its way through the pipeline."""

    number: int
    cells: "Cells"  # field → cell as read (a view of the table row)
    values: dict[str, Any] = field(default_factory=dict)  # field → normalised value
    errors: list[RowError] = field(default_factory=list)
    key: Any = None
    subject: str = ""
    instance: Any = None  # the existing record, if any
    #: What the resource will write: model field → value, and many-to-many sets.
    data: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, set] = field(default_factory=dict)
    action: str = ""
    changed: list[tuple[str, str, str]] = field(default_factory=list)


def run_import(
    resource,
    table: Table,
    user,
    *,
    dry_run: bool = False,
    valid_only: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """The whole pipeline on one table; raises UnusableFile if the columns do not fit.

    `progress(stage, done, total)` is called as rows pass each stage (CHECK, MATCH,
    WRITE); background jobs show it as a progress bar (jobs.py).
    """
    progress = progress or _silent
    mapping = map_columns(table.headers, resource.columns)
    if not mapping.usable:
        raise UnusableFile(" ".join(mapping.errors()))
    report = Report(
        resource=resource.name,
        rows=len(table.rows),
        dry_run=dry_run,
        valid_only=valid_only,
        warnings=mapping.warnings(),
    )
    rows = _rows(table, mapping)
    # The template's description and example rows come first, if they are left in.
    kept = [
        r for i, r in enumerate(rows) if i >= 2 or not _is_template_row(resource, r)
    ]
    if len(kept) < len(rows):
        report.warnings.append(
            _("Строки с описанием столбцов и с примером из шаблона пропущены.")
        )
        report.rows, rows = len(kept), kept
    with _transaction(dry_run):
        context = resource.context(user)
        _normalise(resource, rows, progress)
        resource.prepare([r for r in rows if not r.errors], context)
        for number, row in enumerate(rows, start=1):
            if not row.errors:
                _resolve(resource, row, context)
            if number % PROGRESS_STEP == 0:
                progress(MATCH, number, len(rows))
        _reject_repeated_keys(resource, rows)
        for row in rows:
            if row.errors:
                report.errors.extend(row.errors)
                report.rejected += 1
                continue
            setattr(report, row.action, getattr(report, row.action) + 1)
            report.changes.append(_change(resource, row))
        writable = [r for r in rows if not r.errors and r.action != UNCHANGED]
        if not dry_run and (valid_only or not report.errors):
            progress(WRITE, 0, len(writable))
            resource.write(writable, context)
            progress(WRITE, len(writable), len(writable))
            report.applied = True
    return report


@contextmanager
def _transaction(dry_run: bool):
    """The import's one transaction. On SQLite a real import takes the write lock at
    its start (BEGIN IMMEDIATE): a transaction that began by reading cannot start
    writing once any other connection has committed meanwhile (the web, a progress
    update), and would fail with «database is locked» after all its checks."""
    if dry_run or connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    mode = connection.transaction_mode
    connection.transaction_mode = "IMMEDIATE"
    try:
        with transaction.atomic():
            connection.transaction_mode = mode
            yield
    finally:
        connection.transaction_mode = mode


def _silent(stage: str, done: int, total: int) -> None:
    pass


class Cells(MappingABC):
    """A row's cells by field name: a view of the table's row, not a copy (a dict
    per row is most of an import's memory)."""

    __slots__ = ("_raw", "_index")

    def __init__(self, raw: list, index: dict[str, int]) -> None:
        self._raw, self._index = raw, index

    def __getitem__(self, name: str):
        position = self._index[name]
        return self._raw[position] if position < len(self._raw) else None

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _rows(table: Table, mapping: Mapping) -> list[Row]:
    index = {name: i for i, name in mapping.fields.items()}
    return [
        Row(number=number, cells=Cells(cells, index))
        for number, cells in zip(table.row_numbers, table.rows, strict=True)
    ]


def _is_template_row(resource, row: Row) -> bool:
    """The template's description or example row, left in a filled template."""
    from .columns import header_key

    columns = {c.field: c for c in resource.columns}
    for attribute in ("description", "example"):
        expected = {
            name: header_key(getattr(columns[name], attribute)) for name in row.cells
        }
        if any(expected.values()) and all(
            header_key(cell) == expected[name] for name, cell in row.cells.items()
        ):
            return True
    return False


#: Parsed values that may be shared between rows (nothing a resource could mutate).
_SHAREABLE = (str, int, float, bool, dt.date, tuple, type(None))
#: A column with more distinct values than this is parsed cell by cell (names).
MEMO_LIMIT = 2000


def _normalise(resource, rows: list[Row], progress) -> None:
    columns = {c.field: c for c in resource.columns}
    # Columns repeat values (schools, positions, subjects): each distinct cell is
    # parsed once per column; the result, or the error message, is reused.
    memo: dict[str, dict | None] = {name: {} for name in columns}
    for number, row in enumerate(rows, start=1):
        if number % PROGRESS_STEP == 0:
            progress(CHECK, number, len(rows))
        for name, cell in row.cells.items():
            seen = memo[name] if type(cell) is str else None
            parsed = seen.get(cell) if seen is not None else None
            if parsed is None:
                try:
                    parsed = (True, resource.parse(name, cell))
                except ValueError as exc:
                    parsed = (False, str(exc))
                if seen is not None and type(parsed[1]) in _SHAREABLE:
                    seen[cell] = parsed
                    if len(seen) > MEMO_LIMIT:
                        memo[name] = None
            if parsed[0]:
                row.values[name] = parsed[1]
            else:
                row.errors.append(
                    RowError(row.number, columns[name].title, text(cell), parsed[1])
                )
        for column in resource.columns:
            if column.required and row.values.get(column.field) in (None, ""):
                if not any(e.column == column.title for e in row.errors):
                    row.errors.append(
                        RowError(row.number, column.title, "", _("Заполните это поле."))
                    )
        row.subject = resource.subject(row.values)
        for error in row.errors:
            error.subject = row.subject


def _resolve(resource, row: Row, context) -> None:
    columns = {c.field: c.title for c in resource.columns}
    try:
        resource.resolve(row, context)
    except RowProblem as problem:
        row.errors.append(
            RowError(
                row.number,
                columns.get(problem.field, ""),
                text(row.cells.get(problem.field)),
                problem.message,
                row.subject,
            )
        )
        return
    if row.instance is None:
        row.action = NEW
    else:
        row.changed = resource.changed_fields(row)
        row.action = UPDATED if row.changed else UNCHANGED
    # What is written is in row.data now; the cells are not needed any more.
    row.cells = row.values = None


def _reject_repeated_keys(resource, rows: list[Row]) -> None:
    """Two rows for one person or object: both are errors, naming the other row."""
    seen: dict[Any, list[Row]] = {}
    for row in rows:
        if row.key is not None and not row.errors:
            seen.setdefault(row.key, []).append(row)
    for group in seen.values():
        if len(group) < 2:
            continue
        numbers = [r.number for r in group]
        for row in group:
            others = ", ".join(str(n) for n in numbers if n != row.number)
            row.errors.append(
                RowError(
                    row.number,
                    "",
                    "",
                    _(
                        "%(what)s встречается в файле ещё раз (строка %(others)s). "
                        "Оставьте одну строку."
                    )  # fmt: skip
                    % {"what": resource.key_description(row), "others": others},
                    row.subject,
                )
            )


def _change(resource, row: Row) -> Change:
    return Change(row.number, row.action, row.subject, row.changed)
