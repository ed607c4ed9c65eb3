"""The openai-whisper engine on the bundled weights, converted from CTranslate2.

Known answers: the converted checkpoint has Whisper base's dimensions, its sinusoidal audio
positions and its published alignment heads; on a clip with known text it hears the same words
as faster-whisper (float32, same weights) at the same times, with English WER ≤ 0.10.
"""

from __future__ import annotations

import difflib
import gzip
import itertools
import json
import re
import subprocess
from base64 import b85decode
from pathlib import Path

import numpy as np
import pytest

whisper = pytest.importorskip("whisper")
normalizers = pytest.importorskip("whisper.normalizers")
torch = pytest.importorskip("torch")
jiwer = pytest.importorskip("jiwer")

from coach.audio import load_audio
from coach.config import load_settings
from coach.errors import ModelNotAvailableError
from coach.asr.transcribe import get_transcriber
from coach.asr.openai_checkpoint import CONVERTED_CHECKPOINT, load_converted_bundled
from coach.asr.openai_engine import OpenAIWhisperTranscriber, load_openai_model

pytestmark = pytest.mark.model

SAMPLES = Path(__file__).resolve().parent.parent / "sample_audio"
FALLBACK_TEXT = (
    "Good morning everyone. Today I want to talk about why public speaking matters, "
    "and how a little practice every day can make you a calmer and clearer speaker."
)
BASE_DIMS = {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 512, "n_audio_head": 8, "n_audio_layer": 6,
             "n_vocab": 51865, "n_text_ctx": 448, "n_text_state": 512, "n_text_head": 8, "n_text_layer": 6}


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation (apostrophes inside words kept)."""
    return re.sub(r"[^\w\s']|(?<!\w)'|'(?!\w)", " ", text.lower()).split()


@pytest.fixture(scope="session")
def english_clip(tmp_path_factory) -> tuple[Path, str]:
    """``sample_audio/en_clean.wav`` and its text, or a clip spoken by espeak-ng when it is absent."""
    wav = SAMPLES / "en_clean.wav"
    if wav.exists() and wav.with_suffix(".json").exists():
        return wav, json.loads(wav.with_suffix(".json").read_text(encoding="utf-8"))["text"]
    wav = tmp_path_factory.mktemp("clip") / "en.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(wav), FALLBACK_TEXT], check=True)
    return wav, FALLBACK_TEXT


@pytest.fixture(scope="session")
def both_engines(english_clip):
    """Words from openai-whisper (converted base) and faster-whisper float32 on the same clip."""
    wav, _ = english_clip
    samples = load_audio(wav).samples
    # The default model cache: the conversion is done once per machine, not once per run.
    # Greedy decoding shows the weights are the same as well as a beam does, and openai-whisper's
    # beam search is several times slower on a CPU (29 s vs. minutes for this clip on 2 busy cores).
    openai = get_transcriber(load_settings(engine="openai-whisper", beam_size=1))
    assert isinstance(openai, OpenAIWhisperTranscriber)
    calls: list[tuple[float, float]] = []
    openai_segments = openai.transcribe(samples, language="en", progress=lambda d, t: calls.append((d, t)))
    faster = get_transcriber(load_settings(compute_type="float32", beam_size=1))
    faster_segments = faster.transcribe(samples, language="en")
    return openai_segments, faster_segments, calls, samples.size / 16_000


def test_converted_checkpoint_is_whisper_base():
    model = load_converted_bundled(load_settings().model_cache_dir)
    assert vars(model.dims) == BASE_DIMS
    # The audio positions are fixed sinusoids in Whisper: the stored ones must be those (to fp16).
    expected = whisper.model.sinusoids(1500, 512)
    assert torch.allclose(model.encoder.positional_embedding.float(), expected, atol=1e-3)
    # Alignment heads from config.json equal the ones openai-whisper publishes for base.
    published = np.frombuffer(gzip.decompress(b85decode(whisper._ALIGNMENT_HEADS["base"])), dtype=bool)
    assert np.array_equal(model.alignment_heads.to_dense().numpy().ravel(), published)


def _matched_pairs(ours, theirs):
    """Word pairs the two engines agree on (same normalised text, in order)."""
    a = [" ".join(normalise(w.text)) for w in ours]
    b = [" ".join(normalise(w.text)) for w in theirs]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [(ours[m.a + k], theirs[m.b + k]) for m in matcher.get_matching_blocks() for k in range(m.size)]


def test_same_words_as_faster_whisper(both_engines):
    """Same weights, both float32: the words agree, up to the rounding differences between torch and
    CTranslate2 kernels on a given CPU (measured: identical on Intel and AMD; 5 % leaves room)."""
    openai_segments, faster_segments, _, _ = both_engines
    openai_words = [w.text for s in openai_segments for w in s.words]
    faster_words = [w.text for s in faster_segments for w in s.words]
    assert jiwer.wer(" ".join(normalise(" ".join(faster_words))), " ".join(normalise(" ".join(openai_words)))) <= 0.05
    assert all(w == w.strip() and w for w in openai_words)


def test_english_wer(both_engines, english_clip):
    openai_segments, *_ = both_engines
    _, truth = english_clip
    heard = " ".join(s.text for s in openai_segments)
    # Whisper's own English normaliser: lower case, no punctuation, and "third" == "3rd", so a
    # number written in digits is not counted as a misheard word (27 s clip: 0.04; plain 0.07).
    english = normalizers.EnglishTextNormalizer()
    assert jiwer.wer(english(truth), english(heard)) <= 0.10


def test_word_times_ordered_and_close_to_faster_whisper(both_engines):
    openai_segments, faster_segments, _, duration_s = both_engines
    ours = [w for s in openai_segments for w in s.words]
    theirs = [w for s in faster_segments for w in s.words]
    assert len(ours) > 20
    assert all(w.start <= w.end for w in ours)
    assert all(a.start <= b.start for a, b in itertools.pairwise(ours))
    assert 0.0 <= ours[0].start and ours[-1].end <= duration_s + 0.5
    pairs = _matched_pairs(ours, theirs)
    assert len(pairs) >= 0.9 * len(theirs)
    diffs = [abs(a.start - b.start) for a, b in pairs] + [abs(a.end - b.end) for a, b in pairs]
    assert float(np.median(diffs)) < 0.1


def test_progress_runs_from_zero_to_total(both_engines):
    *_, calls, duration_s = both_engines
    assert calls[0] == (0.0, duration_s)
    assert calls[-1] == (duration_s, duration_s)
    done = [d for d, _ in calls]
    assert done == sorted(done) and all(t == duration_s for _, t in calls)


def test_damaged_cached_checkpoint_is_rebuilt(tmp_path):
    target = tmp_path / CONVERTED_CHECKPOINT
    target.write_bytes(b"not a checkpoint")
    model = load_converted_bundled(tmp_path)
    assert model.dims.n_text_layer == 6
    reloaded = torch.load(target, map_location="cpu", weights_only=True)
    assert reloaded["dims"] == BASE_DIMS and len(reloaded["alignment_heads"]) == 8
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


@pytest.mark.parametrize("model", ["no-such-model", "/nonexistent/model.pt"])
def test_unavailable_model_lists_offline_choices(model, tmp_path):
    with pytest.raises(ModelNotAvailableError, match="Available offline: 'base'"):
        load_openai_model(model, cache_dir=tmp_path)


def test_directory_is_not_a_checkpoint(tmp_path):
    with pytest.raises(ModelNotAvailableError, match=r"\.pt checkpoint"):
        load_openai_model(str(tmp_path), cache_dir=tmp_path)


def test_both_engines_write_the_real_fillers_whisper_dropped_when_they_listen_again():
    # mfa_acoustic_corpus (real spontaneous speech, MIT): Whisper base's transcript wrote none of its
    # three fillers ("um" 8.0 s, "uh" 14.6 s, "um" 22.9 s; times from the corpus alignment). Heard again
    # as the second listen hears them (1 s either side, one window, the filler prompt, each engine's
    # beam of 5, no temperature fallback), both engines wrote all three, faster-whisper on AVX2 and under
    # CT2_FORCE_CPU_ISA=GENERIC alike; two of three are asked. (Greedy, openai-whisper wrote none.)
    from coach.asr.engine import Listener
    from coach.asr.second_listen import listen_around
    from coach.lang.lexicon import load_lexicon
    from coach.lang.syllables import is_filled_pause

    real = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real"
    audio = load_audio(real / "mfa_acoustic_corpus.flac")
    truth = [(f["start"], f["end"]) for f in json.loads((real / "mfa_acoustic_corpus.json").read_text())["fillers"]]
    assert len(truth) == 3
    for settings in (load_settings(engine="openai-whisper"), load_settings()):
        engine = get_transcriber(settings)
        assert isinstance(engine, Listener)
        heard = listen_around(audio.samples, sr=audio.sr, spans=truth, listener=engine, language="en",
                              prompt=load_lexicon("en").text("fillers.listen_prompt"))
        written = [any(is_filled_pause(w.text) and w.start < end + 0.3 and start - 0.3 < w.end for w in words)
                   for (start, end), words in zip(truth, heard)]
        assert sum(written) >= 2, (settings.engine, heard)


def test_the_same_recording_gets_the_same_words_each_time_whisper_samples(monkeypatch):
    """As for faster-whisper (tests/test_transcribe.py): forced to sample every window, the engine writes
    the same words each time it hears the clip (torch's generator seeded with SAMPLING_SEED per decode)."""
    plain = whisper.transcribe

    def sampling(model, audio, **kwargs):
        kwargs["temperature"] = 0.5
        return plain(model, audio, **kwargs)

    monkeypatch.setattr(whisper, "transcribe", sampling)
    engine = get_transcriber(load_settings(engine="openai-whisper", beam_size=1))
    samples = load_audio(SAMPLES / "id_doorstop_nocomment.wav").samples
    heard = [[(w.text, w.start) for s in engine.transcribe(samples, language="id") for w in s.words] for _ in range(2)]
    assert len(heard[0]) >= 5 and heard[0] == heard[1]


def test_a_long_silence_before_the_speech_is_left_out_and_the_words_are_heard():
    """As for faster-whisper (tests/test_transcribe.py): 25 s of near-silence before en_clean is left out of
    what openai-whisper hears (clip_timestamps; its last clip reaches the recording's end)."""
    from coach.asr.transcribe import transcribe
    from coach.features.speech_presence import detect_speech
    from coach.types import Audio

    x = load_audio(SAMPLES / "en_clean.wav").samples
    quiet = (np.random.default_rng(1).standard_normal(25 * 16000) * 1e-3).astype(np.float32)
    audio = Audio(samples=np.concatenate([quiet, x]), sr=16000)
    spans = detect_speech(audio.samples, sr=16000, features=audio.features).spans
    t = transcribe(audio, transcriber=get_transcriber(load_settings(engine="openai-whisper", beam_size=1)),
                   language="en", speech_spans=spans)
    assert t.words[0].start >= 24.5 and normalise(t.text)[:3] == ["good", "morning", "resident"]
