"""PLACEHOLDER: replaced by its owner."""

from portal.imports.resources import PortalResource

from .models import SupportRecord


class SupportRecordResource(PortalResource):
    name = "young_teachers_support"
    title = "Поддержка молодых педагогов"

    class Meta:
        model = SupportRecord
        fields = ("title",)
