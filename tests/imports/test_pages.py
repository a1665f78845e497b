"""bulk_create_pages: many pages under one parent, a correct tree, revisions, audit
log and search entries, all or nothing, in a bounded number of queries."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, Revision

from portal.imports.pages import bulk_create_pages
from portal.sections.models import NewsIndexPage, NewsPage, StandardPage
from search.outbox import apply_all_pending
from search.query import SearchQuery
from search.service import search


@pytest.fixture
def index(tree):
    return tree.mun_a_page.add_child(
        instance=NewsIndexPage(title="Новости района", slug="news")
    )


def news(count: int, start: int = 0, **extra) -> list[NewsPage]:
    return [
        NewsPage(
            title=f"Семинар наставников № {n}",
            date=dt.date(2026, 3, 1) + dt.timedelta(days=n % 300),
            intro=f"Анонс семинара {n}",
            body=[("paragraph", f"<p>Программа семинара {n}</p>")],
            **extra,
        )
        for n in range(start, start + count)
    ]


def assert_tree_is_sound() -> None:
    problems = Page.find_problems()
    assert all(not p for p in problems), problems


def test_pages_form_a_sound_tree_with_revisions_log_and_search(index, users, client):
    existing = index.add_child(instance=NewsPage(title="Старая новость", slug="old"))
    created = bulk_create_pages(index, news(30), user=users.municipal_editor)
    assert_tree_is_sound()
    index.refresh_from_db()
    assert index.numchild == 31
    children = list(index.get_children().specific())
    assert children[0] == existing and len(children) == 31
    page = NewsPage.objects.get(pk=created[7].pk)
    assert page.slug == "seminar-nastavnikov-7"
    assert page.url_path == f"{index.url_path}seminar-nastavnikov-7/"
    assert page.intro == "Анонс семинара 7" and page.date == dt.date(2026, 3, 8)
    assert page.body[0].value.source == "<p>Программа семинара 7</p>"
    assert page.live and not page.has_unpublished_changes and page.first_published_at
    assert page.owner == users.municipal_editor and page.locale == index.locale
    assert page.latest_revision == page.live_revision
    revision = Revision.objects.get(object_id=str(page.pk))
    assert revision.as_object().intro == "Анонс семинара 7"
    assert set(
        PageLogEntry.objects.filter(page_id=page.pk).values_list("action", flat=True)
    ) == {"wagtail.create", "wagtail.publish"}
    # The public page renders, and the portal's search finds it.
    assert client.get(page.url).status_code == 200
    apply_all_pending()
    hits = search(SearchQuery(q="Семинар наставников № 7")).hits
    assert f"page:{page.pk}" in [h.key for h in hits]
    # Wagtail's own API continues the tree after them.
    later = index.add_child(instance=NewsPage(title="Позже", slug="later"))
    assert later.path > created[-1].path
    assert_tree_is_sound()


def test_repeated_titles_get_numbered_slugs_and_drafts_stay_unpublished(index):
    pages = bulk_create_pages(
        index, [NewsPage(title="Итоги"), NewsPage(title="Итоги")], live=False
    )
    assert [p.slug for p in pages] == ["itogi", "itogi-2"]
    page = NewsPage.objects.get(pk=pages[0].pk)
    assert not page.live and page.has_unpublished_changes
    assert page.live_revision is None and page.latest_revision
    assert not PageLogEntry.objects.filter(
        page_id=page.pk, action="wagtail.publish"
    ).exists()


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"title": "Занятая", "slug": "news-taken"}, id="taken-slug"),
        pytest.param({"title": "x" * 300}, id="too-long-title"),
    ],
)
def test_a_bad_page_writes_nothing(index, bad):
    index.add_child(instance=NewsPage(title="Есть", slug="news-taken"))
    before = (Page.objects.count(), Revision.objects.count())
    with pytest.raises(ValidationError):
        bulk_create_pages(index, [*news(3), NewsPage(**bad)])
    assert (Page.objects.count(), Revision.objects.count()) == before
    index.refresh_from_db()
    assert index.numchild == 1
    assert_tree_is_sound()


def test_mixed_page_types(index, tree):
    pages = bulk_create_pages(
        tree.mun_a_page,
        [StandardPage(title="О районе"), NewsIndexPage(title="Архив новостей")],
    )
    assert [
        type(p.specific) for p in Page.objects.filter(pk__in=[p.pk for p in pages])
    ] == [
        StandardPage,
        NewsIndexPage,
    ]
    assert_tree_is_sound()


def _queries(index, count: int, start: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        bulk_create_pages(index, news(count, start))
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_pages(index):
    _queries(index, 2, 0)  # content types cached
    few = _queries(index, 5, 100)
    many = _queries(index, 60, 200)
    # Equal on PostgreSQL; SQLite's 999-parameter cap splits the two wide INSERTs
    # (wagtailcore_page, the revisions) into batches of a few dozen rows.
    assert few <= many <= few + 4
    assert_tree_is_sound()
