"""Filled pauses found in the signal: the "eee", "emm", "uh", "um" that Whisper leaves out.

Whisper's training transcripts drop filled pauses, so it mostly does not write them, and it
stretches a neighbouring word over the one it drops (DESIGN.md). Real filled pauses glide by a
few semitones, jitter, fade and turn breathy, so no fixed rule on pitch flatness finds them
(a rule demanding ≤ 1 semitone found 0 of 10 real ones). The detector therefore

1. proposes candidate regions from the signal: sounding stretches with a slowly changing spectrum
   (:func:`coach.analysis.filler_features.candidates`), in gaps, inside stretched or
   low-probability words, or inside real words;
2. describes each with :data:`~coach.analysis.filler_features.FEATURES` (its sound and its place
   among the words);
3. scores it with a small gradient-boosted tree model trained on the development split of the
   generated evaluation set (``scripts/train_filler_model.py``, fixed seed; the trees are stored as
   JSON in ``filled_pause_model.json`` and evaluated here with numpy, so scikit-learn is needed only
   to train), except a room's echo of the sound before it, which is no filler (:func:`echoes`);
4. raises an unsure candidate that sounds like one of the speaker's own sure fillers in the same
   recording to that filler's probability (:func:`like_own_fillers`): a speaker says the same "uh"
   again, often too short to be sure of alone;
5. keeps candidates whose probability reaches ``fillers.acoustic_min_confidence``, the best of
   overlapping ones first, and merges near neighbours into events that carry that probability as
   ``confidence`` (:func:`events_from_scores`);
6. where the engine can listen again (``fillers.listen_again``), settles the events it is unsure of
   by a second, filler-prompted listen (:mod:`coach.asr.second_listen`, :func:`settle_by_listening`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..features.frames import SignalFeatures
from ..guidelines import Guidelines
from ..lang.loops import is_loop
from ..lang.syllables import is_filled_pause
from ..types import FillerEvent, Word
from .filler_features import (
    FEATURES,
    candidates,
    filler_features,
    frame_track,
    spectral_change,
)

__all__ = ["MODEL_PATH", "candidate_probabilities", "detect_filled_pauses", "echoes", "events_from_scores",
           "heard_no_words", "like_own_fillers", "score_features", "settle_by_listening", "spectral_change"]

MODEL_PATH = Path(__file__).with_name("filled_pause_model.json")
_LABELS = {"id": "[eh]", "en": "[uh]"}
# Candidates of one filler split by a blip closer than this are one event.
_MERGE_GAP_S = 0.15


@lru_cache(maxsize=4)
def _model(path: str) -> dict:
    model = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise RuntimeError(f"{path} was trained on other features; run scripts/train_filler_model.py")
    model["trees"] = [{k: np.asarray(v) for k, v in tree.items()} for tree in model["trees"]]
    return model


def score_features(x: np.ndarray, *, model_path: Path = MODEL_PATH) -> np.ndarray:
    """Probability that each candidate is a filled pause, shape (n,), from features shape (n, len(FEATURES)).

    Gradient boosting: ``sigmoid(init + learning_rate × Σ tree(x))``, each tree as arrays
    (feature, threshold, left, right, value) exported from scikit-learn; ``x[f] <= threshold`` goes left.
    """
    model = _model(str(model_path))
    # scikit-learn compares float32 features with its float64 thresholds: do the same, or a value
    # lying between the two roundings goes the other way.
    x = np.atleast_2d(np.asarray(x, dtype=np.float32)).astype(np.float64)
    raw = np.full(len(x), float(model["init"]))
    rows = np.arange(len(x))
    for tree in model["trees"]:
        node = np.zeros(len(x), dtype=int)
        while True:
            leaf = tree["left"][node] < 0
            if leaf.all():
                break
            go_left = x[rows, np.maximum(tree["feature"][node], 0)] <= tree["threshold"][node]
            node = np.where(leaf, node, np.where(go_left, tree["left"][node], tree["right"][node]))
        raw += float(model["learning_rate"]) * tree["value"][node]
    return 1.0 / (1.0 + np.exp(-raw))


def echoes(x: np.ndarray, *, max_level_slope_db_per_s: float, max_dip_before_db: float) -> np.ndarray:
    """Which candidates (features shape (n, len(FEATURES))) are a room's echo of the sound before them,
    shape (n,) bool: no dip in level where they begin (they go on from that sound) and a level that only
    falls, as fast as reverberation dies away (60 dB in a room's RT60 of 0.3–1 s: 60–200 dB/s). A filled
    pause is a sound of its own, held: on the dev clips its level slope was −8 dB/s (median; 10 % below
    −33 dB/s). Recorded in a room, the vowel ending a sentence rings on as a steady, falling tail that
    the model, trained on close-talking speech, took for a filler.
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    slope = x[:, FEATURES.index("level_slope_db_per_s")]
    dip = x[:, FEATURES.index("dip_before_db")]
    return (slope <= max_level_slope_db_per_s) & (dip <= max_dip_before_db)


def candidate_probabilities(x: np.ndarray, guidelines: Guidelines, *, spans: list[tuple[float, float]] | None = None,
                            timbres: np.ndarray | None = None) -> np.ndarray:
    """Probability that each candidate is a filled pause, shape (n,): the model's (:func:`score_features`),
    0 for a room's echo (:func:`echoes` at ``fillers.echo_*``); given the candidates' ``spans`` and
    ``timbres``, raised where they sound like the speaker's sure fillers (:func:`like_own_fillers` at
    ``fillers.own_sound_*``), as the detector does."""
    echo = echoes(x, max_level_slope_db_per_s=float(guidelines.value("fillers.echo_max_level_slope_db_per_s")),
                  max_dip_before_db=float(guidelines.value("fillers.echo_max_dip_before_db")))
    p = np.where(echo, 0.0, score_features(x))
    if spans is None or timbres is None:
        return p
    return like_own_fillers(p, spans, timbres, min_confidence=float(guidelines.value("fillers.own_sound_min_confidence")),
                            sure=float(guidelines.value("fillers.own_sound_sure")),
                            max_distance=float(guidelines.value("fillers.own_sound_max_distance")))


def like_own_fillers(probabilities: np.ndarray, spans: list[tuple[float, float]], timbres: np.ndarray, *,
                     min_confidence: float, sure: float, max_distance: float) -> np.ndarray:
    """Probabilities, shape (n,), with each unsure candidate (``min_confidence`` ≤ p < ``sure``) that
    sounds like a sure one (p ≥ ``sure``) it does not overlap raised to the most probable such one's p.

    ``timbres`` (n, k): each candidate's mean MFCCs in the speaker's SDs from their average vowel
    (:attr:`coach.analysis.filler_features.Candidate.timbre`); "sounds like" is a root-mean-square
    difference of at most ``max_distance``. A speaker hesitates with the same sound again and again;
    said quickly, run into the next word, the model alone is unsure of it (on the dev clips it found
    58 % of the fillers shorter than 0.4 s), while a drawn-out word's vowel seldom sounds like that "uh".
    With no sure candidate in the recording nothing changes.
    """
    p = np.asarray(probabilities, dtype=float).copy()
    sure_ones = np.flatnonzero(p >= sure)
    if not len(sure_ones):
        return p
    timbres = np.asarray(timbres, dtype=float)
    for k in np.flatnonzero((p >= min_confidence) & (p < sure)):
        start, end = spans[k]
        others = [j for j in sure_ones if not (spans[j][0] < end and start < spans[j][1])]
        close = [j for j in others if np.sqrt(np.mean((timbres[k] - timbres[j]) ** 2)) <= max_distance]
        if close:
            p[k] = max(p[j] for j in close)
    return p


def events_from_scores(spans: list[tuple[float, float]], probabilities: np.ndarray, *, min_confidence: float,
                       min_s: float, max_s: float, label: str) -> tuple[FillerEvent, ...]:
    """Events from scored candidates (seconds): confidence = the best candidate's probability.

    Candidates overlap (a run and its parts are all scored), so the most probable one at or above
    ``min_confidence`` is kept first and every candidate overlapping a kept one is dropped
    (non-maximum suppression); kept candidates closer than 0.15 s are then merged into one event
    unless that would make it longer than ``max_s`` (three hesitations in a row stay three events,
    not one too long to report). Events ``min_s``–``max_s`` long are returned in time order.
    """
    order = np.argsort(-np.asarray(probabilities, dtype=float), kind="stable")
    kept: list[tuple[float, float, float]] = []
    for k in order:
        (start, end), p = spans[k], float(probabilities[k])
        if p < min_confidence:
            break
        if not any(start < e and s < end for s, e, _ in kept):
            kept.append((float(start), float(end), p))
    merged: list[list[float]] = []
    for start, end, p in sorted(kept):
        if merged and start - merged[-1][1] < _MERGE_GAP_S and max(end, merged[-1][1]) - merged[-1][0] <= max_s:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] = max(merged[-1][2], p)
        else:
            merged.append([start, end, p])
    return tuple(
        FillerEvent(text=label, start=round(s, 3), end=round(e, 3), source="acoustic", confidence=round(p, 3))
        for s, e, p in merged if min_s <= round(e - s, 6) <= max_s  # 1.41 - 1.26 < 0.15 in floating point
    )


def detect_filled_pauses(
    samples: np.ndarray, *, sr: int, words: tuple[Word, ...], lang: str, guidelines: Guidelines,
    pitch: tuple[np.ndarray, np.ndarray] | None = None, min_confidence: float | None = None,
    features: SignalFeatures | None = None,
) -> tuple[FillerEvent, ...]:
    """Filled pauses (drawn-out "eee", "emm", "uh", "um") heard in the signal.

    Parameters
    ----------
    samples : float array, shape (n,), mono
    sr : sample rate, Hz
    words : the transcript's words (seconds): where a sound sits among them is half the evidence
    lang : "id" or "en" (labels and syllable counts)
    guidelines : ``fillers.acoustic_*`` (candidate steadiness, event length, confidence) and the
        F0 range ``prosody.f*_hz``
    pitch : (times_s, f0_hz) from :func:`~coach.analysis.prosody.pitch_track` at a 0.01 s hop, if
        already computed: its median is the speaker's pitch (fillers sit low in the voice)
    min_confidence : report events at or above this probability; default
        ``fillers.acoustic_min_confidence``
    features : the recording's frame measures (:class:`coach.features.frames.SignalFeatures`), if already made

    Returns
    -------
    tuple of FillerEvent(text="[eh]" (id) or "[uh]" (en), start, end, source="acoustic",
    weight=1.0, confidence=0–1), in time order. Events may coincide with filler words Whisper did
    write ("Um,"): merge with the transcript's fillers by overlap.
    """
    if len(samples) < int(0.5 * sr):
        return ()
    if min_confidence is None:
        min_confidence = float(guidelines.value("fillers.acoustic_min_confidence"))
    track = frame_track(samples, sr=sr, fmin_hz=float(guidelines.value("prosody.fmin_hz")),
                        fmax_hz=float(guidelines.value("prosody.fmax_hz")),
                        speaker_f0_hz=pitch[1] if pitch is not None else None, features=features)
    spans = candidates(track, max_change=float(guidelines.value("fillers.acoustic_max_spectral_change")),
                       min_level_re_speech_db=float(guidelines.value("fillers.acoustic_min_level_re_speech_db")),
                       min_s=float(guidelines.value("fillers.acoustic_min_s")),
                       max_s=float(guidelines.value("fillers.acoustic_max_s")))
    found = filler_features(track, spans, words=tuple(words), lang=lang)
    if not found:
        return ()
    found_spans = [(c.start, c.end) for c in found]
    p = candidate_probabilities(np.stack([c.features for c in found]), guidelines, spans=found_spans,
                                timbres=np.stack([c.timbre for c in found]))
    return events_from_scores(found_spans, p, min_confidence=min_confidence,
                              min_s=float(guidelines.value("fillers.acoustic_min_s")),
                              max_s=float(guidelines.value("fillers.acoustic_max_s")),
                              label=_LABELS.get(lang, "[uh]"))


def _overlap_s(a: float, b: float, c: float, d: float) -> float:
    return max(0.0, min(b, d) - max(a, c))


def heard_no_words(words: tuple[Word, ...], *, max_distinct_share: float) -> bool:
    """Whether a listen wrote no real words: nothing at all, or a repetition loop ("Terima kasih. Terima
    kasih.", "dan dan dan dan", "-ni -ni -ni"; :func:`coach.lang.loops.is_loop`), the text Whisper makes
    up when it hears no words it knows."""
    return is_loop([w.text for w in words], max_distinct_share=max_distinct_share)


def settle_by_listening(
    events: tuple[FillerEvent, ...], heard: list[tuple[Word, ...]], *, min_confidence: float, sure: float,
    near_s: float, max_covered: float, loop_distinct_share: float | None, filler_min_probability: float = 0.0,
) -> tuple[FillerEvent, ...]:
    """The events a second, filler-prompted listen leaves standing.

    ``events`` are the detector's candidates (found at the lower ``fillers.listen_min_confidence``);
    ``heard[k]`` are the words Whisper wrote around ``events[k]`` when prompted with fillers
    (:func:`coach.asr.second_listen.listen_around`). An event is kept when

    - the model is sure of it (confidence ≥ ``sure``): never vetoed, since Whisper does not write many
      clean synthetic fillers even when prompted;
    - a filled-pause token ("uh", "eee") Whisper is at least ``filler_min_probability`` sure of was written
      within ``near_s`` of it: confirmed, whatever its confidence (prompted with fillers, Whisper also echoes
      its prompt where it hears nothing it knows, "er, er, er, er", each at a few per cent);
    - or it reaches ``min_confidence`` and real words cover less than ``max_covered`` of it: a drawn-out
      vowel of a real word is heard as that word and vetoed. At ``max_covered`` 0 (the shipped value) no
      event passes this way: an unsure event needs the listen's filler;
    - or it reaches ``min_confidence`` and the listen heard no words around it (:func:`heard_no_words` at
      ``loop_distinct_share``; None: never): nothing there to veto it. Prompted with fillers, Whisper
      answers many hesitations it does not write with nothing or a loop ("Terima kasih. Terima kasih.").
    """
    kept = []
    for event, words in zip(events, heard, strict=True):
        span = max(event.end - event.start, 1e-9)
        # A word may come back with no length (start = end): a quarter of the fillers the listens wrote.
        written = any(is_filled_pause(w.text) and w.probability >= filler_min_probability
                      and w.start <= event.end + near_s and w.end >= event.start - near_s for w in words)
        covered = sum(_overlap_s(w.start, w.end, event.start, event.end) for w in words
                      if not is_filled_pause(w.text)) / span
        unheard = loop_distinct_share is not None and heard_no_words(words, max_distinct_share=loop_distinct_share)
        if event.confidence >= sure or written or (event.confidence >= min_confidence
                                                   and (covered < max_covered or unheard)):
            kept.append(event)
    return tuple(kept)
