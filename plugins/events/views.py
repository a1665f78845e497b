"""Admin: the editable taxonomies of events (Настройки → Мероприятия: справочники)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.permissions.forms import TerritorialAdminForm
from portal.permissions.viewsets import TerritorialSnippetViewSet

from .models import Audience, EducationLevel, EventType, Registration


class TaxonomyViewSet(SnippetViewSet):
    """An editable list of the events plugin: name, code, order."""

    list_display = ["name", "code", "order"]
    ordering = ["order", "name"]


class EventTypeViewSet(TaxonomyViewSet):
    model = EventType
    icon = "tag"


class AudienceViewSet(TaxonomyViewSet):
    model = Audience
    icon = "group"


class EducationLevelViewSet(TaxonomyViewSet):
    model = EducationLevel
    icon = "list-ul"


class EventTaxonomyGroup(SnippetViewSetGroup):
    items = (EventTypeViewSet, AudienceViewSet, EducationLevelViewSet)
    menu_label = _("Справочники мероприятий")
    menu_icon = "date"
    menu_name = "event-taxonomies"


class RegistrationAdminForm(TerritorialAdminForm):
    """Status and attendance only; the change goes through registration.decide().
    «Ожидает согласования руководителя» is offered only when there is a head to ask."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and not self.instance.head_email:
            status.choices = [
                choice
                for choice in status.choices
                if choice[0] != Registration.Status.HEAD
            ]

    def save(self, commit=True):
        from .registration import decide

        if not commit or self.instance.pk is None:
            return super().save(commit=commit)
        status = self.cleaned_data["status"] if "status" in self.changed_data else None
        decide(self.instance, status, self.cleaned_data["attended"])
        return self.instance


class RegistrationViewSet(TerritorialSnippetViewSet):
    """Participants of the events of the editor's territory: statuses, decisions,
    attendance, export to XLSX. Personal data: organisers of the event only."""

    model = Registration
    icon = "user"
    menu_label = _("Участники мероприятий")
    menu_name = "event-registrations"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "event", "status", "attended", "created_at"]
    list_filter = ["status", "attended"]
    search_fields = ["name", "email", "organisation_name"]
    list_export = [
        "event",
        "name",
        "email",
        "organisation_name",
        "position",
        "head_email",
        "get_status_display",
        "attended_label",
        "number",
        "created_at",
    ]
    export_headings = {
        "get_status_display": _("Статус"),
        "attended_label": _("Присутствовал(а)"),
        "number": _("Номер регистрации"),
    }
    export_filename = "uchastniki"
    territorial_form_class = RegistrationAdminForm
    edit_handler = ObjectList(
        [
            FieldPanel("status"),
            FieldPanel("attended"),
            FieldPanel("head_email", read_only=True),
        ]
    )

    def get_queryset(self, request):
        """All the editor may see (scoped by the index view); ``?event=`` narrows it
        to one event (the link from the event's check-in page and page listing)."""
        queryset = Registration.objects.select_related("event")
        event = request.GET.get("event", "")
        if event.isascii() and event.isdigit() and len(event) <= 9:
            return queryset.filter(event_id=int(event))
        return queryset
