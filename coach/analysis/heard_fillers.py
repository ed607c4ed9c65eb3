"""Written and heard fillers merged: the transcript's filler events and the filled pauses found in the
signal (:mod:`coach.analysis.acoustic_fillers`), each filler once. The report (:mod:`coach.analysis.fillers`)
and the second listen's dev sweep (``benchmarks/filler_listen.py``) merge them here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..lang.syllables import is_filled_pause
from ..types import FillerEvent

__all__ = ["with_heard"]


def _overlap(a: FillerEvent, b: FillerEvent) -> bool:
    """Whether two events share time; a word Whisper gave no length (start = end) shares the time of
    an event it lies inside."""
    return a.start < b.end and b.start < a.end


def _heard_extent(event: FillerEvent, acoustic: Sequence[FillerEvent], written: Sequence[FillerEvent]) -> FillerEvent:
    """A hesitation sound Whisper wrote ("eh,", "Um") spanning the filled pauses heard in the signal
    that overlap it: Whisper times such a word loosely, often with no length at all (start = end), so
    the sound's own extent is where to play it from and what it covers. Where one heard sound also lies
    under other written hesitations ("um, um, um" heard as one stretch), each takes only its share of it,
    cut halfway between the written words' centres, so each is still one filler at its own moment."""
    if not is_filled_pause(event.text):
        return event
    heard = [a for a in acoustic if _overlap(a, event)]
    if not heard:
        return event
    centre = (event.start + event.end) / 2
    start, end = event.start, event.end
    for a in heard:
        lo, hi = a.start, a.end
        for w in written:
            other = (w.start + w.end) / 2
            if w is event or not is_filled_pause(w.text) or not _overlap(a, w) or other == centre:
                continue
            if other < centre:
                lo = max(lo, (other + centre) / 2)
            else:
                hi = min(hi, (other + centre) / 2)
        start, end = min(start, lo), max(end, hi)
    return replace(event, start=round(start, 3), end=round(end, 3))


def with_heard(written: Sequence[FillerEvent], acoustic: Sequence[FillerEvent], *,
               context: Sequence[FillerEvent] = ()) -> tuple[FillerEvent, ...]:
    """The transcript's filler events and the filled pauses heard in the signal, each filler once, in
    time order. An acoustic event overlapping a filler in ``written`` (a hesitation sound, an always-filler,
    a repetition or restart) is that filler and is dropped, a written hesitation sound taking the extent of
    those it overlaps (:func:`_heard_extent`). One under a filler of ``context`` (a context word such as
    "So," or "jadi," counted where it stands alone) is a filler of its own: Whisper stretches the word
    before a hesitation over the "uh" it drops."""
    found = [_heard_extent(e, acoustic, written) for e in written]
    extra = [a for a in acoustic if not any(_overlap(a, t) for t in found)]
    return tuple(sorted((*found, *context, *extra), key=lambda e: (e.start, e.end)))
