"""The annual events plan of a section as a spreadsheet: `AnnualPlanResource`.

One row is one event page of an events calendar (docs/events.md "Annual plan"). The
calendar is the one of the importing user's own section (their region, municipality or
school), or the one the «Календарь» column names (its address, its section's name or
its page number) inside their territory. The natural key is (calendar, plan year,
title, local start date): re-importing a file changes nothing, a changed cell updates
its event, a new row becomes a new page (`bulk_create_pages`: published, with its
revision, audit log and search entry).

An update is what an editor's «Опубликовать» does: a new revision of the page,
published (`page_published` is sent, so participants hear about a changed time or
place). Events of regional level or higher from someone who is not a regional
administrator of the region go to the «Согласование с региональным центром» workflow
instead, as in the page editor: a new event is created as a draft, an update is saved
as a draft revision, and both are submitted for approval.
"""

import datetime as dt
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Revision, Workflow, WorkflowState

from portal.imports import normalise
from portal.imports.engine import RowProblem
from portal.imports.organisations import OrganisationMatcher
from portal.imports.pages import bulk_create_pages
from portal.imports.resources import PortalResource
from portal.permissions.policy import Scope

from .changes import facts
from .forms import zone_named
from .models import (
    EventAnnouncement,
    EventFormat,
    EventLevel,
    EventPage,
    EventType,
)
from .models.approval import APPROVED_LEVELS, WORKFLOW_NAME
from .plan_columns import (
    CHOICES,
    COLUMNS,
    RELATIONS,
    TEXT_FIELDS,
    TITLES,
    WRITTEN,
    count,
    event_format,
    level,
    moment,
    names,
    plain,
    plan_year,
    registration,
    zone_name,
)
from .plan_places import Place, all_places, default_place, place_for

_STEP = Page.steplen


@dataclass
class Plan:
    """What the writing step needs of a resolved row beyond its field values."""

    place: Place
    approval: bool


class AnnualPlanResource(PortalResource):
    name = "events_plan"
    title = gettext_lazy("План мероприятий на год")
    parsers = {
        "title": plain,
        "level": level,
        "event_format": event_format,
        "start": moment,
        "end": moment,
        "time_zone": zone_name,
        "audiences": names,
        "subjects": names,
        "education_levels": names,
        "capacity": count,
        "registration_mode": registration,
        "plan_year": plan_year,
    }
    written_fields = {name: TITLES[column] for name, column in WRITTEN.items()}
    written_relations = {name: TITLES[name] for name in RELATIONS}

    class Meta:
        model = EventPage
        fields = ("title", "start", "end", "venue", "address", "plan_year")
        export_order = fields

    #: The template's drop-down lists; the event types are added per instance, from
    #: the editable taxonomy.
    columns = tuple(
        replace(c, choices=CHOICES[c.field]) if c.field in CHOICES else c
        for c in COLUMNS
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        types = tuple(EventType.objects.values_list("name", flat=True))
        self.columns = tuple(
            replace(c, choices=types) if c.field == "event_type" else c
            for c in self.columns
        )

    def parse(self, name: str, cell):
        return self.parsers.get(name, plain)(cell)

    def subject(self, values: dict) -> str:
        return values.get("title") or ""

    def key_description(self, row) -> str:
        return _("Мероприятие «%(title)s»") % {"title": row.subject}

    def label(self, name: str, value) -> str:
        if isinstance(value, dt.datetime):
            return value.strftime("%d.%m.%Y %H:%M")
        return super().label(name, value)

    # Loading what the rows refer to ------------------------------------------------
    def prepare(self, rows, context) -> None:
        lookups = context.lookups
        self.labels = {
            "level": dict(EventLevel.choices),
            "event_format": dict(EventFormat.choices),
            "registration_mode": dict(EventPage.RegistrationMode.choices),
        }
        lookups["types"] = self._taxonomy(EventType, "event_type_id")
        for name, model in RELATIONS.items():
            lookups[name] = self._taxonomy(model, name)
        lookups["objects"] = {
            name: {o.pk: o for o in model.objects.all()}
            for name, model in RELATIONS.items()
        }
        # Organisers: any organisation of the registry, as the page editor offers.
        scope = context.scope
        matcher = OrganisationMatcher.load(
            Scope(everything=True, municipalities=scope.municipalities)
        )
        lookups["organisations"] = matcher
        self.labels["organiser_id"] = {pk: k.name for pk, k in matcher.by_pk.items()}
        lookups["places"] = all_places()
        lookups["found"] = {}
        lookups["default"] = default_place(lookups["places"], scope)
        lookups["workflow"] = Workflow.objects.filter(
            name=WORKFLOW_NAME, active=True
        ).first()
        lookups["plans"] = {}
        # The keys of the whole file first: repeated rows are errors on both rows.
        keys, used = {}, set()
        for row in rows:
            try:
                place, start, year = self._placed(row, context)
            except RowProblem:
                continue
            used.add(place.page.path)
            keys.setdefault(
                self._key(place, year, row.values["title"], start.date()), []
            ).append(row.number)
        lookups["keys"] = keys
        lookups["existing"] = self._existing(
            [p for p in lookups["places"] if p.page.path in used], {k[1] for k in keys}
        )

    def _taxonomy(self, model, label: str) -> dict[str, int]:
        """Name or code (any case) → pk, and the names for the preview."""
        found, shown = {}, {}
        has_code = any(f.name == "code" for f in model._meta.fields)
        columns = ("pk", "name", "code") if has_code else ("pk", "name")
        for pk, name, *code in model.objects.values_list(*columns):
            shown[pk] = name
            for word in (name, *code):
                found.setdefault(normalise.key(word), pk)
        self.labels[label] = shown
        return found

    def _placed(self, row, context) -> tuple[Place, dt.datetime, int]:
        """The calendar, the start as written and the plan year: the row's key."""
        values = row.values
        place = place_for(values.get("calendar"), context)
        start = values.get("start")
        if not isinstance(start, dt.datetime):
            raise RowProblem(
                _("Укажите дату и время начала, например 12.03.2026 10:00."), "start"
            )
        return place, start, values.get("plan_year") or start.year

    @staticmethod
    def _key(place: Place, year: int | None, title: str, day: dt.date) -> tuple:
        return (place.page.pk, year, normalise.key(title), day)

    def _existing(self, places: list[Place], years: set[int]) -> dict[tuple, list]:
        """Events of the file's calendars and years (and those without a plan year, so
        that events typed in the editor before are found), by key. Pages with changes
        not yet published are compared as their latest revision: what the editor
        shows."""
        if not places:
            return {}
        calendars = {p.page.path: p for p in places}
        pages = list(
            EventPage.objects.filter(
                Q(plan_year__in=years) | Q(plan_year__isnull=True),
                reduce(or_, (Q(path__startswith=path) for path in calendars)),
            )
        )  # events live only right under calendars
        drafts = {
            r.pk: r
            for r in Revision.objects.filter(
                pk__in=[p.latest_revision_id for p in pages
                        if p.live and p.has_unpublished_changes]
            )
        }  # fmt: skip
        moderated = set(
            WorkflowState.objects.active()
            .filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(p.pk) for p in pages],
            )
            .values_list("object_id", flat=True)
        )
        current: dict[int, dict[str, set]] = {p.pk: {} for p in pages}
        for name in RELATIONS:
            relation = EventPage._meta.get_field(name)
            through = relation.remote_field.through
            source, target = (
                relation.m2m_field_name(),
                relation.m2m_reverse_field_name(),
            )
            for pk, value in through.objects.filter(
                **{f"{source}__in": list(current)}
            ).values_list(f"{source}_id", f"{target}_id"):
                current[pk].setdefault(name, set()).add(value)
        found: dict[tuple, list] = {}
        for page in pages:
            relations = current[page.pk]
            revision = drafts.get(page.latest_revision_id)
            if revision is not None:
                draft = page.with_content_json(revision.content)
                relations = {n: set(revision.content.get(n) or []) for n in RELATIONS}
                page = draft
            zone = zone_named(page.time_zone)
            page.start = timezone.localtime(page.start, zone)
            if page.end:
                page.end = timezone.localtime(page.end, zone)
            page._import_relations = {n: relations.get(n, set()) for n in RELATIONS}
            page._import_moderated = str(page.pk) in moderated
            place = calendars[page.path[:-_STEP]]
            key = self._key(place, page.plan_year, page.title, page.start.date())
            found.setdefault(key, []).append(page)
        return found

    # Resolving a row -------------------------------------------------------------
    def resolve(self, row, context) -> None:
        values, lookups, scope = row.values, context.lookups, context.scope
        place, start, year = self._placed(row, context)
        key = self._key(place, year, values["title"], start.date())
        numbers = lookups["keys"].get(key, [row.number])
        if len(numbers) > 1:
            raise RowProblem(
                _(
                    "Мероприятие с этим названием и датой начала уже есть в файле "
                    "(строка %(others)s). Оставьте одну строку."
                )
                % {"others": ", ".join(str(n) for n in numbers if n != row.number)},
                "title",
            )
        instance = self._instance(key, lookups, year)
        row.key = key
        row.instance = instance
        zone_value = values.get("time_zone") or (
            instance.time_zone if instance is not None else ""
        )
        zone_value = zone_value or place.zone
        zone = zone_named(zone_value)
        data = {
            "title": values["title"],
            "event_type_id": self._lookup(lookups["types"], values, "event_type"),
            "start": timezone.make_aware(start, zone),
            "time_zone": zone_value,
            "plan_year": year,
        }
        if "end" in row.cells:
            data["end"] = self._end(values.get("end"), start, zone)
        for name, default in (
            ("level", place.level),
            ("event_format", EventFormat.IN_PERSON),
            ("registration_mode", EventPage.RegistrationMode.NONE),
        ):
            if values.get(name):
                data[name] = values[name]
            elif instance is None:
                data[name] = default
        for name in TEXT_FIELDS:
            if name in row.cells:
                data[name] = values.get(name) or ""
        if "capacity" in row.cells:
            data["capacity"] = values.get("capacity")
        if "organiser" in row.cells:
            data["organiser_id"] = self._organiser(
                values.get("organiser"), place, lookups
            )
        self._check_lengths(data)
        row.data = data
        row.relations = {
            name: frozenset(
                self._lookup(lookups[name], {name: item}, name)
                for item in values.get(name) or ()
            )
            for name in RELATIONS
            if name in row.cells
        }
        level_ = data.get("level") or instance.level
        approval = (
            level_ in APPROVED_LEVELS
            and lookups["workflow"] is not None
            and not (scope.everything or place.region_id in scope.regions)
        )
        written = instance is None or bool(self.changed_fields(row))
        if instance is not None and written:
            self._check_draft(instance, approval)
        lookups["plans"][row.number] = Plan(place, approval)
        if approval and written:
            row.subject = _("%(title)s — на согласование в региональный центр") % {
                "title": row.subject
            }

    def _instance(self, key, lookups, year):
        candidates = lookups["existing"].get(key) or lookups["existing"].get(
            (key[0], None, *key[2:])
        )
        if candidates and len(candidates) > 1:
            raise RowProblem(
                _(
                    "В календаре несколько мероприятий с этим названием и датой начала "
                    "в плане на %(year)s год; оставьте одно в редакторе страниц."
                )
                % {"year": year},
                "title",
            )
        return candidates[0] if candidates else None

    def _lookup(self, found: dict, values: dict, name: str) -> int:
        value = values[name]
        pk = found.get(normalise.key(value))
        if pk is None:
            messages = {
                "event_type": _(
                    "Вида мероприятия «%(value)s» нет в справочнике «Виды мероприятий»."
                ),
                "audiences": _("Аудитории «%(value)s» нет в справочнике аудиторий."),
                "subjects": _("Предмета «%(value)s» нет в справочнике предметов."),
                "education_levels": _(
                    "Уровня образования «%(value)s» нет в справочнике уровней образования."
                ),
            }
            raise RowProblem(messages[name] % {"value": value[:80]}, name)
        return pk

    @staticmethod
    def _end(end, start: dt.datetime, zone) -> dt.datetime | None:
        if end is None:
            return None
        if isinstance(end, dt.time):
            end = dt.datetime.combine(start.date(), end)
        elif not isinstance(end, dt.datetime):
            raise RowProblem(
                _(
                    "Укажите и время окончания, например 12.03.2026 13:00, или только время."
                ),
                "end",
            )
        if end < start:
            raise RowProblem(_("Окончание раньше начала."), "end")
        return timezone.make_aware(end, zone)

    @staticmethod
    def _organiser(value, place: Place, lookups) -> int | None:
        if not value:
            return None
        matcher = lookups["organisations"]
        municipality = matcher.municipality_names.get(place.municipality_id)
        try:
            return matcher.find(value, municipality).pk
        except RowProblem as problem:
            raise RowProblem(problem.message, "organiser") from None

    @staticmethod
    def _check_lengths(data: dict) -> None:
        for name in ("title", "venue", "address"):
            limit = EventPage._meta.get_field(name).max_length
            if len(data.get(name) or "") > limit:
                raise RowProblem(
                    _("Не длиннее %(limit)s символов (сейчас %(length)s).")
                    % {"limit": limit, "length": len(data[name])},
                    name,
                )

    @staticmethod
    def _check_draft(page, approval: bool) -> None:
        """A change published over a draft would publish the draft too, and over an
        event waiting for approval would end the approval: the editor decides about
        them first (a page never published and not in moderation is just published)."""
        if approval or not page.has_unpublished_changes:
            return
        if page.live or page._import_moderated:
            raise RowProblem(
                _(
                    "У мероприятия есть изменения, не опубликованные в редакторе "
                    "(черновик или согласование); загрузка опубликовала бы и их. "
                    "Опубликуйте или отмените их в редакторе страницы и загрузите файл "
                    "снова."
                ),
                "title",
            )

    # Writing -------------------------------------------------------------------------
    def write(self, rows, context) -> None:
        user = context.user if isinstance(context.user, get_user_model()) else None
        plans = context.lookups["plans"]
        new: dict[tuple[int, bool], list] = {}
        for row in rows:
            if row.instance is None:
                plan = plans[row.number]
                new.setdefault((plan.place.page.pk, plan.approval), []).append(row)
            else:
                self._update(row, plans[row.number], user, context)
        for group in new.values():
            self._create(group, plans[group[0].number], user, context)

    def _create(self, rows, plan: Plan, user, context) -> None:
        objects = context.lookups["objects"]
        pages = []
        for row in rows:
            page = EventPage(**row.data)
            page.copy_territory(plan.place.section)
            for name, pks in row.relations.items():
                setattr(page, name, [objects[name][pk] for pk in sorted(pks)])
            pages.append(page)
        bulk_create_pages(plan.place.page, pages, user=user, live=not plan.approval)
        for row, page in zip(rows, pages, strict=True):
            row.instance = page
        self.write_relations(rows)
        if plan.approval:
            for page in pages:
                context.lookups["workflow"].start(page, user)
        else:  # bulk_create_pages sends no page_published: announce them here
            EventAnnouncement.objects.bulk_create(
                [
                    EventAnnouncement(event_id=page.pk, facts=facts(page))
                    for page in pages
                ]
            )

    def _update(self, row, plan: Plan, user, context) -> None:
        """An editor's edit: the latest content with the file's cells, a revision,
        then «Опубликовать» — or the approval workflow."""
        objects = context.lookups["objects"]
        page = row.instance
        for name, value in row.data.items():
            setattr(page, name, value)
        for name, pks in row.relations.items():
            setattr(page, name, [objects[name][pk] for pk in sorted(pks)])
        if not page.live:
            page.save()  # a page never published keeps its content in its row too
        revision = page.save_revision(user=user, log_action=True)
        if not plan.approval:
            revision.publish(user=user, skip_permission_checks=True)
            return
        state = page.current_workflow_state
        if state is None:
            context.lookups["workflow"].start(page, user)
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)

    def after_write(self, rows, context) -> None:
        """Nothing: new pages are indexed by bulk_create_pages, updates by Wagtail's
        publication."""
