"""Speech presence before Whisper (Silero VAD), and a report whenever there is speech."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from coach.audio import load_audio
from coach.errors import NoSpeechError, NotSpeechError
from coach.report.pipeline import TEXT_DIMENSIONS, analyse
from coach.features.speech_presence import check_presence, detect_speech, mostly_silence, words_speech_s
from coach.types import Transcript, Word
from conftest import NeverCalled, sample

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real"

SR = 16_000
T = np.arange(8 * SR) / SR
RNG = np.random.default_rng(7)


def _music() -> np.ndarray:
    """A melody of decaying harmonic notes with a fifth above, four notes a second."""
    x = np.zeros_like(T)
    notes = [262, 294, 330, 349, 392, 440, 494, 523]
    n = int(0.25 * SR)
    seg = np.arange(n) / SR
    for i in range(len(T) // n):
        f = notes[(i * 5) % 8]
        env = np.exp(-6 * seg)
        x[i * n:(i + 1) * n] = env * (sum(np.sin(2 * np.pi * f * k * seg) / k for k in range(1, 6))
                                      + 0.5 * np.sin(2 * np.pi * 1.5 * f * seg))
    return x


NON_SPEECH = {
    "tone_440hz": np.sin(2 * np.pi * 440 * T),
    "hum_50hz": sum(np.sin(2 * np.pi * 50 * k * T) / k for k in range(1, 8)) + 0.01 * RNG.normal(size=T.size),
    "hum_60hz": sum(np.sin(2 * np.pi * 60 * k * T) / k ** 0.5 for k in (1, 2, 3, 5)),
    "white_noise": RNG.normal(size=T.size),
    # Silero hears up to 0.19 s of "speech" at the abrupt onset of a 120 Hz hum with harmonics.
    "hum_120hz_onset": sum(np.sin(2 * np.pi * 120 * k * T + k) * 0.7 ** k for k in (1, 2, 3))
    + 0.02 * RNG.normal(size=T.size),
    "music": _music(),
}


def _scaled(x: np.ndarray) -> np.ndarray:
    return (0.5 * x / np.max(np.abs(x))).astype(np.float32)


class HearsNothing:
    """A recogniser that returns no words, as Whisper base did on an acronym-dense Indonesian clip."""

    name = "hears-nothing"

    def language_probabilities(self, samples):
        return {"id": 0.9, "en": 0.1}

    def transcribe(self, samples, *, language, progress=None):
        return ()


@pytest.mark.parametrize("name", sorted(NON_SPEECH))
def test_non_speech_is_refused_before_the_recogniser(name, settings, guidelines):
    x = _scaled(NON_SPEECH[name])
    assert detect_speech(x, sr=SR).speech_s < float(guidelines.value("speech.min_speech_s"))
    # Broadband noise is already refused by load_audio's flatness check, a hum with nothing under it once
    # the hum is taken out; the rest by Silero VAD.
    with pytest.raises(NotSpeechError if name != "white_noise" else NoSpeechError, match="Tidak terdengar|noise|mains hum"):
        analyse(_wav_bytes(x), settings=settings, lang="id", transcriber=NeverCalled())


def _wav_bytes(x: np.ndarray) -> bytes:
    import io

    import soundfile as sf

    buf = io.BytesIO()
    sf.write(buf, x, SR, format="WAV", subtype="PCM_16")
    return buf.getvalue()


def test_speech_is_present_in_a_sample_clip():
    audio = load_audio(sample("id_clean")[0])
    p = detect_speech(audio.samples, sr=audio.sr)
    assert p.share > 0.6 and p.spans[0][0] < 1.0
    assert check_presence(p, min_speech_s=0.25, min_share=0.25) == ()


def test_a_word_in_ten_seconds_of_silence_gets_a_warning():
    audio = load_audio(sample("id_clean")[0])
    word = audio.samples[int(0.0 * SR):int(0.8 * SR)]  # "Selamat" (the clip's first word)
    floor = (1e-3 * RNG.normal(size=10 * SR)).astype(np.float32)
    x = np.concatenate([floor[:5 * SR], word, floor[5 * SR:]])
    notices = check_presence(detect_speech(x, sr=SR), min_speech_s=0.25, min_share=0.25)
    assert [n.code for n in notices] == ["mostly_silence"]
    assert 4.5 < notices[0].start_s < 6.0
    # Whisper's word, even stretched over the silence after it, counts as at most a second of speech
    stretched = (Word("Selamat", 5.0, 9.5, 0.9),)
    assert words_speech_s(stretched) == pytest.approx(1.0)
    assert [n.code for n in check_presence(detect_speech(x, sr=SR), min_speech_s=0.25, min_share=0.25,
                                           words=stretched)] == ["mostly_silence"]


def test_narrowband_radio_speech_is_not_called_a_few_words():
    # A real Apollo 11 air-to-ground exchange (NASA, public domain): Silero VAD at its own default
    # (threshold 0.5, as recorded) hears only about a fifth of its 89 s as speech, but Whisper heard
    # 193 words in 0-78 s (recorded transcript).
    meta = json.loads((FIXTURES / "audio" / "en_apollo11_radio.json").read_text(encoding="utf-8"))
    audio = load_audio(FIXTURES / "audio" / meta["file"])
    presence = detect_speech(audio.samples, sr=audio.sr, threshold=0.5, level_dbfs=None)
    assert presence.share < 0.25  # the VAD alone would warn
    assert [n.code for n in mostly_silence(presence, min_share=0.25)] == ["mostly_silence"]
    t = Transcript.from_dict(json.loads((FIXTURES / "transcripts" / "en_apollo11_radio.json").read_text("utf-8")))
    assert len(t.words) > 150 and words_speech_s(t.words) > 0.4 * audio.duration_s
    assert mostly_silence(presence, min_share=0.25, words=t.words) == ()


def test_quiet_real_speech_is_heard_as_speech_whatever_its_level():
    # A real 26 s spontaneous monologue (MFA repository, MIT) played 20 dB quieter, as a laptop's
    # microphone at low gain records it: Silero VAD on the samples as they are heard none of it, so
    # the talk was refused as "no speech". Brought to one level first, it hears the same at any gain.
    x = load_audio(REAL / "mfa_cold_corpus.flac").samples
    quiet = (x * 0.1).astype(np.float32)
    assert detect_speech(quiet, sr=SR, threshold=0.5, level_dbfs=None).speech_s < 0.4  # the failure it fixes
    heard = [detect_speech((x * g).astype(np.float32), sr=SR).speech_s for g in (1.0, 0.1, 0.03)]
    assert min(heard) > 10.0
    assert max(heard) - min(heard) < 0.1 * max(heard)


def test_words_speech_s_counts_overlaps_once():
    words = (Word("a", 0.0, 0.5, 1.0), Word("b", 0.4, 0.9, 1.0), Word("c", 2.0, 2.0, 1.0), Word("d", 3.0, 5.0, 1.0))
    assert words_speech_s(words) == pytest.approx(0.9 + 1.0)


def test_speech_without_words_still_gets_a_report(settings, guidelines):
    wav, meta = sample("id_acronyms")
    report = analyse(wav, settings=settings, lang="id", transcriber=HearsNothing())
    assert all(report.scores[d] is None for d in TEXT_DIMENSIONS)
    for dim in ("pace", "pauses", "variety"):
        assert report.scores[dim] is not None
    weights = dict(guidelines.value("scoring.weights"))
    used = ("pace", "pauses", "variety")
    expected = sum(weights[d] * report.scores[d] for d in used) / sum(weights[d] for d in used)
    assert report.scores["overall"] == pytest.approx(expected, abs=0.1)
    assert report.pace.rate_basis == "signal" and report.pace.rate_basis_reason == "no_words"
    # The signal's syllable rate against the sidecar's 41 words: within 15 % of 2.5 syllables a word.
    true_wpm = meta["word_count"] / (report.pace.signal_syllable_count / report.pace.signal_syllables_per_second) * 60
    assert report.pace.verdict_words_per_minute == pytest.approx(true_wpm, rel=0.15)
    assert len(report.pauses.events) >= len(meta["pauses"])
    codes = [n.code for n in report.warnings]
    assert "no_words" in codes
    msg = next(n.message for n in report.warnings if n.code == "no_words")
    assert "language" in msg and "larger model" in msg
    d = report.to_dict()
    assert d["scores"]["clarity"] is None and d["pace"]["signal_syllables_per_second"] > 0
    json.dumps(d)


def test_cli_exits_0_with_a_report_when_no_words(monkeypatch):
    import importlib

    from coach.cli import main

    # `wicara analyze` builds a one-shot engine (the model is released after decoding): replace it
    monkeypatch.setattr(importlib.import_module("coach.asr.transcribe"), "OneShotTranscriber",
                        lambda settings: HearsNothing())
    result = CliRunner().invoke(main, ["analyze", str(sample("id_acronyms")[0]), "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.output)
    assert d["scores"]["fillers"] is None and [w["code"] for w in d["warnings"]][0] == "no_words"


def test_cli_refuses_a_tone_with_one_bilingual_line(tmp_path, monkeypatch):
    monkeypatch.delenv("WICARA_UI_LANGUAGE", raising=False)
    import soundfile as sf

    from coach.cli import main

    path = tmp_path / "tone.wav"
    sf.write(path, _scaled(NON_SPEECH["tone_440hz"]), SR, subtype="PCM_16")
    result = CliRunner().invoke(main, ["analyze", str(path), "--quiet"])
    assert result.exit_code != 0
    assert "No speech was heard" in result.output and "Tidak terdengar ucapan" in result.output
