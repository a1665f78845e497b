"""Event calendars (in any section) and event pages with their sessions.

An event's territory (region, municipality, organisation) is the section it is published
in, copied onto the page when it is saved, so calendars and search filter it with plain
columns. Start and end are stored in UTC; ``time_zone`` is where the event happens, and
the page, the calendar and the feeds show the local time there (regions span 11 zones).
"""

import functools
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.sections.blocks import BodyBlock
from portal.sections.models.content import SECTION_PARENTS
from portal.sections.territory import SectionTerritory
from portal.sections.tree import section_of

from ..forms import EventPageForm, zone_named
from .taxonomy import Audience, EducationLevel, EventFormat, EventLevel, EventType


@functools.cache
def zone_choices():
    """IANA zones with a region (read from the tz database once per process)."""
    return [
        (name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name
    ]


class EventCalendarPage(RoutablePageMixin, Page):
    """The events of a section: its own and, marked, those of the sections above it.

    Views (see plugins.events.calendar): upcoming list with filters, month grid,
    archive, iCalendar and RSS feeds of the same selection. Works without JavaScript.
    """

    intro = RichTextField(
        _("вступление"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = SECTION_PARENTS
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("календарь мероприятий")
        verbose_name_plural = _("календари мероприятий")

    @path("")
    def upcoming(self, request):
        from ..calendar import render_calendar

        return render_calendar(self, request, view="list")

    @path("month/")
    def month(self, request):
        from ..calendar import render_calendar

        return render_calendar(self, request, view="month")

    @path("archive/")
    def archive(self, request):
        from ..calendar import render_calendar

        return render_calendar(self, request, view="archive")

    @path("ics/")
    def ical(self, request):
        from ..feeds import calendar_ics

        return calendar_ics(self, request)

    @path("rss/")
    def rss(self, request):
        from ..feeds import CalendarFeed

        return CalendarFeed()(request, calendar=self)

    @path("plan/")
    def plan(self, request):
        from ..plan import plan_response

        return plan_response(self, request)


class EventPage(RoutablePageMixin, SectionTerritory, Page):
    """A methodological event: seminar, webinar, conference, contest…"""

    event_type = models.ForeignKey(
        EventType, verbose_name=_("вид"), null=True, blank=False, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    level = models.CharField(
        _("уровень"),
        max_length=16,
        choices=EventLevel.choices,
        default=EventLevel.MUNICIPAL,
    )
    event_format = models.CharField(
        _("формат"),
        max_length=16,
        choices=EventFormat.choices,
        default=EventFormat.IN_PERSON,
    )
    organiser = models.ForeignKey(
        "core.Organisation", verbose_name=_("организатор"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    co_organisers = ParentalManyToManyField(
        "core.Organisation",
        verbose_name=_("соорганизаторы"),
        blank=True,
        related_name="+",
    )
    responsible = models.ForeignKey(
        "core.Person", verbose_name=_("ответственный"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("На сайте показывается только с согласия на публикацию."),
    )  # fmt: skip
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("целевая аудитория"), blank=True
    )
    subjects = ParentalManyToManyField(
        "core.Subject", verbose_name=_("предметы"), blank=True, related_name="+"
    )
    education_levels = ParentalManyToManyField(
        EducationLevel, verbose_name=_("уровни образования"), blank=True
    )
    competences = ParentalManyToManyField(
        "core.Competence", verbose_name=_("какие дефициты помогает закрыть"), blank=True,
        related_name="+",
        help_text=_("По ним мероприятие предлагается в индивидуальные маршруты педагогов."),
    )  # fmt: skip
    start = models.DateTimeField(_("начало"), db_index=True)
    end = models.DateTimeField(_("окончание"), null=True, blank=True)
    time_zone = models.CharField(
        _("часовой пояс"), max_length=40, blank=True, choices=zone_choices,
        help_text=_("Время начала и окончания указывается по этому поясу. По умолчанию "
                    "— пояс региона раздела."),
    )  # fmt: skip
    venue = models.CharField(_("место проведения"), max_length=255, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    online_url = models.URLField(_("ссылка на трансляцию"), blank=True, max_length=1000)
    online_url_public = models.BooleanField(
        _("показывать ссылку всем"), default=False,
        help_text=_("Иначе ссылку видят только зарегистрированные участники."),
    )  # fmt: skip
    intro = models.TextField(_("анонс"), blank=True)
    description = StreamField(BodyBlock(), verbose_name=_("описание"), blank=True)
    capacity = models.PositiveIntegerField(
        _("количество мест"),
        null=True,
        blank=True,
        help_text=_("Пусто — без ограничений."),
    )

    class RegistrationMode(models.TextChoices):
        NONE = "none", _("Без регистрации")
        OPEN = "open", _("Открытая: участие подтверждается сразу")
        MODERATED = "moderated", _("С подтверждением организатором")
        HEAD = "head", _("С согласованием руководителя организации участника")

    registration_mode = models.CharField(
        _("регистрация"), max_length=16, choices=RegistrationMode.choices,
        default=RegistrationMode.NONE,
    )  # fmt: skip
    registration_opens = models.DateTimeField(_("регистрация с"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("регистрация до"), null=True, blank=True
    )

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Состоится")
        POSTPONED = "postponed", _("Перенесено")
        CANCELLED = "cancelled", _("Отменено")

    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    plan_year = models.PositiveSmallIntegerField(
        _("год плана"), null=True, blank=True,
        help_text=_("Год плана мероприятий, в который входит мероприятие."),
    )  # fmt: skip
    results = StreamField(
        BodyBlock(), verbose_name=_("материалы и итоги"), blank=True,
        help_text=_("Записи, презентации, итоги и победители — после мероприятия."),
    )  # fmt: skip
    base_form_class = EventPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_type"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
                FieldPanel("status"),
            ],
            heading=_("Когда"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("event_format"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldRowPanel(
                    [FieldPanel("online_url"), FieldPanel("online_url_public")]
                ),
            ],
            heading=_("Где"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("co_organisers"),
                FieldPanel("responsible"),
            ],
            heading=_("Кто проводит"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("subjects"),
                FieldPanel("education_levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("competences"),
            ],
            heading=_("Для кого"),
        ),
        FieldPanel("intro"),
        FieldPanel("description"),
        InlinePanel("sessions", label=_("Занятия (для цикла из нескольких занятий)")),
        MultiFieldPanel(
            [
                FieldPanel("registration_mode"),
                FieldPanel("capacity"),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens"),
                        FieldPanel("registration_closes"),
                    ]
                ),
            ],
            heading=_("Регистрация"),
        ),
        FieldPanel("plan_year"),
        FieldPanel("results"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
    ]
    parent_page_types = ["events.EventCalendarPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        indexes = [
            # "Not finished yet" (calendar_events annotates end_or_start the same way):
            # without it the planner walks the start index from the oldest event.
            models.Index(Coalesce("end", "start"), name="events_event_end_or_start"),
        ]

    # Time --------------------------------------------------------------------
    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.time_zone)

    @property
    def local_start(self):
        """Start in the event's zone; templates show it as is, not in the site's zone."""
        return do_timezone(self.start, self.zone)

    @property
    def local_end(self):
        return do_timezone(self.end, self.zone) if self.end else None

    @property
    def is_finished(self) -> bool:
        return (self.end or self.start) < timezone.now()

    @property
    def registration_open(self) -> bool:
        now = timezone.now()
        if self.registration_mode == self.RegistrationMode.NONE:
            return False
        if self.status != self.Status.SCHEDULED or self.is_finished:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now > self.registration_closes)

    # Territory -----------------------------------------------------------------
    def default_time_zone(self, parent=None, section=None) -> str:
        """The zone of the section's region (the site's zone outside a region)."""
        from portal.core.models import Territory

        section = section or section_of(parent or self.get_parent())
        region_id = section.section_region_id() if section is not None else None
        zones = Territory.objects.filter(pk=region_id).values_list(
            "timezone", flat=True
        )
        return (zones.first() if region_id else None) or settings.TIME_ZONE

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Окончание раньше начала.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            raise ValidationError(
                {
                    "registration_closes": _(
                        "Регистрация закрывается раньше, чем открывается."
                    )
                }
            )

    def save(self, *args, **kwargs):
        if self.path:
            section = section_of(self.get_parent())
            self.copy_territory(section)
            if not self.time_zone:
                self.time_zone = self.default_time_zone(section=section)
        return super().save(*args, **kwargs)

    # Views ---------------------------------------------------------------------
    @path("")
    def event(self, request):
        return self.render(request)

    @path("ics/")
    def ical(self, request):
        from ..feeds import event_ics

        return event_ics(self, request)

    @path("register/")
    def register(self, request):
        from ..participation import register_view

        return register_view(self, request)

    @path("registered/<uuid:token>/")
    def ticket(self, request, token):
        from ..participation import ticket_view

        return ticket_view(self, request, token)

    @path("cancel/<uuid:token>/")
    def cancel_registration(self, request, token):
        from ..participation import cancel_view

        return cancel_view(self, request, token)

    @path("head/<uuid:token>/")
    def head_approval(self, request, token):
        from ..participation import head_view

        return head_view(self, request, token)

    @path("registered/<uuid:token>/certificate/")
    def certificate(self, request, token):
        from ..participation import certificate_view

        return certificate_view(self, request, token)

    def get_context(self, request, *args, **kwargs):
        from ..structured import event_json_ld

        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = event_json_ld(self, request)
        context["sessions"] = list(self.sessions.all())
        if self.registration_open:
            from ..registration import RegistrationForm, initial_for, seats_taken

            context.setdefault(
                "registration_form",
                RegistrationForm(initial=initial_for(request.user), event=self),
            )
            if self.capacity is not None:
                context["seats_left"] = max(0, self.capacity - seats_taken(self))
        context["responsible_public"] = (
            self.responsible.public_data() if self.responsible_id else None
        )
        return context


class EventSession(Orderable):
    """One meeting of a multi-session event (a course of six webinars is one event)."""

    event = ParentalKey(EventPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("тема занятия"), max_length=255)
    start = models.DateTimeField(_("начало"))
    end = models.DateTimeField(_("окончание"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("занятие")
        verbose_name_plural = _("занятия")

    def local_start(self):
        return do_timezone(self.start, self.event.zone)
