"""Digests: the BLAKE2b hash every cache and stamp keys its entries with.

``hashlib.blake2b`` is CPython's own ``_blake2.blake2b``; importing ``hashlib`` to get it also
loads OpenSSL (about 3 ms and 2–4 MiB per process), which BLAKE2 never uses. This module takes
the function from ``_blake2`` directly and falls back to ``hashlib`` on a Python built without it.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without its BLAKE2 module
    from hashlib import blake2b

__all__ = ["blake2b"]
