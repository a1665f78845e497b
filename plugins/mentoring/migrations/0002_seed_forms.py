"""Seed the forms of mentoring from DOMAIN.md "Mentoring" (000 L58, L261; 003 L638).

Editors change them in the admin afterwards; codes are stable keys for imports.
"""

from django.db import migrations

FORMS = [
    ("subject", "Наставничество по предмету", "individual"),
    ("young-specialist", "Наставник — молодой специалист", "individual"),
    ("competence", "Носитель компетенции — педагог, нуждающийся в ней", "individual"),
    ("reverse", "Обратное наставничество", "individual"),
    ("group", "Групповое наставничество", "group"),
    ("team", "Менторство «команда — команде»", "team"),
    ("peer", "«Равный — равному»", "individual"),
]


def seed(apps, schema_editor):
    MentoringForm = apps.get_model("mentoring", "MentoringForm")
    for order, (code, name, kind) in enumerate(FORMS, start=1):
        MentoringForm.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "order": order * 10}
        )


def unseed(apps, schema_editor):
    codes = [code for code, _, _ in FORMS]
    apps.get_model("mentoring", "MentoringForm").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
