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
    admin_viewsets = (
        "plugins.events.views.EventTaxonomyGroup",
        "plugins.events.views.RegistrationViewSet",
    )
    import_resources = ("plugins.events.resources.AnnualPlanResource",)
    search_documents = ("plugins.events.search.EventSpec",)
    hooks_module = "plugins.events.hooks"
    settings_defaults = {
        "PORTAL_EVENTS_PAGE_SIZE": 20,
        "PORTAL_EVENTS_REMINDER_HOURS": 24,
    }

    def ready(self) -> None:
        super().ready()
        from portal.permissions.registry import (
            TerritoryPaths,
            register_territorial,
            register_territorial_policies,
        )

        from .models import Registration

        register_territorial(
            Registration,
            TerritoryPaths(
                region="event__region",
                municipality="event__municipality",
                organisation="event__organisation",
            ),
        )
        register_territorial_policies()

        from . import changes

        changes.connect()
