"""SQL dialects of the embedded engine: SQLite FTS5 and PostgreSQL full text.

Both index the same pre-analysed terms (search.analysis), so they return the same
documents for the same query; only ranking functions differ.
"""

from django.db import connection

DOC_TABLE = "portal_search_embeddeddocument"
TAG_TABLE = "portal_search_embeddedtag"
FTS_TABLE = "portal_search_fts"
PG_VECTOR = (
    "(setweight(to_tsvector('simple', d.title_terms), 'A') || "
    "setweight(to_tsvector('simple', d.body_terms), 'B'))"
)
PG_TITLE_VECTOR = "to_tsvector('simple', d.title_terms)"


class SQLiteDialect:
    name = "sqlite"
    from_clause = f"{FTS_TABLE} JOIN {DOC_TABLE} d ON d.id = {FTS_TABLE}.rowid"
    plain_from = f"{DOC_TABLE} d"

    def match(self, expression: str) -> tuple[str, list]:
        return f"{FTS_TABLE} MATCH %s", [expression]

    def score(self, expression: str) -> tuple[str, list]:
        # bm25 is lower-is-better; title counts four times the body.
        return f"(-bm25({FTS_TABLE}, 4.0, 1.0))", []

    def title_match(self, expression: str) -> tuple[str, list]:
        return f"{FTS_TABLE} MATCH %s", [f"title : ({expression})"]

    def write(self, cursor, rows: list[tuple[int, str, str]]) -> None:
        if rows:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(r[0],) for r in rows]
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)", rows
            )

    def remove(self, cursor, ids: list[int]) -> None:
        if ids:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(i,) for i in ids]
            )

    def clear(self, cursor) -> None:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")


class PostgresDialect:
    name = "postgresql"
    from_clause = f"{DOC_TABLE} d"
    plain_from = f"{DOC_TABLE} d"

    def match(self, expression: str) -> tuple[str, list]:
        return f"{PG_VECTOR} @@ to_tsquery('simple', %s)", [expression]

    def score(self, expression: str) -> tuple[str, list]:
        return f"ts_rank_cd({PG_VECTOR}, to_tsquery('simple', %s))", [expression]

    def title_match(self, expression: str) -> tuple[str, list]:
        return f"{PG_TITLE_VECTOR} @@ to_tsquery('simple', %s)", [expression]

    def write(self, cursor, rows) -> None:  # the expression index follows the table
        return None

    def remove(self, cursor, ids) -> None:
        return None

    def clear(self, cursor) -> None:
        return None


def dialect():
    return PostgresDialect() if connection.vendor == "postgresql" else SQLiteDialect()


CREATE_SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, body, tokenize = \"unicode61 remove_diacritics 0 tokenchars '-'\")",
]
DROP_SQLITE = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
CREATE_POSTGRES = [
    f"CREATE INDEX IF NOT EXISTS portal_search_vector_idx ON {DOC_TABLE} USING GIN "
    f"({PG_VECTOR.replace('d.', '')})",
    f"CREATE INDEX IF NOT EXISTS portal_search_title_vector_idx ON {DOC_TABLE} USING GIN "
    f"({PG_TITLE_VECTOR.replace('d.', '')})",
]
DROP_POSTGRES = [
    "DROP INDEX IF EXISTS portal_search_vector_idx",
    "DROP INDEX IF EXISTS portal_search_title_vector_idx",
]
