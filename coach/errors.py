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
    └── AuthError                sign-in failed
        └── PermissionDeniedError    signed in, but not allowed to do that
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
    "PressReleaseError",
    "QueueFullError",
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
