"""PostgreSQL: stored vectors and out-of-line large columns (see search.engines.embedded_sql).

Matching a common word on 200,000 documents read every row's text through the expression
index's recheck and ranking; the narrow rows and the stored vectors make it an index scan
over small rows. SQLite is unchanged.
"""

from django.db import migrations

TABLE = "portal_search_embeddeddocument"
FORWARD = [
    "DROP INDEX IF EXISTS portal_search_vector_idx",
    "DROP INDEX IF EXISTS portal_search_title_vector_idx",
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
    f"ALTER TABLE {TABLE} "
    "ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B')) STORED, "
    "ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', title_terms)) STORED",
    f"ALTER TABLE {TABLE} ALTER COLUMN title_vector SET STORAGE MAIN",
    f"CREATE INDEX portal_search_vector_idx ON {TABLE} USING GIN (search_vector)",
    f"CREATE INDEX portal_search_title_vector_idx ON {TABLE} USING GIN (title_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS portal_search_vector_idx",
    "DROP INDEX IF EXISTS portal_search_title_vector_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN search_vector, DROP COLUMN title_vector",
    f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
    f"CREATE INDEX portal_search_vector_idx ON {TABLE} USING GIN ("
    "(setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')))",
    f"CREATE INDEX portal_search_title_vector_idx ON {TABLE} USING GIN (to_tsvector('simple', title_terms))",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_fulltext_and_synonyms")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
