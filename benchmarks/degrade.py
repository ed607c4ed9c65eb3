"""Recording conditions the evaluation clips were not made in: a room, a browser's Opus, a phone line, a
browser's voice processing.

The generated and real evaluation clips are close-talking recordings (or clean synthesis with noise
added). Participants record on a laptop in an office (the room's reverberation), through the
browser's microphone (Chrome and Firefox record Opus), or send a voice note or a phone call (the
telephone band). Each function takes 16 kHz mono float samples and returns a degraded copy of the
same length, seeded by the clip so a rerun writes the same audio.

- ``room``: convolution with a synthetic room impulse response, the direct sound and an exponentially
  decaying noise tail (RT60 0.5 s, a small office or classroom; the tail's energy 3 dB under the
  direct sound's, a speaker about a metre from a laptop's microphone), the level restored.
- ``opus``: encoded to Opus at 32 kbit/s in Ogg (PyAV's libopus; what browsers record a voice at) and written
  as ``.ogg``, so the analysis decodes it as it decodes an upload.
- ``phone``: the telephone band (4th-order Butterworth 300–3400 Hz), resampled to 8 kHz and back,
  and 8-bit µ-law companding (G.711).
- ``browser``: the voice processing a browser applies to its microphone before a page hears it: WebRTC's
  audio processing module (pywebrtc-audio; Chrome and Edge run this module on ``getUserMedia`` audio, whose
  defaults turn it on, though their exact settings may differ; Streamlit's ``st.audio_input`` asks for those defaults): a high-pass filter,
  noise suppression at the "high" level (18 dB) and adaptive digital gain (AGC2). The gain is kept, as
  the app would receive it. ``st.audio_input`` hands the app WAV, so no codec follows.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

SR = 16000
CONDITIONS = ("room", "opus", "phone", "browser")
BROWSER_NS_LEVEL = 2  # WebRTC NoiseSuppression "high": 18 dB
ROOM_RT60_S = 0.5
ROOM_TAIL_RE_DIRECT_DB = -3.0
OPUS_BIT_RATE = 32000
PHONE_BAND_HZ = (300.0, 3400.0)


def _rng(name: str) -> np.random.Generator:
    return np.random.default_rng(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little"))


def room(samples: np.ndarray, name: str, *, rt60_s: float = ROOM_RT60_S) -> np.ndarray:
    from scipy.signal import fftconvolve

    n = int(rt60_s * SR)
    t = np.arange(n) / SR
    tail = _rng(name).standard_normal(n) * np.exp(-6.908 * t / rt60_s)  # -60 dB at RT60
    tail[: int(0.002 * SR)] = 0.0  # first reflections a few ms after the direct sound
    tail *= np.sqrt(10 ** (ROOM_TAIL_RE_DIRECT_DB / 10) / np.sum(tail ** 2))
    tail[0] = 1.0  # the direct sound
    wet = fftconvolve(samples, tail)[: samples.size]
    return _same_level(wet, samples)


def phone(samples: np.ndarray, name: str) -> np.ndarray:
    from scipy.signal import butter, resample_poly, sosfiltfilt

    sos = butter(4, PHONE_BAND_HZ, btype="bandpass", fs=SR, output="sos")
    band = resample_poly(resample_poly(sosfiltfilt(sos, samples), 1, 2), 2, 1)[: samples.size]
    band = _same_level(band, samples)
    mu = 255.0
    peak = max(float(np.max(np.abs(band))), 1e-9)
    x = np.clip(band / peak, -1, 1)
    code = np.round(np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu) * 127) / 127  # 8 bits
    return (np.sign(code) * np.expm1(np.abs(code) * np.log1p(mu)) / mu * peak).astype(np.float32)


def browser(samples: np.ndarray, name: str) -> np.ndarray:
    from pywebrtc_audio import AudioProcessor

    processor = AudioProcessor(sample_rate=SR, high_pass_filter=True, noise_suppression=True,
                               ns_level=BROWSER_NS_LEVEL, auto_gain_control=True)
    return np.clip(processor.process(np.asarray(samples, dtype=np.float32)), -1.0, 1.0).astype(np.float32)


def write_opus(samples: np.ndarray, path: Path) -> None:
    import av

    with av.open(str(path), mode="w", format="ogg") as out:
        stream = out.add_stream("libopus", rate=48000, layout="mono")
        stream.bit_rate = OPUS_BIT_RATE
        frame = av.AudioFrame.from_ndarray(
            np.clip(samples, -1, 1).astype(np.float32)[None, :], format="flt", layout="mono")
        frame.sample_rate = SR
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
        for resampled in resampler.resample(frame) + resampler.resample(None):
            for packet in stream.encode(resampled):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def _same_level(x: np.ndarray, like: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x ** 2))) or 1.0
    y = x * float(np.sqrt(np.mean(like ** 2))) / rms
    peak = float(np.max(np.abs(y)))
    return (y / peak * 0.99 if peak > 0.99 else y).astype(np.float32)


def degraded_copy(audio_path: Path, condition: str, folder: Path) -> Path:
    """Write (once) the clip at ``audio_path`` in ``condition`` under ``folder``; return its path."""
    import soundfile as sf

    from coach.audio import decode

    out = folder / condition / (audio_path.stem + (".ogg" if condition == "opus" else ".flac"))
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    samples = decode(audio_path).astype(np.float64)
    tmp = out.with_name(out.stem + ".part" + out.suffix)
    if condition == "opus":
        write_opus(samples, tmp)
    else:
        y = {"room": room, "phone": phone, "browser": browser}[condition](samples, audio_path.stem)
        sf.write(tmp, y, SR, format="FLAC", subtype="PCM_16")
    tmp.replace(out)
    return out
