"""Storage for uploaded files that must not be public (members-only materials).

Files under ``MEDIA_ROOT`` are served to anyone who knows the URL (by Django in
development, by the web server in production). Private files live under
``PORTAL_PRIVATE_ROOT`` instead, which nothing serves: a view checks who asks and
answers with ``private_file_response``.
"""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404


def private_storage() -> FileSystemStorage:
    """A callable for ``FileField(storage=...)``: read the setting when used, so tests
    and deployments can move the directory."""
    return FileSystemStorage(location=str(settings.PORTAL_PRIVATE_ROOT), base_url=None)


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
