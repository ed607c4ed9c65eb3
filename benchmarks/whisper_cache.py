"""Decode a clip with faster-whisper once and keep the result on disk (``benchmarks/out/decodes/``).

Shared by ``benchmarks/vocabulary_bias.py`` and ``scripts/make_misheard.py``: Whisper runs are the
slow part (2 shared cores), so every decode is cached under a key made of the audio's hash and the
decoding options, and never recomputed. Each decode runs in a child process so that CTranslate2's
``CT2_FORCE_CPU_ISA`` (another machine's instruction set) can differ from one run to the next.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / "out" / "decodes"
CPU_THREADS = 2  # the machine's 2 cores are shared: never ask for more

_CHILD = r"""
import json, sys
import numpy as np
from faster_whisper import WhisperModel
args = json.loads(sys.argv[1])
samples = np.load(args["npy"])
model = WhisperModel(args["model"], device="cpu", compute_type=args["compute_type"], cpu_threads=args["threads"])
kw = {k: args[k] for k in ("hotwords", "initial_prompt") if args.get(k)}
segs, _ = model.transcribe(samples, language=args["language"], beam_size=args["beam_size"],
                           word_timestamps=True, vad_filter=False, **kw)
out = []
for s in segs:
    out.append({"text": s.text.strip(), "start": float(s.start), "end": float(s.end),
                "words": [{"text": w.word.strip(), "start": float(w.start), "end": float(w.end),
                           "probability": float(w.probability)} for w in (s.words or ()) if w.word.strip()]})
print("DECODE " + json.dumps(out))
"""

_CHILD_MANY = r"""
import json, sys
import numpy as np
from faster_whisper import WhisperModel
args = json.loads(sys.argv[1])
model = WhisperModel(args["model"], device="cpu", compute_type=args["compute_type"], cpu_threads=args["threads"])
for job in args["jobs"]:
    samples = np.load(job["npy"])
    kw = {k: job[k] for k in ("hotwords", "initial_prompt") if job.get(k)}
    segs, _ = model.transcribe(samples, language=job["language"], beam_size=job["beam_size"],
                               word_timestamps=True, vad_filter=False, **kw)
    out = [{"text": s.text.strip(), "start": float(s.start), "end": float(s.end),
            "words": [{"text": w.word.strip(), "start": float(w.start), "end": float(w.end),
                       "probability": float(w.probability)} for w in (s.words or ()) if w.word.strip()]}
           for s in segs]
    with open(job["out"], "w") as f:
        json.dump({"options": job["opts"], "segments": out}, f, ensure_ascii=False)
    print("DONE " + job["out"], flush=True)
"""


def model_path() -> str:
    from coach.config import Settings
    from coach.asr.model_files import resolve_faster_whisper_model

    s = Settings()
    return str(resolve_faster_whisper_model(s.model, s.model_cache_dir))


def _key(samples: np.ndarray, opts: dict[str, Any]) -> str:
    return hashlib.sha1(samples.tobytes() + json.dumps(opts, sort_keys=True).encode()).hexdigest()[:20]


def decode(samples: np.ndarray, *, language: str, compute_type: str = "int8", beam_size: int = 5,
           hotwords: str | None = None, initial_prompt: str | None = None, isa: str | None = None) -> list[dict[str, Any]]:
    """Segments (text, start, end, words) of ``samples`` (16 kHz mono float32), cached on disk."""
    samples = np.asarray(samples, dtype=np.float32)
    opts = {"language": language, "compute_type": compute_type, "beam_size": beam_size,
            "hotwords": hotwords, "initial_prompt": initial_prompt, "isa": isa}
    key = _key(samples, opts)
    path = CACHE / f"{key}.json"
    if path.exists():
        return json.loads(path.read_text())["segments"]
    CACHE.mkdir(parents=True, exist_ok=True)
    npy = CACHE / f"{key}.npy"
    np.save(npy, samples)
    env = dict(os.environ)
    if isa:
        env["CT2_FORCE_CPU_ISA"] = isa
    args = {**opts, "npy": str(npy), "model": model_path(), "threads": CPU_THREADS}
    try:
        out = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(args)], env=env, check=True,
                             capture_output=True, text=True).stdout
    finally:
        npy.unlink(missing_ok=True)
    line = next(x for x in out.splitlines() if x.startswith("DECODE "))
    segments = json.loads(line[len("DECODE "):])
    path.write_text(json.dumps({"options": opts, "segments": segments}, ensure_ascii=False))
    return segments


def decode_many(jobs: list[tuple[np.ndarray, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """:func:`decode` for many clips: ``jobs`` are (samples, keyword options of :func:`decode`).

    Same cache as :func:`decode`; the ones not cached are decoded with one model load per
    (compute type, instruction set), not one per clip.
    """
    keyed = []
    for samples, kw in jobs:
        samples = np.asarray(samples, dtype=np.float32)
        opts = {"language": kw["language"], "compute_type": kw.get("compute_type", "int8"),
                "beam_size": kw.get("beam_size", 5), "hotwords": kw.get("hotwords"),
                "initial_prompt": kw.get("initial_prompt"), "isa": kw.get("isa")}
        keyed.append((samples, opts, CACHE / f"{_key(samples, opts)}.json"))
    CACHE.mkdir(parents=True, exist_ok=True)
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for samples, opts, path in keyed:
        if path.exists() or any(j["out"] == str(path) for g in groups.values() for j in g):
            continue
        npy = path.with_suffix(".npy")
        np.save(npy, samples)
        groups.setdefault((opts["compute_type"], opts["isa"]), []).append(
            {**{k: opts[k] for k in ("language", "beam_size", "hotwords", "initial_prompt")},
             "npy": str(npy), "out": str(path), "opts": opts})
    for (compute_type, isa), group in groups.items():
        env = dict(os.environ)
        if isa:
            env["CT2_FORCE_CPU_ISA"] = isa
        args = {"compute_type": compute_type, "model": model_path(), "threads": CPU_THREADS, "jobs": group}
        try:
            subprocess.run([sys.executable, "-c", _CHILD_MANY, json.dumps(args)], env=env, check=True)
        finally:
            for job in group:
                Path(job["npy"]).unlink(missing_ok=True)
    return [json.loads(path.read_text())["segments"] for _, _, path in keyed]


def read_clip(path: Path) -> np.ndarray:
    import soundfile as sf

    samples, sr = sf.read(str(path), dtype="float32")
    assert sr == 16_000 and samples.ndim == 1, path
    return samples
