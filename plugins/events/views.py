"""Admin: the editable taxonomies of events (Настройки → Мероприятия: справочники)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, EducationLevel, EventType


class EventTypeViewSet(SnippetViewSet):
    model = EventType
    icon = "tag"
    list_display = ["name", "code", "order"]
    ordering = ["order", "name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name", "code", "order"]
    ordering = ["order", "name"]


class EducationLevelViewSet(SnippetViewSet):
    model = EducationLevel
    icon = "list-ul"
    list_display = ["name", "code", "order"]
    ordering = ["order", "name"]


class EventTaxonomyGroup(SnippetViewSetGroup):
    items = (EventTypeViewSet, AudienceViewSet, EducationLevelViewSet)
    menu_label = _("Справочники мероприятий")
    menu_icon = "date"
    menu_name = "event-taxonomies"
