"""Threadline's extraction layer: curation files + source texts → validated, anchored RDF.

Names are imported on first use (a module ``__getattr__``), so the command line starts without
loading the build (pydantic models, pyshacl) for commands that only read a built graph.
"""

import sys
import types

_EXPORTS = {
    "anchor": ("QuoteAmbiguous", "QuoteNotFound", "Span", "find_quote", "relocate"),
    "build": ("BuildResult", "build"),
    "dates": ("DateBounds", "DateError", "parse_date"),
    "errors": ("CurationErrors", "ExtractError", "Location", "Problem"),
    "validate": ("validate",),
}
"""Each public name by the submodule that defines it; imported on first use."""

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

_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}


class _Package(types.ModuleType):
    """Loading the submodule ``extract.build`` sets the package's ``build`` to the module; the
    public name is the function, so a submodule never replaces a public name."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _MODULE_OF and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'extract' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up is a plain global
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
