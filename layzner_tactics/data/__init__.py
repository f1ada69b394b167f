"""Packaged data: the stat catalog, bundled scenarios and assets, found from any working directory."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from ..engine.catalog import Catalog, catalog_from_data, copy_data

CATALOG_FILES = ("terrain.toml", "units.toml", "pilots.toml")


def data_root() -> Traversable:
    return resources.files(__package__)


def scenarios_dir() -> Traversable:
    return data_root() / "scenarios"


def assets_dir() -> Traversable:
    return data_root() / "assets"


@cache
def _raw_catalog() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name in CATALOG_FILES:
        text = (data_root() / "catalog" / name).read_text(encoding="utf-8")
        for table, body in tomllib.loads(text).items():
            merged.setdefault(table, {}).update(body)
    return merged


def raw_catalog() -> dict[str, Any]:
    """A fresh deep copy of the catalog's plain data, safe to modify (stat overrides)."""
    return copy_data(_raw_catalog())


@cache
def load_catalog() -> Catalog:
    """The bundled catalog, validated once per process. Raises ``DataError`` on a broken data file."""
    return catalog_from_data(_raw_catalog(), "layzner_tactics/data/catalog")
