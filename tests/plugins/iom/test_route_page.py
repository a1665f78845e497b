"""The route page: who sees it (404 for strangers), what it shows (deficits, goals,
steps by deficit, overdue steps), progress from records on view, every action with
its permission check and Russian errors, evidence files in private storage, and
bounded queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from plugins.iom.models import CourseCompletion, Route, RouteStep
from tests.factories.core import PersonFactory, UserFactory, editor

from .conftest import competence, diagnostic, programme, route

pytestmark = pytest.mark.django_db

Status, StepStatus = Route.Status, RouteStep.Status


def signed_in(person):
    user = UserFactory()
    user.save()  # the factory skips the save after setting the password
    person.user = user
    person.save(update_fields=["user"])
    return user


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def setup(tree, users):
    """A teacher of school A with a route for two deficits: a programme step, an
    overdue event step and a self-study step; a tutor of the same region."""
    literacy, assessment = competence("functional-literacy"), competence("assessment")
    course = programme(literacy, title="Функциональная грамотность: практикум",
                       in_federal_registry=True)  # fmt: skip
    teacher = tree.person_a
    tutor = PersonFactory(organisation=tree.regional_org, last_name="Тьюторова",
                          position="методист")  # fmt: skip
    item = route(
        teacher,
        {"kind": "programme", "title": course.title, "deficit": literacy,
         "programme": course, "source_key": f"iom:programme:{course.pk}",
         "learning_form": "formal", "hours": 36, "planned_end": days(40)},
        {"kind": "event", "title": "Семинар по оцениванию", "deficit": assessment,
         "learning_form": "non_formal", "url": "/events/seminar/",
         "planned_start": days(-20), "planned_end": days(-10)},
        {"kind": "self_study", "title": "Прочитать методичку", "deficit": literacy,
         "learning_form": "informal"},
        diagnostic=diagnostic(teacher, literacy, assessment),
        goals="Научиться формировать функциональную грамотность",
        tutor=tutor,
        pace=Route.Pace.INTENSIVE,
    )  # fmt: skip
    item.deficits.set([literacy, assessment])
    return {
        "route": item, "teacher": teacher, "tutor": tutor, "course": course,
        "user": users.teacher, "tutor_user": signed_in(tutor),
        "steps": list(item.steps.order_by("order")),
    }  # fmt: skip


def url(item) -> str:
    return reverse("iom:route", args=[item.pk])


def post(client, user, item, follow=False, **data):
    client.force_login(user)
    return client.post(url(item), data, follow=follow)


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# Who sees it ------------------------------------------------------------------------


def test_the_owner_the_tutor_and_the_coordinators_see_the_route(client, setup, users):
    assert url(setup["route"]) == f"/iom/routes/{setup['route'].pk}/"
    for user in (setup["user"], setup["tutor_user"], users.organisation_editor,
                 users.municipal_editor, users.regional_admin):  # fmt: skip
        client.force_login(user)
        assert client.get(url(setup["route"])).status_code == 200, user


def test_strangers_get_404_and_anonymous_visitors_the_login_page(client, setup, tree):
    response = client.get(url(setup["route"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    other_municipality = editor("municipal_editor", territory=tree.mun_b)
    for user in (signed_in(tree.person_b), other_municipality):
        client.force_login(user)
        assert client.get(url(setup["route"])).status_code == 404
    client.force_login(setup["user"])
    assert client.get(reverse("iom:route", args=[999999])).status_code == 404


def test_the_page_shows_the_route_and_its_steps_by_deficit(client, setup):
    client.force_login(setup["user"])
    text = text_of(client.get(url(setup["route"])))
    for expected in ("Научиться формировать функциональную грамотность",
                     "Тьюторова", "Интенсивный", "Черновик",
                     competence("functional-literacy").name,
                     competence("assessment").name,
                     "Функциональная грамотность: практикум", "Программа ДПП",
                     "Формальное обучение".lower(), "Семинар по оцениванию",
                     'href="/events/seminar/"', "в федеральном реестре",
                     "Выполнено шагов: 0 из 3"):  # fmt: skip
        assert expected in text, expected
    # grouped: the literacy steps together, before the assessment step
    assert text.index("практикум") < text.index("Прочитать методичку")
    assert text.index("Прочитать методичку") < text.index("Семинар по оцениванию")


def test_an_overdue_step_is_highlighted(client, setup):
    client.force_login(setup["user"])
    text = text_of(client.get(url(setup["route"])))
    overdue = setup["steps"][1]
    assert (
        f'id="step-{overdue.pk}" class="iom-card iom-card--planned iom-card--overdue"'
        in text
    )
    assert text.count('iom-card--overdue"') == 1
    assert "1 шаг просрочен" in text


def test_an_imported_course_marks_its_step_done_when_the_page_opens(client, setup):
    CourseCompletion.objects.create(
        person=setup["teacher"], programme=setup["course"],
        completed_on=days(-1), document_number="ПК-77",
    )  # fmt: skip
    client.force_login(setup["user"])
    text = text_of(client.get(url(setup["route"])))
    step = RouteStep.objects.get(pk=setup["steps"][0].pk)
    assert step.status == StepStatus.DONE and step.done_on == days(-1)
    assert "ПК-77" in text
    assert "Выполнено шагов: 1 из 3" in text


# Editing ----------------------------------------------------------------------------


def test_the_owner_edits_the_route_and_bad_dates_get_a_russian_error(client, setup):
    item = setup["route"]
    response = post(client, setup["user"], item, **{
        "action": "route", "route-goals": "Новые цели", "route-pace": "gentle",
        "route-start_date": "2026-12-01", "route-end_date": "2026-11-01",
        "route-deficits": [d.pk for d in item.deficits.all()],
    })  # fmt: skip
    assert "Окончание не может быть раньше начала." in text_of(response)
    item.refresh_from_db()
    assert item.goals != "Новые цели"
    response = post(client, setup["user"], item, **{
        "action": "route", "route-goals": "Новые цели", "route-pace": "gentle",
        "route-start_date": "2026-12-01", "route-end_date": "2027-05-31",
        "route-deficits": [competence("assessment").pk],
        "route-tutor": "", "route-personal_resources": "Время по субботам",
    })  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.goals, item.pace, item.end_date) == (
        "Новые цели",
        "gentle",
        datetime.date(2027, 5, 31),
    )
    assert item.personal_resources == "Время по субботам" and item.tutor is None
    assert list(item.deficits.values_list("code", flat=True)) == ["assessment"]


def test_a_tutor_from_another_region_is_not_a_valid_choice(client, setup):
    stranger = PersonFactory(position="методист")  # another region
    response = post(client, setup["user"], setup["route"], **{
        "action": "route", "route-pace": "standard", "route-tutor": stranger.pk,
    })  # fmt: skip
    assert "Выберите тьютора из списка." in text_of(response)


def test_a_step_added_by_hand_is_checked(client, setup):
    item = setup["route"]
    data = {"action": "add_step", "new-step-title": "Открытый урок",
            "new-step-kind": "other", "new-step-url": "javascript:alert(1)",
            "new-step-hours": "0"}  # fmt: skip
    text = text_of(post(client, setup["user"], item, **data))
    assert "Ссылка начинается с https://" in text
    assert "Часов — от 1 до 2000." in text
    assert item.steps.count() == 3
    data.update({"new-step-url": "https://example.org/lesson", "new-step-hours": "4",
                 "new-step-deficit": competence("assessment").pk,
                 "new-step-planned_end": "2027-02-01"})  # fmt: skip
    response = post(client, setup["user"], item, **data)
    assert response.status_code == 302
    step = item.steps.get(title="Открытый урок")
    assert (step.learning_form, step.hours, step.order) == ("informal", 4, 3)


def test_a_step_is_added_from_the_offers(client, setup):
    item = setup["route"]
    literacy = competence("functional-literacy")
    other = programme(literacy, title="Читательская грамотность")
    client.force_login(setup["user"])
    offers = text_of(client.get(reverse("iom:route_offers", args=[item.pk])))
    assert "Читательская грамотность" in offers
    assert "Уже в маршруте." in offers  # the route's own programme
    response = post(client, setup["user"], item, action="add_offer",
                    deficit=literacy.pk, key=f"iom:programme:{other.pk}")  # fmt: skip
    assert response.status_code == 302
    step = item.steps.get(source_key=f"iom:programme:{other.pk}")
    assert (step.deficit, step.programme, step.kind) == (literacy, other, "programme")
    forged = post(client, setup["user"], item, action="add_offer",
                  deficit=literacy.pk, key="iom:programme:999999")  # fmt: skip
    assert "больше недоступно" in text_of(forged)


def test_the_offers_page_is_for_those_who_edit(client, setup, tree):
    client.force_login(signed_in(tree.person_b))
    assert (
        client.get(reverse("iom:route_offers", args=[setup["route"].pk])).status_code
        == 404
    )


def test_removing_a_step_deletes_it_before_agreement_and_cancels_it_after(
    client, setup
):
    item, (first, second, third) = setup["route"], setup["steps"]
    post(client, setup["user"], item, action="remove_step", step=third.pk)
    assert not RouteStep.objects.filter(pk=third.pk).exists()
    Route.objects.filter(pk=item.pk).update(status=Status.AGREED)
    post(client, setup["user"], item, action="remove_step", step=second.pk)
    assert RouteStep.objects.get(pk=second.pk).status == StepStatus.SKIPPED
    RouteStep.objects.filter(pk=first.pk).update(status=StepStatus.DONE)
    text = text_of(
        post(client, setup["user"], item, action="remove_step", step=first.pk)
    )
    assert "Выполненный шаг удалить нельзя" in text
    assert RouteStep.objects.filter(pk=first.pk, status=StepStatus.DONE).exists()


def test_marking_a_step_done_with_evidence_and_a_private_file(client, setup, tree):
    item, step = setup["route"], setup["steps"][2]
    base = {"action": "done", "step": step.pk}
    empty = post(client, setup["user"], item, **base, **{f"done-{step.pk}-done_on": ""})
    assert "Опишите результат или приложите файл подтверждения." in text_of(empty)
    future = post(
        client,
        setup["user"],
        item,
        **base,
        **{
            f"done-{step.pk}-done_on": days(3).isoformat(),
            f"done-{step.pk}-evidence": "x",
        },
    )
    assert "Дата выполнения ещё не наступила." in text_of(future)
    bad = SimpleUploadedFile("script.exe", b"MZ")
    text = text_of(post(client, setup["user"], item, **base,
                        **{f"done-{step.pk}-evidence_file": bad}))  # fmt: skip
    assert "Такой файл не принимается" in text
    assert RouteStep.objects.get(pk=step.pk).status == StepStatus.PLANNED
    upload = SimpleUploadedFile("конспект.pdf", b"%PDF-1.4 evidence")
    response = post(client, setup["user"], item, **base, **{
        f"done-{step.pk}-evidence": "Конспект и план урока",
        f"done-{step.pk}-evidence_file": upload})  # fmt: skip
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.done_on, step.evidence) == (
        StepStatus.DONE,
        timezone.localdate(),
        "Конспект и план урока",
    )
    assert step.done_source == "отметка педагога"
    with pytest.raises(ValueError):
        step.evidence_file.url  # noqa: B018 - private storage has no public URL
    download = reverse("iom:evidence", args=[item.pk, step.pk])
    assert download in text_of(client.get(url(item)))
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert "no-store" in response["Cache-Control"]
    client.force_login(signed_in(tree.person_b))
    assert client.get(download).status_code == 404


# Agreement and completion -----------------------------------------------------------


def test_submit_agree_return_and_who_may(client, setup):
    item = setup["route"]
    text = text_of(
        post(client, setup["tutor_user"], item, action="submit", follow=True)
    )
    assert "Это действие вам недоступно." in text
    assert Route.objects.get(pk=item.pk).status == Status.DRAFT
    post(client, setup["user"], item, action="submit")
    assert Route.objects.get(pk=item.pk).status == Status.SUBMITTED
    post(client, setup["user"], item, action="agree")
    assert Route.objects.get(pk=item.pk).status == Status.SUBMITTED
    post(client, setup["tutor_user"], item, action="return")
    assert Route.objects.get(pk=item.pk).status == Status.DRAFT
    post(client, setup["user"], item, action="submit")
    client.force_login(setup["tutor_user"])
    assert "Согласовать маршрут" in text_of(client.get(url(item)))
    post(client, setup["tutor_user"], item, action="agree")
    item.refresh_from_db()
    assert item.status == Status.AGREED
    assert item.agreed_by == setup["tutor_user"] and item.agreed_at is not None


def test_an_empty_route_is_not_submitted(client, tree, users):
    user = users.teacher
    item = route(tree.person_a)
    text = text_of(post(client, user, item, action="submit"))
    assert "Добавьте в маршрут хотя бы один шаг." in text
    assert Route.objects.get(pk=item.pk).status == Status.DRAFT


def test_the_tutor_recognises_non_formal_learning(client, setup):
    item, (course_step, event_step, _self) = setup["route"], setup["steps"]
    RouteStep.objects.filter(pk__in=[course_step.pk, event_step.pk]).update(
        status=StepStatus.DONE, done_on=days(-1), evidence="Сертификат участника"
    )
    post(
        client,
        setup["user"],
        item,
        action="recognise",
        step=event_step.pk,
        recognised="1",
    )
    assert not RouteStep.objects.get(pk=event_step.pk).recognised  # not the owner's
    text = text_of(post(client, setup["tutor_user"], item, action="recognise",
                        step=course_step.pk, recognised="1"))  # fmt: skip
    assert "формальное подтверждается документом" in text
    post(client, setup["tutor_user"], item, action="recognise", step=event_step.pk,
         recognised="1")  # fmt: skip
    step = RouteStep.objects.get(pk=event_step.pk)
    assert step.recognised and step.recognised_by == setup["tutor_user"]


def test_a_route_completes_only_when_every_step_is_done(client, setup):
    item, steps = setup["route"], setup["steps"]
    Route.objects.filter(pk=item.pk).update(status=Status.IN_PROGRESS)
    text = text_of(post(client, setup["user"], item, action="complete"))
    assert "Не выполнено шагов: 3." in text
    RouteStep.objects.filter(pk__in=[s.pk for s in steps[:2]]).update(
        status=StepStatus.DONE, done_on=days(-1)
    )
    RouteStep.objects.filter(pk=steps[2].pk).update(status=StepStatus.SKIPPED)
    response = post(client, setup["user"], item, action="complete")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.completed_on) == (Status.COMPLETED, timezone.localdate())
    text = text_of(post(client, setup["user"], item, follow=True, action="route",
                        **{"route-goals": "x"}))  # fmt: skip
    assert "Это действие вам недоступно." in text
    assert "Изменить цели" not in text and "Отметить выполнение" not in text
    assert Route.objects.get(pk=item.pk).goals != "x"


@pytest.mark.parametrize(
    "data",
    [{}, {"action": "nonsense"}, {"action": "edit_step", "step": "abc"},
     {"action": "done", "step": "999999"}, {"action": "add_offer", "deficit": "x"},
     {"action": "route", "route-pace": "warp", "route-deficits": ["x"]}],
)  # fmt: skip
def test_bad_input_never_breaks_the_page(client, setup, data):
    response = post(client, setup["user"], setup["route"], **data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        response = client.get(response["Location"])
    assert response.status_code == 200


def test_the_page_reads_a_bounded_number_of_queries(
    client, setup, django_assert_max_num_queries
):
    item = setup["route"]
    client.force_login(setup["user"])
    client.get(url(item))
    with django_assert_max_num_queries(40) as small:
        text_of(client.get(url(item)))
    for n in range(20):
        RouteStep.objects.create(route=item, order=10 + n, kind="event", title=f"Шаг {n}",
                                 deficit=competence("assessment"), hours=2)  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        text_of(client.get(url(item)))
