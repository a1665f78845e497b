"""What a search asks and what it answers, independent of the engine."""

import datetime as dt
from dataclasses import asdict, dataclass, field

#: Facets every engine computes, in display order.
FACETS = (
    "type",
    "level",
    "region",
    "municipality",
    "organisation",
    "subjects",
    "audience",
)


@dataclass
class SearchQuery:
    q: str = ""
    types: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    regions: list[int] = field(default_factory=list)
    municipalities: list[int] = field(default_factory=list)
    organisations: list[int] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    #: Events (documents with a start) overlapping this range.
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    #: "Search in this section": restrict to a territory subtree (any one of these set).
    scope_region: int | None = None
    scope_municipality: int | None = None
    scope_organisation: int | None = None
    page: int = 1
    page_size: int = 20
    with_facets: bool = True

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.page_size


@dataclass
class Hit:
    key: str
    type: str
    title: str
    url: str
    summary: str
    highlight: str
    level: str
    region: int | None
    municipality: int | None
    organisation: int | None
    start: dt.datetime | None
    score: float

    def as_dict(self) -> dict:
        data = asdict(self)
        data["start"] = self.start.isoformat() if self.start else None
        return data


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    engine: str
    degraded: bool = False
    corrected_query: str = ""
    #: False when facet counts are estimated from a sample of a very large result set.
    facets_exact: bool = True
    #: False when the total is estimated from a sample (a very large result set).
    total_exact: bool = True


@dataclass
class Suggestion:
    title: str
    url: str
    type: str
