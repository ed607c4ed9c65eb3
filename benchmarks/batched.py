"""Sequential vs batched decoding on a long recording: real-time factor, WER and word times.

The recording is the project's own clips end to end (``sample_audio/`` in the chosen language,
and for English also the real speech in ``benchmarks/data/real/``), with 1 s of silence between
them, repeated until it is ``--minutes`` long; its true text is the clips' texts in the same order.
Each mode runs in a fresh process (its own peak memory), interleaved when ``--repeat`` > 1:

(a) sequential: faster-whisper's ``WhisperModel.transcribe`` as Wicara runs it (beam 5, word
    timestamps, no VAD filter): one 30 s window after another, each conditioned on the last;
(b) batched: ``BatchedInferencePipeline`` on clips cut in pauses by :func:`plan_clips`
    (never faster-whisper's VAD filter), ``--batch-size`` clips at a time.

Printed: wall time, real-time factor (wall / audio), CPU seconds, peak RSS, WER against the true
text (lower-cased, punctuation dropped), and how far the batched word times are from the
sequential ones for the same words (same text, starting within 1 s of each other): how many
match, the median and 90th percentile of |Δ start| and the share within 0.2 s.

Usage::

    nice -n 10 python benchmarks/batched.py --minutes 10 --lang en
    nice -n 10 python benchmarks/batched.py --minutes 3 --lang id --batch-size 4
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from transcribe import MARK, _cpu_name, run_child  # noqa: E402  (same child runner and CPU name)

SR = 16_000
GAP_S = 1.0


def _clips(lang: str) -> list[tuple[Path, str]]:
    """(audio, true text) of the project's clips in ``lang``."""
    out = []
    for meta in sorted((ROOT / "sample_audio").glob("*.json")):
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("language") == lang and meta.with_suffix(".wav").exists():
            out.append((meta.with_suffix(".wav"), info["text"]))
    if lang == "en":
        real = ROOT / "benchmarks" / "data" / "real"
        for meta in sorted(real.glob("*.json")):
            if meta.name.endswith(".transcript.json"):
                continue
            info = json.loads(meta.read_text(encoding="utf-8"))
            if info.get("language") == "en" and info.get("text"):
                out.append((real / info["audio"], info["text"]))
    return out


def make_recording(path: Path, *, lang: str, minutes: float) -> tuple[float, str]:
    """Write the long recording to ``path``; return its duration (s) and true text."""
    import numpy as np
    import soundfile as sf

    from coach.audio import load_audio

    clips = [(load_audio(p, max_duration_s=600).samples, text) for p, text in _clips(lang)]
    gap = np.zeros(int(GAP_S * SR), dtype=np.float32)
    parts, texts, total = [], [], 0.0
    while total < minutes * 60:
        for samples, text in clips:
            parts += [samples, gap]
            texts.append(text)
            total += len(samples) / SR + GAP_S
            if total >= minutes * 60:
                break
    audio = np.concatenate(parts)
    sf.write(str(path), audio, SR, subtype="PCM_16")
    return len(audio) / SR, " ".join(texts)


def worker(mode: str, audio_path: str, lang: str, batch_size: int) -> dict:
    """Transcribe in this (fresh) process; return words with times and the decode time."""
    import time

    from coach.asr.clips import plan_clips
    from coach.asr.transcribe import get_transcriber
    from coach.audio import load_audio
    from coach.config import load_settings

    settings = load_settings(batched="on" if mode == "batched" else "off", batch_size=batch_size)
    audio = load_audio(audio_path, max_duration_s=3600)
    engine = get_transcriber(settings)
    start = time.perf_counter()
    segments = engine.transcribe(audio.samples, language=lang)
    words = [(w.text, w.start, w.end) for s in segments for w in s.words]
    return {"decode_s": time.perf_counter() - start, "words": words, "segments": len(segments),
            "clips": len(plan_clips(audio.samples, sr=SR)) if mode == "batched" else 0}


def _norm(text: str) -> list[str]:
    return re.sub(r"[^\w\s']", " ", text.lower()).split()


def _wer(truth: str, words: list) -> float:
    import jiwer

    return jiwer.wer(" ".join(_norm(truth)), " ".join(_norm(" ".join(w[0] for w in words))))


def word_time_shifts(reference: list, other: list, *, within_s: float = 1.0) -> list[float]:
    """For each word of ``reference``: |Δ start| (s) to the nearest word of ``other`` with the same
    text starting within ``within_s`` (the same word heard in the same place); words without one
    are left out. Matching by place, not by sequence alignment, because the recording repeats its
    clips: an aligner may pair a word with its copy a repetition later."""
    from bisect import bisect_left

    starts = sorted((w[1], " ".join(_norm(w[0]))) for w in other)
    times = [t for t, _ in starts]
    shifts = []
    for text, start, _ in reference:
        key = " ".join(_norm(text))
        lo, hi = bisect_left(times, start - within_s), bisect_left(times, start + within_s)
        near = [abs(times[i] - start) for i in range(lo, hi) if starts[i][1] == key]
        if near:
            shifts.append(min(near))
    return shifts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the recording (default 10)")
    parser.add_argument("--lang", choices=("en", "id"), default="en")
    parser.add_argument("--batch-size", type=int, default=4, help="clips decoded at once (default 4, as WICARA_BATCH_SIZE)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per mode, interleaved; medians shown")
    parser.add_argument("--save", type=Path, help="write both modes' words (text, start, end) to this JSON file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--audio", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(MARK + json.dumps(worker(args.worker, args.audio, args.lang, args.batch_size)), flush=True)
        return 0

    with tempfile.TemporaryDirectory(prefix="wicara-batched-") as tmp:
        path = Path(tmp) / f"long_{args.lang}.wav"
        duration_s, truth = make_recording(path, lang=args.lang, minutes=args.minutes)
        results: dict[str, list[dict]] = {"sequential": [], "batched": []}
        for round_ in range(max(1, args.repeat)):
            for mode in (("sequential", "batched") if round_ % 2 == 0 else ("batched", "sequential")):
                r = run_child([sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--audio", str(path),
                               "--lang", args.lang, "--batch-size", str(args.batch_size)])
                if r["rc"] != 0:
                    print(r["stderr"][-3000:], file=sys.stderr)
                    return 1
                for line in r["stdout"].splitlines():
                    if line.startswith(MARK):
                        r.update(json.loads(line[len(MARK):]))
                results[mode].append(r)
                print(f"round {round_ + 1}: {mode} {r['total_s']:.0f} s", file=sys.stderr)

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{duration_s / 60:.1f} min of {args.lang} ({len(_clips(args.lang))} project clips repeated, "
          f"{GAP_S:.0f} s apart), Whisper base int8, beam 5, word timestamps, batch size {args.batch_size}, "
          f"{len(os.sched_getaffinity(0))} CPUs ({_cpu_name()}), load average at the end {load}, "
          f"{'median of ' + str(args.repeat) + ' interleaved runs' if args.repeat > 1 else 'one run each'}\n")
    header = f"{'mode':11} {'wall s':>7} {'RTF':>6} {'decode s':>8} {'CPU s':>7} {'peak MB':>7} {'WER':>6} {'segments':>8}"
    print(header)
    print("-" * len(header))
    med = {}
    for mode, runs in results.items():
        m = {k: statistics.median(r[k] for r in runs) for k in ("total_s", "decode_s", "cpu_s", "rss_mb")}
        m["wer"] = statistics.median(_wer(truth, r["words"]) for r in runs)
        med[mode] = m
        print(f"{mode:11} {m['total_s']:7.0f} {m['total_s'] / duration_s:6.3f} {m['decode_s']:8.0f} "
              f"{m['cpu_s']:7.0f} {m['rss_mb']:7.0f} {m['wer']:6.3f} {runs[-1]['segments']:8d}")
    shifts = word_time_shifts(results["sequential"][-1]["words"], results["batched"][-1]["words"])
    seq, bat = med["sequential"], med["batched"]
    print(f"\nbatched / sequential: wall {bat['total_s'] / seq['total_s']:.2f}×, decode "
          f"{bat['decode_s'] / seq['decode_s']:.2f}×, CPU {bat['cpu_s'] / seq['cpu_s']:.2f}×, peak memory "
          f"{bat['rss_mb'] / seq['rss_mb']:.2f}×, WER {bat['wer'] - seq['wer']:+.3f}")
    if shifts:
        shifts.sort()
        p90 = shifts[int(0.9 * (len(shifts) - 1))]
        within = sum(s <= 0.2 for s in shifts) / len(shifts)
        n_ref = len(results["sequential"][-1]["words"])
        print(f"word starts, batched vs sequential: {len(shifts)} of the {n_ref} sequential words are heard by "
              f"batched within 1 s; of those, median |Δ| {statistics.median(shifts):.3f} s, 90th percentile "
              f"{p90:.3f} s, within 0.2 s {within:.1%}")
    if args.save:
        args.save.write_text(json.dumps({mode: runs[-1]["words"] for mode, runs in results.items()}))
    print(f"clips planned: {results['batched'][-1]['clips']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
