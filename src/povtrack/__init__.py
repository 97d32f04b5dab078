"""povtrack: validate poverty indicator data and report it against planning targets, exactly.

The Python API (`povtrack.api`, see docs/api.md)::

    import povtrack

    data = povtrack.load()                      # the bundled data, or load("file.json")
    povtrack.report(data, region="3524").to_pandas()

`load`, `report`, `progress`, `rank` and `check` are imported on first use (module
`__getattr__`), so that `import povtrack` and `povtrack --version` import nothing else.
"""

from __future__ import annotations

# `typing.TYPE_CHECKING` without importing typing (~10 ms): type checkers read the name.
TYPE_CHECKING = False

__version__ = "0.1.0"

__all__ = ["__version__", "check", "load", "progress", "rank", "report"]

#: The names that `povtrack.api` provides, imported when first asked for.
_API = frozenset({"check", "load", "progress", "rank", "report"})

if TYPE_CHECKING:  # type checkers see the API's names and signatures, and no others
    from typing import Any

    from povtrack.api import check, load, progress, rank, report
else:

    def __getattr__(name: str) -> Any:
        if name in _API:
            from povtrack import api

            value = getattr(api, name)
            globals()[name] = value  # later lookups do not come back here
            return value
        raise AttributeError(f"module 'povtrack' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
