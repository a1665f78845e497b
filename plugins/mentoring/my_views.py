"""«Моё наставничество» (``/mentoring/my/``) and the request views of a pair.

A teacher sees where they stand (RECT-style: «Наставник назначен», «Нужен наставник —
координатор подбирает», «Запрос отправлен, ответ до …»), their pairs as mentee and
as mentor with the mentor's load, the requests they received (accept or decline with
an answer) and sent (withdraw). A mentor switches «принимаю новых наставляемых» and
offers mentoring to a colleague of their organisation on the «нужен наставник» list.

``request_pair`` (``/mentoring/request/<mentor_id>/``) is where a mentor's public card
leads; ``answer_request`` (``/mentoring/requests/<id>/<action>/``, POST only) takes
the steps of ``requests.answer``. The rules and e-mails live in ``requests``; these
views only read forms, show Russian messages and redirect. Everything is about the
signed-in person: someone else's request is a 404.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Person

from . import needs, pairing, requests
from .forms import AcceptingForm, AnswerForm, OfferForm, RequestForm
from .models import Mentor, MentorStatus, Pair, PairRequest

NO_PERSON = gettext_lazy(
    "Ваша учётная запись не связана с карточкой педагога в реестре портала, поэтому "
    "наставничество здесь недоступно. Обратитесь к методисту своей организации или "
    "муниципалитета."
)

Side = PairRequest.Side
Status = PairRequest.Status

#: How many answered requests «Моё наставничество» keeps showing.
HISTORY = 10


def person_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("organisation").first()


def _no_person(request):
    return render(
        request, "mentoring/my/no_person.html", {"message": NO_PERSON}, status=404
    )


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Проверьте данные формы.")


# «Моё наставничество» ---------------------------------------------------------------


def _pairs(queryset):
    return queryset.select_related(
        "mentor__person", "form", "organisation"
    ).prefetch_related(
        Prefetch("mentees", queryset=Person.objects.order_by("last_name", "first_name"))
    )


def _requests(person):
    """Requests where the person is either side, both directions, one query."""
    return PairRequest.objects.filter(
        Q(mentee=person) | Q(mentor__person=person)
    ).select_related("mentor__person__organisation", "mentee__organisation", "form")


def status_lines(person, mentee_pairs, outgoing, incoming, on) -> list[dict]:
    """What the teacher should know first about their own mentor, most useful first."""
    lines = []
    for pair in mentee_pairs:
        if pair.is_live:
            lines.append(
                {
                    "kind": "assigned",
                    "text": _("Наставник назначен: %(name)s")
                    % {"name": pair.mentor.person.full_name},
                    "url": reverse("mentoring:pair", args=[pair.pk]),
                }
            )
    for row in outgoing:
        if row.initiated_by == Side.MENTEE:
            lines.append(
                {
                    "kind": "requested",
                    "text": _("Запрос отправлен наставнику %(name)s, ответ до %(date)s")
                    % {
                        "name": row.mentor.person.full_name,
                        "date": row.deadline.strftime("%d.%m.%Y"),
                    },
                }
            )
    for row in incoming:
        if row.initiated_by == Side.MENTOR:
            lines.append(
                {
                    "kind": "offered",
                    "text": _(
                        "%(name)s предлагает вам наставничество: ответьте до %(date)s"
                    )
                    % {
                        "name": row.mentor.person.full_name,
                        "date": row.deadline.strftime("%d.%m.%Y"),
                    },
                }
            )
    if needs.needs_mentor(Person.objects.filter(pk=person.pk), on).exists():
        lines.append(
            {
                "kind": "needs",
                "text": _("Нужен наставник — координатор подбирает"),
            }
        )
    return lines


def my_mentoring(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = person_of(request.user)
    if person is None:
        return _no_person(request)
    on = timezone.localdate()
    requests.expire_requests(on)
    mentor = Mentor.objects.filter(person=person).select_related("person").first()
    offer_form = None
    if request.method == "POST":
        response, offer_form = _post_my(request, person, mentor)
        if response is not None:
            return response

    pending = list(_requests(person).filter(status=Status.PENDING))
    incoming = [r for r in pending if _side(r, person) != r.initiated_by]
    outgoing = [r for r in pending if _side(r, person) == r.initiated_by]
    history = list(
        _requests(person)
        .exclude(status=Status.PENDING)
        .order_by("-decided_at", "-created_at")[:HISTORY]
    )
    mentee_pairs = list(_pairs(Pair.objects.filter(mentees=person)))
    context = {
        "person": person,
        "mentor": mentor,
        "mentee_pairs": mentee_pairs,
        "incoming": incoming,
        "outgoing": outgoing,
        "history": history,
        "status_lines": status_lines(person, mentee_pairs, outgoing, incoming, on),
        "answer_form": AnswerForm(),
        "today": on,
    }
    if mentor is not None:
        context.update(_mentor_context(person, mentor, on, offer_form))
    return render(request, "mentoring/my/index.html", context)


def _side(row: PairRequest, person) -> str:
    return Side.MENTOR if row.mentor.person_id == person.pk else Side.MENTEE


def _mentor_context(person, mentor, on, offer_form) -> dict:
    pairs = list(
        _pairs(Pair.objects.filter(Q(mentor=mentor) | Q(co_mentors=person)).distinct())
    )
    load = pairing.mentor_load(mentor)
    candidates = requests.offer_candidates(mentor, on)
    if offer_form is None:
        offer_form = OfferForm(candidates=candidates, prefix="offer")
    can_offer = mentor.status == MentorStatus.ACTIVE and load < mentor.capacity
    return {
        "mentor_pairs": pairs,
        "load": load,
        "free": max(0, mentor.capacity - load),
        "offer_form": offer_form if can_offer else None,
        "can_offer": can_offer,
    }


def _post_my(request, person, mentor):
    """The mentor's own steps on «Моё наставничество»: the «принимаю» switch and an
    offer to a colleague. Returns (redirect or None, the offer form with errors)."""
    action = request.POST.get("action", "")
    back = reverse("mentoring:my")
    if mentor is None or action not in ("accepting", "offer"):
        messages.error(request, _("Это действие вам недоступно."))
        return redirect(back), None
    if action == "accepting":
        form = AcceptingForm(request.POST)
        if not form.is_valid():
            messages.error(request, _first_error(form))
            return redirect(back), None
        with transaction.atomic():
            Mentor.objects.filter(pk=mentor.pk).update(
                accepting=form.cleaned_data["accepting"]
            )
        messages.success(
            request,
            _("Вы принимаете новых наставляемых.")
            if form.cleaned_data["accepting"]
            else _("Новые запросы к вам больше не принимаются."),
        )
        return redirect(f"{back}#mentor"), None
    form = OfferForm(
        request.POST,
        candidates=requests.offer_candidates(mentor),
        prefix="offer",
    )
    if not form.is_valid():
        return None, form
    try:
        requests.create_request(
            mentor=mentor,
            mentee=form.cleaned_data["mentee"],
            initiated_by=Side.MENTOR,
            form=form.cleaned_data["form"],
            message=form.cleaned_data["message"],
        )
    except requests.RequestError as error:
        form.add_error(None, str(error))
        return None, form
    messages.success(
        request,
        _("Предложение отправлено: %(name)s получит его и ответит до срока.")
        % {"name": form.cleaned_data["mentee"].full_name},
    )
    return redirect(f"{back}#requests"), None


# Requests ---------------------------------------------------------------------------


def _reachable_mentor(mentor_id: int, person: Person) -> Mentor:
    """The mentor of a request form: one with a public card (consent to show the
    name) or a colleague of the same organisation; otherwise 404, so the form does
    not reveal who is in the registry."""
    mentor = (
        Mentor.objects.select_related("person__organisation")
        .filter(pk=mentor_id)
        .exclude(status=MentorStatus.LEFT)
        .first()
    )
    if mentor is None:
        raise Http404
    public = mentor.person.public_data() or {}
    if "name" not in public and mentor.person.organisation_id != person.organisation_id:
        raise Http404
    return mentor


def request_pair(request, mentor_id: int):
    """«Попросить о наставничестве»: the form of a mentor's card."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = person_of(request.user)
    if person is None:
        return _no_person(request)
    mentor = _reachable_mentor(mentor_id, person)
    load = pairing.mentor_load(mentor)
    problem = None
    if mentor.person_id == person.pk:
        problem = _("Это ваша собственная карточка наставника.")
    elif mentor.status != MentorStatus.ACTIVE or not mentor.accepting:
        problem = _("%(name)s сейчас не принимает новых наставляемых.") % {
            "name": mentor.person.full_name
        }
    elif load >= mentor.capacity:
        problem = _("У наставника %(name)s сейчас нет свободных мест.") % {
            "name": mentor.person.full_name
        }
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            row = requests.create_request(
                mentor=mentor,
                mentee=person,
                initiated_by=Side.MENTEE,
                form=form.cleaned_data["form"],
                message=form.cleaned_data["message"],
            )
        except requests.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Запрос отправлен. %(name)s ответит до %(date)s.")
                % {
                    "name": mentor.person.full_name,
                    "date": row.deadline.strftime("%d.%m.%Y"),
                },
            )
            return redirect(reverse("mentoring:my") + "#requests")
    return render(
        request,
        "mentoring/my/request.html",
        {
            "mentor": mentor,
            "form": form,
            "problem": problem,
            "load": load,
            "deadline": requests.deadline_from(timezone.localdate()),
        },
    )


def answer_request(request, request_id: int, action: str):
    """Accept, decline or withdraw a request (POST only); a redirect to «Моё
    наставничество» with the outcome. Not a side of the request: 404."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("mentoring:my"))
    person = person_of(request.user)
    if person is None or action not in requests.ACTIONS:
        raise Http404
    row = _requests(person).filter(pk=request_id).first()
    if row is None:
        raise Http404
    form = AnswerForm(request.POST)
    back = reverse("mentoring:my") + "#requests"
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(back)
    try:
        row = requests.answer(
            row, action, person, form.cleaned_data["answer"], user=request.user
        )
    except PermissionError as error:
        raise Http404 from error
    except requests.RequestError as error:
        messages.error(request, str(error))
        return redirect(back)
    if row.status == Status.ACCEPTED:
        messages.success(
            request, _("Запрос принят: пара зарегистрирована, план создан.")
        )
        return redirect(reverse("mentoring:pair", args=[row.pair_id]))
    if row.status == Status.DECLINED:
        messages.success(request, _("Запрос отклонён."))
    else:
        messages.success(request, _("Запрос отозван."))
    return redirect(back)
