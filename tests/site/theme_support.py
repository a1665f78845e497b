"""Shared helpers for the theme tests: parsed pages, breadcrumbs, template names."""

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def breadcrumb_trail(response) -> list[str]:
    nav = soup(response).find("nav", attrs={"aria-label": "Хлебные крошки"})
    assert nav is not None, "no breadcrumbs on the page"
    items = nav.find_all("li")
    last = items[-1]
    assert last.find(attrs={"aria-current": "page"}), "last crumb lacks aria-current"
    assert last.find("a") is None, "the current page must not link to itself"
    return [li.get_text(strip=True) for li in items]


def template_names(response) -> list[str]:
    return [t.name for t in response.templates if t.name]
