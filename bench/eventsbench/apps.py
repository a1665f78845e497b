from django.apps import AppConfig


class EventsBenchConfig(AppConfig):
    """Enabled only by bench/eventsbench/settings.py: the naive peer's views and templates."""

    name = "bench.eventsbench"
    label = "eventsbench"
    verbose_name = "Events benchmark"
