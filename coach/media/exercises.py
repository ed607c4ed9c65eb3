"""Exercise modules as data: load and validate ``exercises/*.toml``.

Each file is one exercise. Text fields are tables keyed by language (``id``, ``en``); the
exercise is offered in the languages its ``languages`` list names. A broken file raises
:class:`~coach.errors.ExerciseError` naming the file and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ExerciseError
from ..report.dimensions import DIMENSION_KEYS

__all__ = ["EXERCISES_DIR", "KINDS", "Exercise", "get_exercise", "load_exercise", "load_exercises"]

EXERCISES_DIR = Path(__file__).resolve().parents[2] / "exercises"
KINDS = ("speech", "doorstop", "press_conference", "crisis", "soundbite", "social_video", "listening",
         "press_release")
_DIMENSIONS = DIMENSION_KEYS
_LANGS = ("id", "en")


@dataclass(frozen=True)
class Exercise:
    """One exercise module. Per-language fields map a language code to text."""

    id: str
    version: int
    kind: str
    languages: tuple[str, ...]
    title: dict[str, str]
    goal: dict[str, str]
    instructions: dict[str, str]
    dimensions: tuple[str, ...]
    target_duration_s: float | None = None
    time_limit_s: float | None = None
    key_messages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    script: dict[str, str] = field(default_factory=dict)
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    checklist: dict[str, tuple[str, ...]] = field(default_factory=dict)
    model_answer: dict[str, str] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    path: str = ""

    def text(self, name: str, lang: str) -> str:
        """A per-language text field in ``lang``, falling back to the exercise's first language."""
        values: dict[str, str] = getattr(self, name)
        return values.get(lang) or values.get(self.languages[0], "")

    def key_messages_for(self, lang: str) -> tuple[str, ...]:
        return self.key_messages.get(lang) or ()


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise ExerciseError(f"{where}: missing field '{key}'.")
    if not isinstance(data[key], kind):
        raise ExerciseError(f"{where}: field '{key}' has the wrong type ({type(data[key]).__name__}).")
    return data[key]


def _per_lang(data: dict[str, Any], key: str, languages: tuple[str, ...], where: str, *, required: bool,
              listy: bool = False) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        if required:
            raise ExerciseError(f"{where}: missing field '{key}' (a table with one entry per language).")
        return {}
    if not isinstance(value, dict):
        raise ExerciseError(f"{where}: field '{key}' must be a table keyed by language, e.g. {key}.id = \"…\".")
    out: dict[str, Any] = {}
    for lang, text in value.items():
        if lang not in _LANGS:
            raise ExerciseError(f"{where}: field '{key}.{lang}': unknown language (use id or en).")
        if listy:
            if not (isinstance(text, list) and all(isinstance(t, str) and t.strip() for t in text)):
                raise ExerciseError(f"{where}: field '{key}.{lang}' must be a list of non-empty texts.")
            out[lang] = tuple(text)
        else:
            if not (isinstance(text, str) and text.strip()):
                raise ExerciseError(f"{where}: field '{key}.{lang}' must be a non-empty text.")
            out[lang] = text.strip()
    if required:
        missing = [lang for lang in languages if lang not in out]
        if missing:
            raise ExerciseError(f"{where}: field '{key}' has no text for {', '.join(missing)}.")
    return out


def load_exercise(path: Path) -> Exercise:
    """Read and validate one exercise file."""
    where = Path(path).name
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ExerciseError(f"{where}: not valid TOML ({e}).") from e
    ex_id = _need(data, "id", str, where)
    if ex_id != Path(path).stem:
        raise ExerciseError(f"{where}: field 'id' is '{ex_id}' but must match the file name '{Path(path).stem}'.")
    version = _need(data, "version", int, where)
    kind = _need(data, "kind", str, where)
    if kind not in KINDS:
        raise ExerciseError(f"{where}: field 'kind' is '{kind}'; use one of {', '.join(KINDS)}.")
    languages = tuple(_need(data, "languages", list, where))
    if not languages or any(lang not in _LANGS for lang in languages):
        raise ExerciseError(f"{where}: field 'languages' must list id and/or en.")
    dimensions = tuple(_need(data, "dimensions", list, where))
    unknown = [d for d in dimensions if d not in _DIMENSIONS]
    if unknown or not dimensions:
        raise ExerciseError(f"{where}: field 'dimensions' has unknown {unknown}; use {', '.join(_DIMENSIONS)}.")
    weights = data.get("weights", {})
    if not isinstance(weights, dict) or any(k not in _DIMENSIONS or not isinstance(v, (int, float)) or v < 0
                                            for k, v in weights.items()):
        raise ExerciseError(f"{where}: field 'weights' must map dimensions to numbers ≥ 0.")
    durations = {}
    for key in ("target_duration_s", "time_limit_s"):
        value = data.get(key)
        if value is not None and (not isinstance(value, (int, float)) or value <= 0):
            raise ExerciseError(f"{where}: field '{key}' must be a positive number of seconds.")
        durations[key] = float(value) if value is not None else None
    if kind != "press_release" and durations["target_duration_s"] is None and durations["time_limit_s"] is None:
        raise ExerciseError(f"{where}: give 'target_duration_s' or 'time_limit_s'.")
    key_messages = _per_lang(data, "key_messages", languages, where, required=False, listy=True)
    if any(len(v) > 3 for v in key_messages.values()):
        raise ExerciseError(f"{where}: field 'key_messages' has more than 3 messages for one language.")
    return Exercise(
        id=ex_id, version=version, kind=kind, languages=languages,
        title=_per_lang(data, "title", languages, where, required=True),
        goal=_per_lang(data, "goal", languages, where, required=True),
        instructions=_per_lang(data, "instructions", languages, where, required=True),
        dimensions=dimensions, key_messages=key_messages,
        script=_per_lang(data, "script", languages, where, required=False),
        questions=_per_lang(data, "questions", languages, where, required=False, listy=True),
        checklist=_per_lang(data, "checklist", languages, where, required=False, listy=True),
        model_answer=_per_lang(data, "model_answer", languages, where, required=False),
        weights={k: float(v) for k, v in weights.items()}, path=str(path), **durations,
    )


@lru_cache(maxsize=4)
def load_exercises(directory: Path = EXERCISES_DIR) -> tuple[Exercise, ...]:
    """Every exercise in ``directory``, sorted by id."""
    return tuple(load_exercise(p) for p in sorted(Path(directory).glob("*.toml")))


def get_exercise(exercise_id: str, directory: Path = EXERCISES_DIR) -> Exercise:
    for ex in load_exercises(directory):
        if ex.id == exercise_id:
            return ex
    known = ", ".join(ex.id for ex in load_exercises(directory))
    raise ExerciseError(f"No exercise '{exercise_id}'. Known exercises: {known}. See `wicara exercises list`.")
