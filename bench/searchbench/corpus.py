"""The generated part of the benchmark corpus, and the fixed query mix.

`portal demo --scale` gives some 14,000 public documents (pages, organisations,
acts, glossary terms, people who consented). The rest of the benchmark corpus is
written here: announcements of events, news and methodological materials of the
kind a regional system of methodological support publishes — seminars, webinars,
contests, meetings of методические объединения, функциональная грамотность,
наставничество, ИОМ — spread over the demo region's levels, municipalities and
organisations, with dates in the past and the future.

Everything is drawn from `random.Random(f"{seed}:…")` streams, so the corpus and the
queries are the same in every run and every process for a given seed and size.
Nothing here touches the database: the territories and organisations come in as
plain data (`Territory`), which keeps this module importable without Django.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

# Kinds of event: (title form, genitive, the verb phrase of the announcement).
EVENT_KINDS = [
    ("Семинар", "семинара", "пройдёт семинар"),
    ("Вебинар", "вебинара", "состоится вебинар"),
    ("Мастер-класс", "мастер-класса", "пройдёт мастер-класс"),
    ("Практикум", "практикума", "состоится практикум"),
    ("Круглый стол", "круглого стола", "пройдёт круглый стол"),
    ("Конференция", "конференции", "состоится конференция"),
    ("Научно-практическая конференция", "научно-практической конференции",
     "пройдёт научно-практическая конференция"),
    ("Заседание методического объединения", "заседания методического объединения",
     "состоится заседание методического объединения"),
    ("Педагогическая мастерская", "педагогической мастерской",
     "откроется педагогическая мастерская"),
    ("Стажировка", "стажировки", "пройдёт стажировка"),
    ("Форум", "форума", "пройдёт форум"),
    ("Конкурс", "конкурса", "стартует конкурс"),
    ("Открытый урок", "открытого урока", "пройдёт открытый урок"),
    ("Курсы повышения квалификации", "курсов повышения квалификации",
     "начнутся курсы повышения квалификации"),
    ("Методический десант", "методического десанта", "пройдёт методический десант"),
    ("Консультация", "консультации", "состоится консультация"),
    ("Педагогические чтения", "педагогических чтений", "пройдут педагогические чтения"),
    ("Фестиваль педагогических идей", "фестиваля педагогических идей",
     "пройдёт фестиваль педагогических идей"),
    ("Проектная сессия", "проектной сессии", "состоится проектная сессия"),
    ("Школа молодого педагога", "школы молодого педагога",
     "продолжит работу школа молодого педагога"),
    ("Августовское совещание", "августовского совещания",
     "пройдёт августовское совещание"),
    ("Диагностика профессиональных компетенций",
     "диагностики профессиональных компетенций",
     "пройдёт диагностика профессиональных компетенций"),
]  # fmt: skip

# Topics: (nominative, genitive, dative — after «по»).
TOPICS = [
    ("функциональная грамотность", "функциональной грамотности", "функциональной грамотности"),
    ("читательская грамотность", "читательской грамотности", "читательской грамотности"),
    ("математическая грамотность", "математической грамотности", "математической грамотности"),
    ("естественнонаучная грамотность", "естественнонаучной грамотности",
     "естественнонаучной грамотности"),
    ("финансовая грамотность", "финансовой грамотности", "финансовой грамотности"),
    ("креативное мышление", "креативного мышления", "креативному мышлению"),
    ("глобальные компетенции", "глобальных компетенций", "глобальным компетенциям"),
    ("наставничество", "наставничества", "наставничеству"),
    ("наставничество в образовательной организации",
     "наставничества в образовательной организации",
     "наставничеству в образовательной организации"),
    ("индивидуальный образовательный маршрут педагога",
     "индивидуального образовательного маршрута педагога",
     "индивидуальному образовательному маршруту педагога"),
    ("ИОМ педагога", "ИОМ педагога", "ИОМ педагога"),
    ("обновлённые ФГОС", "обновлённых ФГОС", "обновлённым ФГОС"),
    ("федеральные рабочие программы", "федеральных рабочих программ",
     "федеральным рабочим программам"),
    ("ФОП и рабочие программы", "ФОП и рабочих программ", "ФОП и рабочим программам"),
    ("формирующее оценивание", "формирующего оценивания", "формирующему оцениванию"),
    ("смысловое чтение", "смыслового чтения", "смысловому чтению"),
    ("проектная деятельность", "проектной деятельности", "проектной деятельности"),
    ("исследовательская деятельность школьников", "исследовательской деятельности школьников",
     "исследовательской деятельности школьников"),
    ("цифровая образовательная среда", "цифровой образовательной среды",
     "цифровой образовательной среде"),
    ("инклюзивное образование", "инклюзивного образования", "инклюзивному образованию"),
    ("обучение детей с ОВЗ", "обучения детей с ОВЗ", "обучению детей с ОВЗ"),
    ("профилактика профессионального выгорания", "профилактики профессионального выгорания",
     "профилактике профессионального выгорания"),
    ("воспитательная работа", "воспитательной работы", "воспитательной работе"),
    ("«Разговоры о важном»", "«Разговоров о важном»", "«Разговорам о важном»"),
    ("профориентация школьников", "профориентации школьников", "профориентации школьников"),
    ("подготовка к ОГЭ и ЕГЭ", "подготовки к ОГЭ и ЕГЭ", "подготовке к ОГЭ и ЕГЭ"),
    ("анализ результатов ВПР", "анализа результатов ВПР", "анализу результатов ВПР"),
    ("диагностика профессиональных дефицитов", "диагностики профессиональных дефицитов",
     "диагностике профессиональных дефицитов"),
    ("аттестация педагогических работников", "аттестации педагогических работников",
     "аттестации педагогических работников"),
    ("школьный музей", "школьного музея", "школьному музею"),
    ("робототехника и STEM-образование", "робототехники и STEM-образования",
     "робототехнике и STEM-образованию"),
    ("работа с одарёнными детьми", "работы с одарёнными детьми", "работе с одарёнными детьми"),
    ("школьная служба медиации", "школьной службы медиации", "школьной службе медиации"),
    ("внеурочная деятельность", "внеурочной деятельности", "внеурочной деятельности"),
    ("сетевое взаимодействие школ", "сетевого взаимодействия школ",
     "сетевому взаимодействию школ"),
    ("поддержка молодых педагогов", "поддержки молодых педагогов",
     "поддержке молодых педагогов"),
    ("оценка качества образования", "оценки качества образования",
     "оценке качества образования"),
    ("центры «Точка роста»", "центров «Точка роста»", "центрам «Точка роста»"),
    ("работа с родителями", "работы с родителями", "работе с родителями"),
    ("адаптация детей-мигрантов", "адаптации детей-мигрантов", "адаптации детей-мигрантов"),
    ("школьные театры", "школьных театров", "школьным театрам"),
    ("безопасность в сети", "безопасности в сети", "безопасности в сети"),
    ("преемственность детского сада и школы", "преемственности детского сада и школы",
     "преемственности детского сада и школы"),
]  # fmt: skip

# Subjects as the portal names them (core/0002), with the genitive.
SUBJECTS = [
    ("Математика", "математики"), ("Русский язык", "русского языка"),
    ("Литература", "литературы"), ("Физика", "физики"), ("Химия", "химии"),
    ("Биология", "биологии"), ("История", "истории"), ("Обществознание", "обществознания"),
    ("География", "географии"), ("Информатика", "информатики"),
    ("Английский язык", "английского языка"), ("Немецкий язык", "немецкого языка"),
    ("Физическая культура", "физической культуры"), ("Музыка", "музыки"),
    ("Изобразительное искусство", "изобразительного искусства"),
    ("Труд (технология)", "труда (технологии)"), ("ОБЗР", "ОБЗР"),
    ("Начальные классы", "начальных классов"),
    ("Дошкольное образование", "дошкольного образования"),
    ("Дополнительное образование", "дополнительного образования"),
    ("Психология", "психологии"), ("Логопедия и дефектология", "логопедии и дефектологии"),
]  # fmt: skip
SUBJECT_FREE = [
    ("Воспитательная работа", "воспитательной работы"),
    ("Управление образованием", "управления образованием"),
]

# Audiences: (facet value, genitive plural, dative plural).
AUDIENCES = [
    ("учителя", "учителей", "учителям"),
    ("молодые педагоги", "молодых педагогов", "молодым педагогам"),
    ("руководители", "руководителей образовательных организаций",
     "руководителям образовательных организаций"),
    ("заместители директоров", "заместителей директоров по учебной работе",
     "заместителям директоров по учебной работе"),
    ("методисты", "методистов", "методистам"),
    ("педагоги-психологи", "педагогов-психологов", "педагогам-психологам"),
    ("воспитатели", "воспитателей дошкольных организаций",
     "воспитателям дошкольных организаций"),
    ("педагоги дополнительного образования", "педагогов дополнительного образования",
     "педагогам дополнительного образования"),
    ("классные руководители", "классных руководителей", "классным руководителям"),
    ("тьюторы", "тьюторов", "тьюторам"),
    ("наставники", "педагогов-наставников", "педагогам-наставникам"),
    ("советники директора по воспитанию", "советников директора по воспитанию",
     "советникам директора по воспитанию"),
    ("учителя-логопеды", "учителей-логопедов", "учителям-логопедам"),
    ("школьные библиотекари", "школьных библиотекарей", "школьным библиотекарям"),
]  # fmt: skip

FEDERAL_ORGANISERS = [
    "Минпросвещения России",
    "ФГАОУ ДПО «Академия Минпросвещения России»",
    "ФГБНУ «Институт стратегии развития образования»",
    "ФГБУ «Федеральный институт оценки качества образования»",
    "Федеральный координационный центр ЦНППМ",
    "ФГБНУ «Федеральный институт педагогических измерений»",
]
FORMATS = [
    ("очно", "в очном формате"),
    ("онлайн", "в дистанционном формате на платформе «Сферум»"),
    ("онлайн", "в формате видеоконференции"),
    ("смешанный", "в смешанном формате: очно и с онлайн-трансляцией"),
]
SPEAKER_ROLES = [
    "методист ЦНППМ", "тьютор", "учитель высшей категории", "руководитель ММС",
    "педагог-наставник", "победитель конкурса «Учитель года»", "заместитель директора",
    "старший научный сотрудник", "эксперт ЕГЭ", "педагог-психолог",
]  # fmt: skip
SURNAMES = """Иванова Смирнова Кузнецова Попова Васильева Петрова Соколова Михайлова
Новикова Фёдорова Морозова Волкова Лебедева Семёнова Егорова Павлова Козлова Степанова
Николаева Орлова Андреева Макарова Никитина Захарова Зайцева Соловьёва Борисова Яковлева
Романова Сергеева Фролова Белов Медведев Антонов Тарасов Жуков Баранов Комаров Давыдов
Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников
Денисов Тихонов Казаков Данилов Савельев Фомин Чернов Абрамов Ефимов Назаров Калинин
Исаев Быков Маслов Родионов Лазарев Воронин Климов Голубев Кудрявцев Прохоров Наумов
Покровская Никольская Островская Вознесенская Шевченко Кравченко Бондаренко Черных
Белых Долгих""".split()
INITIALS = "АБВГДЕИКЛМНОПРСТЮЯ"

OPENINGS = [
    "{date_phrase} {verb} «{topic_cap}» для {aud_gen}.",
    "{organiser} приглашает {aud_acc} принять участие в работе {kind_gen} по {topic_dat}.",
    "{date_phrase} на базе {venue} {verb} по теме «{topic_cap}».",
    "Приглашаем {aud_acc} {subject_of} на {kind_acc} «{topic_cap}».",
    "{organiser} проводит {kind_acc} для {aud_gen} {subject_of}.",
]
NEWS_OPENINGS = [
    "{date_phrase} на базе {venue} состоялось мероприятие «{topic_cap}» для {aud_gen}.",
    "Подведены итоги {kind_gen} по {topic_dat}: участниками стали {count} педагогов.",
    "{organiser} подводит итоги работы по {topic_dat} за {school_year} учебный год.",
    "Опубликованы материалы {kind_gen} «{topic_cap}» для {aud_gen}.",
]
MATERIAL_OPENINGS = [
    "Рекомендации адресованы {aud_dat} и содержат примеры заданий по {topic_dat}.",
    "В сборник вошли методические разработки {aud_gen} по {topic_dat}.",
    "Автор-составитель — {speaker}. Материалы подготовлены по итогам {kind_gen} «{topic_cap}».",
    "Материалы помогут {aud_dat} в работе по {topic_dat} на уроках {subject_gen}.",
]
SENTENCES = [
    "В программе — разбор заданий по {topic_dat}, обмен опытом и практическая работа в группах.",
    "Участники познакомятся с методическими рекомендациями по {topic_dat} и обсудят их применение на уроках {subject_gen}.",
    "Особое внимание будет уделено {topic_dat} в {grades} классах.",
    "Ведущий — {speaker}.",
    "Выступят {speaker}, и {speaker2}.",
    "Педагоги представят практики, прошедшие апробацию в школах {territory_gen}.",
    "Мероприятие проводится {format_phrase}.",
    "Регистрация открыта до {deadline}.",
    "Ссылка на подключение будет направлена зарегистрированным участникам накануне.",
    "По итогам участники получат сертификат ({hours} ч).",
    "Материалы будут размещены в разделе «Методическая копилка».",
    "Результаты диагностики лягут в основу индивидуального образовательного маршрута каждого участника.",
    "Для молодых педагогов предусмотрена отдельная секция с участием наставников.",
    "Участие бесплатное, количество мест ограничено.",
    "Заявки принимает {organiser_short}.",
    "Тьюторы ЦНППМ проведут консультации по выбору программ из федерального реестра.",
    "Планируется открытый урок {subject_gen} в {grade} классе с последующим самоанализом.",
    "Обсуждение продолжится в формате круглого стола «{topic_cap}: вызовы и решения».",
    "Лучшие методические разработки войдут в региональный банк практик.",
    "Мероприятие включено в план работы {territory_gen} на {school_year} учебный год.",
    "Слушатели выполнят итоговую работу и защитят проект по {topic_dat}.",
    "Рассматриваются вопросы оценивания, работы с неуспевающими и мотивации обучающихся.",
    "Участники обменяются опытом применения цифровых ресурсов на уроках {subject_gen}.",
    "Подведены итоги: {count} педагогов из {munis} муниципалитетов.",
]  # fmt: skip
NEWS_TITLES = [
    "Итоги {kind_gen} «{topic_cap}»",
    "{kind} «{topic_cap}» {territory_in}: как это было",
    "Педагоги {territory_gen} обсудили {topic_acc}",
    "Учителя {subject_gen} поделились опытом: {topic_nom}",
    "Подведены итоги конкурса методических разработок по {topic_dat}",
    "Методическое объединение учителей {subject_gen}: {topic_nom}",
    "Новые материалы по {topic_dat} для {aud_gen}",
    "Наставники и молодые педагоги: {topic_nom}",
    "{organiser_short}: {topic_nom} в центре внимания",
]
MATERIAL_TITLES = [
    "Методические рекомендации по {topic_dat}",
    "Сборник материалов {kind_gen} «{topic_cap}»",
    "Памятка для {aud_gen}: {topic_nom}",
    "Банк заданий по {topic_dat} ({subject_nom}, {grade} класс)",
    "Презентация: {topic_nom} на уроках {subject_gen}",
    "Типичные затруднения: {topic_nom}. Анализ и рекомендации",
]
EVENT_TITLES = [
    "{kind} «{topic_cap}»",
    "{kind} для {aud_gen}: {topic_nom}",
    "{kind} учителей {subject_gen} «{topic_cap}»",
    "{kind} по {topic_dat}",
    "{kind} «{topic_cap}» {territory_in}",
]
MONTHS = ("января февраля марта апреля мая июня июля августа сентября октября "
          "ноября декабря").split()  # fmt: skip

LEVEL_WEIGHTS = {"federal": 6, "regional": 24, "municipal": 38, "institutional": 32}
TYPE_WEIGHTS = {"event": 50, "news": 35, "material": 15}


@dataclass(frozen=True)
class Organiser:
    pk: int
    name: str
    short_name: str
    level: str
    region: int | None
    municipality: int | None


def municipality_forms(name: str) -> tuple[str, str]:
    """(genitive, «в …» phrase) of a demo municipality's name.

    «Белоярский муниципальный район» → «Белоярского муниципального района»,
    «в Белоярском муниципальном районе»; «Городской округ Тихоборск» → «городского
    округа Тихоборск», «в городском округе Тихоборск».
    """
    words = name.split()
    if words[0].lower() == "городской" and len(words) > 2:
        rest = " ".join(words[2:])
        return f"городского округа {rest}", f"в городском округе {rest}"
    if len(words) == 3 and words[0][-2:] in ("ий", "ой", "ый"):
        stem, noun = words[0][:-2], words[2]
        noun_gen, noun_in = {
            "район": ("района", "районе"),
            "округ": ("округа", "округе"),
        }.get(noun, (noun, noun))
        return (
            f"{stem}ого муниципального {noun_gen}",
            f"в {stem}ом муниципальном {noun_in}",
        )
    return name, f"в муниципалитете «{name}»"


@dataclass
class Territory:
    """What the generator knows about the demo region (read from the database)."""

    region: int | None
    region_name: str
    #: «Северо-Озёрской области».
    region_genitive: str
    #: (pk, name) of municipalities.
    municipalities: list[tuple[int, str]]
    #: Organisations by level; "institutional" ones also by municipality.
    organisers: dict[str, list[Organiser]] = field(default_factory=dict)

    def of_municipality(self, pk: int) -> list[Organiser]:
        return [
            o for o in self.organisers.get("institutional", []) if o.municipality == pk
        ]


@dataclass
class Document:
    """A generated document: the fields of SearchDocument and of BenchDocument."""

    type: str
    title: str
    summary: str
    body: str
    level: str
    region: int | None
    municipality: int | None
    organisation: int | None
    subjects: list[str]
    audience: list[str]
    start: dt.datetime | None
    end: dt.datetime | None
    published: dt.datetime | None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if not text.startswith("«") else text


def _date_phrase(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} года"


class Generator:
    """Documents for the benchmark, deterministic for (seed, territory, today)."""

    def __init__(self, seed: int, territory: Territory, today: dt.date, tz: dt.tzinfo):
        self.rng = random.Random(f"{seed}:bench-corpus")
        self.territory = territory
        self.today = today
        self.tz = tz
        self.by_municipality: dict[int, list[Organiser]] = {}
        for org in territory.organisers.get("institutional", []):
            self.by_municipality.setdefault(org.municipality, []).append(org)
        municipal = territory.organisers.get("municipal", [])
        self.services = {}
        for org in municipal:
            self.services.setdefault(org.municipality, []).append(org)
        self.muni_forms = {
            pk: municipality_forms(name) for pk, name in territory.municipalities
        }
        # Larger municipalities (more organisations) publish more.
        self.muni_weights = [
            1 + len(self.by_municipality.get(pk, []))
            for pk, _ in territory.municipalities
        ]

    def documents(self, count: int):
        for _ in range(count):
            yield self.document()

    def _speaker(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}. {rng.choice(INITIALS)}., "
            f"{rng.choice(SPEAKER_ROLES)}"
        )

    def document(self) -> Document:
        rng = self.rng
        kind_type = rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]
        level = rng.choices(list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values()))[0]
        region = municipality = organisation = None
        t = self.territory
        if level == "federal":
            organiser_name = organiser_short = rng.choice(FEDERAL_ORGANISERS)
            territory_gen, territory_in = "Российской Федерации", "в регионах России"
        else:
            region = t.region
            if level == "regional" or not t.municipalities:
                orgs = t.organisers.get("regional") or []
                org = rng.choice(orgs) if orgs else None
                territory_gen = t.region_genitive
                territory_in = f"в {t.region_genitive}"  # «области»: same form
                level = "regional"
            else:
                municipality = rng.choices(
                    [pk for pk, _ in t.municipalities], self.muni_weights
                )[0]
                territory_gen, territory_in = self.muni_forms[municipality]
                pool = (
                    self.services.get(municipality)
                    if level == "municipal"
                    else self.by_municipality.get(municipality)
                )
                org = rng.choice(pool) if pool else None
                if org is None:
                    level = "municipal"
            if org is not None:
                organisation = org.pk
                organiser_name, organiser_short = org.name, org.short_name or org.name
            else:
                organiser_name = organiser_short = "Методическая служба"
        kind, kind_gen, verb = rng.choice(EVENT_KINDS)
        topic_nom, topic_gen, topic_dat = rng.choice(TOPICS)
        subject_pool = SUBJECTS if rng.random() < 0.8 else SUBJECT_FREE
        subject_nom, subject_gen = rng.choice(subject_pool)
        subjects = [subject_nom]
        if rng.random() < 0.25:
            other = rng.choice(SUBJECTS)[0]
            if other != subject_nom:
                subjects.append(other)
        audiences = rng.sample(AUDIENCES, k=rng.choice((1, 1, 2, 3)))
        aud_value = [a[0] for a in audiences]
        aud_gen = " и ".join(a[1] for a in audiences[:2])
        aud_dat = " и ".join(a[2] for a in audiences[:2])
        grade = rng.randint(1, 11)
        start = end = published = None
        if kind_type == "event":
            offset = int(rng.triangular(-540, 200, 30))
            day = self.today + dt.timedelta(days=offset)
            hour, minute = rng.choice(((10, 0), (11, 0), (14, 0), (15, 30), (16, 0)))
            start = dt.datetime.combine(day, dt.time(hour, minute), self.tz)
            long = kind in ("Курсы повышения квалификации", "Стажировка", "Форум")
            end = start + (
                dt.timedelta(days=rng.randint(2, 14))
                if long
                else dt.timedelta(minutes=rng.choice((90, 120, 180, 240)))
            )
            published = start - dt.timedelta(days=rng.randint(7, 40))
            date_phrase = _date_phrase(day)
        else:
            day = self.today - dt.timedelta(days=int(rng.expovariate(1 / 200)))
            published = dt.datetime.combine(day, dt.time(9, 0), self.tz)
            date_phrase = _date_phrase(day)
        slots = {
            "kind": kind, "kind_gen": kind_gen, "verb": verb,
            "kind_acc": kind.lower() if kind not in ("Конференция", "Стажировка", "Консультация",
                                                      "Педагогическая мастерская",
                                                      "Школа молодого педагога", "Проектная сессия",
                                                      "Диагностика профессиональных компетенций")
            else {"Конференция": "конференцию", "Стажировка": "стажировку",
                  "Консультация": "консультацию",
                  "Педагогическая мастерская": "педагогическую мастерскую",
                  "Школа молодого педагога": "школу молодого педагога",
                  "Проектная сессия": "проектную сессию",
                  "Диагностика профессиональных компетенций":
                      "диагностику профессиональных компетенций"}[kind],
            "topic_nom": topic_nom, "topic_cap": _cap(topic_nom), "topic_gen": topic_gen,
            "topic_dat": topic_dat, "topic_acc": topic_nom,
            "subject_nom": subject_nom.lower() if subject_nom != "ОБЗР" else subject_nom,
            "subject_gen": subject_gen,
            "subject_of": f"по предмету «{subject_nom}»",
            "aud_gen": aud_gen, "aud_acc": aud_gen, "aud_dat": aud_dat,
            "organiser": organiser_name, "organiser_short": organiser_short,
            "venue": organiser_short, "territory_gen": territory_gen,
            "territory_in": territory_in, "date_phrase": _cap(date_phrase),
            "format_phrase": rng.choice(FORMATS)[1],
            "deadline": _date_phrase(day - dt.timedelta(days=rng.randint(1, 5))),
            "hours": rng.choice((2, 4, 6, 16, 36, 72)),
            "grade": grade, "grades": rng.choice(("1–4", "5–6", "7–9", "10–11")),
            "speaker": self._speaker(), "speaker2": self._speaker(),
            "school_year": f"{day.year if day.month >= 9 else day.year - 1}/"
                           f"{day.year + 1 if day.month >= 9 else day.year}",
            "count": rng.randint(12, 480), "munis": rng.randint(2, 60),
        }  # fmt: skip
        titles = {
            "event": EVENT_TITLES,
            "news": NEWS_TITLES,
            "material": MATERIAL_TITLES,
        }
        title = rng.choice(titles[kind_type]).format(**slots)
        openings = {
            "event": OPENINGS,
            "news": NEWS_OPENINGS,
            "material": MATERIAL_OPENINGS,
        }
        summary = rng.choice(openings[kind_type]).format(**slots)
        sentences = rng.sample(SENTENCES, k=rng.randint(4, 9))
        body = " ".join([summary, *(s.format(**slots) for s in sentences)])
        return Document(
            type=kind_type,
            title=title,
            summary=summary,
            body=body,
            level=level,
            region=region,
            municipality=municipality,
            organisation=organisation,
            subjects=subjects,
            audience=aud_value,
            start=start,
            end=end,
            published=published,
        )


# The query mix ---------------------------------------------------------------

DOMAIN_QUERIES = [
    "функциональная грамотность", "функциональной грамотности", "наставничество",
    "наставник", "ИОМ", "индивидуальный образовательный маршрут",
    "методическое объединение", "методических объединений", "молодые педагоги",
    "молодых педагогов", "цифровая образовательная среда", "формирующее оценивание",
    "профессиональное выгорание", "учитель года", "ЦНППМ", "повышение квалификации",
    "курсы повышения квалификации", "диагностика дефицитов", "обновленные ФГОС",
    "читательская грамотность", "школа молодого педагога", "Точка роста",
    "смысловое чтение", "естественнонаучная грамотность", "финансовая грамотность",
    "разговоры о важном", "профориентация", "ОГЭ", "ВПР", "аттестация",
    "инклюзивное образование", "дети с ОВЗ", "федеральные рабочие программы",
    "креативное мышление", "педагог-психолог", "классный руководитель",
    "советник по воспитанию", "школьный музей", "робототехника", "медиация",
    "методические рекомендации", "банк заданий", "открытый урок", "мастер-класс",
    "вебинар", "семинар", "конференция", "стажировка", "августовское совещание",
    "педагогические чтения", "проектная деятельность", "федеральный реестр",
]  # fmt: skip
KIND_WORDS = ["семинар", "вебинар", "мастер-класс", "конкурс", "конференция",
              "практикум", "курсы", "заседание", "форум", "стажировка", "консультация"]  # fmt: skip
SUBJECT_QUERY = ["математика", "математике", "физика", "физике", "химия", "химии",
                 "русский язык", "русскому языку", "литература", "истории",
                 "обществознание", "биологии", "географии", "информатика",
                 "английскому языку", "начальные классы", "начальной школы",
                 "физкультура", "музыки", "ОБЗР", "дошкольное образование", "технологии"]  # fmt: skip
TYPOS = ["наставнчество", "грамотнось", "функциональня грамотность", "семенар",
         "вибинар", "методическре объединение", "профориентацыя", "конферениця",
         "молодых педагоов", "математка", "стажеровка", "диагностка"]  # fmt: skip
QUERY_TYPES = ["event", "news", "material", "page", "person", "organisation"]


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix, engine-neutral."""

    q: str
    types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    municipalities: tuple[int, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def filtered(self) -> bool:
        return bool(
            self.types
            or self.levels
            or self.municipalities
            or self.date_from
            or self.date_to
        )

    def describe(self) -> str:
        parts = [repr(self.q)]
        for name in ("types", "levels", "municipalities"):
            if getattr(self, name):
                parts.append(f"{name}={','.join(map(str, getattr(self, name)))}")
        if self.date_from or self.date_to:
            parts.append(f"dates={self.date_from}..{self.date_to}")
        return " ".join(parts)


def vocabulary(samples: list[str], rng: random.Random, size: int = 400) -> list[str]:
    """Words of at least five letters from sample texts (frequent ones more likely)."""
    words: dict[str, int] = {}
    for text in samples:
        for raw in text.split():
            word = raw.strip("«».,:;()!?—–\"'")
            if len(word) >= 5 and word.isalpha():
                word = word.lower() if not word.isupper() else word
                words[word] = words.get(word, 0) + 1
    ranked = sorted(words, key=lambda w: (-words[w], w))
    return ranked[:size] if len(ranked) > size else ranked


def query_mix(
    seed: int,
    count: int,
    words: list[str],
    places: list[str],
    municipalities: list[int],
    today: dt.date,
) -> list[BenchQuery]:
    """`count` queries: 1–3 Russian words, about half with filters, 5 % with a typo."""
    rng = random.Random(f"{seed}:bench-queries")
    queries = []
    for index in range(count):
        roll = rng.random()
        if roll < 0.05:
            q = rng.choice(TYPOS)
        elif roll < 0.40:
            q = rng.choice(DOMAIN_QUERIES)
        elif roll < 0.55:
            q = f"{rng.choice(KIND_WORDS)} {rng.choice(SUBJECT_QUERY)}"
        elif roll < 0.65:
            q = f"{rng.choice(DOMAIN_QUERIES).split()[0]} {rng.choice(SUBJECT_QUERY)}"
        elif roll < 0.72 and places:
            q = f"{rng.choice(KIND_WORDS)} {rng.choice(places)}"
        elif words:
            q = " ".join(rng.sample(words, k=rng.choice((1, 1, 2, 2, 3))))
        else:
            q = rng.choice(DOMAIN_QUERIES)
        if index % 2 == 0:  # every second query has filters
            queries.append(BenchQuery(q))
            continue
        kind = rng.random()
        filters: dict = {}
        if kind < 0.25:
            filters["levels"] = (rng.choice(list(LEVEL_WEIGHTS)),)
        elif kind < 0.45 and municipalities:
            filters["municipalities"] = (rng.choice(municipalities),)
        elif kind < 0.65:
            filters["types"] = (rng.choice(QUERY_TYPES),)
        elif kind < 0.85:
            start = today + dt.timedelta(days=rng.randint(-400, 120))
            filters["types"] = ("event",)
            filters["date_from"] = start
            filters["date_to"] = start + dt.timedelta(days=rng.choice((7, 30, 90)))
        else:
            filters["levels"] = (rng.choice(("municipal", "institutional")),)
            filters["types"] = (rng.choice(("event", "news")),)
            if municipalities:
                filters["municipalities"] = (rng.choice(municipalities),)
        queries.append(BenchQuery(q, **filters))
    return queries
