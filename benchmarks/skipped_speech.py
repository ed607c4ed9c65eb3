"""Speech Whisper skips after a long silence, and what hearing it again recovers.

    python benchmarks/skipped_speech.py     # about 7 minutes on 2 cores

Each sample clip (``sample_audio/``, Indonesian and English, with its true text) is heard as recorded,
after 25 s of near-silence (a speaker who starts the recorder and waits), and with 20 s of near-silence
in its middle pause (a speaker who stops to think); the silence is white noise at -60 dBFS. Whisper base
hears each whole, and with its silences of ``transcription.silence_left_out_s`` or more left out
(:func:`coach.asr.clips.around_silences`, Silero VAD's speech spans from
:func:`coach.features.speech_presence.detect_speech`); each decode is scored as it came back and after
the skipped speech in it is heard again (:func:`coach.asr.skipped_speech.hear_skipped_again`). The
product does the last. Printed per condition: word error against the true text, and the clips with
speech still reported skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import jiwer  # noqa: E402
from filler_eval import reference_words, samples  # noqa: E402

from coach.asr.clips import around_silences  # noqa: E402
from coach.asr.skipped_speech import find_skipped_speech, hear_skipped_again  # noqa: E402
from coach.asr.transcribe import _load  # noqa: E402
from coach.audio import load_audio  # noqa: E402
from coach.config import load_settings  # noqa: E402
from coach.features.speech_presence import detect_speech  # noqa: E402
from coach.guidelines import load_guidelines  # noqa: E402
from coach.types import Audio  # noqa: E402

SR = 16_000
LEAD_S, MIDDLE_S = 25.0, 20.0


def _quiet(seconds: float, seed: int) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(int(seconds * SR)) * 10 ** (-60 / 20)).astype(np.float32)


def variants(x: np.ndarray) -> dict[str, np.ndarray]:
    """The clip as recorded, after a long silence, and with one in its middle pause (the quietest 0.3 s
    between 35 % and 65 % of the clip)."""
    frame = int(0.3 * SR)
    lo, hi = int(0.35 * x.size), int(0.65 * x.size)
    levels = [float(np.mean(x[i : i + frame] ** 2)) for i in range(lo, hi - frame, SR // 100)]
    cut = lo + int(np.argmin(levels)) * (SR // 100) + frame // 2
    return {"as recorded": x, "25 s silence first": np.concatenate([_quiet(LEAD_S, 1), x]),
            "20 s silence in the middle": np.concatenate([x[:cut], _quiet(MIDDLE_S, 2), x[cut:]])}


WAYS = ("heard whole", "whole, skipped heard again", "silences left out", "left out, skipped heard again")


def main() -> None:
    settings, g = load_settings(), load_guidelines()
    engine = _load(settings)
    min_s = float(g.value("transcription.skipped_speech_min_s"))
    rows: dict[str, list[dict[str, tuple[float, bool, int]]]] = {}
    for clip in samples():
        ref = " ".join(reference_words(clip.meta.get("text", "")))
        if not ref:
            continue
        for name, x in variants(load_audio(clip.audio).samples).items():
            audio = Audio(samples=x, sr=SR)
            presence = detect_speech(x, sr=SR, threshold=float(g.value("speech.vad_threshold")),
                                     level_dbfs=float(g.value("speech.vad_level_dbfs")), features=audio.features)
            clips = around_silences(x, sr=SR, speech_spans=presence.spans, features=audio.features,
                                    min_silence_s=float(g.value("transcription.silence_left_out_s")))
            whole = engine.transcribe(x, language=clip.language)
            left_out = engine.transcribe(x, language=clip.language, clips=clips) if clips else whole

            def again(segments):
                return hear_skipped_again(x, segments, sr=SR, transcriber=engine, language=clip.language,
                                          speech_spans=presence.spans, min_speech_s=min_s, features=audio.features)

            def measure(segments) -> tuple[float, bool, int]:
                words = [w for s in segments for w in s.words]
                hyp = " ".join(reference_words(" ".join(w.text for w in words)))
                skipped = find_skipped_speech(x, words, sr=SR, min_speech_s=min_s, features=audio.features)
                return jiwer.wer(ref, hyp), bool(skipped), len(words)

            got = dict(zip(WAYS, (measure(s) for s in (whole, again(whole), left_out, again(left_out))), strict=True))
            rows.setdefault(name, []).append(got)
            print(f"  {clip.name:22s} {name:28s} word error " + ", ".join(f"{v[0]:.2f}" for v in got.values()),
                  flush=True)
    print("word error against the true text (mean), and the clips with speech still reported skipped:")
    for name, r in rows.items():
        print(f"{name:28s} {len(r):2d} clips: " + "; ".join(
            f"{way} {np.mean([x[way][0] for x in r]):.3f} ({sum(x[way][1] for x in r)} skipped)" for way in WAYS))


if __name__ == "__main__":
    main()
