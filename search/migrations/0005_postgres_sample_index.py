"""PostgreSQL: a partial GIN index of the documents whose id is a multiple of 16.

The embedded engine probes it to learn whether a query matches more than
``ESTIMATE_ABOVE`` documents, and estimates the total and the facets of such queries
from it (search.engines.embedded). SQLite is unchanged.
"""

from django.db import migrations

INDEX = "portal_search_sample_idx"
FORWARD = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON portal_search_embeddeddocument "
    "USING GIN (search_vector) WHERE id %% 16 = 0"  # %% : a parameter-style string
)
BACKWARD = f"DROP INDEX IF EXISTS {INDEX}"


def run(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_postgres_word_pairs")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
