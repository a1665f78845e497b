"""Our engines index the generated benchmark documents through an ordinary spec."""

from search.documents import SearchDocument
from search.specs import DocumentSpec

from .models import SEPARATOR, BenchDocument


class BenchDocumentSpec(DocumentSpec):
    """Generated documents (events, news, materials); mirrors of demo content excluded."""

    model = BenchDocument
    type = "bench"
    label = "Benchmark"

    def get_queryset(self):
        return BenchDocument.objects.filter(mirror=False)

    def to_document(self, row):
        if row.mirror:
            return None
        return SearchDocument(
            key=self.key(row.pk),
            type=row.type,
            title=row.title,
            url=row.url,
            summary=row.summary,
            body=row.body,
            level=row.level,
            region=row.region,
            municipality=row.municipality,
            organisation=row.organisation,
            subjects=row.subjects.split(SEPARATOR) if row.subjects else [],
            audience=row.audience.split(SEPARATOR) if row.audience else [],
            start=row.start,
            end=row.end,
            published=row.published,
            boost=row.boost,
        )
