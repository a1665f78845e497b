"""Storage for uploaded files that must not be public (members-only materials).

Files under ``MEDIA_ROOT`` are served to anyone who knows the URL (by Django in
development, by the web server in production). Private files live under
``PORTAL_PRIVATE_ROOT`` instead, which nothing serves: a view checks who asks and
answers with ``private_file_response``.
"""

import mimetypes
import os
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404


class PrivateStorage(FileSystemStorage):
    """Files under ``PORTAL_PRIVATE_ROOT``, read on every use (a changed setting, as in
    tests, takes effect at once); no URL: ``url()`` raises instead of exposing them."""

    @property
    def base_location(self):
        return str(settings.PORTAL_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The callable given to ``FileField(storage=...)`` (migrations keep the path)."""
    return _storage


def private_file_response(field_file) -> FileResponse:
    """Send a private file as a download; a missing file is a 404, not a 500."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = PurePosixPath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type
    )
