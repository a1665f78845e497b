"""The admin form of indicator targets (IndicatorTargetViewSet)."""

from django import forms
from django.utils.translation import gettext as _

from portal.core.models import Territory
from portal.permissions import policy
from portal.permissions.forms import TerritorialAdminForm

from .registry import all_indicators


def may_set_targets(user) -> bool:
    """Targets are set from above: superusers and regional administrators."""
    scope = policy.scope_for(user)
    return scope.everything or bool(scope.regions)


class IndicatorTargetForm(TerritorialAdminForm):
    """Offers the contributed indicators and only the territories of the user's regions."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        choices = [(i.code, str(i.title)) for i in all_indicators()]
        current = self.initial.get("indicator") or getattr(
            self.instance, "indicator", ""
        )
        if current and current not in dict(choices):
            choices.append((current, current))
        if "indicator" in self.fields:
            field = self.fields["indicator"]
            self.fields["indicator"] = forms.ChoiceField(
                label=field.label,
                help_text=field.help_text,
                choices=[("", "---------"), *choices],
            )
        if for_user is not None and "territory" in self.fields:
            scope = policy.scope_for(for_user)
            territories = Territory.objects.all()
            if not scope.everything:
                territories = territories.filter(
                    pk__in=scope.regions
                ) | territories.filter(parent_id__in=scope.regions)
                self.fields["territory"].required = True
            self.fields["territory"].queryset = territories.order_by("-kind", "name")

    def clean(self):
        cleaned = super().clean()
        if self.for_user is not None and not may_set_targets(self.for_user):
            raise forms.ValidationError(
                _("Целевые значения устанавливают региональные администраторы.")
            )
        return cleaned
