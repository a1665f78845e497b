"""`portal demo` adds a mentors' registry, programmes, templates, mentors, pairs with
plans, needs and requests; a second run creates nothing; nothing personal of people
who did not consent reaches the public pages."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from plugins.mentoring.demo import build_demo_mentoring
from plugins.mentoring.models import (
    Meeting,
    Mentor,
    MentoringNeed,
    MentoringProgrammePage,
    MentorRegistryPage,
    Pair,
    PairRequest,
    PlanTask,
    PlanTemplate,
    SelfAssessment,
)
from plugins.mentoring.needs import needs_mentor
from portal.core.models import EditorRole, Person, Territory
from portal.demo.territory import REGION_OKTMO

SMALL = ["--municipalities", "3", "--organisations", "20", "--people", "150"]


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            MentorRegistryPage, MentoringProgrammePage, PlanTemplate, Mentor, Pair,
            PlanTask, Meeting, SelfAssessment, MentoringNeed, PairRequest,
        )
    }  # fmt: skip


@pytest.mark.django_db
def test_demo_mentoring_is_built_once_and_keeps_private_data_off_public_pages(client):
    out = io.StringIO()
    call_command("demo", *SMALL, stdout=out)
    assert "реестры наставников: 1" in out.getvalue()
    before = counts()
    assert before["MentorRegistryPage"] == 1 and before["MentoringProgrammePage"] == 3
    assert set(PlanTemplate.objects.values_list("title", flat=True)) == {
        "Адаптация молодого педагога", "Подготовка к аттестации",
        "Обратное наставничество: цифровые инструменты",
    }  # fmt: skip
    assert before["Mentor"] >= 10 and before["Pair"] >= 10
    assert before["PlanTask"] and before["Meeting"] and before["SelfAssessment"]
    assert before["MentoringNeed"] and before["PairRequest"]
    assert len({p.status for p in Pair.objects.all()}) >= 3
    forms = set(Pair.objects.values_list("form__code", flat=True))
    assert {"young-specialist", "group", "team", "reverse"} <= forms, forms
    # Every pair has its plan (register_pair), and many young teachers still need one.
    assert not Pair.objects.filter(plan__isnull=True).exists()
    school = EditorRole.objects.get(user__username="demo-school").organisation
    waiting = needs_mentor(Person.objects.filter(organisation=school))
    assert waiting.count() >= 2
    assert Pair.objects.filter(organisation=school).exists()

    # A second run (the command, then the hook's function itself) creates nothing.
    call_command("demo", *SMALL, stdout=io.StringIO())
    region = Territory.objects.get(oktmo=REGION_OKTMO)
    assert build_demo_mentoring(region, {}, {}, 1, timezone.localdate()) == {}
    assert counts() == before

    # Public pages: only consenting mentors, never mentees, contacts or birth dates.
    registry = MentorRegistryPage.objects.get()
    pages = [client.get(registry.url).content.decode()]
    for programme in MentoringProgrammePage.objects.all():
        pages.append(client.get(programme.url).content.decode())
    for mentor in Mentor.objects.select_related("person"):
        response = client.get(f"{registry.url}{mentor.pk}/")
        shown = mentor.person.public_consent and "name" in mentor.person.public_fields
        assert response.status_code == (
            200 if shown and mentor.status == "active" else 404
        )
        if response.status_code == 200:
            pages.append(response.content.decode())
    pages.append(client.get(registry.get_parent().url).content.decode())
    html = "\n".join(pages)
    assert "Реестр наставников" in html
    for mentor in Mentor.objects.select_related("person"):
        person = mentor.person
        if not (person.public_consent and "name" in person.public_fields):
            assert person.full_name not in html
    coordinators = set(
        MentoringProgrammePage.objects.values_list("coordinator_id", flat=True)
    )
    for pair in Pair.objects.prefetch_related("mentees"):
        for mentee in pair.mentees.all():
            shown_otherwise = mentee.pk in coordinators or hasattr(
                mentee, "mentor_card"
            )
            if not shown_otherwise:
                assert (
                    f"{mentee.last_name} {mentee.first_name} {mentee.middle_name}"
                    not in html
                )
    for person in Person.objects.exclude(email=""):
        assert person.email not in html
    for person in Person.objects.exclude(birth_date=None)[:200]:
        assert person.birth_date.strftime("%d.%m.%Y") not in html
