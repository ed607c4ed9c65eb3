"""Where to cut a recording: clips of at most 30 s cut in pauses for batched decoding (:func:`plan_clips`),
and the stretches between long silences for any decode (:func:`around_silences`).

faster-whisper's ``BatchedInferencePipeline`` decodes several ≤30 s clips at once. By default it
finds them with its own VAD filter, which dropped speech here (DESIGN.md: a whole 30 s window of
Indonesian). These clips come from Wicara's own signal measures instead and never drop sound:
together they cover the recording from its first to its last sample, each cut falls in the
longest pause (no sound above the activity floor, and no Silero speech) of the last
``search_s`` seconds before the 30 s limit, or at the quietest 10 ms there when the speaker never
pauses. Only a clip with no active frame and no Silero speech at all (silence) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..features.frames import SignalFeatures, features_of
from ..features.signal import activity_mask, frame_levels_db, mask_to_spans

__all__ = ["around_silences", "as_clip_timestamps", "plan_clips"]

_HOP_S = 0.01
_SILENCE_EDGE_S = 0.3  # a silence left out keeps this much of itself either side, so no word's edge is cut


def plan_clips(
    samples: np.ndarray,
    *,
    sr: int,
    speech_spans: Sequence[tuple[float, float]] = (),
    max_clip_s: float = 30.0,
    search_s: float = 12.0,
) -> tuple[tuple[float, float], ...]:
    """Clips (start_s, end_s) for batched decoding, in order, each at most ``max_clip_s`` long.

    Parameters
    ----------
    samples : float array, shape (n,), mono
    sr : sample rate, Hz
    speech_spans : (start_s, end_s) where a speech detector (Silero VAD) heard speech; a cut never
        falls inside one unless the speaker never pauses for ``search_s`` seconds
    max_clip_s : longest clip, seconds (Whisper's window is 30 s)
    search_s : a cut is looked for in the last ``search_s`` seconds before the limit
    """
    duration_s = len(samples) / sr
    if duration_s <= 0:
        return ()
    _, level_db = frame_levels_db(samples, sr=sr, hop_s=_HOP_S)
    sounding = activity_mask(level_db).copy()
    for start, end in speech_spans:
        sounding[int(start / _HOP_S): int(np.ceil(end / _HOP_S)) + 1] = True
    n = len(sounding)
    # The limit in frames, a frame short of it so rounding never makes a clip longer than max_clip_s.
    limit = int(max_clip_s / _HOP_S) - 1
    search = int(search_s / _HOP_S)
    cuts = [0]
    while n - cuts[-1] > limit:
        lo, hi = cuts[-1] + max(1, limit - search), cuts[-1] + limit
        quiet = ~sounding[lo:hi]
        pauses = mask_to_spans(quiet, hop_s=1.0)  # spans in frames
        if pauses:
            a, b = max(pauses, key=lambda p: (p[1] - p[0], p[0]))
            cut = lo + int((a + b) // 2)
        else:
            cut = lo + int(np.argmin(level_db[lo:hi]))
        cuts.append(cut)
    cuts.append(n)
    clips = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        if not np.any(sounding[a:b]):
            continue  # silence from end to end: nothing to hear, nothing dropped
        # The last clip ends at the last sample exactly: a rounded-up end would make faster-whisper
        # count more audio in the clips than in the recording (and fail an assertion).
        end = duration_s if b == n else min(round(b * _HOP_S, 3), duration_s)
        clips.append((round(a * _HOP_S, 3), end))
    return tuple(clips)


def around_silences(
    samples: np.ndarray, *, sr: int, speech_spans: Sequence[tuple[float, float]] = (), min_silence_s: float,
    features: SignalFeatures | None = None,
) -> tuple[tuple[float, float], ...] | None:
    """The stretches (start_s, end_s) between the silences of at least ``min_silence_s`` (no frame above the
    activity floor and no Silero speech in ``speech_spans``), each silence left out but for
    :data:`_SILENCE_EDGE_S` at its edges; None when there is no such silence.

    Whisper hears 30 s windows: one that opens on 25 s of silence came back without the sentence after
    it, or with sentences made up over the silence ("I'm not going to get a chance." three times), and
    speech after a long pause came back misheard. Decoded as these clips (faster-whisper's and
    openai-whisper's ``clip_timestamps``), Whisper never hears the silences (``python
    benchmarks/skipped_speech.py``); a recording without one is decoded whole, as before.
    """
    duration_s = len(samples) / sr
    sounding = features_of(samples, sr, features).activity(hop_s=_HOP_S).copy()
    for start, end in speech_spans:
        sounding[int(start / _HOP_S): int(np.ceil(end / _HOP_S)) + 1] = True
    silences = [(a, b) for a, b in mask_to_spans(~sounding, hop_s=_HOP_S) if b - a >= min_silence_s]
    if not silences:
        return None
    clips, start = [], 0.0
    for a, b in silences:
        edge_a = 0.0 if a <= 0.0 else a + _SILENCE_EDGE_S  # a silence that opens the recording is left out whole
        edge_b = duration_s if b >= duration_s - _HOP_S else b - _SILENCE_EDGE_S
        if edge_a > start:
            clips.append((round(float(start), 3), round(float(edge_a), 3)))
        start = edge_b
    if start < duration_s:
        clips.append((round(float(start), 3), duration_s))
    return tuple(clips) or None


def as_clip_timestamps(clips: Sequence[tuple[float, float]], duration_s: float) -> list[float]:
    """``clips`` as the flat list of times both Whisper engines take as ``clip_timestamps``
    (start, end, start, end…), the last end left off when it is the recording's: openai-whisper then
    hears to the end itself, where an end at or past the last frame made it decode nothing, forever
    (openai/whisper pull request 2005)."""
    flat = [t for clip in clips for t in clip]
    if flat and flat[-1] >= duration_s - _HOP_S:
        flat.pop()
    return flat
