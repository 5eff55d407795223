"""Optional dependencies: imported only when a function needs them, named by their extra."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["require"]


def require(module: str, extra: str, what: str) -> Any:
    """Import ``module``, or raise an ImportError that says which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{what} needs {module.split('.', maxsplit=1)[0]}, which is not installed: "
            f"pip install 'petition-parser[{extra}]'"
        ) from exc
