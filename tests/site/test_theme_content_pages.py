"""Default theme content pages: contacts, acts, glossary, news and stream blocks."""

import datetime as dt

from portal.core.models import GlossaryTerm, NormativeAct, Person, PersonRole
from portal.theme.templatetags.portal_theme import content_pages
from tests.factories.core import PersonFactory

from .theme_support import soup, template_names

# Content pages --------------------------------------------------------------------


def test_contacts_page_shows_only_public_fields_of_consenting_people(
    client, tree, content
):
    methodist = PersonRole.objects.get(code="methodist")
    shown = PersonFactory(
        last_name="Смирнова",
        organisation=tree.school_a,
        position="методист",
        email="smirnova@example.org",
        phone="+7 900 000-00-00",
        birth_date=dt.date(1980, 5, 17),
        public_consent=True,
        public_fields=[Person.PublicField.NAME, Person.PublicField.POSITION],
    )
    shown.roles.add(methodist)
    hidden = PersonFactory(
        last_name="Скрытова", organisation=tree.school_a, public_consent=False
    )
    hidden.roles.add(methodist)

    response = client.get(content["contacts"].url)
    people = soup(response).find(id="people-title").find_parent("section")
    assert people.find("h3").get_text(strip=True) == "Смирнова Мария Петровна"
    assert "методист" in people.get_text()
    page = response.content.decode()
    for secret in ("smirnova@example.org", "+7 900", "17.05.1980", "1980", "Скрытова"):
        assert secret not in page
    # The organisation was not chosen for display.
    assert "МБОУ СОШ № 1" not in people.get_text()


def make_act(n, kind, status=NormativeAct.Status.ACTIVE):
    return NormativeAct.objects.create(
        kind=kind,
        issuer="Минпросвещения России",
        number=f"{n}",
        date=dt.date(2024, 1, 1) + dt.timedelta(days=n),
        title=f"Документ {n:02d} ({kind})",
        status=status,
        level="federal",
    )


def test_acts_page_filters_with_a_plain_get_form_and_paginates(client, content):
    for n in range(30):
        make_act(n, NormativeAct.Kind.ORDER)
    make_act(99, NormativeAct.Kind.LAW, NormativeAct.Status.REPEALED)
    url = content["acts"].url

    html = soup(client.get(url))
    form = html.find("form", class_="filters")
    assert form["method"] == "get"
    assert {s["name"] for s in form.find_all("select")} == {"kind", "status"}
    assert form.find("button", type="submit") is not None
    for select in form.find_all("select"):
        assert html.find("label", attrs={"for": select["id"]}) is not None

    html = soup(client.get(url, {"kind": "law"}))
    titles = [h.get_text(strip=True) for h in html.select(".acts .act__title")]
    assert titles == ["Документ 99 (law)"]
    assert "Утратил силу" in html.select_one(".acts").get_text()

    html = soup(client.get(url, {"kind": "order", "status": "active"}))
    assert len(html.select(".acts > li")) == 25
    assert html.find("option", value="order").has_attr("selected")
    next_link = html.find("nav", class_="pagination").find("a", rel="next")
    assert "kind=order" in next_link["href"] and "page=2" in next_link["href"]

    html = soup(client.get(url + next_link["href"]))
    assert len(html.select(".acts > li")) == 5


def test_glossary_page_lists_terms(client, content):
    GlossaryTerm.objects.create(
        term="ИОМ",
        full_form="индивидуальный образовательный маршрут",
        definition="<p>План профессионального развития педагога.</p>",
    )
    html = soup(client.get(content["glossary"].url))
    entry = html.find("dfn", string="ИОМ").find_parent("div")
    assert "индивидуальный образовательный маршрут" in entry.get_text()
    assert "План профессионального развития педагога." in entry.get_text()


def test_news_index_lists_news_with_dates(client, content):
    html = soup(client.get(content["news_index"].url))
    item = html.select_one(".news-list__item")
    assert item.find("a").get_text(strip=True) == "Августовское совещание"
    assert item.find("time").get_text(strip=True) == "28 августа 2025"


def test_content_pages_excludes_sections_and_drafts(tree, content):
    content["standard"].unpublish()
    titles = [p.title for p in content_pages(tree.mun_a_page)]
    assert titles == ["Новости района", "Контакты", "Документы", "Глоссарий"]


def test_stream_blocks_render_through_theme_templates(client, content):
    page = content["standard"]
    page.body = [
        ("heading", {"text": "Задачи службы", "size": "h3"}),
        ("callout", {"title": "Важно", "text": "<p>Приём заявок до 1 сентября</p>"}),
        (
            "links",
            [
                {
                    "title": "Федеральный портал ДПО",
                    "url": "https://dppo.edu.ru/",
                    "description": "Реестр программ",
                }
            ],
        ),
    ]
    page.save_revision().publish()
    response = client.get(page.url)
    names = template_names(response)
    for block in ("blocks/heading.html", "blocks/callout.html", "blocks/links.html"):
        assert block in names
    html = soup(response)
    assert html.find("h3", string="Задачи службы") is not None
    assert "Приём заявок до 1 сентября" in html.find("aside", class_="callout").text
    link = html.select_one("ul.links a")
    assert link["href"] == "https://dppo.edu.ru/"
