"""Admin of the mentoring plugin: one menu «Наставничество»
(``MentoringConfig.admin_viewsets``).

The core registers snippet viewsets and groups with ``register_snippet`` and every
other viewset through ``register_admin_viewset`` (``portal.core.wagtail_hooks``). One
``SnippetViewSetGroup`` can still hold plain viewsets: Wagtail's group instantiates
every item, registers each with the admin's viewset registry (URLs) and builds the
submenu from each item's ``get_menu_item`` — so the coordinator's «Нужен наставник»
(``admin_views.NeedsViewSet``) and the reports (``report_views.ReportViewSet``) sit in
the same menu as the registries.

Territorial records (mentors, pairs, requests, needs, plan templates) use
``TerritorialSnippetViewSet``: listing, export, edit, delete are scoped by the policy
and a record outside the editor's territory is a 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.permissions.viewsets import (
    ScopedDeleteView,
    ScopedIndexView,
    TerritorialSnippetViewSet,
)

from .admin_forms import (
    MentorAdminForm,
    PairAdminForm,
    PairRequestAdminForm,
    PlanTemplateAdminForm,
    add_rule_error,
)
from .admin_views import NeedsViewSet
from .models import (
    Mentor,
    MentoringForm,
    MentoringNeed,
    Pair,
    PairRequest,
    PlanTemplate,
)
from .report_views import ReportViewSet


class ProtectedDeleteView(ScopedDeleteView):
    """A record still used by pairs (PROTECT) is not deleted: a message, not a 500."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _gettext(
                    "Запись нельзя удалить: на неё ссылаются наставнические пары. "
                    "Сначала измените или удалите эти пары."
                ),
            )
            return HttpResponseRedirect(self.get_success_url())


class UnscopedProtectedDeleteView(snippet_views.DeleteView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _gettext("Форму нельзя удалить: по ней работают наставнические пары."),
            )
            return HttpResponseRedirect(self.get_success_url())


# --- Mentors ---------------------------------------------------------------------


def _organisation(obj):
    return obj.person.organisation


def _subjects(mentor):
    subjects = list(mentor.subjects.all()) or list(mentor.person.subjects.all())
    return ", ".join(s.name for s in subjects)


def _load(mentor):
    return _gettext("%(load)s из %(capacity)s") % {
        "load": mentor.load,
        "capacity": mentor.capacity,
    }


class MentorViewSet(TerritorialSnippetViewSet):
    """The registry of mentors of the editor's territory, with each mentor's load
    (mentees in live pairs, annotated in the listing's one query)."""

    model = Mentor
    icon = "user"
    menu_label = _("Реестр наставников")
    menu_name = "mentoring-mentors"
    territorial_form_class = MentorAdminForm
    delete_view_class = ProtectedDeleteView
    list_display = [
        "person",
        Column("organisation", label=_("Организация"), accessor=_organisation),
        Column("subjects", label=_("Предметы"), accessor=_subjects),
        Column("load", label=_("Нагрузка"), accessor=_load, sort_key="load"),
        "accepting",
        "status",
    ]
    list_filter = ["status", "accepting"]
    search_fields = ["person__last_name", "person__first_name", "person__middle_name"]
    list_export = [
        "person",
        "capacity",
        "load",
        "accepting",
        "get_status_display",
        "availability",
        "since",
    ]
    export_headings = {
        "load": _("Наставляемых сейчас"),
        "get_status_display": _("Статус"),
    }
    export_filename = "reestr-nastavnikov"
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
            FieldPanel("education_stages"),
            FieldRowPanel([FieldPanel("experience_years"), FieldPanel("since")]),
            FieldPanel("competences", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel([FieldPanel("capacity"), FieldPanel("accepting")]),
            FieldPanel("availability"),
            FieldPanel("status"),
            FieldPanel("about"),
        ]
    )

    def get_queryset(self, request):
        return (
            Mentor.objects.with_load()
            .select_related("person__organisation")
            .prefetch_related("subjects", "person__subjects")
        )


# --- Pairs -------------------------------------------------------------------------


def _mentees(pair):
    return ", ".join(p.short_name for p in pair.mentees.all())


def _period(pair):
    end = pair.actual_end_date or pair.planned_end_date
    start = f"{pair.start_date:%d.%m.%Y}"
    return (
        f"{start} – {end:%d.%m.%Y}"
        if end
        else _gettext("с %(start)s") % {"start": start}
    )


class PairIndexView(ScopedIndexView):
    """Each pair links to its plan page; a search by a mentee's name lists a group
    once."""

    def search_queryset(self, queryset):
        found = super().search_queryset(queryset)
        return found.distinct() if self.is_searching else found

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("План наставничества"),
                url=reverse("mentoring:pair", args=[instance.pk]),
                icon_name="doc-full",
                priority=5,
            )
        )
        return buttons


class PairCreateView(snippet_views.CreateView):
    """``register_pair`` re-checks the rules under a lock: a place taken meanwhile by
    another coordinator is a form error too."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_rule_error(form, error)
            return self.form_invalid(form)


class PairViewSet(TerritorialSnippetViewSet):
    """Pairs and groups of the editor's territory; created through ``register_pair``."""

    model = Pair
    icon = "group"
    menu_label = _("Пары и группы")
    menu_name = "mentoring-pairs"
    territorial_form_class = PairAdminForm
    index_view_class = PairIndexView
    add_view_class = PairCreateView
    list_display = [
        "mentor",
        Column("mentees", label=_("Наставляемые"), accessor=_mentees),
        "form",
        "organisation",
        "status",
        Column("period", label=_("Период"), accessor=_period, sort_key="start_date"),
    ]
    list_filter = ["status", "form"]
    search_fields = [
        "mentor__person__last_name",
        "mentees__last_name",
        "organisation__name",
    ]
    list_export = [
        "mentor",
        "form",
        "organisation",
        "get_status_display",
        "start_date",
        "planned_end_date",
        "actual_end_date",
        "outcome",
    ]
    export_headings = {"get_status_display": _("Статус")}
    export_filename = "pary-nastavnichestva"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("form"), FieldPanel("programme")]),
            FieldPanel("organisation"),
            FieldPanel("mentor"),
            FieldPanel("mentees"),
            FieldPanel("co_mentors"),
            FieldPanel("mentor_organisation"),
            FieldRowPanel(
                [
                    FieldPanel("start_date"),
                    FieldPanel("planned_end_date"),
                    FieldPanel("actual_end_date"),
                ]
            ),
            FieldPanel("status"),
            FieldPanel("termination_reason"),
            FieldPanel("target_competences", widget=forms.CheckboxSelectMultiple),
            FieldPanel("goal"),
            FieldPanel("outcome"),
        ]
    )

    def get_queryset(self, request):
        return Pair.objects.select_related(
            "mentor__person", "form", "organisation"
        ).prefetch_related("mentees")


# --- Requests and needs ------------------------------------------------------------


class PairRequestViewSet(TerritorialSnippetViewSet):
    """Requests for a pair between a mentee and a mentor; the sides answer on the
    site (``my_views``), the coordinator watches deadlines here."""

    model = PairRequest
    icon = "mail"
    menu_label = _("Запросы")
    menu_name = "mentoring-requests"
    territorial_form_class = PairRequestAdminForm
    list_display = ["mentee", "mentor", "initiated_by", "status", "deadline"]
    list_filter = ["status", "initiated_by"]
    search_fields = ["mentee__last_name", "mentor__person__last_name"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("mentee"), FieldPanel("mentor")]),
            FieldRowPanel([FieldPanel("initiated_by"), FieldPanel("form")]),
            FieldPanel("message"),
            FieldRowPanel([FieldPanel("deadline"), FieldPanel("status")]),
            FieldPanel("answer"),
        ]
    )

    def get_queryset(self, request):
        return PairRequest.objects.select_related("mentee", "mentor__person")


def _need_organisation(need):
    return need.person.organisation


class MentoringNeedViewSet(TerritorialSnippetViewSet):
    """Recorded needs for a mentor besides young teachers (new staff, deficits,
    attestation…); registering a pair closes them."""

    model = MentoringNeed
    icon = "warning"
    menu_label = _("Потребности в наставнике")
    menu_name = "mentoring-needs-records"
    list_display = [
        "person",
        Column("organisation", label=_("Организация"), accessor=_need_organisation),
        "reason",
        "created_at",
        "closed_at",
    ]
    list_filter = ["reason"]
    search_fields = ["person__last_name", "person__first_name"]
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldPanel("reason"),
            FieldPanel("competences", widget=forms.CheckboxSelectMultiple),
            FieldPanel("note"),
            FieldPanel("closed_at"),
        ]
    )

    def get_queryset(self, request):
        return MentoringNeed.objects.select_related("person__organisation")


# --- Plan templates and forms ------------------------------------------------------


class PlanTemplateViewSet(TerritorialSnippetViewSet):
    """Plan templates of the region, municipality or school, with their tasks
    (deadlines in days from a pair's start); filled into a plan on the pair's page."""

    model = PlanTemplate
    icon = "clipboard-list"
    menu_label = _("Шаблоны планов")
    menu_name = "mentoring-plan-templates"
    territorial_form_class = PlanTemplateAdminForm
    list_display = ["title", "form", "duration_months", "organisation", "municipality"]
    list_filter = ["form"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("form"), FieldPanel("duration_months")]),
            FieldPanel("description"),
            FieldPanel("goals"),
            FieldPanel("expected_results"),
            FieldRowPanel(
                [
                    FieldPanel("region"),
                    FieldPanel("municipality"),
                    FieldPanel("organisation"),
                ],
                heading=_("Чей шаблон"),
                help_text=_(
                    "Достаточно указать одно: школу, муниципалитет или регион. "
                    "Если не указано — ваша территория."
                ),
            ),
            InlinePanel(
                "tasks",
                heading=_("Задачи"),
                label=_("Задача"),
                panels=[
                    FieldRowPanel([FieldPanel("order"), FieldPanel("offset_days")]),
                    FieldPanel("title"),
                    FieldPanel("description"),
                    FieldPanel("competence"),
                ],
            ),
        ]
    )

    def get_queryset(self, request):
        return PlanTemplate.objects.select_related(
            "form", "organisation", "municipality"
        )


class MentoringFormViewSet(SnippetViewSet):
    """The editable list of forms of mentoring (seeded from DOMAIN.md)."""

    model = MentoringForm
    icon = "tag"
    menu_label = _("Формы наставничества")
    menu_name = "mentoring-forms"
    delete_view_class = UnscopedProtectedDeleteView
    list_display = ["name", "code", "kind", "order"]
    ordering = ["order", "name"]


class MentoringGroup(SnippetViewSetGroup):
    """«Наставничество» in the admin menu; the coordinator's list comes first."""

    items = (
        NeedsViewSet,
        PairViewSet,
        MentorViewSet,
        PairRequestViewSet,
        MentoringNeedViewSet,
        PlanTemplateViewSet,
        MentoringFormViewSet,
        ReportViewSet,
    )
    menu_label = _("Наставничество")
    menu_icon = "group"
    menu_name = "mentoring"
    menu_order = 330
