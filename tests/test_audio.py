"""Decoding and validation: every format gives the same duration; every bad input gets its message."""

from __future__ import annotations

import io
import wave
from fractions import Fraction

import av
import numpy as np
import pytest

from coach.audio import SAMPLE_RATE, check_speech, decode, load_audio
from coach.errors import NoSpeechError, TooLongError, TooShortError, UnreadableAudioError
from conftest import sample

FORMATS = [  # (suffix, container format, codec, encoder rate)
    ("mp3", "mp3", "mp3", 44100),
    ("m4a", "mp4", "aac", 44100),
    ("ogg", "ogg", "libopus", 48000),
    ("webm", "webm", "libopus", 48000),
    ("flac", "flac", "flac", 22050),
    ("wav", "wav", "pcm_s16le", 8000),
]


def encode(samples: np.ndarray, sr: int, path, *, container: str, codec: str, rate: int) -> None:
    """Write ``samples`` (float32 mono) with PyAV, resampled to ``rate``."""
    with av.open(str(path), mode="w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=rate)
        block = sr // 10
        for i in range(0, len(samples), block):
            chunk = samples[i : i + block].astype(np.float32)[None, :]
            frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
            frame.sample_rate = sr
            frame.pts = i
            frame.time_base = Fraction(1, sr)
            for f in resampler.resample(frame):
                for packet in stream.encode(f):
                    out.mux(packet)
        for f in resampler.resample(None):
            for packet in stream.encode(f):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def wav_bytes(samples: np.ndarray, sr: int = SAMPLE_RATE) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buf.getvalue()


@pytest.fixture(scope="module")
def clip():
    wav, meta = sample("en_clean")
    return load_audio(wav), meta


def test_wav_decodes_to_16k_mono_with_sidecar_duration(clip):
    audio, meta = clip
    assert audio.sr == 16_000
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
    assert audio.duration_s == pytest.approx(meta["duration_s"], abs=0.01)


@pytest.mark.parametrize("suffix,container,codec,rate", FORMATS)
def test_every_format_decodes_to_the_same_duration(tmp_path, clip, suffix, container, codec, rate):
    audio, _ = clip
    path = tmp_path / f"clip.{suffix}"
    encode(audio.samples, audio.sr, path, container=container, codec=codec, rate=rate)
    decoded = decode(path)
    assert abs(decoded.size / SAMPLE_RATE - audio.duration_s) <= 0.05


def test_bytes_and_file_objects_decode_like_paths(clip):
    audio, meta = clip
    data = (sample("en_clean")[0]).read_bytes()
    from_bytes = decode(data)
    from_file = decode(io.BytesIO(data))
    assert from_bytes.size == from_file.size == audio.samples.size


def _stereo_wav(left: np.ndarray, right: np.ndarray) -> bytes:
    import soundfile as sf

    buf = io.BytesIO()
    sf.write(buf, np.stack([left, right], axis=1), SAMPLE_RATE, format="WAV", subtype="FLOAT")
    return buf.getvalue()


def test_two_channels_that_cancel_give_one_channel_and_say_so(clip):
    """Some laptops' built-in microphone pair records one channel upside down: their mean is silence."""
    audio, _ = clip
    x = np.asarray(audio.samples)
    inverted = load_audio(_stereo_wav(x, -x))
    assert np.allclose(inverted.samples, x, atol=1e-6)
    assert [n.code for n in inverted.notices] == ["channels_cancel"]
    # Two channels that do not cancel are mixed, as before: identical ones, and a silent second one.
    assert np.allclose(decode(_stereo_wav(x, x)), x, atol=1e-6)
    half = load_audio(_stereo_wav(x, np.zeros_like(x)))
    assert np.allclose(half.samples, x / 2, atol=1e-6) and half.notices == ()


def test_not_audio_says_which_formats_work(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("this is not a recording")
    with pytest.raises(UnreadableAudioError, match="wav, mp3, m4a"):
        load_audio(bad)


def test_truncated_file_is_unreadable_or_short(tmp_path):
    data = sample("en_clean")[0].read_bytes()[:300]
    with pytest.raises((UnreadableAudioError, TooShortError)):
        load_audio(data)


def test_missing_file():
    with pytest.raises(UnreadableAudioError, match="not found"):
        load_audio("/nonexistent/speech.wav")


def test_under_one_second_is_too_short():
    tone = 0.3 * np.sin(2 * np.pi * 200 * np.arange(8000) / SAMPLE_RATE).astype(np.float32)
    with pytest.raises(TooShortError, match="at least 1 s"):
        load_audio(wav_bytes(tone))


def test_over_the_limit_is_too_long_and_says_how_to_raise_it():
    noise = np.random.default_rng(0).normal(0, 0.1, SAMPLE_RATE * 5).astype(np.float32)
    with pytest.raises(TooLongError, match="WICARA_MAX_DURATION_S"):
        load_audio(wav_bytes(noise), max_duration_s=3.0)


def test_silence_is_refused():
    quiet = np.random.default_rng(1).normal(0, 1e-4, SAMPLE_RATE * 3).astype(np.float32)
    with pytest.raises(NoSpeechError, match="silent"):
        load_audio(wav_bytes(quiet))


def test_noise_is_not_speech():
    noise = np.random.default_rng(2).normal(0, 0.1, SAMPLE_RATE * 3).astype(np.float32)
    with pytest.raises(NoSpeechError, match="noise"):
        load_audio(wav_bytes(noise))


def test_clipping_is_a_warning_not_an_error(clip):
    audio, _ = clip
    loud = np.clip(audio.samples * 8.0, -1.0, 1.0)
    notices = check_speech(loud)
    assert [n.code for n in notices] == ["clipping"]
    assert check_speech(audio.samples) == ()


def _bursts(decay_rt60_s: float | None, n: int = 6) -> np.ndarray:
    """Noise bursts of 0.3 s, each stopping abruptly (None) or dying away by 60 dB in ``decay_rt60_s``,
    then 1 s of silence."""
    rng = np.random.default_rng(3)
    out = []
    for _ in range(n):
        burst = 0.3 * rng.normal(size=int(0.3 * SAMPLE_RATE))
        tail = np.zeros(int(1.0 * SAMPLE_RATE))
        if decay_rt60_s:
            t = np.arange(tail.size) / SAMPLE_RATE
            tail = 0.3 * rng.normal(size=tail.size) * 10 ** (-3 * t / decay_rt60_s)
        out += [burst, tail]
    return np.concatenate(out).astype(np.float32)


@pytest.mark.parametrize("rt60_s", [0.3, 0.6, 0.9])
def test_the_rooms_decay_time_is_read_off_the_level(rt60_s):
    from coach.features.room import decay_time_s
    from coach.features.signal import frame_levels_db

    assert decay_time_s(frame_levels_db(_bursts(rt60_s), sr=SAMPLE_RATE)[1]) == pytest.approx(rt60_s, rel=0.15)
    assert decay_time_s(frame_levels_db(_bursts(None), sr=SAMPLE_RATE)[1]) < 0.1


def test_a_recording_in_an_echoing_room_says_so():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from degrade import room  # RT60 0.5 s

    clean = load_audio(sample("id_clean")[0])
    assert [n.code for n in clean.notices] == []
    notices = check_speech(room(clean.samples.astype(np.float64), "id_clean"))
    assert [n.code for n in notices] == ["reverberant"]
    assert "about 0.5 s" in notices[0].message
