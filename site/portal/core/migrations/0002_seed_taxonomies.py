from django.db import migrations

ROLES = [
    ("teacher", "Педагог"),
    ("manager", "Руководитель"),
    ("methodist", "Методист"),
    ("tutor", "Тьютор"),
    ("mentor", "Наставник"),
    ("expert", "Эксперт"),
]
STATUSES = [
    "Стажировочная площадка",
    "Менторская площадка",
    "Региональная инновационная площадка",
    "Муниципальная инновационная площадка",
    "Ресурсный центр",
    "Базовая школа профессионального сообщества",
    "Апробационная площадка",
]
SUBJECTS = [
    "Русский язык", "Литература", "Математика", "Информатика", "Физика", "Химия",
    "Биология", "География", "История", "Обществознание", "Английский язык",
    "Немецкий язык", "Физическая культура", "ОБЗР", "Музыка", "Изобразительное искусство",
    "Труд (технология)", "Начальные классы", "Дошкольное образование",
    "Дополнительное образование", "Воспитательная работа", "Психология",
    "Логопедия и дефектология", "Управление образованием",
]  # fmt: skip


def seed(apps, schema_editor):
    PersonRole = apps.get_model("core", "PersonRole")
    OrganisationStatus = apps.get_model("core", "OrganisationStatus")
    Subject = apps.get_model("core", "Subject")
    for code, name in ROLES:
        PersonRole.objects.get_or_create(code=code, defaults={"name": name})
    for name in STATUSES:
        OrganisationStatus.objects.get_or_create(name=name)
    for name in SUBJECTS:
        Subject.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
