"""What each guideline may hold: its type and allowed range, checked with pydantic when loaded.

Every rule in ``coach/guidelines.toml`` should be listed in :data:`SCHEMA` (one added to the file
but not here is checked against a kind inferred from its built-in value). A rule table holds ``source``
and either ``value`` or one key per language (``id``, ``en``); any other key is refused, and so is
a rule name the schema does not know. Numbers are strict: ``"30"`` (a string) or ``true`` is not a
number. Pairs are ``[min, max]`` with ``min < max``; weight tables have their fixed keys, each ≥ 0,
with a positive sum. :data:`ORDERED` lists rules whose values must keep an order between them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import ConfigDict, Field, Strict, TypeAdapter, ValidationError

from .report.dimensions import DIMENSIONS

__all__ = ["ORDERED", "RULE_KEYS", "SCHEMA", "Kind", "check_rule", "inferred_kind"]

RULE_KEYS = ("source", "value", "id", "en")


@dataclass(frozen=True)
class Kind:
    """One rule's type: a pydantic adapter, the allowed values in words, and an extra check."""

    adapter: TypeAdapter[Any]
    allowed: str
    extra: Callable[[Any], bool] | None = None


def _bounds_text(gt: float | None, ge: float | None, lt: float | None, le: float | None) -> str:
    low = f"> {gt:g}" if gt is not None else f"≥ {ge:g}" if ge is not None else ""
    high = f"< {lt:g}" if lt is not None else f"≤ {le:g}" if le is not None else ""
    if ge is not None and le is not None:
        return f"from {ge:g} to {le:g}"
    return " and ".join(p for p in (low, high) if p)


def number(*, gt: float | None = None, ge: float | None = None, lt: float | None = None,
           le: float | None = None, integer: bool = False) -> Kind:
    """A number (a whole number if ``integer``) within the given bounds."""
    base = int if integer else float
    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[base, Strict(), Field(gt=gt, ge=ge, lt=lt, le=le)])
    noun = "a whole number" if integer else "a number"
    bounds = _bounds_text(gt, ge, lt, le)
    return Kind(adapter, f"{noun} {bounds}".strip())


def pair(*, ge: float | None = None, gt: float | None = None, integer: bool = False) -> Kind:
    """``[min, max]``: two numbers within the bounds, min < max."""
    base = int if integer else float
    item = Annotated[base, Strict(), Field(ge=ge, gt=gt)]
    adapter: TypeAdapter[Any] = TypeAdapter(tuple[item, item])  # type: ignore[valid-type]
    bounds = _bounds_text(gt, ge, None, None)
    return Kind(adapter, f"[min, max]: two numbers {bounds}, min < max".replace("  ", " "),
                extra=lambda v: v[0] < v[1])


def weights(*keys: str) -> Kind:
    """A table with exactly ``keys``, each a number ≥ 0, with a positive sum."""
    item = Annotated[float, Strict(), Field(ge=0)]
    fields = {k: (item, ...) for k in keys}
    from pydantic import create_model

    model = create_model("Weights", __config__=ConfigDict(extra="forbid"), **fields)  # type: ignore[call-overload]
    return Kind(TypeAdapter(model), f"a table {{ {', '.join(f'{k} = …' for k in keys)} }}: numbers ≥ 0 "
                "with a positive sum", extra=lambda v: sum(float(x) for x in dict(v).values()) > 0)


SECONDS = number(gt=0)
SHARE = number(ge=0, le=1)
SIMILARITY = number(gt=0, le=1)
POINTS = number(ge=0, le=100)
FLAG = Kind(TypeAdapter(Annotated[bool, Strict()]), "true or false")
COUNT = number(ge=1, integer=True)

SCHEMA: dict[str, Kind] = {
    "scoring.weights": weights(*(d.weight_key for d in DIMENSIONS)),
    "scoring.rate_min_minutes": SECONDS,
    "pace.words_per_minute_band": pair(gt=0),
    "pace.window_s": SECONDS,
    "pace.min_window_s": number(ge=0),
    "pace.good_share_of_windows": SIMILARITY,
    "pace.zero_off_band_share": number(gt=0),
    "pace.pause_min_s": number(ge=0),
    "pace.syllables_per_word": number(gt=0),
    "pace.signal_disagreement_max": number(gt=0),
    "pace.min_mean_word_probability": SHARE,
    "pace.verdict_from_syllables": FLAG,
    "pace.nuclei_min_dip_db": number(gt=0, le=20),
    "pace.nuclei_voicing_reach_s": number(ge=0, le=0.2),
    "pace.nuclei_above_floor_db": number(ge=0, le=60),
    "pace.nuclei_floor_percentile": number(ge=0, le=50),
    "pace.nuclei_min_spacing_s": number(ge=0, le=0.5),
    "pace.nuclei_min_spacing_share": number(ge=0, le=1),
    "speech.min_speech_s": number(ge=0),
    "speech.vad_threshold": SHARE,
    "speech.vad_level_dbfs": number(le=0),
    "speech.mostly_silence_share": SHARE,
    "fillers.per_100_words_good": number(ge=0),
    "fillers.per_100_words_limit": number(gt=0),
    "fillers.contextual_weight": SHARE,
    "fillers.burst_count": COUNT,
    "fillers.burst_window_s": SECONDS,
    "fillers.burst_penalty_per_minute": POINTS,
    "fillers.acoustic_min_s": SECONDS,
    "fillers.acoustic_max_s": SECONDS,
    "fillers.acoustic_max_spectral_change": number(gt=0),
    "fillers.acoustic_min_confidence": SHARE,
    "fillers.acoustic_min_level_re_speech_db": number(lt=0),
    "fillers.echo_max_level_slope_db_per_s": number(lt=0),
    "fillers.echo_max_dip_before_db": number(ge=0),
    "fillers.own_sound_min_confidence": SHARE,
    "fillers.own_sound_sure": SHARE,
    "fillers.own_sound_max_distance": number(ge=0),
    "fillers.listen_again": FLAG,
    "fillers.listen_min_confidence": SHARE,
    "fillers.listen_sure": SHARE,
    "fillers.listen_near_s": number(ge=0),
    "fillers.listen_filler_min_probability": number(ge=0, le=1),
    "fillers.listen_max_covered": SHARE,
    "fillers.listen_loop_distinct_share": SHARE,
    "fillers.listen_context_s": number(ge=0),
    "fillers.opener_repeat_min": COUNT,
    "fillers.sentence_break_pitch_reset_semitones": number(gt=0),
    "pauses.min_s": SECONDS,
    "pauses.below_peak_db": number(gt=0),
    "pauses.noise_floor_percentile": number(gt=0, lt=50),
    "pauses.above_noise_floor_db": number(gt=0),
    "pauses.min_below_peak_db": number(ge=0),
    "pauses.sentence_good_s": pair(ge=0),
    "pauses.clause_long_s": SECONDS,
    "pauses.very_long_s": SECONDS,
    "pauses.run_pause_s": SECONDS,
    "pauses.score_long_clause_penalty_per_minute": POINTS,
    "pauses.score_very_long_penalty_per_minute": POINTS,
    "pauses.score_sentence_range_weight": POINTS,
    "prosody.fmin_hz": number(gt=0),
    "prosody.fmax_hz": number(gt=0),
    "prosody.pvq_monotone": number(gt=0),
    "prosody.pvq_lively": number(gt=0),
    "prosody.range_semitones_good": number(gt=0),
    "prosody.range_semitones_monotone": number(gt=0),
    "prosody.monotone_window_s": SECONDS,
    "prosody.monotone_window_sd_semitones": number(gt=0),
    "prosody.quiet_dbfs": number(le=0),
    "clarity.sentence_words_mean_max": number(gt=0),
    "clarity.sentence_words_longest_max": number(gt=0),
    "clarity.flesch_reading_ease_min": number(le=121),
    "clarity.flesch_reading_ease_zero": number(le=121),
    "clarity.hedges_per_100_words_max": number(gt=0),
    "clarity.score_weights": weights("sentence_mean", "sentence_longest", "readability", "acronyms", "jargon",
                                     "hedges"),
    "clarity.acronyms_for_zero": COUNT,
    "clarity.jargon_terms_for_zero": COUNT,
    "clarity.repeated_phrase_words": COUNT,
    "clarity.repeated_phrase_times": number(ge=2, integer=True),
    "messages.max_key_messages": COUNT,
    "messages.early_share": SIMILARITY,
    "messages.opening_s": SECONDS,
    "messages.closing_s": SECONDS,
    "messages.coverage_share": SIMILARITY,
    "messages.window_words": COUNT,
    "messages.max_gap_words": COUNT,
    "messages.score_weights": weights("purpose", "covered", "early", "repeated", "call_to_action"),
    "matching.phrase_min_similarity": SIMILARITY,
    "matching.word_min_similarity": SIMILARITY,
    "matching.exact_max_letters": number(ge=0, integer=True),
    "matching.word_inside_min_letters": number(ge=0, integer=True),
    "public.audience_share_good": SIMILARITY,
    "public.score_weights": weights("audience", "benefit", "invitation", "inclusive", "data"),
    "public.no_comment_penalty": POINTS,
    "public.ceremony_only_penalty": POINTS,
    "public.no_comment_min_similarity": SIMILARITY,
    "public.no_comment_head_min_similarity": number(ge=0, le=1),
    "public.no_comment_clause_free_similarity": SIMILARITY,
    "public.no_comment_start_free_similarity": SIMILARITY,
    "public.exclusive_term_penalty": POINTS,
    "timing.tolerance": number(gt=0, lt=1),
    "timing.zero_at_tolerances": number(gt=1),
    "tips.good_enough_score": POINTS,
    "transcription.silence_left_out_s": SECONDS,
    "transcription.skipped_speech_min_s": SECONDS,
    "transcription.loop_min_repeats": number(ge=2, integer=True),
    "transcription.loop_max_unit_parts": COUNT,
    "transcription.loop_min_parts": COUNT,
    "audio.silent_dbfs": number(lt=0),
    "audio.min_active_s": number(ge=0),
    "audio.noise_flatness": SIMILARITY,
    "audio.clip_level": SIMILARITY,
    "audio.clip_share": SIMILARITY,
    "audio.reverberant_decay_s": SECONDS,
    "audio.hum_prominence_db": number(gt=0),
    "audio.hum_harmonic_db": number(gt=0),
    "audio.hum_max_hz": number(gt=50, le=8000),
    "audio.hum_below_loud_db": number(gt=0),
    "audio.rumble_cutoff_hz": number(gt=0, le=300),
    "audio.rumble_min_share": SIMILARITY,
    "audio.rumble_below_loud_db": number(gt=0),
    "signal.activity_below_peak_db": number(gt=0),
    "signal.activity_floor_dbfs": number(lt=0),
    "press_release.lead_words_max": COUNT,
    "press_release.quote_words_min": COUNT,
    "press_release.attribution_window_words": COUNT,
    "press_release.heading_words_max": COUNT,
    "interview.soundbite_words_max": COUNT,
    "interview.soundbite_s_max": SECONDS,
    "interview.answer_s": pair(gt=0),
    "interview.latency_s": pair(ge=0),
    "interview.key_message_within_words": COUNT,
    "interview.score_weights": weights("latency", "length", "key_message_covered", "key_message_first", "bridging",
                                       "no_comment", "hedges"),
    "interview.overall_share": number(ge=0, lt=1),
    "language_check.margin": number(ge=-1, le=1),
    "language_check.min_words": COUNT,
    "language_check.english_share_min": SHARE,
    "language_check.english_share_max": SHARE,
    "language_check.other_language_min": SHARE,
    "language_check.other_language_id_words_max": SHARE,
    "language_check.other_language_sure": SHARE,
    "interview.question_syllables_per_s": number(gt=0),
    "interview.late_grace_s": number(ge=0),
    "script.similar_word_ratio": SIMILARITY,
    "script.read_coverage_min": SIMILARITY,
    "script.read_pauses_per_100_words_max": number(gt=0),
    "script.read_fillers_per_100_words_max": number(gt=0),
    "script.read_cues_min": number(ge=1, le=3, integer=True),
    "cohort.outlier_z": number(gt=0),
    "cohort.min_for_outliers": number(ge=2, integer=True),
}

# (lower, higher): the first rule's value must be below the second's (per language where given).
ORDERED: tuple[tuple[str, str], ...] = (
    ("pace.min_window_s", "pace.window_s"),
    ("fillers.per_100_words_good", "fillers.per_100_words_limit"),
    ("fillers.acoustic_min_s", "fillers.acoustic_max_s"),
    ("fillers.listen_min_confidence", "fillers.acoustic_min_confidence"),
    ("fillers.acoustic_min_confidence", "fillers.listen_sure"),
    ("fillers.own_sound_min_confidence", "fillers.own_sound_sure"),
    ("pauses.clause_long_s", "pauses.very_long_s"),
    ("prosody.fmin_hz", "prosody.fmax_hz"),
    ("prosody.pvq_monotone", "prosody.pvq_lively"),
    ("prosody.range_semitones_monotone", "prosody.range_semitones_good"),
    ("clarity.flesch_reading_ease_zero", "clarity.flesch_reading_ease_min"),
    ("clarity.sentence_words_mean_max", "clarity.sentence_words_longest_max"),
)


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value).replace("'", "")


def inferred_kind(default: Any) -> Kind | None:
    """A kind for a built-in rule missing from :data:`SCHEMA`, from its built-in value: a number
    stays a number (≥ 0 if the default is), a pair a pair, a table the same table of numbers ≥ 0."""
    if isinstance(default, bool):
        return FLAG
    if isinstance(default, (int, float)):
        return number(ge=0) if default >= 0 else number()
    if isinstance(default, list) and len(default) == 2 and all(isinstance(v, (int, float)) for v in default):
        return pair(ge=0) if min(default) >= 0 else pair()
    if isinstance(default, dict) and all(isinstance(v, (int, float)) for v in default.values()):
        return weights(*default)
    if isinstance(default, str):
        return Kind(TypeAdapter(Annotated[str, Strict()]), "text")
    return None


def check_rule(name: str, rule: Mapping[str, Any], *, default: Mapping[str, Any] | None = None) -> str | None:
    """None when ``rule`` is a valid table for ``name``, else one sentence naming the key and the allowed values.

    ``default`` is the built-in rule of that name: a rule the schema does not list is checked
    against a kind inferred from it; without either the name is unknown.
    """
    unknown = sorted(set(rule) - set(RULE_KEYS))
    if unknown:
        return (f"guideline '{name}' has unknown key(s) {', '.join(unknown)}; a rule holds only "
                "source, value, id and en")
    kind = SCHEMA.get(name)
    if kind is None and default is not None:
        kind = inferred_kind(next((default[k] for k in ("value", "id", "en") if k in default), None))
    if kind is None:
        return f"unknown guideline '{name}' (the known ones are listed in coach/guidelines.toml)"
    if "source" in rule and not isinstance(rule["source"], str):
        return f"{name}.source must be text (where the number comes from)"
    for key in ("value", "id", "en"):
        if key not in rule:
            continue
        value = rule[key]
        label = name if key == "value" else f"{name}.{key}"
        try:
            checked = kind.adapter.validate_python(value)
        except ValidationError:
            return f"{label} = {_shown(value)} is not allowed: it must be {kind.allowed}"
        if kind.extra is not None and not kind.extra(checked):
            return f"{label} = {_shown(value)} is not allowed: it must be {kind.allowed}"
    return None
