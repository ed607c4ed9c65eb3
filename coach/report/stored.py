"""Read a stored report (``SessionReport.to_dict()``, as the store and ``wicara analyze --json`` keep it)
back into a typed :class:`coach.report.pipeline.SessionReport`.

The dataclasses of the analysis results are the one schema: each JSON object is read field by
field from their type hints (nested results, tuples, optional values). The JSON is versioned by
its ``analysis_version``; reports of every earlier version load: a field an older report lacks
takes the dataclass's default, an empty tuple or dict for a collection, or None, and a top-level
key this code does not know (a doorstop answer's ``interview``) is kept in ``extra``, so
``from_dict(d).to_dict() == d`` for every report :func:`~coach.report.pipeline.analyse` wrote.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..types import Notice, Segment, Transcript, Word

__all__ = ["notices_from_report", "read_dataclass", "report_fields", "transcript_from_report"]

@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _empty(tp: Any, field: dataclasses.Field[Any]) -> Any:
    """What a field missing from an older report holds."""
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    origin = typing.get_origin(tp) or tp
    if origin is tuple:
        return ()
    if origin is dict:
        return {}
    if dataclasses.is_dataclass(origin):
        return read_dataclass(origin, {})
    return None


def _read(tp: Any, value: Any) -> Any:
    """``value`` (plain JSON) as type ``tp``."""
    if value is None or tp is Any:
        return value
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        kinds = [a for a in args if a is not type(None)]
        return _read(kinds[0], value) if len(kinds) == 1 else value
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], v) for v in value)
        return tuple(_read(a, v) for a, v in zip(args, value, strict=False))
    if origin is dict or tp is dict:
        return dict(value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return read_dataclass(tp, value) if isinstance(value, Mapping) else None
    if tp is float:  # an int is a float here (PEP 484's numeric tower): kept, so the JSON reads back the same
        return value if isinstance(value, int) and not isinstance(value, bool) else float(value)
    if tp is int:
        return int(value)
    if tp is bool:
        return bool(value)
    if tp is str:
        return str(value)
    return value


def read_dataclass(cls: type, data: Mapping[str, Any]) -> Any:
    """An instance of the dataclass ``cls`` from its JSON object (keys it does not have are ignored)."""
    hints = _hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        tp = hints[f.name]
        values[f.name] = _read(tp, data[f.name]) if f.name in data else _empty(tp, f)
    return cls(**values)


def transcript_from_report(report: Mapping[str, Any]) -> Transcript:
    """The :class:`Transcript` of a saved report: its words, grouped into its segments by start time."""
    t = report.get("transcript") or {}
    words = [Word(str(w["text"]), float(w["start"]), float(w["end"]), float(w.get("probability", 1.0)))
             for w in t.get("words") or []]
    spans = [(float(s["start"]), float(s["end"]), str(s.get("text", ""))) for s in t.get("segments") or []]
    if not spans:
        spans = [(words[0].start, words[-1].end, " ".join(w.text for w in words))] if words else []
    groups: list[list[Word]] = [[] for _ in spans]
    for w in words:  # each word joins the last segment starting at or before it
        k = max((i for i, (start, _, _) in enumerate(spans) if start <= w.start + 1e-6), default=0)
        groups[k].append(w)
    segments = tuple(Segment(text, start, end, tuple(ws)) for (start, end, text), ws in zip(spans, groups, strict=True))
    return Transcript(language=str(report.get("language", "")), duration_s=float(report.get("duration_s") or 0.0),
                      segments=segments, language_probability=_float(t.get("language_probability"), 1.0))


def _float(value: Any, default: float) -> float:
    return default if value is None else float(value)


def notices_from_report(report: Mapping[str, Any]) -> tuple[Notice, ...]:
    """The report's warnings (``{"code", "message", "start", "end"}``) as notices."""
    return tuple(Notice(str(w.get("code", "")), str(w.get("message", "")), w.get("start"), w.get("end"))
                 for w in report.get("warnings") or [])


_OTHER_KEYS = frozenset({"language", "duration_s", "analysis_version", "engine", "exercise_id", "transcript",
                         "warnings", "timing", "scores", "weights", "tips", "timeline"})


def _sections(cls: type) -> tuple[str, ...]:
    """The analysis results of the report class: its fields typed as a dataclass (pace, fillers, …)."""
    hints = _hints(cls)
    return tuple(f.name for f in dataclasses.fields(cls)
                 if f.name != "transcript" and dataclasses.is_dataclass(hints[f.name]))


def report_fields(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    """The constructor arguments of the report class ``cls`` (SessionReport) for its stored JSON ``data``."""
    hints = _hints(cls)
    sections = _sections(cls)
    item = {name: typing.get_args(hints[name])[0] for name in ("tips", "timeline")}  # Tip, Event
    fields: dict[str, Any] = {name: read_dataclass(hints[name], data.get(name) or {}) for name in sections}
    fields.update(
        language=str(data.get("language") or ""),
        duration_s=_float(data.get("duration_s"), 0.0),
        analysis_version=str(data.get("analysis_version") or ""),
        engine=str(data.get("engine") or ""),
        exercise_id=data.get("exercise_id"),
        transcript=transcript_from_report(data),
        warnings=notices_from_report(data),
        timing_target_s=(data.get("timing") or {}).get("target_s"),
        scores=dict(data.get("scores") or {}),
        weights=dict(data.get("weights") or {}),
        tips=tuple(read_dataclass(item["tips"], t) for t in data.get("tips") or ()),
        timeline=tuple(read_dataclass(item["timeline"], e) for e in data.get("timeline") or ()),
        extra={k: v for k, v in data.items() if k not in _OTHER_KEYS and k not in sections},
    )
    return fields
