"""SQL dialects of the embedded engine: SQLite FTS5 and PostgreSQL full text.

Both index the same pre-analysed terms (search.analysis), so they return the same
documents for the same query; only ranking functions differ.

PostgreSQL also indexes every two adjacent terms as one word pair (see
``analysis.term_pairs``; matched by the full vector only), and keeps the documents' large columns out of line (``toast_tuple_target``) and
stores two generated vectors: ``search_vector`` (title A, body B; GIN-indexed, used to
match) and the small ``title_vector`` kept in the row. A query scores every match
cheaply from the title vector, then rescores the best ``RESCORE_WINDOW`` with the full
vector: reading the full vector of every match costs seconds for a common word on
200,000 documents (docs/benchmarks.md). Elasticsearch's rescore window is the model.
"""

import datetime as dt

from django.db import connection

from .. import analysis

DOC_TABLE = "portal_search_embeddeddocument"
TAG_TABLE = "portal_search_embeddedtag"
#: Multi-valued facets, in the tag table (and, on PostgreSQL, the row's tags_text).
TAG_FACETS = ("subjects", "audience")
FTS_TABLE = "portal_search_fts"
RESCORE_WINDOW = 200
#: PostgreSQL's first-stage score of a match without a query term in its title,
#: before its boost and date factors (``PostgresDialect.score``).
SCORE_FLOOR = 0.05
PG_TSQUERY = "to_tsquery('simple', %s)"


class SQLiteDialect:
    name = "sqlite"
    from_clause = f"{FTS_TABLE} JOIN {DOC_TABLE} d ON d.id = {FTS_TABLE}.rowid"
    plain_from = f"{DOC_TABLE} d"
    #: FTS5's bm25 is cheap: every match gets the full score, nothing to rescore.
    rescores = False
    #: Totals are always counted (no sample index).
    samples = False
    #: Facets of subjects and audience join the tag table (tags_text is not read).
    tags_in_row = False

    def expression(self, parsed) -> str:
        return analysis.to_fts5(parsed)

    def index_texts(self, title: list[str], body: list[str]) -> tuple[str, str]:
        # FTS5 keeps positions in its index: phrases are cheap without word pairs.
        return " ".join(title), " ".join(body)

    def prepare(self, cursor) -> None:
        return None

    def match(self, parsed) -> tuple[str, list]:
        return f"{FTS_TABLE} MATCH %s", [self.expression(parsed)]

    def score(self, expression: str) -> tuple[str, list]:
        # bm25 is lower-is-better; title counts four times the body.
        return f"(-bm25({FTS_TABLE}, 4.0, 1.0))", []

    def rescore(self, expression: str) -> tuple[str, list]:
        raise NotImplementedError

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
    rescores = True
    samples = True
    tags_in_row = True

    def expression(self, parsed) -> str:
        return analysis.to_tsquery(parsed)

    def index_texts(self, title: list[str], body: list[str]) -> tuple[str, str]:
        # The word pairs of the title and the body go after the body's terms: a
        # phrase is then matched by looking pairs up in the GIN index, not by reading
        # every candidate's positions from its out-of-line vector (~8 µs a row:
        # "федеральный реестр", 50,000 matches, 430 ms). The title vector, in the
        # row and read for every match, stays as small as it was.
        # Then the title's terms again as tags ("ѣкласс"): the title window
        # (search.engines.embedded) finds the matches holding a query term in their
        # title from the GIN index alone.
        pairs = [*analysis.term_pairs(title), *analysis.term_pairs(body)]
        return " ".join(title), " ".join([*body, *pairs, *analysis.title_tags(title)])

    def prepare(self, cursor) -> None:
        # Settings of the search transaction (SET LOCAL ends with it).
        # The planner prices `@@` as cheap and picks a sequential scan for common words,
        # which reads every out-of-line vector; the GIN bitmap never needs to.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Tens of thousands of matches are read and scored by parallel workers: the
        # default price of gathering their rows keeps the planner from it (a common
        # word on 200,000 documents: 270 ms serial, 185 ms parallel). Small matches
        # stay serial: the worker start-up (parallel_setup_cost) is not worth it.
        cursor.execute("SET LOCAL parallel_tuple_cost = 0")

    def match(self, parsed) -> tuple[str, list]:
        return f"d.search_vector @@ {PG_TSQUERY}", [
            analysis.to_tsquery(parsed, pairs=True)
        ]

    def score(self, expression: str) -> tuple[str, list]:
        # Stage one: the title vector (in the row) plus a floor for body-only matches;
        # a phrase is scored from the title's positions (the title has no pairs).
        return f"({SCORE_FLOOR} + ts_rank(d.title_vector, {PG_TSQUERY}))", [expression]

    def title_window_match(self, parsed) -> tuple[str, list]:
        """Matches holding one of the query's terms in their title (its tags): the only
        ones whose first-stage score is above the floor."""
        tags = analysis.to_tsquery_title_tags(parsed)
        pairs = analysis.to_tsquery(parsed, pairs=True)
        return f"d.search_vector @@ {PG_TSQUERY}", [f"({pairs}) & {tags}"]

    def rescore(self, expression: str) -> tuple[str, list]:
        return f"ts_rank_cd(d.search_vector, {PG_TSQUERY})", [expression]

    def title_match(self, expression: str) -> tuple[str, list]:
        return f"d.title_vector @@ {PG_TSQUERY}", [expression]

    def write(self, cursor, rows) -> None:  # generated columns follow the table
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


def filter_clauses(query, matching: bool = False) -> tuple[list[str], list]:
    """WHERE clauses of the query's filters. When ``matching`` text, the type and
    level filters (a fifth of the documents each) are written so that no index
    serves them: the planner otherwise reads the documents of that level by their
    index and checks the text match on each row's out-of-line vector (44,000 rows:
    300 ms) instead of taking the matches from the full-text index.
    """
    where, params = [], []

    def among(column, values, loose=False):
        if values:
            target = f"COALESCE(d.{column}, '')" if loose else f"d.{column}"
            where.append(f"{target} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)

    among("type", query.types, loose=matching)
    among("level", query.levels, loose=matching)
    among("region_id", query.regions)
    among("municipality_id", query.municipalities)
    among("organisation_id", query.organisations)
    for facet in TAG_FACETS:
        values = getattr(query, facet)
        if values:
            where.append(
                f"EXISTS (SELECT 1 FROM {TAG_TABLE} t WHERE t.document_id = d.id AND t.facet = %s "
                f"AND t.value IN ({', '.join(['%s'] * len(values))}))"
            )
            params.extend([facet, *values])
    # "Search in this section": the narrowest scope given.
    for column, value in (("organisation_id", query.scope_organisation),
                          ("municipality_id", query.scope_municipality),
                          ("region_id", query.scope_region)):  # fmt: skip
        if value:
            where.append(f"d.{column} = %s")
            params.append(value)
            break
    if query.date_from:
        where.append('d.start IS NOT NULL AND COALESCE(d."end", d.start) >= %s')
        params.append(query.date_from)
    if query.date_to:
        where.append("d.start IS NOT NULL AND d.start < %s")
        params.append(query.date_to + dt.timedelta(days=1))
    return where, params
