"""SHA-256 without `hashlib`'s start-up cost.

`hashlib` loads OpenSSL when imported (about 2.5 ms of a run's 40 ms of imports) to offer every algorithm;
a run needs one: the digest of each input (`Policy.sha256`) and of the HTML report's style sheet. CPython
ships its own SHA-256, the one `hashlib` falls back to without OpenSSL; the digests are the same
(tests/test_render_lean.py holds them to `hashlib`'s).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha2 import sha256  # Python 3.12 on
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:  # an interpreter without it: hashlib's, whatever it is
            from hashlib import sha256

__all__ = ["sha256"]
