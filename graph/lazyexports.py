"""Packages whose public names are imported on first use (PEP 562 style, on the module class).

``graph`` and ``extract`` list each public name by the submodule that defines it; the command
line then starts without loading what a command does not ask for.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping, Sequence
from importlib import import_module


class LazyPackage(types.ModuleType):
    """A package that imports a public name's submodule when the name is first looked up.

    Loading a submodule sets the package attribute of the same name (``graph.timeline``) to the
    module; a public name of that spelling is the function, so a submodule never replaces it.
    """

    _module_of: dict[str, str]

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and name in self.__dict__.get("_module_of", {}):
            return
        super().__setattr__(name, value)

    def __getattr__(self, name: str) -> object:
        module = self.__dict__.get("_module_of", {}).get(name)
        if module is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(import_module(f".{module}", self.__name__), name)
        super().__setattr__(name, value)  # the next look-up is a plain attribute
        return value

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *self.__dict__.get("__all__", ())})


def lazy_exports(package: str, exports: Mapping[str, Sequence[str]]) -> None:
    """Make ``package`` import each name of ``exports`` (submodule → names) on first use."""
    module = sys.modules[package]
    module.__class__ = LazyPackage
    module.__dict__["_module_of"] = {n: sub for sub, names in exports.items() for n in names}
