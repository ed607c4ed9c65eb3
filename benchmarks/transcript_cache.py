"""Whisper transcripts of the evaluation clips, cached as JSON beside them.

Transcribing a few hundred clips takes minutes of CPU, and training the filled-pause model and
running the accuracy benchmark both need the same transcripts: each is made once and stored as
``<clip>.transcript.json`` with the SHA-256 of the decoded audio, the engine and its settings.
A cache whose audio hash no longer matches (espeak-ng of another version made different audio)
is made again. Whisper's words differ between CPUs (DESIGN.md), so the stored file, not a live
decode, is what training and the benchmark read.

    python benchmarks/transcript_cache.py          # fill every missing cache (nice -n 10 advised)
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.asr.engine import LISTEN_TEMPERATURE, LISTEN_TOKENS_PER_S  # noqa: E402
from coach.audio import load_audio  # noqa: E402
from coach.types import Audio, Segment, Transcript, Word  # noqa: E402

DATA = ROOT / "benchmarks" / "data"


def audio_sha256(audio: Audio) -> str:
    """Hash of the decoded samples, as 16-bit integers (what a FLAC or WAV file holds)."""
    return hashlib.sha256(np.round(np.clip(audio.samples, -1, 1) * 32767).astype(np.int16).tobytes()).hexdigest()


def transcript_to_dict(t: Transcript) -> dict:
    return {
        "language": t.language, "duration_s": round(t.duration_s, 3),
        "segments": [{"text": s.text, "start": round(s.start, 3), "end": round(s.end, 3),
                      "words": [[w.text, round(w.start, 3), round(w.end, 3), round(w.probability, 4)] for w in s.words]}
                     for s in t.segments],
    }


def transcript_from_dict(d: dict) -> Transcript:
    segments = tuple(
        Segment(s["text"], s["start"], s["end"], tuple(Word(w[0], w[1], w[2], w[3]) for w in s["words"]))
        for s in d["segments"]
    )
    return Transcript(language=d["language"], duration_s=d["duration_s"], segments=segments)


def cache_path(audio_path: Path) -> Path:
    """``<clip>.transcript.json`` beside the clip; for generated clips (``audio/``, not committed)
    in the committed ``transcripts/`` folder beside it."""
    folder = audio_path.parent
    if folder.name == "audio":
        folder = folder.parent / "transcripts"
        folder.mkdir(exist_ok=True)
    return folder / (audio_path.stem + ".transcript.json")


def read_cached(audio_path: Path, audio: Audio, lang: str, *, cache: Path | None = None) -> Transcript | None:
    """The cached transcript when it exists and was made from these very samples, else None."""
    path = cache or cache_path(audio_path)
    if not path.exists():
        return None
    d = json.loads(path.read_text(encoding="utf-8"))
    if d.get("sha256") != audio_sha256(audio) or d["transcript"]["language"] != lang:
        return None
    return transcript_from_dict(d["transcript"])


class CachedTranscriber:
    """A Transcriber (see :class:`coach.asr.engine.Transcriber`) that answers from the cache
    when it can and otherwise runs the real engine, storing what it heard."""

    name = "faster-whisper (cached)"

    def __init__(self, settings, audio_path: Path, *, cache: Path | None = None, replay_only: bool = False) -> None:
        """``replay_only``: never run the engine; a listen not in the cache raises LookupError (tests)."""
        self._settings = settings
        self._replay_only = replay_only
        self._audio_path = audio_path
        self._cache = cache or cache_path(audio_path)
        self.seconds = 0.0  # Whisper time spent in this object (0 when answered from the cache)

    def language_probabilities(self, samples: np.ndarray) -> dict[str, float]:
        raise NotImplementedError("give the language: the benchmark never detects it")

    def transcribe(self, samples: np.ndarray, *, language: str, progress=None) -> tuple[Segment, ...]:
        audio = Audio(samples=samples, sr=16_000)
        cached = read_cached(self._audio_path, audio, language, cache=self._cache)
        if cached is not None:
            return cached.segments
        from coach.asr.transcribe import get_transcriber

        engine = get_transcriber(self._settings)
        t0 = time.process_time()
        segments = engine.transcribe(samples, language=language, progress=progress)
        self.seconds = time.process_time() - t0
        transcript = Transcript(language=language, duration_s=samples.size / 16_000, segments=segments)
        s = self._settings
        tmp = self._cache.with_suffix(".tmp")
        tmp.write_text(json.dumps({
            "sha256": audio_sha256(audio), "engine": engine.name, "model": str(getattr(s, "model", "")),
            "beam_size": getattr(s, "beam_size", None), "compute_type": getattr(s, "compute_type", None),
            "cpu_seconds": round(self.seconds, 1), "transcript": transcript_to_dict(transcript),
        }, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        tmp.replace(self._cache)  # atomic: two filling processes never leave half a file
        return segments


    def listen(self, samples: np.ndarray, *, language: str, prompt: str) -> tuple[Word, ...]:
        """The second, filler-prompted listen (:class:`coach.asr.engine.Listener`), cached per window in
        ``listens/<clip>.json`` beside the transcript, under a hash of the window, language, prompt and
        decoding (temperature, token cap)."""
        path = self._cache.parent / "listens" / self._cache.name.replace(".transcript.json", ".json")
        stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        key = hashlib.sha256(f"{audio_sha256(Audio(samples=samples, sr=16_000))}|{language}|{prompt}"
                             f"|t={LISTEN_TEMPERATURE}|cap={LISTEN_TOKENS_PER_S}".encode())
        key = key.hexdigest()[:16]
        if key not in stored and self._replay_only:
            raise LookupError(f"no recorded listen {key} for {self._audio_path.name}: run benchmarks/filler_listen.py")
        if key not in stored:
            from coach.asr.transcribe import get_transcriber

            words = get_transcriber(self._settings).listen(samples, language=language, prompt=prompt)
            stored[key] = [[w.text, round(w.start, 3), round(w.end, 3), round(w.probability, 4)] for w in words]
            path.parent.mkdir(exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text("{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                                               for k, v in sorted(stored.items())) + "\n}\n", encoding="utf-8")
            tmp.replace(path)  # atomic, as the transcripts
        return tuple(Word(*w) for w in stored[key])


def cached_transcript(settings, audio_path: Path, lang: str, audio: Audio | None = None) -> Transcript:
    """The clip's transcript, from the cache or made now and cached."""
    audio = audio or load_audio(audio_path)
    engine = CachedTranscriber(settings, audio_path)
    segments = engine.transcribe(audio.samples, language=lang)
    return Transcript(language=lang, duration_s=audio.duration_s, segments=segments)


def all_clips() -> list[tuple[Path, str]]:
    """(audio path, language) of every evaluation clip: the real set, then the generated set with
    languages and splits interleaved (so a partial run still covers all of them)."""
    out = []
    for side in sorted((DATA / "real").glob("*.json")):
        if side.name.endswith(".transcript.json"):
            continue
        meta = json.loads(side.read_text(encoding="utf-8"))
        out.append((side.with_name(meta["audio"]), meta["language"]))
    for folder in ("generated", "generated_formant", "generated_inline"):
        manifest = DATA / folder / "manifest.json"
        if manifest.exists():
            clips = json.loads(manifest.read_text(encoding="utf-8"))["clips"]
            clips.sort(key=lambda c: (int(c["name"].rsplit("_", 1)[1]) % 48, c["language"], c["name"]))
            out.extend((DATA / folder / c["audio"], c["language"]) for c in clips)
    return out


def main() -> None:
    from coach.config import load_settings

    settings = load_settings()
    total = 0.0
    # A second process run with --reverse shares the work from the other end.
    for path, lang in all_clips()[:: -1 if "--reverse" in sys.argv else 1]:
        if not path.exists():
            print(f"missing {path}: run scripts/make_filler_set.py", file=sys.stderr)
            continue
        audio = load_audio(path)
        if read_cached(path, audio, lang) is not None:
            continue
        engine = CachedTranscriber(settings, path)
        engine.transcribe(audio.samples, language=lang)
        total += engine.seconds
        print(f"{path.name}: {engine.seconds:.1f} s CPU (total {total:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
