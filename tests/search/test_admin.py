"""Search in the admin: the status page and synonyms that apply without a rebuild."""

from django.urls import reverse

from search.documents import SearchDocument
from search.engines import get_engine
from search.models import SearchSynonym
from search.query import SearchQuery
from search.service import search


def test_status_page_for_superusers_only(admin_client, client, users):
    response = admin_client.get("/admin/search-status/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Состояние поиска" in html and "embedded" in html
    client.force_login(users.regional_admin)
    assert client.get("/admin/search-status/").status_code in (302, 403)


def test_synonym_added_in_admin_applies_at_once(admin_client, db):
    engine = get_engine("embedded")
    engine.clear()
    engine.upsert(
        [SearchDocument(key="page:1", type="page", title="Школа молодого педагога")]
    )
    assert search(SearchQuery(q="ШМП")).total == 0
    response = admin_client.post(
        reverse("wagtailsnippets_portal_search_searchsynonym:add"),
        {"phrases": "ШМП\nшкола молодого педагога", "comment": ""},
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(phrases__startswith="ШМП").exists()
    assert search(SearchQuery(q="ШМП")).total == 1
