"""Modules imported on first use, so the command line starts fast.

``pd = lazy("pandas")`` binds a stand-in; the first ``pd.DataFrame`` imports pandas and from
then on the stand-in hands out its attributes. ``recon --help`` and ``recon --version`` so
never load pandas, pyarrow, openpyxl or xlsxwriter; a command loads what it uses.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any


class _LazyModule:
    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy(name: str) -> Any:
    """A stand-in for module ``name`` that imports it when an attribute is first read."""
    return _LazyModule(name)
