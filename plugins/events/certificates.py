"""Certificates of participation (PDF) for those who attended, one page each.

Generated from the portal's data, never typed: the participant's name, the event's
type, title, local dates, level and organiser, and the registration's number. The
organiser downloads all of an event's certificates at once (admin); an attendee
downloads their own from the ticket page.
"""

from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import KeepTogether

from portal.documents.pdf import build, style

ACCENT = colors.HexColor("#1d4f91")


def _dates(event) -> str:
    start, end = event.local_start, event.local_end
    if end is None or end.date() == start.date():
        return date_format(start, "j E Y г.")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, 'j E Y г.')}"
    return f"{date_format(start, 'j E')} – {date_format(end, 'j E Y г.')}"


def _organiser(event) -> str:
    """The organiser's name, or the section the calendar lives in."""
    if event.organiser_id:
        return event.organiser.name
    section = event.get_ancestors().filter(depth=event.depth - 2).first()
    return section.title if section else ""


def _frame(canvas, doc):
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    canvas.restoreState()


def _page(event, registration, organiser: str) -> list:
    kind = event.event_type.name.lower() if event.event_type_id else _("мероприятие")
    facts = [_dates(event), event.get_level_display()]
    if event.venue:
        facts.append(event.venue)
    return [
        KeepTogether(
            [
                Paragraph(escape(organiser), style("org", 12, centred=True)),
                Spacer(1, 14 * mm),
                Paragraph(
                    _("СЕРТИФИКАТ"),
                    style("title", 34, bold=True, centred=True, color=ACCENT),
                ),
                Paragraph(_("участника"), style("sub", 16, centred=True)),
                Spacer(1, 10 * mm),
                Paragraph(
                    _("Настоящим подтверждается, что"), style("t", 13, centred=True)
                ),
                Spacer(1, 4 * mm),
                Paragraph(
                    escape(registration.name),
                    style("name", 24, bold=True, centred=True),
                ),
                Spacer(1, 4 * mm),
                Paragraph(
                    escape(
                        _("принял(а) участие в мероприятии (%(kind)s)") % {"kind": kind}
                    ),
                    style("t2", 13, centred=True),
                ),
                Spacer(1, 3 * mm),
                Paragraph(
                    f"«{escape(event.title)}»",
                    style("event", 17, bold=True, centred=True),
                ),
                Spacer(1, 4 * mm),
                Paragraph(escape(", ".join(facts)), style("facts", 12, centred=True)),
                Spacer(1, 14 * mm),
                Paragraph(
                    escape(
                        _("Сертификат № %(number)s") % {"number": registration.number}
                    ),
                    style("number", 10, centred=True, color=colors.grey),
                ),
            ]
        ),
    ]


def certificates_pdf(event, registrations) -> bytes:
    """One landscape A4 page per registration, in the given order."""
    organiser = _organiser(event)
    story = []
    for index, registration in enumerate(registrations):
        if index:
            story.append(PageBreak())
        story += _page(event, registration, organiser)
    return build(
        story,
        title=_("Сертификаты участников: %(title)s") % {"title": event.title},
        author=organiser,
        pagesize=landscape(A4),
        margin=25 * mm,
        on_page=_frame,
    )
