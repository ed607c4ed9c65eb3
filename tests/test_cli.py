"""The `wicara` command: JSON schema, same words across formats, one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jiwer
import pytest
from click.testing import CliRunner

from coach.audio import load_audio
from coach.cli import main
from conftest import sample
from test_audio import encode

REQUIRED_KEYS = {"language", "duration_s", "transcript", "warnings", "pace", "fillers", "pauses", "prosody",
                 "clarity", "messages", "public", "scores", "tips", "timeline"}


def run_json(args: list[str]) -> dict:
    result = CliRunner().invoke(main, ["analyze", *args, "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.model
def test_json_has_the_documented_keys_and_words_with_times():
    wav, meta = sample("en_clean")
    out = run_json([str(wav), "--lang", "en", "--key-message", "free vaccination week"])
    assert REQUIRED_KEYS <= out.keys()
    assert out["language"] == "en" and out["duration_s"] == pytest.approx(meta["duration_s"], abs=0.01)
    word = out["transcript"]["words"][0]
    assert set(word) == {"text", "start", "end", "probability"}
    assert {"words_per_minute", "syllables_per_second", "articulation_rate", "verdict", "windows"} <= out["pace"].keys()
    assert {"count", "per_100_words", "events"} <= out["fillers"].keys()
    assert {"pitch_sd_semitones", "monotone"} <= out["prosody"].keys()
    assert "unexplained_acronyms" in out["clarity"]
    km = out["messages"]["key_messages"][0]
    assert set(km) == {"text", "covered", "first_mention_s", "repetitions", "coverage", "best_mention_s"} and isinstance(km["covered"], bool)
    assert {"purpose_in_opening", "call_to_action"} <= out["messages"].keys()
    assert {"audience_words", "self_words", "no_comment"} <= out["public"].keys()
    assert set(out["scores"]) == {"overall", "pace", "fillers", "pauses", "variety", "clarity", "messages", "public",
                                  "timing"}
    assert len(out["tips"]) <= 3


@pytest.mark.model
def test_wav_mp3_m4a_and_webm_copies_give_the_same_words(tmp_path):
    """Lossy copies decode to slightly different samples, so Whisper may differ by a word or so; the
    bound (5 % between copies, 10 % from the true text) leaves room for the CPU as well."""
    wav, meta = sample("en_clean")
    audio = load_audio(wav)
    words = {"wav": _words(run_json([str(wav), "--lang", "en"]))}
    for suffix, container, codec, rate in [("mp3", "mp3", "mp3", 44100), ("m4a", "mp4", "aac", 44100),
                                           ("webm", "webm", "libopus", 48000)]:
        path = tmp_path / f"clip.{suffix}"
        encode(audio.samples, audio.sr, path, container=container, codec=codec, rate=rate)
        words[suffix] = _words(run_json([str(path), "--lang", "en"]))
    truth = " ".join(_words({"transcript": {"words": [{"text": w} for w in meta["text"].split()]}}))
    for suffix, heard in words.items():
        assert len(heard) > 50
        assert jiwer.wer(" ".join(words["wav"]), " ".join(heard)) <= 0.05, suffix
        assert jiwer.wer(truth, " ".join(heard)) <= 0.10, suffix


# Whisper writes small numbers as digits or as words depending on the decode ("3rd" / "third"):
# the same word either way.
_NUMBER_WORDS = dict(zip(
    "1 2 3 4 5 6 7 8 9 10 1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th".split(),
    "one two three four five six seven eight nine ten first second third fourth fifth sixth seventh eighth "
    "ninth tenth".split()))


def _words(report: dict) -> list[str]:
    return [_NUMBER_WORDS.get(t, t) for w in report["transcript"]["words"]
            for t in re.sub(r"[^\w\s']", " ", w["text"].lower()).split()]


@pytest.mark.parametrize(
    "content,message",
    [(b"not a recording at all", "not a readable audio file"), (b"", "not a readable audio file")],
)
def test_bad_input_one_line_on_stderr_nonzero_exit(tmp_path, content, message):
    bad = tmp_path / "speech.wav"
    bad.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "coach", "analyze", str(bad), "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in proc.stderr


def test_debug_shows_the_traceback(tmp_path):
    bad = tmp_path / "speech.wav"
    bad.write_bytes(b"junk")
    proc = subprocess.run([sys.executable, "-m", "coach", "--debug", "analyze", str(bad), "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_bad_setting_is_one_line(tmp_path, monkeypatch):
    wav, _ = sample("en_clean")
    monkeypatch.setenv("WICARA_BEAM_SIZE", "0")
    result = CliRunner().invoke(main, ["analyze", str(wav), "--quiet"])
    assert result.exit_code == 1 and "WICARA_BEAM_SIZE" in result.output


def test_more_than_three_key_messages_is_refused():
    wav, _ = sample("en_clean")
    args = ["analyze", str(wav), "--quiet"] + sum((["--key-message", f"m{i}"] for i in range(4)), [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "At most 3 key messages" in result.output


def test_models_lists_the_bundled_model_first():
    result = CliRunner().invoke(main, ["models"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split()[:3] == ["*", "base", "bundled"]


def test_exercises_list_shows_every_exercise():
    result = CliRunner().invoke(main, ["exercises", "list"])
    assert result.exit_code == 0 and "doorstop" in result.output and "siaran-pers" in result.output
