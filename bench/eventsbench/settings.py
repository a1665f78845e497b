"""Settings of the events benchmark (bench/events.py): the portal as it is, plus the
naive peer's pages under /peer/ (bench/eventsbench/urls.py).

Everything comes from the environment the benchmark sets, so the project's own settings
and database are never touched: BENCH_DATABASE_URL, the benchmark's own database.
"""

import os

import dj_database_url

from portal.settings.base import *  # noqa: F403
from portal.settings.base import INSTALLED_APPS

DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench.eventsbench"]
ROOT_URLCONF = "bench.eventsbench.urls"
DATABASES = {"default": dj_database_url.parse(os.environ["BENCH_DATABASE_URL"])}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 60}
# The generated pages go into the search outbox; nothing applies it (no engine is
# measured here), and the benchmark empties it after generating.
PORTAL_SEARCH = {"ENGINE": "embedded", "APPLY_ON_COMMIT": False}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
