"""Public JSON API. People appear only with consent and only with the fields they chose."""

from django.core.paginator import Paginator
from django.http import JsonResponse

from portal.core.models import Organisation, Person

PAGE_SIZE = 100


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def organisations(request):
    queryset = Organisation.objects.select_related("region", "municipality").order_by(
        "pk"
    )
    if municipality := request.GET.get("municipality"):
        queryset = queryset.filter(
            municipality_id=municipality if municipality.isdigit() else None
        )
    page = _page(request, queryset)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "results": [
                {
                    "id": o.pk,
                    "name": o.name,
                    "short_name": o.short_name,
                    "kind": o.kind,
                    "region": o.region.name,
                    "municipality": o.municipality.name if o.municipality else None,
                    "inn": o.inn,
                    "website": o.website,
                    "address": o.address,
                }
                for o in page
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def people(request):
    queryset = (
        Person.objects.filter(public_consent=True)
        .select_related("organisation")
        .prefetch_related("subjects")
        .order_by("pk")
    )
    page = _page(request, queryset)
    results = [data for p in page if (data := p.public_data())]
    return JsonResponse(
        {"count": page.paginator.count, "page": page.number, "results": results},
        json_dumps_params={"ensure_ascii": False},
    )
