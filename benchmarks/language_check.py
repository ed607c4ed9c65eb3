"""How often the language check (:mod:`coach.language_check`) warns, on speech analysed in the right
and in the wrong language.

Every evaluation clip is transcribed twice: in its own language (the caches the other benchmarks
use) and forced into the other supported one (English speech as ``id``, Indonesian as ``en``), the
mistake the check is for. The wrong-language transcripts are cached like the others, as
``<clip>.as_<lang>.transcript.json`` (sample clips: ``tests/fixtures/transcripts/<clip>.as_<lang>.json``,
recorded by ``scripts/record_transcripts.py --as other``).

    nice -n 10 python benchmarks/language_check.py --fill --generated-audio /tmp/wicara-gen/audio
    python benchmarks/language_check.py                  # warning rates per split

``--fill`` also runs Whisper's language identification on each clip's speech, as the analysis does,
into ``benchmarks/data/language_id.json``: the English share (id + en) and the share of third languages
(:class:`coach.lang.language_check.LanguageId`). For the third-language warning it also runs on speech
in languages Wicara does not analyse (``benchmarks/data/other_language/``: real clips with sidecars,
and espeak-ng speech in 14 languages and Malay, ``python scripts/make_other_language_set.py``).

Splits: each set's own (generated: even clips ``dev``, odd ``test``; real: the sidecar's ``split``);
the sample clips are ``test``. Thresholds are chosen on ``dev`` only.
The generated audio is not committed: make it with ``scripts/make_filler_set.py --out DIR``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from transcript_cache import (  # noqa: E402
    DATA,
    CachedTranscriber,
    transcript_from_dict,
)

from coach.audio import load_audio  # noqa: E402
from coach.types import Transcript  # noqa: E402

OTHER = {"id": "en", "en": "id"}
FIXTURES = ROOT / "tests" / "fixtures" / "transcripts"
SAMPLES = ROOT / "sample_audio"


def clips(generated_audio: Path | None = None) -> list[dict]:
    """Every clip: name, set, split, language, audio path (None when not on this machine), cache folder."""
    out = []
    for side in sorted((DATA / "real").glob("*.json")):
        if side.name.endswith(".transcript.json"):
            continue
        meta = json.loads(side.read_text(encoding="utf-8"))
        out.append({"name": side.stem, "set": "real", "split": meta.get("split", "test"),
                    "language": meta["language"], "audio": side.with_name(meta["audio"]), "folder": side.parent})
    manifest = json.loads((DATA / "generated" / "manifest.json").read_text(encoding="utf-8"))
    # languages and splits interleaved, so a partial --fill covers all of them
    for c in sorted(manifest["clips"], key=lambda c: (int(c["name"].rsplit("_", 1)[1]), c["language"], c["name"])):
        audio = (generated_audio / Path(c["audio"]).name) if generated_audio else None
        out.append({"name": c["name"], "set": "generated", "split": c["split"], "language": c["language"],
                    "audio": audio if audio and audio.exists() else None, "sha256": c["sha256"],
                    "folder": DATA / "generated" / "transcripts"})
    for side in sorted(SAMPLES.glob("*.json")):
        meta = json.loads(side.read_text(encoding="utf-8"))
        out.append({"name": side.stem, "set": "samples", "split": "test", "language": meta["language"],
                    "audio": side.with_suffix(".wav"), "folder": None})
    return out + other_language_clips()


OTHER_LANGUAGE = DATA / "other_language"


def other_language_clips() -> list[dict]:
    """Speech in languages Wicara does not analyse (and Malay, a neighbour): real, then generated.
    Their transcripts, analysed as Indonesian and as English, are cached in ``other_language/transcripts``."""
    out = []
    for side in sorted(OTHER_LANGUAGE.glob("*.json")):
        meta = json.loads(side.read_text(encoding="utf-8"))
        out.append({"name": f"other_{side.stem}", "set": "other-real", "split": meta["split"],
                    "language": meta["language"], "audio": side.with_name(meta["audio"]),
                    "folder": OTHER_LANGUAGE / "transcripts"})
    manifest = OTHER_LANGUAGE / "generated" / "manifest.json"
    for c in json.loads(manifest.read_text(encoding="utf-8"))["clips"] if manifest.exists() else []:
        audio = OTHER_LANGUAGE / "generated" / c["audio"]
        out.append({"name": f"other_{c['name']}", "set": "other-generated", "split": c["split"],
                    "language": c["language"], "audio": audio if audio.exists() else None,
                    "folder": OTHER_LANGUAGE / "transcripts"})
    return out


def transcript(clip: dict, lang: str) -> Transcript | None:
    """The clip's cached transcript in ``lang`` (its own language or the other), None when not made yet."""
    if clip["language"] not in OTHER:  # a third language: kept analysed as each supported one
        path = clip["folder"] / f"{clip['name']}.as_{lang}.transcript.json"
        if not path.exists():
            return None
        return transcript_from_dict(json.loads(path.read_text(encoding="utf-8"))["transcript"])
    own = lang == clip["language"]
    if clip["set"] == "samples":
        path = FIXTURES / (f"{clip['name']}.json" if own else f"{clip['name']}.as_{lang}.json")
        return Transcript.from_dict(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None
    path = clip["folder"] / (f"{clip['name']}.transcript.json" if own else f"{clip['name']}.as_{lang}.transcript.json")
    if not path.exists():
        return None
    return transcript_from_dict(json.loads(path.read_text(encoding="utf-8"))["transcript"])


def _file_sha256(path: Path) -> str:
    """The generated set's manifest hash: of the file's 16-bit samples (scripts/make_filler_set.py)."""
    import hashlib

    import soundfile as sf

    return hashlib.sha256(sf.read(path, dtype="int16")[0].tobytes()).hexdigest()


LANGUAGE_ID = DATA / "language_id.json"  # Whisper's English share on each clip's speech, by clip name


def language_id() -> dict[str, dict]:
    return json.loads(LANGUAGE_ID.read_text(encoding="utf-8")) if LANGUAGE_ID.exists() else {}


def fill_language_id(generated_audio: Path | None) -> None:
    """Whisper's language identification on the speech (from the first voiced frame), as the analysis runs it.

    A clip measured before the third-language check keeps its English share (measured on another CPU;
    the README's figures come from it) and gains ``other_share``, ``top_other`` and ``top_other_share``."""
    from coach.asr.transcribe import get_transcriber, heard_languages
    from coach.config import load_settings
    from coach.features.speech_presence import detect_speech
    from coach.lang.language_check import LanguageId

    done, engine = language_id(), get_transcriber(load_settings())
    for clip in clips(generated_audio):
        if clip["audio"] is None or "other_share" in done.get(clip["name"], {}):
            continue
        audio = load_audio(clip["audio"])
        spans = detect_speech(audio.samples, sr=audio.sr).spans
        heard = LanguageId.of(heard_languages(audio.samples[int(spans[0][0] * audio.sr) if spans else 0:],
                                              transcriber=engine) or {})
        entry = done.get(clip["name"]) or {
            "spoken": clip["language"],
            "en_share": None if heard.english_share is None else round(heard.english_share, 4)}
        done[clip["name"]] = {**entry, "other_share": round(heard.other_share, 4), "top_other": heard.top_other,
                              "top_other_share": round(heard.top_other_share, 4)}
        LANGUAGE_ID.write_text(json.dumps(done, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(clip["name"], done[clip["name"]], flush=True)


def fill(generated_audio: Path | None) -> None:
    """Make every missing wrong-language transcript and language identification (Whisper, minutes of CPU)."""
    from coach.config import load_settings

    fill_language_id(generated_audio)
    settings = load_settings()
    for clip in clips(generated_audio):
        if clip["language"] not in OTHER:  # a third language: as each supported one
            for lang in (lang for lang in OTHER if clip["audio"] is not None and transcript(clip, lang) is None):
                clip["folder"].mkdir(parents=True, exist_ok=True)
                cache = clip["folder"] / f"{clip['name']}.as_{lang}.transcript.json"
                CachedTranscriber(settings, clip["audio"], cache=cache).transcribe(
                    load_audio(clip["audio"]).samples, language=lang)
                print(clip["name"], "as", lang, flush=True)
            continue
        lang = OTHER[clip["language"]]
        if clip["set"] == "samples" or clip["audio"] is None or transcript(clip, lang) is not None:
            continue
        if clip.get("sha256") and _file_sha256(clip["audio"]) != clip["sha256"]:
            print(f"{clip['name']}: the audio differs from the manifest's (another espeak-ng?): skipped")
            continue
        audio = load_audio(clip["audio"])
        cache = clip["folder"] / f"{clip['name']}.as_{lang}.transcript.json"
        CachedTranscriber(settings, clip["audio"], cache=cache).transcribe(audio.samples, language=lang)
        print(cache.relative_to(ROOT), flush=True)


def measure(generated_audio: Path | None = None) -> list[dict]:
    """One row per transcript: clip, split, spoken and analysed language, wrong or not, the check's numbers."""
    from coach.guidelines import load_guidelines
    from coach.lang.language_check import LanguageId, check_language

    guidelines, heard = load_guidelines(), language_id()
    rows = []
    for clip in clips(generated_audio):
        if clip["language"] not in OTHER:  # third languages: other_language_rows
            continue
        share = (heard.get(clip["name"]) or {}).get("en_share")
        for lang in ("id", "en"):
            t = transcript(clip, lang)
            if t is None or (lang == "id" and share is None):  # analysed as id: the analysis runs the language ID
                continue
            check = check_language(t, lang, guidelines, heard=None if share is None else LanguageId(english_share=share))
            lexicon = check_language(t, lang, guidelines)
            rows.append({"clip": clip["name"], "set": clip["set"], "split": clip["split"], "spoken": clip["language"],
                         "analysed": lang, "wrong": lang != clip["language"], "words": check.words,
                         "margin": check.margin, "warned": check.sounds_like_other, "en_share": share,
                         "lexicon_warned": lexicon.sounds_like_other})
    return rows


# The threshold sits this far above the highest margin of a right-language dev transcript: the most
# wrong-language transcripts caught while every right one stays clearly below (inferred; the wrong
# ones are too few on dev, 10-20 per language, to place it between the two groups).
SAFETY = 0.1


def choose_margin(rows: list[dict], lang: str, min_words: int) -> float | None:
    """On dev rows analysed in ``lang`` with enough words: the highest right-language margin plus :data:`SAFETY`."""
    correct = [r["margin"] for r in rows
               if r["split"] == "dev" and r["analysed"] == lang and r["words"] >= min_words and not r["wrong"]]
    return round(max(correct) + SAFETY, 2) if correct else None


def choose_english_share(heard: list[dict]) -> float | None:
    """Halfway between the highest English share of Indonesian dev speech and the lowest of English dev speech."""
    english = [r["en_share"] for r in heard if r["split"] == "dev" and r["spoken"] == "en"]
    indonesian = [r["en_share"] for r in heard if r["split"] == "dev" and r["spoken"] == "id"]
    if not english or not indonesian or max(indonesian) >= min(english):
        return None
    return round((max(indonesian) + min(english)) / 2, 3)


def other_language_rows() -> list[dict]:
    """Every clip with a recorded language ID, once per language it was transcribed in (own, the other
    supported one, or for a third language both), with the third-language check's verdict."""
    from coach.guidelines import load_guidelines
    from coach.lang.language_check import LanguageId, check_language

    guidelines, heard = load_guidelines(), language_id()
    rows = []
    for c in clips():
        v = heard.get(c["name"])
        if not v or "top_other_share" not in v:
            continue
        lid = LanguageId(english_share=v["en_share"], other_share=v["other_share"], top_other=v["top_other"],
                         top_other_share=v["top_other_share"])
        for lang in ("id", "en"):
            t = transcript(c, lang)
            if t is None:
                continue
            check = check_language(t, lang, guidelines, heard=lid)
            rows.append({"clip": c["name"], "set": c["set"], "split": c["split"], "analysed": lang,
                         "spoken": c["language"] if c["language"] in ("id", "en", "ms") else "other",
                         "top_other_share": v["top_other_share"], "top_other": v["top_other"],
                         "id_words": check.shares["id"], "words": check.words, "warned": check.unsupported})
    return rows


def choose_other_language_id_words_max(rows: list[dict], threshold: float, min_words: int) -> float | None:
    """:data:`SAFETY` below the lowest Indonesian word share of dev Indonesian, English or Malay speech analysed
    as id whose language ID reaches ``threshold`` (with at least ``min_words`` words): the most third-language
    speech caught while every supported clip stays clearly below (the groups overlap: Whisper translated
    some espeak German and Malay into Indonesian)."""
    near = [r["id_words"] for r in rows if r["split"] == "dev" and r["analysed"] == "id" and r["spoken"] != "other"
            and r["top_other_share"] >= threshold and r["words"] >= min_words]
    return round(min(near) - SAFETY, 2) if near else None


def report_other_language() -> None:
    """Third language: warnings on supported (and Malay) speech and catches on other speech, per split and set."""
    from coach.guidelines import load_guidelines

    guidelines = load_guidelines()
    threshold = float(guidelines.value("language_check.other_language_min"))
    min_words = int(guidelines.value("language_check.min_words"))
    rows = other_language_rows()
    print(f"\nspeech in a third language (language_check.other_language_min {threshold}; "
          f"other_language_id_words_max {guidelines.value('language_check.other_language_id_words_max')}, "
          f"chosen on dev: {choose_other_language_id_words_max(rows, threshold, min_words)})")
    print("  split  analysed  set              spoken  clips  warned  highest language-ID share (language, clip)")
    for split in ("dev", "test"):
        for lang in ("id", "en"):
            groups: dict[tuple[str, str], list[dict]] = {}
            for r in rows:
                if r["split"] == split and r["analysed"] == lang:
                    groups.setdefault((r["set"], r["spoken"]), []).append(r)
            for (kind, spoken), got in sorted(groups.items()):
                top = max(got, key=lambda r: r["top_other_share"])
                print(f"  {split:5}  {lang:8}  {kind:15}  {spoken:6}  {len(got):5}  {sum(r['warned'] for r in got):6}  "
                      f"{top['top_other_share']:.4f} ({top['top_other']}, {top['clip']})")


def report() -> None:
    from coach.guidelines import load_guidelines

    guidelines = load_guidelines()
    min_words = int(guidelines.value("language_check.min_words"))
    rows = measure()
    print(f"chosen on dev (language_check.min_words = {min_words}):")
    for lang in ("id", "en"):
        print(f"  margin for speech analysed as {lang}: {choose_margin(rows, lang, min_words)} "
              f"(guidelines: {guidelines.value('language_check.margin', lang)})")
    heard = {r["clip"]: r for r in rows if r["en_share"] is not None}.values()
    print(f"  english_share_min: {choose_english_share(list(heard))} "
          f"(guidelines: {guidelines.value('language_check.english_share_min')})")
    for split in ("dev", "test"):
        english = [r["en_share"] for r in heard if r["split"] == split and r["spoken"] == "en"]
        indonesian = [r["en_share"] for r in heard if r["split"] == split and r["spoken"] == "id"]
        print(f"  Whisper's English share on the speech, {split}: English speech {min(english):.4f} or more "
              f"({len(english)} clips), Indonesian {max(indonesian):.4f} or less and {min(indonesian):.4f} or more "
              f"({len(indonesian)}) (guidelines: english_share_min {guidelines.value('language_check.english_share_min')}, "
              f"english_share_max {guidelines.value('language_check.english_share_max')})")
    print("\nat the guidelines' thresholds (judged: at least min_words words):")
    print("  split analysed  false warnings, right language   caught, wrong language (judged)   caught (all)"
          "   highest right-language margin")
    print("  (judged: enough words for the lexicon shares, or analysed as id, where the language ID alone can tell;"
          " the language ID warns in either language)")
    for split in ("dev", "test"):
        for lang in ("id", "en"):
            part = [r for r in rows if r["split"] == split and r["analysed"] == lang]
            right, wrong = [r for r in part if not r["wrong"]], [r for r in part if r["wrong"]]
            judged = [r for r in wrong if r["words"] >= min_words or r["en_share"] is not None and lang == "id"]
            false, caught = sum(r["warned"] for r in right), sum(r["warned"] for r in wrong)
            caught_judged = sum(r["warned"] for r in judged)
            by_words = sum(r["lexicon_warned"] for r in wrong)
            top = max((r["margin"] for r in right if r["words"] >= min_words), default=float("nan"))
            print(f"  {split:5} {lang:3}       {false:3}/{len(right):3} = {false / max(1, len(right)):.3f}"
                  f"                 {caught_judged:3}/{len(judged):3} = {caught_judged / max(1, len(judged)):.3f}"
                  f"             {caught:3}/{len(wrong):3}      {top:+.2f}   (words alone: {by_words}/{len(wrong)})")
    print("\nas a README table:")
    for split in ("dev", "test"):
        for lang in ("id", "en"):
            part = [r for r in rows if r["split"] == split and r["analysed"] == lang]
            right, wrong = [r for r in part if not r["wrong"]], [r for r in part if r["wrong"]]
            judged = [r for r in wrong if r["words"] >= min_words or r["en_share"] is not None and lang == "id"]
            print(f"| {split} | {lang} | {sum(r['warned'] for r in right)}/{len(right)} | "
                  f"{sum(r['warned'] for r in judged)}/{len(judged)} | {sum(r['warned'] for r in wrong)}/{len(wrong)} |")
    missed = [r for r in rows if r["split"] == "test" and r["wrong"] and not r["warned"] and r["words"] >= min_words]
    print("\nmissed on test with enough words (wrong language, no warning): " + ", ".join(
        f"{r['clip']} as {r['analysed']} ({r['words']} words, margin {r['margin']:+.2f})" for r in missed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", action="store_true", help="make the missing wrong-language transcripts first")
    parser.add_argument("--generated-audio", type=Path, help="folder of the generated set's audio (for --fill)")
    args = parser.parse_args()
    if args.fill:
        fill(args.generated_audio)
    report()
    report_other_language()


if __name__ == "__main__":
    main()
