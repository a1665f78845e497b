"""The public search page and the JSON API, as a visitor uses them."""

import pytest

from portal.sections.models import StandardPage
from search.engines import get_engine
from search.indexing import document_batches


@pytest.fixture
def indexed_site(tree):
    for n in range(25):
        tree.mun_a_page.add_child(
            instance=StandardPage(
                title=f"Методический семинар {n}",
                slug=f"seminar-{n}",
                intro="Для педагогов",
            )
        )
    tree.mun_b_page.add_child(
        instance=StandardPage(title="Семинар района Б", slug="seminar-b")
    )
    list(get_engine("embedded").rebuild(document_batches()))
    return tree


def test_api_returns_results_facets_and_engine(client, indexed_site):
    data = client.get("/api/search/", {"q": "семинары"}).json()
    assert data["total"] == 26
    assert data["engine"] == "embedded" and data["degraded"] is False
    assert len(data["results"]) == 20
    highlighted = client.get("/api/search/", {"q": "педагогам"}).json()["results"][0][
        "highlight"
    ]
    assert "<mark>педагогов</mark>" in highlighted
    municipalities = {f["label"]: f["count"] for f in data["facets"]["municipality"]}
    assert municipalities == {"Район А": 25, "Район Б": 1}


def test_api_filters_and_pages(client, indexed_site):
    tree = indexed_site
    data = client.get(
        "/api/search/", {"q": "семинар", "municipality": tree.mun_b.pk}
    ).json()
    assert [r["title"] for r in data["results"]] == ["Семинар района Б"]
    page2 = client.get("/api/search/", {"q": "семинар", "page": 2}).json()
    assert len(page2["results"]) == 6


def test_section_scope(client, indexed_site):
    tree = indexed_site
    data = client.get(
        "/api/search/", {"q": "семинар", "in_municipality": tree.mun_b.pk}
    ).json()
    assert data["total"] == 1


def test_suggest(client, indexed_site):
    data = client.get("/api/search/suggest/", {"q": "Методич"}).json()
    assert data["suggestions"] and data["suggestions"][0]["title"].startswith(
        "Методический семинар"
    )


def test_openapi_schema_describes_both_endpoints(client, db):
    schema = client.get("/api/search/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/search/", "/api/search/suggest/"} <= set(schema["paths"])


@pytest.mark.parametrize(
    "params",
    [{"q": '"(*'}, {"page": "abc"}, {"municipality": "x"}, {"date_from": "31.02"}],
)
def test_bad_parameters_never_fail(client, indexed_site, params):
    assert client.get("/api/search/", params).status_code == 200
    assert client.get("/search/", params).status_code == 200


def test_search_page_works_without_javascript(client, indexed_site):
    html = client.get("/search/", {"q": "семинар"}).content.decode()
    assert 'type="checkbox" name="municipality"' in html
    assert "Район А" in html and "(25)" in html
    assert 'rel="next"' in html
    empty = client.get("/search/", {"q": "квазар"}).content.decode()
    assert "Ничего не найдено" in empty


def test_search_page_query_count_is_bounded(
    client, indexed_site, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        client.get("/search/", {"q": "семинар"})
