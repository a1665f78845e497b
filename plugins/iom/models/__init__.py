from .catalogue import Programme, ProgrammeCohort
from .pages import (
    ProgrammeCatalogPage,
    RouteCatalogPage,
    RouteTemplatePage,
    RouteTemplateStep,
)
from .records import CourseCompletion, Diagnostic, DiagnosticScore, Route, RouteStep
from .steps import DEFAULT_FORM, LearningForm, StepKind

__all__ = [
    "DEFAULT_FORM",
    "CourseCompletion",
    "Diagnostic",
    "DiagnosticScore",
    "LearningForm",
    "Programme",
    "ProgrammeCatalogPage",
    "ProgrammeCohort",
    "Route",
    "RouteCatalogPage",
    "RouteStep",
    "RouteTemplatePage",
    "RouteTemplateStep",
    "StepKind",
]
