"""Downloads of a route's private files, mounted at /iom/ (``urls``): the route
document generated from data (``/iom/routes/<id>/document.docx`` or ``.pdf``) and a
step's evidence file (``/iom/routes/<id>/steps/<step_id>/evidence/``).

Both hold personal data: they go only to those who see the route
(``access.route_for``: the owner, the team, the tutor, the coordinators whose scope
covers the owner's organisation; a stranger gets 404, an anonymous visitor the login
page), with ``Cache-Control: private, no-store``. Files are named in Russian.
"""

import io
import re

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from portal.documents.docx import DocxReport
from portal.documents.pdf import PdfReport
from portal.documents.storage import private_file_response

from . import documents
from .models import RouteStep
from .my_views import visible_route

FORMATS = {"docx": DocxReport, "pdf": PdfReport}
#: Characters Windows refuses in file names.
UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def route_document(request, route_id: int, extension: str):
    """«Индивидуальный образовательный маршрут педагога» as DOCX or PDF."""
    if extension not in FORMATS:
        raise Http404
    route, _role, response = visible_route(request, route_id)
    if response is not None:
        return response
    data = documents.collect_route(route)
    owner = data.route.owner
    report = FORMATS[extension](str(documents.TITLE), author=owner.organisation.name,
                                landscape=True)  # fmt: skip
    documents.write_route(report, data)
    stem = UNSAFE.sub(" ", f"ИОМ — {owner.full_name}")[:150].strip(" .")
    return private(
        FileResponse(
            io.BytesIO(report.bytes()), as_attachment=True,
            filename=f"{stem}.{report.extension}", content_type=report.content_type,
        )
    )  # fmt: skip


def evidence(request, route_id: int, step_id: int):
    """A step's evidence file from private storage."""
    route, _role, response = visible_route(request, route_id)
    if response is not None:
        return response
    step = RouteStep.objects.filter(route=route, pk=step_id).first()
    if step is None:
        raise Http404
    return private(private_file_response(step.evidence_file))
