"""The one registry of scored dimensions: what each is called, weighed, charted and advised by.

Every list of dimensions in Wicara is read from :data:`DIMENSIONS` (in the rubric's order, which
is also the order of charts, score grids and the database's ``score_<dim>`` columns). Adding a
dimension means adding one :class:`Dimension` here (and its strings, tip text and guidelines).
Stored schemas that are history (Alembic migrations) keep their own frozen copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import tip_texts
from .tip_texts import TipWriter

__all__ = ["DIMENSIONS", "DIMENSION_KEYS", "OVERALL", "OVERALL_COLOR", "SCORE_KEYS", "TEXT_DIMENSION_KEYS", "Dimension", "dimension"]


@dataclass(frozen=True)
class Dimension:
    """One scored dimension.

    key : the score's key in ``SessionReport.scores`` and the stored JSON ("variety")
    weight_key : its key in the guidelines' ``scoring.weights`` and an exercise's ``weights``
    label_key : the interface string naming it (``t(label_key, lang)``)
    section : the report's JSON object holding its measurements ("prosody" for variety)
    guidelines_section : the guidelines section holding the thresholds behind its score
    measures : the fields of ``section`` shown beside the thresholds, in order
    text_based : scored from the recognised words: not scored (None) when speech was heard but no
        word recognised
    drill : the exercise (exercises/*.toml) that trains it
    tip : writes its tip (:mod:`coach.report.tip_texts`)
    color : its line in the progress chart
    """

    key: str
    weight_key: str
    label_key: str
    section: str
    guidelines_section: str
    measures: tuple[str, ...]
    text_based: bool
    drill: str
    tip: TipWriter
    color: str


def _dim(key: str, *, section: str | None = None, measures: tuple[str, ...], text_based: bool, drill: str,
         tip: TipWriter, color: str) -> Dimension:
    return Dimension(key=key, weight_key=key, label_key=f"dim_{key}", section=section or key,
                     guidelines_section=section or key, measures=measures, text_based=text_based, drill=drill,
                     tip=tip, color=color)


DIMENSIONS: tuple[Dimension, ...] = (
    _dim("pace", measures=("words_per_minute", "syllables_per_second", "articulation_rate",
                           "signal_syllables_per_second", "rate_basis", "verdict_words_per_minute", "share_in_band",
                           "verdict"),
         text_based=False, drill="tempo-terkendali", tip=tip_texts.pace, color="#1f77b4"),
    _dim("fillers", measures=("count", "per_100_words", "per_minute", "repetitions", "restarts"),
         text_based=True, drill="jeda-pengganti-pengisi", tip=tip_texts.fillers, color="#ff7f0e"),
    _dim("pauses", measures=("count", "total_pause_s", "sentence_pauses_in_range_share", "long_clause_count",
                             "very_long_count"),
         text_based=False, drill="jeda-untuk-penekanan", tip=tip_texts.pauses, color="#17becf"),
    _dim("variety", section="prosody",
         measures=("pitch_mean_hz", "pitch_sd_semitones", "pitch_range_semitones", "pvq", "loudness_mean_dbfs",
                   "too_quiet"),
         text_based=False, drill="variasi-vokal", tip=tip_texts.variety, color="#9467bd"),
    _dim("clarity", measures=("sentence_count", "sentence_words_mean", "sentence_words_longest",
                              "unexplained_acronyms", "hedges_per_100_words"),
         text_based=True, drill="kalimat-pendek", tip=tip_texts.clarity, color="#2ca02c"),
    _dim("messages", measures=("purpose_in_opening", "call_to_action", "main_message_early"),
         text_based=True, drill="tiga-pesan-kunci", tip=tip_texts.messages, color="#e377c2"),
    _dim("public", measures=("audience_words", "self_words", "audience_share", "public_benefit", "invitation",
                             "no_comment"),
         text_based=True, drill="ajakan-berpartisipasi", tip=tip_texts.public, color="#d62728"),
    _dim("timing", measures=("target_s", "duration_s"),
         text_based=False, drill="tempo-terkendali", tip=tip_texts.timing, color="#bcbd22"),
)
OVERALL = "overall"
OVERALL_COLOR = "#111111"
DIMENSION_KEYS: tuple[str, ...] = tuple(d.key for d in DIMENSIONS)
# Scored from the recognised words: not scored (None) when speech was heard but no word recognised.
TEXT_DIMENSION_KEYS: tuple[str, ...] = tuple(d.key for d in DIMENSIONS if d.text_based)
# Every score a report and the database keep: the overall first, then the dimensions.
SCORE_KEYS: tuple[str, ...] = (OVERALL, *DIMENSION_KEYS)
_BY_KEY = {d.key: d for d in DIMENSIONS}


def dimension(key: str) -> Dimension:
    """The dimension named ``key``; KeyError for an unknown one."""
    return _BY_KEY[key]
