"""Forms of the public membership views and of the community head's tools (``manage``).

Every POST of those views goes through one of these forms; messages are in Russian.
Choices are limited to the community at hand (its requests, its members, the people
of its region), so a forged id of another community's record is simply invalid.
"""

from pathlib import PurePosixPath

from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Person
from portal.extensions.registry import is_enabled

from .models import CommunityMaterial, Membership, PlanItem, WorkPlan

#: The largest file a community may upload (bytes).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Roles the head gives in «Участники»; head and deputies are named on the page itself
#: by the portal's editors (``leaders.sync_leaders``).
MEMBER_ROLES = [
    (value, label)
    for value, label in Membership.Role.choices
    if value not in Membership.LEADERS
]
CHOOSE = gettext_lazy("Выберите запись из списка: эта запись не найдена.")


def record_field(queryset) -> forms.ModelChoiceField:
    """A record of the community chosen by its id (a hidden input of a button's form)."""
    return forms.ModelChoiceField(
        queryset=queryset,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": CHOOSE, "required": CHOOSE},
    )


# Public views -----------------------------------------------------------------------


class JoinForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Сообщение руководителю (необязательно)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": gettext_lazy(
                "Сообщение слишком длинное: не больше %(limit_value)d символов."
            )
        },
    )


class InvitationAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", gettext_lazy("Принять")),
            ("decline", gettext_lazy("Отказаться")),
        ],
        error_messages={"required": gettext_lazy("Выберите ответ на приглашение.")},
    )


# «Участники» ------------------------------------------------------------------------


def region_people(community):
    """People of the community's region (everyone for a federal community)."""
    people = Person.objects.all()
    if community.region_id:
        people = people.filter(
            Q(organisation__region_id=community.region_id)
            | Q(organisation__municipality__parent_id=community.region_id)
        )
    return people


class DecisionForm(forms.Form):
    """Approve or decline a request."""

    decision = forms.ChoiceField(
        choices=[("approve", "approve"), ("decline", "decline")]
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"] = record_field(
            community.memberships.filter(status=Membership.Status.REQUESTED)
        )


class InviteForm(forms.Form):
    """A person found by name (``person``, their id) or an e-mail of the registry."""

    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        required=False,
        error_messages={"invalid": gettext_lazy("Введите правильный e-mail.")},
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Роль"),
        choices=MEMBER_ROLES,
        initial=Membership.Role.MEMBER,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Выберите роль из списка.")},
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community

    def clean(self):
        data = super().clean()
        person_id, email = data.get("person"), data.get("email")
        if self.errors:
            return data
        data["role"] = data.get("role") or Membership.Role.MEMBER
        if person_id:
            person = region_people(self.community).filter(pk=person_id).first()
            if person is None:
                raise forms.ValidationError(
                    _("Человек не найден среди педагогов региона.")
                )
        elif email:
            found = list(
                Person.objects.filter(
                    Q(email__iexact=email) | Q(user__email__iexact=email)
                ).distinct()[:2]
            )
            if not found:
                raise forms.ValidationError(
                    _("Педагог с таким e-mail не найден в реестре портала.")
                )
            if len(found) > 1:
                raise forms.ValidationError(
                    _(
                        "Этот e-mail указан у нескольких педагогов: найдите нужного по фамилии."
                    )
                )
            person = found[0]
        else:
            raise forms.ValidationError(
                _("Найдите педагога по фамилии или укажите его e-mail.")
            )
        data["person_obj"] = person
        return data


class MemberForm(forms.Form):
    """An active member who is not a leader: change the role or remove."""

    role = forms.ChoiceField(
        choices=MEMBER_ROLES,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Выберите роль из списка.")},
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"] = record_field(
            community.memberships.filter(status=Membership.Status.ACTIVE).exclude(
                role__in=Membership.LEADERS
            )
        )


class InvitationForm(forms.Form):
    """A pending invitation to withdraw."""

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"] = record_field(
            community.memberships.filter(status=Membership.Status.INVITED)
        )


# «План работы» ----------------------------------------------------------------------


def event_pages(community, year: int):
    """Live event pages of the year in the community's region, or None without the
    events plugin (the plan then has no event field)."""
    if not is_enabled("events"):
        return None
    event_page = apps.get_model("events", "EventPage")
    pages = event_page.objects.live().filter(start__year=year)
    if community.region_id:
        pages = pages.filter(region_id=community.region_id)
    return pages.order_by("start", "pk")


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{timezone.localtime(obj.start):%d.%m.%Y} — {obj.title}"


class PlanNoteForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PlanItemForm(forms.ModelForm):
    """A line of the plan. ``responsible`` is one of the community's active members;
    ``event`` exists only when the events plugin is installed."""

    class Meta:
        model = PlanItem
        fields = [
            "topic",
            "form",
            "date",
            "period",
            "responsible",
            "responsible_note",
            "event",
            "done",
            "result",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, community, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["date"].error_messages["invalid"] = _(
            "Введите дату в формате ДД.ММ.ГГГГ."
        )
        self.fields["topic"].error_messages["required"] = _("Укажите тему.")
        members = Person.objects.filter(
            community_memberships__community=community,
            community_memberships__status=Membership.Status.ACTIVE,
        ).order_by("last_name", "first_name", "middle_name")
        responsible = self.fields["responsible"]
        responsible.queryset = members
        responsible.label_from_instance = lambda person: person.full_name
        events = event_pages(community, year)
        if events is None:
            del self.fields["event"]
        else:
            self.fields["event"] = EventChoiceField(
                queryset=events,
                required=False,
                label=_("Мероприятие на портале"),
                error_messages={"invalid_choice": CHOOSE},
            )

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and date.year != self.year:
            raise forms.ValidationError(
                _("Дата должна относиться к %(year)s году.") % {"year": self.year}
            )
        return date

    def clean(self):
        data = super().clean()
        if (
            not data.get("date")
            and not data.get("period")
            and "date" not in self.errors
        ):
            self.add_error(
                "period", _("Укажите дату или срок («октябрь», «в течение года»).")
            )
        return data


class ItemChoiceForm(forms.Form):
    """One item of the plan (to delete, or to mark done with its result)."""

    result = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        items = (
            plan.items.all()
            if plan is not None and plan.pk
            else PlanItem.objects.none()
        )
        self.fields["item"] = record_field(items)


# «Материалы» ------------------------------------------------------------------------


def _https_links(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class MaterialForm(forms.ModelForm):
    """A file (private storage, limited size and extensions) or a link."""

    class Meta:
        model = CommunityMaterial
        formfield_callback = _https_links
        fields = ["title", "description", "kind", "members_only", "file", "url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Укажите название.")
        self.fields["url"].error_messages["invalid"] = _("Введите правильную ссылку.")
        self.fields["file"].help_text = _(
            "Форматы: %(extensions)s; не больше %(size)s."
        ) % {
            "extensions": ", ".join(allowed_extensions()),
            "size": filesizeformat(MAX_UPLOAD_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        extension = PurePosixPath(upload.name).suffix.lower().lstrip(".")
        if extension not in allowed_extensions():
            raise forms.ValidationError(
                _("Файлы такого типа не принимаются. Допустимые форматы: %(list)s.")
                % {"list": ", ".join(allowed_extensions())}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Файл слишком большой: не больше %(size)s.")
                % {"size": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(
                _("Загрузите файл или укажите ссылку (одно из двух).")
            )
        return data


#: Accepted when the project does not restrict documents (WAGTAILDOCS_EXTENSIONS).
DEFAULT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "rtf", "txt")


def allowed_extensions() -> list[str]:
    """The document formats the portal accepts (the same list as Wagtail documents)."""
    extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or DEFAULT_EXTENSIONS
    return [extension.lower() for extension in extensions]
