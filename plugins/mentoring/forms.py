"""Forms of a person's own mentoring pages: requests for a pair (``my_views``) and the
pair's individual plan (``plan_views``).

Every POST of those views goes through one of these forms, so bad input comes back as
a Russian message next to the field instead of an error page. Choices are limited to
the pair or the person at hand (the pair's target competences, its tasks, the
templates offered to its organisation), so a forged id of another pair's record is
simply an invalid choice. Lists shared by many forms of one page (competences) are
read once and handed to every form (``preset``), keeping the page's queries bounded.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Competence

from .models import (
    Meeting,
    MentoringForm,
    PairStatus,
    Plan,
    PlanTask,
    SelfAssessment,
    TaskStatus,
)

CHOOSE = gettext_lazy("Выберите значение из списка.")
TEXT_LIMIT = 4000


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def preset(field: forms.ModelChoiceField, choices: list) -> None:
    """Give a model choice field choices read once for the page (no query per form);
    validation still checks the submitted id against the field's queryset."""
    field.choices = choices


def model_choices(queryset, empty: str | None = "—") -> list:
    rows = [(obj.pk, str(obj)) for obj in queryset]
    return ([("", empty)] if empty is not None else []) + rows


# Requests ---------------------------------------------------------------------------


def form_field(required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=gettext_lazy("Форма наставничества"),
        queryset=MentoringForm.objects.all(),
        required=required,
        empty_label=gettext_lazy("подберём вместе"),
        error_messages={"invalid_choice": CHOOSE},
    )


def message_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        widget=text_area(4),
    )


class RequestForm(forms.Form):
    """A mentee asks a mentor for a pair (the mentor's public card links here)."""

    form = form_field()
    message = message_field(
        gettext_lazy("Сообщение наставнику: что хотите освоить, когда удобно")
    )


class OfferForm(forms.Form):
    """A mentor offers mentoring to a colleague on the «нужен наставник» list."""

    mentee = forms.ModelChoiceField(
        label=gettext_lazy("Коллега, которому нужен наставник"),
        queryset=None,
        empty_label=gettext_lazy("выберите коллегу"),
        error_messages={
            "required": gettext_lazy("Выберите коллегу из списка."),
            "invalid_choice": gettext_lazy(
                "Этому коллеге нельзя предложить наставничество: выберите из списка."
            ),
        },
    )
    form = form_field()
    message = message_field(gettext_lazy("Сообщение коллеге"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = candidates


class AnswerForm(forms.Form):
    answer = message_field(gettext_lazy("Ответ (необязательно)"))


class AcceptingForm(forms.Form):
    accepting = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )


# The plan ---------------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    """Goals, expected results, the date the plan was agreed and the pair's target
    competences (the self-assessment asks about them)."""

    competences = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Целевые компетенции (дефициты)"),
        queryset=Competence.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE, "invalid_pk_value": CHOOSE},
    )

    class Meta:
        model = Plan
        fields = ["goals", "expected_results", "agreed_on"]
        widgets = {
            "goals": text_area(4),
            "expected_results": text_area(4),
            "agreed_on": date_input(),
        }


class TemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=gettext_lazy("Шаблон плана"),
        queryset=None,
        empty_label=gettext_lazy("выберите шаблон"),
        error_messages={
            "required": gettext_lazy("Выберите шаблон из списка."),
            "invalid_choice": gettext_lazy("Этот шаблон недоступен для пары."),
        },
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates


class TaskProgressMixin:
    """Status, date done and result agree: done needs a date (today by default),
    which may not lie in the future."""

    def clean(self):
        data = super().clean()
        status, done_on = data.get("status"), data.get("done_on")
        if done_on and done_on > timezone.localdate():
            self.add_error(
                "done_on", _("Дата выполнения не может быть позже сегодняшней.")
            )
        elif status == TaskStatus.DONE and not done_on and "done_on" in self.fields:
            data["done_on"] = timezone.localdate()
        elif status and status != TaskStatus.DONE and done_on:
            self.add_error(
                "done_on",
                _("Дату выполнения указывают только для выполненной задачи."),
            )
        return data


class TaskForm(TaskProgressMixin, forms.ModelForm):
    """A task of the plan, added or changed by the mentor or a coordinator."""

    class Meta:
        model = PlanTask
        fields = [
            "title",
            "description",
            "competence",
            "deadline",
            "status",
            "done_on",
            "result",
        ]
        widgets = {
            "description": text_area(2),
            "result": text_area(2),
            "deadline": date_input(),
            "done_on": date_input(),
        }

    def __init__(self, *args, pair, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.pair = pair
        preset(self.fields["competence"], competences)

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < self.pair.start_date:
            raise forms.ValidationError(
                _("Срок раньше начала наставничества (%(date)s).")
                % {"date": self.pair.start_date.strftime("%d.%m.%Y")}
            )
        return deadline


class TaskProgressForm(TaskProgressMixin, forms.ModelForm):
    """What the mentee changes in a task: its status, the date done, the result."""

    class Meta:
        model = PlanTask
        fields = ["status", "done_on", "result"]
        widgets = {"result": text_area(2), "done_on": date_input()}


class MeetingForm(forms.ModelForm):
    """A meeting of the log: held between the pair's start and today."""

    class Meta:
        model = Meeting
        fields = ["date", "duration_minutes", "format", "topic", "notes"]
        widgets = {"date": date_input(), "notes": text_area(3)}

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.pair = pair
        duration = self.fields["duration_minutes"]
        duration.widget.attrs.update(min=5, max=600)
        duration.validators = []  # one Russian message for any bad value, below

    def clean_date(self):
        day: datetime.date = self.cleaned_data["date"]
        if day < self.pair.start_date:
            raise forms.ValidationError(
                _("Встреча раньше начала наставничества (%(date)s).")
                % {"date": self.pair.start_date.strftime("%d.%m.%Y")}
            )
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("В журнал записывают прошедшие встречи: дата ещё не наступила.")
            )
        return day

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 5 <= minutes <= 600:
            raise forms.ValidationError(_("Продолжительность — от 5 до 600 минут."))
        return minutes


SCORES = [(str(n), str(n)) for n in range(1, 6)]


class SelfAssessmentForm(forms.Form):
    """The mentee's own score (1–5) of one target competence, at the start or end."""

    competence = forms.ModelChoiceField(
        label=gettext_lazy("Компетенция"),
        queryset=None,
        empty_label=gettext_lazy("выберите компетенцию"),
        error_messages={
            "required": gettext_lazy("Выберите компетенцию из списка."),
            "invalid_choice": gettext_lazy(
                "Оценивают только целевые компетенции пары."
            ),
        },
    )
    moment = forms.ChoiceField(
        label=gettext_lazy("Когда"),
        choices=SelfAssessment.Moment.choices,
        error_messages={"invalid_choice": CHOOSE},
    )
    score = forms.TypedChoiceField(
        label=gettext_lazy("Оценка от 1 до 5"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Поставьте оценку от 1 до 5."),
            "invalid_choice": gettext_lazy("Оценка — целое число от 1 до 5."),
        },
    )
    comment = message_field(gettext_lazy("Комментарий"))

    def __init__(self, *args, competences, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = competences
        preset(self.fields["competence"], choices)


class StatusForm(forms.Form):
    """The coordinator's steps: pause, resume, complete with an outcome, terminate
    early with a reason."""

    PAUSE, RESUME, COMPLETE, TERMINATE = "pause", "resume", "complete", "terminate"
    operation = forms.ChoiceField(
        choices=[
            (PAUSE, gettext_lazy("Приостановить")),
            (RESUME, gettext_lazy("Возобновить")),
            (COMPLETE, gettext_lazy("Завершить")),
            (TERMINATE, gettext_lazy("Прекратить досрочно")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )
    on = forms.DateField(
        label=gettext_lazy("Дата окончания"),
        required=False,
        widget=date_input(),
    )
    outcome = message_field(gettext_lazy("Результат наставничества"))
    reason = message_field(gettext_lazy("Причина досрочного прекращения"))

    #: Statuses each operation starts from.
    FROM = {
        PAUSE: (PairStatus.ACTIVE,),
        RESUME: (PairStatus.PAUSED, PairStatus.PROPOSED),
        COMPLETE: (PairStatus.ACTIVE, PairStatus.PAUSED, PairStatus.PROPOSED),
        TERMINATE: (PairStatus.ACTIVE, PairStatus.PAUSED, PairStatus.PROPOSED),
    }

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.pair = pair
        #: The steps shown for the pair's current status (others stay valid choices
        #: so that a stale page gets a clear message, not a generic one).
        self.available = [
            value for value, starts in self.FROM.items() if pair.status in starts
        ]

    def clean(self):
        data = super().clean()
        operation = data.get("operation")
        if not operation:
            return data
        if self.pair.status not in self.FROM[operation]:
            raise forms.ValidationError(
                _("Пара сейчас в статусе «%(status)s»: этот шаг невозможен.")
                % {"status": self.pair.get_status_display()}
            )
        on = data.get("on") or timezone.localdate()
        data["on"] = on
        if operation in (self.COMPLETE, self.TERMINATE):
            if on < self.pair.start_date:
                self.add_error("on", _("Дата окончания раньше начала наставничества."))
            elif on > timezone.localdate():
                self.add_error("on", _("Дата окончания ещё не наступила."))
        if operation == self.COMPLETE and not data.get("outcome", "").strip():
            self.add_error(
                "outcome", _("Опишите результат, чтобы завершить наставничество.")
            )
        if operation == self.TERMINATE and not data.get("reason", "").strip():
            self.add_error("reason", _("Укажите причину досрочного прекращения."))
        return data
