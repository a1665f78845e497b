"""Seed the seven forms of support of young teachers (003 L588-600).

Codes are stable keys: other plugins' support sources name the form they count as by
code (docs/plugins.md, portal_support_sources); names are what people read.
"""

from django.db import migrations

FORMS = [
    ("network-support", "Сетевое сопровождение адаптации и повышения квалификации"),
    ("associations", "Объединения (ассоциации) молодых педагогов"),
    ("expert-support", "Экспертно-консультационное сопровождение"),
    ("leisure", "Интеллектуальный досуг и неформальное общение"),
    ("social-activity", "Социально значимая деятельность (молодёжные советы)"),
    ("contests", "Профессиональные конкурсы школьного, муниципального и регионального уровня"),
    ("continuous-education",
     "Непрерывное образование: стажировки, ДПО, площадки обмена опытом, наставничество"),
]  # fmt: skip


def seed(apps, schema_editor):
    SupportForm = apps.get_model("young_teachers", "SupportForm")
    for order, (code, name) in enumerate(FORMS, start=1):
        SupportForm.objects.get_or_create(
            code=code, defaults={"name": name, "order": order * 10}
        )


def unseed(apps, schema_editor):
    codes = [code for code, _ in FORMS]
    apps.get_model("young_teachers", "SupportForm").objects.filter(
        code__in=codes
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("young_teachers", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
