"""libcst, for every module of hxmigrate, as a module whose code runs when one of its
attributes is first read: it costs a tenth of a second to import, which a run over
templates alone never pays. Import ``cst`` from here, never libcst itself."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import TYPE_CHECKING


def _deferred(name: str) -> ModuleType:
    """The module ``name``, whose code runs when one of its attributes is first read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"{name} is not installed")
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


if TYPE_CHECKING:
    import libcst as cst
else:
    cst = _deferred("libcst")


def preload() -> None:
    """Import libcst now (before worker processes are forked, so they start with it)."""
    _ = cst.Module
