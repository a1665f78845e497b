"""The portal's URLs with the naive peer's three pages in front (bench only)."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

from . import peer

urlpatterns = [
    path("peer/calendar<path:path>", peer.calendar_list, name="peer_calendar"),
    path("peer/month<path:path>", peer.calendar_month, name="peer_month"),
    path("peer/event<path:path>", peer.event_page, name="peer_event"),
    *portal_urlpatterns,
]
