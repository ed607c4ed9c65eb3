"""Fillers and disfluencies: filler words in the transcript, filled pauses heard in the signal,
repeated words and restarts.

Whisper drops most filled pauses (Whisper paper, appendix C), so the transcript undercounts; the
acoustic detector's events are merged in here without counting a filler twice. Zero fillers is not
the goal: moderate disfluency sounds human (Conrad et al. 2013), so the score is flat up to
``fillers.per_100_words_good``. Word lists are in ``coach/lang/<lang>.toml`` under ``[fillers]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..guidelines import Guidelines
from ..lang.lexicon import Match, Token, filler_matches, find_phrases, load_lexicon, said, speaking_span, tokenise
from ..lang.reduplication import is_reduplication
from ..lang.syllables import normalise_word
from ..types import Event, FillerEvent, Transcript
from .heard_fillers import with_heard

__all__ = ["FillerResult", "analyse_fillers", "find_transcript_fillers", "with_heard"]


@dataclass(frozen=True)
class FillerResult:
    """Fillers and disfluencies in one talk.

    count : events, from the transcript and the signal
    weighted_count : sum of event weights (context-dependent fillers weigh ``fillers.contextual_weight``)
    per_100_words : ``weighted_count`` per 100 transcript words
    per_minute : ``weighted_count`` per minute of speaking time
    events : every filler, repetition and restart, sorted by start (s)
    bursts : stretches with ``fillers.burst_count`` or more events within ``fillers.burst_window_s``
    repetitions : repeated words ("saya saya")
    restarts : a cut-off word ("mem- membangun")
    score : 0–100, see :func:`analyse_fillers`
    """

    count: int
    weighted_count: float
    per_100_words: float
    per_minute: float
    events: tuple[FillerEvent, ...]
    bursts: tuple[Event, ...]
    repetitions: int
    restarts: int
    score: float


def _pause_between(a: Token, b: Token, pause_spans: Sequence[tuple[float, float]], min_s: float) -> bool:
    """A pause of at least ``min_s`` between tokens a and b: from the word gap or a signal pause.

    A signal pause belongs to this gap when its midpoint lies between the two words' midpoints:
    Whisper stretches words over pauses, so the gap itself can be near zero.
    """
    if b.start - a.end >= min_s:
        return True
    lo, hi = (a.start + a.end) / 2, (b.start + b.end) / 2
    return any(e - s >= min_s and lo < (s + e) / 2 < hi for s, e in pause_spans)


def _event(tokens: Sequence[Token], m: Match, weight: float) -> FillerEvent:
    return FillerEvent(said(tokens, m), tokens[m.start].start, tokens[m.stop - 1].end, "transcript", weight)


def _contexts(
    tokens: Sequence[Token], m: Match, pause_spans: Sequence[tuple[float, float]], min_s: float
) -> tuple[bool, bool, bool]:
    """(at sentence start, alone between breaks, sentence-final tag after a break) for a match.

    A sentence start counts as a break on the left, so "Jadi, warga …" stands alone.
    """
    prev = tokens[m.start - 1] if m.start > 0 else None
    last = tokens[m.stop - 1]
    nxt = tokens[m.stop] if m.stop < len(tokens) else None
    at_start = prev is None or prev.sentence_end
    left_break = not at_start and (prev.comma_after or _pause_between(prev, tokens[m.start], pause_spans, min_s))
    final = last.sentence_end or nxt is None
    right_break = last.comma_after or (nxt is not None and _pause_between(last, nxt, pause_spans, min_s))
    alone = (left_break or at_start) and right_break and not final
    tag = left_break and final
    return at_start, alone, tag


Pitch = tuple[np.ndarray, np.ndarray]
# F0 either side of a pause: the voiced frames within this distance of its edge, at most this many.
_RESET_REACH_S = 0.5
_RESET_FRAMES = 10


def _gap_between(
    a: Token, b: Token, pause_spans: Sequence[tuple[float, float]], min_s: float
) -> tuple[float, float] | None:
    """The pause (start_s, end_s) of at least ``min_s`` between tokens a and b, or None (see :func:`_pause_between`)."""
    if b.start - a.end >= min_s:
        return a.end, b.start
    lo, hi = (a.start + a.end) / 2, (b.start + b.end) / 2
    inside = [(s, e) for s, e in pause_spans if e - s >= min_s and lo < (s + e) / 2 < hi]
    return max(inside, key=lambda se: se[1] - se[0]) if inside else None


def _pitch_reset_semitones(gap: tuple[float, float], pitch: Pitch | None) -> float | None:
    """F0 just after the pause over F0 just before it, semitones; None when either side is unvoiced.

    Measured at the pause's edges, not at the words' times: Whisper stretches words over pauses.
    """
    if pitch is None:
        return None
    times, f0 = pitch
    voiced = np.isfinite(f0)
    before = f0[voiced & (times <= gap[0]) & (times >= gap[0] - _RESET_REACH_S)][-_RESET_FRAMES:]
    after = f0[voiced & (times >= gap[1]) & (times <= gap[1] + _RESET_REACH_S)][:_RESET_FRAMES]
    if before.size == 0 or after.size == 0:
        return None
    return 12.0 * float(np.log2(np.median(after) / np.median(before)))


def _sentence_break(
    a: Token,
    b: Token,
    *,
    segment_last: set[tuple[float, float]],
    pause_spans: Sequence[tuple[float, float]],
    pitch: Pitch | None,
    min_pause_s: float,
    min_reset_st: float,
) -> bool:
    """Whether a sentence ends between tokens a and b though the recogniser wrote no full stop.

    It does when ``a`` closes one of the recogniser's segments, or when a pause of at least
    ``min_pause_s`` separates them and the pitch resets upwards by ``min_reset_st`` or more (a new
    sentence starts high after the final fall; a repeated word after a hesitation carries on at the
    same height). Without a pitch measurement at both edges the pause alone decides.
    """
    if a.sentence_end:
        return True
    if (a.start, a.end) in segment_last and (b.start, b.end) != (a.start, a.end):
        return True
    gap = _gap_between(a, b, pause_spans, min_pause_s)
    if gap is None:
        return False
    reset = _pitch_reset_semitones(gap, pitch)
    return reset is None or reset >= min_reset_st


def _opener_runs(openers: dict[int, Match], tokens: Sequence[Token], min_run: int) -> set[int]:
    """Sentence indexes whose opener repeats the same word in ``min_run`` or more sentences in a row."""
    hits: set[int] = set()
    run: list[int] = []
    for sentence in sorted(openers):
        phrase = openers[sentence].phrase
        if run and sentence == run[-1] + 1 and openers[run[-1]].phrase == phrase:
            run.append(sentence)
        else:
            run = [sentence]
        if len(run) >= min_run:
            hits.update(run)
    return hits


def find_transcript_fillers(
    transcript: Transcript,
    *,
    lang: str,
    guidelines: Guidelines,
    pause_spans: Sequence[tuple[float, float]] = (),
    pitch: Pitch | None = None,
) -> tuple[FillerEvent, ...]:
    """Filler words, repeated words and restarts in the transcript, sorted by start.

    Always-fillers ("eh", "emm", "uh") count anywhere, weight 1, whatever Whisper's spelling
    ("Eee", "Emm...", "Uh-"). Context-dependent words ("jadi", "ya", "so",
    "like") count, weight ``fillers.contextual_weight``, only when they stand alone between pauses,
    commas or a sentence start ("…, ya, …", "Jadi, warga …"), close a sentence after a break
    ("…, ya?") or as a bare tag ("…gitu."), or open ``fillers.opener_repeat_min`` or more sentences
    in a row. Answer words set off at a sentence start ("Ya, benar."; ``fillers.sentence_start_ok``
    in the word list) and context words run into their sentence ("Jadi kami …") said once are
    ordinary words. Words are compared with repeated letters squeezed ("yaa" = "ya").
    Repeated words and restarts weigh 1. Indonesian reduplication ("rata rata", "masing -masing",
    "bermacam- macam"; :func:`coach.lang.reduplication.is_reduplication`) is neither. A word that
    ends one sentence and opens the next is no repetition, even without a full stop between them:
    see :func:`_sentence_break` (``fillers.sentence_break_pitch_reset_semitones``).

    Parameters
    ----------
    pause_spans : (start_s, end_s) of pauses found in the signal; with word gaps of at least
        ``pauses.min_s`` they mark the breaks around a context-dependent word and sentence breaks
    pitch : (times_s, f0_hz) from :func:`coach.analysis.prosody.pitch_track`, NaN where unvoiced;
        tells a sentence break (pitch reset) from a hesitant repetition
    """
    return tuple(e for e, _ in _find(transcript, lang=lang, guidelines=guidelines, pause_spans=pause_spans,
                                     pitch=pitch))


def _find(
    transcript: Transcript, *, lang: str, guidelines: Guidelines, pause_spans: Sequence[tuple[float, float]],
    pitch: Pitch | None = None,
) -> list[tuple[FillerEvent, str]]:
    """Transcript events with their kind: "filler", "context" (a context-dependent word such as "jadi",
    "so", counted where it stands alone), "repetition" or "restart", sorted by start."""
    lex = load_lexicon(lang)
    tokens = tokenise(transcript)
    min_s = float(guidelines.value("pauses.min_s", lang))
    contextual_weight = float(guidelines.value("fillers.contextual_weight", lang))
    not_after = lex.not_after("fillers.not_after")
    events: list[tuple[FillerEvent, str]] = []
    used: set[int] = set()

    def take(m: Match, weight: float, kind: str = "filler") -> None:
        events.append((_event(tokens, m, weight), kind))
        used.update(range(m.start, m.stop))

    for m in filler_matches(tokens, lex):
        if m.start > 0 and tokens[m.start - 1].text in not_after.get(m.phrase, ()):
            continue  # "si anu" names someone
        take(m, 1.0)

    def free(matches: list[Match]) -> list[Match]:
        return [m for m in matches if not used.intersection(range(m.start, m.stop))]

    for m in free(find_phrases(tokens, lex.phrases("fillers.always_when_alone"))):
        if _contexts(tokens, m, pause_spans, min_s)[1]:
            take(m, 1.0)

    bare_tags = {" ".join(p) for p in lex.phrases("fillers.bare_tags")}
    answer_words = {" ".join(p) for p in lex.phrases("fillers.sentence_start_ok")}
    contextual = free(
        find_phrases(tokens, lex.phrases("fillers.contextual") + lex.phrases("fillers.bare_tags"), squeezed=True)
    )
    openers: dict[int, Match] = {}
    for m in contextual:
        at_start, alone, tag = _contexts(tokens, m, pause_spans, min_s)
        final = tokens[m.stop - 1].sentence_end or m.stop == len(tokens)
        if (alone and not (at_start and m.phrase in answer_words)) or tag or (
            m.phrase in bare_tags and final and not at_start
        ):
            take(m, contextual_weight, "context")
        elif at_start:
            openers[tokens[m.start].sentence] = m
    opener_hits = _opener_runs(openers, tokens, int(guidelines.value("fillers.opener_repeat_min", lang)))
    for sentence in sorted(opener_hits):
        take(openers[sentence], contextual_weight, "context")

    ok_twice = set(lex.words("fillers.repetition_ok"))
    segment_last = {(s.words[-1].start, s.words[-1].end) for s in transcript.segments if s.words}
    min_reset_st = float(guidelines.value("fillers.sentence_break_pitch_reset_semitones", lang))
    restart_at: set[int] = set()
    redup_at: set[int] = set()
    for i, t in enumerate(tokens):
        if i in used:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        cut = t.raw.rstrip("\"'”’»)],;:").endswith("-") and not t.comma_after
        hyphen = cut or (nxt is not None and nxt.raw.lstrip("\"'“‘«([").startswith("-"))
        if (
            nxt is not None
            and is_reduplication(t.text, nxt.text, lang=lang, hyphen=hyphen)
            and (hyphen or not _pause_between(t, nxt, pause_spans, min_s))
        ):
            # "masing- masing", "rata rata": one word, said in one breath. A pause inside
            # ("pembangunan … pembangunan") makes it a repetition, checked below.
            redup_at.add(i + 1)
            continue
        if i in redup_at:
            continue
        if cut:
            restart_at.add(i)
            events.append((FillerEvent(t.raw.rstrip(",;:").lower(), t.start, t.end, "transcript", 1.0), "restart"))
            continue
        prev = tokens[i - 1] if i > 0 else None
        if (
            prev is not None
            and prev.text == t.text
            and i - 1 not in used
            and i - 1 not in restart_at
            and not _sentence_break(prev, t, segment_last=segment_last, pause_spans=pause_spans, pitch=pitch,
                                    min_pause_s=min_s, min_reset_st=min_reset_st)
            and t.text not in ok_twice
            and not t.text.isdigit()
        ):
            events.append((FillerEvent(f"{prev.text} {t.text}", prev.start, t.end, "transcript", 1.0), "repetition"))
    return sorted(events, key=lambda ek: (ek[0].start, ek[0].end))


def _bursts(events: Sequence[FillerEvent], *, count: int, window_s: float) -> tuple[Event, ...]:
    """Maximal stretches where every ``count`` consecutive events start within ``window_s``."""
    spans: list[list[int]] = []
    for i in range(len(events) - count + 1):
        j = i + count - 1
        if events[j].start - events[i].start <= window_s:
            if spans and i <= spans[-1][1]:
                spans[-1][1] = j
            else:
                spans.append([i, j])
    return tuple(
        Event(kind="filler_burst", start=events[a].start, end=max(e.end for e in events[a : b + 1]),
              label=f"{b - a + 1} fillers")
        for a, b in spans
    )


def analyse_fillers(
    transcript: Transcript,
    *,
    acoustic: Sequence[FillerEvent] = (),
    pause_spans: Sequence[tuple[float, float]] = (),
    pitch: Pitch | None = None,
    lang: str,
    guidelines: Guidelines,
) -> FillerResult:
    """Count fillers and disfluencies and score them against the norms.

    Parameters
    ----------
    acoustic : filled pauses found in the signal, merged with the transcript's by :func:`with_heard`
    pause_spans : signal pauses (s), passed to :func:`find_transcript_fillers`
    pitch : pitch track, passed to :func:`find_transcript_fillers`

    Returns
    -------
    FillerResult
        With ``r = per_100_words``, ``good = fillers.per_100_words_good`` and
        ``zero = 2 × fillers.per_100_words_limit``:
        ``score = 100`` if ``r ≤ good``, else ``100 × (zero − r) / (zero − good)``, then minus
        ``fillers.burst_penalty_per_minute`` × bursts per minute (the talk counted as at least
        ``scoring.rate_min_minutes`` long), clipped to 0–100: a rate, not a count, so the same habits
        score the same in a 1- and a 20-minute talk. No fillers at all scores the same as a few (zero
        is not better than natural).
    """
    kinds = _find(transcript, lang=lang, guidelines=guidelines, pause_spans=pause_spans, pitch=pitch)
    events = with_heard([e for e, kind in kinds if kind != "context"], acoustic,
                        context=[e for e, kind in kinds if kind == "context"])

    words = [w for w in transcript.words if normalise_word(w.text)]
    weighted = sum(e.weight for e in events)
    per_100 = 100.0 * weighted / len(words) if words else 0.0
    start_s, end_s = speaking_span(words)
    if events:
        start_s = min(start_s, events[0].start) if words else events[0].start
        end_s = max(end_s, max(e.end for e in events))
    minutes = (end_s - start_s) / 60.0
    per_minute = weighted / minutes if minutes > 0 else 0.0

    bursts = _bursts(
        events,
        count=int(guidelines.value("fillers.burst_count", lang)),
        window_s=float(guidelines.value("fillers.burst_window_s", lang)),
    )
    good = float(guidelines.value("fillers.per_100_words_good", lang))
    zero = 2.0 * float(guidelines.value("fillers.per_100_words_limit", lang))
    base = 100.0 if per_100 <= good else 100.0 * (zero - per_100) / (zero - good)
    bursts_per_minute = len(bursts) / max(minutes, float(guidelines.value("scoring.rate_min_minutes", lang)))
    penalty = float(guidelines.value("fillers.burst_penalty_per_minute", lang)) * bursts_per_minute
    score = min(100.0, max(0.0, base - penalty))
    return FillerResult(
        count=len(events),
        weighted_count=weighted,
        per_100_words=per_100,
        per_minute=per_minute,
        events=events,
        bursts=bursts,
        repetitions=sum(1 for _, kind in kinds if kind == "repetition"),
        restarts=sum(1 for _, kind in kinds if kind == "restart"),
        score=score,
    )
