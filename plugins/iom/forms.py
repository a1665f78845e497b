"""Forms of a person's own route pages (``my_views``, ``route_page``) and of the
tutor's caseload (``caseload_views``).

Every POST goes through one of these forms, so bad input comes back as a Russian
message next to the field, never as an error page. Lists that many forms of one page
share (competences, tutors) are read once and handed to each form (``preset``), which
keeps the route page's queries bounded whatever the number of steps.
"""

from pathlib import PurePosixPath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Competence, Person

from .models import DEFAULT_FORM, Route, RouteStep

CHOOSE = gettext_lazy("Выберите значение из списка.")
TEXT_LIMIT = 4000
#: Roles (core.PersonRole codes) of the people who may tutor a route.
TUTOR_ROLES = ("tutor", "methodist")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = (
    "pdf", "jpg", "jpeg", "png", "doc", "docx", "odt", "rtf", "txt", "xlsx", "pptx",
)  # fmt: skip
#: Where a step's link may lead: the web, or a page of the portal itself.
SAFE_LINK_PREFIXES = ("https://", "http://", "/")


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": TEXT_LIMIT})


def preset(field: forms.ModelChoiceField, choices: list) -> None:
    """Choices read once for the page (no query per form); validation still checks
    the submitted id against the field's queryset."""
    field.choices = choices


def competence_choices() -> list:
    return [("", "—")] + [(c.pk, c.name) for c in Competence.objects.all()]


def tutor_candidates(person: Person, keep=None):
    """Tutors and methodists of the person's region (by role or by the category
    «педагог-методист»), plus ``keep`` (the route's current tutor) when given."""
    region_id = person.organisation.region_id
    found = Q(pk__in=[]) if region_id is None else (
        Q(roles__code__in=TUTOR_ROLES) | Q(qualification_category=Person.Category.METHODIST)
    ) & Q(organisation__region_id=region_id)  # fmt: skip
    if keep is not None:
        found |= Q(pk=keep.pk)
    ids = Person.objects.filter(found).exclude(pk=person.pk).values("pk")
    return (
        Person.objects.filter(pk__in=ids)
        .select_related("organisation")
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


class TutorField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} — {obj.organisation}"


def tutor_field() -> TutorField:
    return TutorField(
        label=gettext_lazy("Тьютор (методист)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=gettext_lazy("назначит координатор"),
        error_messages={"invalid_choice": gettext_lazy("Выберите тьютора из списка.")},
    )


def check_period(form, start: str, end: str) -> None:
    data = form.cleaned_data
    if data.get(start) and data.get(end) and data[end] < data[start]:
        form.add_error(end, _("Окончание не может быть раньше начала."))


# «Построить маршрут» ----------------------------------------------------------------


class ProposeForm(forms.Form):
    """The offers the teacher keeps (checkboxes, keys of ``RouteOffer``) and the tutor."""

    keys = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Одно из предложений больше недоступно: обновите страницу."
            )
        },
    )
    tutor = tutor_field()

    def __init__(self, *args, keys, tutors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = [(key, key) for key in keys]
        self.fields["tutor"].queryset = tutors


# The route page ---------------------------------------------------------------------


class RouteForm(forms.ModelForm):
    """The route's own fields; the tutor only for those who may choose one."""

    class Meta:
        model = Route
        fields = [
            "title", "deficits", "goals", "pace", "start_date", "end_date",
            "personal_resources", "school_context",
        ]  # fmt: skip
        widgets = {
            "deficits": forms.CheckboxSelectMultiple,
            "goals": text_area(4),
            "personal_resources": text_area(3),
            "school_context": text_area(3),
            "start_date": date_input(),
            "end_date": date_input(),
        }

    def __init__(self, *args, competences, tutors=None, **kwargs):
        super().__init__(*args, **kwargs)
        preset(self.fields["deficits"], competences[1:])
        self.fields["deficits"].error_messages["invalid_choice"] = CHOOSE
        self.fields["pace"].error_messages["invalid_choice"] = CHOOSE
        if tutors is not None:
            self.fields["tutor"] = tutor_field()
            self.fields["tutor"].queryset = tutors
            self.initial.setdefault("tutor", self.instance.tutor_id)

    def clean(self):
        data = super().clean()
        check_period(self, "start_date", "end_date")
        return data

    def save(self, commit=True):
        if "tutor" in self.fields:
            self.instance.tutor = self.cleaned_data.get("tutor")
        return super().save(commit)


class StepForm(forms.ModelForm):
    """A step added or changed by hand."""

    class Meta:
        model = RouteStep
        fields = [
            "deficit", "title", "kind", "learning_form", "url", "hours",
            "planned_start", "planned_end",
        ]  # fmt: skip
        widgets = {"planned_start": date_input(), "planned_end": date_input()}

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        preset(self.fields["deficit"], competences)
        learning = self.fields["learning_form"]
        learning.required = False
        learning.choices = [("", _("как обычно для этого вида"))] + learning.choices[1:]
        learning.help_text = _("Программа ДПП — формальное обучение, мероприятие — "
                               "неформальное, самообразование — информальное.")  # fmt: skip
        self.fields["title"].error_messages["required"] = _("Укажите, что сделать.")
        self.fields["kind"].error_messages["required"] = _("Выберите вид шага.")
        for name in ("deficit", "kind", "learning_form"):
            self.fields[name].error_messages["invalid_choice"] = CHOOSE

    def clean_url(self):
        url = self.cleaned_data.get("url", "").strip()
        if url and (url.startswith("//") or not url.startswith(SAFE_LINK_PREFIXES)):
            raise forms.ValidationError(
                _("Ссылка начинается с https:// или это адрес страницы портала (/…).")
            )
        return url

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and not 1 <= hours <= 2000:
            raise forms.ValidationError(_("Часов — от 1 до 2000."))
        return hours

    def clean(self):
        data = super().clean()
        check_period(self, "planned_start", "planned_end")
        if data.get("kind") and not data.get("learning_form"):
            data["learning_form"] = DEFAULT_FORM[data["kind"]]
        return data


class DoneForm(forms.ModelForm):
    """«Выполнен»: the date, what came of it and, if any, a file that proves it
    (kept in private storage, downloaded only through the route's access check)."""

    class Meta:
        model = RouteStep
        fields = ["done_on", "evidence", "evidence_file"]
        widgets = {
            "done_on": date_input(),
            "evidence": text_area(3),
            # not ClearableFileInput: it asks the file for a URL, which private
            # storage refuses to give
            "evidence_file": forms.FileInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = False
        self.fields["evidence_file"].help_text = _(
            "Форматы: %(list)s; не больше %(size)s. Файл видят только участники маршрута."
        ) % {
            "list": ", ".join(EVIDENCE_EXTENSIONS),
            "size": filesizeformat(MAX_EVIDENCE_BYTES),
        }

    def clean_done_on(self):
        day = self.cleaned_data.get("done_on") or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(_("Дата выполнения ещё не наступила."))
        return day

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not isinstance(upload, UploadedFile):
            return upload  # nothing new: the file kept, or cleared
        suffix = PurePosixPath(upload.name).suffix.lower().lstrip(".")
        problem = None
        if suffix not in EVIDENCE_EXTENSIONS:
            problem = _("Такой файл не принимается: подойдут %(list)s.") % {
                "list": ", ".join(EVIDENCE_EXTENSIONS)
            }
        elif upload.size > MAX_EVIDENCE_BYTES:
            problem = _("Файл больше %(size)s.") % {
                "size": filesizeformat(MAX_EVIDENCE_BYTES)
            }
        if problem:
            raise forms.ValidationError(problem)
        return upload

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("evidence_file"))
        if not self.errors and not data.get("evidence", "").strip() and not has_file:
            raise forms.ValidationError(
                _("Опишите результат или приложите файл подтверждения.")
            )
        return data


# The caseload -----------------------------------------------------------------------


class CaseloadFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Статус"),
        required=False,
        choices=[("", gettext_lazy("все"))] + Route.Status.choices,
        error_messages={"invalid_choice": CHOOSE},
    )
    overdue = forms.BooleanField(
        label=gettext_lazy("только с просроченными шагами"), required=False
    )
