"""Which part of a browser's voice processing costs the filled-pause detector, with the detector alone.

    python benchmarks/browser_parts.py            # dev filler clips (the short-filler ones apart)
    python benchmarks/browser_parts.py --split test

Each part of WebRTC's audio processing that ``benchmarks/degrade.py``'s ``browser`` condition runs (the
high-pass filter, noise suppression at its level, the adaptive gain) is switched on by itself, then all
together, on every filler clip of the split; the acoustic detector (candidates, features, the model, the
echo rule, the raise of candidates that sound like the speaker's sure fillers; no second listen) runs on the processed audio with the clip's cached transcript of the audio as
recorded (the processing shifts no word), and a true filler counts as found when a candidate at
``fillers.acoustic_min_confidence`` or more overlaps it. Whisper does not run: about a minute.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from degrade import BROWSER_NS_LEVEL, SR  # noqa: E402
from filler_eval import generated, overlaps, real  # noqa: E402
from train_filler_model import audio_candidates  # noqa: E402
from transcript_cache import cache_path, read_cached  # noqa: E402

from coach.analysis.acoustic_fillers import candidate_probabilities  # noqa: E402
from coach.audio import load_audio  # noqa: E402
from coach.guidelines import load_guidelines  # noqa: E402
from coach.types import Audio  # noqa: E402

PARTS = {
    "as recorded": None,
    "high-pass": {"high_pass_filter": True},
    "noise suppression": {"noise_suppression": True, "ns_level": BROWSER_NS_LEVEL},
    "automatic gain": {"auto_gain_control": True},
    "all (browser)": {"high_pass_filter": True, "noise_suppression": True, "ns_level": BROWSER_NS_LEVEL,
                      "auto_gain_control": True},
}


def main() -> None:
    from pywebrtc_audio import AudioProcessor

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    args = ap.parse_args()
    guidelines = load_guidelines()
    bar = float(guidelines.value("fillers.acoustic_min_confidence"))
    gen = [c for c in generated(args.split) if c.kind == "fillers" and not c.meta.get("short")]
    sets = {"generated en": [c for c in gen if c.language == "en"],
            "generated id": [c for c in gen if c.language == "id"],
            "real": [c for c in real(args.split) if c.kind == "fillers"]}
    print(f"{args.split}: true fillers found by the acoustic detector alone (confidence >= {bar})")
    print(f"{'part':<20}" + "".join(f"{name:>16}" for name in sets))
    found = {part: {name: [0, 0] for name in sets} for part in PARTS}
    for name, clips in sets.items():
        for clip in clips:
            audio = load_audio(clip.audio)
            transcript = read_cached(clip.audio, audio, clip.language, cache=cache_path(clip.audio))
            if transcript is None:
                continue
            truth = [(f["start"], f["end"]) for f in clip.fillers]
            for part, config in PARTS.items():
                samples = audio.samples if config is None else np.clip(
                    AudioProcessor(sample_rate=SR, **config).process(audio.samples.astype(np.float32)), -1, 1)
                key = clip.name if config is None else f"{clip.name}.{'-'.join(sorted(config))}"
                spans, x, timbres = audio_candidates(key, Audio(samples=samples.astype(np.float32), sr=audio.sr),
                                                     transcript, clip.language, guidelines)
                p = candidate_probabilities(x, guidelines, spans=spans, timbres=timbres) if len(x) else np.zeros(0)
                found[part][name][0] += sum(any(overlaps(*s, *t) and q >= bar for s, q in zip(spans, p))
                                            for t in truth)
                found[part][name][1] += len(truth)
    for part, per in found.items():
        print(f"{part:<20}" + "".join(f"{f'{k}/{n}':>16}" for k, n in per.values()))


if __name__ == "__main__":
    main()
