"""Word pairs (shingles) that let PostgreSQL answer phrases from its GIN index."""

import importlib

import pytest
from django.db import connection

from search.analysis import (
    DEFAULT_SYNONYM_GROUPS,
    SynonymSet,
    expand_query,
    term_pairs,
    title_tags,
    to_tsquery,
    to_tsquery_title_tags,
)
from search.documents import SearchDocument
from search.engines.embedded import EmbeddedEngine
from search.models import EmbeddedDocument
from search.query import SearchQuery

from .analysis_support import assert_valid_tsquery

SYNONYMS = SynonymSet(DEFAULT_SYNONYM_GROUPS)


def test_pairs_of_adjacent_terms():
    assert term_pairs(["федеральн", "реестр", "дпп"]) == [
        "федеральнѣреестр",
        "реестрѣдпп",
    ]
    assert term_pairs(["273", "фз"]) == ["273ѣфз"]
    assert term_pairs(["один"]) == term_pairs([]) == []


def test_phrases_become_pairs():
    assert to_tsquery(expand_query("тьютор-методист"), pairs=True) == (
        "'тьюторѣметодист'"
    )
    query = expand_query("ИОМ педагогов", SYNONYMS)
    assert to_tsquery(query, pairs=True) == (
        "('иом' | ('индивидуальнѣобразовательн' & 'образовательнѣмаршрут')) & 'педагог'"
    )
    # Words that are not a phrase stay words; without pairs, phrases use positions.
    assert to_tsquery(expand_query("методист тьютор"), pairs=True) == (
        to_tsquery(expand_query("методист тьютор"))
    )
    assert "<->" in to_tsquery(expand_query("тьютор-методист"))


def test_prefix_phrase_is_a_pair_prefix():
    expression = to_tsquery(expand_query("тьютор-мет", prefix_last=True), pairs=True)
    assert expression == "'тьюторѣмет':*"
    for text in ("ИОМ", "федеральный реестр ДПП", "273-ФЗ", "р2р-модель", "а-б-в-г"):
        assert_valid_tsquery(to_tsquery(expand_query(text, SYNONYMS), pairs=True))


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pairs are PostgreSQL's")
def test_migration_gives_old_documents_their_pairs():
    from django.apps import apps

    engine = EmbeddedEngine()
    engine.upsert(
        [SearchDocument(key="page:1", type="page", title="Учитель-логопед", url="/1/")]
    )
    # A document indexed before word pairs existed: its terms alone.
    EmbeddedDocument.objects.update(title_terms="учител логопед", body_terms="")
    assert engine.search(SearchQuery(q="учитель-логопед")).total == 0
    migration = importlib.import_module("search.migrations.0004_postgres_word_pairs")
    with connection.schema_editor() as editor:
        migration.add_pairs(apps, editor)
        migration.add_pairs(apps, editor)  # twice: the same pairs, not doubled
    stored = EmbeddedDocument.objects.get()
    assert (stored.title_terms, stored.body_terms) == (
        "учител логопед",
        "учителѣлогопед",
    )
    assert engine.search(SearchQuery(q="учитель-логопед")).total == 1


def test_title_tags_need_two_operands_of_an_and():
    """ts_rank ranks an AND by pairs of found operands: the title tags ask for two."""
    pair = expand_query("семинар учителей", SYNONYMS)
    assert to_tsquery_title_tags(pair) == "(('ѣсеминар' & 'ѣучител'))"
    assert to_tsquery_title_tags(expand_query("семинар", SYNONYMS)) == "('ѣсеминар')"
    # An OR (a synonym): any one operand.
    iom = to_tsquery_title_tags(expand_query("ИОМ", SYNONYMS))
    assert iom.startswith("('ѣиом' | ") and "&" not in iom
    assert title_tags(["педагог-психолог", "педагог"]) == [
        "ѣпедагог",
        "ѣпсихолог",
    ]
