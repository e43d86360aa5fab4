"""Threadline's extraction layer: curation files + source texts → validated, anchored RDF."""

from .anchor import QuoteAmbiguous, QuoteNotFound, Span, find_quote, relocate
from .build import BuildResult, build
from .dates import DateBounds, DateError, parse_date
from .errors import CurationErrors, ExtractError, Location, Problem
from .validate import validate

__all__ = [
    "BuildResult",
    "CurationErrors",
    "DateBounds",
    "DateError",
    "ExtractError",
    "Location",
    "Problem",
    "QuoteAmbiguous",
    "QuoteNotFound",
    "Span",
    "build",
    "find_quote",
    "parse_date",
    "relocate",
    "validate",
]
