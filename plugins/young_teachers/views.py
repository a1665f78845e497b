"""PLACEHOLDER: replaced by its owner."""

from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import SupportForm


class SupportFormViewSet(SnippetViewSet):
    model = SupportForm


class YoungTeachersGroup(SnippetViewSetGroup):
    menu_label = "Молодые педагоги"
    items = (SupportFormViewSet,)
