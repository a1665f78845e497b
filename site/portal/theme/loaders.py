"""Template loader for themes: the active theme, then the default theme."""

from django.conf import settings
from django.template.loaders.cached import Loader as CachedLoader
from django.template.loaders.filesystem import Loader as FilesystemLoader

from .state import active_theme


class ThemeLoader(FilesystemLoader):
    def get_dirs(self):
        root = settings.PORTAL_THEMES_DIR
        names = [active_theme(), settings.PORTAL_DEFAULT_THEME]
        return [root / name / "templates" for name in dict.fromkeys(names)]


class CachedThemeLoader(CachedLoader):
    """Django's cached loader with the active theme in the key: each template is read
    and compiled once per theme and process (not on every request), and switching the
    theme in the admin needs no restart."""

    def cache_key(self, template_name, skip=None):
        return f"{active_theme()}:{super().cache_key(template_name, skip)}"
