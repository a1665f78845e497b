"""Requests for a pair: a mentee asks a mentor, or a mentor offers mentoring to a
colleague who needs it; the other side accepts or declines before the deadline.

One ``PairRequest`` row per attempt. The deadline is today plus
``PORTAL_MENTORING_REQUEST_DAYS``; a pending request past its deadline is *expired* by
``expire_requests`` — lazily by the views that show requests and from cron by
``portal mentoring expire-requests``, so an unanswered request never blocks a new one.
Accepting goes through ``pairing.register_pair`` (capacity, duplicates, needs), and a
refusal of those rules leaves the request pending with the Russian message shown.

E-mails leave after the commit (as in ``plugins.communities.membership_flow``): the
other side hears of a new request, the initiator of the answer. A mail server's
failure is logged, never shown as an error.

Used by ``my_views`` («Моё наставничество», the request form of a mentor's card).
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Person
from portal.extensions.registry import plugin_setting

from . import needs, pairing
from .models import Mentor, MentoringForm, MentorStatus, Pair, PairRequest

logger = logging.getLogger(__name__)

Status = PairRequest.Status
Side = PairRequest.Side

ACCEPT, DECLINE, WITHDRAW = "accept", "decline", "withdraw"
ACTIONS = (ACCEPT, DECLINE, WITHDRAW)

#: Forms given to an accepted request that named none.
YOUNG_FORM, COMPETENCE_FORM = "young-specialist", "competence"


class RequestError(Exception):
    """A step that is not possible now (message in Russian, shown to the user)."""


def today() -> datetime.date:
    return timezone.localdate()


def deadline_from(on: datetime.date) -> datetime.date:
    days = int(plugin_setting("mentoring", "REQUEST_DAYS"))
    return on + datetime.timedelta(days=days)


def expire_requests(on: datetime.date | None = None) -> int:
    """Pending requests whose deadline passed before `on` become expired; how many."""
    on = on or today()
    return PairRequest.objects.filter(status=Status.PENDING, deadline__lt=on).update(
        status=Status.EXPIRED, decided_at=timezone.now()
    )


def side_of(pair_request: PairRequest, person: Person) -> str | None:
    """The person's side of the request (Side.MENTOR / Side.MENTEE) or None."""
    if person is None:
        return None
    if pair_request.mentor.person_id == person.pk:
        return Side.MENTOR
    if pair_request.mentee_id == person.pk:
        return Side.MENTEE
    return None


def allowed_actions(pair_request: PairRequest, person: Person) -> tuple[str, ...]:
    """What the person may do with a pending request: the initiator withdraws, the
    other side accepts or declines; nothing for anyone else."""
    side = side_of(pair_request, person)
    if side is None or pair_request.status != Status.PENDING:
        return ()
    if side == pair_request.initiated_by:
        return (WITHDRAW,)
    return (ACCEPT, DECLINE)


def default_form(mentee: Person, on: datetime.date | None = None):
    """«Наставник — молодой специалист» for a young teacher, else «носитель
    компетенции»; the first form of the list if those were removed."""
    code = YOUNG_FORM if mentee.is_young_teacher(on or today()) else COMPETENCE_FORM
    forms = MentoringForm.objects.all()
    return forms.filter(code=code).first() or forms.first()


def free_places(mentor: Mentor) -> int:
    return max(0, mentor.capacity - pairing.mentor_load(mentor))


DUPLICATE = gettext_lazy(
    "Между вами уже есть запрос, который ждёт ответа: дождитесь его или отзовите."
)


def _check_mentor(mentor: Mentor, *, need_accepting: bool) -> None:
    name = mentor.person.full_name
    if mentor.status != MentorStatus.ACTIVE:
        raise RequestError(_("%(name)s сейчас не ведёт наставляемых.") % {"name": name})
    if need_accepting and not mentor.accepting:
        raise RequestError(
            _("%(name)s сейчас не принимает новых наставляемых.") % {"name": name}
        )
    if free_places(mentor) < 1:
        raise RequestError(
            _("У наставника %(name)s нет свободных мест.") % {"name": name}
        )


def _check_pair(mentor: Mentor, mentee: Person) -> None:
    if mentor.person_id == mentee.pk:
        raise RequestError(_("Нельзя стать наставником самому себе."))
    if Pair.objects.live().filter(mentor=mentor, mentees=mentee).exists():
        raise RequestError(
            _("Пара с этим наставником уже есть: загляните в «Моё наставничество».")
        )
    if PairRequest.objects.filter(
        mentor=mentor, mentee=mentee, status=Status.PENDING
    ).exists():
        raise RequestError(str(DUPLICATE))


def offer_candidates(mentor: Mentor, on: datetime.date | None = None):
    """Colleagues of the mentor's organisation who need a mentor (the «нужен
    наставник» list), without the mentor and those they already asked. One query."""
    people = (
        Person.objects.filter(organisation_id=mentor.person.organisation_id)
        .exclude(pk=mentor.person_id)
        .exclude(
            mentoring_requests__mentor=mentor,
            mentoring_requests__status=Status.PENDING,
        )
    )
    return needs.needs_mentor(people, on or today()).order_by(
        "last_name", "first_name", "middle_name"
    )


def create_request(
    *,
    mentor: Mentor,
    mentee: Person,
    initiated_by: str,
    form: MentoringForm | None = None,
    message: str = "",
    on: datetime.date | None = None,
) -> PairRequest:
    """A new pending request with its deadline; the other side gets an e-mail.
    Raises RequestError with a Russian message."""
    on = on or today()
    expire_requests(on)
    _check_pair(mentor, mentee)
    if initiated_by == Side.MENTOR:
        if not offer_candidates(mentor, on).filter(pk=mentee.pk).exists():
            raise RequestError(
                _(
                    "%(name)s не в списке «нужен наставник» вашей организации: "
                    "предложить наставничество можно только такому коллеге."
                )
                % {"name": mentee.full_name}
            )
    _check_mentor(mentor, need_accepting=initiated_by == Side.MENTEE)
    try:
        with transaction.atomic():
            row = PairRequest.objects.create(
                mentor=mentor,
                mentee=mentee,
                initiated_by=initiated_by,
                form=form,
                message=message.strip(),
                deadline=deadline_from(on),
            )
            transaction.on_commit(lambda: safely(notify_new, row))
    except IntegrityError as error:  # the same form sent twice at once
        raise RequestError(str(DUPLICATE)) from error
    return row


def answer(
    pair_request: PairRequest,
    action: str,
    person: Person,
    text: str = "",
    user=None,
    on: datetime.date | None = None,
) -> PairRequest:
    """Accept, decline (the other side) or withdraw (the initiator) a pending request.

    Accepting registers the pair (organisation of the mentee; the request's form or
    the default one) and links it to the request. A rule of ``register_pair`` that
    fails (no free place, a duplicate) raises RequestError and the request stays
    pending. Raises PermissionError when the person may not take this step."""
    on = on or today()
    expire_requests(on)  # committed on its own: a late answer finds it expired
    with transaction.atomic():
        row = (
            PairRequest.objects.select_for_update(of=("self",))
            .select_related("mentor__person", "mentee__organisation", "form")
            .filter(pk=pair_request.pk)
            .first()
        )
        if row is None or side_of(row, person) is None:
            raise PermissionError
        if row.status == Status.EXPIRED:
            raise RequestError(
                _("Срок ответа на запрос истёк %(date)s.")
                % {"date": row.deadline.strftime("%d.%m.%Y")}
            )
        if row.status != Status.PENDING:
            raise RequestError(
                _("На этот запрос уже дан ответ: %(status)s.")
                % {"status": row.get_status_display().lower()}
            )
        if action not in allowed_actions(row, person):
            raise PermissionError
        row.answer = text.strip()
        row.decided_at = timezone.now()
        if action == WITHDRAW:
            row.status = Status.WITHDRAWN
        elif action == DECLINE:
            row.status = Status.DECLINED
        else:
            row.pair = _register(row, user, on)
            row.status = Status.ACCEPTED
        row.save()
        if action != WITHDRAW:
            transaction.on_commit(lambda: safely(notify_answer, row))
    return row


def _register(row: PairRequest, user, on: datetime.date) -> Pair:
    mentee = row.mentee
    try:
        return pairing.register_pair(
            mentor=row.mentor,
            mentees=[mentee],
            form=row.form or default_form(mentee, on),
            organisation=mentee.organisation,
            user=user,
            start_date=on,
            goal=row.message,
        )
    except ValidationError as error:
        raise RequestError(" ".join(error.messages)) from error


# E-mails ----------------------------------------------------------------------------


def safely(send, *args) -> None:
    """The change is saved whatever the mail server says: a failure is logged."""
    try:
        send(*args)
    except Exception:
        logger.exception("mentoring: e-mail not sent (%s)", send.__name__)


def person_email(person: Person) -> str:
    if person.email:
        return person.email
    user = person.user if person.user_id else None
    return getattr(user, "email", "") or ""


def absolute(path: str) -> str:
    """Links in e-mails are absolute: the site's address from the settings."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def my_url() -> str:
    return absolute(reverse("mentoring:my"))


def notify_new(row: PairRequest) -> None:
    """The side that did not ask: who asks, the message, the deadline, the link."""
    to = row.mentee if row.initiated_by == Side.MENTOR else row.mentor.person
    email = person_email(to)
    if not email:
        return
    context = {"request": row, "to": to, "my_url": my_url()}
    if row.initiated_by == Side.MENTOR:
        subject = _("Вам предлагают наставничество")
    else:
        subject = _("Запрос на наставничество от %(name)s") % {
            "name": row.mentee.short_name
        }
    send_mail(
        subject,
        render_to_string("mentoring/email/request_new.txt", context),
        None,
        [email],
    )


def notify_answer(row: PairRequest) -> None:
    """The initiator: accepted (with the plan's address) or declined, with the answer."""
    to = row.mentor.person if row.initiated_by == Side.MENTOR else row.mentee
    email = person_email(to)
    if not email:
        return
    context = {
        "request": row,
        "to": to,
        "my_url": my_url(),
        "pair_url": (
            absolute(reverse("mentoring:pair", args=[row.pair_id]))
            if row.pair_id
            else ""
        ),
    }
    if row.status == Status.ACCEPTED:
        subject = _("Запрос на наставничество принят")
    else:
        subject = _("Запрос на наставничество отклонён")
    send_mail(
        subject,
        render_to_string("mentoring/email/request_answer.txt", context),
        None,
        [email],
    )
