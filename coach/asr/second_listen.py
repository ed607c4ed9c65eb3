"""A second, filler-prompted listen to the moments the acoustic filler detector is unsure of.

Whisper leaves filled pauses out because its training transcripts do, but after a prompt full of
them ("Umm, let me think... uh, so, hmm") it tends to write the ones it hears, and it writes a
drawn-out word as that word. So each unsure candidate is cut out with ``context_s`` either side
and heard again; the words written there settle it (:func:`coach.analysis.acoustic_fillers.settle_by_listening`).

Whisper pads every decode to a 30 s window, so one call per candidate would cost a full window each
(3–4 s on 2 cores). The pieces are laid end to end instead, ``gap_s`` of silence apart, into windows
of at most ``window_s``: one decode per window, each word handed back to the piece it fell in, in
the recording's time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..types import Word
from .engine import Listener

__all__ = ["listen_around", "pieces_around"]


def pieces_around(spans: Sequence[tuple[float, float]], *, duration_s: float,
                  context_s: float) -> list[tuple[float, float, list[int]]]:
    """The stretches to listen to: each span widened by ``context_s`` either side (within the
    recording), overlapping ones joined; (start_s, end_s, indices of the spans inside), in time order."""
    order = sorted(range(len(spans)), key=lambda k: spans[k][0])
    pieces: list[tuple[float, float, list[int]]] = []
    for k in order:
        start, end = max(0.0, spans[k][0] - context_s), min(duration_s, spans[k][1] + context_s)
        if pieces and start <= pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], end), pieces[-1][2] + [k])
        else:
            pieces.append((start, end, [k]))
    return pieces


def _windows(pieces: list[tuple[float, float, list[int]]], *, gap_s: float,
             window_s: float) -> list[list[tuple[float, float, list[int]]]]:
    """Pieces packed in order into windows of at most ``window_s`` with their gaps (a longer piece alone)."""
    windows: list[list[tuple[float, float, list[int]]]] = []
    length = 0.0
    for piece in pieces:
        size = piece[1] - piece[0]
        if windows and length + gap_s + size <= window_s:
            windows[-1].append(piece)
            length += gap_s + size
        else:
            windows.append([piece])
            length = size
    return windows


def listen_around(
    samples: np.ndarray, *, sr: int, spans: Sequence[tuple[float, float]], listener: Listener, language: str,
    prompt: str, context_s: float = 1.0, gap_s: float = 0.6, window_s: float = 28.0,
) -> list[tuple[Word, ...]]:
    """What Whisper writes around each span when prompted with ``prompt``.

    Parameters
    ----------
    samples : float array, shape (n,), mono, at ``sr`` (16 kHz for Whisper)
    spans : (start_s, end_s) of the moments to hear again
    listener : the engine (:class:`coach.asr.engine.Listener`)
    language, prompt : the decode's language and the text it follows
    context_s : audio kept either side of a span; gap_s : silence between pieces in one window

    Returns
    -------
    One tuple of words per span, in the recording's time: every word written in the span's piece
    (its context included; a piece joined from overlapping spans gives each the same words).
    """
    heard: list[tuple[Word, ...]] = [() for _ in spans]
    duration_s = len(samples) / sr
    gap = np.zeros(int(round(gap_s * sr)), dtype=np.float32)
    for window in _windows(pieces_around(spans, duration_s=duration_s, context_s=context_s), gap_s=gap_s,
                           window_s=window_s):
        parts, placed, at = [], [], 0  # placed: (offset in the window, samples long, piece)
        for piece in window:
            cut = np.asarray(samples[int(piece[0] * sr):int(piece[1] * sr)], dtype=np.float32)
            if parts:
                parts.append(gap)
                at += len(gap)
            parts.append(cut)
            placed.append((at, len(cut), piece))
            at += len(cut)
        words = listener.listen(np.concatenate(parts), language=language, prompt=prompt)
        for offset, n, (start_s, end_s, members) in placed:
            lo, hi = offset / sr, (offset + n) / sr
            shift = start_s - lo
            mine = tuple(
                Word(w.text, round(max(w.start, lo) + shift, 3), round(min(w.end, hi) + shift, 3), w.probability)
                for w in words if lo <= (w.start + w.end) / 2 < hi
            )
            for k in members:
                heard[k] = mine
    return heard
