"""Seed the community types from DOMAIN.md "Communities" (000 L70-82, 003 §6.12).

Editors change them in the admin afterwards; codes are stable keys for filters and
imports, names are what people read.
"""

from django.db import migrations

COMMUNITY_TYPES = [
    ("subject-mo", "Предметное методическое объединение"),
    ("inter-subject-mo", "Межпредметное методическое объединение"),
    ("meta-subject-mo", "Метапредметное методическое объединение"),
    ("district-mo", "Городское (районное) методическое объединение"),
    ("regional-umo", "Региональное учебно-методическое объединение"),
    ("association", "Ассоциация"),
    ("club", "Клуб"),
    ("network", "Сетевое сообщество"),
    ("expert", "Экспертное сообщество"),
    ("young-teachers", "Объединение молодых педагогов"),
    ("self-learning", "Самообучающееся сообщество школы"),
    ("public-professional", "Общественно-профессиональное объединение"),
]


def seed(apps, schema_editor):
    CommunityType = apps.get_model("communities", "CommunityType")
    for order, (code, name) in enumerate(COMMUNITY_TYPES, start=1):
        CommunityType.objects.get_or_create(
            code=code, defaults={"name": name, "order": order * 10}
        )


def unseed(apps, schema_editor):
    codes = [code for code, _ in COMMUNITY_TYPES]
    apps.get_model("communities", "CommunityType").objects.filter(
        code__in=codes
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
