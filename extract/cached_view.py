"""The view the build cache reads back (:mod:`extract.cache`)."""

from __future__ import annotations

from typing import Any

from graph.view import GraphView


class CachedView(GraphView):
    """A whole-graph view read back from the cache: the projection is the build's (never
    rebuilt: the key pins the graph), and the Dataset is parsed on first use."""

    @property
    def dataset(self) -> Any:  # type: ignore[override]
        ds = self.__dict__.get("_dataset_value")
        if ds is None:
            ds = self.__dict__["_dataset_value"] = self.__dict__["_dataset_loader"]()
        return ds

    @dataset.setter
    def dataset(self, value: Any) -> None:
        self.__dict__["_dataset_value"] = value

    @property
    def projection(self) -> Any:  # type: ignore[override]
        return self.current
