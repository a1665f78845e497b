"""Core registries. Each module holds one family of records."""

from .acts import NormativeAct
from .glossary import GlossaryTerm
from .organisations import Organisation, OrganisationStatus
from .people import Person, PersonRole, Subject
from .roles import EditorRole
from .territories import Territory

__all__ = [
    "EditorRole",
    "GlossaryTerm",
    "NormativeAct",
    "Organisation",
    "OrganisationStatus",
    "Person",
    "PersonRole",
    "Subject",
    "Territory",
]
