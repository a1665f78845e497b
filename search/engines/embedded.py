"""The embedded engine: documents in our own tables, full text by SQLite FTS5 or
PostgreSQL, Russian analysis done in Python (search.analysis). Always up to date,
needs no extra server, and answers when the distributed engine is down.
"""

from django.db import connection, transaction
from django.utils import timezone

from .. import analysis
from ..documents import SearchDocument
from ..models import EmbeddedDocument, EmbeddedTag
from ..query import FACETS, Hit, SearchQuery, SearchResults, Suggestion
from .base import Engine
from .embedded_sql import (
    DOC_TABLE,
    RESCORE_WINDOW,
    SCORE_FLOOR,
    TAG_FACETS,
    TAG_TABLE,
    dialect,
    filter_clauses,
)
from .terms import corrector, record_terms

COLUMN_FACETS = {"type": "type", "level": "level", "region": "region_id",
                 "municipality": "municipality_id", "organisation": "organisation_id"}  # fmt: skip
UPCOMING_BOOST, PAST_EVENT_BOOST, TITLE_PHRASE_BOOST = 1.5, 0.7, 1.5
#: Facets of larger result sets are counted on a sample of about FACET_SAMPLE matches.
FACET_EXACT_LIMIT, FACET_SAMPLE = 10_000, 5_000
#: PostgreSQL: documents whose id is a multiple of SAMPLE_MODULUS have their own partial
#: GIN index (migration 0005). Above ESTIMATE_ABOVE matches the total and the facets are
#: estimated from them, and the matches are only ranked, never counted or kept.
SAMPLE_MODULUS, ESTIMATE_ABOVE = 16, 20_000


def tags_text(doc: SearchDocument) -> str:
    """The document's subjects and audience as "facet<TAB>value" lines, kept in its row:
    PostgreSQL counts those facets of a sample from the rows it already reads (joining
    the tag table cost ~5 µs a match). The tag table still serves the filters."""
    return "\n".join(
        f"{facet}\t{value[:200].replace(chr(9), ' ').replace(chr(10), ' ')}"
        for facet in TAG_FACETS
        for value in getattr(doc, facet)
    )


class EmbeddedEngine(Engine):
    """See module docstring. Synonyms come from search.synonyms at query time."""

    name = "embedded"

    # Writing ---------------------------------------------------------------
    @transaction.atomic
    def upsert(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        existing = dict(
            EmbeddedDocument.objects.filter(
                key__in=[d.key for d in documents]
            ).values_list("key", "id")
        )
        sql = dialect()
        rows, tags, terms = [], [], set()
        for doc in documents:
            title_terms = analysis.analyze(doc.title)
            body_terms = analysis.analyze(
                " ".join((doc.summary, doc.body, " ".join(doc.subjects)))
            )
            terms.update(title_terms)
            terms.update(body_terms)
            title_text, body_text = sql.index_texts(title_terms, body_terms)
            rows.append(
                EmbeddedDocument(
                    id=existing.get(doc.key),
                    key=doc.key,
                    type=doc.type,
                    title=doc.title,
                    url=doc.url,
                    summary=doc.summary,
                    body=doc.body[:20000],
                    level=doc.level,
                    region_id=doc.region,
                    municipality_id=doc.municipality,
                    organisation_id=doc.organisation,
                    start=doc.start,
                    end=doc.end,
                    published=doc.published,
                    boost=doc.boost,
                    title_terms=title_text,
                    body_terms=body_text,
                    tags_text=tags_text(doc),
                )  # fmt: skip
            )
        new = [r for r in rows if r.id is None]
        old = [r for r in rows if r.id is not None]
        EmbeddedDocument.objects.bulk_create(new)
        if connection.vendor != "postgresql" or any(r.id is None for r in new):
            ids = dict(
                EmbeddedDocument.objects.filter(
                    key__in=[r.key for r in new]
                ).values_list("key", "id")
            )
            for r in new:
                r.id = ids[r.key]
        fields = [
            f.name
            for f in EmbeddedDocument._meta.concrete_fields
            if f.name not in ("id", "key")
        ]
        EmbeddedDocument.objects.bulk_update(old, fields, batch_size=500)
        EmbeddedTag.objects.filter(document_id__in=[r.id for r in rows]).delete()
        for doc, row in zip(documents, rows, strict=True):
            tags += [
                EmbeddedTag(document_id=row.id, facet="subjects", value=v[:200])
                for v in doc.subjects
            ]
            tags += [
                EmbeddedTag(document_id=row.id, facet="audience", value=v[:200])
                for v in doc.audience
            ]
        EmbeddedTag.objects.bulk_create(tags)
        with connection.cursor() as cursor:
            sql.write(cursor, [(r.id, r.title_terms, r.body_terms) for r in rows])
        record_terms(terms)

    @transaction.atomic
    def delete(self, keys: list[str]) -> None:
        ids = list(
            EmbeddedDocument.objects.filter(key__in=keys).values_list("id", flat=True)
        )
        with connection.cursor() as cursor:
            dialect().remove(cursor, ids)
        EmbeddedDocument.objects.filter(id__in=ids).delete()

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            dialect().clear(cursor)
            cursor.execute(f"DELETE FROM {TAG_TABLE}")
            cursor.execute(f"DELETE FROM {DOC_TABLE}")

    def rebuild(self, batches):
        """Refill the index in one transaction: searches keep seeing the old index
        until the new one commits, and a failed rebuild leaves the old one in place."""
        with transaction.atomic():
            self.clear()
            for batch in batches:
                self.upsert(batch)
                yield len(batch)

    # Reading ---------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        from ..synonyms import current_synonyms

        sql = dialect()
        parsed = (
            analysis.expand_query(query.q, current_synonyms())
            if query.q.strip()
            else None
        )
        corrected = ""
        results = self._run(sql, query, parsed)
        if parsed is not None and results[0] == 0:
            fixed = analysis.correct_query(parsed, corrector())
            if fixed is not None:
                parsed, corrected = fixed, analysis.describe(fixed)
                results = self._run(sql, query, parsed)
        total, rows, facets, exact, total_exact = results
        terms = analysis.query_terms(parsed) if parsed else []
        hits = [
            Hit(
                key=r["key"],
                type=r["type"],
                title=r["title"],
                url=r["url"],
                summary=r["summary"],
                highlight=analysis.highlight(r["summary"] + " " + r["body"], terms)
                if terms
                else "",
                level=r["level"],
                region=r["region_id"],
                municipality=r["municipality_id"],
                organisation=r["organisation_id"],
                start=r["start"],
                score=float(r["score"] or 0),
            )  # fmt: skip
            for r in rows
        ]
        return SearchResults(
            total=total,
            hits=hits,
            facets=facets,
            engine=self.name,
            corrected_query=corrected,
            facets_exact=exact,
            total_exact=total_exact,
        )

    def _run(self, sql, query: SearchQuery, parsed):
        """_statement in one transaction with the dialect's planner settings."""
        with transaction.atomic(), connection.cursor() as cursor:
            sql.prepare(cursor)
            return self._statement(cursor, sql, query, parsed)

    def _statement(self, cursor, sql, query: SearchQuery, parsed):
        """One statement for the page of hits, the total and the facets; one for the
        hits' columns. Facets of more than FACET_EXACT_LIMIT matches are counted on an
        even sample of them and scaled (``facets_exact`` False), as Algolia does.

        PostgreSQL, above ESTIMATE_ABOVE matches (a probe of the sample index says):
        the page is ranked straight from the index scan, which parallel workers share,
        and the total and facets are the sample's counts scaled (``total_exact``
        False), as Elasticsearch reports a lower bound past ``track_total_hits``.
        Keeping every match to count it cost more than ranking them.
        """
        where, params = filter_clauses(query, matching=parsed is not None)
        filter_where, filter_params = list(where), list(params)
        rescore, rescore_params = "", []
        if parsed is not None:
            expression = sql.expression(parsed)
            if not expression:
                return 0, [], {}, True, True
            match, match_params = sql.match(parsed)
            score, score_params = sql.score(expression)
            phrase = " ".join(analysis.query_terms(parsed, first_only=True))
            phrase_sql = f"(CASE WHEN d.title_terms LIKE %s THEN {TITLE_PHRASE_BOOST} ELSE 1.0 END)"
            source = sql.from_clause
            where = [match, *where]
            params = [*match_params, *params]
            sort = (
                f"{score} * d.boost"
                f" * (CASE WHEN d.start IS NULL THEN 1.0 WHEN d.start >= %s THEN {UPCOMING_BOOST}"
                f" ELSE {PAST_EVENT_BOOST} END)"
            )
            sort_params = [*score_params, timezone.now()]
            if sql.rescores:
                rescore, rescore_params = sql.rescore(expression)
                rescore = f"m.sort * {rescore} * {phrase_sql}"
                rescore_params = [*rescore_params, f"%{phrase}%"]
            else:
                sort = f"{sort} * {phrase_sql}"
                sort_params.append(f"%{phrase}%")
            score_out = "m.sort"
        else:
            source, sort_params = sql.plain_from, []
            sort = "COALESCE(d.start, d.published)"
            score_out = "0.0"
        where_sql = " AND ".join(where) or "1=1"
        order = "m.sort IS NULL, m.sort DESC, m.id"
        size, offset = query.page_size, query.offset
        estimated = (
            parsed is not None
            and sql.samples
            and self._sampled(cursor, source, where_sql, params) * SAMPLE_MODULUS
            > ESTIMATE_ABOVE
        )
        tags = ", d.tags_text" if sql.tags_in_row else ""
        ctes = [
            f"m AS {'NOT ' if estimated else ''}MATERIALIZED (SELECT d.id, d.type, d.level, d.region_id, d.municipality_id,"
            f" d.organisation_id{tags}, {sort} AS sort FROM {source} WHERE {where_sql})"
        ]
        cte_params = [*sort_params, *params]
        if rescore:
            # Positions 1..W: the window rescored; after it, the rest in stage-one order.
            window = RESCORE_WINDOW
            best = None
            if estimated and offset + size <= window:
                best = self._title_window(
                    cursor, sql, parsed, sort, sort_params, filter_where, filter_params
                )
            if best is None:
                ctes.append(
                    f"w AS (SELECT m.id, m.sort FROM m ORDER BY {order} LIMIT {window})"
                )
            else:
                ctes.append(
                    "w AS (SELECT * FROM unnest(%s::bigint[], %s::float8[]) AS w(id, sort))"
                )
                cte_params += [[i for i, _ in best], [score for _, score in best]]
            ctes.append(
                f"r AS (SELECT m.id, {rescore} AS score FROM w AS m JOIN {DOC_TABLE} d ON d.id = m.id)"
            )
            ranked = "SELECT r.id, r.score, ROW_NUMBER() OVER (ORDER BY r.score DESC, r.id) AS pos FROM r"
            if offset + size > window:
                ranked += (
                    f" UNION ALL SELECT o.id, o.sort, o.pos FROM (SELECT m.id, m.sort, ROW_NUMBER()"
                    f" OVER (ORDER BY {order}) AS pos FROM m) AS o WHERE o.pos > {window}"
                )
            ctes.append(
                f"h AS (SELECT * FROM ({ranked}) AS x ORDER BY pos LIMIT %s OFFSET %s)"
            )
            cte_params += [*rescore_params, size, offset]
        else:
            ctes.append(
                f"h AS (SELECT m.id, {score_out} AS score, ROW_NUMBER() OVER (ORDER BY {order}) AS pos"
                " FROM m ORDER BY pos LIMIT %s OFFSET %s)"
            )
            cte_params += [size, offset]
        hits_sql = "SELECT 'h', CAST(h.pos AS TEXT), CAST(h.id AS TEXT), h.score FROM h"
        parts = [hits_sql]
        if estimated:  # the sample's own index serves `m.id % 16 = 0`
            ctes.append(
                f"s AS MATERIALIZED (SELECT m.* FROM m WHERE m.id %% {SAMPLE_MODULUS} = 0)"
            )
            parts.append("SELECT 's', NULL, NULL, COUNT(*) FROM s")
        elif not query.with_facets:
            parts.append("SELECT 't', NULL, NULL, COUNT(*) FROM m")
        else:  # the total counted once, for the sample step too
            ctes.append(
                f"n AS MATERIALIZED (SELECT COUNT(*) AS total, CASE WHEN COUNT(*) > {FACET_EXACT_LIMIT} "
                f"THEN COUNT(*) / {FACET_SAMPLE} + 1 ELSE 1 END AS step FROM m)"
            )
            parts.append("SELECT 't', NULL, NULL, n.total FROM n")
            ctes.append(
                "s AS MATERIALIZED (SELECT m.* FROM m, n WHERE m.id %% n.step = 0)"
            )
            parts.append("SELECT 's', NULL, NULL, COUNT(*) FROM s")
        if query.with_facets:
            for facet, column in COLUMN_FACETS.items():
                present = (
                    f"s.{column} <> ''"
                    if facet in ("type", "level")
                    else f"s.{column} IS NOT NULL"
                )
                parts.append(
                    f"SELECT 'f', '{facet}', CAST(s.{column} AS TEXT), COUNT(*) FROM s "
                    f"WHERE {present} GROUP BY s.{column}"
                )
            if sql.tags_in_row:
                parts.append(
                    "SELECT 'g', NULL, x.tag, COUNT(*) FROM s CROSS JOIN LATERAL "
                    "unnest(string_to_array(NULLIF(s.tags_text, ''), E'\\n')) AS x(tag) GROUP BY x.tag"
                )
            else:
                parts.append(
                    f"SELECT 'f', t.facet, t.value, COUNT(*) FROM s JOIN {TAG_TABLE} t "
                    "ON t.document_id = s.id GROUP BY t.facet, t.value"
                )
        statement = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(parts)
        scored, total, sampled, counts = [], 0, 0, {}
        cursor.execute(statement, cte_params)
        for kind, facet, value, number in cursor.fetchall():
            if kind == "h":
                scored.append((int(facet), int(value), float(number or 0)))
            elif kind == "t":
                total = int(number)
            elif kind == "s":
                sampled = int(number)
            elif kind == "g":  # a "facet<TAB>value" line of tags_text
                facet, _, value = value.partition("\t")
                counts.setdefault(facet, []).append((value, int(number)))
            else:
                counts.setdefault(facet, []).append((str(value), int(number)))
        rows = self._hit_rows(cursor, scored)
        if estimated:
            total = sampled * SAMPLE_MODULUS
        exact = not query.with_facets or (sampled == total and not estimated)
        factor = total / sampled if sampled and not exact else 1
        facets = {}
        if query.with_facets and total:
            for facet in FACETS:
                values = [(v, round(n * factor)) for v, n in counts.get(facet, [])]
                facets[facet] = sorted(values, key=lambda item: (-item[1], item[0]))
        return total, rows, facets, exact, not estimated

    def _title_window(self, cursor, sql, parsed, sort, sort_params, where, params):
        """PostgreSQL, a very large result set: the rescore window taken from the matches
        holding a query term in their title, when they provably hold it; else None.

        A match without a query term in its title scores the floor times its boost
        and date factor: at most ``ceiling``, from the largest boosts of dated and
        undated documents. When the title matches alone fill the
        window and its last score is above the ceiling, no other match can enter it:
        the window is the one ranking every match gives, from a fraction of the rows
        («класс»: 14,000 title matches out of 99,000). The tags in the full vector
        (analysis.title_tags) let one GIN lookup find them.
        """
        window = RESCORE_WINDOW
        match, match_params = sql.title_window_match(parsed)
        cursor.execute(
            f"SELECT d.id, {sort} AS sort FROM {DOC_TABLE} d "
            f"WHERE {' AND '.join([match, *where])} ORDER BY sort DESC, d.id LIMIT {window}",
            [*sort_params, *match_params, *params],
        )
        best = cursor.fetchall()
        if len(best) < window:
            return None
        # The largest boosts of dated and undated documents (each a partial index's
        # last entry): a dated match may be upcoming.
        cursor.execute(
            f"SELECT (SELECT boost FROM {DOC_TABLE} WHERE start IS NOT NULL ORDER BY boost DESC LIMIT 1),"
            f" (SELECT boost FROM {DOC_TABLE} WHERE start IS NULL ORDER BY boost DESC LIMIT 1)"
        )
        dated, undated = cursor.fetchone()
        factor = max(UPCOMING_BOOST, PAST_EVENT_BOOST)
        top = max((dated or 0.0) * factor, undated or 0.0)
        ceiling = SCORE_FLOOR * top * (1 + 1e-6)
        return best if best[-1][1] > ceiling else None

    def _sampled(self, cursor, source: str, where_sql: str, params: list) -> int:
        """How many matches the sample holds: a lookup in its small partial index."""
        cursor.execute(
            f"SELECT COUNT(*) FROM {source} WHERE {where_sql} "
            f"AND d.id %% {SAMPLE_MODULUS} = 0",
            params,
        )
        return cursor.fetchone()[0]

    def _hit_rows(self, cursor, scored: list[tuple[int, int, float]]) -> list[dict]:
        """The hits' columns, in the statement's order (position, id, score)."""
        if not scored:
            return []
        scored = [(doc_id, score) for _, doc_id, score in sorted(scored)]
        columns = ["id", "key", "type", "title", "url", "summary", "body", "level", "region_id",
                   "municipality_id", "organisation_id", "start"]  # fmt: skip
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {DOC_TABLE} "
            f"WHERE id IN ({', '.join(['%s'] * len(scored))})",
            [i for i, _ in scored],
        )
        by_id = {
            row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()
        }
        rows = []
        for doc_id, score in scored:
            row = by_id.get(doc_id)
            if row is None:
                continue
            row["score"] = score
            if isinstance(
                row["start"], str
            ):  # SQLite returns text through a raw cursor
                row["start"] = EmbeddedDocument._meta.get_field("start").to_python(
                    row["start"]
                )
            rows.append(row)
        return rows

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        sql = dialect()
        parsed = (
            analysis.expand_query(prefix, None, prefix_last=True)
            if prefix.strip()
            else None
        )
        if parsed is None:
            return []
        expression = sql.expression(parsed)
        if not expression:
            return []
        match, params = sql.title_match(expression)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.title, d.url, d.type FROM {sql.from_clause} WHERE {match} "
                f"ORDER BY d.boost DESC, length(d.title), d.id LIMIT %s",
                [*params, limit],
            )
            return [
                Suggestion(title=t, url=u, type=ty) for t, u, ty in cursor.fetchall()
            ]

    # Status ----------------------------------------------------------------
    def count_by_type(self) -> dict[str, int]:
        from django.db.models import Count

        rows = (
            EmbeddedDocument.objects.values("type")
            .annotate(n=Count("id"))
            .order_by("type")
        )
        return {row["type"]: row["n"] for row in rows}

    def health(self) -> dict:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {DOC_TABLE}")
                return {
                    "ok": True,
                    "documents": cursor.fetchone()[0],
                    "backend": dialect().name,
                }
        except Exception as exc:  # noqa: BLE001 - health never raises
            return {"ok": False, "error": str(exc)}
