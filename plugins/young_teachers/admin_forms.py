"""Forms of the «Молодые педагоги» admin (``plugins.young_teachers.views``).

Both forms are ``TerritorialAdminForm``s: the person can only be one of the editor's
territory (the choice is limited and a forged id is refused), so a school records the
support of its own young teachers and nobody else's. Date rules are Russian form
errors, never server errors: the models' ``clean`` says «Окончание раньше начала.» and
«Укажите причину выбытия.», the card's form adds leaving before joining.
"""

from django.utils.translation import gettext_lazy as _

from portal.core.models import Organisation
from portal.permissions.forms import TerritorialAdminForm


class SupportRecordAdminForm(TerritorialAdminForm):
    """A support record entered by hand; who entered it is remembered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organiser = self.fields.get("organiser")
        if organiser is not None:
            # The organiser may be anyone (a regional centre runs the school of the
            # young teacher for every district): it is a reference, not a scope.
            organiser.queryset = Organisation.objects.all()
        person = self.fields.get("person")
        if person is not None:
            person.queryset = person.queryset.select_related("organisation")

    def save(self, commit=True):
        if not self.instance.pk and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


class YoungTeacherCardAdminForm(TerritorialAdminForm):
    """Joining and leaving: leaving needs a reason and cannot precede joining."""

    def clean(self):
        cleaned = super().clean()
        joined, left = cleaned.get("joined_school_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("Дата выбытия раньше даты приёма."))
        return cleaned
