"""Argon2id password hashing with a dummy hash so unknown emails take as long as wrong passwords."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2-cffi's defaults are Argon2id


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("stellary-dummy-password-for-timing")


def _current_dummy_hash() -> str:
    """The dummy hash, remade if the hasher's parameters changed (so it costs what a real one does)."""
    dummy = _dummy_hash()
    if _hasher.check_needs_rehash(dummy):
        _dummy_hash.cache_clear()
        dummy = _dummy_hash()
    return dummy


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; with no stored hash, burn the same time and fail."""
    try:
        return _hasher.verify(stored_hash or _current_dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
