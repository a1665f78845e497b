"""«Нужен наставник»: the coordinator's list of people without a mentor, with ranked
suggestions and one-click assignment (RECT's "mentor required" → "registered").

A coordinator is an editor with a territorial scope: a school's editor sees its
teachers, a municipal office its municipality, the region everything (superusers
too); anyone else gets 403. The list is ``needs.needs_mentor`` over the people of
the scope, paginated; suggestions for a whole page come from
``matching.suggest_for_many`` in a fixed number of queries. Every assignment —
«Назначить» on a suggestion or the hand form of «Подобрать» — goes through
``pairing.register_pair``, so a full mentor is an error message and nothing is
written. Wired into the «Наставничество» menu by ``views.MentoringGroup``.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal.core.models import Organisation, Person, Territory
from portal.extensions.registry import plugin_setting
from portal.permissions.policy import VIEW, scope_for, scope_queryset

from .admin_forms import AssignForm
from .matching import suggest_for_many, suggest_mentors
from .models import Mentor, MentoringForm, MentoringNeed, Pair
from .needs import needs_mentor
from .pairing import register_pair

YOUNG_FORM, COMPETENCE_FORM = "young-specialist", "competence"


def coordinator_only(request) -> None:
    if not scope_for(request.user).is_editor:
        raise PermissionDenied


def people_in_scope(user):
    return scope_queryset(user, Person.objects.all(), VIEW)


def scoped_organisations(user):
    return scope_queryset(user, Organisation.objects.order_by("name"), VIEW)


def scoped_municipalities(user):
    scope = scope_for(user)
    municipalities = Territory.objects.filter(
        kind=Territory.Kind.MUNICIPALITY
    ).order_by("name")
    if scope.everything:
        return municipalities
    return municipalities.filter(
        Q(pk__in=scope.municipalities) | Q(parent_id__in=scope.regions)
    )


def default_form(young: bool) -> MentoringForm | None:
    """«Наставник — молодой специалист» for young teachers, else «Носитель
    компетенции…»; any form if the seeded ones were removed."""
    forms_ = {f.code: f for f in MentoringForm.objects.all()}
    wanted = YOUNG_FORM if young else COMPETENCE_FORM
    return forms_.get(wanted) or next(iter(forms_.values()), None)


def open_needs_prefetch():
    return Prefetch(
        "mentoring_needs",
        queryset=MentoringNeed.objects.filter(closed_at__isnull=True)
        .prefetch_related("competences")
        .order_by("created_at"),
        to_attr="open_needs",
    )


def why(person, on) -> list[str]:
    """Why the person is on the list, in the coordinator's words."""
    reasons = []
    if getattr(person, "is_young", False) or person.is_young_teacher(on):
        until = person.young_until
        reasons.append(
            _("молодой педагог до %(date)s") % {"date": f"{until:%d.%m.%Y}"}
            if until
            else _("молодой педагог")
        )
    for need in getattr(person, "open_needs", ()):
        text = need.get_reason_display()
        deficits = [c.name for c in need.competences.all()]
        if deficits:
            text = f"{text}: {', '.join(deficits)}"
        reasons.append(text)
    return reasons


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return fallback


def plan_button(pair: Pair):
    return messages.button(
        reverse("mentoring:pair", args=[pair.pk]), _("Открыть план наставничества")
    )


class NeedsFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Фамилия"), required=False)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Организация"), queryset=Organisation.objects.none(),
        required=False, empty_label=gettext_lazy("Все"),
    )  # fmt: skip
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Муниципалитет"), queryset=Territory.objects.none(),
        required=False, empty_label=gettext_lazy("Все"),
    )  # fmt: skip
    why = forms.ChoiceField(
        label=gettext_lazy("Причина"),
        required=False,
        choices=[
            ("", gettext_lazy("Все")),
            ("young", gettext_lazy("Молодые педагоги")),
            ("need", gettext_lazy("Записанная потребность")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = scoped_organisations(user)
        municipalities = scoped_municipalities(user)
        if municipalities.exists():
            self.fields["municipality"].queryset = municipalities
        else:
            del self.fields["municipality"]

    def apply(self, people):
        if not self.is_valid():
            return people
        data = self.cleaned_data
        if data.get("q"):
            people = people.filter(last_name__icontains=data["q"].strip())
        if data.get("organisation"):
            people = people.filter(organisation=data["organisation"])
        if data.get("municipality"):
            people = people.filter(organisation__municipality=data["municipality"])
        if data.get("why") == "young":
            people = people.filter(is_young=True)
        elif data.get("why") == "need":
            people = people.filter(has_open_need=True)
        return people


@dataclass
class NeedRow:
    person: Person
    reasons: list[str]
    subjects: list[str]
    suggestions: list = field(default_factory=list)


class NeedsIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The list: who needs a mentor, why, and the best suggestions for each."""

    template_name = "mentoring/admin/needs.html"
    page_title = gettext_lazy("Нужен наставник")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        coordinator_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, today = self.request, timezone.localdate()
        filters = NeedsFilterForm(request.GET or None, user=request.user)
        people = filters.apply(needs_mentor(people_in_scope(request.user), today))
        people = (
            people.select_related("organisation")
            .prefetch_related("subjects", open_needs_prefetch())
            .order_by("organisation__name", "last_name", "first_name", "pk")
        )
        paginator = Paginator(people, plugin_setting("mentoring", "PAGE_SIZE"))
        page = paginator.get_page(request.GET.get("p"))
        suggestions = suggest_for_many(list(page.object_list))
        rows = [
            NeedRow(
                person=person,
                reasons=why(person, today),
                subjects=[s.name for s in person.subjects.all()],
                suggestions=suggestions.get(person.pk, []),
            )
            for person in page.object_list
        ]
        query = request.GET.copy()
        query.pop("p", None)
        context.update(
            filters=filters,
            rows=rows,
            page=page,
            total=paginator.count,
            query=query.urlencode(),
            here=request.get_full_path(),
            load_url=reverse("mentoring_needs:load"),
        )
        return context


class AssignView(View):
    """«Назначить»: one POST registers the pair of a suggested mentor and the person."""

    def post(self, request, person_id: int):
        coordinator_only(request)
        person = get_object_or_404(
            people_in_scope(request.user).select_related("organisation"),
            pk=person_id,
        )
        back = safe_next(request, reverse("mentoring_needs:index"))
        today = timezone.localdate()
        if not needs_mentor(Person.objects.filter(pk=person.pk), today).exists():
            messages.error(
                request,
                _(
                    "%(name)s нет в списке «Нужен наставник»: наставник уже "
                    "назначен или не требуется. Назначить ещё одного можно на "
                    "странице «Подобрать»."
                )
                % {"name": person.full_name},
            )
            return redirect(back)
        mentor = (
            Mentor.objects.accepting()
            .filter(
                pk=request.POST.get("mentor") or 0,
                person__organisation__region_id=person.organisation.region_id,
            )
            .select_related("person")
            .first()
            if (request.POST.get("mentor") or "").isdigit()
            else None
        )
        form = default_form(person.is_young_teacher(today))
        if mentor is None or form is None:
            messages.error(
                request, _("Наставник не найден или не принимает наставляемых.")
            )
            return redirect(back)
        deficits = MentoringNeed.competences.through.objects.filter(
            mentoringneed__person=person, mentoringneed__closed_at__isnull=True
        ).values_list("competence_id", flat=True)
        try:
            pair = register_pair(
                mentor=mentor,
                mentees=[person],
                form=form,
                organisation=person.organisation,
                user=request.user,
                start_date=today,
                competences=sorted(set(deficits)),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(
            request,
            _("Назначен наставник: %(mentor)s → %(mentee)s (%(form)s).")
            % {
                "mentor": mentor.person.full_name,
                "mentee": person.full_name,
                "form": form.name,
            },
            buttons=[plan_button(pair)],
        )
        return redirect(back)


class PickView(WagtailAdminTemplateMixin, TemplateView):
    """«Подобрать»: every ranked suggestion for one person and the hand form."""

    template_name = "mentoring/admin/pick.html"
    header_icon = "user"

    def dispatch(self, request, person_id: int, *args, **kwargs):
        coordinator_only(request)
        self.person = get_object_or_404(
            people_in_scope(request.user)
            .select_related("organisation")
            .prefetch_related("subjects", open_needs_prefetch()),
            pk=person_id,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Подбор наставника")

    def get_page_subtitle(self):
        return self.person.full_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("mentoring_needs:index"), "label": _("Нужен наставник")},
            {"url": "", "label": self.person.full_name},
        ]

    def make_form(self, data=None):
        today = timezone.localdate()
        young = self.person.is_young_teacher(today)
        chosen = default_form(young)
        deficits = {
            c.pk for need in self.person.open_needs for c in need.competences.all()
        }
        return AssignForm(
            data,
            user=self.request.user,
            mentee=self.person,
            initial={
                "start_date": today,
                "form": chosen.pk if chosen else None,
                "competences": sorted(deficits),
            },
        )

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            pair = form.register()
            if pair is not None:
                messages.success(
                    request,
                    _("Пара зарегистрирована: %(pair)s.") % {"pair": pair},
                    buttons=[plan_button(pair)],
                )
                return redirect(reverse("mentoring_needs:index"))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        person = self.person
        live = (
            Pair.objects.live()
            .filter(mentees=person)
            .select_related("mentor__person", "form")
            .prefetch_related("mentees")
        )
        context.update(
            person=person,
            reasons=why(person, today),
            subjects=[s.name for s in person.subjects.all()],
            suggestions=suggest_mentors(person, limit=0),
            form=kwargs.get("form") or self.make_form(),
            live_pairs=list(live),
            needs_mentor=needs_mentor(
                Person.objects.filter(pk=person.pk), today
            ).exists(),
            here=self.request.get_full_path(),
        )
        return context


class LoadView(WagtailAdminTemplateMixin, TemplateView):
    """Mentors' load in the coordinator's territory: overloaded, full and free."""

    template_name = "mentoring/admin/load.html"
    page_title = gettext_lazy("Нагрузка наставников")
    header_icon = "group"
    STATES = {
        "over": gettext_lazy("Перегружены"),
        "full": gettext_lazy("Мест нет"),
        "free": gettext_lazy("Есть свободные места"),
    }

    def dispatch(self, request, *args, **kwargs):
        coordinator_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("mentoring_needs:index"), "label": _("Нужен наставник")},
            {"url": "", "label": _("Нагрузка наставников")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        mentors = scope_queryset(
            request.user,
            Mentor.objects.with_load()
            .annotate(free=F("capacity") - F("load"))
            .select_related("person__organisation"),
            VIEW,
        )
        state = request.GET.get("state", "")
        if state == "over":
            mentors = mentors.filter(load__gt=F("capacity"))
        elif state == "full":
            mentors = mentors.filter(load=F("capacity"))
        elif state == "free":
            mentors = mentors.filter(load__lt=F("capacity"))
        else:
            state = ""
        mentors = mentors.order_by("free", "person__last_name", "pk")
        paginator = Paginator(mentors, plugin_setting("mentoring", "PAGE_SIZE"))
        page = paginator.get_page(request.GET.get("p"))
        context.update(
            page=page,
            mentors=list(page.object_list),
            states=self.STATES,
            state=state,
            total=paginator.count,
        )
        return context


class NeedsMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request.user).is_editor


class NeedsViewSet(ViewSet):
    """The coordinator's «Нужен наставник» with its «Подобрать» and load pages."""

    name = "mentoring_needs"
    url_prefix = "mentoring-needs"
    icon = "user"
    menu_label = gettext_lazy("Нужен наставник")
    menu_name = "mentoring-needs"
    menu_item_class = NeedsMenuItem

    def get_urlpatterns(self):
        return [
            path("", NeedsIndexView.as_view(), name="index"),
            path("load/", LoadView.as_view(), name="load"),
            path("<int:person_id>/", PickView.as_view(), name="pick"),
            path("<int:person_id>/assign/", AssignView.as_view(), name="assign"),
        ]
