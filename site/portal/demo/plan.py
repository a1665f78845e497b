"""The whole demo region as plain data, computed from a seed without touching the DB.

Each part draws from its own random stream (`Random(f"{seed}:people")`…), so asking
for more people does not rename the organisations, and the plan is the same in any
process (string seeds are hashed with SHA-512, not with Python's salted hash).
"""

import random
from dataclasses import dataclass
from datetime import date

from .acts import ActPlan, plan_acts
from .institutions import plan_institutions
from .organisations import (
    MUNICIPAL_SERVICES,
    REGIONAL_COUNT,
    OrganisationBuilder,
    OrganisationPlan,
    municipal_services,
    regional_organisations,
)
from .people import PersonPlan, anchor_date, plan_people
from .territory import MunicipalityPlan, plan_municipalities

DEFAULT_SEED = 2020


@dataclass(frozen=True)
class Sizes:
    municipalities: int
    organisations: int
    people: int


DEFAULT = Sizes(municipalities=10, organisations=150, people=2000)
SCALE = Sizes(municipalities=60, organisations=1500, people=30000)


@dataclass(frozen=True)
class DemoPlan:
    seed: int
    today: date  # news are dated back from it (pages are created once, never updated)
    anchor: (
        date  # people's dates are counted back from it: 1 September of this school year
    )
    municipalities: list[MunicipalityPlan]
    organisations: list[OrganisationPlan]
    people: list[PersonPlan]
    acts: list[ActPlan]


def spread(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder), each ≥ `minimum`."""
    rest = total - minimum * len(weights)
    raw = [rest * w / sum(weights) for w in weights]
    shares = [int(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (shares[i] - raw[i], i))
    for i in by_remainder[: rest - sum(shares)]:
        shares[i] += 1
    return [s + minimum for s in shares]


def plan_organisations(
    rng: random.Random, municipalities: list[MunicipalityPlan], total: int
) -> list[OrganisationPlan]:
    """The regional organisations, two services per municipality, the rest ОО."""
    minimum = REGIONAL_COUNT + (MUNICIPAL_SERVICES + 1) * len(municipalities)
    if total < minimum:
        raise ValueError(
            f"Слишком мало организаций: для {len(municipalities)} муниципалитетов "
            f"нужно не меньше {minimum}."
        )
    builder = OrganisationBuilder(rng)
    result = regional_organisations(builder)
    for index, mun in enumerate(municipalities):
        result += municipal_services(builder, mun, capital=index == 0)
    shares = spread(total - len(result), [m.weight for m in municipalities], minimum=1)
    for mun, count in zip(municipalities, shares, strict=True):
        result += plan_institutions(builder, mun, count)
    return result


def build_plan(seed: int, sizes: Sizes, today: date) -> DemoPlan:
    if sizes.municipalities < 1:
        raise ValueError("Нужен хотя бы один муниципалитет.")
    if sizes.people < 0:
        raise ValueError("Число людей не может быть отрицательным.")
    anchor = anchor_date(today)
    municipalities = plan_municipalities(
        random.Random(f"{seed}:territory"), sizes.municipalities
    )
    organisations = plan_organisations(
        random.Random(f"{seed}:organisations"), municipalities, sizes.organisations
    )
    staff = spread(
        sizes.people,
        [o.staff for o in organisations],
        minimum=1 if sizes.people >= 2 * len(organisations) else 0,
    )
    people = plan_people(random.Random(f"{seed}:people"), organisations, staff, anchor)
    acts = plan_acts(random.Random(f"{seed}:acts"), organisations)
    return DemoPlan(seed, today, anchor, municipalities, organisations, people, acts)
