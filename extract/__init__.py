"""Threadline's extraction layer: curation files + source texts → validated, anchored RDF.

Names are imported on first use (a module ``__getattr__``), so the command line starts without
loading the build (pydantic models, pyshacl) for commands that only read a built graph.
"""

from graph.lazyexports import lazy_exports

_EXPORTS = {
    "anchor": ("QuoteAmbiguous", "QuoteNotFound", "Span", "find_quote", "relocate"),
    "build": ("BuildResult", "build"),
    "dates": ("DateBounds", "DateError", "parse_date"),
    "errors": ("CurationErrors", "ExtractError", "Location", "Problem"),
    "newsource": ("slugify",),
    "stories": ("STORY_MAX_BYTES", "Step", "Story", "check_story_text", "save_story", "story_yaml"),
    "validate": ("validate",),
}
"""Each public name by the submodule that defines it; imported on first use."""

__all__ = [
    "STORY_MAX_BYTES",
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
    "Step",
    "Story",
    "build",
    "check_story_text",
    "find_quote",
    "parse_date",
    "relocate",
    "save_story",
    "slugify",
    "story_yaml",
    "validate",
]

lazy_exports(__name__, _EXPORTS)
