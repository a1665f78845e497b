"""Admin of the young-teacher plugin: one menu «Молодые педагоги»
(``YoungTeachersConfig.admin_viewsets``).

The coordinator's list (``admin_views.CoordinatorViewSet``, a plain ViewSet) comes
first; a ``SnippetViewSetGroup`` registers every item's URLs and builds the submenu
from each item's ``get_menu_item``, so it sits beside the snippet registries, as in
the mentoring plugin.

Support records and young teachers' cards are territorial (registered in
``YoungTeachersConfig.ready``): ``TerritorialSnippetViewSet`` scopes the listing, the
export and every object view, and a record outside the editor's territory is a 404.
The support forms are a taxonomy (``SupportForm``), editable by regional
administrators like every core taxonomy; a form still used by records is not deleted.
"""

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.core.models import Person
from portal.permissions import policy
from portal.permissions.viewsets import TerritorialSnippetViewSet

from .admin_forms import SupportRecordAdminForm, YoungTeacherCardAdminForm
from .admin_views import CoordinatorViewSet
from .models import SupportForm, SupportRecord, YoungTeacherCard


def _organisation(obj):
    return obj.person.organisation


def _period(record):
    start = f"{record.start_date:%d.%m.%Y}"
    if record.end_date:
        return f"{start} – {record.end_date:%d.%m.%Y}"
    return _gettext("с %(start)s") % {"start": start}


class SupportRecordCreateView(snippet_views.CreateView):
    """«Добавить поддержку» from the coordinator's list opens this form with the
    person chosen (``?person=<id>``), if the person lies in the editor's territory."""

    def get_initial(self):
        initial = super().get_initial()
        wanted = self.request.GET.get("person", "")
        if wanted.isdigit():
            people = policy.scope_queryset(
                self.request.user, Person.objects.filter(pk=wanted), policy.VIEW
            )
            if people.exists():
                initial["person"] = int(wanted)
        return initial


class SupportRecordViewSet(TerritorialSnippetViewSet):
    """Support records entered by schools and municipal offices (or imported)."""

    model = SupportRecord
    icon = "clipboard-list"
    menu_label = _("Поддержка")
    menu_name = "young-teachers-records"
    territorial_form_class = SupportRecordAdminForm
    add_view_class = SupportRecordCreateView
    list_display = [
        "person",
        Column("organisation", label=_("Организация"), accessor=_organisation),
        "form",
        "title",
        Column("period", label=_("Период"), accessor=_period, sort_key="start_date"),
        "source",
    ]
    list_filter = ["form", "source"]
    search_fields = ["person__last_name", "person__first_name", "title"]
    list_export = [
        "person",
        "form",
        "title",
        "start_date",
        "end_date",
        "organiser",
        "get_source_display",
        "note",
    ]
    export_headings = {"get_source_display": _("Источник")}
    export_filename = "podderzhka-molodyh-pedagogov"
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldPanel("form"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("organiser"),
            FieldPanel("note"),
        ]
    )

    def get_queryset(self, request):
        return SupportRecord.objects.select_related("person__organisation", "form")


class YoungTeacherCardViewSet(TerritorialSnippetViewSet):
    """Joining the school and leaving the profession or the region (retention)."""

    model = YoungTeacherCard
    icon = "user"
    menu_label = _("Карточки молодых педагогов")
    menu_name = "young-teachers-cards"
    territorial_form_class = YoungTeacherCardAdminForm
    list_display = [
        "person",
        Column("organisation", label=_("Организация"), accessor=_organisation),
        "joined_school_on",
        "left_on",
        "left_reason",
    ]
    list_filter = ["left_reason"]
    search_fields = ["person__last_name", "person__first_name"]
    list_export = ["person", "joined_school_on", "left_on", "get_left_reason_display"]
    export_headings = {"get_left_reason_display": _("Причина выбытия")}
    export_filename = "kartochki-molodyh-pedagogov"
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldPanel("joined_school_on"),
            FieldRowPanel([FieldPanel("left_on"), FieldPanel("left_reason")]),
            FieldPanel("note"),
        ]
    )

    def get_queryset(self, request):
        return YoungTeacherCard.objects.select_related("person__organisation")


class SupportFormDeleteView(snippet_views.DeleteView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _gettext(
                    "Форму нельзя удалить: по ней есть записи о поддержке молодых "
                    "педагогов. Сначала измените эти записи."
                ),
            )
            return HttpResponseRedirect(self.get_success_url())


class SupportFormViewSet(SnippetViewSet):
    """The editable list of forms of support (seeded from 003 L588-600)."""

    model = SupportForm
    icon = "tag"
    menu_label = _("Формы поддержки")
    menu_name = "young-teachers-forms"
    delete_view_class = SupportFormDeleteView
    list_display = ["name", "code", "order"]
    ordering = ["order", "name"]


class YoungTeachersGroup(SnippetViewSetGroup):
    """«Молодые педагоги» in the admin menu; the coordinator's list comes first."""

    items = (
        CoordinatorViewSet,
        SupportRecordViewSet,
        YoungTeacherCardViewSet,
        SupportFormViewSet,
    )
    menu_label = _("Молодые педагоги")
    menu_icon = "group"
    menu_name = "young-teachers"
    menu_order = 340
