"""PLACEHOLDER: replaced by its owner."""

from search.specs import SectionPageSpec

from .models import SupportProgrammePage


class SupportProgrammeSpec(SectionPageSpec):
    model = SupportProgrammePage
    type = "young_support_programme"
    label = "Программы поддержки молодых педагогов"

    def document(self, page):
        return None
