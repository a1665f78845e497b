"""Import resources: what a spreadsheet of one kind of record means.

A resource is a django-import-export `ModelResource` (so the same class exports the
records, with the same Russian headers) that also declares the import pipeline's side
(engine.py): its `columns` (header aliases, required columns, template hints), one
normaliser per field (`parsers`), and how a row becomes a record: `prepare` loads in
bulk what the rows refer to, `resolve` finds the existing record by the natural key
and checks scope, `write` saves all rows with bulk statements. The core and plugins
contribute resources through the plugin contract's `import_resources` slot.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.utils.translation import gettext as _
from import_export import resources

from portal.permissions.policy import Scope, scope_for

from .columns import Column
from .normalise import text

#: Rows written per round of bulk statements (memory stays flat however large the file).
WRITE_CHUNK = 1000


@dataclass
class ImportContext:
    user: Any
    scope: Scope
    #: Whatever `prepare` loaded for the rows (lookups by key).
    lookups: dict[str, Any] = field(default_factory=dict)


def shown(value) -> str:
    """A field value as a person reads it in the preview."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, set | frozenset | list | tuple):
        return ", ".join(sorted(str(v) for v in value)) or "—"
    return str(value)


class PortalResource(resources.ModelResource):
    #: Name in URLs and the CLI (`portal import people FILE`).
    name: str = ""
    #: What the rows are, for people («Педагогические работники»).
    title: str = ""
    columns: tuple[Column, ...] = ()
    #: field → function(cell) returning the clean value or raising ValueError.
    parsers: dict[str, Callable] = {}
    #: Model fields compared and written, with the column title shown for each.
    written_fields: dict[str, str] = {}
    #: Many-to-many fields written as sets, with their column titles.
    written_relations: dict[str, str] = {}

    def context(self, user) -> ImportContext:
        return ImportContext(user=user, scope=scope_for(user))

    def parse(self, name: str, cell):
        return self.parsers.get(name, text)(cell)

    def subject(self, values: dict) -> str:
        return ""

    def prepare(self, rows, context: ImportContext) -> None:
        """Load in bulk whatever `resolve` needs for these rows."""

    def resolve(self, row, context: ImportContext) -> None:
        """Set row.key, row.instance, row.data and row.relations, or raise RowProblem."""
        raise NotImplementedError

    def key_description(self, row) -> str:
        return row.subject or _("Эта запись")

    # Comparing and writing ------------------------------------------------------
    def current_relations(self, instance) -> dict[str, set]:
        """The instance's many-to-many sets, as `resolve` fills row.relations."""
        cached = getattr(instance, "_import_relations", None)
        return cached or {}

    def label(self, name: str, value) -> str:
        """A value as the preview shows it: ids through `labels` (set by prepare)."""
        names = getattr(self, "labels", {}).get(name)
        if names is not None:
            if isinstance(value, set | frozenset):
                value = {names.get(v, v) for v in value}
            elif value is not None:
                value = names.get(value, value)
        return shown(value)

    def changed_fields(self, row) -> list[tuple[str, str, str]]:
        changes = []
        for name, value in row.data.items():
            old = getattr(row.instance, name)
            if isinstance(old, models.Model):
                old = old.pk
            if old != value and not (old in (None, "") and value in (None, "")):
                changes.append(
                    (
                        self.written_fields[name],
                        self.label(name, old),
                        self.label(name, value),
                    )
                )
        current = self.current_relations(row.instance)
        for name, values in row.relations.items():
            old = current.get(name, set())
            if values != old:
                changes.append(
                    (
                        self.written_relations[name],
                        self.label(name, old),
                        self.label(name, values),
                    )
                )
        return changes

    def write(self, rows, context: ImportContext) -> None:
        """Bulk statements, a thousand rows at a time: the model instances of one
        chunk are built, written, indexed and let go before the next."""
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = rows[start : start + WRITE_CHUNK]
            self.write_chunk(chunk)
            self.write_relations(chunk)
            self.after_write(chunk, context)
            for row in chunk:
                row.instance = row.data = row.relations = None

    def write_chunk(self, rows) -> None:
        model = self._meta.model
        new = [r for r in rows if r.instance is None]
        updated = [r for r in rows if r.instance is not None]
        created = model.objects.bulk_create([model(**r.data) for r in new])
        for row, instance in zip(new, created, strict=True):
            row.instance = instance
        for row in updated:
            for name, value in row.data.items():
                setattr(row.instance, name, value)
        if updated:
            _update_rows(model, updated)

    def write_relations(self, rows) -> None:
        """Many-to-many sets through the through tables, two statements per relation."""
        model = self._meta.model
        for name in self.written_relations:
            relation = model._meta.get_field(name)
            through = relation.remote_field.through
            source = relation.m2m_field_name()
            target = relation.m2m_reverse_field_name()
            changed = [
                r for r in rows
                if r.relations.get(name, set()) != self.current_relations(r.instance).get(name, set())
            ]  # fmt: skip
            if not changed:
                continue
            through.objects.filter(
                **{f"{source}__in": [r.instance.pk for r in changed]}
            ).delete()
            pairs = [
                (r.instance.pk, value)
                for r in changed
                for value in sorted(r.relations.get(name, set()))
            ]
            if pairs:
                _insert_pairs(through, source, target, pairs)

    def after_write(self, rows, context: ImportContext) -> None:
        """Search index entries for the written records (bulk writes send no signals)."""
        from search.outbox import enqueue_many

        enqueue_many([r.instance for r in rows])


def _insert_pairs(through, source: str, target: str, pairs: list[tuple]) -> None:
    """Rows of a many-to-many table: one parametrised INSERT run for all pairs (a model
    instance per pair, as bulk_create builds, costs more than the database does)."""
    quote = connection.ops.quote_name
    columns = [quote(through._meta.get_field(f).column) for f in (source, target)]
    into = f"INSERT INTO {quote(through._meta.db_table)} ({', '.join(columns)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Two integer arrays, one statement: no per-row round trip or adaptation.
            sources, targets = zip(*pairs, strict=True)
            cursor.execute(
                f"{into} SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                [list(sources), list(targets)],
            )
        else:
            cursor.executemany(f"{into} VALUES (%s, %s)", pairs)


def _update_rows(model, rows) -> None:
    """One parametrised UPDATE per set of written fields, run for all its rows
    (bulk_update's CASE of 500 branches per field is quadratic: 18,000 changed rows
    took two minutes on SQLite)."""
    quote = connection.ops.quote_name
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault(tuple(row.data), []).append(row)
    with connection.cursor() as cursor:
        for names, group in groups.items():
            fields = [model._meta.get_field(name) for name in names]
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
            cursor.executemany(
                f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
                f"WHERE {quote(model._meta.pk.column)} = %s",
                [
                    [
                        f.get_db_prep_save(
                            row.data[f.name if f.name in row.data else f.attname],
                            connection,
                        )
                        for f in fields
                    ]
                    + [row.instance.pk]
                    for row in group
                ],
            )
