"""Silent pauses: found in the signal, placed by the words.

A pause is at least ``pauses.min_s`` of signal more than ``pauses.below_peak_db`` below the
speech's loud level (de Jong & Wempe 2009), measured with :mod:`coach.features.signal`; in a noisy room,
where that line lies under the noise, a frame within ``pauses.above_noise_floor_db`` of the noise floor
is silent instead. Whisper's word
times drift around silences (DESIGN.md), so the words only say *where* a pause falls: after a
sentence (the preceding word ends with . ? !) or inside one (a clause pause).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..guidelines import Guidelines
from ..lang.syllables import count_syllables, is_filled_pause
from ..features.frames import SignalFeatures, features_of
from ..features.signal import mask_to_spans, noise_rule, silence_below_peak_db
from ..types import Word

__all__ = ["Pause", "PauseResult", "analyse_pauses", "find_silences"]

# Level frames: 30 ms long every 10 ms (the product's one definition of activity, coach.features.signal).
_FRAME_S = 0.03
_HOP_S = 0.01
# A burst of "sound" this short inside a silence is a click or breath noise, not speech:
# bridging it keeps one pause from being split in two.
_MAX_BLIP_S = 0.04
_SENTENCE_END = (".", "?", "!", "…")
# How far Whisper's word ends drift from a silence's start, seconds (DESIGN.md: inserted 1.5 s
# pauses show as 1.3–1.5 s word gaps).
_DRIFT_S = 0.3



@dataclass(frozen=True)
class Pause:
    """One silent pause.

    start, end : seconds from the start of the recording
    duration_s : end − start, seconds
    kind : "sentence" (after a word ending in . ? !) or "clause"
    long : a clause pause over ``pauses.clause_long_s``, or any pause over ``pauses.very_long_s``
    """

    start: float
    end: float
    duration_s: float
    kind: str
    long: bool


@dataclass(frozen=True)
class PauseResult:
    """Pauses of one recording and their summary.

    events : every pause, in time order
    count : len(events)
    total_pause_s : summed pause time, seconds
    sentence_pause_count : pauses of kind "sentence"
    sentence_pauses_in_range_share : share of sentence pauses inside ``pauses.sentence_good_s``, 0–1;
        None without sentence pauses
    long_clause_count : clause pauses over ``pauses.clause_long_s``
    very_long_count : pauses (any kind) over ``pauses.very_long_s``
    mean_length_of_run_syllables : mean syllables between pauses over ``pauses.run_pause_s``
        (Hincks 2005); None without words
    score : 0–100, see :func:`analyse_pauses`
    """

    events: tuple[Pause, ...]
    count: int
    total_pause_s: float
    sentence_pause_count: int
    sentence_pauses_in_range_share: float | None
    long_clause_count: int
    very_long_count: int
    mean_length_of_run_syllables: float | None
    score: float


def find_silences(
    samples: np.ndarray, *, sr: int, min_pause_s: float, below_peak_db: float, features: SignalFeatures | None = None,
    noise_floor_percentile: float | None = None, above_noise_floor_db: float | None = None,
    min_below_peak_db: float = 0.0,
) -> list[tuple[float, float]]:
    """Silences inside the speech, as (start_s, end_s), in time order.

    Parameters
    ----------
    samples : float array, shape (n,), mono
    sr : sample rate, Hz
    min_pause_s : shortest silence reported, seconds
    below_peak_db : a frame is silent when more than this many dB below the loud level
    features : the recording's frame measures (:class:`coach.features.frames.SignalFeatures`), if already made
    noise_floor_percentile, above_noise_floor_db, min_below_peak_db : with the first two, a frame within
        ``above_noise_floor_db`` of the noise floor is silent too, down to ``min_below_peak_db`` below the loud
        level (:func:`coach.features.signal.silence_below_peak_db`)

    Returns
    -------
    list of (start_s, end_s); silence before the first and after the last sound is left out.
    """
    features = features_of(samples, sr, features)
    below = silence_below_peak_db(features.levels(frame_s=_FRAME_S, hop_s=_HOP_S)[1], below_peak_db=below_peak_db,
                                  noise_floor_percentile=noise_floor_percentile,
                                  above_noise_floor_db=above_noise_floor_db, min_below_peak_db=min_below_peak_db)
    active = features.activity(frame_s=_FRAME_S, hop_s=_HOP_S, below_peak_db=below)
    if not active.any():
        return []
    # Bridge tiny active blips so a click does not split a pause.
    quiet = ~active
    for s, e in mask_to_spans(active, hop_s=1.0):
        if e - s <= _MAX_BLIP_S / _HOP_S and 0 < s and e < len(active):
            quiet[int(s):int(e)] = True
    first, last = np.flatnonzero(~quiet)[[0, -1]]
    # A frame touching any speech reads as active, so a silent run's first frame is centred about
    # half a frame plus half a hop after the speech stops; its last one as far before it resumes.
    edge_s = _FRAME_S / 2 + _HOP_S / 2
    spans = []
    for s, e in mask_to_spans(quiet, hop_s=1.0):  # frame indices, end exclusive
        if s <= first or e > last:
            continue  # leading or trailing silence is not a pause
        start_s, end_s = s * _HOP_S - edge_s, (e - 1) * _HOP_S + edge_s
        if end_s - start_s >= min_pause_s:
            spans.append((round(float(start_s), 3), round(float(end_s), 3)))
    return spans


def _ends_sentence(words: tuple[Word, ...], *, start: float, end: float) -> bool:
    """Whether the pause at start–end (s) follows a sentence end in ``words``.

    The word before a pause is the last one whose midpoint lies before the pause's middle
    (Whisper's word times drift around silences; midpoints drift least). Filled-pause tokens
    ("Um,") are skipped: an "um" between two sentences does not make the pause a clause pause.
    Any other word ending within ``_DRIFT_S`` of the pause's start counts too, because Whisper
    sometimes slides the next word's start into the silence ("visitor. The [pause] stories").
    """
    middle = (start + end) / 2
    before = [w for w in words if (w.start + w.end) / 2 < middle and not is_filled_pause(w.text)]
    if not before:
        return False
    near = [w for w in before[:-1] if w.end >= start - _DRIFT_S] + [before[-1]]
    # Closing quotes and brackets may follow the full stop: 'said "yes."'.
    return any(w.text.strip().rstrip("\"'”’)]").endswith(_SENTENCE_END) for w in near)



def _mean_length_of_run(words: tuple[Word, ...], silences: list[tuple[float, float]], *, lang: str) -> float | None:
    """Mean syllables per run, runs being the stretches between ``silences``; None without words."""
    if not words:
        return None
    bounds = [(s + e) / 2 for s, e in silences]
    runs = np.zeros(len(bounds) + 1)
    for w in words:
        runs[int(np.searchsorted(bounds, (w.start + w.end) / 2))] += count_syllables(w.text, lang)
    runs = runs[runs > 0]
    return float(np.mean(runs)) if runs.size else None


def analyse_pauses(
    samples: np.ndarray, *, sr: int, words: tuple[Word, ...], lang: str, guidelines: Guidelines,
    features: SignalFeatures | None = None,
) -> PauseResult:
    """Find the pauses in a recording and judge them against the guidelines.

    Parameters
    ----------
    samples : float array, shape (n,), mono
    sr : sample rate, Hz
    words : the transcript's words, in time order (seconds)
    lang : "id" or "en" (for syllable counts)
    guidelines : thresholds under ``pauses.*``
    features : the recording's frame measures (:class:`coach.features.frames.SignalFeatures`), if already made

    Returns
    -------
    PauseResult

    Notes
    -----
    Score, 0–100, starts at 100 and loses:

    * ``pauses.score_long_clause_penalty_per_minute`` (10) per clause pause over
      ``pauses.clause_long_s`` that is not also very long (hesitation mid-sentence), per minute;
    * ``pauses.score_very_long_penalty_per_minute`` (15) per pause over ``pauses.very_long_s``,
      per minute;
    * up to ``pauses.score_sentence_range_weight`` (30) × the share of sentence pauses outside
      ``pauses.sentence_good_s`` (too short to let a point land, or too long).

    Minutes are the recording's length, at least ``scoring.rate_min_minutes``: penalties follow
    the rate of long pauses, not their number, so a long talk is not punished for its length.
    It is clipped to 0–100. Speaking without any pause loses nothing here: pace and mean
    length of run report that.
    """
    min_s = float(guidelines.value("pauses.min_s"))
    below_db = float(guidelines.value("pauses.below_peak_db"))
    clause_long_s = float(guidelines.value("pauses.clause_long_s"))
    very_long_s = float(guidelines.value("pauses.very_long_s"))
    good_lo, good_hi = (float(v) for v in guidelines.value("pauses.sentence_good_s"))
    words = tuple(sorted(words, key=lambda w: w.start))

    events = []
    noise = noise_rule(guidelines)
    for start, end in find_silences(samples, sr=sr, min_pause_s=min_s, below_peak_db=below_db, features=features,
                                    **noise):
        kind = "sentence" if _ends_sentence(words, start=start, end=end) else "clause"
        duration = round(end - start, 3)
        long = (kind == "clause" and duration > clause_long_s) or duration > very_long_s
        events.append(Pause(start=start, end=end, duration_s=duration, kind=kind, long=long))

    sentence = [p for p in events if p.kind == "sentence"]
    in_range = [p for p in sentence if good_lo <= p.duration_s <= good_hi]
    share = len(in_range) / len(sentence) if sentence else None
    very_long = sum(p.duration_s > very_long_s for p in events)
    long_clause = sum(p.kind == "clause" and p.duration_s > clause_long_s for p in events)
    long_clause_only = sum(p.kind == "clause" and clause_long_s < p.duration_s <= very_long_s for p in events)

    run_pause_s = float(guidelines.value("pauses.run_pause_s"))
    run_silences = find_silences(samples, sr=sr, min_pause_s=run_pause_s, below_peak_db=below_db,
                                  features=features, **noise)
    mlr = _mean_length_of_run(words, run_silences, lang=lang)

    minutes = max(samples.size / sr / 60.0, float(guidelines.value("scoring.rate_min_minutes")))
    score = 100.0
    score -= float(guidelines.value("pauses.score_long_clause_penalty_per_minute")) * long_clause_only / minutes
    score -= float(guidelines.value("pauses.score_very_long_penalty_per_minute")) * very_long / minutes
    if share is not None:
        score -= float(guidelines.value("pauses.score_sentence_range_weight")) * (1.0 - share)
    return PauseResult(
        events=tuple(events),
        count=len(events),
        total_pause_s=round(float(sum(p.duration_s for p in events)), 3),
        sentence_pause_count=len(sentence),
        sentence_pauses_in_range_share=share,
        long_clause_count=long_clause,
        very_long_count=very_long,
        mean_length_of_run_syllables=mlr,
        score=round(float(np.clip(score, 0.0, 100.0)), 1),
    )
