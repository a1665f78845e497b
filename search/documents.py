"""The one document shape every engine indexes (the search issue's unified document)."""

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass
class SearchDocument:
    """A public, searchable thing. Only public data may be put in here."""

    key: str  # "<type>:<pk>", unique across the index
    type: str  # spec type, e.g. "page", "organisation", "act", "event"
    title: str
    url: str = ""
    summary: str = ""
    body: str = ""
    level: str = ""
    region: int | None = None
    municipality: int | None = None
    organisation: int | None = None
    subjects: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    published: dt.datetime | None = None
    #: Multiplier applied to relevance (editors' featured content, official documents).
    boost: float = 1.0

    def as_dict(self) -> dict:
        return asdict(self)
