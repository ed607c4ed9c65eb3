"""Script delivery: compare what was said with the script it came from.

Words on both sides are normalised as the analyses do (lower case, punctuation stripped, split at
"/" and whitespace); fillers that are always fillers ("eh", "um") are left out of what was said.
The two word sequences are aligned with :class:`difflib.SequenceMatcher` (``autojunk`` off):
equal runs are said; a replaced run whose letters are at least ``script.similar_word_ratio``
similar (difflib ratio) counts as said too, since the recogniser misspells words (DESIGN.md:
WER 0.35–0.45 on generated Indonesian); the rest are deviations: *omitted* script words,
*added* words, *substituted* runs. Numbers written as digits in the script and said as words
("24" / "dua puluh empat") count as substituted: write the script as it is spoken.

"Sounds read" (only with the report of the recording): the delivery is *verbatim* when coverage
reaches ``script.read_coverage_min``, and it sounds read when it is verbatim and at least
``script.read_cues_min`` of three delivery cues hold: *flat pitch* (the report's prosody is
monotone), *few pauses* (fewer than ``script.read_pauses_per_100_words_max`` pauses per 100
words) and *few fillers* (fewer than ``script.read_fillers_per_100_words_max`` per 100 words).
Read-aloud speech is more fluent than spontaneous speech, with fewer hesitations and pauses and a
flatter "reading" intonation; the cut-offs are inferred and editable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ..guidelines import Guidelines, load_guidelines
from ..lang.lexicon import filler_matches, load_lexicon, tokenise
from ..lang.syllables import normalise_word
from ..types import Transcript

if TYPE_CHECKING:
    from ..report.pipeline import SessionReport

__all__ = ["Deviation", "ScriptResult", "compare_to_script"]

_SCRIPT_WORD = re.compile(r"[^\s/]+")


@dataclass(frozen=True)
class Deviation:
    """One difference between the script and the delivery.

    kind : "omitted" (in the script, not said), "added" (said, not in the script) or "substituted"
    script_text, said_text : the words on each side ("" where there are none)
    start_s, end_s : where in the recording, seconds; for an omission, the gap between the words
        said around it
    script_start_char, script_end_char : where in the script (equal for an addition: the point
        where it was inserted)
    """

    kind: str
    script_text: str
    said_text: str
    start_s: float
    end_s: float
    script_start_char: int
    script_end_char: int


@dataclass(frozen=True)
class ScriptResult:
    """How closely the delivery followed the script.

    script_words, said_words : words on each side (fillers left out of ``said_words``)
    matched_words : script words said exactly; near_words : in near-identical replaced runs
    coverage : (matched + near) / script words, 0–1
    omitted_words, added_words, substituted_words : script words omitted, words added, script
        words substituted
    deviations : in script order
    verbatim : coverage ≥ ``script.read_coverage_min``
    cues : "flat_pitch", "few_pauses", "few_fillers" → True/False, None when unknown
    cue_values : the measurements behind them (pitch-variation quotient, pauses and fillers per
        100 words)
    sounds_read : verbatim and enough cues (module docstring); None without a report
    """

    script_words: int
    said_words: int
    matched_words: int
    near_words: int
    coverage: float
    omitted_words: int
    added_words: int
    substituted_words: int
    deviations: tuple[Deviation, ...]
    verbatim: bool
    cues: dict[str, bool | None]
    cue_values: dict[str, float | None]
    sounds_read: bool | None


def _cues(report: SessionReport | None, said_words: int, guidelines: Guidelines, lang: str
          ) -> tuple[dict[str, bool | None], dict[str, float | None]]:
    if report is None:
        return {"flat_pitch": None, "few_pauses": None, "few_fillers": None}, {}
    per_100 = 100.0 / said_words if said_words else 0.0
    pauses = (report.pauses.count or 0) * per_100  # an old stored report may lack them
    fillers = report.fillers.per_100_words or 0.0
    pvq = report.prosody.pvq
    cues = {
        "flat_pitch": bool(report.prosody.monotone) if pvq is not None else None,
        "few_pauses": pauses < float(guidelines.value("script.read_pauses_per_100_words_max", lang)),
        "few_fillers": fillers < float(guidelines.value("script.read_fillers_per_100_words_max", lang)),
    }
    return cues, {"pvq": pvq, "pauses_per_100_words": pauses, "fillers_per_100_words": fillers}


def compare_to_script(
    transcript: Transcript,
    script: str,
    *,
    lang: str,
    report: SessionReport | None = None,
    guidelines: Guidelines | None = None,
) -> ScriptResult:
    """Align the transcript with ``script`` and judge whether the delivery sounds read.

    Parameters
    ----------
    transcript : what the recogniser heard
    script : the text the speaker worked from
    lang : "id" or "en" (which fillers to leave out)
    report : the recording's report, for the delivery cues (pitch, pauses, fillers); optional
    guidelines : thresholds under ``script.*``; the built-in file when None
    """
    guidelines = guidelines or load_guidelines()
    lex = load_lexicon(lang)
    script_tokens = [(normalise_word(m.group()), m.start(), m.end()) for m in _SCRIPT_WORD.finditer(script)]
    script_tokens = [t for t in script_tokens if t[0]]
    tokens = tokenise(transcript)
    fillers = {k for m in filler_matches(tokens, lex) for k in range(m.start, m.stop)}
    said = [t for k, t in enumerate(tokens) if k not in fillers]
    a, b = [t[0] for t in script_tokens], [t.text for t in said]
    similar = float(guidelines.value("script.similar_word_ratio", lang))

    matched = near = omitted = added = substituted = 0
    deviations: list[Deviation] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            matched += i2 - i1
            continue
        if op == "replace" and SequenceMatcher(None, "".join(a[i1:i2]), "".join(b[j1:j2])).ratio() >= similar:
            near += i2 - i1
            continue
        if j2 > j1:
            start_s, end_s = said[j1].start, said[j2 - 1].end
        else:  # an omission: the gap between the words said around it
            start_s = said[j1 - 1].end if j1 > 0 else (said[0].start if said else 0.0)
            end_s = said[j1].start if j1 < len(said) else start_s
        chars = (script_tokens[i1][1], script_tokens[i2 - 1][2]) if i2 > i1 else (
            (script_tokens[i1 - 1][2],) * 2 if i1 > 0 else (0, 0))
        kind = {"delete": "omitted", "insert": "added", "replace": "substituted"}[op]
        omitted += (i2 - i1) * (kind == "omitted")
        substituted += (i2 - i1) * (kind == "substituted")
        added += j2 - j1 if kind == "added" else 0
        deviations.append(Deviation(
            kind, script[chars[0]:chars[1]] if i2 > i1 else "", " ".join(t.raw for t in said[j1:j2]).strip(",.;:!?…"),
            round(start_s, 3), round(end_s, 3), *chars,
        ))

    coverage = (matched + near) / len(a) if a else 0.0
    verbatim = coverage >= float(guidelines.value("script.read_coverage_min", lang))
    cues, values = _cues(report, len(b), guidelines, lang)
    known = [c for c in cues.values() if c is not None]
    sounds_read = None if report is None else verbatim and sum(known) >= int(guidelines.value("script.read_cues_min", lang))
    return ScriptResult(
        script_words=len(a), said_words=len(b), matched_words=matched, near_words=near, coverage=coverage,
        omitted_words=omitted, added_words=added, substituted_words=substituted, deviations=tuple(deviations),
        verbatim=verbatim, cues=cues, cue_values=values, sounds_read=sounds_read,
    )
