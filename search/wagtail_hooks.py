"""Admin: synonyms editor and the search status page («Поиск» in «Настройки»)."""

from django.db.models.signals import post_delete, post_save
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import status_view
from .models import SearchSynonym
from .synonyms import invalidate


class SearchSynonymViewSet(SnippetViewSet):
    """Synonyms applied to every query at once (no index rebuild)."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("Синонимы поиска")
    add_to_settings_menu = True


register_snippet(SearchSynonymViewSet)
post_save.connect(
    invalidate, sender=SearchSynonym, dispatch_uid="portal-search-synonyms-save"
)
post_delete.connect(
    invalidate, sender=SearchSynonym, dispatch_uid="portal-search-synonyms-delete"
)


@hooks.register("register_admin_urls")
def register_status_url():
    return [path("search-status/", status_view, name="portal_search_status")]


@hooks.register("register_settings_menu_item")
def register_status_menu_item():
    return MenuItem(
        _("Состояние поиска"), "/admin/search-status/", icon_name="search", order=900
    )
