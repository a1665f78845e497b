"""Many Wagtail pages under one parent in a few bulk statements.

Wagtail has no bulk page API: `parent.add_child(instance=page)` locks and reloads the
parent, computes one treebeard path, inserts into every table of the page's model,
updates the parent's numchild, and fires signals — some thirty queries per page, and
a revision and a publication cost more. `bulk_create_pages` does the same work for
a whole list: the paths are consecutive steps after the parent's last child, each
table of the model gets one INSERT per thousand pages, then the revisions, the
pages' revision links, the audit log («создана», «опубликована»), the parent's
numchild, and the search index entries through the outbox (docs/imports.md "Pages").

What it leaves out, each documented: page signals (page_published and post_save are
not sent; the search outbox is written directly), Wagtail's reference index and the
admin's own search index (`portal update_index` and `rebuild_references_index` catch
up; the portal's search does not depend on them). Inline-panel objects assigned in
memory are inserted in bulk too; ParentalManyToMany values (clusterable tags) are not:
pages that need those are created one by one.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision

from portal.core.slugs import latin
from search.outbox import enqueue_many

BATCH = 1000


@transaction.atomic
def bulk_create_pages(parent: Page, pages: list[Page], *, user=None, live=True):
    """Insert `pages` (unsaved instances of one or more Page models) as the last
    children of `parent`, each with a revision; published when `live`.

    Slugs left blank are made from titles, like Wagtail does («-2», «-3» for repeats);
    a given slug already used under the parent raises ValidationError, as do field
    values that do not pass the model's validation (nothing is written then).
    """
    if not pages:
        return []
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    now = timezone.now()
    _validate(pages)
    _assign_slugs(parent, pages)
    last = parent.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    page_type = ContentType.objects.get_for_model(Page)
    for offset, page in enumerate(pages):
        page.path = Page._get_path(parent.path, parent.depth + 1, first_step + offset)
        page.depth, page.numchild = parent.depth + 1, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = ContentType.objects.get_for_model(type(page))
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.owner = page.owner if page.owner_id else user
        page.translation_key = page.translation_key or uuid.uuid4()
        page.live, page.has_unpublished_changes = live, not live
        page.latest_revision_created_at = now
        if live:
            page.first_published_at = page.first_published_at or now
            page.last_published_at = now
    _insert_tables(pages)
    _insert_children(pages)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=now,
                user=user,
                content=page.serializable_data(),
                object_str=str(page),
            )
            for page in pages
        ],
        batch_size=BATCH,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.live_revision = revision if live else None
    _link_revisions(parent, pages[0].path, page_type, live)
    _log(pages, revisions, user, now, live)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    if live:
        enqueue_many(pages)
    return pages


def _link_revisions(parent: Page, first_path: str, page_type, live: bool) -> None:
    """One UPDATE of the new pages (the children from first_path on; the parent is
    locked) pointing each at its revision: a bulk_update's CASE of ten thousand
    branches costs more than everything else together."""
    revision = Subquery(
        Revision.objects.filter(
            base_content_type=page_type,
            object_id=Cast(OuterRef("pk"), output_field=models.CharField()),
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    links = {"latest_revision_id": revision}
    if live:
        links["live_revision_id"] = revision
    Page.objects.filter(
        path__startswith=parent.path, depth=parent.depth + 1, path__gte=first_path
    ).update(**links)


def _validate(pages: list[Page]) -> None:
    """Field validation without the per-page queries of Page.full_clean (foreign keys
    are checked by the database; slugs by _assign_slugs, for the whole list)."""
    skipped: dict[type, list[str]] = {}
    for number, page in enumerate(pages, start=1):
        if type(page) not in skipped:
            skipped[type(page)] = [
                f.name for f in page._meta.fields if f.is_relation or f.name in _TREE
            ]
        try:
            page.clean_fields(exclude=skipped[type(page)])
        except ValidationError as exc:
            raise ValidationError(
                _("Страница %(number)s («%(title)s»): %(errors)s")
                % {
                    "number": number,
                    "title": page.title,
                    "errors": "; ".join(
                        f"{name}: {' '.join(messages)}"
                        for name, messages in exc.message_dict.items()
                    ),
                }
            ) from exc


_TREE = {"path", "depth", "numchild", "url_path", "slug", "draft_title"}


def _assign_slugs(parent: Page, pages: list[Page]) -> None:
    taken = set(parent.get_children().values_list("slug", flat=True))
    for page in pages:
        if page.slug:
            if page.slug in taken:
                raise ValidationError(
                    _("Адрес «%(slug)s» уже занят другой страницей в этом разделе.")
                    % {"slug": page.slug}
                )
            taken.add(page.slug)
    for page in pages:
        if page.slug:
            continue
        base = latin(page.title)[:80].strip("-") or "page"
        slug, suffix = base, 1
        while slug in taken:
            suffix += 1
            slug = f"{base}-{suffix}"
        page.slug = slug
        taken.add(slug)


def _insert_tables(pages: list[Page]) -> None:
    """INSERT into wagtailcore_page, then each table of the pages' models below it."""
    Page.objects.bulk_create(pages, batch_size=BATCH)
    by_model: dict[type, list[Page]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        # Parents from the one nearest Page down to the model itself.
        chain = [
            m for m in reversed(model._meta.get_parent_list()) if m is not Page
        ] + [model]
        for table_model in chain:
            for page in group:
                for link in table_model._meta.parents.values():
                    setattr(page, link.attname, page.id)
            fields = [
                f
                for f in table_model._meta.local_concrete_fields
                if not isinstance(f, models.AutoField)
            ]
            # QuerySet.bulk_create refuses multi-table models; its per-table step is
            # what Model.save uses too (_do_insert → _insert), batched.
            table_model._base_manager.all()._batched_insert(group, fields, BATCH)


def _insert_children(pages: list[Page]) -> None:
    """Inline-panel objects given in memory (page.speakers = [...]) are saved with a
    bulk INSERT per model; relations not given are set empty, so the revision's
    serialisation does not query them (the comments, for one)."""
    children: dict[type, list] = {}
    for page in pages:
        given = getattr(page, "_cluster_related_objects", {})
        for relation in get_all_child_relations(type(page)):
            name = relation.get_accessor_name()
            if name not in given:
                setattr(page, name, [])
                continue
            for child in given[name]:
                setattr(child, relation.field.attname, page.id)
                children.setdefault(relation.related_model, []).append(child)
    for model, objects in children.items():
        model.objects.bulk_create(objects, batch_size=BATCH)


def _log(pages, revisions, user, now, live) -> None:
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        common = {
            "content_type_id": page.content_type_id,
            "label": page.get_admin_display_title(),
            "timestamp": now,
            "user": user,
            "page_id": page.pk,
            "uuid": uuid.uuid4(),
        }
        entries.append(PageLogEntry(action="wagtail.create", **common))
        if live:
            entries.append(
                PageLogEntry(
                    action="wagtail.publish",
                    revision=revision,
                    content_changed=True,
                    **common,
                )
            )
    PageLogEntry.objects.bulk_create(entries, batch_size=BATCH)
