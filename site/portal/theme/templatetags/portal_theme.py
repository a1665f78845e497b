"""Template tags of the public themes: navigation, breadcrumbs and plugin panels.

Loaded by themes/*/templates as ``{% load portal_theme %}``. Every tag issues a
fixed number of queries, whatever the size of the tree, so a section page's
query count stays bounded.
"""

from django import template
from django.template.loader import get_template
from wagtail.models import Page, Site

from portal.extensions.hooks import section_panels as collect_section_panels
from portal.sections.models.levels import SECTION_MODELS
from portal.sections.routing import ancestors_from_route
from portal.sections.tree import breadcrumbs as breadcrumb_pages

register = template.Library()


def _page_or_none(value) -> Page | None:
    # A missing template variable arrives as "" (e.g. on the 404 page).
    return value if isinstance(value, Page) else None


def _is_ancestor_or_self(candidate: Page, page: Page | None) -> bool:
    return bool(page and page.path.startswith(candidate.path))


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """The level path of a page: Россия → region → municipality → school → page."""
    return {
        "request": context.get("request"),
        "crumbs": breadcrumb_pages(page) if _page_or_none(page) else [],
    }


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context, page=None):
    """The site root and its children; those with «show in menus» when any is marked."""
    request = context.get("request")
    page = _page_or_none(page)
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"request": request, "home": None, "items": []}
    chain = ancestors_from_route(page) if page is not None else None
    if chain and chain[0].pk == site.root_page_id:
        home = chain[0]  # loaded by routing (portal.sections.routing)
    else:
        home = Page.objects.filter(pk=site.root_page_id).first()
    items = []
    if home is not None:
        children = list(home.get_children().live().public())
        in_menu = [child for child in children if child.show_in_menus]
        items = [
            {
                "page": child,
                "active": _is_ancestor_or_self(child, page),
                "current": page is not None and child.pk == page.pk,
            }
            for child in (in_menu or children)
        ]
    return {
        "request": request,
        "home": home,
        "home_active": home is not None and page is not None and page.pk == home.pk,
        "items": items,
    }


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current one, with ellipses: 1 2 … 7 8 9 … 40 41."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2)
    )


@register.simple_tag
def content_pages(page):
    """Live public children of a page that are not sections (news, acts, plugin pages…)."""
    if _page_or_none(page) is None:
        return []
    return list(page.get_children().live().public().not_type(*SECTION_MODELS))


@register.simple_tag(takes_context=True)
def section_panels(context, page):
    """The SectionPanel objects plugins contribute to a section page, in order."""
    return collect_section_panels(page, context.get("request"))


@register.simple_tag(takes_context=True)
def render_panel(context, panel):
    """Render a panel's template with the page context plus the panel's own context."""
    with context.push(panel=panel, **panel.context):
        return get_template(panel.template).template.render(context)


@register.filter
def model_name(page) -> str:
    """The lower-case model name of a (possibly generic) page, e.g. 'newsindexpage'."""
    specific_class = getattr(page, "specific_class", None)
    return specific_class._meta.model_name if specific_class else ""
