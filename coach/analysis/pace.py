"""Speaking pace: words per minute, syllables per second and articulation rate, over the whole
talk and in 30-second windows.

Speaking rate (pauses included) and articulation rate (pauses excluded) are the standard pair in
speech-tempo research (de Jong & Wempe 2009). Syllables per second are not language-neutral
(Coupé et al. 2019), so the band comes from the guidelines per language.

The rate is measured twice: from the recognised words, and from syllable nuclei in the signal
(:mod:`coach.analysis.syllable_nuclei`), which does not depend on what Whisper heard. When the two
transcript holds fewer syllables than the signal by more than ``pace.signal_disagreement_max`` (it
lost speech) or the words' mean probability is under ``pace.min_mean_word_probability``, the verdict
rests on the signal
(``rate_basis = "signal"``): its syllable rate divided by ``pace.syllables_per_word`` gives the
words per minute that are held against the band. When the verdict rests on the transcript and
``pace.verdict_from_syllables`` is true for the language (Indonesian), the words per minute held
against the band come from the transcript's syllables the same way: Whisper base splits and merges
Indonesian words ("Komin fo", acronyms), which moves a word count by 12–17 %, but a split word keeps
its syllables. ``python benchmarks/pace_signal.py`` measures every rate against the true syllable
rate of clips with a known text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..guidelines import Guidelines
from ..lang.lexicon import speaking_span
from ..lang.syllables import count_syllables, is_filled_pause, normalise_word
from ..types import Event, Transcript, Word
from .syllable_nuclei import SyllableNuclei

__all__ = ["PaceResult", "PaceWindow", "analyse_pace", "choose_rate_basis", "closeness_to_band"]


@dataclass(frozen=True)
class PaceWindow:
    """One stretch of the talk (normally 30 s). ``in_band``: its wpm lies in the language's band;
    ``closeness``: 1 inside the band, falling linearly to 0 at ``pace.zero_off_band_share`` beyond it.
    Both judge ``verdict_words_per_minute``.

    signal_syllables_per_second : syllable nuclei in the window per second (None without a signal measurement)
    verdict_words_per_minute : ``words_per_minute``, or the signal's estimate when the result's
        ``rate_basis`` is "signal"
    """

    start: float
    end: float
    words_per_minute: float
    syllables_per_second: float
    in_band: bool
    closeness: float = 1.0
    signal_syllables_per_second: float | None = None
    verdict_words_per_minute: float | None = None


@dataclass(frozen=True)
class PaceResult:
    """Pace of one talk.

    words_per_minute : words over the speaking time (first word's start to last word's end), pauses
        included; fillers the recogniser wrote down count as words, as a listener hears them
    syllables_per_second : syllables over the same speaking time; hesitation sounds written as words
        ("Ehm", "Um", :func:`coach.lang.syllables.is_filled_pause`) are left out (a pruned rate)
    articulation_rate : syllables per second of speaking time with pauses (longer than
        ``pace.pause_min_s``) taken out
    verdict : "slow", "good" or "fast": ``verdict_words_per_minute`` against ``band_wpm``
    band_wpm : the language's recommended band (``pace.words_per_minute_band``)
    windows : consecutive windows of ``pace.window_s``; a last one shorter than
        ``pace.min_window_s`` is merged into the one before
    share_in_band : share of windows whose wpm is inside the band, 0–1
    out_of_band : one event per window outside the band, kind "pace_fast" or "pace_slow"
    score : 0–100, see :func:`analyse_pace`; None when there is no speech to time
    transcript_syllable_count : syllables of the recognised words
    signal_syllable_count : syllable nuclei found in the signal (de Jong & Wempe 2009); None when not measured
    signal_syllables_per_second : nuclei over the signal's speech span (first to last sound), pauses included
    signal_articulation_rate : nuclei per second of sounding time (pauses over ``pace.pause_min_s`` taken out)
    rate_disagreement : (transcript − signal syllable count) / signal count; None when not measured
    mean_word_probability : the recogniser's mean word probability, 0–1; None without words
    rate_basis : "transcript" or "signal": which measurement the verdict and windows rest on
    rate_basis_reason : why the signal was chosen: "disagreement", "low_word_probability",
        "no_words", or "" for the transcript
    verdict_words_per_minute : the words per minute held against the band: ``words_per_minute``, or
        ``signal_syllables_per_second × 60 / pace.syllables_per_word`` when ``rate_basis`` is "signal",
        or ``syllables_per_second × 60 / pace.syllables_per_word`` when ``verdict_from_syllables``
    verdict_syllables_per_second : the syllable rate the verdict rests on (the transcript's or the signal's)
    verdict_from_syllables : the transcript's verdict wpm comes from its syllables (``pace.verdict_from_syllables``)
    """

    words_per_minute: float
    syllables_per_second: float
    articulation_rate: float
    verdict: str
    band_wpm: tuple[float, float]
    windows: tuple[PaceWindow, ...]
    share_in_band: float
    out_of_band: tuple[Event, ...]
    score: float | None
    transcript_syllable_count: int = 0
    signal_syllable_count: int | None = None
    signal_syllables_per_second: float | None = None
    signal_articulation_rate: float | None = None
    rate_disagreement: float | None = None
    mean_word_probability: float | None = None
    rate_basis: str = "transcript"
    rate_basis_reason: str = ""
    verdict_words_per_minute: float = 0.0
    verdict_syllables_per_second: float = 0.0
    verdict_from_syllables: bool = False


def _spoken(words: Sequence[Word]) -> list[Word]:
    # Punctuation-only "words" are not spoken.
    return [w for w in words if normalise_word(w.text)]


def _window_bounds(start_s: float, end_s: float, *, window_s: float, min_window_s: float) -> list[tuple[float, float]]:
    bounds: list[tuple[float, float]] = []
    t = start_s
    while t < end_s:
        bounds.append((t, min(t + window_s, end_s)))
        t += window_s
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] < min_window_s:
        last = bounds.pop()
        bounds[-1] = (bounds[-1][0], last[1])
    return bounds or [(start_s, end_s)]


def _pause_time_s(pause_spans: Sequence[tuple[float, float]], start_s: float, end_s: float, min_s: float) -> float:
    """Seconds of pauses longer than ``min_s`` inside [start_s, end_s] (spans clipped, overlaps merged)."""
    clipped = sorted(
        (max(a, start_s), min(b, end_s)) for a, b in pause_spans if b - a > min_s and b > start_s and a < end_s
    )
    total, cur_a, cur_b = 0.0, None, None
    for a, b in clipped:
        if cur_b is None or a > cur_b:
            if cur_b is not None:
                total += cur_b - cur_a
            cur_a, cur_b = a, b
        else:
            cur_b = max(cur_b, b)
    if cur_b is not None:
        total += cur_b - cur_a
    return total


def closeness_to_band(wpm: float, band: tuple[float, float], *, zero_share: float) -> float:
    """1 inside ``band``, falling linearly to 0 at ``zero_share`` × the nearer edge beyond it.

    No cliff at the edge: with band 95–130 and ``zero_share`` 0.1, 131.6 wpm is 0.88 close.
    """
    lo, hi = band
    if wpm < lo:
        off = (lo - wpm) / lo
    elif wpm > hi:
        off = (wpm - hi) / hi
    else:
        return 1.0
    return max(0.0, 1.0 - off / zero_share) if zero_share > 0 else 0.0


def _verdict(wpm: float, band: tuple[float, float]) -> str:
    if wpm < band[0]:
        return "slow"
    if wpm > band[1]:
        return "fast"
    return "good"


def choose_rate_basis(
    *,
    transcript_syllables: int,
    n_words: int,
    mean_word_probability: float | None,
    nuclei: SyllableNuclei | None,
    lang: str,
    guidelines: Guidelines,
) -> tuple[str, str, float | None]:
    """(basis, reason, disagreement): whether pace rests on the transcript or the signal, and why."""
    if nuclei is None or nuclei.count == 0:
        return "transcript", "", None
    if n_words == 0:
        return "signal", "no_words", None
    disagreement = (transcript_syllables - nuclei.count) / nuclei.count
    # One-sided: the signal takes over when the transcript lost speech (a dropped stretch, no words for
    # mumbled ones). When the transcript holds more syllables, the signal is the one that missed them:
    # on real English the nuclei count runs 10-70 % low (soft, creaky and run-together syllables).
    if disagreement < -float(guidelines.value("pace.signal_disagreement_max", lang)):
        return "signal", "disagreement", disagreement
    if mean_word_probability is not None and mean_word_probability < float(
        guidelines.value("pace.min_mean_word_probability", lang)
    ):
        return "signal", "low_word_probability", disagreement
    return "transcript", "", disagreement


def analyse_pace(
    transcript: Transcript,
    *,
    pause_spans: Sequence[tuple[float, float]],
    lang: str,
    guidelines: Guidelines,
    nuclei: SyllableNuclei | None = None,
) -> PaceResult:
    """Measure speaking pace against the language's band.

    Parameters
    ----------
    transcript : the recognised words with times (s); may have no words when ``nuclei`` is given
    pause_spans : (start_s, end_s) of pauses found in the signal; only those longer than
        ``pace.pause_min_s`` are taken out for the articulation rate
    lang : "id" or "en": chooses the wpm band and how syllables are counted
    guidelines : thresholds (``pace.*``)
    nuclei : syllable nuclei found in the signal (:func:`coach.analysis.syllable_nuclei.find_syllable_nuclei`);
        without them only the transcript is used

    Returns
    -------
    PaceResult
        ``score = 100 × min(1, mean closeness / pace.good_share_of_windows)``, where a window's
        closeness is 1 inside the band and falls linearly to 0 at ``pace.zero_off_band_share``
        beyond its nearer edge (:func:`closeness_to_band`): full marks when the windows are on the
        whole close enough, no cliff at the band's edge. A window's words are those whose midpoint
        falls in it, its nuclei those whose time falls in it. None (unscored) with neither words nor
        syllable nuclei.
    """
    band_lo, band_hi = (float(v) for v in guidelines.value("pace.words_per_minute_band", lang))
    band = (band_lo, band_hi)
    words = _spoken(transcript.words)
    start_s, end_s = speaking_span(words)
    span_s = end_s - start_s
    has_words = bool(words) and span_s > 0
    has_signal = nuclei is not None and nuclei.count > 0 and nuclei.span_s > 0
    if not has_words and not has_signal:
        return PaceResult(0.0, 0.0, 0.0, "slow", band, (), 0.0, (), None)

    # Hesitation sounds Whisper wrote down ("Ehm", "Um") are no syllables of the message: the
    # syllable rates are pruned of them (the fillers dimension counts them), the word rate is not.
    syllables = [0 if is_filled_pause(w.text) else count_syllables(w.text, lang) for w in words]
    mean_p = sum(w.probability for w in words) / len(words) if words else None
    basis, reason, disagreement = choose_rate_basis(
        transcript_syllables=sum(syllables), n_words=len(words) if has_words else 0, mean_word_probability=mean_p,
        nuclei=nuclei if has_signal else None, lang=lang, guidelines=guidelines,
    )
    per_word = float(guidelines.value("pace.syllables_per_word", lang))
    pause_min_s = float(guidelines.value("pace.pause_min_s", lang))
    if has_words:
        wpm = len(words) / span_s * 60.0
        sps = sum(syllables) / span_s
        paused_s = _pause_time_s(pause_spans, start_s, end_s, pause_min_s)
        articulation = sum(syllables) / max(span_s - paused_s, 1e-9)
    else:
        start_s, end_s = nuclei.speech_start_s, nuclei.speech_end_s
        wpm = sps = articulation = 0.0
    signal_sps = nuclei.rate_per_s() if has_signal else None
    signal_art = nuclei.count / nuclei.phonation_s if has_signal and nuclei.phonation_s > 0 else None
    on_signal = basis == "signal"
    from_syllables = not on_signal and bool(guidelines.value("pace.verdict_from_syllables", lang))
    verdict_sps = signal_sps if on_signal else sps
    verdict_wpm = verdict_sps * 60.0 / per_word if on_signal or from_syllables else wpm

    bounds = _window_bounds(
        start_s,
        end_s,
        window_s=float(guidelines.value("pace.window_s", lang)),
        min_window_s=float(guidelines.value("pace.min_window_s", lang)),
    )
    zero_share = float(guidelines.value("pace.zero_off_band_share", lang))
    windows: list[PaceWindow] = []
    events: list[Event] = []
    for k, (a, b) in enumerate(bounds):
        last = k == len(bounds) - 1
        inside = [
            (w, s)
            for w, s in zip(words, syllables, strict=True)
            if a <= (w.start + w.end) / 2 < b or (last and (w.start + w.end) / 2 == b)
        ]
        dur_s = b - a
        w_wpm = len(inside) / dur_s * 60.0 if dur_s > 0 else 0.0
        w_sps = sum(s for _, s in inside) / dur_s if dur_s > 0 else 0.0
        w_signal = nuclei.rate_per_s(a, b) if has_signal else None
        w_verdict = w_signal * 60.0 / per_word if on_signal else w_sps * 60.0 / per_word if from_syllables else w_wpm
        in_band = band_lo <= w_verdict <= band_hi
        close = closeness_to_band(w_verdict, band, zero_share=zero_share)
        windows.append(PaceWindow(a, b, w_wpm, w_sps, in_band, close, w_signal, w_verdict))
        if not in_band:
            kind = "pace_fast" if w_verdict > band_hi else "pace_slow"
            events.append(Event(kind=kind, start=a, end=b, label=f"{w_verdict:.0f} wpm"))

    share = sum(w.in_band for w in windows) / len(windows)
    good_share = float(guidelines.value("pace.good_share_of_windows", lang))
    closeness = sum(w.closeness for w in windows) / len(windows)
    score = 100.0 * min(1.0, closeness / good_share)
    return PaceResult(
        words_per_minute=wpm,
        syllables_per_second=sps,
        articulation_rate=articulation,
        verdict=_verdict(verdict_wpm, band),
        band_wpm=band,
        windows=tuple(windows),
        share_in_band=share,
        out_of_band=tuple(events),
        score=score,
        transcript_syllable_count=sum(syllables),
        signal_syllable_count=nuclei.count if nuclei is not None else None,
        signal_syllables_per_second=signal_sps,
        signal_articulation_rate=signal_art,
        rate_disagreement=disagreement,
        mean_word_probability=mean_p,
        rate_basis=basis,
        rate_basis_reason=reason,
        verdict_words_per_minute=verdict_wpm,
        verdict_syllables_per_second=verdict_sps,
        verdict_from_syllables=from_syllables,
    )
