"""The engine contract: every engine must pass these, with the same documents and queries.

Subclasses provide an `engine` fixture returning a clean engine. See test_embedded.py
(SQLite and PostgreSQL, whichever the run uses) and test_opensearch_engine.py.
"""

import datetime as dt

import pytest
from django.utils import timezone

from search.documents import SearchDocument
from search.query import SearchQuery

NOW = timezone.now()


def doc(key, title, body="", **kwargs) -> SearchDocument:
    kwargs.setdefault("type", "page")
    kwargs.setdefault("url", f"/{key}/")
    return SearchDocument(key=key, title=title, body=body, **kwargs)


CORPUS = [
    doc("page:1", "Методическое объединение учителей математики", "План работы на учебный год",
        level="municipal", region=1, municipality=10),
    doc("page:2", "Семинар по функциональной грамотности", "Для учителей начальных классов",
        level="regional", region=1, type="event", start=NOW + dt.timedelta(days=10),
        subjects=["Математика"], audience=["Педагоги"]),
    doc("page:3", "Семинар о наставничестве", "Прошедший семинар для молодых педагогов",
        level="municipal", region=1, municipality=11, type="event", start=NOW - dt.timedelta(days=30),
        subjects=["Русский язык"], audience=["Молодые педагоги"]),
    doc("page:4", "Индивидуальный образовательный маршрут педагога", "Как построить ИОМ по итогам диагностики",
        level="regional", region=1),
    doc("page:5", "Новости ЦНППМ", "Центр непрерывного повышения профессионального мастерства открыл запись",
        level="regional", region=1),
    doc("page:6", "Ёлка для педагогов", "Праздник в Семёновском районе", level="municipal", region=1,
        municipality=10),
    doc("page:7", "Сетевое сообщество P2P", "Обучение по модели равный равному", level="regional", region=1),
    doc("act:8", "Об утверждении положения", "методическое объединение упоминается только в тексте",
        type="act", level="regional", region=1),
]  # fmt: skip


def keys(results):
    return [hit.key for hit in results.hits]


class EngineContract:
    """Mix into a test class that defines an `engine` fixture."""

    @pytest.fixture
    def indexed(self, engine):
        engine.upsert(CORPUS)
        self.refresh(engine)
        return engine

    def refresh(self, engine):
        """Engines with near-real-time indexing make writes visible here."""
        refresh = getattr(engine, "refresh", None)
        if refresh:
            refresh()

    def search(self, engine, q="", **kwargs):
        return engine.search(SearchQuery(q=q, **kwargs))

    def test_morphology(self, indexed):
        assert "page:1" in keys(self.search(indexed, "методических объединений"))

    def test_title_ranks_above_body(self, indexed):
        found = keys(self.search(indexed, "методическое объединение"))
        assert found.index("page:1") < found.index("act:8")

    def test_yo_folding(self, indexed):
        assert "page:6" in keys(self.search(indexed, "елка"))
        assert "page:6" in keys(self.search(indexed, "семеновском"))

    def test_homoglyphs(self, indexed):
        assert "page:7" in keys(self.search(indexed, "Р2Р"))  # Cyrillic Р

    def test_case_folding(self, indexed):
        assert "page:2" in keys(self.search(indexed, "СЕМИНАР"))

    def test_acronym_is_not_stemmed_away(self, indexed):
        found = keys(self.search(indexed, "ИОМ"))
        assert found and found[0] == "page:4"

    def test_synonyms(self, indexed):
        assert "page:5" in keys(self.search(indexed, "ЦНППМПР"))
        assert "page:4" in keys(self.search(indexed, "иом"))

    def test_phrases_need_adjacent_words(self, indexed):
        indexed.upsert(
            [
                doc("phrase:1", "Учитель-логопед школы", "Коррекционная работа"),
                doc(
                    "phrase:2",
                    "Логопед и учитель",
                    "Учитель ведёт урок, логопед занятия",
                ),
            ]
        )
        self.refresh(indexed)
        assert keys(self.search(indexed, "учитель-логопед")) == ["phrase:1"]
        assert keys(self.search(indexed, "учитель-логопед", levels=["school"])) == []
        assert set(keys(self.search(indexed, "логопед учитель"))) == {
            "phrase:1",
            "phrase:2",
        }
        # Suggestions are a ranked list: the compound typed so far comes first.
        titles = [s.title for s in indexed.suggest("учитель-лог")]
        assert titles[0] == "Учитель-логопед школы", titles

    def test_typo_tolerance(self, indexed):
        results = self.search(indexed, "наставнечестве")
        assert "page:3" in keys(results)

    def test_upcoming_events_rank_above_past(self, indexed):
        found = keys(self.search(indexed, "семинар"))
        assert found.index("page:2") < found.index("page:3")

    def test_filters(self, indexed):
        assert set(
            keys(self.search(indexed, "семинар", types=["event"], levels=["municipal"]))
        ) == {"page:3"}
        assert set(keys(self.search(indexed, "", municipalities=[10]))) == {
            "page:1",
            "page:6",
        }
        assert set(keys(self.search(indexed, "", subjects=["Математика"]))) == {
            "page:2"
        }
        assert set(keys(self.search(indexed, "", audience=["Молодые педагоги"]))) == {
            "page:3"
        }

    def test_section_scope(self, indexed):
        assert set(keys(self.search(indexed, "", scope_municipality=11))) == {"page:3"}

    def test_date_range(self, indexed):
        today = NOW.date()
        found = keys(
            self.search(
                indexed, "", date_from=today, date_to=today + dt.timedelta(days=30)
            )
        )
        assert found == ["page:2"]

    def test_facets_count_the_matches(self, indexed):
        facets = self.search(indexed, "семинар").facets
        assert dict(facets["type"]) == {"event": 2}
        assert dict(facets["municipality"]) == {"11": 1}
        assert dict(facets["subjects"]) == {"Математика": 1, "Русский язык": 1}

    def test_highlight(self, indexed):
        hit = next(
            h for h in self.search(indexed, "диагностики").hits if h.key == "page:4"
        )
        assert "<mark>диагностики</mark>" in hit.highlight

    def test_paging_and_total(self, indexed):
        first = self.search(indexed, "", page=1, page_size=3)
        second = self.search(indexed, "", page=2, page_size=3)
        assert first.total == second.total == len(CORPUS)
        assert not set(keys(first)) & set(keys(second))

    def test_suggest(self, indexed):
        titles = [s.title for s in indexed.suggest("Семин")]
        assert "Семинар по функциональной грамотности" in titles

    def test_update_and_delete(self, indexed):
        indexed.upsert([doc("page:1", "Городское методическое объединение историков")])
        indexed.delete(["page:6"])
        self.refresh(indexed)
        assert "page:1" in keys(self.search(indexed, "историков"))
        assert "page:1" not in keys(self.search(indexed, "математики"))
        assert "page:6" not in keys(self.search(indexed, "елка"))
        assert (
            indexed.count_by_type() == {"page": 5, "event": 2, "act": 1}
            or sum(indexed.count_by_type().values()) == len(CORPUS) - 1
        )

    def test_hostile_queries_do_not_fail(self, indexed):
        for q in [
            '"',
            "(",
            "AND OR NOT",
            "title:*",
            "-",
            "*",
            "NEAR(",
            "&|!:",
            "'; DROP TABLE",
            "ё" * 300,
        ]:
            self.search(indexed, q)

    def test_health(self, indexed):
        assert indexed.health()["ok"] is True
