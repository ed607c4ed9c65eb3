"""Transcription speed and memory: bare faster-whisper vs. ``wicara analyze`` vs. openai-whisper.

All three run in one invocation on the same generated speech, each in a fresh Python process so
that its peak resident memory (``ru_maxrss`` of that child, from ``os.wait4``) is its own:

(a) faster-whisper alone: ``WhisperModel`` on the bundled base model, int8, beam 5, word
    timestamps, language given, every segment consumed;
(b) ``wicara analyze FILE --lang LANG --json``, end to end (decode, transcribe, every metric,
    report); ``python -m coach`` if the console script is missing; if neither runs, the
    library's ``coach.asr.transcribe.transcribe`` instead, and the table says so;
(c) openai-whisper (PyTorch, CPU) on the bundled weights converted to an openai-whisper
    checkpoint: beam 5, word timestamps, fp16 off.

"total s" is the child's wall time from start to exit (imports and model loading included);
"recognise s" is the time spent inside the transcribe call where the child can measure it.
"WER" is against the generated text, lower-cased without punctuation (a number written in
digits counts as an error), a check that each engine heard the speech. The model is assembled
and converted before any timing.

With ``--repeat N`` the engines run N times each, interleaved (bare, wicara, bare, wicara, … with
the order swapped on every other round, so a change in the machine's load falls on both sides), and
the table shows medians; the ratios are ratios of medians. ``--clip FILE`` benchmarks an existing
recording instead (its true text is read from the ``.json`` beside it, as ``sample_audio/`` has):
the short-clip goal compares ``wicara analyze`` with bare faster-whisper in seconds.

Usage::

    python benchmarks/transcribe.py                      # 3 minutes of English
    python benchmarks/transcribe.py --minutes 1 --lang id --skip-openai
    python benchmarks/transcribe.py --clip sample_audio/id_doorstop_lead.wav --lang id --repeat 5 --skip-openai
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "BENCH-RESULT "
BEAM_SIZE = 5


# --- speech to benchmark on -------------------------------------------------------------------

_FALLBACK_TEXT = {
    "en": "Good morning, everyone. Thank you for coming to this briefing. Today we will look at the "
    "results of the clean water programme, what went well, and what we still need to do. Over the "
    "past year, more than four hundred households were connected to the network. Waiting times at "
    "the public taps fell by half. We heard your concerns about the price, and we listened.",
    "id": "Selamat pagi, Bapak dan Ibu sekalian. Terima kasih sudah hadir dalam pertemuan ini. Hari "
    "ini kami akan menyampaikan hasil program air bersih, apa yang sudah berjalan baik, dan apa yang "
    "masih harus kami kerjakan. Selama setahun terakhir, lebih dari empat ratus rumah tangga sudah "
    "tersambung ke jaringan.",
}


def make_speech(path: Path, *, lang: str, minutes: float) -> str:
    """Write about ``minutes`` of speech to ``path``; return its text."""
    script = ROOT / "scripts" / "make_samples.py"
    if script.exists():
        spec = importlib.util.spec_from_file_location("make_samples", script)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules["make_samples"] = module  # its dataclasses look themselves up here
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        if hasattr(module, "make_long_speech"):
            return module.make_long_speech(path, lang, minutes)["text"]
    # No generator in the repo: repeat a paragraph with espeak-ng until long enough (~12 s each).
    repeats = max(1, round(minutes * 60 / 12))
    text = " ".join([_FALLBACK_TEXT[lang]] * repeats)
    subprocess.run(["espeak-ng", "-v", lang, "-s", "150", "-w", str(path), text], check=True)
    return text


# --- the children ------------------------------------------------------------------------------

def _read_16k(path: str):
    import numpy as np
    import soundfile as sf

    samples, sr = sf.read(path, dtype="float32", always_2d=True)
    samples = samples.mean(axis=1)
    if sr != 16_000:
        from scipy.signal import resample_poly

        samples = resample_poly(samples, 16_000, sr).astype(np.float32)
    return samples


def worker(engine: str, audio: str, lang: str) -> dict:
    """Run one engine in this (fresh) process; return what it heard and how long recognition took."""
    from coach.config import load_settings

    settings = load_settings()
    if engine == "prepare":
        from coach.asr.model_files import bundled_model_dir

        bundled_model_dir(settings.model_cache_dir)
        if importlib.util.find_spec("whisper") and importlib.util.find_spec("torch"):
            from coach.asr.openai_checkpoint import load_converted_bundled

            load_converted_bundled(settings.model_cache_dir)
        return {}
    if engine == "faster-whisper":
        from faster_whisper import WhisperModel

        from coach.asr.model_files import bundled_model_dir

        model = WhisperModel(str(bundled_model_dir(settings.model_cache_dir)), device="cpu", compute_type="int8")
        start = time.perf_counter()
        segments, _ = model.transcribe(audio, language=lang, beam_size=BEAM_SIZE, word_timestamps=True)
        texts, n_words = [], 0
        for seg in segments:  # the generator does the work
            texts.append(seg.text.strip())
            n_words += len(seg.words or ())
        return {"recognise_s": time.perf_counter() - start, "text": " ".join(texts), "words": n_words}
    if engine == "openai-whisper":
        import whisper

        from coach.asr.openai_checkpoint import load_converted_bundled

        model = load_converted_bundled(settings.model_cache_dir)
        samples = _read_16k(audio)
        start = time.perf_counter()
        result = whisper.transcribe(model, samples, language=lang, beam_size=BEAM_SIZE, best_of=5,
                                    word_timestamps=True, fp16=False)
        n_words = sum(len(s.get("words", ())) for s in result["segments"])
        return {"recognise_s": time.perf_counter() - start, "text": result["text"].strip(), "words": n_words}
    if engine == "wicara-library":
        from coach.audio import load_audio
        from coach.asr.transcribe import get_transcriber, transcribe

        clip = load_audio(audio)
        transcriber = get_transcriber(settings)
        start = time.perf_counter()
        transcript = transcribe(clip, transcriber=transcriber, language=lang)
        return {"recognise_s": time.perf_counter() - start, "text": transcript.text, "words": len(transcript.words)}
    raise SystemExit(f"unknown engine {engine!r}")


def run_child(argv: list[str]) -> dict:
    """Run ``argv``; return its wall time, CPU time (user + system), peak RSS (MB), exit code and output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be the maximum over all.
        _, status, usage = os.wait4(proc.pid, 0)
        wall_s = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"total_s": wall_s, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                "rc": proc.returncode,
                "stdout": out.read(), "stderr": err.read()}


def _worker_argv(engine: str, audio: Path, lang: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", engine, "--audio", str(audio), "--lang", lang]


def _parse_worker(result: dict) -> dict:
    for line in result["stdout"].splitlines():
        if line.startswith(MARK):
            result.update(json.loads(line[len(MARK):]))
    return result


def _text_from_report(stdout: str) -> str | None:
    """The transcript text inside ``wicara analyze --json`` output, wherever the report keeps it."""
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        return None
    transcript = report.get("transcript") if isinstance(report, dict) else None
    if isinstance(transcript, dict):
        if isinstance(transcript.get("text"), str):
            return transcript["text"]
        segments = transcript.get("segments")
        if isinstance(segments, list):
            return " ".join(s.get("text", "") for s in segments if isinstance(s, dict))
    return report.get("text") if isinstance(report, dict) and isinstance(report.get("text"), str) else None


def run_wicara(audio: Path, lang: str) -> tuple[str, dict]:
    """(b): the CLI end to end, or the library's transcribe when no CLI runs."""
    attempts = []
    script = Path(sys.executable).parent / "wicara"
    if script.exists() or shutil.which("wicara"):
        attempts.append(("wicara analyze (CLI, end to end)", [str(script) if script.exists() else "wicara"]))
    attempts.append(("python -m coach analyze (end to end)", [sys.executable, "-m", "coach"]))
    for label, prefix in attempts:
        result = run_child([*prefix, "analyze", str(audio), "--lang", lang, "--json"])
        try:
            json.loads(result["stdout"])
        except json.JSONDecodeError:
            result["rc"] = result["rc"] or 1  # exiting 0 without a report is no run either
        if result["rc"] == 0:
            result["text"] = _text_from_report(result["stdout"])
            return label, result
        tail = (result["stderr"].strip().splitlines() or ["(no output)"])[-1]
        print(f"note: {label} failed (exit {result['rc']}): {tail}", file=sys.stderr)
    print("note: no CLI ran; timing coach.asr.transcribe.transcribe instead (transcription only)", file=sys.stderr)
    return "wicara library transcribe (NOT the CLI)", _parse_worker(run_child(_worker_argv("wicara-library", audio, lang)))


# --- report ---------------------------------------------------------------------------------------

def _wer(truth: str, heard: str | None) -> float | None:
    if heard is None or not truth:
        return None
    try:
        import jiwer
    except ImportError:
        return None

    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w\s']", " ", s.lower()).split())

    return jiwer.wer(norm(truth), norm(heard))


def cpu_name() -> str:
    """The processor's model name (Whisper's output depends on it), for benchmark tables and recorded fixtures."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU unknown"


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def _median_row(runs: list[dict]) -> dict:
    """One row from repeated runs: medians of the numbers, the first failure's output if any."""
    row = dict(next((r for r in runs if r["rc"] != 0), runs[-1]))
    for key in ("total_s", "cpu_s", "rss_mb", "recognise_s"):
        values = [r[key] for r in runs if r.get(key) is not None]
        row[key] = statistics.median(values) if values else None
    row["runs_total_s"] = [r["total_s"] for r in runs]
    row["runs_cpu_s"] = [r["cpu_s"] for r in runs]
    return row


def _clip_truth(clip: Path) -> str:
    sidecar = clip.with_suffix(".json")
    if sidecar.exists():
        return json.loads(sidecar.read_text(encoding="utf-8")).get("text", "")
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the generated speech (default 3)")
    parser.add_argument("--lang", choices=("en", "id"), default="en", help="speech language (default en)")
    parser.add_argument("--skip-openai", action="store_true", help="leave out openai-whisper")
    parser.add_argument("--clip", type=Path, help="benchmark this recording instead of generated speech")
    parser.add_argument("--repeat", type=int, default=1, help="runs per engine, interleaved; medians shown")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--audio", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(MARK + json.dumps(worker(args.worker, args.audio, args.lang)), flush=True)
        return 0

    with tempfile.TemporaryDirectory(prefix="wicara-bench-") as tmp:
        if args.clip:
            audio = args.clip.resolve()
            truth = _clip_truth(audio)
        else:
            audio = Path(tmp) / f"long_{args.lang}.wav"
            truth = make_speech(audio, lang=args.lang, minutes=args.minutes)
        import soundfile as sf

        duration_s = sf.info(str(audio)).duration
        prep = run_child(_worker_argv("prepare", audio, args.lang))  # assemble + convert, untimed
        if prep["rc"] != 0:
            print(prep["stderr"], file=sys.stderr)
            return 1

        def bare_run() -> tuple[str, dict]:
            return "faster-whisper bare (int8)", _parse_worker(run_child(_worker_argv("faster-whisper", audio, args.lang)))

        engines = [bare_run, lambda: run_wicara(audio, args.lang)]
        if not args.skip_openai:
            if importlib.util.find_spec("whisper") is None:
                print("note: openai-whisper is not installed; skipped", file=sys.stderr)
            else:
                engines.append(lambda: ("openai-whisper (converted base, CPU fp32)",
                                        _parse_worker(run_child(_worker_argv("openai-whisper", audio, args.lang)))))
        runs: list[list[tuple[str, dict]]] = [[] for _ in engines]
        for round_ in range(max(1, args.repeat)):
            order = list(range(len(engines)))
            if round_ % 2:
                order.reverse()
            for i in order:
                runs[i].append(engines[i]())
                print(f"round {round_ + 1}: {runs[i][-1][0]} {runs[i][-1][1]['total_s']:.1f} s", file=sys.stderr)
        rows = [(r[0][0], _median_row([res for _, res in r])) for r in runs]

    cpus = len(os.sched_getaffinity(0))
    what = audio.name if args.clip else "speech (espeak-ng)"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{duration_s:.1f} s of {args.lang} {what}, Whisper base, beam {BEAM_SIZE}, word timestamps, "
          f"{cpus} CPUs ({cpu_name()}), load average at the end {load}, "
          f"{'median of ' + str(args.repeat) + ' interleaved runs' if args.repeat > 1 else 'one run'}\n")
    header = (f"{'engine':44} {'total s':>8} {'RTF':>6} {'CPU s':>6} {'recognise s':>11} {'peak RSS MB':>11} "
              f"{'WER':>6} {'exit':>4}")
    print(header)
    print("-" * len(header))
    for label, r in rows:
        print(f"{label:44} {r['total_s']:8.1f} {r['total_s'] / duration_s:6.3f} {r['cpu_s']:6.1f} "
              f"{_fmt(r.get('recognise_s'), '11.1f'):>11} {r['rss_mb']:11.0f} "
              f"{_fmt(_wer(truth, r.get('text')), '6.3f'):>6} {r['rc']:4d}")
    base = rows[0][1]
    print()
    for label, r in rows[1:]:
        short = label.split(" (")[0]
        parts = [f"total {r['total_s'] / base['total_s']:.2f}×", f"peak RSS {r['rss_mb'] / base['rss_mb']:.2f}×"]
        if r.get("recognise_s") and base.get("recognise_s"):
            parts.insert(1, f"recognise {r['recognise_s'] / base['recognise_s']:.2f}×")
        parts.append(f"CPU {r['cpu_s'] / base['cpu_s']:.2f}×")
        # Paired by round (both measured back to back), so a load change between rounds cancels.
        paired = [w - b for w, b in zip(r["runs_total_s"], base["runs_total_s"])]
        parts.append(f"total {statistics.median(paired):+.1f} s (median of paired differences)")
        parts.append(f"CPU {statistics.median(c - b for c, b in zip(r['runs_cpu_s'], base['runs_cpu_s'])):+.1f} s")
        print(f"{short} / bare faster-whisper: " + ", ".join(parts))
    if args.repeat > 1:
        print()
        for label, r in rows:
            print(f"{label.split(' (')[0]} runs, s: " + " ".join(f"{t:.1f}" for t in r["runs_total_s"]))
    failed = [label for label, r in rows if r["rc"] != 0]
    for label, r in rows:
        if r["rc"] != 0:
            print(f"\n{label} failed:\n{r['stderr'][-2000:]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
