"""Scoped snippet viewsets: Wagtail's generic views check only model permissions
(wagtail#13314), so every object view here re-checks the territory policy.

TerritorialSnippetViewSet is used for every territorial registry of the core and
of plugins (see portal.core.wagtail_hooks).
"""

from django.http import Http404
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from . import policy
from .forms import TerritorialAdminForm


class ScopedObjectMixin:
    """Object views: a record outside the user's territory does not exist for them (404)."""

    scoped_action = policy.CHANGE

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not policy.can(self.request.user, self.scoped_action, obj):
            raise Http404
        return obj


class ScopedIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return policy.scope_queryset(
            self.request.user, super().get_base_queryset(), policy.VIEW
        )


class ScopedEditView(ScopedObjectMixin, snippet_views.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    scoped_action = policy.DELETE


class ScopedInspectView(ScopedObjectMixin, snippet_views.InspectView):
    scoped_action = policy.VIEW


class ScopedUsageView(ScopedObjectMixin, snippet_views.UsageView):
    scoped_action = policy.VIEW


class ScopedHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    scoped_action = policy.VIEW


class ScopedCopyView(ScopedObjectMixin, snippet_views.CopyView):
    scoped_action = policy.VIEW


class ScopedChooserMixin:
    def get_object_list(self):
        return policy.scope_queryset(
            self.request.user, super().get_object_list(), policy.VIEW
        )


class ScopedChooseView(ScopedChooserMixin, snippet_chooser.ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooserMixin, snippet_chooser.ChooseResultsView):
    pass


class ScopedChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not policy.can(self.request.user, policy.VIEW, obj):
            raise Http404
        return obj


class ScopedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


class TerritorialSnippetViewSet(SnippetViewSet):
    """A SnippetViewSet whose listing, export, chooser and object views obey the policy."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    usage_view_class = ScopedUsageView
    history_view_class = ScopedHistoryView
    copy_view_class = ScopedCopyView
    chooser_viewset_class = ScopedChooserViewSet
    inspect_view_enabled = True
    #: Base form of the create/edit forms; must subclass TerritorialAdminForm.
    territorial_form_class = TerritorialAdminForm

    def get_edit_handler(self):
        """Every form of a territorial model is a TerritorialAdminForm."""
        handler = super().get_edit_handler()
        if handler is None:
            fields = [
                f.name
                for f in self.model._meta.get_fields()
                if getattr(f, "editable", False) and f.concrete and not f.auto_created
            ]
            handler = ObjectList([FieldPanel(name) for name in fields]).bind_to_model(
                self.model
            )
        if handler.base_form_class is None:
            handler.base_form_class = self.territorial_form_class
        return handler
