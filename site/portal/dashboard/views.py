"""Admin views of the dashboard: the table with its chart, and its XLSX export.

Mounted under /admin/indicators/ by portal.dashboard.wagtail_hooks. Every view
resolves the user's scope (portal.permissions.policy.scope_for): a unit outside
it does not exist for them (404).
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.permissions.policy import scope_for

from . import units as unit_tree
from .chart import build_chart
from .export import XLSX_CONTENT_TYPE, xlsx_bytes
from .indicators import Indicator
from .periods import Period
from .registry import all_indicators
from .tables import IndicatorTable, build_table


def status_labels() -> dict:
    return {True: _("выполнено"), False: _("не выполнено"), None: _("нет данных")}


class TableMixin:
    """Resolves indicator, period and unit from the request and builds the table."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.scope = scope_for(request.user)
        self.indicators = all_indicators()
        self.indicator = self._indicator(request.GET.get("indicator"))
        kind = self.indicator.period_kind if self.indicator else Period.CALENDAR
        self.period = Period.parse(request.GET.get("period", "")) or Period.current(
            kind
        )
        self.node = None

    def _indicator(self, code: str | None) -> Indicator | None:
        by_code = {i.code: i for i in self.indicators}
        return by_code.get(code) or (self.indicators[0] if self.indicators else None)

    @property
    def query(self) -> str:
        params = {"period": self.period.key}
        if self.indicator:
            params["indicator"] = self.indicator.code
        return urlencode(params)

    def unit_url(self, unit: unit_tree.Unit, export: bool = False) -> str:
        name = "dashboard:unit_export" if export else "dashboard:unit"
        return f"{reverse(name, args=[unit.level.value, unit.id])}?{self.query}"

    def resolve(self, level: str | None, pk: int | None):
        """(groups of row units, node); raises 404 for units outside the scope."""
        if not self.scope.is_editor:
            raise PermissionDenied
        if level is None:
            return unit_tree.roots(self.scope), None
        self.node = unit_tree.get_unit(self.scope, level, pk)
        return unit_tree.children(self.node), self.node

    def table(self, groups, node) -> IndicatorTable:
        if node is not None:
            scope_label = node.name
            total_label = _("Итого по территории «%(name)s»") % {"name": node.name}
        else:
            scope_label = _("все доступные территории")
            total_label = _("Итого")
        table = build_table(
            self.indicator, self.period, groups, node, scope_label, total_label
        )
        for row in table.rows:
            if row.unit and row.unit.drillable:
                row.url = self.unit_url(row.unit)
        return table


class DashboardView(TableMixin, WagtailAdminTemplateMixin, TemplateView):
    """«Показатели»: one indicator for a unit's rows, a chart and the export link."""

    template_name = "dashboard/admin/dashboard.html"
    page_title = gettext_lazy("Показатели")
    header_icon = "table"

    def get(self, request, level=None, pk=None):
        self.groups, self.node = self.resolve(level, pk)
        if self.node is None and self._single_drillable_root():
            return redirect(self.unit_url(self.groups[0][0]))
        return super().get(request)

    def _single_drillable_root(self) -> bool:
        return (
            len(self.groups) == 1
            and len(self.groups[0]) == 1
            and self.groups[0][0].drillable
        )

    def get_page_subtitle(self):
        return self.node.name if self.node else ""

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {
                "url": f"{reverse('dashboard:index')}?{self.query}",
                "label": _("Показатели"),
            },
        ]
        if self.node is not None:
            for unit in unit_tree.ancestors(self.scope, self.node):
                items.append({"url": self.unit_url(unit), "label": unit.name})
            items.append({"url": "", "label": self.node.name})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = self.table(self.groups, self.node) if self.indicator else None
        labels = status_labels()
        periods = Period.choices()
        if self.period not in periods:
            periods.insert(0, self.period)
        export_url = (
            self.unit_url(self.node, export=True)
            if self.node
            else f"{reverse('dashboard:export')}?{self.query}"
        )
        context.update(
            indicators=self.indicators,
            indicator=self.indicator,
            period=self.period,
            periods=periods,
            table=table,
            chart=build_chart(table, labels) if table else None,
            legend={
                "met": labels[True],
                "not_met": labels[False],
                "no_target": _("целевое значение не задано или нет данных"),
            },
            export_url=export_url,
            targets_url=self._targets_url(),
        )
        return context

    def _targets_url(self) -> str:
        from .models import IndicatorTarget

        viewset = getattr(IndicatorTarget, "snippet_viewset", None)
        if viewset is None or not viewset.permission_policy.user_has_any_permission(
            self.request.user, ["add", "change", "view"]
        ):
            return ""
        return reverse(viewset.get_url_name("list"))


class ExportView(TableMixin, View):
    """The shown table as XLSX, in the form offices send upward."""

    def get(self, request, level=None, pk=None):
        groups, node = self.resolve(level, pk)
        if self.indicator is None:
            raise PermissionDenied
        table = self.table(groups, node)
        response = HttpResponse(xlsx_bytes(table), content_type=XLSX_CONTENT_TYPE)
        where = f"{node.level.value}-{node.id}" if node else "all"
        filename = f"indicator-{self.indicator.code}-{where}-{self.period.key}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
