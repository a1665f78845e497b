"""Search documents of the routes plugin (declared in the plugin's ``search_documents``;
indexed by the core through its outbox).

What goes in: the published programmes of the catalogue (``ProgrammeSpec``: built from
``Programme`` records, as the core indexes organisations and acts) and the live public
typical routes (``RouteTemplateSpec``). What never goes in: diagnostics, routes, their
steps, course completions — no spec covers those models, and no document names a
person.

A programme is public information whether or not a catalogue page shows it (a
provider's list, the federal registry), so every published programme is indexed, as
the core indexes an organisation without a page: its URL is its page in a programme
catalogue (``public.Catalogues``: the programme's region, else the federal one), else
its card in the federal registry, else none (the result is shown without a link).
Unpublishing or deleting a programme removes it (``to_document`` returns None).

Re-indexing: the core re-reads a programme on every save and delete of ``Programme``;
``connect`` (run when the plugin's ready() imports this module) adds what the core
cannot see — the deficits of a programme changed (many-to-many) and a catalogue page
published, unpublished or deleted (the programmes it shows get another URL). A typical route is re-read when its page is published or
unpublished (steps and deficits are saved with the page's revision).
"""

from django.utils.translation import gettext_lazy as _

from portal.core.levels import Level
from search.documents import SearchDocument
from search.specs import DocumentSpec, SectionPageSpec, plain_text

from .models import Programme, ProgrammeCatalogPage, RouteTemplatePage
from .public import PROGRAMME_TYPE, ROUTE_TYPE, Catalogues, available

#: The audience facet of every document of the plugin (the events' wording).
AUDIENCE = _("Педагоги")


#: Yes/no fields of a programme named in its document when set.
FLAGS = (
    ("in_federal_registry", _("В федеральном реестре ДПП")),
    ("distance", _("С применением дистанционных технологий")),
    ("network", _("Сетевая форма реализации")),
)


def hours_text(hours) -> str:
    return str(_("%(hours)s ч.") % {"hours": hours}) if hours else ""


class ProgrammeSpec(DocumentSpec):
    """A published programme: kind, hours, provider, registry, deficits, annotation."""

    model = Programme
    type = PROGRAMME_TYPE
    label = _("Программы ДПП")

    def get_queryset(self):
        return (
            Programme.objects.filter(published=True)
            .select_related("provider")
            .prefetch_related("deficits")
        )

    def to_document(self, programme, catalogues: Catalogues | None = None):
        if not programme.published:
            return None
        catalogues = catalogues or Catalogues()
        summary = " · ".join(
            part
            for part in (
                programme.get_kind_display(),
                hours_text(programme.hours),
                programme.provider_title,
            )
            if part
        )
        facts = [
            str(_("Программа ДПП")),
            *(str(label) for name, label in FLAGS if getattr(programme, name)),
            programme.platform,
        ]
        return SearchDocument(
            key=self.key(programme.pk),
            type=self.type,
            title=programme.title,
            url=catalogues.url(programme),
            summary=summary[:500],
            body=" ".join(
                part
                for part in (
                    *facts,
                    programme.description,
                    *(deficit.name for deficit in programme.deficits.all()),
                )
                if part
            ),
            level=Level.REGIONAL if programme.region_id else Level.FEDERAL,
            region=programme.region_id,
            audience=[str(AUDIENCE)],
            published=programme.updated_at,
        )

    def build_documents(self, objects):
        catalogues = Catalogues()
        return [(self.key(o.pk), self.to_document(o, catalogues)) for o in objects]


def page_level(page) -> str:
    """The level of a page from its ``SectionTerritory`` columns."""
    if page.organisation_id:
        return Level.INSTITUTIONAL
    if page.municipality_id:
        return Level.MUNICIPAL
    return Level.REGIONAL if page.region_id else Level.FEDERAL


class RouteTemplateSpec(SectionPageSpec):
    """A typical route: for whom, deficits, steps, expected results, total hours."""

    model = RouteTemplatePage
    type = ROUTE_TYPE
    label = _("Типовые маршруты")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("deficits", "steps")

    def document(self, page) -> SearchDocument:
        steps = list(page.steps.all())
        facts = [
            str(_("Типовой маршрут")),
            page.target_group,
            *(deficit.name for deficit in page.deficits.all()),
            *(step.title for step in steps),
            hours_text(sum(step.hours or 0 for step in steps)),
        ]
        return self.make(
            page,
            summary=page.search_description or page.intro or page.target_group,
            body=[*facts, page.intro, page.expected_results, plain_text(page.body)],
            level=page_level(page),
        )


# Changes the core's signals do not see -------------------------------------------------
def _enqueue(programmes) -> None:
    from search.outbox import enqueue_many

    enqueue_many(list(programmes))


def deficits_changed(sender, instance, action, reverse=False, **kwargs):
    """The deficits of a programme changed (m2m_changed)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a competence changed its programmes
        pks = kwargs.get("pk_set") or ()
        _enqueue(Programme.objects.filter(pk__in=pks).only("pk"))
    elif isinstance(instance, Programme):
        _enqueue([instance])


def catalogue_changed(sender, instance, **kwargs):
    """A catalogue published, unpublished or deleted: the programmes it shows get
    another URL, or none."""
    page = getattr(instance, "specific_deferred", instance)
    if not isinstance(page, ProgrammeCatalogPage):
        return
    _enqueue(available(page).only("pk"))


def connect() -> None:
    """Connect the receivers above (idempotent: ``dispatch_uid``)."""
    from django.db.models.signals import m2m_changed, post_delete
    from wagtail.signals import page_published, page_unpublished

    m2m_changed.connect(
        deficits_changed,
        sender=Programme.deficits.through,
        dispatch_uid="iom-search-programme-deficits",
    )
    for signal, name in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_delete, "deleted"),
    ):
        signal.connect(
            catalogue_changed,
            sender=ProgrammeCatalogPage,
            dispatch_uid=f"iom-search-catalogue-{name}",
        )


# IomConfig.ready() imports this module when it resolves its contributions
# (PortalPluginConfig.resolve), so the receivers are connected with the specs.
connect()
