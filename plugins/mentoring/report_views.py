"""Admin views of the mentoring reports (``reports``): «Наставничество → Отчёты по
наставничеству», at /admin/mentoring-reports/.

``ReportViewSet`` is a plain Wagtail ``ViewSet`` placed in the plugin's menu group
(``views.MentoringGroup``). The start page lists the viewer's highest units (every
region for a superuser) or goes straight to the one unit an editor has; a unit's page
shows the four tables for a date (default today) or a school year, links to the units
one level down (region → municipalities → schools) and exports everything to XLSX
(``?format=xlsx``), one sheet per table.

Only editors with a territorial scope (and superusers) get in; a unit outside the
scope is a 404 (a municipal office asking for another district), exactly as on the
dashboard, whose unit tree (``portal.dashboard.units``) this reuses.
"""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal.core.models import Organisation, Territory
from portal.dashboard import units as unit_tree
from portal.dashboard.export import XLSX_CONTENT_TYPE
from portal.dashboard.indicators import UnitLevel
from portal.dashboard.periods import Period
from portal.permissions.policy import scope_for

from .doc_views import file_name
from .reports import ReportPeriod, build, pair_result, table_headers, xlsx_bytes

NAMESPACE = "mentoring_reports"
FIRST_YEAR = 2000
YEARS_OFFERED = 10


def school_years(today: dt.date) -> list[tuple]:
    latest = Period.current(Period.SCHOOL, today).start.year
    return [
        (year, Period.school_year(year).label)
        for year in range(latest, latest - YEARS_OFFERED, -1)
    ]


class ReportForm(forms.Form):
    """A date (the school year up to it) or a whole school year."""

    date = forms.DateField(
        label=gettext_lazy("На дату"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": gettext_lazy("Введите дату: ГГГГ-ММ-ДД.")},
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("или учебный год"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": gettext_lazy("Выберите учебный год из списка.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.fields["year"].choices = [("", "—"), *school_years(self.today)]

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day is not None and not (
            dt.date(FIRST_YEAR, 1, 1) <= day <= dt.date(self.today.year + 1, 12, 31)
        ):
            raise forms.ValidationError(
                _("Дата должна быть между 2000 годом и следующим годом.")
            )
        return day

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("year"):
            raise forms.ValidationError(_("Укажите либо дату, либо учебный год."))
        return data

    def period(self) -> ReportPeriod:
        if self.cleaned_data.get("year"):
            return ReportPeriod.school_year(self.cleaned_data["year"], self.today)
        return ReportPeriod.on_date(self.cleaned_data.get("date") or self.today)

    def error_text(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


def resolve_unit(scope, level: str, pk: int) -> unit_tree.Unit:
    """A region, municipality or organisation inside the scope, else 404."""
    if level == UnitLevel.ORGANISATION:
        found = unit_tree.organisations(Organisation.objects.filter(pk=pk))
        if not found or not unit_tree.visible(scope, found[0]):
            raise Http404
        return found[0]
    return unit_tree.get_unit(scope, level, pk)


def unit_url(unit: unit_tree.Unit, params: dict | None = None) -> str:
    url = reverse(f"{NAMESPACE}:unit", args=[unit.level.value, unit.id])
    return f"{url}?{urlencode(params)}" if params else url


def ancestors(scope, unit: unit_tree.Unit) -> list[unit_tree.Unit]:
    """Visible units above ``unit``, top first (breadcrumbs)."""
    if unit.level == UnitLevel.REGION:
        return []
    ids = [unit.region_id]
    if unit.level == UnitLevel.ORGANISATION and unit.municipality_id:
        ids.append(unit.municipality_id)
    found = {
        u.id: u for u in unit_tree.territories(Territory.objects.filter(pk__in=ids))
    }
    return [
        found[pk] for pk in ids if pk in found and unit_tree.visible(scope, found[pk])
    ]


class ScopeMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.scope = scope_for(request.user)

    def dispatch(self, request, *args, **kwargs):
        if not self.scope.is_editor:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportIndexView(ScopeMixin, WagtailAdminTemplateMixin, TemplateView):
    """The viewer's highest units to report on; one unit → straight to it."""

    template_name = "mentoring/reports/index.html"
    page_title = gettext_lazy("Отчёты по наставничеству")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        self.roots = [unit for group in unit_tree.roots(self.scope) for unit in group]
        if len(self.roots) == 1:
            return redirect(unit_url(self.roots[0], request.GET.dict()))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["units"] = [(unit, unit_url(unit)) for unit in self.roots]
        return context


class ReportView(ScopeMixin, WagtailAdminTemplateMixin, TemplateView):
    """A unit's four tables on screen, or ``?format=xlsx`` as a workbook."""

    template_name = "mentoring/reports/report.html"
    page_title = gettext_lazy("Отчёт по наставничеству")
    header_icon = "table"

    def get(self, request, level: str, pk: int):
        self.unit = resolve_unit(self.scope, level, pk)
        export = request.GET.get("format", "")
        if export not in ("", "xlsx"):
            raise Http404
        self.form = ReportForm(request.GET)
        self.report = (
            build(self.unit, self.form.period()) if self.form.is_valid() else None
        )
        if export:
            if self.report is None:
                return HttpResponseBadRequest(
                    self.form.error_text(), content_type="text/plain; charset=utf-8"
                )
            return self.xlsx()
        return super().get(request)

    def xlsx(self) -> HttpResponse:
        response = HttpResponse(xlsx_bytes(self.report), content_type=XLSX_CONTENT_TYPE)
        params = self.report.period.params
        when = params.get("date") or f"{params['year']}-{params['year'] + 1}"
        name = _("Отчёт по наставничеству — %(name)s — %(when)s") % {
            "name": self.unit.name,
            "when": when,
        }
        response["Content-Disposition"] = content_disposition_header(
            True, file_name(name, "xlsx")
        )
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_page_subtitle(self):
        return self.unit.name

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {
                "url": reverse(f"{NAMESPACE}:index"),
                "label": _("Отчёты по наставничеству"),
            },
        ]
        params = self.report.period.params if self.report else None
        for unit in ancestors(self.scope, self.unit):
            items.append({"url": unit_url(unit, params), "label": unit.name})
        items.append({"url": "", "label": self.unit.name})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(form=self.form, report=report, unit=self.unit)
        if report is None:
            return context
        params = report.period.params
        context.update(
            headers=table_headers(report),
            export_url=unit_url(self.unit, {**params, "format": "xlsx"}),
            coverage=[
                (row, unit_url(row.unit, params) if row.unit != self.unit else "")
                for row in report.coverage
            ],
            completed=[(pair, pair_result(pair)) for pair in report.completed],
            order_url=(
                reverse("mentoring:pairs_order", args=[self.unit.id])
                if self.unit.level == UnitLevel.ORGANISATION
                else ""
            ),
        )
        return context


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request.user).is_editor


class ReportViewSet(ViewSet):
    """«Отчёты по наставничеству»: pairs by form and status, young teachers with a
    mentor, mentors' load and completed pairs of a school, municipality or region."""

    name = NAMESPACE
    url_prefix = "mentoring-reports"
    menu_label = gettext_lazy("Отчёты по наставничеству")
    icon = "table"
    menu_item_class = ReportsMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReportIndexView.as_view(), name="index"),
            path("<str:level>/<int:pk>/", ReportView.as_view(), name="unit"),
        ]
