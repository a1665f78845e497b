"""What the events plugin gives the young-teacher support plugin, through the typed
hooks only (that plugin never imports this one).

Support sources. An event is *for young teachers* when its audience includes the
seeded audience ``young-teachers`` («Молодые педагоги», migration 0002); a person took
part when a registration of theirs (by person, or by their user account) is marked
present at check-in (``Registration.attended``).

* ``events.attended`` — attended an event for young teachers → «Сетевое
  сопровождение» (``network-support``).
* ``events.contest`` — took part in a professional contest (event types
  ``mastery-contest`` «Конкурс профессионального мастерства» and
  ``innovation-contest`` «Конкурс инновационных проектов»; olympiads are left out:
  in the region's plans they are pupils' olympiads that teachers accompany) →
  ``contests``. A contest counts both an attended registration and a confirmed one:
  contest stages are mostly correspondence rounds, admission of the entry is the
  participation and nobody checks contestants in at a door.

The window. An event is a day, not a period, while coverage is asked for a date (the
dashboard's date or the end of a school year). A young teacher who attended the
school of the young teacher in October is supported for the year that follows, not
only on that day, so an event counts for the 12 months up to the date: events that
started from the same calendar day a year before through the end of the date (the
site's time zone). Twelve months rather than the school year because the date may be
any day: a school-year window would drop everyone's September events on 1 September,
and a year is how long the plans and the annual reports of the municipal offices
count a participation.

A coordinator's action: «Пригласить на мероприятие» opens ``invite_view`` (an admin
page, registered in ``wagtail_hooks``): the upcoming events for young teachers open to
the person — those of the person's school, municipality and region and of the levels
above, and any within the coordinator's own territory — each with a button that
e-mails the person an invitation. Nothing is written: the invitation is a letter, the
person registers on the event's page as usual.

The young teachers' public section: upcoming events for young teachers of the page's
territory and of the territories above it, the way a section's calendar shows them.
"""

import datetime as dt
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Person
from portal.core.young import years_before
from portal.extensions.hooks import PersonAction, SectionPanel, SupportSource
from portal.permissions.policy import VIEW, can, scope_for, scope_queryset

from .models import EventCalendarPage, EventPage, Registration

logger = logging.getLogger(__name__)

#: The seeded audience of events for young teachers (migration 0002).
YOUNG_AUDIENCE = "young-teachers"
#: The seeded event types that are professional contests (migration 0002).
CONTEST_TYPES = ("mastery-contest", "innovation-contest")
#: Events shown on the young teachers' section.
PANEL_SIZE = 5
#: Most events offered on the invitation page.
INVITE_SIZE = 50


# Which events, which registrations ---------------------------------------------------
def young_event_ids():
    """Subquery of the ids of events whose audience includes young teachers."""
    return EventPage.audiences.through.objects.filter(
        audience__code=YOUNG_AUDIENCE
    ).values("eventpage_id")


def window(on: dt.date) -> Q:
    """Registrations of events that started in the 12 months up to the end of `on`."""
    since = timezone.make_aware(dt.datetime.combine(years_before(on, 1), dt.time()))
    until = timezone.make_aware(
        dt.datetime.combine(on + dt.timedelta(days=1), dt.time())
    )
    return Q(event__start__gte=since, event__start__lt=until)


def mine() -> Q:
    """Registrations of the outer person: made for them or by their user account."""
    return Q(person=OuterRef("pk")) | Q(user_id=OuterRef("user_id"))


def attended_young_event(on: dt.date) -> Exists:
    return Exists(
        Registration.objects.filter(mine(), window(on), attended=True).filter(
            event_id__in=young_event_ids()
        )
    )


def took_part_in_contest(on: dt.date) -> Exists:
    return Exists(
        Registration.objects.filter(
            mine(), window(on), event__event_type__code__in=CONTEST_TYPES
        ).filter(Q(attended=True) | Q(status=Registration.Status.CONFIRMED))
    )


def support_sources() -> list[SupportSource]:
    return [
        SupportSource(
            code="events.attended",
            form="network-support",
            title=gettext_lazy("Участие в мероприятиях для молодых педагогов"),
            condition=attended_young_event,
        ),
        SupportSource(
            code="events.contest",
            form="contests",
            title=gettext_lazy("Участие в профессиональных конкурсах"),
            condition=took_part_in_contest,
        ),
    ]


# Where -------------------------------------------------------------------------------
def around(region_id, municipality_id, organisation_id) -> Q:
    """Events of a territory, those below it and those of the levels above it (what
    the territory's calendar shows, ``calendar.section_scope``, from columns)."""
    if not region_id:
        return Q()  # federal: every event
    above = Q(region__isnull=True)
    if organisation_id:
        within = Q(organisation_id=organisation_id)
        above |= Q(region_id=region_id, municipality__isnull=True)
        if municipality_id:
            above |= Q(municipality_id=municipality_id, organisation__isnull=True)
    elif municipality_id:
        within = Q(municipality_id=municipality_id)
        above |= Q(region_id=region_id, municipality__isnull=True)
    else:
        within = Q(region_id=region_id)
    return within | above


def scope_events_q(user) -> Q:
    """Events within the user's editorial territory."""
    scope = scope_for(user)
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    if scope.regions:
        q |= Q(region_id__in=scope.regions)
    if scope.municipalities:
        q |= Q(municipality_id__in=scope.municipalities)
    if scope.organisations:
        q |= Q(organisation_id__in=scope.organisations)
    return q


def upcoming_young_events():
    """Live public events for young teachers that have not finished, not cancelled."""
    return (
        EventPage.objects.live()
        .public()
        .filter(pk__in=young_event_ids())
        .exclude(status=EventPage.Status.CANCELLED)
        .annotate(end_or_start=Coalesce("end", "start"))
        .filter(end_or_start__gte=timezone.now())
        .select_related("event_type")
        .defer("description", "results")
        .order_by("start", "pk")
    )


def events_for(person: Person, user):
    """Upcoming events for young teachers a coordinator may invite the person to."""
    organisation = person.organisation
    if organisation is None:
        near = Q(region__isnull=True)
    else:
        near = around(
            organisation.region_id, organisation.municipality_id, organisation.pk
        )
        if organisation.region_id is None:  # an organisation outside any region
            near = Q(region__isnull=True) | Q(organisation_id=organisation.pk)
    return upcoming_young_events().filter(near | scope_events_q(user))


# The coordinator's action ------------------------------------------------------------
def person_actions(person, request) -> list[PersonAction]:
    user = getattr(request, "user", None)
    if not scope_for(user).is_editor or not can(user, VIEW, person):
        return []
    try:
        url = reverse("events_young_invite", args=[person.pk])
    except NoReverseMatch:  # the admin is not mounted (a bare test site)
        return []
    here = request.get_full_path() if hasattr(request, "get_full_path") else ""
    if here:
        url = f"{url}?{urlencode({'next': here})}"
    return [PersonAction(title=_("Пригласить на мероприятие"), url=url, order=20)]


def _back(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return ""


def invitation(event: EventPage, person: Person, request) -> tuple[str, str]:
    """Subject and plain-text body of an invitation (Russian)."""
    sender = request.user.get_full_name() or request.user.get_username()
    name = " ".join(n for n in (person.first_name, person.middle_name) if n)
    lines = [
        _("Здравствуйте, %(name)s!") % {"name": name or person.full_name},
        "",
        _("Приглашаем вас принять участие в мероприятии для молодых педагогов."),
        "",
        event.title,
        f"{date_format(event.local_start, 'j E Y, H:i')} ({event.zone.key})",
    ]
    if event.venue:
        lines.append(
            f"{event.venue}, {event.address}" if event.address else event.venue
        )
    lines += [
        event.get_full_url(request) or event.url,
        "",
        _("Подробности и регистрация — на странице мероприятия."),
        _("Приглашение отправил(а): %(sender)s") % {"sender": sender},
    ]
    subject = _("Приглашение на мероприятие: %(title)s") % {"title": event.title}
    return subject, "\n".join(lines) + "\n"


def invite_view(request, person_id: int):
    """«Пригласить на мероприятие»: the events open to the person, a button each.

    Coordinators only (403 for others); a person outside the coordinator's scope is
    404. POST ``event`` sends the letter; nothing is stored."""
    if not scope_for(request.user).is_editor:
        raise PermissionDenied
    person = get_object_or_404(
        scope_queryset(
            request.user, Person.objects.select_related("organisation"), VIEW
        ),
        pk=person_id,
    )
    events = events_for(person, request.user)
    back = _back(request)
    if request.method == "POST":
        here = reverse("events_young_invite", args=[person.pk])
        if back:
            here = f"{here}?{urlencode({'next': back})}"
        event_id = request.POST.get("event", "")
        event = events.filter(pk=int(event_id)).first() if event_id.isdigit() else None
        if event is None:
            messages.error(
                request,
                _(
                    "Это мероприятие нельзя выбрать: оно прошло, отменено или не для "
                    "молодых педагогов вашей территории."
                ),
            )
        elif not person.email:
            messages.error(
                request,
                _(
                    "У педагога %(name)s не указан e-mail: приглашение отправить "
                    "нельзя. Добавьте адрес в карточку педагога."
                )
                % {"name": person.full_name},
            )
        else:
            subject, body = invitation(event, person, request)
            try:
                send_mail(subject, body, None, [person.email])
            except Exception:  # the mail server refused: say so, nothing was sent
                logger.exception("events: invitation not sent")
                messages.error(
                    request,
                    _(
                        "Письмо не отправлено: почтовый сервер недоступен. Попробуйте позже."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Приглашение на «%(title)s» отправлено: %(name)s, %(email)s.")
                    % {
                        "title": event.title,
                        "name": person.full_name,
                        "email": person.email,
                    },
                )
        return redirect(here)
    context = {
        "person": person,
        "events": list(events[:INVITE_SIZE]),
        "back": back,
        "page_title": _("Пригласить на мероприятие"),
        "page_subtitle": person.full_name,
        "header_icon": "mail",
    }
    return TemplateResponse(request, "events/admin/young_invite.html", context)


# The young teachers' section ---------------------------------------------------------
def audience_panels(audience: str, page, request) -> list[SectionPanel]:
    """«Мероприятия для молодых педагогов» of the page's territory and above. Two
    queries whatever the number of events."""
    if audience != "young" or not hasattr(page, "region_id"):
        return []
    events = list(
        upcoming_young_events().filter(
            around(page.region_id, page.municipality_id, page.organisation_id)
        )[:PANEL_SIZE]
    )
    calendar = (
        EventCalendarPage.objects.sibling_of(page, inclusive=False)
        .live()
        .public()
        .order_by("path")
        .first()
        if getattr(page, "path", None)
        else None
    )
    if not events and calendar is None:
        return []
    return [
        SectionPanel(
            title=_("Мероприятия для молодых педагогов"),
            template="events/young_panel.html",
            context={
                "events": events,
                "calendar": calendar,
                "audience": YOUNG_AUDIENCE,
            },
            order=20,
        )
    ]
