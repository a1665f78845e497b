"""Routing a URL to its page with one query for the whole path.

Wagtail's ``Page.route`` walks the path one segment at a time: for each segment a query
for the child and another for its specific object, so a page four levels down costs
eight queries before the view runs. Every URL of the portal starts at the home page (a
section page), so ``SectionPage.route`` asks for all the pages whose ``url_path`` is a
prefix of the requested path in one query, then hands over to the page Wagtail itself
would have reached: the deepest page of that chain, or the first page on the way whose
own ``route`` answers the rest of the path (a routable page's sub-URL such as
``month/``), so the result is what Wagtail's walk gives.

The chain is kept on the routed page (``ancestors_from_route``), so breadcrumbs, the
menu and the page's section need no query of their own.
"""

from django.conf import settings
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

_ANCESTORS = "_portal_route_ancestors"


def _answers(model, page: Page, remaining: list[str]) -> bool:
    """Whether ``page`` (not the deepest of the chain) handles ``remaining`` itself, as
    Wagtail's walk would find out by calling its ``route``."""
    from .models.levels import SectionPage

    if model.route is Page.route or issubclass(model, SectionPage):
        return False  # walking on, as these would
    if not issubclass(model, RoutablePageMixin):
        return True  # a route of its own we cannot predict: let it decide
    if not page.live:
        return False
    try:  # Django's Resolver404 is an Http404
        model.get_resolver().resolve("/" + "".join(f"{c}/" for c in remaining))
    except Http404:
        return False
    return True


def route_by_url_path(root: Page, request, components: list[str]):
    """Route ``components`` below ``root`` like ``Page.route`` does, in two queries."""
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in components[: i + 1])
        for i in range(len(components))
    ]
    found = {
        page.url_path: page
        for page in Page.objects.filter(
            url_path__in=prefixes, path__startswith=root.path
        )
    }
    chain: list[Page] = []
    for prefix in prefixes:
        page = found.get(prefix)
        if page is None:
            break
        chain.append(page)
    if not chain:
        raise Http404
    parent = root
    for index, page in enumerate(chain):
        model = page.specific_class
        remaining = components[index + 1 :]
        last = index == len(chain) - 1
        if model is None:
            raise Http404
        if last or _answers(model, page, remaining):
            specific = page.specific
            specific._cached_parent_obj = parent
            setattr(specific, _ANCESTORS, [root, *chain[:index]])
            return specific.route(request, remaining)
        parent = page
    raise Http404  # not reached: the loop returns at the last page


def ancestors_from_route(page: Page) -> list[Page] | None:
    """The ancestors of ``page`` (root first, the root specific) if it was routed here.

    A page routed further by its own ``route`` (an event under its calendar) was loaded
    by Wagtail without them: None, and the caller queries as before.
    """
    chain = getattr(page, _ANCESTORS, None)
    if not chain or chain[-1].depth != page.depth - 1:
        return None
    return chain


def url_of_path(request, url_path: str) -> str | None:
    """``Page.get_url(request)`` of the page whose ``url_path`` is given, without the
    page: lists that draw hundreds of links (a region's month grid) read a few columns
    instead of building a page instance per link (~0.2 ms each, bench/events.py).

    The same choice as Wagtail's ``get_url_parts`` (without i18n, which the portal does
    not enable): the first site whose root holds the page, the request's site when the
    page belongs to several; a relative URL on the request's site or when there is
    one site, the site's root URL otherwise. None if no site holds the page.
    """
    from wagtail.models import Site

    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    root_paths = request._wagtail_cached_site_root_paths
    possible = [srp for srp in root_paths if url_path.startswith(srp.root_path)]
    if not possible:
        return None
    chosen = possible[0]
    current = Site.find_for_request(request)
    if len({srp.site_id for srp in possible}) > 1 and current is not None:
        chosen = next((s for s in possible if s.site_id == current.pk), chosen)
    try:
        page_path = reverse("wagtail_serve", args=(url_path[len(chosen.root_path) :],))
    except NoReverseMatch:
        return None  # as Wagtail: a slug the URL pattern does not accept
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and page_path != "/":
        page_path = page_path.rstrip("/")
    one_site = len({srp.site_id for srp in root_paths}) == 1
    if one_site or (current is not None and chosen.site_id == current.pk):
        return page_path
    return chosen.root_url + page_path
