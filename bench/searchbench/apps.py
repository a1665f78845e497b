from portal.extensions.config import PortalPluginConfig


class SearchBenchConfig(PortalPluginConfig):
    """Enabled only by bench/settings.py: contributes the benchmark's document spec."""

    name = "bench.searchbench"
    label = "searchbench"
    verbose_name = "Search benchmark"
    version = "1.0"
    default_auto_field = "django.db.models.BigAutoField"
    search_documents = ("bench.searchbench.specs.BenchDocumentSpec",)
