"""Downloads of the documents generated from data (``documents``), mounted at
/mentoring/ (``urls``): a pair's programme and end-of-period report, and the list of
an organisation's pairs for the head's order.

DOCX by default (people finish and sign them), ``?format=pdf`` for PDF; files are
named in Russian. The documents hold personal data, so they are sent with
``Cache-Control: private, no-store`` and only to:

* a pair's documents — the pair's mentor, co-mentors and mentees and the coordinators
  whose scope covers its organisation (``access.pair_for``: a stranger gets 404);
* the list of pairs — editors whose scope covers the organisation (404 otherwise).

A visitor who is not signed in is sent to the login page.
"""

import re

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from portal.core.models import Organisation
from portal.documents.docx import DocxReport
from portal.documents.pdf import PdfReport
from portal.permissions.policy import scope_for

from . import documents
from .access import pair_for

FORMATS = {"docx": DocxReport, "pdf": PdfReport}
FIRST_YEAR = 2000
#: Characters Windows refuses in file names.
UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def report_class(request):
    kind = request.GET.get("format") or "docx"
    if kind not in FORMATS:
        raise Http404
    return FORMATS[kind]


def file_name(stem: str, extension: str) -> str:
    stem = " ".join(UNSAFE.sub(" ", stem).split())[:150].rstrip(" .")
    return f"{stem}.{extension}"


def attachment(report, stem: str) -> HttpResponse:
    response = HttpResponse(report.bytes(), content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, file_name(stem, report.extension)
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _titles():
    return {
        "programme": (
            _("Индивидуальный план (программа) наставничества"),
            _("Программа наставничества"),
            documents.write_programme,
        ),
        "report": (
            _("Отчёт о результатах наставничества"),
            _("Отчёт о результатах наставничества"),
            documents.write_report,
        ),
    }


def pair_document(request, pair_id: int, kind: str):
    """A pair's programme (``kind`` = programme) or report (``kind`` = report)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    pair, _role = pair_for(request.user, pair_id)
    kinds = _titles()
    if kind not in kinds:
        raise Http404
    title, stem, write = kinds[kind]
    cls = report_class(request)
    data = documents.collect_pair(pair)
    report = cls(title, author=pair.organisation.name)
    write(report, data)
    names = ", ".join(p.last_name for p in data.mentees)
    return attachment(report, f"{stem} — {pair.mentor.person.last_name} — {names}")


def _year(request) -> int | None:
    raw = request.GET.get("year")
    if not raw:
        return None
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if not FIRST_YEAR <= year <= 2100:
        raise Http404
    return year


def pairs_order(request, organisation_id: int):
    """The list of the organisation's live pairs (or ``?year=2025``: of the school
    year 2025/2026) as the annex to the order that approves them."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not scope_for(request.user).covers(
        organisation.region_id, organisation.municipality_id, organisation.pk
    ):
        raise Http404
    year = _year(request)
    cls = report_class(request)
    data = documents.collect_order(organisation, year)
    report = cls(documents.order_title(data), author=organisation.name)
    documents.write_order(report, data)
    when = f"{year}-{year + 1}" if year else data.day.strftime("%d.%m.%Y")
    name = organisation.short_name or organisation.name
    return attachment(report, _("Список наставнических пар — %(name)s — %(when)s")
                      % {"name": name, "when": when})  # fmt: skip
