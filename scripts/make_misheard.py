"""Write misheard transcripts of the Indonesian sample clips as fixtures (``tests/fixtures/misheard/``).

Whisper base mishears Indonesian, and differently on another machine, compute type or microphone.
This script makes the project's own misheard transcripts by decoding each Indonesian clip in
``sample_audio/`` under several conditions:

- ``int8``      the default (int8, beam 5, clean audio)
- ``float32``   another compute type
- ``beam1``     greedy decoding
- ``avx2``      CTranslate2 forced to the AVX2 instruction set (another CPU, DESIGN.md)
- ``snr10``, ``snr5``, ``snr0``  seeded white noise at 10, 5 and 0 dB signal-to-noise ratio
- ``phone``     telephone band (300–3400 Hz, 8 kHz) plus noise at 15 dB

Each fixture is ``{"clip", "variant", "language", "duration_s", "truth", "segments": [...]}`` with
the words and times Whisper gave. Decodes are cached (``benchmarks/whisper_cache.py``).

Usage: ``nice -n 10 python scripts/make_misheard.py``
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

import numpy as np
from scipy.signal import butter, resample_poly, sosfiltfilt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from whisper_cache import decode, read_clip  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "misheard"
CLIPS = ("id_doorstop_nocomment", "id_doorstop_lead", "id_doorstop_buried", "id_public", "id_agency",
         "id_clean", "id_acronyms", "id_fillers")


def _noise(samples: np.ndarray, snr_db: float, seed: str) -> np.ndarray:
    rng = np.random.default_rng(zlib.crc32(seed.encode()))
    active = samples[np.abs(samples) > 0.01]
    power = float(np.mean(active**2)) if active.size else float(np.mean(samples**2))
    noisy = samples + rng.normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), samples.size)
    return (noisy / max(1.0, float(np.abs(noisy).max()))).astype(np.float32)


def _phone(samples: np.ndarray, seed: str) -> np.ndarray:
    sos = butter(6, [300, 3400], btype="bandpass", fs=16_000, output="sos")
    narrow = resample_poly(resample_poly(sosfiltfilt(sos, samples), 1, 2), 2, 1)
    return _noise(narrow.astype(np.float32), 15.0, seed)


VARIANTS = {
    "int8": (lambda s, n: s, {}),
    "float32": (lambda s, n: s, {"compute_type": "float32"}),
    "beam1": (lambda s, n: s, {"beam_size": 1}),
    "avx2": (lambda s, n: s, {"isa": "AVX2"}),
    "snr10": (lambda s, n: _noise(s, 10.0, n + "snr10"), {}),
    "snr5": (lambda s, n: _noise(s, 5.0, n + "snr5"), {}),
    "snr0": (lambda s, n: _noise(s, 0.0, n + "snr0"), {}),
    "phone": (lambda s, n: _phone(s, n + "phone"), {}),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])
    for clip in CLIPS:
        side = json.loads((ROOT / "sample_audio" / f"{clip}.json").read_text())
        samples = read_clip(ROOT / "sample_audio" / f"{clip}.wav")
        for name, (transform, opts) in VARIANTS.items():
            if only and name not in only:
                continue
            segments = decode(transform(samples, clip), language="id", **opts)
            fixture = {"clip": clip, "variant": name, "language": "id", "duration_s": side["duration_s"],
                       "truth": side["text"], "segments": segments}
            (OUT / f"{clip}.{name}.json").write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n")
            print(f"{clip:24s} {name:8s} {' '.join(s['text'] for s in segments)}", flush=True)


if __name__ == "__main__":
    main()
