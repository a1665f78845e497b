"""XLSX export of dashboard tables in the upward reporting form."""

import datetime as dt

from portal.dashboard.export import neutralise
from portal.dashboard.models import IndicatorTarget
from tests.factories.core import OrganisationFactory

from .dashboard_support import YEAR, load_xlsx, people_share, url

# --- export ------------------------------------------------------------------


def find_header(ws):
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == "№ п/п":
            return row
    return None


def test_xlsx_export_in_the_upward_form(contributed, client, users, tree, staffed):
    IndicatorTarget.objects.create(
        indicator="dummy.consent_share", territory=tree.region, year=YEAR, value=50
    )
    client.force_login(users.superuser)
    ws = load_xlsx(
        client.get(
            url(
                "dashboard:unit_export",
                "region",
                tree.region.pk,
                indicator="dummy.consent_share",
            )
        )
    )
    rows = list(ws.iter_rows(values_only=True))
    titles = "\n".join(str(r[0]) for r in rows[:6])
    assert "Доля работников, давших согласие на публикацию" in titles
    assert tree.region.name in titles
    assert "2025 год" in titles
    assert f"Дата формирования: {dt.date.today():%d.%m.%Y}" in titles
    assert find_header(ws) == (
        "№ п/п",
        "Территория / организация",
        "Значение",
        "Числитель",
        "Знаменатель",
        "Целевое значение",
        "Выполнено",
    )
    start = next(i for i, r in enumerate(rows) if r[0] == "№ п/п") + 1
    data = rows[start:]
    assert [r[1] for r in data] == [
        tree.mun_a.name,
        tree.mun_b.name,
        "ЦНППМ",
        f"Итого по территории «{tree.region.name}»",
    ]
    value, numerator, denominator = people_share(organisation__municipality=tree.mun_a)
    assert data[0][:6] == (1, tree.mun_a.name, float(value), numerator, denominator, 50)
    assert data[0][6] in ("да", "нет")
    total = people_share(organisation__region=tree.region)
    assert data[-1][2:5] == (float(total[0]), total[1], total[2])


def test_xlsx_export_neutralises_formulas(client, users, tree):
    OrganisationFactory(name='=HYPERLINK("http://evil")', municipality=tree.mun_a)
    OrganisationFactory(name="@SUM(1)", municipality=tree.mun_a)
    client.force_login(users.municipal_editor)
    ws = load_xlsx(
        client.get(url("dashboard:unit_export", "municipality", tree.mun_a.pk))
    )
    names = [row[1] for row in ws.iter_rows(values_only=True) if row[1]]
    assert '\'=HYPERLINK("http://evil")' in names
    assert "'@SUM(1)" in names
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert neutralise("-1") == "'-1" and neutralise("+7") == "'+7"
    assert neutralise(-1) == -1 and neutralise("Район") == "Район"


def test_export_of_the_root_table(client, users, tree):
    client.force_login(users.organisation_editor)
    ws = load_xlsx(client.get(url("dashboard:export", indicator="core.people")))
    names = [row[1] for row in ws.iter_rows(values_only=True)]
    assert tree.school_a.name in names and tree.school_b.name not in names
