"""PLACEHOLDER: replaced by its owner."""


def section_context(page, request):
    return {}
