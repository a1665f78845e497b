"""What `portal demo` reports at the end: counts of the demo region as stored in the DB."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from wagtail.models import Page

from portal.core.levels import Level
from portal.core.models import GlossaryTerm, NormativeAct, Organisation, Person

ROLE_LABELS = [
    ("teacher", "педагоги"),
    ("manager", "руководители"),
    ("methodist", "методисты"),
    ("tutor", "тьюторы"),
    ("mentor", "наставники"),
    ("expert", "эксперты"),
]


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f} %)" if whole else "0"


def region_lines(region, home, today: date) -> list[tuple[str, str]]:
    """(label, value) lines describing the demo region."""
    orgs = Organisation.objects.filter(region=region)
    kinds = dict(orgs.order_by().values_list("kind").annotate(n=Count("pk")))
    kind_text = "; ".join(
        f"{label}: {kinds[value]}"
        for value, label in Organisation.Kind.choices
        if kinds.get(value)
    )
    people = Person.objects.filter(organisation__region=region)
    total = people.count()
    roles = dict(
        people.order_by()
        .values_list("roles__code")
        .annotate(n=Count("pk", distinct=True))
    )
    young = people.filter(
        birth_date__gt=_years_ago(today, 35),
        career_start_date__gt=_years_ago(today, 3),
    ).count()
    pages = dict(
        Page.objects.descendant_of(home, inclusive=False)
        .order_by()
        .values_list("content_type")
        .annotate(n=Count("pk"))
    )
    page_types = sorted(
        (str(ContentType.objects.get_for_id(ct).model_class()._meta.verbose_name), n)
        for ct, n in pages.items()
    )
    acts = NormativeAct.objects.filter(Q(level="federal") | Q(region=region))
    act_levels = dict(acts.order_by().values_list("level").annotate(n=Count("pk")))
    return [
        ("Регион", region.name),
        ("Муниципалитеты", str(region.municipalities.count())),
        ("Организации", f"{orgs.count()} ({kind_text})"),
        ("Люди", str(total)),
        *((f"  {label}", str(roles.get(code, 0))) for code, label in ROLE_LABELS),
        ("Молодые педагоги (до 35 лет, стаж до 3 лет)", _share(young, total)),
        (
            "Согласие на публикацию",
            _share(people.filter(public_consent=True).count(), total),
        ),
        ("Страницы под главной", str(sum(pages.values()))),
        *((f"  {name}", str(n)) for name, n in page_types),
        (
            "Нормативные акты",
            ", ".join(
                f"{label.lower()}: {act_levels[value]}"
                for value, label in Level.choices
                if act_levels.get(value)
            ),
        ),
        ("Термины глоссария", str(GlossaryTerm.objects.count())),
    ]
