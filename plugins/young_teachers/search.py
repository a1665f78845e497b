"""Search documents of young-teacher support (declared in the plugin's
``search_documents``; indexed by the core through its outbox).

What goes in: live public support programme pages (title, intro, body, the support
forms, the organiser — an organisation, public information —, the period, territory
and level). The section «Молодым педагогам» itself is a page the core's generic
``PageSpec`` indexes (title, search description, intro, body; never its methodist).
What never goes in: support records, young teachers' cards, coverage by person — no
spec covers those models, and no document names a person.

Re-indexing: a programme is re-read when its page is published or unpublished (the
support forms are saved with the page's revision).
"""

from django.utils.translation import gettext_lazy as _

from search.documents import SearchDocument
from search.specs import SectionPageSpec, plain_text

from .models import SupportProgrammePage
from .public import Scope


def period_text(start, end) -> str:
    """«с 01.09.2026 по 31.05.2027»: dates as people type them in a search box."""
    parts = []
    if start:
        parts.append(str(_("с %(date)s") % {"date": start.strftime("%d.%m.%Y")}))
    if end:
        parts.append(str(_("по %(date)s") % {"date": end.strftime("%d.%m.%Y")}))
    return " ".join(parts)


class SupportProgrammeSpec(SectionPageSpec):
    """A support programme of young teachers: forms, organiser, period, text."""

    model = SupportProgrammePage
    type = "young_support_programme"
    label = _("Программы поддержки молодых педагогов")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("organiser")
            .prefetch_related("support_forms")
        )

    def document(self, page) -> SearchDocument:
        organiser = page.organiser
        facts = [
            str(_("Программа поддержки молодых педагогов")),
            *(form.name for form in page.support_forms.all()),
            organiser.name if organiser is not None else "",
            period_text(page.start_date, page.end_date),
        ]
        return self.make(
            page,
            summary=page.search_description or page.intro,
            body=[*facts, page.intro, plain_text(page.body)],
            level=Scope.of(page).level,
        )
