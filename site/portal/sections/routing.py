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

from django.http import Http404
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
