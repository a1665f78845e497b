"""Admin forms that keep a record inside the editor's territory."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import policy
from .registry import paths_for


class TerritorialAdminForm(WagtailAdminModelForm):
    """Limits choices of territorial FKs to the user's scope and refuses a record
    whose territory falls outside it (e.g. moving a school to another district)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        if for_user is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if (
                queryset is not None
                and paths_for(queryset.model)
                and queryset.model._meta.model_name != "territory"
            ):
                field.queryset = policy.scope_queryset(
                    for_user, queryset, policy.CHANGE
                )

    def _post_clean(self):
        super()._post_clean()
        if self.for_user is None or self.errors:
            return
        if not policy.can(self.for_user, policy.CHANGE, self.instance):
            self.add_error(
                None,
                _(
                    "Эта запись относится к чужой территории: вы можете работать только с записями своей территории."
                ),
            )
