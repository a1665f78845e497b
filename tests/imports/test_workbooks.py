"""The XLSX template of a resource and the error report of an import."""

import io

from openpyxl import load_workbook

from portal.core.models import Person
from portal.imports.core_resources import PersonResource
from portal.imports.engine import run_import
from portal.imports.readers import read_table
from portal.imports.workbooks import error_report, template
from tests.factories.core import UserFactory


def test_template_has_headers_descriptions_example_and_drop_downs(db):
    book = load_workbook(io.BytesIO(template(PersonResource())))
    sheet = book["Данные"]
    titles = [c.value for c in sheet[1]]
    assert titles[0] == "ФИО" and "Организация" in titles
    column = titles.index("Организация") + 1
    organisation = sheet.cell(row=1, column=column)
    assert organisation.font.b and "Обязательный" in organisation.comment.text
    assert not sheet.cell(row=1, column=titles.index("Должность") + 1).font.b
    assert sheet.cell(row=2, column=column).value.startswith("ИНН")
    assert sheet.cell(row=3, column=1).value == "Иванова Мария Петровна"
    # Drop-down lists point at a hidden sheet (an inline list is capped at 255
    # characters and cannot hold commas).
    lists = book["Списки"]
    assert lists.sheet_state == "hidden"
    offered = []
    for validation in sheet.data_validations.dataValidation:
        cells = lists[validation.formula1.split("!")[1].replace("$", "")]
        offered.append([row[0].value for row in cells])
    assert sorted(offered) == [
        ["без категории", "первая", "высшая", "педагог-методист", "педагог-наставник"],
        ["да", "нет"],
    ]
    assert "Как заполнять" in book.sheetnames


def test_every_resource_has_a_template_that_maps_back(db):
    """Each registered resource's template, read back, maps every column; long
    lists with commas (organisation types) are offered whole."""
    from portal.imports.columns import map_columns
    from portal.imports.registry import resources

    for name, resource_class in resources().items():
        resource = resource_class()  # columns may depend on the data (iom_diagnostics)
        data = template(resource)
        table = read_table(data, f"{name}.xlsx")
        mapping = map_columns(table.headers, resource.columns)
        assert mapping.usable and not mapping.warnings(), name
        assert len(mapping.fields) == len(resource.columns), name
        book = load_workbook(io.BytesIO(data))
        sheets = [s for s in book.worksheets if s.title == "Списки"]
        offered = {
            value
            for sheet in sheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value
        }
        for column in resource.columns:
            assert set(column.choices) <= offered, (name, column.field)


def test_a_filled_template_imports_without_its_description_and_example_rows(tree):
    book = load_workbook(io.BytesIO(template(PersonResource())))
    sheet = book["Данные"]
    titles = [c.value for c in sheet[1]]
    row = {"ФИО": "Петрова Ольга Ивановна", "Организация": tree.school_a.inn,
           "Согласие на публикацию": "нет"}  # fmt: skip
    sheet.append([row.get(t) for t in titles])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "template.xlsx")
    report = run_import(PersonResource(), table, UserFactory(is_superuser=True))
    assert report.rows == 1 and report.new == 1, [e.sentence() for e in report.errors]
    assert any("пропущены" in w for w in report.warnings)
    assert Person.objects.filter(last_name="Петрова").exists()


def test_error_report_holds_the_bad_rows_as_written_with_messages(tree):
    data = (
        "ФИО;Организация;Должность\n"
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель\n"
        'Петров Иван Сергеевич;Школа-призрак;=HYPERLINK("http://evil")\n'
    ).encode()
    table = read_table(data, "people.csv")
    report = run_import(
        PersonResource(), table, UserFactory(is_superuser=True), dry_run=True
    )
    sheet = load_workbook(io.BytesIO(error_report(table, report))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Строка", "Ошибки", "ФИО")
    assert len(rows) == 2
    number, message, name, organisation, position = rows[1]
    assert number == 3 and "«Организация»" in message and "Школа-призрак" in message
    assert name == "Петров Иван Сергеевич" and position.startswith("'=")
