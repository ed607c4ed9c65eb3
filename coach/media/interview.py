"""Interview answers: one spoken answer to a journalist's question (doorstop, press conference).

Adds what media training looks for in an answer to the analysis of its recording
(:class:`coach.report.pipeline.SessionReport`): how fast the answer starts, how long it runs against the
norm (a soundbite: Covello's 27 words / 9 s; a doorstop answer: 1–2 minutes at most), whether a
key message comes first, bridging (ABC: acknowledge, bridge, communicate), "no comment" in any
wording and hedges (DOMAIN.md, "Messages and media relations"). :func:`summarise_session` sums
up a series of questions. Thresholds and weights are in ``coach/guidelines.toml`` under
``interview.*``; bridging phrases in ``coach/lang/<lang>.toml`` ``[interview]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import fmean
from typing import TYPE_CHECKING

from ..analysis.messages import KeyMessageResult, analyse_messages
from .answer_timing import first_voice_s
from ..guidelines import Guidelines
from ..lang.lexicon import Token, find_phrases, load_lexicon, said, tokenise
from ..analysis.scores import overall_score
from ..types import Segment, Transcript

if TYPE_CHECKING:
    from ..report.pipeline import SessionReport

__all__ = ["ASPECTS", "AnswerResult", "QuestionRow", "SessionSummary", "score_answer", "summarise_session"]

ASPECTS = ("latency", "length", "key_message_covered", "key_message_first", "bridging", "no_comment", "hedges")


@dataclass(frozen=True)
class AnswerResult:
    """One scored answer.

    question, kind : the question; "soundbite" is held to the soundbite norm, any other kind
        ("doorstop", "press_conference", "crisis") to ``interview.answer_s``
    latency_s : the first voiced frame (Silero VAD; the first word's start without it) at or after
        ``asked_at_s``, minus ``asked_at_s``, seconds, at least 0; None without words
    answer_words, answer_s : words said after ``asked_at_s``; first word start to last word end, s
    soundbite : at most ``interview.soundbite_words_max`` words and ``interview.soundbite_s_max`` s
    key_messages : per key message: covered, first mention (s), repetitions (within the answer)
    key_message_at_word : 0-based answer word where the first key-message mention starts, or None
    key_message_first : that word lies in the first content sentence (sentences holding an
        acknowledging phrase come before it) and within ``interview.key_message_within_words``
        words; None without key messages
    acknowledged : acknowledging phrases ("terima kasih atas pertanyaannya"; the [public] listening list)
    bridging : bridging phrases said ("yang lebih penting adalah", "what I can tell you"), in order
    bridged_to_message : a bridging phrase came before the first key-message mention; None without
        key messages
    no_comment, no_comment_at : "no comment" in any wording, from the report's public-centred result
    hedges, hedges_per_100_words : hedges said ("mungkin", "I think"), and per 100 answer words
    aspects : 0–100 per aspect in :data:`ASPECTS`, None when it does not apply
    score : 0–100, see :func:`score_answer`
    asked_at_s : when the question ended, seconds from the recording's start (negative: the recording
        began after it)
    latency_basis : "question" when timed from the end of the question (:mod:`coach.media.answer_timing`),
        "recording" when only from the recording's start (no timing known: an upload, the CLI)
    time_limit_s, over_time_s : the time to answer, and how far past it the last word ended (0 within
        it); None without a limit
    """

    question: str
    kind: str
    latency_s: float | None
    answer_words: int
    answer_s: float
    soundbite: bool
    key_messages: tuple[KeyMessageResult, ...]
    key_message_at_word: int | None
    key_message_first: bool | None
    acknowledged: tuple[str, ...]
    bridging: tuple[str, ...]
    bridged_to_message: bool | None
    no_comment: bool
    no_comment_at: tuple[float, ...]
    hedges: tuple[str, ...]
    hedges_per_100_words: float
    aspects: dict[str, float | None]
    score: float
    asked_at_s: float = 0.0
    latency_basis: str = "recording"
    time_limit_s: float | None = None
    over_time_s: float | None = None


@dataclass(frozen=True)
class QuestionRow:
    """One line of a session summary."""

    question: str
    score: float
    latency_s: float | None
    answer_s: float
    answer_words: int
    key_message_first: bool | None
    bridging: int
    no_comment: bool
    hedges: int


@dataclass(frozen=True)
class SessionSummary:
    """A series of answers.

    mean_score : mean of the answers' scores, None without answers
    aspect_means : mean of each aspect over the answers where it applies
    weakest_aspect : the aspect with the lowest mean (ties: the first in :data:`ASPECTS`)
    no_comment_count : answers with "no comment"
    rows : one per question, in order
    """

    count: int
    mean_score: float | None
    aspect_means: dict[str, float]
    weakest_aspect: str | None
    no_comment_count: int
    rows: tuple[QuestionRow, ...]


def _falling(value: float, full: float, zero: float) -> float:
    """1 up to ``full``, falling linearly to 0 at ``zero``."""
    if value <= full:
        return 1.0
    return max(0.0, (zero - value) / (zero - full)) if zero > full else 0.0


def _answer_only(transcript: Transcript, asked_at_s: float) -> Transcript:
    """The transcript without words that start before ``asked_at_s`` (the question, if recorded)."""
    segments = []
    for s in transcript.segments:
        words = tuple(w for w in s.words if w.start >= asked_at_s)
        if words:
            segments.append(Segment(" ".join(w.text.strip() for w in words), words[0].start, words[-1].end, words))
    return replace(transcript, segments=tuple(segments))


def _phrases(tokens: Sequence[Token], lang: str, path: str) -> list[tuple[int, str]]:
    return [(m.start, said(tokens, m)) for m in find_phrases(tokens, load_lexicon(lang).phrases(path))]


def score_answer(
    report: SessionReport,
    *,
    question: str,
    asked_at_s: float = 0.0,
    key_messages: Sequence[str] = (),
    lang: str,
    guidelines: Guidelines,
    kind: str = "doorstop",
    latency_basis: str = "recording",
    time_limit_s: float | None = None,
) -> AnswerResult:
    """Score one recorded answer to ``question``.

    Parameters
    ----------
    report : the analysis of the answer's recording (:func:`coach.report.pipeline.analyse`)
    asked_at_s : when the question ended, seconds from the recording's start (0 when the
        recording starts after it, negative when it started that long after); words before it are
        not part of the answer
    latency_basis : what ``asked_at_s`` is measured from, saved with the answer ("question" or "recording")
    time_limit_s : the time to answer once the question ended; the answer's ``over_time_s`` says how
        far past it the last word ended
    key_messages : up to three messages the answer should carry; the first is the main one
    lang : "id" or "en"
    kind : the exercise kind; "soundbite" is held to 27 words / 9 s, others to 1–2 minutes

    Returns
    -------
    AnswerResult
        ``score = 100 × Σ wₖ·partₖ / Σ wₖ`` over the parts that apply, weights
        ``interview.score_weights``, parts in 0–1: *latency* 1 up to the first of
        ``interview.latency_s``, linearly to 0 at the second; *length* for a soundbite the lower of
        words and seconds, each 1 up to its soundbite maximum and 0 at twice it, otherwise 1 up to
        the first of ``interview.answer_s`` and 0 at the second; *key_message_covered* the share of
        key messages covered; *key_message_first* 1 when a key message starts in the first content
        sentence within ``interview.key_message_within_words`` words; *bridging* 1 when a key
        message came first or a bridging phrase led to it, else 0; *no_comment* 0 when said, else
        1; *hedges* 1 up to ``clarity.hedges_per_100_words_max`` per 100 words, 0 at twice that.
        Key-message parts apply only when key messages are given.
    """
    g = lambda name: guidelines.value(name, lang)
    answer = _answer_only(report.said, asked_at_s)
    tokens = tokenise(answer)
    words = answer.words
    voice = first_voice_s(getattr(report, "speech_spans", ()), after_s=asked_at_s)
    start = (voice if voice is not None else words[0].start) if words else None  # the signal, not drifting word times
    latency = round(max(0.0, start - asked_at_s), 2) if start is not None else None
    answer_s = max(w.end for w in words) - words[0].start if words else 0.0
    sb_words, sb_s = float(g("interview.soundbite_words_max")), float(g("interview.soundbite_s_max"))
    soundbite = bool(words) and len(tokens) <= sb_words and answer_s <= sb_s

    messages = [m for m in key_messages if m and m.strip()]
    found = analyse_messages(answer, key_messages=messages, lang=lang, guidelines=guidelines).key_messages
    firsts = [k.first_mention_s for k in found if k.first_mention_s is not None]
    at_word = next((i for i, t in enumerate(tokens) if t.start >= min(firsts)), None) if firsts else None
    acknowledged = _phrases(tokens, lang, "public.listening")
    # the first content sentence: sentences that only acknowledge the question come before it
    skip = {tokens[i].sentence for i, _ in acknowledged}
    opening = next((t.sentence for t in tokens if t.sentence not in skip), None)
    first = (at_word is not None and tokens[at_word].sentence == opening
             and at_word < int(g("interview.key_message_within_words"))) if messages else None
    bridging = _phrases(tokens, lang, "interview.bridging")
    bridged = (at_word is not None and any(i < at_word for i, _ in bridging)) if messages else None
    hedges = [h for _, h in _phrases(tokens, lang, "clarity.hedges")]
    hedge_rate = 100.0 * len(hedges) / len(tokens) if tokens else 0.0
    no_comment_at = tuple(t for t in report.public.no_comment_at if t >= asked_at_s)

    lo_latency, hi_latency = (float(v) for v in g("interview.latency_s"))
    lo_answer, hi_answer = (float(v) for v in g("interview.answer_s"))
    hedge_max = float(g("clarity.hedges_per_100_words_max"))
    if kind == "soundbite":
        length = min(_falling(len(tokens), sb_words, 2 * sb_words), _falling(answer_s, sb_s, 2 * sb_s))
    else:
        length = _falling(answer_s, lo_answer, hi_answer)
    parts: dict[str, float | None] = {
        "latency": _falling(latency, lo_latency, hi_latency) if latency is not None else 0.0,
        "length": length if words else 0.0,
        "key_message_covered": sum(k.covered for k in found) / len(found) if messages else None,
        "key_message_first": float(bool(first)) if messages else None,
        "bridging": float(bool(first or bridged)) if messages else None,
        "no_comment": 0.0 if no_comment_at else 1.0,
        "hedges": _falling(hedge_rate, hedge_max, 2 * hedge_max),
    }
    score = overall_score({k: v for k, v in parts.items() if v is not None}, g("interview.score_weights")) or 0.0
    over = None
    if time_limit_s is not None:
        over = round(max(0.0, max(w.end for w in words) - (asked_at_s + time_limit_s)), 1) if words else 0.0
    return AnswerResult(
        question=question, kind=kind, latency_s=latency, answer_words=len(tokens), answer_s=answer_s,
        soundbite=soundbite, key_messages=tuple(found), key_message_at_word=at_word, key_message_first=first,
        acknowledged=tuple(dict.fromkeys(h for _, h in acknowledged)),
        bridging=tuple(h for _, h in bridging), bridged_to_message=bridged, no_comment=bool(no_comment_at),
        no_comment_at=no_comment_at, hedges=tuple(hedges), hedges_per_100_words=hedge_rate,
        aspects={k: (round(100.0 * v, 1) if v is not None else None) for k, v in parts.items()},
        score=round(100.0 * score, 1), asked_at_s=asked_at_s, latency_basis=latency_basis, time_limit_s=time_limit_s,
        over_time_s=over,
    )


def summarise_session(answers: Sequence[AnswerResult], scores: Sequence[float | None] | None = None) -> SessionSummary:
    """Sum up a series of answers: mean score, mean per aspect, the weakest aspect, one row each.

    ``scores``: the answers' scores as saved (a doorstop attempt's overall,
    :func:`coach.media.doorstop_session.answer_scores`); default each answer's own interview score.
    """
    if scores is not None:
        answers = [replace(a, score=a.score if s is None else float(s)) for a, s in zip(answers, scores, strict=True)]
    means = {}
    for aspect in ASPECTS:
        values = [a.aspects[aspect] for a in answers if a.aspects.get(aspect) is not None]
        if values:
            means[aspect] = round(fmean(values), 1)
    rows = tuple(
        QuestionRow(a.question, a.score, a.latency_s, a.answer_s, a.answer_words, a.key_message_first,
                    len(a.bridging), a.no_comment, len(a.hedges))
        for a in answers
    )
    return SessionSummary(
        count=len(answers),
        mean_score=round(fmean(a.score for a in answers), 1) if answers else None,
        aspect_means=means,
        weakest_aspect=min(means, key=lambda k: (means[k], ASPECTS.index(k))) if means else None,
        no_comment_count=sum(a.no_comment for a in answers),
        rows=rows,
    )
