"""What an uploaded table may be, and the error raised when it is not usable."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

MIB = 1024 * 1024


class UnusableFile(Exception):
    """An upload that cannot be read as a table; `message` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    """Caps applied before and while reading; the defaults suit municipal uploads.

    `max_rows` counts the rows below the header up to the last filled one.
    The zip caps guard the XLSX container: the unpacked size of all parts, the
    unpacked/packed ratio (checked once the unpacked size passes 1 MiB) and the number
    of parts. `max_cells` caps the rectangle spanned by a sheet's filled cells: the
    reader allocates that rectangle densely, so two cells at A1 and XFD1048576 would
    otherwise ask for hundreds of gigabytes.
    """

    max_bytes: int = 20 * MIB
    max_rows: int = 100_000
    max_cell_chars: int = 10_000
    max_cells: int = 5_000_000
    max_unpacked_bytes: int = 256 * MIB
    max_zip_ratio: int = 100
    max_zip_entries: int = 2_000


#: PORTAL_IMPORTS keys (settings) and their defaults; docs/imports.md "Settings".
DEFAULTS = {
    "MAX_BYTES": Limits.max_bytes,
    "MAX_ROWS": Limits.max_rows,
    #: Uploads larger than this are checked and applied by the background worker.
    "BACKGROUND_BYTES": 256 * 1024,
    #: Uploaded files are deleted this many days after the upload (the history stays).
    "KEEP_FILES_DAYS": 90,
}


def setting(name: str):
    from django.conf import settings

    return getattr(settings, "PORTAL_IMPORTS", {}).get(name, DEFAULTS[name])


def configured_limits() -> Limits:
    """The defaults with the size and row caps an installation chose."""
    return Limits(max_bytes=setting("MAX_BYTES"), max_rows=setting("MAX_ROWS"))


def human_size(size: int) -> str:
    """20971520 → '20 МБ', 2048 → '2 КБ', for messages."""
    if size >= MIB:
        amount, unit = size / MIB, _("МБ")
    elif size >= 1024:
        amount, unit = size / 1024, _("КБ")
    else:
        amount, unit = size, _("байт")
    return f"{amount:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "\u00a0" + unit


def human_count(count: int) -> str:
    """100000 → '100 000' with a no-break space, as Russian text writes numbers."""
    return f"{count:,}".replace(",", "\u00a0")
