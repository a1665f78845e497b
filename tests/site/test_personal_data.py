"""152-ФЗ: personal data of people who did not consent never reaches public responses.

Builds the demo region, crawls every public page and the public API anonymously, and
searches the responses for the birth dates, e-mails and phones of every person, and the
names of people who did not consent to showing their name.
"""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from portal.core.models import Person


def public_urls(client):
    urls = [p.url for p in Page.objects.live().public().specific() if p.url]
    for endpoint in ("/api/people/", "/api/organisations/"):
        page = 1
        while True:
            data = client.get(endpoint, {"page": page}).json()
            urls.append(f"{endpoint}?page={page}")
            if page * 100 >= data["count"]:
                break
            page += 1
    return urls + ["/opendata/"]


@pytest.fixture
def demo_site(db):
    call_command(
        "demo", municipalities=3, organisations=30, people=300, stdout=io.StringIO()
    )


def test_public_responses_hold_no_personal_data_without_consent(client, demo_site):
    corpus = []
    for url in public_urls(client):
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        if response.status_code == 200:
            corpus.append(response.content.decode())
    text = "\n".join(corpus)
    assert len(corpus) > 20, "the crawl found too few public pages"

    people = list(Person.objects.all())
    shown_names = {
        p.full_name for p in people if p.public_consent and "name" in p.public_fields
    }
    assert shown_names, "the demo should have consenting people to show"
    assert any(name in text for name in shown_names), (
        "consenting people should appear on public pages"
    )

    leaks = []
    for person in people:
        if person.email and person.email in text:
            leaks.append(f"e-mail of {person.full_name}")
        if person.phone and _digits(person.phone) in _digits_index(text):
            leaks.append(f"phone of {person.full_name}")
        if person.birth_date and (
            person.birth_date.strftime("%d.%m.%Y") in text
            or person.birth_date.isoformat() in text
        ):
            leaks.append(f"birth date of {person.full_name}")
        hidden = not (person.public_consent and "name" in person.public_fields)
        if hidden and person.full_name not in shown_names and person.full_name in text:
            leaks.append(f"name of {person.full_name} (no consent)")
    assert leaks == []


_cache: dict[int, str] = {}


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _digits_index(text: str) -> str:
    key = id(text)
    if key not in _cache:
        _cache.clear()
        _cache[key] = " ".join(
            _digits(chunk) for chunk in re.findall(r"[\d\-\s()+]{7,}", text)
        )
    return _cache[key]


def test_public_api_shows_only_chosen_fields(client, tree):
    tree.person_a.public_consent = True
    tree.person_a.public_fields = ["name"]
    tree.person_a.email = "secret@example.org"
    tree.person_a.save()
    tree.person_b.public_consent = False
    tree.person_b.public_fields = ["name", "position"]
    tree.person_b.save()
    results = client.get("/api/people/").json()["results"]
    assert results == [{"id": tree.person_a.pk, "name": tree.person_a.full_name}]


def test_contacts_page_shows_only_consenting_methodists(client, tree):
    from portal.core.models import PersonRole
    from portal.sections.models import ContactsPage

    methodist = PersonRole.objects.get(code="methodist")
    for person, consent in ((tree.person_a, True), (tree.person_b, False)):
        person.public_consent = consent
        person.public_fields = ["name", "position"]
        person.organisation = tree.school_a
        person.email = f"{person.last_name}@example.org"
        person.save()
        person.roles.add(methodist)
    page = ContactsPage(title="Контакты", slug="contacts")
    tree.mun_a_page.add_child(instance=page)
    html = client.get(page.url).content.decode()
    assert tree.person_a.full_name in html
    assert tree.person_b.full_name not in html
    assert "@example.org" not in html


def test_public_search_index_holds_no_personal_data(demo_site):
    """Everything the demo put in the public index: no contacts or birth dates, no one without consent."""
    from search.models import EmbeddedDocument

    documents = list(
        EmbeddedDocument.objects.values_list("key", "title", "summary", "body")
    )
    assert len(documents) > 200
    text = "\n".join(" ".join(row[1:]) for row in documents)
    keys = {row[0] for row in documents}
    leaks = []
    for person in Person.objects.all():
        if person.email and person.email in text:
            leaks.append(f"e-mail of {person.full_name}")
        if person.birth_date and person.birth_date.strftime("%d.%m.%Y") in text:
            leaks.append(f"birth date of {person.full_name}")
        consented = person.public_consent and "name" in person.public_fields
        if (f"person:{person.pk}" in keys) is not consented:
            leaks.append(
                f"{person.full_name}: indexed={not consented}, consent={consented}"
            )
    assert leaks == []


def test_organisation_page_lists_staff_who_chose_to_show_their_organisation(
    client, tree
):
    """On the school's page: consenting staff who show their name and organisation;
    nobody else, no contacts; the search hit of a listed person links to their card."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.outbox import apply_all_pending
    from search.query import SearchQuery
    from search.service import search
    from tests.factories.core import PersonFactory

    shown = [
        (tree.person_a, True, ["name", "position", "organisation"]),
        (tree.person_b, True, ["name", "position"]),  # organisation kept private
    ]
    for person, consent, fields in shown:
        person.public_consent, person.public_fields = consent, fields
        person.organisation = tree.school_a
        person.email = f"{person.last_name}@example.org"
        person.save()
    hidden = PersonFactory(organisation=tree.school_a, public_consent=False)
    page = tree.school_a_page
    html = client.get(page.url).content.decode()
    assert tree.person_a.full_name in html and f'id="person-{tree.person_a.pk}"' in html
    assert tree.person_b.full_name not in html and hidden.full_name not in html
    assert "@example.org" not in html
    apply_all_pending()
    hits = {h.key: h for h in search(SearchQuery(q=tree.person_a.last_name)).hits}
    assert hits[f"person:{tree.person_a.pk}"].url == (
        f"{page.url}#person-{tree.person_a.pk}"
    )
    hits = {h.key: h for h in search(SearchQuery(q=tree.person_b.last_name)).hits}
    assert hits[f"person:{tree.person_b.pk}"].url == ""
    # The list costs the same queries for 2 people as for 22.
    with CaptureQueriesContext(connection) as few:
        client.get(page.url)
    for _ in range(20):
        PersonFactory(
            organisation=tree.school_a,
            public_consent=True,
            public_fields=["name", "organisation", "subjects"],
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(page.url).content.decode()
    assert html.count('class="card person"') == 21
    assert len(many) == len(few)
