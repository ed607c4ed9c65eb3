"""Passwords and PINs: argon2id hashes, what makes a secret strong enough, and the sign-in throttle.

:mod:`coach.workspace.auth` signs people in with these; nothing here knows who may do what.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..errors import ThrottledError, WeakSecretError

__all__ = ["MIN_PASSWORD_CHARS", "MIN_PIN_CHARS", "SignInThrottle", "check_secret", "hash_password", "new_pin",
           "verify_password", "waste_a_verification"]

MIN_PASSWORD_CHARS = 8  # trainers and admins (NIST SP 800-63B: at least 8)
MIN_PIN_CHARS = 6  # participants: a workshop PIN of digits, typed on a phone (NIST SP 800-63B: 6+ digits)

# argon2id with OWASP's minimum (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1): ~20 ms and 19 MiB per
# sign-in, so a room of participants joining at once does not exhaust a small server's memory.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    """An argon2id hash (salt and parameters included) of ``password``."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; False for a missing or damaged hash."""
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _trivial_pin(pin: str) -> bool:
    """Repeated (111111, 121212, 123123) or sequential (123456, 987654, 890123) digits."""
    for period in (1, 2, 3):
        if len(pin) % period == 0 and pin == pin[:period] * (len(pin) // period):
            return True
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:])}
    return steps in ({1}, {9})


def check_secret(secret: str, *, pin: bool) -> None:
    """WeakSecretError unless ``secret`` is a usable PIN (6+ digits, not trivial) or password (8+ characters)."""
    secret = secret or ""
    if pin:
        if len(secret) < MIN_PIN_CHARS or not secret.isascii() or not secret.isdigit():
            raise WeakSecretError(f"A PIN needs at least {MIN_PIN_CHARS} digits (numbers only).", pin=True,
                                  least=MIN_PIN_CHARS)
        if _trivial_pin(secret):
            raise WeakSecretError("This PIN is too easy to guess (repeated or sequential digits): choose another.",
                                  pin=True, least=MIN_PIN_CHARS)
    elif len(secret) < MIN_PASSWORD_CHARS or not secret.strip():
        raise WeakSecretError(f"A password needs at least {MIN_PASSWORD_CHARS} characters.", pin=False,
                              least=MIN_PASSWORD_CHARS)


def new_pin() -> str:
    """A random PIN a trainer hands out (6 digits, never a trivial one)."""
    while True:
        pin = "".join(secrets.choice("0123456789") for _ in range(MIN_PIN_CHARS))
        if not _trivial_pin(pin):
            return pin


_DUMMY_HASH: list[str] = []


def waste_a_verification(password: str) -> None:
    # Unknown accounts take as long as wrong passwords, so timing does not reveal which logins exist.
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("wicara-timing-equaliser"))
    verify_password(_DUMMY_HASH[0], password)


class SignInThrottle:
    """Failed sign-ins counted in the database, per account and per client address; survives restarts.

    The first ``free_tries`` failures of a key cost nothing; each one after that makes the key wait
    twice as long as the last (``base_delay_s``, doubled, up to a cap). There is no hard lock: a
    stranger guessing a trainer's password delays that account by at most ``account_max_delay_s``
    (a minute) at a time, while their own address waits up to ``address_max_delay_s``. Participant
    PINs (short) get the longer cap on their account key as well. A success clears the account's
    count, not the address's.
    """

    def __init__(self, store: Any, *, free_tries: int = 3, base_delay_s: float = 2.0,
                 account_max_delay_s: float = 60.0, pin_max_delay_s: float = 900.0,
                 address_max_delay_s: float = 900.0, reset_after_s: float = 3600.0,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.store, self.free_tries, self.base_delay_s = store, free_tries, base_delay_s
        self.account_max_delay_s, self.pin_max_delay_s = account_max_delay_s, pin_max_delay_s
        self.address_max_delay_s, self.reset_after = address_max_delay_s, timedelta(seconds=reset_after_s)
        self._clock = clock or (lambda: datetime.now(UTC))

    def _delay(self, cap_s: float) -> Callable[[int], float]:
        def delay(failures: int) -> float:
            over = failures - self.free_tries
            return 0.0 if over <= 0 else min(cap_s, self.base_delay_s * 2 ** min(over - 1, 30))
        return delay

    def check(self, *keys: str | None) -> None:
        """ThrottledError (with the wait) if any key must still wait."""
        now, wait_s = self._clock(), 0.0
        for key in filter(None, keys):
            _, _, until = self.store.throttle_state(key)
            if until is not None and until > now:
                wait_s = max(wait_s, (until - now).total_seconds())
        if wait_s > 0:
            minutes = max(1, round(wait_s / 60))
            raise ThrottledError(f"Too many failed sign-ins: try again in {max(1, round(wait_s))} s "
                                 f"(about {minutes} min), or ask your trainer to reset your PIN.", wait_s=wait_s)

    def failed(self, account: str | None, address: str | None = None, *, pin: bool = False) -> None:
        now = self._clock()
        if account:
            cap = self.pin_max_delay_s if pin else self.account_max_delay_s
            self.store.record_failure(account, now=now, reset_after=self.reset_after, delay=self._delay(cap))
        if address:
            self.store.record_failure(address, now=now, reset_after=self.reset_after,
                                      delay=self._delay(self.address_max_delay_s))

    def succeeded(self, account: str | None) -> None:
        if account:
            self.store.clear_failures(account)
