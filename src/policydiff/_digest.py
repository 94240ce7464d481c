"""SHA-256 without `hashlib`'s start-up cost where that cost is the larger one.

`hashlib` loads OpenSSL when imported (about 2.5 ms of a run's imports) to offer every algorithm; a
run needs one, for the digest of each input (`Policy.sha256`) and of the HTML report's style sheet.
CPython ships its own SHA-256 (what `hashlib` falls back to without OpenSSL): nothing to load, but
about 3.8 µs a kilobyte against OpenSSL's 0.6. Data under `SMALL` bytes (a policy is a few tens of
kilobytes) is digested by CPython's; larger data by `hashlib`'s, imported then. The digests are the
same (tests/test_render_lean.py).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from hashlib import _Hash

    _builtin: Callable[[bytes], _Hash] | None
else:
    try:
        from _sha2 import sha256 as _builtin  # Python 3.12 on
    except ImportError:
        try:
            from _sha256 import sha256 as _builtin  # Python 3.11
        except ImportError:  # an interpreter without it: hashlib's
            _builtin = None

SMALL = 256 * 1024
"""Below this many bytes CPython's own SHA-256 is quicker than importing OpenSSL's (measured: 2.5 ms of import
against 3.2 µs a kilobyte more to hash)."""


def sha256(data: bytes) -> _Hash:
    """Return the SHA-256 hash object of `data` (`.hexdigest()`, `.digest()`), as `hashlib.sha256(data)`."""
    if _builtin is not None and len(data) < SMALL:
        return _builtin(data)
    from hashlib import sha256 as openssl

    return openssl(data)
