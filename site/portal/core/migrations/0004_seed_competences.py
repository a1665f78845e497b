"""Seed the five competence areas (003 L269) and common deficits under them.

Editors change them in the admin afterwards; codes are stable keys for imports.
"""

from django.db import migrations

AREAS = [
    ("methodological", "Методическая", [
        ("lesson-design", "Проектирование урока в соответствии с ФГОС"),
        ("functional-literacy", "Формирование функциональной грамотности обучающихся"),
        ("assessment", "Оценивание образовательных результатов"),
        ("digital-resources", "Использование цифровых образовательных ресурсов"),
    ]),
    ("subject", "Предметная и метапредметная", [
        ("subject-content", "Предметные знания (содержание предмета)"),
        ("olympiad-tasks", "Решение олимпиадных заданий и заданий высокого уровня"),
        ("project-work", "Проектная и исследовательская деятельность обучающихся"),
    ]),
    ("psych-ped", "Психолого-педагогическая", [
        ("inclusion", "Работа с обучающимися с ОВЗ (инклюзивное образование)"),
        ("gifted", "Работа с одарёнными обучающимися"),
        ("upbringing", "Воспитательная работа и классное руководство"),
        ("discipline", "Управление классом и дисциплиной"),
    ]),
    ("communicative", "Коммуникативная", [
        ("parents", "Взаимодействие с родителями (законными представителями)"),
        ("presenting", "Публичное представление педагогического опыта"),
        ("conflicts", "Разрешение конфликтных ситуаций"),
    ]),
    ("managerial", "Управленческая", [
        ("quality", "Управление качеством образования"),
        ("team", "Управление командой и развитие персонала"),
        ("planning", "Планирование и анализ деятельности организации"),
    ]),
]  # fmt: skip


def seed(apps, schema_editor):
    Area = apps.get_model("core", "CompetenceArea")
    Competence = apps.get_model("core", "Competence")
    for area_order, (code, name, competences) in enumerate(AREAS, start=1):
        area, _ = Area.objects.get_or_create(
            code=code, defaults={"name": name, "order": area_order * 10}
        )
        for order, (c_code, c_name) in enumerate(competences, start=1):
            Competence.objects.get_or_create(
                code=c_code, defaults={"name": c_name, "area": area, "order": order * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_competences")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
