"""Settings shared by every environment. Environment modules import * from here."""

import os
from pathlib import Path

import dj_database_url

#: The repository root (site/portal/settings/base.py → three levels up); an installed
#: copy outside the checkout points PORTAL_BASE_DIR at the directory holding themes/.
BASE_DIR = Path(
    os.environ.get("PORTAL_BASE_DIR") or Path(__file__).resolve().parents[3]
)
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["localhost", "127.0.0.1", "[::1]"]

#: Plugins enabled on this installation: Django app paths of PortalPluginConfig apps.
#: Removing one leaves the rest of the site working.
PORTAL_PLUGINS: list[str] = [
    "plugins.events",
    "plugins.communities",
    "plugins.mentoring",
    "plugins.young_teachers",
    "plugins.iom",
]

PORTAL_CORE_APPS = [
    "portal.core",
    "portal.extensions",
    "portal.permissions",
    "portal.sections",
    "portal.theme",
    "portal.dashboard",
    "portal.publicapi",
    "portal.demo",
    "portal.imports",
    "search",
]

WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
]

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]


def installed_apps(plugins: list[str]) -> list[str]:
    """Core apps first so plugins may extend them; plugins last."""
    return PORTAL_CORE_APPS + list(plugins) + WAGTAIL_APPS + DJANGO_APPS


INSTALLED_APPS = installed_apps(PORTAL_PLUGINS)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.theme.middleware.ThemeMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [
                # Compiled templates cached per theme (bench/events.py: parsing them
                # on every request cost ~30 ms a page); the active theme first, so it
                # overrides plugin and core templates.
                (
                    "portal.theme.loaders.CachedThemeLoader",
                    [
                        "portal.theme.loaders.ThemeLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                ),
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.theme.context_processors.theme",
            ],
        },
    },
]

#: Directory holding themes; each theme is themes/<name>/{templates,static}.
PORTAL_THEMES_DIR = BASE_DIR / "themes"
PORTAL_DEFAULT_THEME = "default"

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE") or "0"),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Write-ahead logging: the web process keeps reading while the import worker
    # writes, and an import's progress is saved beside its transaction (imports/jobs.py).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL;"
    )
    # A large import holds SQLite's write lock while it checks and writes (BEGIN
    # IMMEDIATE, imports/engine.py): other writers wait for it instead of failing.
    DATABASES["default"]["OPTIONS"]["timeout"] = 60
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "site" / "portal" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PORTAL_STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS: list[Path] = []
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "portal.theme.finders.ThemeStaticFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PORTAL_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files that are not public (members-only materials): never under MEDIA_ROOT,
# served only through views that check who asks (portal.documents.storage).
PORTAL_PRIVATE_ROOT = Path(os.environ.get("PORTAL_PRIVATE_ROOT", VAR_DIR / "private"))

WAGTAIL_SITE_NAME = "Портал научно-методического сопровождения педагогов"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "odt",
    "ods",
    "rtf",
    "txt",
    "zip",
]
#: Cross-level search (search/conf.py has the defaults; docs/search.md explains them).
PORTAL_SEARCH = {
    "ENGINE": os.environ.get("PORTAL_SEARCH_ENGINE", "embedded"),
    "URL": os.environ.get("PORTAL_SEARCH_URL", ""),
}

#: Background work (django-tasks, which Wagtail uses too). Wagtail's own tasks run
#: inline; large imports go to the database queue that `portal db_worker --backend
#: imports` works off (docs/imports.md "Background jobs").
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
#: Import limits, the background threshold and file retention (portal/imports/limits.py).
PORTAL_IMPORTS: dict[str, int] = {}

WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/profile/"
LOGOUT_REDIRECT_URL = "/"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
