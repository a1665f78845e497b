"""Static files finder for themes: themes/<name>/static/x is served as themes/<name>/x."""

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder
from django.core.files.storage import FileSystemStorage


class ThemeStaticFinder(FileSystemFinder):
    def __init__(self, app_names=None, *args, **kwargs):
        self.locations = []
        self.storages = {}
        root = settings.PORTAL_THEMES_DIR
        if not root.is_dir():
            return
        for theme in sorted(root.iterdir()):
            location = theme / "static"
            if location.is_dir():
                prefix = f"themes/{theme.name}"
                self.locations.append((prefix, str(location)))
                storage = FileSystemStorage(location=str(location))
                storage.prefix = prefix
                self.storages[str(location)] = storage
