"""Test settings: fast hasher, in-memory cache, the dummy plugin enabled.

DATABASE_URL selects PostgreSQL; without it the suite runs on SQLite.
"""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import PORTAL_PLUGINS, installed_apps

PORTAL_PLUGINS = [*PORTAL_PLUGINS, "tests.plugins.dummy"]
INSTALLED_APPS = installed_apps(PORTAL_PLUGINS)

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise warns when STATIC_ROOT is missing; tests serve static files through finders.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

if not os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    }
else:
    # Commits need not wait for the disk in tests (a crash loses only test data):
    # the suite commits after nearly every transactional test and fixture.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c synchronous_commit=off"
    )

# Background imports run inline unless a test starts a real worker (tests/imports).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# Members-only uploads go to a scratch directory, not the checkout's var/private.
PORTAL_PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="portal-private-"))
