"""Core registries. Each module holds one family of records."""

from .acts import NormativeAct
from .competences import Competence, CompetenceArea
from .glossary import GlossaryTerm
from .organisations import Organisation, OrganisationStatus
from .people import Person, PersonRole, Subject
from .roles import EditorRole
from .territories import Territory

__all__ = [
    "Competence",
    "CompetenceArea",
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
