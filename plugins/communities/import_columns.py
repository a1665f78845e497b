"""The columns of the communities' spreadsheets and how their cells read: shared by
the two import resources (``resources``) and their templates.

Choices are read from their labels and from the short words people write in tables
(«свободное», «заместитель», «вышел»), case and ё ignored.
"""

from portal.imports import normalise
from portal.imports.cells import choice_with_words, day, names
from portal.imports.columns import Column

from .models import CommunityLevel, CommunityStatus, JoinMethod, Membership

level = choice_with_words(
    CommunityLevel,
    {"школьный": CommunityLevel.INSTITUTIONAL, "институциональный":
     CommunityLevel.INSTITUTIONAL, "уровень образовательной организации":
     CommunityLevel.INSTITUTIONAL, "районный": CommunityLevel.MUNICIPAL,
     "городской": CommunityLevel.MUNICIPAL},
)  # fmt: skip
join_method = choice_with_words(
    JoinMethod,
    {"свободное": JoinMethod.OPEN, "свободный": JoinMethod.OPEN, "открытое":
     JoinMethod.OPEN, "заявка": JoinMethod.REQUEST, "по заявлению": JoinMethod.REQUEST,
     "приглашение": JoinMethod.INVITATION},
)  # fmt: skip
community_status = choice_with_words(
    CommunityStatus,
    {"действующее": CommunityStatus.ACTIVE, "активно": CommunityStatus.ACTIVE,
     "работает": CommunityStatus.ACTIVE, "архив": CommunityStatus.ARCHIVED,
     "архивное": CommunityStatus.ARCHIVED, "не действует": CommunityStatus.ARCHIVED},
)  # fmt: skip
Role, Status = Membership.Role, Membership.Status
role = choice_with_words(
    Role,
    {"заместитель": Role.DEPUTY, "зам. руководителя": Role.DEPUTY,
     "заместитель председателя": Role.DEPUTY, "председатель": Role.HEAD,
     "координатор": Role.HEAD, "член": Role.MEMBER, "член сообщества": Role.MEMBER},
)  # fmt: skip
membership_status = choice_with_words(
    Status,
    {"действующий": Status.ACTIVE, "активен": Status.ACTIVE, "активный": Status.ACTIVE,
     "состоит": Status.ACTIVE, "член": Status.ACTIVE, "заявка": Status.REQUESTED,
     "приглашен": Status.INVITED, "приглашена": Status.INVITED,
     "приглашение": Status.INVITED, "отклонена": Status.DECLINED,
     "вышел": Status.LEFT, "вышла": Status.LEFT, "выбыл": Status.LEFT,
     "выбыла": Status.LEFT, "исключен": Status.LEFT, "исключена": Status.LEFT},
)  # fmt: skip


def _labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for _value, label in choices.choices)


# Communities -------------------------------------------------------------------------
COMMUNITY_COLUMNS = (
    Column("title", "Название", ("Наименование", "Название сообщества",
           "Наименование сообщества", "Сообщество"), required=True,
           example="РМО учителей математики"),
    Column("community_type", "Вид", ("Вид сообщества", "Тип", "Тип сообщества"),
           required=True, description="Название или код из справочника видов сообществ",
           example="Городское (районное) методическое объединение"),
    Column("level", "Уровень", ("Уровень сообщества",), choices=_labels(CommunityLevel),
           description="Пусто — уровень раздела, в реестр которого оно попадёт",
           example="Муниципальный"),
    Column("municipality", "Муниципалитет", ("Муниципальное образование", "Район",
           "Городской округ", "Территория"),
           description="Чей реестр: пусто — реестр вашего раздела; муниципалитет или "
                       "регион — реестр его раздела", example="Заречный район"),
    Column("organisation", "Организация", ("Образовательная организация", "Школа"),
           description="Заполните, если сообщество школьное: оно попадёт в реестр "
                       "раздела этой организации", example=""),
    Column("base_organisation", "Базовая организация", ("Базовая школа",),
           description="ИНН, полное или краткое наименование", example="МБОУ СОШ № 5"),
    Column("subjects", "Предметы", ("Предмет",), description="Через запятую, из "
           "справочника предметов", example="Математика"),
    Column("problem_area", "Проблемное поле", ("Проблема", "Тема", "Методическая тема"),
           example="Функциональная грамотность на уроках математики"),
    Column("join_method", "Вступление", ("Порядок вступления", "Способ вступления"),
           choices=("свободное", "по заявке", "по приглашению"),
           description="Пусто — по заявке", example="по заявке"),
    Column("status", "Статус", ("Состояние",), choices=_labels(CommunityStatus),
           description="Пусто — действует", example="Действует"),
    Column("contact_email", "E-mail", ("Email", "Электронная почта", "E-mail для связи"),
           example="rmo-math@example.ru"),
    Column("contact_phone", "Телефон", ("Контактный телефон", "Телефон для связи"),
           example="+7 (812) 123-45-67"),
    Column("intro", "Описание", ("Кратко", "Краткое описание", "О сообществе"),
           example="Объединяет учителей математики школ района"),
)  # fmt: skip
COMMUNITY_PARSERS = {
    "level": level,
    "subjects": names,
    "join_method": join_method,
    "status": community_status,
    "contact_email": normalise.email,
    "contact_phone": normalise.phone,
}
#: Page fields written, with the column title shown in the preview.
COMMUNITY_WRITTEN = {
    "title": "Название", "community_type_id": "Вид", "level": "Уровень",
    "base_organisation_id": "Базовая организация", "problem_area": "Проблемное поле",
    "join_method": "Вступление", "status": "Статус", "contact_email": "E-mail",
    "contact_phone": "Телефон", "intro": "Описание",
}  # fmt: skip
COMMUNITY_TEXT = ("problem_area", "contact_email", "contact_phone", "intro")


# Memberships -------------------------------------------------------------------------
MEMBER_COLUMNS = (
    Column("community", "Сообщество", ("Название сообщества", "Наименование сообщества"),
           required=True, description="Название сообщества, как на портале (или номер "
           "его страницы)", example="РМО учителей математики"),
    Column("full_name", "ФИО", ("Ф.И.О.", "Фамилия Имя Отчество", "Участник",
           "Педагог"), description="Как в реестре педагогов; можно только e-mail",
           example="Иванова Мария Петровна"),
    Column("email", "E-mail", ("Email", "Электронная почта"),
           description="Находит педагога, если ФИО повторяется", example=""),
    Column("birth_date", "Дата рождения", description="Различает однофамильцев",
           example=""),
    Column("organisation", "Организация", ("Место работы", "Образовательная организация",
           "Школа"), description="Место работы педагога: различает однофамильцев",
           example="МБОУ СОШ № 5"),
    Column("role", "Роль", ("Роль в сообществе",), choices=_labels(Role),
           description="Пусто — участник", example="Участник"),
    Column("joined_on", "Дата вступления", ("Вступил", "Дата включения"),
           description="Пусто — сегодня", example="01.09.2025"),
    Column("status", "Статус", ("Статус участия",),
           choices=("Участник", "Заявка на вступление", "Приглашён(а)",
                    "Вышел(а) из сообщества"),
           description="Пусто — участник", example="Участник"),
    Column("left_on", "Дата выхода", ("Вышел", "Дата исключения"),
           description="Для вышедших; пусто — сегодня", example=""),
)  # fmt: skip
MEMBER_PARSERS = {
    "email": normalise.email,
    "birth_date": day,
    "role": role,
    "joined_on": day,
    "status": membership_status,
    "left_on": day,
}
MEMBER_WRITTEN = {
    "community_id": "Сообщество", "person_id": "ФИО", "role": "Роль",
    "status": "Статус", "joined_on": "Дата вступления", "left_on": "Дата выхода",
}  # fmt: skip
