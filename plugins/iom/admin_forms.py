"""Forms of the «Маршруты (ИОМ)» admin (``plugins.iom.views``).

All are ``TerritorialAdminForm``s: people, routes and diagnostics can only be ones of
the editor's territory (the choice is limited and a forged id is refused). Two
exceptions, on purpose: a programme may be any of the catalogue (it is public), and a
tutor may be any person with the role «Тьютор» or «Методист» in the editor's region
(regional methodists work at the ЦНППМ, outside a district's or a school's scope).
Every rule is a Russian form error, never a server error.

A diagnostic's per-area results are one form field (``ScoresField``): a row per
competence area with the result in per cent and the level — there is one result per
area, so a fixed table fits better than an open list of inline forms.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import CompetenceArea, Organisation, Person, Territory
from portal.permissions.forms import TerritorialAdminForm
from portal.permissions.policy import scope_for

from .indicators import TUTOR_ROLES
from .models import DiagnosticScore, Programme, Route, RouteStep

SCORE_PLACES = Decimal("0.1")


def open_catalogue(form) -> None:
    """Any programme of the catalogue may be chosen, not only the territory's."""
    field = form.fields.get("programme")
    if field is not None:
        field.queryset = Programme.objects.all()


def checkboxes(form, name: str) -> None:
    field = form.fields.get(name)
    if field is not None:
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)


def scope_region_ids(user) -> set[int] | None:
    """Regions the user's scope lies in (None: every region)."""
    scope = scope_for(user)
    if scope.everything:
        return None
    ids = set(scope.regions)
    ids.update(
        Territory.objects.filter(pk__in=scope.municipalities).values_list(
            "parent_id", flat=True
        )
    )
    ids.update(
        Organisation.objects.filter(pk__in=scope.organisations).values_list(
            "region_id", flat=True
        )
    )
    return ids


# --- Diagnostics -------------------------------------------------------------------


class ScoresWidget(forms.Widget):
    """A table: a competence area per row, its result (%) and level."""

    template_name = "iom/admin/scores_widget.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.areas: list[CompetenceArea] = []

    def format_value(self, value):
        return value or {}

    def value_from_datadict(self, data, files, name):
        return {
            area.pk: (
                data.get(f"{name}-{area.pk}-score", ""),
                data.get(f"{name}-{area.pk}-level", ""),
            )
            for area in self.areas
        }

    def value_omitted_from_data(self, data, files, name):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"]
        rows = []
        for area in self.areas:
            score, level = value.get(area.pk) or ("", "")
            rows.append(
                {
                    "area": area,
                    "name": f"{name}-{area.pk}",
                    "score": "" if score is None else score,
                    "level": level or "",
                }
            )
        context["widget"]["rows"] = rows
        context["widget"]["levels"] = DiagnosticScore.Level.choices
        return context


class ScoresField(forms.Field):
    """{area id: (score or None, level)} for every area; empty rows are kept as
    (None, "") so that saving removes an area's former result."""

    widget = ScoresWidget

    def clean(self, value):
        levels = set(DiagnosticScore.Level.values)
        cleaned, errors = {}, []
        for area in self.widget.areas:
            raw, level = (value or {}).get(area.pk, ("", ""))
            raw = str(raw or "").strip().replace(",", ".")
            score = None
            if raw:
                try:
                    score = Decimal(raw)
                except InvalidOperation:
                    score = None
                if score is None or not score.is_finite() or not 0 <= score <= 100:
                    errors.append(
                        _("«%(area)s»: результат — число от 0 до 100 %%.")
                        % {"area": area.name}
                    )
                    continue
                score = score.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)
            if level and level not in levels:
                errors.append(
                    _("«%(area)s»: неизвестный уровень.") % {"area": area.name}
                )
                continue
            cleaned[area.pk] = (score, level or "")
        if errors:
            raise ValidationError(errors)
        return cleaned

    def has_changed(self, initial, data):
        return True


class DiagnosticAdminForm(TerritorialAdminForm):
    """A diagnostic entered by hand: its areas' results in one table; who entered
    it is remembered."""

    scores = ScoresField(
        label=_("Результаты по областям компетенций"),
        required=False,
        help_text=_(
            "Результат в процентах и (или) уровень. Пустая строка — по этой области "
            "диагностика не проводилась."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["scores"]
        field.widget.areas = list(CompetenceArea.objects.order_by("order", "name"))
        if self.instance.pk:
            field.initial = {
                s.area_id: (s.score, s.level) for s in self.instance.scores.all()
            }
        checkboxes(self, "deficits")

    def save(self, commit=True):
        if not self.instance.pk and self.for_user is not None:
            self.instance.created_by = self.for_user
        diagnostic = super().save(commit=commit)
        if commit:
            self.save_scores(diagnostic)
        return diagnostic

    def save_scores(self, diagnostic) -> None:
        existing = {s.area_id: s for s in diagnostic.scores.all()}
        for area_id, (score, level) in self.cleaned_data.get("scores", {}).items():
            found = existing.get(area_id)
            if score is None and not level:
                if found is not None:
                    found.delete()
            elif found is None:
                DiagnosticScore.objects.create(
                    diagnostic=diagnostic, area_id=area_id, score=score, level=level
                )
            elif (found.score, found.level) != (score, level):
                found.score, found.level = score, level
                found.save(update_fields=["score", "level"])


# --- Programmes --------------------------------------------------------------------


class ProgrammeAdminForm(TerritorialAdminForm):
    """Regional and municipal editors add their region's programmes (the region is
    then required and must be the provider's); federal programmes (no region) are
    the portal administrator's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        checkboxes(self, "deficits")
        region = self.fields.get("region")
        self.regions = scope_region_ids(self.for_user) if self.for_user else None
        if region is not None and self.regions is not None:
            region.queryset = region.queryset.filter(pk__in=self.regions)

    def clean(self):
        cleaned = super().clean()
        region, provider = cleaned.get("region"), cleaned.get("provider")
        if region is None and provider is not None and self.regions is not None:
            cleaned["region"] = region = provider.region
        if region is None and self.regions is not None and "region" in self.fields:
            self.add_error(
                "region",
                _(
                    "Укажите регион: федеральные программы вносит администратор портала."
                ),
            )
        if region is not None and provider is not None:
            if provider.region_id != region.pk:
                self.add_error("provider", _("Эта организация из другого региона."))
        return cleaned


# --- Routes and steps --------------------------------------------------------------


def tutor_choices(user, current_id=None):
    """People with the role «Тьютор» or «Методист» in the user's region(s)."""
    people = Person.objects.filter(roles__code__in=TUTOR_ROLES)
    regions = scope_region_ids(user) if user is not None else None
    if regions is not None:
        people = people.filter(organisation__region_id__in=regions)
    if current_id:
        people = Person.objects.filter(Q(pk__in=people) | Q(pk=current_id))
    return (
        people.distinct()
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


def tutor_label(person) -> str:
    organisation = person.organisation
    return f"{person.short_name} — {organisation.short_name or organisation.name}"


class RouteAdminForm(TerritorialAdminForm):
    """A route: the tutor from the region's tutors and methodists, the team from the
    owner's organisation, the diagnostic the owner's (or a team member's). Agreeing
    it (a status from «Согласован» on) records who agreed and when."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        tutor = self.fields.get("tutor")
        if tutor is not None:
            tutor.queryset = tutor_choices(self.for_user, instance.tutor_id)
            tutor.label_from_instance = tutor_label
        team = self.fields.get("team")
        if team is not None and not instance.pk:
            del self.fields["team"]  # chosen among the owner's colleagues, once saved
        elif team is not None:
            colleagues = Person.objects.filter(
                organisation_id=instance.owner.organisation_id
            ).exclude(pk=instance.owner_id)
            team.queryset = Person.objects.filter(
                Q(pk__in=colleagues) | Q(pk__in=instance.team.all())
            )
            team.widget = forms.CheckboxSelectMultiple(choices=team.choices)
            team.help_text = _("Коллеги владельца маршрута по его организации.")
        checkboxes(self, "deficits")

    def clean(self):
        cleaned = super().clean()
        owner, tutor = cleaned.get("owner"), cleaned.get("tutor")
        team = list(cleaned.get("team") or ())
        if owner is not None and owner in team:
            self.add_error(
                "team", _("Владелец маршрута уже в нём; в команду его не добавляют.")
            )
        if owner is not None and tutor is not None and tutor.pk == owner.pk:
            self.add_error(
                "tutor", _("Тьютор не может сопровождать собственный маршрут.")
            )
        diagnostic = cleaned.get("diagnostic")
        if diagnostic is not None and owner is not None:
            if diagnostic.person_id not in {owner.pk, *(p.pk for p in team)}:
                self.add_error(
                    "diagnostic",
                    _("Выберите диагностику владельца маршрута или члена его команды."),
                )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Плановое окончание раньше начала."))
        return cleaned

    def save(self, commit=True):
        route = self.instance
        if route.status in Route.BUILT and route.agreed_at is None:
            route.agreed_at, route.agreed_by = timezone.now(), self.for_user
        if route.status == Route.Status.COMPLETED and route.completed_on is None:
            route.completed_on = timezone.localdate()
        return super().save(commit=commit)


class RouteStepAdminForm(TerritorialAdminForm):
    """A step: any programme of the catalogue; marking it done dates it, and
    recognising non-formal results records who recognised them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_catalogue(self)
        self.recognised_before = bool(self.instance.pk and self.instance.recognised)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Плановый срок раньше начала."))
        done_on = cleaned.get("done_on")
        if done_on and done_on > timezone.localdate():
            self.add_error("done_on", _("Дата выполнения ещё не наступила."))
        return cleaned

    def save(self, commit=True):
        step = self.instance
        if step.status == RouteStep.Status.DONE and step.done_on is None:
            step.done_on = timezone.localdate()
        if step.recognised and not self.recognised_before:
            step.recognised_by = self.for_user
        elif not step.recognised:
            step.recognised_by = None
        return super().save(commit=commit)


class CourseCompletionAdminForm(TerritorialAdminForm):
    """A completed course entered by hand: any programme of the catalogue (or a
    title); its hours by default."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_catalogue(self)

    def clean(self):
        cleaned = super().clean()
        completed_on = cleaned.get("completed_on")
        if completed_on and completed_on > timezone.localdate():
            self.add_error("completed_on", _("Дата окончания ещё не наступила."))
        programme = cleaned.get("programme")
        if programme is not None and not cleaned.get("hours"):
            cleaned["hours"] = programme.hours
        return cleaned
