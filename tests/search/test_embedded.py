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
