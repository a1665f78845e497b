from django.utils.translation import gettext_lazy as _

from portal.extensions.config import PortalPluginConfig


class EventsConfig(PortalPluginConfig):
    """Events calendars and event pages in any section, iCalendar and RSS feeds."""

    name = "plugins.events"
    label = "events"
    verbose_name = _("Мероприятия")
    version = "0.1"
    page_models = (
        "plugins.events.models.EventCalendarPage",
        "plugins.events.models.EventPage",
    )
    admin_viewsets = ("plugins.events.views.EventTaxonomyGroup",)
    search_documents = ("plugins.events.search.EventSpec",)
    hooks_module = "plugins.events.hooks"
    settings_defaults = {"PORTAL_EVENTS_PAGE_SIZE": 20}
