"""Shared fixtures: sample clips with their sidecars, one real model per session, fake transcripts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from coach.audio import load_audio
from coach.config import load_settings
from coach.guidelines import load_guidelines
from coach.asr.transcribe import get_transcriber, transcribe
from coach.types import Segment, Transcript, Word

SAMPLES = Path(__file__).resolve().parent.parent / "sample_audio"


def sample(name: str) -> tuple[Path, dict]:
    """Path of ``sample_audio/<name>.wav`` and its sidecar."""
    wav = SAMPLES / f"{name}.wav"
    if not wav.exists():
        pytest.fail(f"missing {wav}: run `python scripts/make_samples.py`")
    return wav, json.loads(wav.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    """Default settings with the data directory in a temporary folder (the model cache stays shared)."""
    return load_settings(data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def guidelines():
    return load_guidelines()


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"


def recorded(name: str) -> Transcript:
    """What Whisper base heard in ``sample_audio/<name>.wav``, recorded once by
    ``scripts/record_transcripts.py`` (live decodes differ between CPUs; see DESIGN.md)."""
    path = FIXTURES / f"{name}.json"
    if not path.exists():
        pytest.fail(f"missing {path}: run `python scripts/record_transcripts.py {name}`")
    return Transcript.from_dict(json.loads(path.read_text(encoding="utf-8")))


MISHEARD_ANSWERS = Path(__file__).resolve().parent / "fixtures" / "misheard_answers"


def misheard_answer(kind: str, item_id: str, condition: str) -> Transcript:
    """What Whisper base heard of one rendered answer (``scripts/make_misheard_answers.py``):
    ``kind`` is nocomment, messages or negatives; ``condition`` e.g. ``clean_int8``, ``snr10_beam1``."""
    items = json.loads((MISHEARD_ANSWERS / f"{kind}.json").read_text(encoding="utf-8"))["items"]
    item = next(i for i in items if i["id"] == item_id and i["condition"] == condition)
    segments = tuple(Segment(s["text"], s["start"], s["end"], tuple(Word(*w) for w in s["words"]))
                     for s in item["segments"])
    return Transcript(item["lang"], segments[-1].end if segments else 0.0, segments)


@pytest.fixture(scope="session")
def recorded_transcript():
    """``recorded_transcript(name)``: the recorded Whisper transcript of a sample clip (deterministic)."""
    return recorded


def _samples_hash(samples) -> str:
    return hashlib.sha1(np.ascontiguousarray(samples, dtype=np.float32).tobytes()).hexdigest()


class RecordedTranscriber:
    """A transcriber that answers with the recorded transcript of the sample clip it is given.

    The clip is recognised by a hash of its decoded samples, so whole pipelines (report, import, the
    app) run on real recorded Whisper output without decoding, the same on every machine.
    """

    name = "faster-whisper"

    def __init__(self, *, as_asked: bool = False) -> None:
        """``as_asked``: asked for the other language, answer with the clip's transcript recorded in it
        (``<clip>.as_<lang>.json``, ``scripts/record_transcripts.py --as other``), as Whisper would."""
        self.calls = 0
        self.as_asked = as_asked
        self.languages: list[str] = []
        self._by_hash: dict[str, str] = {}
        self._by_tail: dict[str, str] = {}  # the last second: language ID runs on the speech, from its first voice
        for meta_path in sorted(SAMPLES.glob("*.json")):
            if (FIXTURES / meta_path.name).exists():
                samples = load_audio(meta_path.with_suffix(".wav")).samples
                self._by_hash[_samples_hash(samples)] = meta_path.stem
                self._by_tail[_samples_hash(samples[-16_000:])] = meta_path.stem

    def clip_for(self, samples) -> str:
        name = self._by_hash.get(_samples_hash(samples))
        if name is None:
            raise AssertionError(f"no recorded transcript for this audio ({len(samples)} samples)")
        return name

    def language_probabilities(self, samples) -> dict[str, float]:
        name = self._by_tail.get(_samples_hash(samples[-16_000:])) or self.clip_for(samples)
        return {recorded(name).language: 1.0}

    def transcribe(self, samples, *, language, progress=None):
        self.calls += 1
        self.languages.append(language)
        name = self.clip_for(samples)
        t = recorded(name)
        if self.as_asked and language != t.language:
            t = recorded(f"{name}.as_{language}")
        if progress:
            progress(t.duration_s, t.duration_s)
        return t.segments


@pytest.fixture
def recorded_engine(monkeypatch) -> RecordedTranscriber:
    """Every ``get_transcriber`` (library, importer, app) answers with the recorded transcripts."""
    import importlib

    engine = RecordedTranscriber()
    for name in ("coach.asr.transcribe", "coach.report.pipeline"):  # coach.jobs.queue looks it up in coach.asr.transcribe
        monkeypatch.setattr(importlib.import_module(name), "get_transcriber", lambda settings, **_: engine)
    return engine


@pytest.fixture
def recorded_engine_as_asked(monkeypatch) -> RecordedTranscriber:
    """Like ``recorded_engine``, but a clip analysed in the other language gets its wrong-language recording."""
    import importlib

    engine = RecordedTranscriber(as_asked=True)
    for name in ("coach.asr.transcribe", "coach.report.pipeline"):
        monkeypatch.setattr(importlib.import_module(name), "get_transcriber", lambda settings, **_: engine)
    return engine


_transcripts: dict[tuple[str, str], Transcript] = {}


@pytest.fixture(scope="session")
def real_transcript(settings):
    """``real_transcript(name, lang=None)``: the real bundled model's transcript of a clip, cached per session."""

    def get(name: str, lang: str | None = None) -> Transcript:
        wav, meta = sample(name)
        lang = lang or meta["language"]
        key = (name, lang)
        if key not in _transcripts:
            audio = load_audio(wav)
            _transcripts[key] = transcribe(audio, transcriber=get_transcriber(settings), language=lang)
        return _transcripts[key]

    return get


def fake_transcript(timed_words: list[tuple[str, float, float]], *, language: str = "id",
                    duration_s: float | None = None) -> Transcript:
    """A transcript from (text, start, end) triples; one segment per sentence-final punctuation."""
    segments, current = [], []
    for text, start, end in timed_words:
        current.append(Word(text, start, end, 0.9))
        if text.endswith((".", "?", "!")):
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    segs = tuple(
        Segment(" ".join(w.text for w in ws), ws[0].start, ws[-1].end, tuple(ws)) for ws in segments
    )
    end = duration_s if duration_s is not None else (timed_words[-1][2] + 0.5 if timed_words else 0.0)
    return Transcript(language=language, duration_s=end, segments=segs)


def words_from_text(text: str, *, start: float = 0.0, word_s: float = 0.4, gap_s: float = 0.1,
                    pauses: dict[int, float] | None = None) -> list[tuple[str, float, float]]:
    """Evenly timed words for ``text``; ``pauses`` maps a word index to extra silence after that word."""
    out, t = [], start
    for i, w in enumerate(text.split()):
        out.append((w, round(t, 3), round(t + word_s, 3)))
        t += word_s + gap_s + (pauses or {}).get(i, 0.0)
    return out



class Hears:
    """A transcriber that hears ``text`` in any recording, evenly timed from ``start`` (``pauses``: extra
    silence after a word index, as :func:`words_from_text` takes it), in ``language``."""

    name = "fake"

    def __init__(self, text: str, *, start: float = 0.0, pauses: dict[int, float] | None = None,
                 language: str = "id") -> None:
        self.language = language
        self.segments = fake_transcript(words_from_text(text, start=start, pauses=pauses), language=language).segments

    @classmethod
    def clip(cls, name: str) -> "Hears":
        """The sample clip's true text (from its sidecar), from 0.6 s."""
        return cls(json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))["text"], start=0.6)

    def language_probabilities(self, samples):
        return {self.language: 1.0}

    def transcribe(self, samples, *, language, progress=None):
        return self.segments


class NeverCalled:
    """A transcriber that fails the test if the recogniser is reached."""

    name = "never"

    def language_probabilities(self, samples):
        raise AssertionError("the recogniser ran")

    def transcribe(self, samples, *, language, progress=None):
        raise AssertionError("the recogniser ran")

# ---------------------------------------------------------------- databases (storage and trainer tests)
import os  # noqa: E402  (kept with the fixtures below)
import uuid  # noqa: E402

PG_URL = os.environ.get("WICARA_TEST_DATABASE_URL", "")
PG_HOW = "set WICARA_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run on PostgreSQL"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """``(url, audio_dir, open_store)`` for a fresh, empty database of each kind.

    PostgreSQL runs when ``WICARA_TEST_DATABASE_URL`` is set; each test gets its own schema
    (``search_path`` through the connection options), dropped afterwards.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from coach.store.database import Store

    stores: list[Store] = []
    cleanup = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'wicara.db'}"
    else:
        if not PG_URL:
            if os.environ.get("WICARA_REQUIRE_POSTGRES"):  # set by .ci/run: CI must exercise PostgreSQL
                pytest.fail(f"WICARA_REQUIRE_POSTGRES is set but WICARA_TEST_DATABASE_URL is not: {PG_HOW}")
            pytest.skip(PG_HOW)
        schema = f"wicara_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)

        def cleanup() -> None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    audio_dir = tmp_path / "audio"

    def open_store() -> Store:
        stores.append(Store(url, audio_dir=audio_dir))
        return stores[-1]

    yield url, audio_dir, open_store
    for opened in stores:
        opened.close()
    if cleanup:
        cleanup()


@pytest.fixture
def store(db):
    """A :class:`coach.store.database.Store` on a fresh database (SQLite, and PostgreSQL when given)."""
    return db[2]()


@pytest.fixture()
def data_dir(tmp_path, monkeypatch):
    """A fresh data directory for the app, and fresh per-server caches (settings, store, queue)."""
    import streamlit as st

    monkeypatch.setenv("WICARA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WICARA_DATABASE_URL", raising=False)
    monkeypatch.delenv("WICARA_UI_LANGUAGE", raising=False)
    st.cache_resource.clear()
    yield tmp_path
    st.cache_resource.clear()
