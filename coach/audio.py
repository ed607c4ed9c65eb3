"""Decode any recording to 16 kHz mono float32 and check that it can be analysed.

Decoding uses PyAV (FFmpeg's libraries inside the wheel), so wav, mp3, m4a/aac, ogg/opus,
webm and flac work without a system ffmpeg. Input may be a path, bytes or a binary file object.
"""

from __future__ import annotations

import io
from os import PathLike
from pathlib import Path
from typing import BinaryIO, Union

import numpy as np

from .errors import NoSpeechError, NotSpeechError, TooLongError, TooShortError, UnreadableAudioError
from .features.frames import SignalFeatures, features_of
from .features.hum import without_hum
from .features.rumble import without_rumble
from .features.room import decay_time_s
from .guidelines import Guidelines, builtin_guidelines
from .types import Audio, Notice

__all__ = ["SAMPLE_RATE", "AudioSource", "check_speech", "decode", "decode_channels", "load_audio", "probe"]

SAMPLE_RATE = 16_000
AudioSource = Union[str, PathLike, bytes, bytearray, BinaryIO]

_FORMATS_HINT = "Use a recording in wav, mp3, m4a, ogg/opus, webm or flac."


def _open_source(source: AudioSource) -> tuple[object, str]:
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(bytes(source)), "the uploaded data"
    if isinstance(source, (str, PathLike)):
        path = Path(source)
        if not path.is_file():
            raise UnreadableAudioError(f"File not found: {path}. Check the path and try again.")
        return str(path), path.name
    if hasattr(source, "read"):
        return source, getattr(source, "name", "the uploaded file")
    raise UnreadableAudioError(f"Cannot read audio from a {type(source).__name__}. {_FORMATS_HINT}")


_CANCELLED_SHARE = 0.1  # a two-channel downmix this far (−10 dB) under its louder channel: the channels cancel


def decode(source: AudioSource, *, max_duration_s: float = 1200.0) -> np.ndarray:
    """Decode ``source`` to a float32 array at 16 kHz mono, shape (n,) (:func:`decode_channels`)."""
    return decode_channels(source, max_duration_s=max_duration_s)[0]


def _downmix(chunks: list[np.ndarray]) -> tuple[np.ndarray, bool]:
    """The mean of two channels (``chunks`` of shape (k, 2), in order), or the louder channel alone when the mean
    loses 10 dB or more of it (one channel is the other upside down: the built-in microphone pair of some
    laptops), and whether so. Chunk by chunk, emptying ``chunks`` as it goes: the two channels are never held
    twice (a 20-minute stereo recording: 230 MB at most, 390 MB when mixed whole)."""
    energy, mixed = np.zeros(2), 0.0
    for chunk in chunks:
        energy += np.einsum("ij,ij->j", chunk, chunk, dtype=np.float64)
        mean = chunk.mean(axis=1, dtype=np.float64)
        mixed += float(np.dot(mean, mean))
    cancelled = bool(chunks) and mixed < _CANCELLED_SHARE * float(energy.max())
    louder = int(np.argmax(energy))
    out = np.empty(sum(c.shape[0] for c in chunks), dtype=np.float32)
    at = 0
    chunks.reverse()
    while chunks:
        chunk = chunks.pop()
        out[at:at + chunk.shape[0]] = chunk[:, louder] if cancelled else chunk.mean(axis=1, dtype=np.float32)
        at += chunk.shape[0]
    return out, cancelled


def decode_channels(source: AudioSource, *, max_duration_s: float = 1200.0) -> tuple[np.ndarray, bool]:
    """Decode ``source`` to a float32 array at 16 kHz mono, shape (n,), and whether its two channels cancelled
    each other (then the louder one alone is returned, :func:`_downmix`).

    Stops early (TooLongError) once more than ``max_duration_s`` seconds have been decoded,
    or before decoding when the container declares a longer duration.
    """
    import av  # PyAV is heavy to import; only pay for it when decoding.

    handle, label = _open_source(source)
    too_long = TooLongError(
        f"{label} is longer than the {max_duration_s / 60:.0f}-minute limit. "
        "Trim it to one practice speech, or raise WICARA_MAX_DURATION_S."
    )
    try:
        container = av.open(handle, mode="r")
    except (av.error.FFmpegError, ValueError, OSError) as e:  # type: ignore[attr-defined]
        raise UnreadableAudioError(f"{label} is not a readable audio file ({e}). {_FORMATS_HINT}") from e
    chunks: list[np.ndarray] = []
    n_samples = 0
    limit = int(max_duration_s * SAMPLE_RATE)
    with container:
        if not container.streams.audio:
            raise UnreadableAudioError(f"{label} has no audio track. {_FORMATS_HINT}")
        if container.duration is not None and container.duration / av.time_base > max_duration_s + 1.0:
            raise too_long
        stream = container.streams.audio[0]
        channels = 2 if stream.channels == 2 else 1  # two are mixed here, to catch channels that cancel
        resampler = av.AudioResampler(format="flt", layout="stereo" if channels == 2 else "mono", rate=SAMPLE_RATE)
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1, channels)
                    chunks.append(chunk)
                    n_samples += chunk.shape[0]
                if n_samples > limit + SAMPLE_RATE:
                    raise too_long
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1, channels))
        except (av.error.FFmpegError, ValueError) as e:  # type: ignore[attr-defined]
            raise UnreadableAudioError(f"{label} is damaged and cannot be decoded ({e}). {_FORMATS_HINT}") from e
    if sum(c.shape[0] for c in chunks) > limit:
        raise too_long
    if channels == 2:
        return _downmix(chunks)
    return (np.concatenate(chunks).reshape(-1).astype(np.float32, copy=False) if chunks
            else np.zeros(0, np.float32)), False


def probe(source: AudioSource, *, max_duration_s: float = 1200.0) -> float | None:
    """Check, without decoding it all, that ``source`` is audio that opens and decodes and is not
    declared longer than ``max_duration_s``; its declared duration in seconds, if any.

    For refusing a broken upload before it is saved and queued; :func:`load_audio` still checks
    everything when the recording is analysed.
    """
    import av

    handle, label = _open_source(source)
    try:
        container = av.open(handle, mode="r")
    except (av.error.FFmpegError, ValueError, OSError) as e:  # type: ignore[attr-defined]
        raise UnreadableAudioError(f"{label} is not a readable audio file ({e}). {_FORMATS_HINT}") from e
    with container:
        if not container.streams.audio:
            raise UnreadableAudioError(f"{label} has no audio track. {_FORMATS_HINT}")
        duration_s = container.duration / av.time_base if container.duration is not None else None
        if duration_s is not None and duration_s > max_duration_s + 1.0:
            raise TooLongError(f"{label} is longer than the {max_duration_s / 60:.0f}-minute limit. "
                               "Trim it to one practice speech, or raise WICARA_MAX_DURATION_S.")
        try:
            next(iter(container.decode(container.streams.audio[0])), None)
        except (av.error.FFmpegError, ValueError) as e:  # type: ignore[attr-defined]
            raise UnreadableAudioError(f"{label} is damaged and cannot be decoded ({e}). {_FORMATS_HINT}") from e
    return duration_s


def check_speech(
    samples: np.ndarray, *, sr: int = SAMPLE_RATE, guidelines: Guidelines | None = None,
    features: SignalFeatures | None = None,
) -> tuple[Notice, ...]:
    """Raise NoSpeechError when ``samples`` hold no speech; return warnings (clipping, an echoing room) otherwise.

    Thresholds: ``audio.*`` and ``signal.*`` in the guidelines (silent level, least active time,
    noise flatness, clipping level and share, the room's decay time).
    """
    g = guidelines or builtin_guidelines()
    silent_dbfs, min_active_s = float(g.value("audio.silent_dbfs")), float(g.value("audio.min_active_s"))
    noise_flatness = float(g.value("audio.noise_flatness"))
    clip_level, clip_share = float(g.value("audio.clip_level")), float(g.value("audio.clip_share"))
    features = features_of(samples, sr, features, g)
    _, level_db = features.levels()
    loud_db = float(np.percentile(level_db, 99)) if level_db.size else -120.0
    if loud_db < silent_dbfs:
        raise NoSpeechError(
            f"The recording is silent (loudest level {loud_db:.0f} dBFS). "
            "Check that the microphone is on and close to you, then record again."
        )
    active = features.activity(below_peak_db=float(g.value("signal.activity_below_peak_db")),
                               floor_dbfs=float(g.value("signal.activity_floor_dbfs")))
    if active.sum() * 0.01 < min_active_s:
        raise NoSpeechError("The recording holds almost no sound above the background. Record your speech again.")
    flatness = features.flatness()[: active.size]
    if float(np.median(flatness[active[: flatness.size]])) > noise_flatness:
        raise NoSpeechError(
            "The recording sounds like noise, not speech. Record in a quieter place, close to the microphone."
        )
    notices: list[Notice] = []
    # Counted a block at a time: no |samples| copy of a 20-minute recording (77 MB).
    block = 1 << 20
    clipped = sum(int(np.count_nonzero(np.abs(samples[i:i + block]) >= clip_level))
                  for i in range(0, samples.size, block))
    clipped_share = clipped / samples.size if samples.size else float("nan")
    if clipped_share > clip_share:
        notices.append(
            Notice(
                "clipping",
                f"{clipped_share:.1%} of the recording is clipped (too loud): "
                "move back from the microphone or lower its gain.",
            )
        )
    decay_s = decay_time_s(level_db)
    if decay_s is not None and decay_s >= float(g.value("audio.reverberant_decay_s")):
        notices.append(
            Notice(
                "reverberant",
                f"The room echoes (sound takes about {decay_s:.1f} s to die away): some of the filled pauses "
                "counted may be the echo of a word's end. Record closer to the microphone, or in a room with "
                "carpet or curtains.",
            )
        )
    return tuple(notices)


def load_audio(
    source: AudioSource, *, min_duration_s: float = 1.0, max_duration_s: float = 1200.0,
    guidelines: Guidelines | None = None,
) -> Audio:
    """Decode and validate a recording.

    Raises UnreadableAudioError, TooShortError, TooLongError or NoSpeechError, each with a
    message that says what to do. Clipping becomes a notice on the returned :class:`Audio`.
    The samples are read-only, so the level track measured for the check is reused by the analysis
    (:mod:`coach.features.signal`).
    """
    samples, cancelled = decode_channels(source, max_duration_s=max_duration_s)
    duration_s = samples.size / SAMPLE_RATE
    if duration_s < min_duration_s:
        raise TooShortError(
            f"The recording lasts {duration_s:.1f} s; at least {min_duration_s:.0f} s is needed. "
            "Record a longer answer."
        )
    samples.setflags(write=False)  # read-only: the hum and rumble checks share what they measure of it
    g = guidelines or builtin_guidelines()
    # The hum first: under the rumble's cutoff lies its fundamental, without which it would not be found.
    samples, hum = without_hum(samples, sr=SAMPLE_RATE, guidelines=g)
    samples, rumble_dbfs = without_rumble(samples, sr=SAMPLE_RATE, guidelines=g)
    samples.setflags(write=False)
    features = SignalFeatures(samples, SAMPLE_RATE, g)  # measured once: the check and every analysis read them
    try:
        notices = check_speech(samples, guidelines=g, features=features)
    except NoSpeechError as e:
        if hum is None:
            raise
        raise NotSpeechError(f"The recording holds a mains hum ({hum.fundamental_hz:.0f} Hz) and no speech above "
                            "it. Record away from chargers and power cables, with the microphone close to you.") from e
    if cancelled:
        notices = (Notice("channels_cancel", "The recording's two channels cancel each other (one is the other upside "
                                             "down, as some laptops' built-in microphones record): one channel was "
                                             "analysed. Record in mono, or with an external microphone."), *notices)
    if rumble_dbfs is not None:
        notices = (Notice("low_rumble", "A low rumble under the voice (wind, handling the phone, a fan, traffic or the "
                                        "sound card's offset) was filtered out before measuring. Record out of the wind, "
                                        "with the phone on a table."), *notices)
    if hum is not None:
        notices = (Notice("hum", f"A mains hum ({hum.fundamental_hz:.0f} Hz) was taken out before measuring. "
                                 "Record away from chargers and power cables, or run the laptop on its battery."),
                   *notices)
    return Audio(samples=samples, sr=SAMPLE_RATE, notices=notices, features=features)
