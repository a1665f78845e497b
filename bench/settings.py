"""Settings of the search benchmark (bench/search.py): the portal plus a bench-only app.

Everything comes from the environment the benchmark script sets, so the project's own
settings and database are never touched:

- BENCH_DATABASE_URL: the benchmark's own database (required);
- BENCH_SEARCH_ENGINE, BENCH_SEARCH_URL, BENCH_SEARCH_INDEX: PORTAL_SEARCH for it;
- BENCH_APPLY_ON_COMMIT: "0" leaves the outbox to `portal search worker`.
"""

import os

import dj_database_url

from portal.settings.base import *  # noqa: F403
from portal.settings.base import PORTAL_PLUGINS, installed_apps

DEBUG = False
ALLOWED_HOSTS = ["*"]
PORTAL_PLUGINS = [*PORTAL_PLUGINS, "bench.searchbench"]
INSTALLED_APPS = installed_apps(PORTAL_PLUGINS)

DATABASES = {"default": dj_database_url.parse(os.environ["BENCH_DATABASE_URL"])}
POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if not POSTGRES:
    # The lag test publishes while `portal search worker` writes the same SQLite file:
    # wait for its lock (Django's default is 5 s) rather than fail on a loaded machine.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 60

PORTAL_SEARCH = {
    "ENGINE": os.environ.get("BENCH_SEARCH_ENGINE", "embedded"),
    "URL": os.environ.get("BENCH_SEARCH_URL", ""),
    "INDEX": os.environ.get("BENCH_SEARCH_INDEX", "bench-search"),
    "SHARDS": int(os.environ.get("BENCH_SEARCH_SHARDS", "1")),
    "APPLY_ON_COMMIT": os.environ.get("BENCH_APPLY_ON_COMMIT", "1") != "0",
}

# The peer: Wagtail's database search backend, on PostgreSQL with the Russian
# text search configuration (Snowball stemming, as fair as it gets), on SQLite FTS5.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        **({"SEARCH_CONFIG": "russian"} if POSTGRES else {}),
    }
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
