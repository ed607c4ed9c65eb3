"""Text a recogniser makes up where it hears no words it knows: repetition loops.

Faced with noise, a sound it cannot place or a hesitation its training transcripts never wrote,
Whisper often writes one short phrase over and over: "Terima kasih. Terima kasih. Terima kasih.",
"Khantua-Tasam-Du-Du-Du-Du-…", "too too too too too too", "we are defeated we are defeated we are
defeated" (all in the project's recorded transcripts, ``benchmarks/data``, ``tests/fixtures``). Such
text is not what the speaker said: its "repetitions" are not the speaker's, and it says nothing about
whether the speaker said a word there.

Words are compared by their parts (split at spaces, hyphens and full stops, lower-cased, punctuation
dropped), since Whisper writes some loops as one hyphenated "word".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..guidelines import Guidelines
from ..types import Transcript, Word

__all__ = ["in_stretches", "is_loop", "loop_options", "loop_spans", "parts", "split_loops", "without_stretches"]

_SPLIT = re.compile(r"[\s\-.]+")
_NOT_PART = re.compile(r"[^\w']|_")  # letters, digits and apostrophes: "____" is no word


def parts(texts: Sequence[str]) -> list[tuple[str, int]]:
    """Each word's parts with the index of the word they come from: ``["Du-Du,", "ya"]`` →
    ``[("du", 0), ("du", 0), ("ya", 1)]``."""
    out = []
    for k, text in enumerate(texts):
        for piece in _SPLIT.split(text.lower()):
            piece = _NOT_PART.sub("", piece).strip("'")
            if piece:
                out.append((piece, k))
    return out


def is_loop(texts: Sequence[str], *, max_distinct_share: float) -> bool:
    """Whether a short stretch of recognised text holds no words: nothing at all, or at least 3 parts of
    which the distinct ones are at most ``max_distinct_share`` ("Terima kasih. Terima kasih.": 2 of 4)."""
    found = [p for p, _ in parts(texts)]
    return not found or (len(found) >= 3 and len(set(found)) <= max_distinct_share * len(found))


def loop_spans(texts: Sequence[str], *, min_repeats: int, max_unit: int, min_parts: int) -> list[tuple[int, int]]:
    """Where in a transcript the recogniser looped: word index ranges ``[first, stop)``.

    A loop is a unit of 1 to ``max_unit`` parts said at least ``min_repeats`` times in a row, at least
    ``min_parts`` parts in all ("saya saya" and a stutter "I I I" are too short to be one; "too too too
    too too too" is not), with the start of one more unit where it stops part-way. The longest loop
    starting at a part is taken, then the search goes on after it.
    """
    found = parts(texts)
    tokens = [p for p, _ in found]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        best = 0
        for unit in range(1, max_unit + 1):
            head = tokens[i:i + unit]
            if len(head) < unit:
                break
            repeats = 1
            while tokens[i + repeats * unit:i + (repeats + 1) * unit] == head:
                repeats += 1
            # A loop often stops part-way through its unit: "... Zatak Sultat dan Zatak Sultat."
            stop, tail = i + repeats * unit, 0
            while tail < unit - 1 and stop + tail < len(tokens) and tokens[stop + tail] == head[tail]:
                tail += 1
            if repeats >= min_repeats and repeats * unit + tail >= max(min_parts, best):
                best = repeats * unit + tail
        if best:
            first, last = found[i][1], found[i + best - 1][1]
            if spans and first < spans[-1][1]:  # one hyphenated word ends a loop and starts the next
                spans[-1] = (spans[-1][0], last + 1)
            else:
                spans.append((first, last + 1))
            i += best
        else:
            i += 1
    return spans


def loop_options(guidelines: Guidelines) -> dict[str, int]:
    """Keyword arguments of :func:`loop_spans` and :func:`split_loops` from the guidelines (``transcription.loop_*``)."""
    return {"min_repeats": int(guidelines.value("transcription.loop_min_repeats")),
            "max_unit": int(guidelines.value("transcription.loop_max_unit_parts")),
            "min_parts": int(guidelines.value("transcription.loop_min_parts"))}


def in_stretches(word: Word, stretches: Sequence[tuple[float, float]]) -> bool:
    """Whether the word's middle lies in one of ``stretches`` (start_s, end_s)."""
    return any(start <= (word.start + word.end) / 2 <= end for start, end in stretches)


def without_stretches(transcript: Transcript, stretches: Sequence[tuple[float, float]]) -> Transcript:
    """The transcript without the words whose middle lies in one of ``stretches`` (start_s, end_s).
    Segments left with no word go; the others keep their times and are rewritten from the words they keep."""
    if not stretches:
        return transcript
    segments = []
    for segment in transcript.segments:
        kept = tuple(w for w in segment.words if not in_stretches(w, stretches))
        if len(kept) == len(segment.words):
            segments.append(segment)
        elif kept:
            segments.append(replace(segment, text=" ".join(w.text.strip() for w in kept), words=kept))
    return replace(transcript, segments=tuple(segments))


def split_loops(transcript: Transcript, *, min_repeats: int, max_unit: int,
                min_parts: int) -> tuple[Transcript, tuple[tuple[float, float], ...]]:
    """What was said: the transcript without the words of its loops (:func:`loop_spans`), for every analysis
    of the words; and each loop's (start_s, end_s), which the report keeps in its ``recogniser_loop``
    warnings (:attr:`coach.report.pipeline.SessionReport.said` reads them back)."""
    words = transcript.words
    spans = loop_spans([w.text for w in words], min_repeats=min_repeats, max_unit=max_unit, min_parts=min_parts)
    loops = tuple((words[a].start, words[b - 1].end) for a, b in spans)
    return without_stretches(transcript, loops), loops
