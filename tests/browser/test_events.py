"""A teacher finds an event by filters, registers, gets the e-mail, adds it to their
calendar and cancels — in a real browser (Chromium) on a phone-sized screen."""

import datetime as dt

import pytest
from django.apps import apps

pytestmark = pytest.mark.browser

if not apps.is_installed("plugins.events"):
    pytest.skip("the events plugin is not enabled", allow_module_level=True)


@pytest.fixture
def calendar(site_tree):
    import importlib

    from django.apps import apps as django_apps

    from plugins.events.models import EventCalendarPage, EventPage, EventType

    # Live-server tests flush the database: the seeded lists are restored first.
    seeds = importlib.import_module("plugins.events.migrations.0002_seed_taxonomies")
    seeds.seed(django_apps, None)
    calendar = EventCalendarPage(title="Мероприятия", slug="meropriyatiya")
    site_tree["municipality"].add_child(instance=calendar)
    calendar.save_revision().publish()
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=7)
    for title, slug, event_format, code in [
        ("Вебинар «Функциональная грамотность»", "vebinar", "online", "webinar"),
        ("Семинар учителей математики", "seminar", "in_person", "seminar"),
    ]:
        event = EventPage(
            title=title,
            slug=slug,
            start=start,
            end=start + dt.timedelta(hours=2),
            event_format=event_format,
            event_type=EventType.objects.get(code=code),
            registration_mode="open",
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
