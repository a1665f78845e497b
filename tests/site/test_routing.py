"""One query for the whole path (portal.sections.routing), with Wagtail's own results.

Every URL below is routed twice: by the portal's section pages and by Wagtail's walk
(``Page.route`` called on the home page directly); page, view and arguments must agree.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from portal.sections.models import StandardPage
from portal.sections.tree import breadcrumbs, section_of


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def pages(tree):
    about = publish(tree.mun_a_page, StandardPage(title="О службе", slug="about"))
    team = publish(about, StandardPage(title="Команда", slug="team"))
    draft = StandardPage(title="Черновик", slug="draft", live=False)
    about.add_child(instance=draft)
    below_draft = publish(draft, StandardPage(title="Под черновиком", slug="below"))
    pages = {"about": about, "team": team, "draft": draft, "below": below_draft}
    if apps.is_installed("plugins.events"):
        from tests.plugins.events.conftest import add_calendar, make_event

        calendar = add_calendar(tree.region_page)
        pages["calendar"] = calendar
        pages["event"] = make_event(calendar, "Семинар")
        pages["month"] = make_event(calendar, "Событие со слагом month")
        pages["month"].slug = "month"
        pages["month"].save_revision().publish()
    return pages


def route(home, path, walk=False):
    request = RequestFactory().get(path)
    components = [c for c in path.split("/") if c]
    try:
        if walk:
            result = Page.route(home, request, components)
        else:
            result = home.route(request, components)
    except Http404:
        return None
    page, args, kwargs = result
    return page.pk, type(page.specific), repr(args), kwargs


def test_routes_agree_with_wagtails_walk(tree, pages):
    home = tree.region_page.get_parent().specific
    paths = ["/", "/nope/", f"{tree.region_page.url_path[len(home.url_path) - 1 :]}"]
    for page in Page.objects.filter(depth__gt=home.depth):
        relative = page.url_path[len(home.url_path) - 1 :]
        paths += [relative, relative + "nope/", relative + "month/", relative + "ics/"]
    assert len(paths) > 20
    for path in paths:
        assert route(home, path) == route(home, path, walk=True), path
    # The cases that matter, spelled out.
    region = tree.region_page.url_path[len(home.url_path) - 1 :]
    assert route(home, region + "nope/") is None
    draft = pages["draft"].url_path[len(home.url_path) - 1 :]
    assert route(home, draft) is None  # not live
    assert route(home, draft + "below/")[0] == pages["below"].pk  # as Wagtail does
    if "calendar" in pages:
        calendar = pages["calendar"].url_path[len(home.url_path) - 1 :]
        # A routable page's sub-URL wins over a child with the same slug, as in Wagtail.
        assert route(home, calendar + "month/")[0] == pages["calendar"].pk
        event = pages["event"].url_path[len(home.url_path) - 1 :]
        assert route(home, event + "ics/")[0] == pages["event"].pk


def test_a_deep_page_routes_in_fewer_queries_and_knows_its_ancestors(tree, pages):
    home = tree.region_page.get_parent().specific
    path = pages["team"].url_path[len(home.url_path) - 1 :]
    request = RequestFactory().get(path)
    components = [c for c in path.split("/") if c]
    with CaptureQueriesContext(connection) as ours:
        page = home.route(request, components)[0]
    assert len(components) == 4
    assert len(ours) == 2  # Wagtail's walk: two per segment, eight
    with CaptureQueriesContext(connection) as later:
        crumbs = breadcrumbs(page)
        section = section_of(page)
    assert [p.pk for p in crumbs] == [
        p.pk
        for p in Page.objects.ancestor_of(page, inclusive=True)
        .filter(depth__gt=1)
        .order_by("depth")
    ]
    assert section.pk == tree.mun_a_page.pk
    assert len(later) == 1  # the section's own fields; the ancestors came with routing


def test_served_pages_keep_working(client, tree, pages):
    assert client.get(pages["team"].url).status_code == 200
    assert client.get(pages["team"].url + "nope/").status_code == 404
    assert client.get(pages["draft"].url or "/o-sluzhbe/draft/").status_code == 404


def test_url_of_path_is_wagtails_url_of_the_page(tree, pages):
    from wagtail.models import Site

    from portal.sections.routing import url_of_path

    every = [*pages.values(), tree.region_page, tree.school_a_page]
    main = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/", HTTP_HOST=main.hostname)
    for page in every:
        assert url_of_path(request, page.url_path) == page.get_url(request)
    # A second site rooted at a municipality: its pages get its root URL when seen
    # from the main site, a relative one from its own host.
    second = Site.objects.create(
        hostname="rayon-a.example", port=80, root_page=tree.mun_a_page
    )
    try:
        for host in (main.hostname, "rayon-a.example"):
            request = RequestFactory().get("/", HTTP_HOST=host)
            for page in every:
                url = url_of_path(request, page.url_path)
                assert url == page.get_url(request), (host, page)
    finally:
        # Deleting (not only the rollback) clears Wagtail's cached site root paths,
        # which would otherwise keep the second site for the tests that follow.
        second.delete()
    assert url_of_path(request, "/nowhere/at/all/") is None
