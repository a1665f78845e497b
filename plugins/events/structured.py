"""schema.org Event as JSON-LD for event pages (search engines, Яндекс и Google)."""

import json

ATTENDANCE = {
    "in_person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}
STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
}


def event_json_ld(page, request) -> str:
    """The JSON text, safe inside <script type="application/ld+json">."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "startDate": page.local_start.isoformat(),
        "eventAttendanceMode": ATTENDANCE.get(page.event_format),
        "eventStatus": STATUS.get(page.status),
        "url": request.build_absolute_uri(page.url),
    }
    if page.end:
        data["endDate"] = page.local_end.isoformat()
    if page.intro:
        data["description"] = page.intro
    if page.event_format != "online" and (page.venue or page.address):
        data["location"] = {
            "@type": "Place",
            "name": page.venue or page.address,
            "address": page.address or page.venue,
        }
    elif page.online_url and page.online_url_public:
        data["location"] = {"@type": "VirtualLocation", "url": page.online_url}
    if page.organiser_id:
        data["organizer"] = {"@type": "Organization", "name": page.organiser.name}
        if page.organiser.website:
            data["organizer"]["url"] = page.organiser.website
    text = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)
    # "</script>" inside a title must not end the element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
