"""The annual events plan: import through the pipeline as event pages, export as XLSX."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import Page, PageLogEntry, WorkflowState

from plugins.events.models import Audience, EventPage
from plugins.events.resources import AnnualPlanResource
from portal.core.models import Person, Subject
from portal.imports.engine import run_import
from portal.imports.readers import read_table
from portal.imports.workbooks import template
from search.models import OutboxEntry
from tests.imports.files import rows_xlsx

from .conftest import make_event

pytestmark = pytest.mark.django_db

IRKUTSK = zoneinfo.ZoneInfo("Asia/Irkutsk")
HEADER = ["Название", "Тип", "Уровень", "Формат", "Дата и время начала", "Окончание",
          "Место проведения", "Организатор", "Аудитория", "Предметы", "Вместимость",
          "Регистрация", "Год плана", "Анонс"]  # fmt: skip


def row(title="Семинар учителей математики", **cells):
    values = {
        "Название": title, "Тип": "Семинар", "Уровень": "Муниципальный",
        "Формат": "очно", "Дата и время начала": "12.03.2026 10:00",
        "Окончание": "13:00", "Место проведения": "ИМЦ", "Организатор": "МБОУ СОШ № 1",
        "Аудитория": "педагоги; methodists", "Предметы": "Математика",
        "Вместимость": "50", "Регистрация": "Открытая", "Год плана": "2026",
        "Анонс": "Разбор заданий",
    }  # fmt: skip
    values.update(cells)
    return values


def plan_file(*rows, header=HEADER) -> bytes:
    return rows_xlsx([header, *[[r.get(h) for h in header] for r in rows]])


def run(data: bytes, user, **options):
    table = read_table(data, "plan.xlsx")
    return run_import(AnnualPlanResource(), table, user, **options)


def errors(report) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in report.errors]


@pytest.fixture
def maths(db):
    return Subject.objects.get_or_create(name="Математика")[0]


@pytest.fixture
def two_rows(maths):
    return plan_file(
        row(),
        row("Открытый урок", **{"Тип": "open-lesson", "Дата и время начала":
            dt.datetime(2026, 4, 2, 9, 30), "Окончание": None, "Аудитория": None}),
    )  # fmt: skip


def test_import_creates_published_event_pages(users, calendars, two_rows, tree):
    report = run(two_rows, users.municipal_editor)
    assert (report.new, report.updated, report.rejected) == (2, 0, 0), errors(report)
    assert report.applied
    assert not any(Page.find_problems())  # the tree stays valid
    seminar = EventPage.objects.get(title="Семинар учителей математики")
    assert seminar.get_parent().pk == calendars.mun_a.pk
    assert seminar.live and seminar.first_published_at
    assert seminar.live_revision_id == seminar.latest_revision_id is not None
    assert seminar.revisions.count() == 1
    assert (
        seminar.municipality_id == tree.mun_a.pk and seminar.region_id == tree.region.pk
    )
    # Local time of the region's zone, stored in UTC.
    assert seminar.time_zone == "Asia/Irkutsk"
    assert seminar.start == dt.datetime(2026, 3, 12, 10, tzinfo=IRKUTSK)
    assert seminar.end == dt.datetime(2026, 3, 12, 13, tzinfo=IRKUTSK)
    assert seminar.organiser == tree.school_a and seminar.capacity == 50
    assert seminar.registration_mode == EventPage.RegistrationMode.OPEN
    assert seminar.event_type.code == "seminar" and seminar.plan_year == 2026
    assert {a.code for a in seminar.audiences.all()} == {"teachers", "methodists"}
    assert [s.name for s in seminar.subjects.all()] == ["Математика"]
    assert seminar.revisions.get().content["audiences"]
    lesson = EventPage.objects.get(title="Открытый урок")
    assert lesson.event_type.code == "open-lesson" and lesson.end is None
    assert not lesson.audiences.exists()
    actions = set(
        PageLogEntry.objects.filter(page=seminar).values_list("action", flat=True)
    )
    assert {"wagtail.create", "wagtail.publish"} <= actions
    assert OutboxEntry.objects.filter(object_pk=str(seminar.pk)).exists()
    assert client_get(calendars.mun_a.url + seminar.slug + "/").status_code == 200


def client_get(url):
    from django.test import Client

    return Client().get(url)


def test_preview_counts_and_writes_nothing(users, calendars, two_rows):
    report = run(two_rows, users.municipal_editor, dry_run=True)
    assert (report.rows, report.new, report.rejected) == (2, 2, 0)
    assert not report.applied
    assert not EventPage.objects.exists()


def test_the_same_file_again_changes_nothing(users, calendars, two_rows):
    run(two_rows, users.municipal_editor)
    again = run(two_rows, users.municipal_editor)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2), errors(again)
    assert EventPage.objects.count() == 2
    assert EventPage.objects.get(title="Открытый урок").revisions.count() == 1


def test_a_changed_cell_updates_the_event_with_a_published_revision(
    users, calendars, two_rows
):
    run(two_rows, users.municipal_editor)
    changed = plan_file(
        row(**{"Дата и время начала": "12.03.2026 11:00", "Место проведения": "Школа № 1",
               "Аудитория": "педагоги"}),
    )  # fmt: skip
    preview = run(changed, users.municipal_editor, dry_run=True)
    assert (preview.updated, preview.new) == (1, 0)
    (change,) = preview.changes
    assert change.action == "updated"
    assert set(change.fields) == {
        ("Дата и время начала", "12.03.2026 10:00", "12.03.2026 11:00"),
        ("Место проведения", "ИМЦ", "Школа № 1"),
        ("Аудитория", "Методисты, Педагоги", "Педагоги"),
    }
    report = run(changed, users.municipal_editor)
    assert report.updated == 1 and report.applied
    seminar = EventPage.objects.get(title="Семинар учителей математики")
    assert seminar.start == dt.datetime(2026, 3, 12, 11, tzinfo=IRKUTSK)
    assert seminar.venue == "Школа № 1"
    assert [a.code for a in seminar.audiences.all()] == ["teachers"]
    assert seminar.revisions.count() == 2
    assert seminar.live_revision_id == seminar.latest_revision_id
    assert not seminar.has_unpublished_changes
    edit = PageLogEntry.objects.filter(page=seminar, action="wagtail.edit").get()
    assert edit.user == users.municipal_editor
    # Unchanged columns of the updated event stay as they were.
    assert seminar.capacity == 50 and seminar.organiser_id is not None
    assert run(changed, users.municipal_editor).unchanged == 1


def test_errors_name_row_and_column_and_nothing_is_written(users, calendars, maths):
    data = plan_file(
        row("Хороший семинар"),
        row("Неизвестный вид", **{"Тип": "Хоровод"}),
        row("Плохая дата", **{"Дата и время начала": "31.02.2026 10:00"}),
        row("Конец раньше", **{"Окончание": "12.03.2026 09:00"}),
        row("Без организатора", **{"Организатор": "Школа-призрак"}),
        row("Дважды"),
        row("дважды"),
        row("Без времени", **{"Дата и время начала": "12.03.2026"}),
        row("Чужой предмет", **{"Предметы": "Алхимия"}),
        row("", **{"Уровень": "Космический"}),
    )
    report = run(data, users.municipal_editor)
    assert not report.applied and report.rejected == 9
    assert set(errors(report)) == {
        (3, "Тип"),
        (4, "Дата и время начала"),
        (5, "Окончание"),
        (6, "Организатор"),
        (7, "Название"),
        (8, "Название"),
        (9, "Дата и время начала"),
        (10, "Предметы"),
        (11, "Название"),
        (11, "Уровень"),
    }
    messages = {e.row: e.sentence() for e in report.errors}
    assert "Хоровод" in messages[3] and "справочнике" in messages[3]
    assert "Окончание раньше начала" in messages[5]
    assert "Школа-призрак" in messages[6]
    assert "строка 8" in messages[7] and "строка 7" in messages[8]
    assert messages[4].startswith("Строка 4, столбец «Дата и время начала»")
    assert not EventPage.objects.exists()  # the good row waits for the others
    valid = run(data, users.municipal_editor, valid_only=True)
    assert valid.applied and valid.new == 1
    assert list(EventPage.objects.values_list("title", flat=True)) == [
        "Хороший семинар"
    ]


def test_a_municipal_editor_imports_into_their_calendar_only(
    users, calendars, maths, tree
):
    header = [*HEADER, "Календарь"]
    other = plan_file(row(**{"Календарь": "Район Б"}), header=header)
    report = run(other, users.municipal_editor)
    assert errors(report) == [(2, "Календарь")]
    assert "не относится к вашей территории" in report.errors[0].message
    # Their school's calendar lies in their municipality; a named one is found by
    # its address too.
    school = plan_file(row(**{"Календарь": calendars.school_a.url}), header=header)
    assert run(school, users.municipal_editor).new == 1
    assert EventPage.objects.get().get_parent().pk == calendars.school_a.pk
    # Without a section of their own there is no calendar to import into.
    report = run(plan_file(row("Ещё")), users.teacher)
    assert errors(report) == [(2, "Календарь")]
    assert "нет календаря" in report.errors[0].message


def test_several_calendars_need_the_calendar_column(users, calendars, maths, tree):
    report = run(plan_file(row()), users.superuser)
    assert errors(report) == [(2, "Календарь")]
    assert "несколько" in report.errors[0].message
    header = [*HEADER, "Календарь"]
    named = plan_file(row(**{"Календарь": "Район А"}), header=header)
    assert run(named, users.regional_admin).new == 1
    # The region's own calendar is the regional administrator's default.
    assert run(plan_file(row("Областной семинар")), users.regional_admin).new == 1
    event = EventPage.objects.get(title="Областной семинар")
    assert event.get_parent().pk == calendars.region.pk
    assert event.level == "municipal"  # as the file says


def test_regional_events_of_a_municipality_wait_for_the_regional_centre(
    users, calendars, maths
):
    regional = row("Областная конференция", **{"Уровень": "Региональный"})
    data = plan_file(regional, row())
    preview = run(data, users.municipal_editor, dry_run=True)
    assert any("на согласование" in c.subject for c in preview.changes)
    report = run(data, users.municipal_editor)
    assert report.new == 2, errors(report)
    conference = EventPage.objects.get(title="Областная конференция")
    assert not conference.live and conference.first_published_at is None
    state = conference.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == users.municipal_editor
    assert EventPage.objects.get(title="Семинар учителей математики").live
    assert client_get(calendars.mun_a.url + conference.slug + "/").status_code == 404
    assert not OutboxEntry.objects.filter(object_pk=str(conference.pk)).exists()
    # Loading the file again changes nothing and starts no second workflow.
    again = run(data, users.municipal_editor)
    assert again.unchanged == 2, errors(again)
    assert not any("на согласование" in c.subject for c in again.changes)
    assert WorkflowState.objects.filter(object_id=str(conference.pk)).count() == 1
    # The regional administrator approves in the moderation view, not by a file.
    header = [*HEADER, "Календарь"]
    changed = {**regional, "Окончание": "16:00", "Календарь": "Район А"}
    report = run(plan_file(changed, header=header), users.regional_admin)
    assert errors(report) == [(2, "Название")]
    assert "согласование" in report.errors[0].message
    task_state = state.current_task_state
    task_state.approve(user=users.regional_admin)
    conference.refresh_from_db()
    assert conference.live


def test_a_municipal_change_to_a_live_regional_event_is_a_draft_for_approval(
    users, calendars, maths
):
    header = [*HEADER, "Календарь"]
    regional = {"Уровень": "Региональный", "Календарь": "Район А"}
    run(plan_file(row(**regional), header=header), users.regional_admin)
    event = EventPage.objects.get()
    assert event.live  # the regional centre publishes at once
    moved = plan_file(row(**regional, **{"Окончание": "15:00"}), header=header)
    report = run(moved, users.municipal_editor)
    assert report.updated == 1, errors(report)
    event.refresh_from_db()
    assert event.live and event.end == dt.datetime(2026, 3, 12, 13, tzinfo=IRKUTSK)
    assert event.has_unpublished_changes and event.revisions.count() == 2
    assert event.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    # The draft is what the file holds now: loading it again changes nothing.
    assert run(moved, users.municipal_editor).unchanged == 1
    # A publication over that draft would publish it: the regional administrator
    # decides in the editor first.
    other = plan_file(row(**regional, **{"Окончание": "16:00"}), header=header)
    report = run(other, users.regional_admin)
    assert errors(report) == [(2, "Название")]
    assert "не опубликованные" in report.errors[0].message


def export(client, calendar, year=2026):
    response = client.get(f"{calendar.url}plan/?year={year}")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def test_the_exported_plan_holds_public_events_of_the_section_and_year(
    client, users, calendars, tree, maths
):
    zone = IRKUTSK
    secret = Person.objects.create(
        last_name="Секретова", first_name="Анна", organisation=tree.school_a
    )
    seminar = make_event(
        calendars.mun_a, "=HYPERLINK(\"http://evil\")", plan_year=2026,
        start=dt.datetime(2026, 3, 12, 10, tzinfo=zone), responsible=secret,
        online_url="https://secret.example/room", organiser=tree.school_a, capacity=30,
    )  # fmt: skip
    seminar.audiences.set(Audience.objects.filter(code="teachers"))
    seminar.save_revision().publish()
    make_event(calendars.school_a, "Школьный семинар", plan_year=2026,
               start=dt.datetime(2026, 5, 1, 9, tzinfo=zone))  # fmt: skip
    make_event(calendars.mun_a, "Прошлый год", plan_year=2025)
    make_event(calendars.region, "Областное событие", plan_year=2026)
    make_event(calendars.mun_b, "Соседи", plan_year=2026)
    draft = make_event(calendars.mun_a, "Черновик", plan_year=2026)
    draft.unpublish()
    sheet = load_workbook(io.BytesIO(export(client, calendars.mun_a))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Название",
        "Тип",
        "Уровень",
        "Формат",
        "Дата и время начала",
    )
    assert all(cell.font.b for cell in sheet[1])
    titles = [r[0] for r in rows[1:]]
    assert titles == ['\'=HYPERLINK("http://evil")', "Школьный семинар"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Дата и время начала"] == dt.datetime(2026, 3, 12, 10)
    assert first["Часовой пояс"] == "Asia/Irkutsk"
    assert first["Организатор"] == "МБОУ СОШ № 1" and first["Аудитория"] == "Педагоги"
    assert first["Календарь"] == calendars.mun_a.url
    text = str(rows)
    assert "Секретова" not in text and "secret.example" not in text
    assert (
        len(load_workbook(io.BytesIO(export(client, calendars.mun_a))).sheetnames) == 1
    )
    assert client.get(f"{calendars.mun_a.url}plan/?year=abc").status_code == 400
    page = client.get(calendars.mun_a.url).content.decode()
    assert "Скачать план на год (XLSX)" in page and "plan/?year=" in page


def test_an_exported_plan_imports_back_unchanged_and_edits_update(
    client, users, calendars, maths
):
    data = plan_file(
        row(**{"Предметы": "Математика"}),
        row("Открытый урок", **{"Тип": "Открытый урок", "Аудитория": None}),
    )
    assert run(data, users.municipal_editor).new == 2
    # An event of the school in the municipality goes back to the school's calendar.
    make_event(calendars.school_a, "=1+1 школьный", plan_year=2026,
               start=dt.datetime(2026, 5, 1, 9, tzinfo=IRKUTSK))  # fmt: skip
    exported = export(client, calendars.mun_a)
    report = run(exported, users.municipal_editor)
    assert (report.unchanged, report.new, report.updated) == (3, 0, 0), errors(report)
    book = load_workbook(io.BytesIO(exported))
    sheet = book.active
    titles = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=titles.index("Место проведения") + 1, value="Актовый зал")
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(buffer.getvalue(), users.municipal_editor)
    assert (report.updated, report.unchanged) == (1, 2), errors(report)
    assert EventPage.objects.filter(venue="Актовый зал").count() == 1
    assert EventPage.objects.count() == 3


def test_the_export_takes_the_same_queries_for_many_events(
    client, calendars, maths, tree
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export(client, calendars.region)
        return len(captured.captured_queries)

    def add(number: int) -> None:
        for n in range(number):
            calendar = (calendars.mun_a, calendars.region, calendars.school_a)[n % 3]
            organiser = (tree.school_a, tree.regional_org, None)[n % 3]
            event = make_event(calendar, f"Событие {n}", plan_year=2026,
                               organiser=organiser)  # fmt: skip
            event.subjects.set([maths])
            event.audiences.set(Audience.objects.all()[:2])
            event.save_revision().publish()

    add(3)
    queries()  # the site's root paths are cached after the first request
    few = queries()
    add(12)
    assert queries() == few
    assert few <= 20


def test_the_template_offers_the_lists_and_a_filled_one_imports(
    users, calendars, maths
):
    resource = AnnualPlanResource()
    book = load_workbook(io.BytesIO(template(resource)))
    lists = book["Списки"]
    offered = {v for r in lists.iter_rows(values_only=True) for v in r if v}
    assert {"Семинар", "Вебинар", "Региональный", "Очно", "Открытая"} <= offered
    assert "Asia/Irkutsk" in offered
    sheet = book["Данные"]
    titles = [c.value for c in sheet[1]]
    values = row("Из шаблона")
    sheet.append([values.get(t) for t in titles])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(buffer.getvalue(), users.municipal_editor)
    assert report.new == 1, errors(report)
    assert any("пропущены" in w for w in report.warnings)


def test_the_command_line_imports_a_plan(users, calendars, maths, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_file(row()))
    call_command("import", "events_plan", str(path), "--user", "mun_a_editor")
    assert "новых: 1" in capsys.readouterr().out
    assert EventPage.objects.get().get_parent().pk == calendars.mun_a.pk
