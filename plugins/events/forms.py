"""The event page's admin form: dates are typed in the event's own time zone."""

import zoneinfo

from django.conf import settings
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

#: Page fields entered as local time of the event.
LOCAL_FIELDS = ("start", "end", "registration_opens", "registration_closes")


def relocalise(value, zone):
    """A datetime the form read in the current time zone, as the same wall-clock time in
    ``zone`` (an editor in Moscow types 10:00 for a seminar at 10:00 in Irkutsk)."""
    if value is None:
        return None
    naive = timezone.make_naive(value, timezone.get_current_timezone())
    return timezone.make_aware(naive, zone)


def wall_clock(value, zone):
    """What the editor sees for a stored datetime: its local time at the event."""
    return timezone.localtime(value, zone).replace(tzinfo=None) if value else value


def zone_named(name: str | None) -> zoneinfo.ZoneInfo:
    """The IANA zone ``name``; the site's zone when empty or unknown."""
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        parent = getattr(self, "parent_page", None)
        if not page.time_zone and not self.initial.get("time_zone") and parent:
            self.initial["time_zone"] = page.default_time_zone(parent)
        zone = zone_named(self.initial.get("time_zone") or page.time_zone)
        for name in LOCAL_FIELDS:
            if getattr(page, name, None):
                self.initial[name] = wall_clock(getattr(page, name), zone)
        for form in self.formsets["sessions"].forms:
            for name in ("start", "end"):
                value = getattr(form.instance, name, None)
                if value:
                    form.initial[name] = wall_clock(value, zone)

    def clean(self):
        cleaned = super().clean()
        zone = zone_named(cleaned.get("time_zone"))
        for name in LOCAL_FIELDS:
            if cleaned.get(name):
                cleaned[name] = relocalise(cleaned[name], zone)
        return cleaned

    def save(self, commit=True):
        zone = zone_named(self.cleaned_data.get("time_zone"))
        for form in self.formsets["sessions"].forms:
            if getattr(form, "cleaned_data", None):
                for name in ("start", "end"):
                    if form.cleaned_data.get(name):
                        setattr(
                            form.instance,
                            name,
                            relocalise(form.cleaned_data[name], zone),
                        )
        return super().save(commit=commit)
