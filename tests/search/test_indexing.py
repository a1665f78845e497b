"""Indexing wired through the outbox: publish, unpublish, edit, move, delete, restrict."""

import io
import json

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from portal.core.models import Organisation, Territory
from portal.sections.models import NewsIndexPage, NewsPage, StandardPage
from search.engines import get_engine, reset_engines
from search.models import EmbeddedDocument, OutboxEntry
from search.outbox import apply_all_pending
from search.query import SearchQuery
from search.service import search


def found(q, **kwargs):
    return [hit.key for hit in search(SearchQuery(q=q, **kwargs)).hits]


@pytest.fixture
def news(tree):
    index = tree.mun_a_page.add_child(
        instance=NewsIndexPage(title="Новости района", slug="news")
    )
    item = index.add_child(
        instance=NewsPage(
            title="Стажировка для молодых педагогов",
            slug="staj",
            intro="Приглашаем на стажировку",
        )
    )
    item.save_revision().publish()
    apply_all_pending()
    return item


def test_published_page_is_found_with_its_territory(news, tree):
    assert f"page:{news.pk}" in found("стажировки")
    assert f"page:{news.pk}" in found("стажировка", scope_municipality=tree.mun_a.pk)
    assert f"page:{news.pk}" not in found(
        "стажировка", scope_municipality=tree.mun_b.pk
    )
    assert OutboxEntry.objects.count() == 0


def test_unpublish_and_delete_remove_the_page(news):
    news.unpublish()
    apply_all_pending()
    assert f"page:{news.pk}" not in found("стажировка")
    news.save_revision().publish()
    apply_all_pending()
    assert f"page:{news.pk}" in found("стажировка")
    news.delete()
    apply_all_pending()
    assert f"page:{news.pk}" not in found("стажировка")


def test_move_updates_url_and_territory(news, tree):
    target = tree.mun_b_page.add_child(
        instance=NewsIndexPage(title="Новости Б", slug="news-b")
    )
    news.move(target, pos="last-child")
    apply_all_pending()
    document = EmbeddedDocument.objects.get(key=f"page:{news.pk}")
    assert document.url.startswith(target.url)
    assert document.municipality_id == tree.mun_b.pk


def test_view_restriction_removes_subtree(news, tree):
    PageViewRestriction.objects.create(page=tree.mun_a_page, restriction_type="login")
    apply_all_pending()
    assert f"page:{news.pk}" not in found("стажировка")


def test_people_without_consent_never_enter_the_index(tree):
    tree.person_a.public_consent = True
    tree.person_a.public_fields = ["name"]
    tree.person_a.email = "secret@example.org"
    tree.person_a.save()
    tree.person_b.public_consent = False
    tree.person_b.public_fields = ["name"]
    tree.person_b.save()
    apply_all_pending()
    keys = set(EmbeddedDocument.objects.values_list("key", flat=True))
    assert f"person:{tree.person_a.pk}" in keys
    assert f"person:{tree.person_b.pk}" not in keys
    text = " ".join(
        " ".join(row)
        for row in EmbeddedDocument.objects.values_list("title", "summary", "body")
    )
    assert "secret@example.org" not in text
    tree.person_a.public_consent = False
    tree.person_a.save()
    apply_all_pending()
    assert not EmbeddedDocument.objects.filter(
        key=f"person:{tree.person_a.pk}"
    ).exists()


def test_rebuild_and_status_commands(tree):
    StandardPage(title="О системе сопровождения", slug="about")
    tree.region_page.add_child(
        instance=StandardPage(title="О системе сопровождения", slug="about")
    )
    get_engine("embedded").clear()
    out = io.StringIO()
    call_command("search", "rebuild", "--no-progress", stdout=out)
    assert "готово" in out.getvalue()
    assert EmbeddedDocument.objects.filter(type="organisation").count() == 3
    out = io.StringIO()
    call_command("search", "status", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["engines"]["embedded"]["health"]["ok"] is True
    assert report["engines"]["embedded"]["counts"]["organisation"] == 3


def test_engine_outage_keeps_changes_in_the_outbox(tree, settings):
    """With an unreachable distributed engine: saving works, search degrades, nothing is lost."""
    settings.PORTAL_SEARCH = {
        "ENGINE": "opensearch",
        "URL": "http://127.0.0.1:9",
        "TIMEOUT": 1,
    }
    reset_engines()
    try:
        page = tree.region_page.add_child(
            instance=StandardPage(title="Региональный конкурс", slug="konkurs")
        )
        apply_all_pending()
        pending = OutboxEntry.objects.filter(engine="opensearch")
        assert pending.count() >= 1
        assert pending.first().attempts == 1 and pending.first().last_error
        results = search(SearchQuery(q="конкурс"))
        assert results.degraded is True
        assert f"page:{page.pk}" in [hit.key for hit in results.hits]
        assert not OutboxEntry.objects.filter(engine="embedded").exists()
    finally:
        reset_engines()


@pytest.mark.django_db(transaction=True)
def test_changes_are_applied_when_the_transaction_commits():
    region = Territory.objects.create(kind="region", name="Область", oktmo="11000000")
    Organisation.objects.create(
        name="Гимназия имени Ломоносова", region=region, kind="school"
    )
    assert not OutboxEntry.objects.exists()
    assert "Гимназия" in search(SearchQuery(q="гимназии")).hits[0].title


def _page_documents_queries(tree, schools: int) -> tuple[int, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.core_specs import PageSpec
    from tests.factories.core import OrganisationFactory, organisation_section

    for _ in range(schools):
        organisation_section(
            tree.mun_a_page, OrganisationFactory(municipality=tree.mun_a)
        )
    spec = PageSpec()
    pages = list(spec.get_queryset())
    with CaptureQueriesContext(connection) as queries:
        documents = dict(spec.build_documents(pages))
    return len(queries), documents


def test_page_documents_of_a_chunk_take_a_bounded_number_of_queries(tree):
    _page_documents_queries(tree, 0)  # content types cached
    few, _ = _page_documents_queries(tree, 2)
    many, documents = _page_documents_queries(tree, 25)
    assert many == few
    school = documents[f"page:{tree.school_b_page.pk}"]
    assert school.organisation == tree.school_b.pk
    assert school.municipality == tree.mun_b.pk
    assert school.region == tree.region.pk
