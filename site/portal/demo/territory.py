"""The fictional region and its municipalities.

«Северо-Озёрская область» does not exist. Its ОКТМО prefix 13 is not assigned to
any real subject, and its code 98 is not used by real tax offices, so demo records
cannot collide with a real region's ОКТМО, ИНН or ОГРН.
"""

import random
from dataclasses import dataclass

from portal.core.slugs import latin

REGION_NAME = "Северо-Озёрская область"
REGION_SHORT = "Северо-Озёрская обл."
REGION_GENITIVE = "Северо-Озёрской области"
REGION_ADJECTIVE = "Северо-Озёрский"
REGION_OKTMO = "13000000"
REGION_CODE = "98"
REGION_TIMEZONE = "Europe/Moscow"
REGION_SLUG = "severo-ozerskaya-oblast"

# Town names of city districts (городские округа); the first is the regional capital.
CITIES = [
    "Верхнеозёрск", "Каменноборск", "Белоключевск", "Новокедровск", "Ладогорск",
    "Тихоборск", "Медноозёрск", "Кедрогорск", "Ясноборск", "Студёновск",
    "Быстрореченск", "Северокаменск", "Сосноярск", "Зареченск", "Белоборск",
    "Светлоозёрск",
]  # fmt: skip

# (district adjective, its centre): «Ковылинский муниципальный район», с. Ковылино.
DISTRICTS = [
    ("Ковылинский", "Ковылино"), ("Боровлянский", "Боровлянка"),
    ("Приозёрный", "Приозёрное"), ("Ольховский", "Ольховка"),
    ("Журавлинский", "Журавлиха"), ("Кедровский", "Кедровка"),
    ("Луговской", "Луговое"), ("Медведский", "Медведево"),
    ("Сухоборский", "Сухой Бор"), ("Камышинский", "Камышино"),
    ("Горностаевский", "Горностаево"), ("Лебяжинский", "Лебяжье"),
    ("Ясеневский", "Ясенево"), ("Белоярский", "Белый Яр"),
    ("Черемшанский", "Черемшанка"), ("Рябиновский", "Рябиновка"),
    ("Клюквенский", "Клюквенка"), ("Малиновский", "Малиновка"),
    ("Калиновский", "Калиновка"), ("Вишнёвский", "Вишнёвое"),
    ("Соболевский", "Соболево"), ("Боровской", "Боровое"),
    ("Песчанский", "Песчанка"), ("Глухоозёрский", "Глухое Озеро"),
    ("Светлореченский", "Светлая Речка"), ("Краснополянский", "Красная Поляна"),
    ("Старосельский", "Старое Село"), ("Новоспасский", "Новоспасское"),
    ("Верхнеключевской", "Верхние Ключи"), ("Заболотский", "Заболотье"),
    ("Липовский", "Липовка"), ("Дубравинский", "Дубравино"),
    ("Тополинский", "Тополиное"), ("Каменский", "Каменка"),
    ("Ветлужинский", "Ветлужино"), ("Озерецкий", "Озерецкое"),
    ("Пихтовский", "Пихтовка"), ("Лосинский", "Лосиное"),
    ("Мшанский", "Мшанка"), ("Ивняковский", "Ивняки"),
    ("Порожский", "Пороги"), ("Снегирёвский", "Снегирёво"),
    ("Студенецкий", "Студенец"), ("Гремячинский", "Гремячье"),
    ("Чистопольский", "Чистое Поле"), ("Бобровский", "Бобровка"),
    ("Ельнинский", "Ельня"), ("Морошкинский", "Морошкино"),
    ("Листвянский", "Листвянка"), ("Травнинский", "Травное"),
    ("Полынский", "Полынь"), ("Хвойнинский", "Хвойное"),
]  # fmt: skip

# Villages that give rural schools their names: «Никольская СОШ».
VILLAGES = [
    ("Никольское", "Никольская"), ("Покровка", "Покровская"), ("Ивановка", "Ивановская"),
    ("Сосновка", "Сосновская"), ("Берёзовка", "Берёзовская"), ("Михайловка", "Михайловская"),
    ("Александровка", "Александровская"), ("Знаменка", "Знаменская"),
    ("Заречье", "Зареченская"), ("Горки", "Горковская"), ("Воскресенское", "Воскресенская"),
    ("Троицкое", "Троицкая"), ("Успенка", "Успенская"), ("Петровское", "Петровская"),
    ("Дубровка", "Дубровская"), ("Озерки", "Озерковская"), ("Высокое", "Высоковская"),
    ("Ключи", "Ключевская"), ("Родники", "Родниковская"), ("Красный Яр", "Красноярская"),
    ("Луговка", "Луговская"), ("Никитино", "Никитинская"), ("Ильинское", "Ильинская"),
    ("Богородское", "Богородская"), ("Сергиевка", "Сергиевская"), ("Лесное", "Лесновская"),
    ("Полевое", "Полевская"), ("Широкое", "Широковская"), ("Елань", "Еланская"),
    ("Марьино", "Марьинская"), ("Рождествено", "Рождественская"), ("Кривцово", "Кривцовская"),
]  # fmt: skip

STREETS = [
    "ул. Ленина", "ул. Советская", "ул. Мира", "ул. Школьная", "ул. Садовая",
    "ул. Молодёжная", "ул. Центральная", "ул. Лесная", "ул. Набережная", "ул. Озёрная",
    "ул. Гагарина", "ул. Пушкина", "ул. Октябрьская", "ул. Комсомольская",
    "ул. Первомайская", "ул. Северная", "ул. Речная", "ул. Строителей",
    "ул. Победы", "ул. Юбилейная", "пр. Ломоносова", "ул. Учительская",
]  # fmt: skip


@dataclass(frozen=True)
class MunicipalityPlan:
    """One municipality of the demo region and the words its records are named with."""

    kind: str  # "city", "district" or "okrug"
    name: str
    short_name: str
    genitive: str  # «города Верхнеозёрска», «Ковылинского муниципального района»
    short_genitive: str  # «г. Верхнеозёрска», «Ковылинского района»
    centre: str  # «г. Верхнеозёрск», «с. Ковылино»
    oktmo: str
    slug: str
    weight: float  # relative size: how many organisations it gets
    phone_code: str  # 4-digit long-distance code, «8190»
    tax_office: str  # 2 digits of its tax inspection, used in ИНН and ОГРН
    adjective: str = ""  # «Ковылинский» for rural municipalities
    villages: tuple[tuple[str, str], ...] = ()

    @property
    def is_city(self) -> bool:
        return self.kind == "city"


def _genitive_adjective(adjective: str) -> str:
    """Ковылинский → Ковылинского, Луговской → Луговского, Приозёрный → Приозёрного."""
    return adjective[:-2] + "ого"


def _city(index: int, name: str, rng: random.Random) -> MunicipalityPlan:
    return MunicipalityPlan(
        kind="city",
        name=f"Городской округ {name}",
        short_name=f"г. {name}",
        genitive=f"города {name}а",
        short_genitive=f"г. {name}а",
        centre=f"г. {name}",
        oktmo=f"137{1 + 3 * index:02d}000",
        slug=latin(name),
        weight=6.0 if index == 0 else rng.uniform(1.8, 3.0),
        phone_code=f"81{90 + index:02d}" if index < 10 else f"82{index:02d}",
        tax_office=f"{1 + index:02d}",
    )


def _rural(
    index: int, serial: int, kind: str, adjective: str, centre: str, rng: random.Random
) -> MunicipalityPlan:
    noun, short_noun, code = (
        ("муниципальный район", "район", "6")
        if kind == "district"
        else ("муниципальный округ", "округ", "5")
    )
    genitive_noun = noun.replace("муниципальный", "муниципального").replace(
        "район", "района"
    )
    genitive_noun = genitive_noun.replace("округ", "округа")
    return MunicipalityPlan(
        kind=kind,
        name=f"{adjective} {noun}",
        short_name=f"{adjective} {short_noun}",
        genitive=f"{_genitive_adjective(adjective)} {genitive_noun}",
        short_genitive=f"{_genitive_adjective(adjective)} {genitive_noun.split()[-1]}",
        centre=f"с. {centre}",
        oktmo=f"13{code}{1 + 3 * index:02d}000",
        slug=f"{latin(adjective)}-{latin(short_noun)}",
        weight=rng.uniform(0.7, 1.4),
        phone_code=f"83{serial:02d}",
        tax_office=f"{20 + serial % 70:02d}",
        adjective=adjective,
        villages=tuple(rng.sample(VILLAGES, k=min(len(VILLAGES), 14))),
    )


def plan_municipalities(rng: random.Random, count: int) -> list[MunicipalityPlan]:
    """`count` municipalities: about a fifth are city districts, the capital first."""
    cities = max(1, min(len(CITIES), round(count * 0.2)))
    rural = count - cities
    if rural > len(DISTRICTS):
        raise ValueError(
            f"Не более {len(CITIES) + len(DISTRICTS)} муниципалитетов в демо-регионе."
        )
    result = [_city(i, CITIES[i], rng) for i in range(cities)]
    district_index = okrug_index = 0
    for serial, (adjective, centre) in enumerate(rng.sample(DISTRICTS, k=rural)):
        # Since the 2025 local government reform many districts became municipal
        # okrugs; a demo region holds both.
        if rng.random() < 0.55:
            result.append(
                _rural(district_index, serial, "district", adjective, centre, rng)
            )
            district_index += 1
        else:
            result.append(_rural(okrug_index, serial, "okrug", adjective, centre, rng))
            okrug_index += 1
    return result
