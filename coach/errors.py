"""Errors raised by the Wicara library.

Every message says what happened and what to do about it. Pages show it with
``st.error``; the CLI prints it on one line and exits non-zero.

::

    WicaraError
    ├── ConfigError              a setting or the guidelines file is wrong
    ├── AudioError               the recording cannot be used
    │   ├── UnreadableAudioError     not audio, corrupt, or an unknown format
    │   ├── TooShortError            under the minimum length
    │   ├── TooLongError             over the maximum length (a setting)
    │   └── NoSpeechError            silent, or nothing that sounds like speech
    │       └── NotSpeechError           sound, but no voice (tone, hum, music, noise): Silero VAD
    ├── ModelError               the speech-recognition model cannot be used
    │   ├── ModelNotAvailableError   not on this machine and cannot be fetched
    │   └── MissingExtraError        an optional engine is not installed
    ├── ExerciseError            an exercise file is invalid
    ├── PressReleaseError        a press release cannot be read
    ├── StoreError               the database or audio store failed
    ├── QueueFullError           this person already has the most analyses waiting
    ├── AuthError                sign-in failed
    │   ├── PermissionDeniedError    signed in, but not allowed to do that
    │   │   └── CohortArchivedError      the cohort is archived: no new attempts, joins or assignments
    │   ├── ThrottledError           too many failed tries: wait (``wait_s``) before the next
    │   ├── WeakSecretError          a PIN or password too short or too easy to guess
    │   ├── NameTakenError           the name is already someone else's in this cohort
    │   ├── ClaimNeededError         a name a trainer added: its first PIN comes from the trainer
    │   └── SessionExpiredError      the sign-in cookie is unknown, expired or revoked
    └── QuotaError               a per-person limit (uploads per day) is reached
"""

from __future__ import annotations

__all__ = [
    "AudioError",
    "AuthError",
    "ConfigError",
    "ExerciseError",
    "MissingExtraError",
    "ModelError",
    "ModelNotAvailableError",
    "NoSpeechError",
    "NotSpeechError",
    "PermissionDeniedError",
    "NameTakenError",
    "ClaimNeededError",
    "CohortArchivedError",
    "PressReleaseError",
    "QueueFullError",
    "QuotaError",
    "SessionExpiredError",
    "ThrottledError",
    "WeakSecretError",
    "StoreError",
    "TooLongError",
    "TooShortError",
    "UnreadableAudioError",
    "WicaraError",
]


class WicaraError(Exception):
    """Base class of every error the library raises on purpose."""


class ConfigError(WicaraError):
    """A setting or the guidelines file has a value that cannot be used."""


class AudioError(WicaraError):
    """The recording cannot be analysed."""


class UnreadableAudioError(AudioError):
    """The input is not audio, is corrupt, or is in a format we cannot decode."""


class TooShortError(AudioError):
    """The recording is shorter than the minimum."""


class TooLongError(AudioError):
    """The recording is longer than the configured maximum."""


class NoSpeechError(AudioError):
    """The recording is silent or holds no speech."""


class NotSpeechError(NoSpeechError):
    """The recording holds sound but no voice (a tone, hum, music or noise), decided before transcription."""


class ModelError(WicaraError):
    """The speech-recognition model cannot be loaded."""


class ModelNotAvailableError(ModelError):
    """The requested model is neither on this machine nor downloadable."""


class MissingExtraError(ModelError):
    """An optional dependency is not installed; the message gives the pip line."""


class ExerciseError(WicaraError):
    """An exercise file is invalid; the message names the file and the field."""


class PressReleaseError(WicaraError):
    """A press release file is missing, empty or not plain text."""


class StoreError(WicaraError):
    """Saving or reading attempts failed."""


class QueueFullError(WicaraError):
    """A person has as many analyses queued or running as one may (``max_queued_per_person``)."""


class AuthError(WicaraError):
    """Sign-in failed: unknown account, wrong password or PIN, or an account switched off."""


class PermissionDeniedError(AuthError):
    """The signed-in person may not see or change this."""


class CohortArchivedError(PermissionDeniedError):
    """The cohort is archived: its history stays readable, but nothing new is made in it."""


class ThrottledError(AuthError):
    """Too many failed tries for this account or from this address: the next try must wait ``wait_s``."""

    def __init__(self, message: str, *, wait_s: float = 60.0) -> None:
        super().__init__(message)
        self.wait_s = float(wait_s)
        self.params = {"wait": _wait_text(self.wait_s, "id"), "wait_en": _wait_text(self.wait_s, "en")}


class WeakSecretError(AuthError):
    """A PIN (6+ digits, not repeated or sequential) or password (8+ characters) that is refused."""

    def __init__(self, message: str, *, pin: bool = True, least: int = 6) -> None:
        super().__init__(message)
        self.params = {"n": least, "what_id": "PIN" if pin else "Kata sandi", "what_en": "PIN" if pin else "password",
                       "unit_id": "angka" if pin else "karakter", "unit_en": "digits" if pin else "characters"}


class NameTakenError(AuthError):
    """Joining with a name that someone in the cohort already uses (with another PIN)."""


class ClaimNeededError(AuthError):
    """A participant a trainer added (e.g. by importing recordings) has no PIN yet: the trainer hands it out."""


class SessionExpiredError(AuthError):
    """A session token that is unknown, expired, revoked or badly signed."""


class QuotaError(WicaraError):
    """A per-person limit is reached (e.g. self-study uploads per day); ``params["limit"]`` says which."""

    def __init__(self, message: str, *, limit: int = 0) -> None:
        super().__init__(message)
        self.params = {"limit": limit}


def _wait_text(wait_s: float, lang: str) -> str:
    from .i18n import tn  # imported here: every module imports errors.py, which imports none at load

    seconds = max(1, round(wait_s))
    if seconds < 90:
        return tn("wait_seconds", seconds, lang)
    return tn("wait_minutes", max(2, round(seconds / 60)), lang)
