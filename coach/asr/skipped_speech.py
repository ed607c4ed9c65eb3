"""Speech the recogniser skipped: found in the signal, and heard again on its own.

Whisper decodes 30 s windows; a window that opens with a long silence, or a stretch after one, can come
back without the words spoken in it (a recording started 25 s before the speaker spoke lost its first
sentence, "Selamat pagi, Bapak dan Ibu warga Kota Surabaya"). :func:`find_skipped_speech` finds sound with
no word on it; :func:`hear_skipped_again` has the engine listen to each such stretch that Silero VAD also
calls speech, alone (:class:`coach.asr.engine.Listener`, after the words before it as a prompt), and puts
the words it writes there into the transcript. ``python benchmarks/skipped_speech.py`` measures it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..features.frames import SignalFeatures, features_of
from ..features.signal import mask_to_spans
from ..types import Segment, Word
from .engine import Listener

__all__ = ["find_skipped_speech", "hear_skipped_again"]

_HOP_S = 0.01
_MARGIN_S = 0.5  # heard with this much sound either side, so a word at the edge is heard whole
_WINDOW_S = 28.0  # a longer skipped stretch is heard in pieces of at most this long (Whisper's window: 30 s)
_PROMPT_WORDS = 30  # the words before a stretch that lead into it, as Whisper's own decode is prompted


def find_skipped_speech(
    samples: np.ndarray, words: Sequence[Word], *, sr: int = 16_000, min_speech_s: float | None = None,
    features: SignalFeatures | None = None,
) -> list[tuple[float, float]]:
    """Spans (start_s, end_s) that hold at least ``min_speech_s`` of speech energy but no word
    (default: the guidelines' ``transcription.skipped_speech_min_s``); ``features``: the recording's
    frame measures (:class:`coach.features.frames.SignalFeatures`), if already made."""
    if min_speech_s is None:
        from ..guidelines import builtin_guidelines

        min_speech_s = float(builtin_guidelines().value("transcription.skipped_speech_min_s"))
    uncovered = features_of(samples, sr, features).activity(hop_s=_HOP_S).copy()
    for w in words:
        uncovered[int(w.start / _HOP_S) : int(np.ceil(w.end / _HOP_S)) + 1] = False
    spans = []
    for start_s, end_s in mask_to_spans(uncovered, hop_s=_HOP_S, min_gap_s=1.0):
        speech_s = float(uncovered[int(start_s / _HOP_S) : int(end_s / _HOP_S)].sum()) * _HOP_S
        if speech_s >= min_speech_s:
            spans.append((round(start_s, 2), round(end_s, 2)))
    return spans


def _overlap_s(start: float, end: float, spans: Sequence[tuple[float, float]]) -> float:
    return sum(max(0.0, min(end, b) - max(start, a)) for a, b in spans)


def hear_skipped_again(
    samples: np.ndarray, segments: Sequence[Segment], *, sr: int = 16_000, transcriber: object, language: str,
    speech_spans: Sequence[tuple[float, float]], min_speech_s: float, features: SignalFeatures | None = None,
) -> tuple[Segment, ...]:
    """``segments`` with the words heard in each skipped stretch (:func:`find_skipped_speech`) that holds
    at least ``min_speech_s`` of what Silero VAD calls speech (``speech_spans``), in time order.

    Each stretch, with :data:`_MARGIN_S` either side, is heard alone by ``transcriber.listen`` (temperature
    0, no fallback: the same words each time) after the words just before it; the words it writes on the
    stretch that overlap no word already there become one new segment. An engine that cannot listen,
    or a stretch it hears no words in, leaves the segments as they are.
    """
    if not isinstance(transcriber, Listener):
        return tuple(segments)
    words = [w for s in segments for w in s.words]
    duration_s = samples.size / sr
    added: list[Segment] = []
    for start, end in find_skipped_speech(samples, words, sr=sr, min_speech_s=min_speech_s, features=features):
        if _overlap_s(start, end, speech_spans) < min_speech_s:
            continue
        heard: list[Word] = []
        lo, hi = max(0.0, start - _MARGIN_S), min(duration_s, end + _MARGIN_S)
        for a in np.arange(lo, hi, _WINDOW_S).tolist():
            b = min(hi, a + _WINDOW_S)
            before = [w.text for w in words if w.end <= a][-_PROMPT_WORDS:]
            for w in transcriber.listen(samples[int(a * sr) : int(b * sr)], language=language, prompt=" ".join(before)):
                w = Word(w.text, round(w.start + a, 3), round(w.end + a, 3), w.probability)
                inside = w.start < end and start < w.end  # Whisper often starts the first word at the window's edge
                if inside and not any(w.start < x.end and x.start < w.end for x in [*words, *heard]):
                    heard.append(w)
        if heard:
            added.append(_segment(heard))
    if not added:
        return tuple(segments)
    cuts = [s.start for s in added]
    return tuple(sorted([*(part for s in segments for part in _split_at(s, cuts)), *added], key=lambda s: s.start))


def _segment(words: Sequence[Word]) -> Segment:
    return Segment(" ".join(w.text for w in words), words[0].start, words[-1].end, tuple(words))


def _split_at(segment: Segment, cuts: Sequence[float]) -> tuple[Segment, ...]:
    """``segment`` split where a cut falls between two of its words (a segment Whisper wrote across the
    stretch it skipped), so the transcript's words stay in time order."""
    runs: list[list[Word]] = [[]]
    for w in segment.words:
        if runs[-1] and any(runs[-1][-1].end <= c <= w.start for c in cuts):
            runs.append([])
        runs[-1].append(w)
    return (segment,) if len(runs) == 1 else tuple(_segment(r) for r in runs)
