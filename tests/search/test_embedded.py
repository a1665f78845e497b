"""The contract on the embedded engine, on whichever database the run uses."""

import pytest

from search.engines import get_engine

from .contract import EngineContract


class TestEmbeddedEngine(EngineContract):
    @pytest.fixture
    def engine(self, db):
        engine = get_engine("embedded")
        engine.clear()
        return engine

    def test_rebuild_replaces_the_index(self, indexed):
        from .contract import CORPUS

        list(indexed.rebuild([CORPUS[:2], CORPUS[2:3]]))
        assert sum(indexed.count_by_type().values()) == 3
        assert self.search(indexed, "ёлка").total == 0

    def test_a_failed_rebuild_leaves_the_old_index(self, indexed):
        from .contract import CORPUS

        def batches():
            yield CORPUS[:1]
            raise RuntimeError("the database went away")

        with pytest.raises(RuntimeError):
            list(indexed.rebuild(batches()))
        assert sum(indexed.count_by_type().values()) == len(CORPUS)
        assert [h.key for h in self.search(indexed, "ёлка").hits] == ["page:6"]
