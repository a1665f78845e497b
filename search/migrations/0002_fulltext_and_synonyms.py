"""The embedded engine's full-text structures (per database) and the seed synonyms."""

from django.db import migrations

SEED_SYNONYMS = [
    ["ЦНППМ", "ЦНППМПР", "ЦНППМГР", "центр непрерывного повышения профессионального мастерства"],
    ["ФР ДПП", "ФРОП ДППО", "ФР ДППО", "федеральный реестр"],
    ["ИОМ", "индивидуальный образовательный маршрут"],
    ["тьютор-методист", "методист-тьютор"],
    ["ПК", "повышение квалификации"],
    ["ПП", "профессиональная переподготовка"],
    ["ДПП", "дополнительная профессиональная программа"],
    ["МО", "методическое объединение"],
    ["ММС", "муниципальная методическая служба"],
    ["Р2Р", "P2P", "равный равному"],
]


# The statements as they were when this migration was written (0003 moved PostgreSQL to a
# stored vector column); search.engines.embedded_sql holds the current ones.
CREATE_SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS portal_search_fts USING fts5("
    "title, body, tokenize = \"unicode61 remove_diacritics 0 tokenchars '-'\")",
]
DROP_SQLITE = ["DROP TABLE IF EXISTS portal_search_fts"]
PG_VECTOR = (
    "(setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B'))"
)
CREATE_POSTGRES = [
    f"CREATE INDEX IF NOT EXISTS portal_search_vector_idx ON portal_search_embeddeddocument USING GIN ({PG_VECTOR})",
    "CREATE INDEX IF NOT EXISTS portal_search_title_vector_idx ON portal_search_embeddeddocument USING GIN "
    "(to_tsvector('simple', title_terms))",
]
DROP_POSTGRES = ["DROP INDEX IF EXISTS portal_search_vector_idx", "DROP INDEX IF EXISTS portal_search_title_vector_idx"]


def create_fulltext(apps, schema_editor):
    statements = {"sqlite": CREATE_SQLITE, "postgresql": CREATE_POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_fulltext(apps, schema_editor):
    statements = {"sqlite": DROP_SQLITE, "postgresql": DROP_POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def seed_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("portal_search", "SearchSynonym")
    if not SearchSynonym.objects.exists():
        SearchSynonym.objects.bulk_create(SearchSynonym(phrases="\n".join(g)) for g in SEED_SYNONYMS)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]
    operations = [
        migrations.RunPython(create_fulltext, drop_fulltext),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
    ]
