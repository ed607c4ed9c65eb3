"""Analysis time outside transcription, as a ratio to transcription time, measured in one run.

    python benchmarks/analysis.py [--minutes 3] [--lang en|id]

Generates a speech with espeak-ng (scripts/make_samples.py), transcribes it once with the default
engine (timed), then runs the whole analysis on that transcript (timed) and prints both and
their ratio (goal ≤ 0.10). A short warm-up first so one-off compilation (numba) is not counted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from coach.audio import load_audio  # noqa: E402
from coach.config import load_settings  # noqa: E402
from coach.report import analyse  # noqa: E402
from coach.transcribe import get_transcriber  # noqa: E402
from make_samples import make_long_speech  # noqa: E402


class Replay:
    """A transcriber that hands back segments recorded earlier, so only analysis is timed."""

    name = "replay"

    def __init__(self, segments):
        self.segments = segments

    def language_probabilities(self, samples):
        return {}

    def transcribe(self, samples, *, language, progress=None):
        return self.segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--lang", choices=["en", "id"], default="en")
    args = parser.parse_args()
    settings = load_settings()
    engine = get_transcriber(settings)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "speech.wav"
        make_long_speech(wav, args.lang, minutes=args.minutes)
        audio = load_audio(wav)
        warm = load_audio(ROOT / "sample_audio" / "en_clean.wav")
        analyse(warm, settings=settings, lang="en", transcriber=engine)  # compile once, load models

        t0 = time.perf_counter()
        segments = engine.transcribe(audio.samples, language=args.lang)
        transcribe_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        report = analyse(audio, settings=settings, lang=args.lang, transcriber=Replay(segments),
                         key_messages=["vaccination"] if args.lang == "en" else ["vaksinasi"])
        analysis_s = time.perf_counter() - t0

    print(f"speech: {audio.duration_s:.1f} s ({args.lang}), {len(report.transcript.words)} words, "
          f"engine faster-whisper {settings.model} {settings.compute_type}")
    print(f"{'step':<32}{'seconds':>10}")
    print(f"{'transcription':<32}{transcribe_s:>10.2f}")
    print(f"{'analysis (all modules, report)':<32}{analysis_s:>10.2f}")
    print(f"ratio analysis / transcription: {analysis_s / transcribe_s:.3f}  (goal ≤ 0.10)")


if __name__ == "__main__":
    main()
