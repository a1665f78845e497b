"""Educational organisations of one municipality: schools, kindergartens, УДО.

Cities number their schools («МБОУ «СОШ № 5»», «МАОУ «Гимназия № 2»»); rural
municipalities name them after the village («МКОУ «Никольская ООШ»») and number
only those in the district centre («МБОУ «Ковылинская СОШ № 1»»).
"""

from dataclasses import replace

from .organisations import (
    ADDITIONAL,
    CITY_SCHOOLS,
    KINDERGARTEN_NAMES,
    LEGAL_FORMS,
    OrganisationBuilder,
    OrganisationPlan,
)
from .territory import MunicipalityPlan

#: Share of schools whose sections get news, contacts and acts (besides the first one).
CONTENT_SHARE = 0.12


def _feminine_adjective(adjective: str) -> str:
    """Ковылинский → Ковылинская, Луговской → Луговская, Приозёрный → Приозёрная."""
    return adjective[:-2] + "ая"


def _school_aliases(
    b: OrganisationBuilder, mun: MunicipalityPlan, core: str, form: str
):
    if b.rng.random() >= 0.45:
        return ()
    variants = [
        core,
        f"{form} {core.replace('№ ', '№')}",
        f"{core} {mun.short_genitive}",
        core.replace("СОШ", "Школа").replace("ООШ", "Школа"),
    ]
    return tuple(dict.fromkeys(b.rng.sample(variants, k=b.rng.randint(1, 2))))


def _city_schools(b: OrganisationBuilder, mun: MunicipalityPlan, count: int):
    rng = b.rng
    numbers = sorted(rng.sample(range(1, int(count * 1.4) + 3), k=count))
    for n in numbers:
        short, full, _ = rng.choices(CITY_SCHOOLS, [s[2] for s in CITY_SCHOOLS])[0]
        core, full = short.format(n=n), full.format(n=n)
        gymnasium = core.startswith(("Гимназия", "Лицей"))
        form = "МАОУ" if gymnasium or rng.random() < 0.2 else "МБОУ"
        yield b.make(
            mun, "small_school" if core.startswith("ООШ") else "school", "school",
            name=f"{LEGAL_FORMS[form]} «{full}» {mun.genitive}",
            short_name=f"{form} «{core}»", number=str(n),
            aliases=_school_aliases(b, mun, core, form), slug_text=core,
            address=b.address(mun.centre), statuses=b.statuses("school", 0.25),
        )  # fmt: skip


def _rural_schools(b: OrganisationBuilder, mun: MunicipalityPlan, count: int):
    rng = b.rng
    adjective = _feminine_adjective(mun.adjective)
    in_centre = 1 if count < 6 else 2
    villages = list(mun.villages)
    for i in range(count):
        if i < in_centre or not villages:
            n = i + 1
            core = f"{adjective} СОШ № {n}"
            full = f"{adjective} средняя общеобразовательная школа № {n}"
            place, number, profile, form = mun.centre, str(n), "school", "МБОУ"
        else:
            village, village_adjective = villages.pop(0)
            basic = rng.random() < 0.4
            core = f"{village_adjective} {'ООШ' if basic else 'СОШ'}"
            kind = "основная" if basic else "средняя"
            full = f"{village_adjective} {kind} общеобразовательная школа"
            place, number, profile = (
                f"{mun.short_name}, с. {village}",
                "",
                "small_school",
            )
            form = "МКОУ" if rng.random() < 0.4 else "МБОУ"
        yield b.make(
            mun, profile, "school", name=f"{LEGAL_FORMS[form]} «{full}» {mun.genitive}",
            short_name=f"{form} «{core}»", number=number,
            aliases=_school_aliases(b, mun, core, form), slug_text=core,
            address=b.address(place), statuses=b.statuses("school", 0.2),
        )  # fmt: skip


def _kindergartens(b: OrganisationBuilder, mun: MunicipalityPlan, count: int):
    rng = b.rng
    names = rng.sample(KINDERGARTEN_NAMES, k=min(count, len(KINDERGARTEN_NAMES)))
    numbers = sorted(rng.sample(range(1, int(count * 1.6) + 5), k=count))
    for i, n in enumerate(numbers):
        title = (
            names[i]
            if i < len(names) and (not mun.is_city or rng.random() < 0.6)
            else ""
        )
        numbered = mun.is_city or not title
        core = (
            "Детский сад"
            + (f" № {n}" if numbered else "")
            + (f" «{title}»" if title else "")
        )
        form = "МАДОУ" if rng.random() < 0.2 else "МБДОУ"
        aliases = ()
        if rng.random() < 0.25:
            aliases = (f"д/с № {n}",) if numbered else (f"д/с «{title}»",)
        yield b.make(
            mun, "kindergarten", "kindergarten",
            name=f"{LEGAL_FORMS[form]} «{core}» {mun.genitive}",
            short_name=f"{form} «{core}»", number=str(n) if numbered else "",
            aliases=aliases, slug_text=core.replace(f"«{title}»", "") if numbered else core,
            address=b.address(mun.centre), statuses=b.statuses("kindergarten", 0.1),
        )  # fmt: skip


def _additional(b: OrganisationBuilder, mun: MunicipalityPlan, count: int):
    pool = b.rng.sample(ADDITIONAL, k=len(ADDITIONAL))
    for i in range(count):
        short, full = pool[i % len(pool)]
        if i >= len(pool):
            short, full = (
                f"{short} № {i // len(pool) + 1}",
                f"{full} № {i // len(pool) + 1}",
            )
        aliases = (
            (full, f"{short} {mun.short_genitive}") if b.rng.random() < 0.3 else ()
        )
        yield b.make(
            mun, "additional", "additional",
            name=f"{LEGAL_FORMS['МБУ ДО']} «{full}» {mun.genitive}",
            short_name=f"МБУ ДО «{short}»", number="", aliases=aliases, slug_text=short,
            address=b.address(mun.centre), statuses=b.statuses("additional", 0.2),
        )  # fmt: skip


def plan_institutions(
    b: OrganisationBuilder, mun: MunicipalityPlan, count: int
) -> list[OrganisationPlan]:
    """`count` educational organisations of `mun`: ~55 % schools, ~30 % kindergartens."""
    schools = max(1, round(count * 0.55))
    kindergartens = min(count - schools, round(count * 0.3))
    additional = count - schools - kindergartens
    make_schools = _city_schools if mun.is_city else _rural_schools
    result = list(make_schools(b, mun, schools))
    # The first school of each municipality, and a few more, get a full section.
    result = [
        replace(s, has_content=True) if i == 0 or b.rng.random() < CONTENT_SHARE else s
        for i, s in enumerate(result)
    ]
    result += _kindergartens(b, mun, kindergartens)
    result += _additional(b, mun, additional)
    return result
