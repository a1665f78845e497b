"""Forms of the «Наставничество» admin (``plugins.mentoring.views`` and
``plugins.mentoring.admin_views``).

Every pair created here goes through ``pairing.register_pair`` and every edit through
``pairing.validate_pair`` / ``close_pair``, so the capacity, self-mentoring and
duplicate rules hold in the admin exactly as on the site and in imports, and a broken
rule is a Russian form error rather than a server error.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.core.levels import EducationStage
from portal.core.models import Competence, Territory
from portal.permissions import policy
from portal.permissions.forms import TerritorialAdminForm

from .models import (
    Mentor,
    MentoringForm,
    MentorStatus,
    PairRequest,
    PairStatus,
)
from .pairing import close_pair, register_pair, validate_pair

#: Which field a rule of ``validate_pair`` is about (by the error's code).
ERROR_FIELDS = {
    "capacity": "mentor",
    "inactive": "mentor",
    "duplicate": "mentor",
    "self": "mentees",
    "empty": "mentees",
    "dates": "planned_end_date",
}
CLOSED_STATUSES = (PairStatus.COMPLETED, PairStatus.TERMINATED)


def add_rule_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a rule's error to the field it is about (or the whole form)."""
    field = ERROR_FIELDS.get(getattr(error, "code", None))
    form.add_error(field if field in form.fields else None, error)


class MentorAdminForm(TerritorialAdminForm):
    """Education stages as checkboxes rather than raw JSON."""

    education_stages = forms.MultipleChoiceField(
        label=_("Уровни образования"),
        choices=EducationStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Уровни образования, на которых работает наставник."),
    )


def _keep_current(form, name: str, values) -> None:
    """Keep a record's current choices selectable although they lie outside the
    editor's scope (a mentor of another municipality chosen from the suggestions)."""
    field = form.fields.get(name)
    ids = [v.pk for v in values if v is not None]
    if field is None or not ids:
        return
    model = field.queryset.model
    field.queryset = (
        field.queryset | model._default_manager.filter(pk__in=ids)
    ).distinct()


class PairAdminForm(TerritorialAdminForm):
    """Creating a pair registers it (``register_pair``: capacity, plan, closing the
    mentees' needs); editing re-checks the rules and closes it through ``close_pair``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = not self.instance.pk
        self.status_before = None if self.creating else self.instance.status
        if self.creating:
            for name in ("actual_end_date", "outcome", "termination_reason"):
                self.fields.pop(name, None)
        else:
            _keep_current(self, "mentor", [self.instance.mentor])
            _keep_current(self, "mentees", self.instance.mentees.all())
            _keep_current(self, "co_mentors", self.instance.co_mentors.all())
        organisation = self.fields.get("organisation")
        if organisation is not None and self.creating:
            organisation.required = False
            organisation.help_text = _("Если не указана — школа первого наставляемого.")
        mentor = self.fields.get("mentor")
        if mentor is not None:
            mentor.queryset = mentor.queryset.select_related("person")

    def clean(self):
        cleaned = super().clean()
        mentor = cleaned.get("mentor")
        mentees = list(cleaned.get("mentees") or [])
        status = cleaned.get("status") or PairStatus.ACTIVE
        if "organisation" in self.fields and not cleaned.get("organisation"):
            if mentees:
                cleaned["organisation"] = mentees[0].organisation
        if mentor is not None and "mentees" in cleaned:
            try:
                validate_pair(
                    mentor,
                    mentees,
                    pair=None if self.creating else self.instance,
                    status=status,
                )
            except ValidationError as error:
                add_rule_error(self, error)
        start, end = cleaned.get("start_date"), cleaned.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", _("Плановое окончание раньше начала."))
        if (
            status == PairStatus.TERMINATED
            and "termination_reason" in self.fields
            and not (cleaned.get("termination_reason") or "").strip()
        ):
            self.add_error(
                "termination_reason", _("Укажите причину досрочного прекращения.")
            )
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        if self.creating:
            pair = register_pair(
                mentor=data["mentor"],
                mentees=data["mentees"],
                form=data["form"],
                organisation=data.get("organisation"),
                user=self.for_user,
                start_date=data.get("start_date"),
                planned_end_date=data.get("planned_end_date"),
                programme=data.get("programme"),
                competences=data.get("target_competences") or (),
                status=data.get("status") or PairStatus.ACTIVE,
                goal=data.get("goal", ""),
                co_mentors=data.get("co_mentors") or (),
                mentor_organisation=data.get("mentor_organisation"),
            )
            self.instance = pair
            return pair
        pair = super().save(commit=commit)
        status = pair.status
        if commit and status in CLOSED_STATUSES and status != self.status_before:
            close_pair(
                pair,
                status,
                on=pair.actual_end_date,
                reason=pair.termination_reason,
                outcome=pair.outcome,
            )
        return pair


class PairRequestAdminForm(TerritorialAdminForm):
    """A request is accepted by the other side on the site (which registers the pair);
    here the coordinator may only extend, decline or withdraw it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None:
            Status = PairRequest.Status
            current = self.instance.status if self.instance.pk else None
            status.choices = [
                (value, label)
                for value, label in Status.choices
                if value != Status.ACCEPTED or current == Status.ACCEPTED
            ]


class PlanTemplateAdminForm(TerritorialAdminForm):
    """The template's territory is completed upwards (a school's template also names
    its municipality and region), so the policy and ``templates_for`` agree; left
    empty, it is the editor's own territory."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = policy.scope_for(self.for_user) if self.for_user else None
        region = self.fields.get("region")
        municipality = self.fields.get("municipality")
        if region is not None:
            region.queryset = Territory.objects.filter(kind=Territory.Kind.REGION)
        if municipality is not None:
            municipality.queryset = Territory.objects.filter(
                kind=Territory.Kind.MUNICIPALITY
            )
        if scope is not None and not scope.everything:
            if region is not None:
                region.queryset = region.queryset.filter(pk__in=scope.regions)
            if municipality is not None:
                municipality.queryset = municipality.queryset.filter(
                    pk__in=scope.municipalities
                ) | municipality.queryset.filter(parent_id__in=scope.regions)

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        municipality = cleaned.get("municipality")
        region = cleaned.get("region")
        if not (organisation or municipality or region) and self.for_user:
            organisation, municipality, region = self._own_territory()
        if organisation is not None:
            municipality = organisation.municipality
            region = organisation.region
        elif municipality is not None:
            region = municipality.parent
        cleaned.update(
            organisation=organisation, municipality=municipality, region=region
        )
        return cleaned

    def _own_territory(self):
        from portal.core.models import Organisation

        scope = policy.scope_for(self.for_user)
        if scope.everything:
            return None, None, None
        if scope.organisations:
            return Organisation.objects.get(pk=min(scope.organisations)), None, None
        if scope.municipalities:
            return None, Territory.objects.get(pk=min(scope.municipalities)), None
        if scope.regions:
            return None, None, Territory.objects.get(pk=min(scope.regions))
        return None, None, None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, mentor):
        person = mentor.person
        return _("%(name)s — %(organisation)s (занято %(load)s из %(capacity)s)") % {
            "name": person.short_name,
            "organisation": person.organisation.short_name or person.organisation.name,
            "load": mentor.load,
            "capacity": mentor.capacity,
        }


class AssignForm(forms.Form):
    """Hand assignment on the «Подобрать» page: any active mentor of the
    coordinator's territory, through ``register_pair``."""

    mentor = MentorChoiceField(label=_("Наставник"), queryset=Mentor.objects.none())
    form = forms.ModelChoiceField(
        label=_("Форма наставничества"), queryset=MentoringForm.objects.all()
    )
    start_date = forms.DateField(label=_("Начало"), widget=DateInput())
    planned_end_date = forms.DateField(
        label=_("Плановое окончание"), required=False, widget=DateInput()
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Целевые компетенции (дефициты)"),
        queryset=Competence.objects.select_related("area"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goal = forms.CharField(
        label=_("Запрос наставляемого / цель"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.mentee = user, mentee
        self.fields["mentor"].queryset = policy.scope_queryset(
            user,
            Mentor.objects.filter(status=MentorStatus.ACTIVE)
            .exclude(person_id=mentee.pk)
            .with_load()
            .select_related("person__organisation"),
            policy.VIEW,
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", _("Плановое окончание раньше начала."))
        return cleaned

    def register(self):
        """Register the pair; a broken rule becomes a form error (returns None)."""
        data = self.cleaned_data
        try:
            return register_pair(
                mentor=data["mentor"],
                mentees=[self.mentee],
                form=data["form"],
                organisation=self.mentee.organisation,
                user=self.user,
                start_date=data["start_date"],
                planned_end_date=data.get("planned_end_date"),
                competences=data.get("competences") or (),
                goal=data.get("goal", ""),
            )
        except ValidationError as error:
            add_rule_error(self, error)
            return None
