"""Index pages created in bulk once at the end, instead of one by one on save.

Each Page.save() normally runs two immediate tasks: the search index update
(modelsearch's post_save handler) and the reference index update (Wagtail's).
Together they take more than half of the time of creating a page. While the demo
builds its tree both are switched off — the reference index through Wagtail's own
`disable_reference_index_auto_update`, the search handler by disconnecting it for
the page models and reconnecting it afterwards — and the new pages are then indexed
in bulk.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_page_indexing(models: list[type[Page]]):
    """Within the block, saving a page of `models` updates neither index."""
    disconnected = [
        model
        for model in models
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def index_pages(pages: list[Page]) -> None:
    """Add `pages` (specific instances) to the search and reference indexes."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, items in by_model.items():
            backend.add_bulk(model, items)
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
