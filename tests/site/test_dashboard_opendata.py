"""Public open data: region aggregates of public indicators, as a page and downloads."""

import csv
import io

from django.test.utils import override_settings
from django.urls import include, path

import portal.urls
from portal.core.models import Person
from portal.dashboard.registry import public_indicators

from .dashboard_support import PERIOD, load_xlsx, people_share

# The public pages are mounted by the project's urlconf; this one adds them for
# the tests whatever portal.urls currently includes.
urlpatterns = [
    path("opendata/", include("portal.dashboard.urls")),
    *portal.urls.urlpatterns,
]
OPENDATA_URLS = override_settings(ROOT_URLCONF=__name__)

# --- open data -----------------------------------------------------------------


@OPENDATA_URLS
def test_opendata_page_shows_region_aggregates_only(contributed, client, tree, staffed):
    response = client.get("/opendata/" + PERIOD)
    assert response.status_code == 200
    html = response.text
    assert tree.region.name in html
    assert "Доля работников, давших согласие на публикацию" in html
    assert "Начали педагогическую деятельность" not in html  # not public
    assert tree.mun_a.name not in html and tree.school_a.name not in html
    for person in Person.objects.all():
        assert person.last_name not in html
    block = next(
        b
        for b in response.context["blocks"]
        if b.indicator.code == "dummy.consent_share"
    )
    value = block.values[0].value
    assert (value.value, value.numerator, value.denominator) == people_share(
        organisation__region=tree.region
    )


@OPENDATA_URLS
def test_opendata_downloads(contributed, client, tree, staffed):
    response = client.get("/opendata/indicators.csv" + PERIOD)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][:4] == [
        "Код показателя",
        "Показатель",
        "Единица измерения",
        "Субъект РФ",
    ]
    people = next(r for r in rows if r[0] == "core.people")
    assert people[3] == tree.region.name
    assert (
        int(people[8])
        == Person.objects.filter(organisation__region=tree.region).count()
    )
    # Every public indicator (the core's, the dummy plugin's, enabled plugins'), once.
    codes = [r[0] for r in rows[1:]]
    assert sorted(codes) == sorted(i.code for i in public_indicators())
    assert {"core.organisations", "core.people", "dummy.consent_share"} <= set(codes)
    text = response.content.decode("utf-8")
    for person in Person.objects.all():
        assert person.last_name not in text

    response = client.get("/opendata/indicators.xlsx" + PERIOD)
    ws = load_xlsx(response)
    assert ws["A2"].value == "Код показателя"
    assert ws.max_row == 2 + len(codes)  # one region, a row per public indicator
