"""The benchmark's fixed, seeded query mix: vocabulary, domain phrases, typos, filters."""

import datetime as dt
import random
from dataclasses import dataclass

from .corpus import LEVEL_WEIGHTS

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
