"""PostgreSQL: index the title's terms once more as tags ("ѣкласс", analysis.title_tags).

The embedded engine ranks a very common word from the matches that hold a query term
in their title when they provably fill the rescore window (``_title_window``); the tags
let the GIN index find those matches alone. They follow the pairs in the full vector
(``PostgresDialect.index_texts``); documents indexed before this migration get theirs
here, from the terms they hold, so no reindex is needed. Partial indexes on ``boost``
give the window its ceiling (the largest boosts) at once. SQLite only gets those.
"""

import re

from django.db import migrations, models

TABLE = "portal_search_embeddeddocument"
JOINER = "ѣ"  # search.analysis.syntax.PAIR_JOINER at the time of this migration
WORD = re.compile(r"[^\W_]+")
BATCH = 2000


def tags(title_text: str) -> list[str]:
    parts = (p for t in title_text.split() for p in WORD.findall(t) if JOINER not in p)
    return [f"{JOINER}{p}" for p in dict.fromkeys(parts)]


def add_tags(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, title_terms, body_terms FROM {TABLE} WHERE id > %s "
                "ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            updates = []
            for pk, title_text, body_text in rows:
                kept = [t for t in body_text.split() if not t.startswith(JOINER)]
                updates.append((" ".join([*kept, *tags(title_text)]), pk))
            cursor.executemany(
                f"UPDATE {TABLE} SET body_terms = %s WHERE id = %s", updates
            )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0005_postgres_sample_index")]
    operations = [
        migrations.AddIndex(
            model_name="embeddeddocument",
            index=models.Index(
                condition=models.Q(start__isnull=False),
                fields=["boost"],
                name="portal_search_dated_boost",
            ),
        ),
        migrations.AddIndex(
            model_name="embeddeddocument",
            index=models.Index(
                condition=models.Q(start__isnull=True),
                fields=["boost"],
                name="portal_search_undated_boost",
            ),
        ),
        migrations.RunPython(add_tags, migrations.RunPython.noop),
    ]
