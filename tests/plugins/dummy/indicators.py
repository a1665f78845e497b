from portal.dashboard.indicators import Kind, TerritorialIndicator

from .models import DummyNote


class DummyNotes(TerritorialIndicator):
    """Counts the dummy plugin's notes per territory (exercises dashboard_indicators)."""

    code = "dummy.notes"
    title = "Заметки тестового модуля"
    unit = "ед."
    kind = Kind.COUNT

    def numerator_queryset(self, period):
        return DummyNote.objects.all()
