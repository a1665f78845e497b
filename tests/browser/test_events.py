"""In a real browser (Chromium): a teacher finds an event by filters, registers, gets
the e-mail, adds it to their calendar and cancels, on a phone-sized screen; the
organiser approves a request, marks attendance on the check-in page from a phone and
downloads the certificates; a municipal event of regional level waits for the
regional centre's approval."""

import datetime as dt

import pytest
from django.apps import apps

from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

if not apps.is_installed("plugins.events"):
    pytest.skip("the events plugin is not enabled", allow_module_level=True)


@pytest.fixture
def calendar(site_tree):
    import importlib

    from django.apps import apps as django_apps

    from plugins.events.models import EventCalendarPage, EventPage, EventType

    # Live-server tests flush the database: the seeded lists and the approval
    # workflow are restored first.
    seeds = importlib.import_module("plugins.events.migrations.0002_seed_taxonomies")
    seeds.seed(django_apps, None)
    workflow = importlib.import_module(
        "plugins.events.migrations.0006_approval_workflow"
    )
    workflow.create(django_apps, None)
    calendar = EventCalendarPage(title="Мероприятия", slug="meropriyatiya")
    site_tree["municipality"].add_child(instance=calendar)
    calendar.save_revision().publish()
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=7)
    for title, slug, event_format, code, mode in [
        (
            "Вебинар «Функциональная грамотность»",
            "vebinar",
            "online",
            "webinar",
            "open",
        ),
        ("Семинар учителей математики", "seminar", "in_person", "seminar", "moderated"),
    ]:
        event = EventPage(
            title=title,
            slug=slug,
            start=start,
            end=start + dt.timedelta(hours=2),
            event_format=event_format,
            event_type=EventType.objects.get(code=code),
            registration_mode=mode,
            capacity=30,
            online_url="https://example.org/webinar-room"
            if event_format == "online"
            else "",
        )
        calendar.add_child(instance=event)
        event.save_revision().publish()
    return calendar


def test_teacher_finds_registers_adds_to_calendar_and_cancels(
    browser_page, calendar, artifacts_dir
):
    from django.core import mail
    from icalendar import Calendar

    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(calendar.url)
    page.get_by_text("Фильтры").click()  # folded on a phone: results come first
    page.get_by_label("Дистанционно").check()
    page.get_by_role("button", name="Показать").click()
    titles = page.locator(".event-card__title").all_inner_texts()
    assert titles == ["Вебинар «Функциональная грамотность»"]
    assert_accessible(page, "the calendar with filters open")
    page.screenshot(path=artifacts_dir / "events-calendar-phone.png", full_page=True)

    page.get_by_role("link", name="Вебинар «Функциональная грамотность»").click()
    page.get_by_role("textbox", name="Фамилия, имя, отчество").fill(
        "Иванова Мария Петровна"
    )
    page.get_by_role("textbox", name="E-mail").fill("ivanova@example.org")
    page.get_by_role("textbox", name="Организация").fill("МБОУ СОШ № 1")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_url("**/registered/**")
    assert page.locator(".ticket__status").inner_text() == "Участие подтверждено"
    assert page.get_by_role(
        "link", name="https://example.org/webinar-room"
    ).is_visible()
    page.screenshot(path=artifacts_dir / "events-ticket-phone.png", full_page=True)
    assert_accessible(page, "the ticket page")
    (message,) = mail.outbox
    assert (
        message.subject == "Вы зарегистрированы: Вебинар «Функциональная грамотность»"
    )
    assert page.url.split("/registered/")[1].strip("/") in message.body

    ics = page.get_by_role("link", name="Добавить в календарь").get_attribute("href")
    response = page.request.get(ics)
    (event,) = Calendar.from_ical(response.body()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Вебинар «Функциональная грамотность»"

    page.get_by_role("button", name="Отменить участие").click()
    page.wait_for_load_state()
    assert page.locator(".ticket__status").inner_text() == "Отменена участником"
    assert mail.outbox[-1].subject.startswith("Регистрация отменена")


def register(page, event_url, name, email):
    page.goto(event_url)
    page.get_by_role("textbox", name="Фамилия, имя, отчество").fill(name)
    page.get_by_role("textbox", name="E-mail").fill(email)
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_url("**/registered/**")


def test_organiser_approves_marks_attendance_and_downloads_certificates(
    browser_page, calendar, site_tree, artifacts_dir, tmp_path
):
    import io

    import pypdf
    from django.core import mail

    from plugins.events.models import EventPage, Registration
    from tests.browser.test_imports_admin import log_in_as_municipal_editor

    page = browser_page
    seminar = EventPage.objects.get(slug="seminar")
    register(page, seminar.url, "Иванова Мария Петровна", "ivanova@example.org")
    assert page.locator(".ticket__status").inner_text() == (
        "Ожидает подтверждения организатора"
    )
    page.context.clear_cookies()

    log_in_as_municipal_editor(page, site_tree)
    page.goto(f"/admin/pages/{seminar.pk}/edit/")
    page.get_by_role("link", name="Участники").first.click()
    page.get_by_role("link", name="Иванова Мария Петровна").click()
    page.locator("#id_status").select_option(label="Участие подтверждено")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_load_state()
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert (
        mail.outbox[-1].subject == "Участие подтверждено: Семинар учителей математики"
    )

    page.set_viewport_size({"width": 390, "height": 844})  # at the door, a phone
    page.goto(f"/admin/events/{seminar.pk}/checkin/")
    page.get_by_role("searchbox").fill("иванова")
    page.get_by_role("button", name="Найти").click()
    page.get_by_role("button", name="Отметить: Иванова Мария Петровна").click()
    page.wait_for_load_state()
    assert page.get_by_text("Отмечено: 1 из 1").is_visible()
    page.screenshot(path=artifacts_dir / "events-checkin-phone.png", full_page=True)
    registration.refresh_from_db()
    assert registration.attended

    with page.expect_download() as download:
        page.get_by_role("link", name="Сертификаты присутствовавших (PDF)").click()
    path = tmp_path / "certificates.pdf"
    download.value.save_as(path)
    (certificate,) = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    assert "Иванова Мария Петровна" in certificate.extract_text()


def test_municipal_event_of_regional_level_waits_for_the_centre(
    browser_page, calendar, site_tree
):
    from plugins.events.models import EventPage
    from tests.browser.test_imports_admin import log_in_as_municipal_editor

    page = log_in_as_municipal_editor(browser_page, site_tree)
    page.goto(f"/admin/pages/add/events/eventpage/{calendar.pk}/")
    page.locator("#id_title").fill("Региональная конференция")
    page.locator("#id_level").select_option(label="Региональный")
    chooser = page.locator("#id_event_type").locator("xpath=..")
    chooser.get_by_role("button").first.click()  # the snippet chooser's modal
    page.locator(".modal").get_by_role("link", name="Конференция", exact=True).click()
    start = (dt.date.today() + dt.timedelta(days=30)).strftime("%Y-%m-%d 10:00")
    page.locator("#id_start").fill(start)
    page.locator("#id_title").click()  # closes the date picker, which covers the menu
    page.get_by_role("button", name="Больше действий").click()
    page.get_by_role("button", name="Опубликовать").click()
    page.wait_for_load_state()
    assert page.get_by_text("отправлено на согласование").first.is_visible()
    event = EventPage.objects.get(title="Региональная конференция")
    assert not event.live and event.current_workflow_state is not None
    assert page.request.get(calendar.url + event.slug + "/").status == 404
