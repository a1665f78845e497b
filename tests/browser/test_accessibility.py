"""The default theme in a real browser: axe-core finds no serious or critical
violations, the visually-impaired version works by a plain link, the keyboard
reaches the skip link first, and the layout fits a 375 px phone screen.

Screenshots go to artifacts/ for a human look. DJANGO_ALLOW_ASYNC_UNSAFE is set
in conftest.py, before Playwright starts its event loop."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; the serious and critical violations it reports."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("axe.run()")
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {where}:\n{describe(violations)}"


def fits_width(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_axe_check_catches_a_planted_violation(chromium):
    """Guards the harness itself: an empty result must mean a clean page."""
    page = chromium.new_page()
    try:
        page.set_content(
            '<html lang="ru"><head><title>Проверка</title></head><body><main>'
            '<p style="color:#bbb;background:#fff">Бледный текст</p>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            "</main></body></html>"
        )
        found = {v["id"] for v in axe_violations(page)}
    finally:
        page.close()
    assert {"color-contrast", "image-alt"} <= found, found


def test_home_and_municipality_pass_axe(browser_page, site_tree, artifacts_dir):
    page = browser_page
    page.set_viewport_size(DESKTOP)

    page.goto(site_tree["home"].url)
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Россия"
    assert_accessible(page, "the home page")
    page.screenshot(path=artifacts_dir / "home-desktop.png", full_page=True)

    page.goto(site_tree["municipality"].url)
    crumbs = page.get_by_role("navigation", name="Хлебные крошки")
    assert crumbs.get_by_role("listitem").all_inner_texts() == [
        "Россия",
        "Нижегородская область",
        "Городской округ Бор",
    ]
    assert page.get_by_role("heading", name="Панель тестового модуля").is_visible()
    photo = page.get_by_role("img", name="Педагоги на августовском совещании")
    assert photo.is_visible()
    assert photo.evaluate("img => img.naturalWidth") > 0
    assert_accessible(page, "the municipality section")
    page.screenshot(path=artifacts_dir / "municipality-desktop.png", full_page=True)


def test_visually_impaired_version_by_header_link(
    browser_page, site_tree, artifacts_dir
):
    page = browser_page
    page.set_viewport_size(DESKTOP)
    url = site_tree["municipality"].url
    page.goto(url)
    body = page.locator("body")
    assert "visually-impaired" not in (body.get_attribute("class") or "")
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    page.locator("header").get_by_role("link", name="Версия для слабовидящих").click()
    page.wait_for_url(f"**{url}")
    assert "visually-impaired" in body.get_attribute("class").split()
    photo = page.locator('main img[alt="Педагоги на августовском совещании"]')
    assert photo.count() == 1 and photo.is_hidden(), "images must be switched off"
    vi_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert vi_size >= 1.4 * normal_size
    link = page.locator("main a").first
    assert "underline" in link.evaluate("a => getComputedStyle(a).textDecorationLine")
    colours = body.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    assert_accessible(page, "the visually-impaired version")
    page.screenshot(path=artifacts_dir / "municipality-vi-desktop.png", full_page=True)

    # The yellow-on-black scheme, chosen from the version's settings bar.
    page.get_by_role("link", name="Жёлтым по чёрному").click()
    page.wait_for_url(f"**{url}")
    colours = body.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
    )
    assert colours == ["rgb(255, 255, 0)", "rgb(0, 0, 0)"]
    assert_accessible(page, "the visually-impaired version, dark scheme")
    page.screenshot(path=artifacts_dir / "municipality-vi-dark.png", full_page=False)

    page.set_viewport_size(MOBILE)
    assert fits_width(page), "horizontal scrolling in the visually-impaired version"
    page.screenshot(path=artifacts_dir / "municipality-vi-mobile.png", full_page=True)

    page.locator("header").get_by_role("link", name="Обычная версия").click()
    page.wait_for_url(f"**{url}")
    assert "visually-impaired" not in (body.get_attribute("class") or "")
    assert photo.is_visible()


def test_keyboard_reaches_skip_link_first(browser_page, site_tree):
    page = browser_page
    page.set_viewport_size(DESKTOP)
    page.goto(site_tree["municipality"].url)

    page.keyboard.press("Tab")
    focused = page.evaluate_handle("document.activeElement")
    assert focused.evaluate("el => el.textContent.trim()") == "Перейти к содержанию"
    skip = page.get_by_role("link", name="Перейти к содержанию")
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0, "the focused skip link is off screen"
    focus_style = skip.evaluate(
        "a => { const s = getComputedStyle(a);"
        " return [s.outlineStyle, s.outlineWidth, s.backgroundColor]; }"
    )
    assert focus_style[0] != "none" and focus_style[1] != "0px", focus_style

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"

    # Every further Tab stop shows a visible focus indicator.
    page.goto(site_tree["municipality"].url)
    for _ in range(8):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return {tag: document.activeElement.tagName, outline: s.outlineStyle,"
            " width: s.outlineWidth, shadow: s.boxShadow}; }"
        )
        visible = (style["outline"] != "none" and style["width"] != "0px") or (
            style["shadow"] != "none"
        )
        assert visible, style


def test_mobile_layout_fits_and_passes_axe(browser_page, site_tree, artifacts_dir):
    page = browser_page
    page.set_viewport_size(MOBILE)

    page.goto(site_tree["home"].url)
    assert fits_width(page), "horizontal scrolling on the home page at 375 px"
    page.screenshot(path=artifacts_dir / "home-mobile.png", full_page=True)

    page.goto(site_tree["municipality"].url)
    assert fits_width(page), "horizontal scrolling on the municipality at 375 px"
    assert page.get_by_role("navigation", name="Главное меню").is_visible()
    assert_accessible(page, "the municipality section at 375 px")
    page.screenshot(path=artifacts_dir / "municipality-mobile.png", full_page=True)


def test_content_pages_pass_axe(browser_page, site_tree, artifacts_dir):
    page = browser_page
    page.set_viewport_size(DESKTOP)

    page.goto(site_tree["acts"].url)
    page.get_by_label("Вид документа").select_option(label="Приказ")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**kind=order**")
    assert page.locator(".acts > li").count() == 10
    assert_accessible(page, "the acts page with a filter")
    page.screenshot(path=artifacts_dir / "acts-desktop.png", full_page=True)

    page.goto(site_tree["acts"].url)
    page.get_by_role("navigation", name="Постраничная навигация").get_by_role(
        "link", name="Вперёд"
    ).click()
    assert page.locator(".acts > li").count() == 5
    assert_accessible(page, "the second page of acts")

    for name in ("contacts", "glossary"):
        page.goto(site_tree[name].url)
        assert_accessible(page, f"the {name} page")
        page.screenshot(path=artifacts_dir / f"{name}-desktop.png", full_page=True)

    page.set_viewport_size(MOBILE)
    page.goto(site_tree["acts"].url)
    assert fits_width(page), "horizontal scrolling on the acts page at 375 px"
    page.screenshot(path=artifacts_dir / "acts-mobile.png", full_page=True)


def test_search_from_a_section_with_facets(browser_page, site_tree, artifacts_dir):
    """A teacher searches within their municipality and narrows by a facet, no JS needed."""
    page = browser_page
    page.set_viewport_size(DESKTOP)
    page.goto(site_tree["municipality"].url)
    page.get_by_label("Поиск в этом разделе").fill("новости")
    page.locator(".section-search").get_by_role("button", name="Найти").click()
    page.wait_for_url("**/search/?**")
    assert "in_municipality=" in page.url
    assert page.locator(".search-hit").count() >= 1
    assert_accessible(page, "the search results page")
    page.screenshot(path=artifacts_dir / "search-desktop.png", full_page=True)

    page.goto("/search/?q=квазарный+пульсар")
    assert page.get_by_role("heading", name="Ничего не найдено").is_visible()
    assert_accessible(page, "the empty search results page")

    page.set_viewport_size(MOBILE)
    page.goto("/search/?q=новости")
    assert fits_width(page), "horizontal scrolling on the search page at 375 px"
    page.screenshot(path=artifacts_dir / "search-mobile.png", full_page=True)
