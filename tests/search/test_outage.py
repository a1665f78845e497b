"""Nothing is lost when the distributed engine is down (the search issue's outage test).

Stops the real OpenSearch node, makes 500 content changes, restarts it, lets the
worker drain the outbox, and proves the index equals the database.
"""

import io
import subprocess
import time
import uuid
from pathlib import Path

from django.core.management import call_command

from portal.sections.models import StandardPage
from search.engines import get_engine, reset_engines
from search.indexing import document_batches
from search.outbox import apply_all_pending, pending_count
from search.query import SearchQuery
from search.service import search

from .test_opensearch_engine import URL, needs_node

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "opensearch.sh"


def node(action: str) -> None:
    subprocess.run(
        ["bash", str(SCRIPT), action], check=True, capture_output=True, timeout=300
    )


def indexed_state(engine) -> dict[str, str]:
    engine.refresh()
    response = engine.client.search(
        index=engine.alias,
        body={"size": 10000, "query": {"match_all": {}}, "_source": ["title"]},
    )
    return {hit["_id"]: hit["_source"]["title"] for hit in response["hits"]["hits"]}


def database_state() -> dict[str, str]:
    return {doc.key: doc.title for batch in document_batches() for doc in batch}


@needs_node
def test_outage_loses_nothing(tree, settings):
    settings.PORTAL_SEARCH = {"ENGINE": "opensearch", "URL": URL, "INDEX": f"outage-{uuid.uuid4().hex[:8]}",
                              "TIMEOUT": 2}  # fmt: skip
    reset_engines()
    engine = get_engine("opensearch")
    try:
        list(engine.rebuild(document_batches()))
        pages = [
            tree.mun_a_page.add_child(
                instance=StandardPage(title=f"Семинар {n}", slug=f"s-{n}")
            )
            for n in range(150)
        ]
        apply_all_pending()
        assert indexed_state(engine) == database_state()

        node("stop")
        changes = 0
        for n in range(200):  # new pages
            tree.mun_b_page.add_child(
                instance=StandardPage(title=f"Вебинар {n}", slug=f"w-{n}")
            )
            changes += 1
        for page in pages[:100]:  # edits, published
            page.title = f"{page.title} (обновлено)"
            page.save_revision().publish()
            changes += 1
        for page in pages[100:150]:  # unpublished and deleted
            page.unpublish() if page.pk % 2 else page.delete()
            changes += 1
        for person in (tree.person_a, tree.person_b) * 75:  # registry records
            person.position = f"учитель {changes}"
            person.save()
            changes += 1
        apply_all_pending()
        assert changes == 500
        assert pending_count("opensearch") > 0
        assert pending_count("embedded") == 0
        degraded = search(SearchQuery(q="вебинар"))
        assert degraded.degraded is True and degraded.total == 200

        node("start")
        deadline = time.monotonic() + 120
        while pending_count("opensearch") and time.monotonic() < deadline:
            call_command("search", "worker", "--once", stdout=io.StringIO())
            time.sleep(1)
        assert pending_count("opensearch") == 0
        assert indexed_state(engine) == database_state()
        assert search(SearchQuery(q="вебинар")).degraded is False
    finally:
        node("start")
        engine.client.indices.delete(index=f"{engine.alias}-*", ignore_unavailable=True)
        reset_engines()
