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


def create_fulltext(apps, schema_editor):
    from search.engines.embedded_sql import CREATE_POSTGRES, CREATE_SQLITE

    statements = {"sqlite": CREATE_SQLITE, "postgresql": CREATE_POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_fulltext(apps, schema_editor):
    from search.engines.embedded_sql import DROP_POSTGRES, DROP_SQLITE

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
