"""Texts of the demo routes (plugins.iom.demo): the catalogue pages, the programmes
(ДПП) with their providers and deficits, three typical routes, the titles and
conclusions of diagnostics, the routes' goals, and which words of the other plugins'
demo events and communities tell the deficits they help with."""

from dataclasses import dataclass

CATALOGUE = (
    "Каталог программ ДПП",
    "programmy-dpp",
    "Программы повышения квалификации и профессиональной переподготовки для педагогов "
    "региона: из федерального реестра и региональные, с ближайшими наборами.",
)
ROUTES = (
    "Типовые маршруты",
    "tipovye-marshruty",
    "Готовые индивидуальные образовательные маршруты: выберите подходящий и "
    "адаптируйте его под себя вместе с тьютором.",
)

ACADEMY = "ФГАОУ ДПО «Академия Минпросвещения России»"
FIOKO = "ФГБУ «Федеральный институт оценки качества образования»"
IKP = "ФГБНУ «Институт коррекционной педагогики»"
REGISTRY_URL = "https://dpo.apkpro.ru/"


@dataclass(frozen=True)
class Programme:
    title: str
    hours: int
    #: A federal organisation's name, or the kind of the region's organisation
    #: ("cnppm", "dpo") that runs it.
    provider: str
    federal_registry: bool
    deficits: tuple[str, ...]  # Competence codes
    description: str
    #: Cohort starts, in days from the demo's today (empty: no cohort announced).
    starts: tuple[int, ...] = ()
    weeks: int = 4
    retraining: bool = False
    distance: bool = True
    network: bool = False

    @property
    def federal(self) -> bool:
        """A programme of a federal organisation (no region: every region's)."""
        return self.provider not in ("cnppm", "dpo")


PROGRAMMES = (
    Programme("Школа современного учителя: развитие функциональной грамотности "
              "обучающихся", 36, ACADEMY, True, ("functional-literacy", "lesson-design"),
              "Читательская, математическая и естественно-научная грамотность: задания "
              "в формате PISA, их место в уроке и оценивание.", (-20, 40), 6),
    Programme("Реализация требований обновлённых ФГОС НОО, ФГОС ООО в работе учителя",
              36, ACADEMY, True, ("lesson-design", "assessment"),
              "Проектирование урока и рабочей программы по обновлённым стандартам, "
              "федеральные рабочие программы, конструктор.", (14,), 5),
    Programme("Формирующее оценивание образовательных результатов", 24, FIOKO, True,
              ("assessment",), "Критериальное оценивание, обратная связь, анализ "
              "результатов ВПР и их использование в обучении.", (-45, 30), 3),
    Programme("Цифровые образовательные ресурсы и сервисы в работе педагога", 16,
              ACADEMY, True, ("digital-resources",), "ФГИС «Моя школа», библиотека "
              "цифрового образовательного контента, сервисы для обратной связи.",
              (7,), 2),
    Programme("Инклюзивное образование: обучение детей с ОВЗ в общеобразовательной "
              "школе", 72, IKP, True, ("inclusion",), "Адаптированные программы, "
              "специальные условия, работа с тьюторами и ППк школы.", (-10, 60), 8),
    Programme("Организация работы с одарёнными детьми", 36, "dpo", True,
              ("gifted", "olympiad-tasks"), "Выявление и сопровождение одарённых "
              "школьников, индивидуальные маршруты обучающихся.", (21,), 4,
              distance=False),
    Programme("Методика подготовки обучающихся к олимпиадам по математике", 24, "cnppm",
              False, ("olympiad-tasks", "subject-content"), "Разбор олимпиадных задач "
              "школьного и муниципального этапов, кружковая работа.", (-5,), 3,
              distance=False),
    Programme("Проектная и исследовательская деятельность школьников", 36, "cnppm",
              False, ("project-work",), "Индивидуальный проект в 9 и 10–11 классах: "
              "темы, руководство, оценивание.", (35,), 4, network=True),
    Programme("Классное руководство и воспитательная работа в современной школе", 36,
              ACADEMY, True, ("upbringing", "parents"), "Рабочая программа воспитания, "
              "«Разговоры о важном», работа с семьёй.", (-30, 28), 5),
    Programme("Управление классом: профилактика нарушений дисциплины", 16, "cnppm",
              False, ("discipline", "conflicts"), "Правила и процедуры урока, "
              "профилактика и разрешение конфликтов.", (10,), 2, distance=False),
    Programme("Эффективное взаимодействие школы и семьи", 24, "dpo", False,
              ("parents", "conflicts"), "Родительские собрания, трудный разговор, "
              "школьная служба примирения.", (45,), 3),
    Programme("Управление качеством образования в общеобразовательной организации", 72,
              ACADEMY, True, ("quality", "planning"), "Внутренняя система оценки "
              "качества, анализ результатов, программа развития школы.", (-15, 50), 8),
    Programme("Командообразование и развитие персонала школы", 36, "dpo", True,
              ("team",), "Управленческая команда, наставничество и профессиональное "
              "развитие педагогов.", (20,), 4, network=True),
    Programme("Менеджмент в образовании", 260, "dpo", True,
              ("quality", "team", "planning"), "Профессиональная переподготовка "
              "руководителей и резерва управленческих кадров.", (-60,), 24,
              retraining=True),
    Programme("Публичное представление педагогического опыта: от урока к конкурсу", 16,
              "cnppm", False, ("presenting",), "Открытый урок, выступление, "
              "публикация, подготовка к конкурсам профессионального мастерства.",
              (), 2),
)  # fmt: skip


@dataclass(frozen=True)
class Step:
    title: str
    kind: str  # StepKind
    deficit: str  # Competence code
    hours: int | None = None
    programme: str = ""  # a title of PROGRAMMES
    description: str = ""


@dataclass(frozen=True)
class Template:
    title: str
    slug: str
    target_group: str
    intro: str
    deficits: tuple[str, ...]
    steps: tuple[Step, ...]
    expected_results: str


TEMPLATES = (
    Template(
        "Молодой учитель: функциональная грамотность и урок по ФГОС",
        "molodoy-uchitel-funkcionalnaya-gramotnost",
        "учителя в первые три года работы",
        "Полгода на то, чтобы уверенно строить урок по ФГОС с заданиями на "
        "функциональную грамотность и держать дисциплину в классе.",
        ("functional-literacy", "lesson-design", "discipline"),
        (
            Step(
                "Пройти курс по функциональной грамотности",
                "programme",
                "functional-literacy",
                36,
                PROGRAMMES[0].title,
            ),
            Step(
                "Вебинар по заданиям PISA на уроке", "event", "functional-literacy", 2
            ),
            Step(
                "Разобрать с наставником три своих урока",
                "mentoring",
                "lesson-design",
                6,
            ),
            Step(
                "Курс «Управление классом»",
                "programme",
                "discipline",
                16,
                PROGRAMMES[9].title,
            ),
            Step(
                "Разработать и провести урок с заданиями на функциональную грамотность",
                "self_study",
                "functional-literacy",
                8,
                description="Сценарий урока и самоанализ — в портфолио.",
            ),
            Step(
                "Участвовать в сетевом сообществе учителей",
                "community",
                "functional-literacy",
                10,
            ),
        ),  # fmt: skip
        "Урок по ФГОС с заданиями на функциональную грамотность, самоанализ урока, "
        "удостоверения о повышении квалификации.",
    ),
    Template(
        "Инклюзивное образование: работа с обучающимися с ОВЗ",
        "inklyuzivnoe-obrazovanie",
        "учителя и специалисты, работающие в инклюзивных классах",
        "Как учить вместе детей с разными образовательными потребностями: курс, "
        "стажировка в школе с ресурсным классом и своя адаптированная программа.",
        ("inclusion", "parents"),
        (
            Step(
                "Курс по инклюзивному образованию",
                "programme",
                "inclusion",
                72,
                PROGRAMMES[4].title,
            ),
            Step(
                "Стажировка в школе с ресурсным классом", "internship", "inclusion", 16
            ),
            Step(
                "Составить адаптированную рабочую программу по своему предмету",
                "self_study",
                "inclusion",
                12,
            ),
            Step(
                "Курс «Эффективное взаимодействие школы и семьи»",
                "programme",
                "parents",
                24,
                PROGRAMMES[10].title,
            ),
        ),  # fmt: skip
        "Адаптированная рабочая программа, план работы с семьями обучающихся с ОВЗ.",
    ),
    Template(
        "Управленческая команда школы: управление качеством образования",
        "upravlencheskaya-komanda",
        "директор и заместители директора (управленческая команда школы)",
        "Маршрут для команды: общий курс, стратегическая сессия и программа развития "
        "школы с внутренней системой оценки качества.",
        ("quality", "team", "planning"),
        (
            Step(
                "Курс «Управление качеством образования»",
                "programme",
                "quality",
                72,
                PROGRAMMES[11].title,
            ),
            Step(
                "Курс «Командообразование и развитие персонала школы»",
                "programme",
                "team",
                36,
                PROGRAMMES[12].title,
            ),
            Step("Стратегическая сессия руководителей школ", "event", "planning", 6),
            Step(
                "Стажировка в школе — региональной инновационной площадке",
                "internship",
                "quality",
                16,
            ),
            Step(
                "Обновить положение о ВСОКО и программу развития школы",
                "self_study",
                "planning",
                20,
            ),
        ),  # fmt: skip
        "Положение о внутренней системе оценки качества, программа развития, план "
        "профессионального развития педагогов школы.",
    ),
)

DIAGNOSTIC_TITLES = {
    "cnppm": "Диагностика профессиональных дефицитов педагогических работников",
    "copmkp": "Оценка предметных и методических компетенций учителей",
    "school": "Внутришкольная диагностика профессиональных затруднений",
    "self": "Самодиагностика профессиональных дефицитов",
}
NOTES = (
    "Рекомендовано повышение квалификации по выявленным дефицитам.",
    "Рекомендовано построить индивидуальный образовательный маршрут с тьютором.",
    "Дефициты выражены умеренно; рекомендованы стажировка и работа в сообществе.",
    "",
)
GOALS = (
    "Устранить выявленные профессиональные дефициты до конца учебного года.",
    "Освоить современные методы работы и применить их на уроках.",
    "Подготовиться к аттестации на квалификационную категорию.",
)
RESOURCES = (
    "Готов(а) заниматься 3–4 часа в неделю, в том числе дистанционно.",
    "Есть опыт участия в методическом объединении школы.",
    "",
)
CONTEXT = (
    "Школа реализует программу «Школа Минпросвещения России».",
    "В школе работает методическое объединение учителей предметной области.",
    "",
)
EVIDENCE = (
    "Конспект и самоанализ урока.",
    "Выступление на заседании методического объединения.",
    "Материалы размещены в портфолио педагога.",
)

#: Words of the other plugins' demo events and communities → the deficits they help
#: with (at most three per page).
KEYWORDS = (
    ("функциональн", "functional-literacy"), ("pisa", "functional-literacy"),
    ("цифров", "digital-resources"), ("оценк", "assessment"), ("урок", "lesson-design"),
    ("методист", "lesson-design"), ("стажировк", "lesson-design"),
    ("молод", "lesson-design"), ("молод", "discipline"),
    ("математик", "subject-content"), ("математик", "olympiad-tasks"),
    ("литератур", "subject-content"), ("истори", "subject-content"),
    ("конкурс", "presenting"), ("конференц", "presenting"), ("наставни", "presenting"),
    ("маршрут", "planning"), ("руководител", "quality"), ("руководител", "team"),
    ("овз", "inclusion"), ("инклюз", "inclusion"), ("родител", "parents"),
    ("проект", "project-work"),
)  # fmt: skip
