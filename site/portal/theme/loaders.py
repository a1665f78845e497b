"""Template loader for themes: the active theme, then the default theme."""

from django.conf import settings
from django.template.loaders.filesystem import Loader as FilesystemLoader

from .state import active_theme


class ThemeLoader(FilesystemLoader):
    def get_dirs(self):
        root = settings.PORTAL_THEMES_DIR
        names = [active_theme(), settings.PORTAL_DEFAULT_THEME]
        return [root / name / "templates" for name in dict.fromkeys(names)]
