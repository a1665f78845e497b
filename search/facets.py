"""Human labels for facet values (one query per facet kind, never per value)."""

from portal.core.levels import Level
from portal.core.models import Organisation, Territory

from .registry import type_labels

FACET_TITLES = {
    "type": "Тип",
    "level": "Уровень",
    "region": "Субъект РФ",
    "municipality": "Муниципалитет",
    "organisation": "Организация",
    "subjects": "Предмет",
    "audience": "Аудитория",
}
#: Query-string parameter of each facet.
FACET_PARAMS = {
    "type": "type",
    "level": "level",
    "region": "region",
    "municipality": "municipality",
    "organisation": "organisation",
    "subjects": "subject",
    "audience": "audience",
}


def labelled_facets(facets: dict[str, list[tuple[str, int]]], selected) -> list[dict]:
    labels: dict[str, dict[str, str]] = {
        "type": {k: str(v) for k, v in type_labels().items()},
        "level": {k: str(v) for k, v in Level.choices},
    }
    territory_ids = [
        int(v)
        for f in ("region", "municipality")
        for v, _ in facets.get(f, [])
        if v.isdigit()
    ]
    names = dict(
        Territory.objects.filter(pk__in=territory_ids).values_list("pk", "name")
    )
    labels["region"] = labels["municipality"] = {str(k): v for k, v in names.items()}
    org_ids = [int(v) for v, _ in facets.get("organisation", [])[:30] if v.isdigit()]
    labels["organisation"] = {
        str(k): v
        for k, v in Organisation.objects.filter(pk__in=org_ids).values_list(
            "pk", "short_name"
        )
    }
    result = []
    for facet, values in facets.items():
        if not values:
            continue
        param = FACET_PARAMS[facet]
        chosen = set(selected.getlist(param))
        result.append(
            {
                "name": facet,
                "param": param,
                "title": FACET_TITLES[facet],
                "values": [
                    {
                        "value": value,
                        "label": labels.get(facet, {}).get(value) or value,
                        "count": count,
                        "selected": value in chosen,
                    }
                    for value, count in values[:30]
                ],
            }
        )
    return result
