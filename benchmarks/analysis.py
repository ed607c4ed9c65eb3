"""Analysis outside transcription: its time as a ratio to transcription, and its extra peak memory.

    python benchmarks/analysis.py [--minutes 3] [--memory-minutes 20] [--lang en|id]

1. Time, measured side by side in one process: generates a speech with espeak-ng
   (scripts/make_samples.py), transcribes it once with the default engine (timed), then runs the
   whole analysis on that transcript (timed) and prints both and their ratio (goal ≤ 0.05). The
   process is warmed up first (:func:`coach.warm_up`, as a worker is), so one-off imports and
   compilation are not counted.
2. Memory on a long recording: the speech and its transcript repeated to ``--memory-minutes``
   (default 20, the longest upload accepted), analysed in a fresh process. The figure is the
   process's peak resident memory during ``analyse()`` minus its resident memory just before
   (Linux: the peak is reset through ``/proc/self/clear_refs`` and read from ``VmHWM``), so the
   decoded samples themselves are not counted; goal < 300 MB. Decoding and the audio check are
   measured the same way and printed beside it.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402

from coach.audio import load_audio  # noqa: E402
from coach.config import load_settings  # noqa: E402
from coach.report.pipeline import analyse  # noqa: E402
from coach.asr.transcribe import get_transcriber  # noqa: E402
from coach.warmup import warm_up  # noqa: E402

KEY_MESSAGES = {"en": ["vaccination"], "id": ["vaksinasi"]}


class Replay:
    """A transcriber that hands back segments recorded earlier, so only analysis is timed."""

    name = "replay"

    def __init__(self, segments):
        self.segments = segments

    def language_probabilities(self, samples):
        return {}

    def transcribe(self, samples, *, language, progress=None):
        return self.segments


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


class PeakMemory:
    """Extra peak resident memory of a block of code, MB (Linux)."""

    def __enter__(self) -> PeakMemory:
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current VmRSS
        self.before_kb = _status_kb("VmRSS")
        return self

    def __exit__(self, *exc) -> None:
        self.extra_mb = (_status_kb("VmHWM") - self.before_kb) / 1024


def repeated(samples: np.ndarray, segments, *, minutes: float, sr: int = 16_000):
    """``samples`` and their transcript ``segments`` repeated to just under ``minutes``, times shifted."""
    cut = int(minutes * 60 * sr) - sr  # a second under, so the length limit is not hit
    copies = max(1, int(np.ceil(cut / len(samples))))
    out = []
    for k in range(copies):
        shift = k * len(samples) / sr
        out += [replace(s, start=s.start + shift, end=s.end + shift,
                        words=tuple(replace(w, start=w.start + shift, end=w.end + shift) for w in s.words))
                for s in segments if s.end + shift <= cut / sr]
    return np.tile(samples, copies)[:cut], out


def _memory_child(wav: str, segments, lang: str, queue) -> None:
    settings = load_settings()
    warm_up()
    with PeakMemory() as decode_mem:
        audio = load_audio(wav, max_duration_s=settings.max_duration_s)
    with PeakMemory() as analysis_mem:
        t0 = time.perf_counter()
        analyse(audio, settings=settings, lang=lang, transcriber=Replay(segments), key_messages=KEY_MESSAGES[lang])
        seconds = time.perf_counter() - t0
    queue.put({"duration_s": audio.duration_s, "decode_mb": decode_mem.extra_mb,
               "analysis_mb": analysis_mem.extra_mb, "analysis_s": seconds})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the timed speech")
    parser.add_argument("--memory-minutes", type=float, default=20.0, help="length for the memory figure (0: skip)")
    parser.add_argument("--lang", choices=["en", "id"], default="en")
    args = parser.parse_args()

    import soundfile as sf
    from make_samples import make_long_speech

    settings = load_settings()
    engine = get_transcriber(settings)
    warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "speech.wav"
        make_long_speech(wav, args.lang, minutes=args.minutes)
        audio = load_audio(wav)

        t0 = time.perf_counter()
        segments = engine.transcribe(audio.samples, language=args.lang)
        transcribe_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        report = analyse(audio, settings=settings, lang=args.lang, transcriber=Replay(segments),
                         key_messages=KEY_MESSAGES[args.lang])
        analysis_s = time.perf_counter() - t0

        memory = None
        if args.memory_minutes > 0:
            long_samples, long_segments = repeated(audio.samples, segments, minutes=args.memory_minutes)
            long_wav = Path(tmp) / "long.wav"
            sf.write(long_wav, long_samples, audio.sr, subtype="PCM_16")
            del long_samples
            ctx = mp.get_context("spawn")
            queue = ctx.Queue()
            child = ctx.Process(target=_memory_child, args=(str(long_wav), long_segments, args.lang, queue))
            child.start()
            memory = queue.get()
            child.join()

    print(f"speech: {audio.duration_s:.1f} s ({args.lang}), {len(report.transcript.words)} words, "
          f"engine faster-whisper {settings.model} {settings.compute_type}, beam {settings.beam_size}")
    print(f"{'step':<36}{'seconds':>10}")
    print(f"{'transcription':<36}{transcribe_s:>10.2f}")
    print(f"{'analysis (all modules, report)':<36}{analysis_s:>10.2f}")
    print(f"ratio analysis / transcription: {analysis_s / transcribe_s:.3f}  (goal ≤ 0.05)")
    if memory:
        print(f"{memory['duration_s'] / 60:.1f} min recording (the speech repeated): analysis "
              f"{memory['analysis_s']:.1f} s, extra peak memory {memory['analysis_mb']:.0f} MB (goal < 300 MB); "
              f"decoding and the audio check {memory['decode_mb']:.0f} MB")


if __name__ == "__main__":
    main()
