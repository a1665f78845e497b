"""Seed the editable lists from DOMAIN.md "Events" (types, audiences, education levels).

Editors change them in the admin afterwards; codes are stable keys for filters, imports
and links, names are what people read.
"""

from django.db import migrations

EVENT_TYPES = [
    ("conference", "Конференция"),
    ("research-conference", "Научно-практическая конференция"),
    ("readings", "Педагогические чтения"),
    ("seminar", "Семинар"),
    ("methodological-seminar", "Методический семинар"),
    ("webinar", "Вебинар"),
    ("master-class", "Мастер-класс"),
    ("workshop", "Практикум"),
    ("round-table", "Круглый стол"),
    ("internship", "Стажировка"),
    ("open-lesson", "Открытый урок"),
    ("meeting", "Совещание"),
    ("consultation", "Консультация"),
    ("mastery-contest", "Конкурс профессионального мастерства"),
    ("innovation-contest", "Конкурс инновационных проектов"),
    ("olympiad", "Олимпиада"),
    ("festival", "Фестиваль"),
    ("marathon", "Марафон"),
    ("strategy-session", "Стратегическая сессия"),
    ("foresight", "Форсайт-сессия"),
    ("coaching", "Коуч-сессия"),
    ("edu-scrum", "Edu-SCRUM"),
]
AUDIENCES = [
    ("teachers", "Педагоги"),
    ("managers", "Руководители"),
    ("young-teachers", "Молодые педагоги"),
    ("methodists", "Методисты"),
    ("tutors", "Тьюторы"),
]
EDUCATION_LEVELS = [
    ("preschool", "Дошкольное образование"),
    ("primary", "Начальное общее образование"),
    ("basic", "Основное общее образование"),
    ("secondary", "Среднее общее образование"),
    ("vocational", "Среднее профессиональное образование"),
    ("additional", "Дополнительное образование"),
]


def seed(apps, schema_editor):
    for model, rows in (
        ("EventType", EVENT_TYPES),
        ("Audience", AUDIENCES),
        ("EducationLevel", EDUCATION_LEVELS),
    ):
        Model = apps.get_model("events", model)
        for order, (code, name) in enumerate(rows, start=1):
            Model.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
