"""Indexing is wired here once for every model a spec covers (core and plugins)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import OutboxEntry
from .outbox import enqueue
from .registry import spec_for_model, specs


def _indexed(instance) -> bool:
    return spec_for_model(type(instance)) is not None


def _saved(sender, instance, raw=False, **kwargs):
    if not raw and _indexed(instance):
        enqueue(instance)


def _deleted(sender, instance, **kwargs):
    if _indexed(instance):
        enqueue(instance, OutboxEntry.Action.DELETE)


def _page_changed(sender, instance, **kwargs):
    enqueue(instance)


def _subtree_changed(page) -> None:
    """URLs or visibility of a whole subtree changed (move, view restriction)."""
    for descendant in (
        Page.objects.descendant_of(page, inclusive=True).specific(defer=True).iterator()
    ):
        enqueue(descendant)


def _page_moved(sender, instance, **kwargs):
    _subtree_changed(instance)


def _restriction_changed(sender, instance, **kwargs):
    if instance.page_id and Page.objects.filter(pk=instance.page_id).exists():
        _subtree_changed(instance.page)


def connect_all() -> None:
    models = {spec.model for spec in specs()}
    for model in models:
        if issubclass(model, Page):
            continue
        post_save.connect(
            _saved, sender=model, dispatch_uid=f"portal-search-save-{model._meta.label}"
        )
        post_delete.connect(
            _deleted,
            sender=model,
            dispatch_uid=f"portal-search-delete-{model._meta.label}",
        )
    if any(issubclass(m, Page) for m in models):
        # Pages: every save (edit, publish, unpublish) re-reads the live row.
        post_save.connect(_page_saved, dispatch_uid="portal-search-page-save")
        post_delete.connect(_page_deleted, dispatch_uid="portal-search-page-delete")
        page_published.connect(_page_changed, dispatch_uid="portal-search-published")
        page_unpublished.connect(
            _page_changed, dispatch_uid="portal-search-unpublished"
        )
        post_page_move.connect(_page_moved, dispatch_uid="portal-search-move")
        post_save.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid="portal-search-restrict",
        )
        post_delete.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid="portal-search-unrestrict",
        )


def _page_saved(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, Page):
        enqueue(instance)


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        enqueue(instance, OutboxEntry.Action.DELETE)
