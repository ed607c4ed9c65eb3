"""Does the same recording get the same words each time it is heard?

    python benchmarks/reproducible.py            # about 10 minutes on 2 cores
    python benchmarks/reproducible.py --clips 4  # a quick look

Whisper decodes each 30 s window with a beam, and where that loops or is unsure (compression ratio over
2.4, mean log-probability under -1) it decodes the window again by sampling at temperatures 0.2 to 1.0,
faster-whisper's default. CTranslate2 draws those samples from a generator per decoding thread, seeded
once, so a loaded model gave the same recording other words when it heard it again. Wicara's engine
(:mod:`coach.asr.faster_engine`) starts every decode on a model made afresh whose threads draw from
:data:`coach.asr.engine.SAMPLING_SEED`.

Each clip (the Indonesian sample clips, the first generated Indonesian and English test clips with
fillers, the first real test clips) is heard as recorded and, for the generated Indonesian ones, in a room and on a phone line
(:mod:`degrade`), is decoded twice by one model loaded once and used as before, and
twice by the engine. Printed per group and in all: the clips whose words differ between the two
decodes, the clips where Whisper kept a sampled decode of some window (it may
have sampled in more), the largest change in word error against the clip's text,
and the cost of making the model afresh against a decode.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import degrade  # noqa: E402
import jiwer  # noqa: E402
from filler_eval import Clip, generated, real, reference_words, samples  # noqa: E402

from coach.asr.model_files import resolve_faster_whisper_model  # noqa: E402
from coach.asr.transcribe import _load  # noqa: E402
from coach.audio import load_audio  # noqa: E402
from coach.config import load_settings  # noqa: E402


def groups(n: int) -> dict[str, tuple[list[Clip], str | None]]:
    """Clips per group, and the recording condition they are heard in (:mod:`degrade`), if any."""
    gen = generated("test")
    gen_id = [c for c in gen if c.language == "id" and c.kind == "fillers"][:n]
    return {
        "samples id": ([c for c in samples() if c.language == "id"][:n], None),
        "generated id": (gen_id, None),
        "gen id room": (gen_id, "room"),
        "gen id phone": (gen_id, "phone"),
        "generated en": ([c for c in gen if c.language == "en" and c.kind == "fillers"][:n], None),
        "real en": ([c for c in real("test") if c.language == "en"][:n], None),
    }


def _wer(clip: Clip, words: list[str]) -> float:
    ref = " ".join(reference_words(clip.meta.get("text", "")))
    return jiwer.wer(ref, " ".join(reference_words(" ".join(words)))) if ref else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clips", type=int, default=8, help="clips per group")
    args = ap.parse_args()
    from faster_whisper import WhisperModel

    settings = load_settings()
    kept = WhisperModel(resolve_faster_whisper_model(settings.model, settings.model_cache_dir),
                        device=settings.device, compute_type=settings.compute_type, cpu_threads=settings.cpu_threads)
    t0 = time.perf_counter()
    engine = _load(settings)
    load_s = time.perf_counter() - t0

    def kept_words(x, lang: str) -> tuple[list[str], bool]:
        segs, _ = kept.transcribe(x, language=lang, beam_size=settings.beam_size, word_timestamps=True,
                                  vad_filter=settings.vad_filter)
        segs = list(segs)
        return [w.word.strip() for s in segs for w in (s.words or ())], any(s.temperature > 0 for s in segs)

    def engine_words(x, lang: str) -> list[str]:
        return [w.text for s in engine.transcribe(x, language=lang) for w in s.words]

    totals = {"clips": 0, "before": 0, "now": 0, "sampled": 0}
    decode_s = []
    for name, (clips, condition) in groups(args.clips).items():
        differ_before = differ_now = sampled = 0
        wer_moves = []
        for clip in clips:
            x = load_audio(clip.audio).samples
            if condition is not None:
                x = getattr(degrade, condition)(x, clip.name)
            (a, sa), (b, sb) = kept_words(x, clip.language), kept_words(x, clip.language)
            t0 = time.perf_counter()
            c = engine_words(x, clip.language)
            decode_s.append(time.perf_counter() - t0)
            d = engine_words(x, clip.language)
            differ_before += a != b
            differ_now += c != d
            sampled += sa or sb
            wer_moves.append(abs(_wer(clip, a) - _wer(clip, b)))
        print(f"{name:13s} {len(clips):3d} clips: words differ between two decodes {differ_before} before, "
              f"{differ_now} now; Whisper kept a sampled decode in {sampled}; largest change in word error before "
              f"{max(wer_moves, default=0):.2f}")
        for key, v in (("clips", len(clips)), ("before", differ_before), ("now", differ_now), ("sampled", sampled)):
            totals[key] += v
    print(f"in all: {totals['before']} of {totals['clips']} clips got other words when heard again before, "
          f"{totals['now']} now (Whisper kept a sampled decode in {totals['sampled']})")
    print(f"cost: making the model afresh {load_s:.2f} s, a decode {sum(decode_s) / len(decode_s):.2f} s on average "
          f"({load_s / (sum(decode_s) / len(decode_s)):.0%}; {settings.model}, {settings.compute_type})")


if __name__ == "__main__":
    main()
