"""The visually-impaired version of the default theme: toggle, scheme and size."""

from .theme_support import soup


def body_classes(response) -> list[str]:
    return soup(response).body.get("class", [])


# Visually-impaired version ------------------------------------------------------------


def test_visually_impaired_toggle_sets_cookie_and_body_class(client, tree):
    url = tree.mun_a_page.url
    html = soup(client.get(url))
    switch = html.header.find("a", string="Версия для слабовидящих")
    assert switch["href"] == f"/vi/?next={url}"
    assert "visually-impaired" not in body_classes(client.get(url))

    response = client.get(switch["href"])
    assert response.status_code == 302 and response["Location"] == url
    assert client.cookies["portal_vi"].value == "1"

    response = client.get(url)
    assert "visually-impaired" in body_classes(response)
    assert "/static/themes/default/css/vi.css" in response.content.decode()
    html = soup(response)
    assert html.html["class"] == ["vi", "vi-size-normal", "vi-scheme-light"]
    back = html.header.find("a", string="Обычная версия")
    assert back is not None

    client.get(back["href"])
    assert "visually-impaired" not in body_classes(client.get(url))


def test_visually_impaired_scheme_and_size_are_remembered(client, tree):
    url = tree.region_page.url
    response = client.get(f"/vi/?scheme=dark&size=large&next={url}")
    assert response["Location"] == url
    html = soup(client.get(url))
    assert "visually-impaired" in body_classes(client.get(url))
    assert html.html["class"] == ["vi", "vi-size-large", "vi-scheme-dark"]
    current = html.select('.vi-panel [aria-current="true"]')
    assert [a.get_text(strip=True) for a in current] == [
        "Крупный шрифт",
        "Жёлтым по чёрному",
    ]
    # Choosing a scheme again keeps the version on rather than toggling it off.
    client.get(f"/vi/?scheme=blue&next={url}")
    assert soup(client.get(url)).html["class"][-1] == "vi-scheme-blue"


def test_visually_impaired_toggle_refuses_foreign_redirects(client, db):
    response = client.get("/vi/?next=https://evil.example/")
    assert response["Location"] == "/"
