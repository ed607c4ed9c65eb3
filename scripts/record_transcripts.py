"""Record what Whisper hears in each sample clip, as JSON fixtures for the analysis tests.

Whisper's words depend on the CPU (CTranslate2 uses MKL on Intel, oneDNN on AMD, and each
instruction set rounds differently), so tests of analysis logic read these recordings instead of
decoding live. Re-record after changing a clip or the model:

    .venv/bin/python scripts/record_transcripts.py            # every clip in sample_audio/
    .venv/bin/python scripts/record_transcripts.py id_clean   # one clip (sample_audio/ or tests/fixtures/audio/)
    .venv/bin/python scripts/record_transcripts.py --as other # each clip in the other language
                                                              # (<clip>.as_<lang>.json: the language check's data)

Each fixture is ``Transcript.to_dict()`` plus a ``recorded`` block saying how it was made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from transcribe import cpu_name  # noqa: E402

from coach.audio import load_audio  # noqa: E402
from coach.config import load_settings  # noqa: E402
from coach.asr.transcribe import get_transcriber, transcribe  # noqa: E402

SAMPLES = ROOT / "sample_audio"
FIXTURES = ROOT / "tests" / "fixtures" / "transcripts"
AUDIO_FIXTURES = ROOT / "tests" / "fixtures" / "audio"


def _clip(name: str) -> tuple[Path, dict]:
    """(audio path, sidecar) of a sample clip (sample_audio/) or a test clip (tests/fixtures/audio/, its
    sidecar naming the file)."""
    for folder in (SAMPLES, AUDIO_FIXTURES):
        side = folder / f"{name}.json"
        if side.exists():
            meta = json.loads(side.read_text(encoding="utf-8"))
            return folder / meta.get("file", f"{name}.wav"), meta
    raise SystemExit(f"no clip {name!r} in {SAMPLES} or {AUDIO_FIXTURES}")


def record(name: str, settings, *, other: bool = False) -> Path:
    """Record ``name`` in its own language, or (``other``) forced into the other supported one."""
    wav, meta = _clip(name)
    lang = {"id": "en", "en": "id"}[meta["language"]] if other else meta["language"]
    t = transcribe(load_audio(wav), transcriber=get_transcriber(settings), language=lang)
    data = t.to_dict()
    data["recorded"] = {
        "clip": str(wav.relative_to(ROOT)),
        "engine": settings.engine,
        "model": settings.model,
        "compute_type": settings.compute_type,
        "beam_size": settings.beam_size,
        "machine": cpu_name(),
        "ct2_force_cpu_isa": os.environ.get("CT2_FORCE_CPU_ISA", ""),
        "date": dt.date.today().isoformat(),
    }
    out = FIXTURES / (f"{name}.as_{lang}.json" if other else f"{name}.json")
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="*", help="clip names (default: every sample_audio/*.wav)")
    parser.add_argument("--as", dest="other", choices=["other"],
                        help="'other': force the other supported language (English clips as id, Indonesian as en)")
    args = parser.parse_args()
    names = args.clips or sorted(p.stem for p in SAMPLES.glob("*.wav"))
    FIXTURES.mkdir(parents=True, exist_ok=True)
    settings = load_settings()
    for name in names:
        print(record(name, settings, other=bool(args.other)).relative_to(ROOT))


if __name__ == "__main__":
    main()
