"""The events' search documents: dates and territory for filters; never the online link
or anything about participants (registration-only details stay out of the index)."""

from django.utils.translation import gettext_lazy as _

from search.documents import SearchDocument
from search.specs import PageDocumentSpec, is_restricted, plain_text, restricted_paths

from .models import EventLevel, EventPage

#: Search facets know the core levels; an interregional event is filed above regional.
SEARCH_LEVEL = {EventLevel.INTERREGIONAL: EventLevel.FEDERAL}


class EventSpec(PageDocumentSpec):
    model = EventPage
    type = "event"
    label = _("Мероприятия")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("event_type", "organiser")
            .prefetch_related("subjects", "audiences")
        )

    def to_document(self, page, restricted: list[str] | None = None):
        page = page.specific
        if not page.live:
            return None
        if restricted is None:
            restricted = restricted_paths()
        if is_restricted(page, restricted):
            return None
        facts = [
            page.event_type.name if page.event_type_id else "",
            page.get_event_format_display(),
            page.venue,
            page.address,
            page.organiser.name if page.organiser_id else "",
        ]
        if page.status != EventPage.Status.SCHEDULED:
            facts.insert(0, page.get_status_display())
        return SearchDocument(
            key=self.key(page.pk),
            type=self.type,
            title=page.title,
            url=page.url or "",
            summary=(page.search_description or page.intro)[:500],
            body=" ".join([*filter(None, facts), plain_text(page.description)]),
            level=SEARCH_LEVEL.get(page.level, page.level),
            region=page.region_id,
            municipality=page.municipality_id,
            organisation=page.organisation_id,
            subjects=[s.name for s in page.subjects.all()],
            audience=[a.name for a in page.audiences.all()],
            start=page.start,
            end=page.end,
            published=page.last_published_at or page.first_published_at,
        )

    def build_documents(self, objects):
        restricted = restricted_paths()
        return [(self.key(o.pk), self.to_document(o, restricted)) for o in objects]
