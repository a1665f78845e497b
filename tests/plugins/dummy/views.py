from portal.permissions.viewsets import TerritorialSnippetViewSet

from .models import DummyNote


class DummyNoteViewSet(TerritorialSnippetViewSet):
    """Registered by the core from the plugin's admin_viewsets declaration."""

    model = DummyNote
    list_display = ["text", "municipality"]
    list_export = ["text", "municipality"]
