"""Regular expressions compiled on first use, so importing a module does not pay for the ones a run
never needs (a comparison whose changes hold no date never needs the date pattern).

`pattern = compile_later(r"…", re.IGNORECASE)` stands where `re.compile(…)` stood: the first
attribute asked for (`pattern.search`, `pattern.sub`, `pattern.pattern` …) compiles the expression,
and each attribute is then kept on the object, so later calls cost what they cost on the compiled
pattern itself. Type checkers see `re.compile`.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    compile_later = re.compile
else:

    def compile_later(pattern: str, flags: int = 0) -> LazyPattern:
        """Return a stand-in for `re.compile(pattern, flags)` that compiles it when first used."""
        return LazyPattern(pattern, flags)


class LazyPattern:
    """A regular expression compiled on first use (see the module's docstring)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Called only for an attribute not yet kept: compile (once), keep it, return it.
        if name.startswith("__") or name in ("_source", "_compiled"):
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(*self._source)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"compile_later({self._source[0]!r}, {self._source[1]!r})"
