"""The one worker: ``analyse(audio) -> SessionReport``.

Decodes once, transcribes once (then listens again only around the filled pauses the acoustic
detector is unsure of, :func:`filled_pauses`), runs every analysis module, scores each dimension against the
guidelines, picks tips and builds the timeline. Every view of an attempt (CLI text, JSON, app
pages, database row) is drawn from the :class:`SessionReport`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..analysis.acoustic_fillers import detect_filled_pauses, settle_by_listening
from ..analysis.clarity import ClarityResult, analyse_clarity
from ..analysis.fillers import FillerResult, analyse_fillers
from ..analysis.messages import MessageResult, analyse_messages
from ..analysis.pace import PaceResult, analyse_pace
from ..analysis.pauses import PauseResult, analyse_pauses
from ..analysis.prosody import ProsodyResult, analyse_prosody, pitch_track
from ..analysis.public import PublicResult, analyse_public
from ..analysis.syllable_nuclei import find_syllable_nuclei, nuclei_options
from ..audio import AudioSource, load_audio
from ..config import Settings
from ..guidelines import Guidelines, load_guidelines
from ..lang.language_check import LanguageId, check_language
from ..analysis.scores import overall_score
from ..features.speech_presence import detect_speech, mostly_silence, refuse_without_speech
from .dimensions import DIMENSION_KEYS, TEXT_DIMENSION_KEYS
from .stored import report_fields
from .tips import Tip, pick_tips
from ..asr.engine import Listener, Transcriber
from ..asr.second_listen import listen_around
from ..asr.transcribe import get_transcriber, heard_languages, transcribe
from ..lang.lexicon import load_lexicon
from ..lang.loops import loop_options, split_loops, without_stretches
from ..types import Audio, Event, FillerEvent, Notice, Segment, Transcript, Word, to_jsonable

__all__ = ["ANALYSIS_VERSION", "DIMENSIONS", "TEXT_DIMENSIONS", "SessionReport", "Timing", "analyse", "as_report",
           "overall_score", "score_timing"]

ANALYSIS_VERSION = "8"  # 2: signal pace, trained filled-pause detector, tolerant phrase matching, no cliffs;
# 3: unsure filled pauses settled by a second, filler-prompted listen; 4: "ehm" is a filler, and an unsure
# filled pause stands only when the listen writes a filler near it; 5: or when the listen heard no words
# (nothing, or a loop), and the words Whisper wrote in a loop are left out of what was said; 6: an unsure
# filled pause that sounds like the speaker's sure one is raised to it, Whisper's sampling fallback draws
# from a fixed seed (the same recording, the same words), long silences (transcription.silence_left_out_s)
# are left out of what it hears and speech it skipped is heard again; 7: a mains hum, low rumble and a DC
# offset are taken out before anything is measured (coach/features/hum.py, rumble.py), the activity floor
# is -80 dBFS, and two channels that cancel give the louder one; 8: the filled-pause model retrained on the
# clips as they are now read, its thresholds and the second listen's chosen again (twentieth round), and a
# filled pause exactly fillers.acoustic_min_s long is kept
DIMENSIONS = DIMENSION_KEYS  # the registry's keys (coach.report.dimensions), in its order
TEXT_DIMENSIONS = TEXT_DIMENSION_KEYS  # not scored (None) when speech was heard but no word recognised

StageProgress = Callable[[str, float, float], None]
"""Called as ``progress(stage, done, total)``; stage is "transcribe" (seconds) or "analyse" (steps)."""


@dataclass(frozen=True)
class Timing:
    """Duration against the exercise's target (``target_s`` None without one)."""

    target_s: float | None
    duration_s: float


@dataclass(frozen=True)
class SessionReport:
    """Everything Wicara knows about one attempt.

    :meth:`to_dict` is the stored JSON (``wicara analyze --json``, the store's report); :meth:`from_dict`
    reads it back, from any ``analysis_version`` (see :mod:`coach.report.stored`).
    """

    language: str
    duration_s: float
    transcript: Transcript
    pace: PaceResult
    fillers: FillerResult
    pauses: PauseResult
    prosody: ProsodyResult
    clarity: ClarityResult
    messages: MessageResult
    public: PublicResult
    scores: dict[str, float | None]
    timing_target_s: float | None = None
    tips: tuple[Tip, ...] = ()
    timeline: tuple[Event, ...] = ()
    warnings: tuple[Notice, ...] = ()
    exercise_id: str | None = None
    engine: str = ""
    analysis_version: str = ANALYSIS_VERSION
    extra: dict[str, Any] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    # Silero VAD's (start_s, end_s) stretches of speech; for a doorstop answer's latency, not saved.
    speech_spans: tuple[tuple[float, float], ...] = ()

    @property
    def timing(self) -> Timing:
        return Timing(self.timing_target_s, self.duration_s)

    @property
    def loop_stretches(self) -> tuple[tuple[float, float], ...]:
        """(start_s, end_s) of each stretch the recogniser wrote in a loop: its ``recogniser_loop`` warnings."""
        return tuple((n.start_s, n.end_s) for n in self.warnings if n.code == "recogniser_loop")

    @property
    def said(self) -> Transcript:
        """What was said: the transcript without the words of :attr:`loop_stretches`
        (:func:`coach.lang.loops.split_loops`), as every analysis of the words read it."""
        return without_stretches(self.transcript, self.loop_stretches)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionReport:
        """The report of a stored JSON object (:meth:`to_dict`'s output, of this or an earlier analysis version).

        Fields an older report lacks take their defaults (empty, or None); ``speech_spans`` are not stored.
        """
        return cls(**report_fields(cls, data))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``wicara analyze --json`` (schema in the README)."""
        t = self.transcript
        return to_jsonable({
            "language": self.language,
            "duration_s": self.duration_s,
            "analysis_version": self.analysis_version,
            "engine": self.engine,
            "exercise_id": self.exercise_id,
            "transcript": {
                "text": t.text,
                "language_probability": t.language_probability,
                "segments": [{"text": s.text, "start": s.start, "end": s.end} for s in t.segments],
                "words": t.words,
            },
            "warnings": [{"code": n.code, "message": n.message, "start": n.start_s, "end": n.end_s}
                         for n in self.warnings],
            "pace": self.pace,
            "fillers": self.fillers,
            "pauses": self.pauses,
            "prosody": self.prosody,
            "clarity": self.clarity,
            "messages": self.messages,
            "public": self.public,
            "timing": self.timing,
            "scores": self.scores,
            "weights": self.weights,
            "tips": self.tips,
            "timeline": self.timeline,
            **self.extra,
        })


def as_report(report: SessionReport | Mapping[str, Any]) -> SessionReport:
    """``report`` itself, or the :class:`SessionReport` of a stored report's JSON object."""
    return report if isinstance(report, SessionReport) else SessionReport.from_dict(report)


def score_timing(duration_s: float, target_s: float | None, *, guidelines: Guidelines) -> float | None:
    """100 within ±``timing.tolerance`` of the target, falling linearly to 0 at
    ``timing.zero_at_tolerances`` × the tolerance off; None without a target."""
    if not target_s:
        return None
    tolerance = float(guidelines.value("timing.tolerance"))
    zero_at = float(guidelines.value("timing.zero_at_tolerances")) * tolerance
    off = abs(duration_s - target_s) / target_s
    if off <= tolerance:
        return 100.0
    return max(0.0, 100.0 * (1.0 - (off - tolerance) / (zero_at - tolerance)))


def expected_words(settings: Settings, lang: str, key_messages: Sequence[str], exercise: Any | None) -> tuple[str, ...]:
    """What the speaker is expected to say, for vocabulary biasing (setting ``vocabulary_bias``):
    the key messages (the speaker's, else the exercise's) and the language's glossary of agency
    names and acronyms (``[vocabulary]`` in ``coach/lang/<lang>.toml``); empty when biasing is off."""
    if settings.vocabulary_bias == "off":
        return ()
    from ..lang.lexicon import load_lexicon

    langs = ("id", "en") if lang == "auto" else (lang,)
    messages = list(key_messages)
    if not messages and exercise is not None:
        messages = [m for code in langs for m in exercise.key_messages_for(code)]
    glossary = [g for code in langs for g in load_lexicon(code).raw("vocabulary.glossary")]
    return tuple(dict.fromkeys(m.strip() for m in [*messages, *glossary] if m and m.strip()))


def _rounded(score: float | None) -> float | None:
    return round(float(score), 1) if score is not None else None


def _timeline(report: SessionReport) -> tuple[Event, ...]:
    events: list[Event] = [Event("filler", f.start, f.end, f.text) for f in report.fillers.events]
    events += list(report.fillers.bursts)
    events += [Event("long_pause", p.start, p.end, f"{p.duration_s:.1f} s") for p in report.pauses.events if p.long]
    events += list(report.prosody.monotone_stretches)
    events += list(report.pace.out_of_band)
    events += [Event("no_comment", t, t + 1.0, "no comment") for t in report.public.no_comment_at]
    events += [Event(n.code, n.start_s, n.end_s or n.start_s, "") for n in report.warnings if n.start_s is not None]
    return tuple(sorted(events, key=lambda e: (e.start, e.kind)))


def _speech_notices(pace: PaceResult, *, no_words: bool) -> tuple[Notice, ...]:
    """Warnings about what the recogniser could not give: no words at all, or a pace taken from the signal."""
    if no_words:
        return (Notice(
            "no_words",
            "Speech was heard but the recogniser returned no words it could make out (none, or only a loop), so "
            "fillers, clarity, key messages and public "
            "focus are not scored; pace, pauses and vocal variety are measured from the signal. Check the "
            "language setting (id or en) or use a larger model (WICARA_MODEL=small or large-v3-turbo).",
        ),)
    if pace.rate_basis == "signal":
        why = ("its words had a low mean probability" if pace.rate_basis_reason == "low_word_probability"
               else "it held far fewer syllables than the signal (speech was lost)")
        return (Notice(
            "pace_from_signal",
            f"Pace is measured from the syllables heard in the signal ({pace.signal_syllables_per_second:.1f}/s), "
            f"not from the transcript, because {why}.",
        ),)
    return ()


def _loop_notices(loops: Sequence[tuple[float, float]]) -> tuple[Notice, ...]:
    """A warning for each stretch where the recogniser looped (:func:`coach.lang.loops.split_loops`)."""
    return tuple(Notice(
        "recogniser_loop",
        f"From {start:.1f} s to {end:.1f} s the recogniser wrote the same words over and over: it could not make "
        "out the speech there, so those words are left out of pace, fillers, clarity and messages. Record closer "
        "to the microphone or somewhere quieter, check the language setting, or use a larger model.",
        start, end,
    ) for start, end in loops)


def filled_pauses(audio: Audio, *, words: tuple[Word, ...], lang: str, guidelines: Guidelines,
                  pitch: tuple[Any, Any], transcriber: Transcriber) -> tuple[FillerEvent, ...]:
    """The acoustic filled pauses, the unsure ones settled by a second, filler-prompted listen when
    ``fillers.listen_again`` is on and the engine can listen (:class:`coach.asr.engine.Listener`)."""
    value = guidelines.value
    listening = bool(value("fillers.listen_again")) and isinstance(transcriber, Listener)
    found = detect_filled_pauses(
        audio.samples, sr=audio.sr, words=words, lang=lang, guidelines=guidelines, pitch=pitch,
        features=audio.features,
        min_confidence=float(value("fillers.listen_min_confidence" if listening else "fillers.acoustic_min_confidence")))
    if not listening:
        return found
    sure = float(value("fillers.listen_sure"))
    unsure = [k for k, e in enumerate(found) if e.confidence < sure]
    heard: list[tuple[Word, ...]] = [() for _ in found]
    if unsure:
        around = listen_around(audio.samples, sr=audio.sr, spans=[(found[k].start, found[k].end) for k in unsure],
                               listener=transcriber, language=lang,
                               prompt=load_lexicon(lang).text("fillers.listen_prompt"),
                               context_s=float(value("fillers.listen_context_s")))
        for k, words_there in zip(unsure, around, strict=True):
            heard[k] = words_there
    return settle_by_listening(found, heard, min_confidence=float(value("fillers.acoustic_min_confidence")),
                               sure=sure, near_s=float(value("fillers.listen_near_s")),
                               max_covered=float(value("fillers.listen_max_covered")),
                               loop_distinct_share=float(value("fillers.listen_loop_distinct_share")),
                               filler_min_probability=float(value("fillers.listen_filler_min_probability")))


def analyse(
    audio: Audio | AudioSource,
    *,
    settings: Settings,
    lang: str | None = None,
    key_messages: Sequence[str] = (),
    exercise: Any | None = None,
    guidelines: Guidelines | None = None,
    transcriber: Transcriber | None = None,
    progress: StageProgress | None = None,
    on_segment: Callable[[Segment], None] | None = None,
) -> SessionReport:
    """Analyse one recording.

    Parameters
    ----------
    audio : a decoded :class:`Audio`, or anything :func:`coach.audio.load_audio` accepts
    lang : "id", "en" or "auto"; default ``settings.language``
    key_messages : up to three messages the speaker meant to deliver
    exercise : an exercise (from :mod:`coach.media.exercises`) giving target time, key messages and weights
    on_segment : hears each transcript segment as it is decoded (the waiting page shows them)
    """
    guidelines = guidelines or load_guidelines(settings.guidelines_file)
    if not isinstance(audio, Audio):
        audio = load_audio(audio, min_duration_s=settings.min_duration_s, max_duration_s=settings.max_duration_s,
                           guidelines=guidelines)
    # Speech presence is decided from the signal before the recogniser runs: a tone or music is
    # refused in a second instead of after a full decode. Silero VAD never cuts what Whisper hears.
    features = audio.features  # the signal's frame measures, computed once and handed to every analysis
    presence = detect_speech(audio.samples, sr=audio.sr, threshold=float(guidelines.value("speech.vad_threshold")),
                             level_dbfs=float(guidelines.value("speech.vad_level_dbfs")), features=features)
    refuse_without_speech(presence, min_speech_s=float(guidelines.value("speech.min_speech_s")))
    transcriber = transcriber or get_transcriber(settings)
    # Whisper's language identification on the speech, before the words (a one-shot engine lets its model
    # go after them): English speech that Whisper translated into Indonesian still sounds English to it,
    # and speech in a third language sounds like neither.
    heard, probabilities = None, None
    if presence.spans:
        probabilities = heard_languages(audio.samples[int(presence.spans[0][0] * audio.sr):], transcriber=transcriber)
        heard = LanguageId.of(probabilities) if probabilities else None
    on_seconds = (lambda done, total: progress("transcribe", done, total)) if progress else None
    if on_seconds:
        on_seconds(0.0, audio.duration_s)  # decoded: transcription starts now
    transcript = transcribe(audio, transcriber=transcriber, language=lang or settings.language, progress=on_seconds,
                            skipped_speech_min_s=float(guidelines.value("transcription.skipped_speech_min_s")),
                            expected_words=expected_words(settings, lang or settings.language, key_messages, exercise),
                            on_segment=on_segment, heard=probabilities,  # "auto" chooses from the same identification
                            speech_spans=presence.spans,  # long silences left out; skipped speech heard again
                            silence_left_out_s=float(guidelines.value("transcription.silence_left_out_s")))
    # What was said: the transcript without the text Whisper made up in a loop, for every analysis of the
    # words (pace, fillers, clarity, messages, public); the signal analyses keep every word's time.
    said, loops = split_loops(transcript, **loop_options(guidelines))
    no_words = not said.words
    presence_notices = mostly_silence(presence, min_share=float(guidelines.value("speech.mostly_silence_share")),
                                      words=transcript.words)
    language = transcript.language
    checked = check_language(transcript, language, guidelines, heard=heard)  # English analysed as id, say
    language_notices = () if checked is None or checked.notice() is None else (checked.notice(),)
    samples, sr, words = audio.samples, audio.sr, transcript.words
    steps = 8

    def step(n: int) -> None:
        if progress:
            progress("analyse", n, steps)

    pauses = analyse_pauses(samples, sr=sr, words=words, lang=language, guidelines=guidelines, features=features)
    step(1)
    pause_spans = [(p.start, p.end) for p in pauses.events]
    # After the transcript, not beside it: on a second thread the pitch track overlapped the decoder's
    # buffers and peak memory on 3 minutes rose from 1.24x to 1.36-1.43x bare Whisper (benchmarks/transcribe.py).
    pitch = pitch_track(samples, sr=sr, fmin_hz=float(guidelines.value("prosody.fmin_hz")),
                        fmax_hz=float(guidelines.value("prosody.fmax_hz")), hop_s=0.01, features=features)
    nuclei = find_syllable_nuclei(samples, sr=sr, pitch=pitch, features=features, **nuclei_options(guidelines, language))
    pace = analyse_pace(said, pause_spans=pause_spans, lang=language, guidelines=guidelines,
                        nuclei=nuclei); step(2)
    acoustic = () if no_words else filled_pauses(audio, words=words, lang=language, guidelines=guidelines,
                                                 pitch=pitch, transcriber=transcriber)
    step(3)
    fillers = analyse_fillers(said, acoustic=acoustic, pause_spans=pause_spans, pitch=pitch, lang=language,
                              guidelines=guidelines); step(4)
    prosody = analyse_prosody(samples, sr=sr, guidelines=guidelines, pitch=pitch, features=features); step(5)
    clarity = analyse_clarity(said, lang=language, guidelines=guidelines); step(6)
    messages_in = list(key_messages) or (list(exercise.key_messages_for(language)) if exercise else [])
    messages = analyse_messages(said, key_messages=messages_in, lang=language, guidelines=guidelines); step(7)
    public = analyse_public(said, lang=language, guidelines=guidelines); step(8)

    target_s = getattr(exercise, "target_duration_s", None)
    weights = dict(guidelines.value("scoring.weights"))
    weights.update(getattr(exercise, "weights", None) or {})
    measured: dict[str, float | None] = {
        "pace": pace.score, "fillers": fillers.score, "pauses": pauses.score, "variety": prosody.score,
        "clarity": clarity.score, "messages": messages.score,
        "public": public.score, "timing": score_timing(audio.duration_s, target_s, guidelines=guidelines),
    }
    scores = {d: measured[d] for d in DIMENSIONS}
    if no_words:
        scores.update({d: None for d in TEXT_DIMENSIONS})
    scores = {d: _rounded(s) for d, s in scores.items()}
    report = SessionReport(
        language=language, duration_s=audio.duration_s, transcript=transcript, pace=pace, fillers=fillers,
        pauses=pauses, prosody=prosody, clarity=clarity, messages=messages, public=public,
        scores={"overall": _rounded(overall_score(scores, weights)), **scores}, weights=weights,
        timing_target_s=target_s, speech_spans=presence.spans,
        warnings=(language_notices + audio.notices + presence_notices + _speech_notices(pace, no_words=no_words)
                  + transcript.notices + _loop_notices(loops)),
        exercise_id=getattr(exercise, "id", None),
        engine=transcriber.name,
    )
    tips = pick_tips(report, scores=scores, weights=weights, lang=language, guidelines=guidelines)
    return replace(report, tips=tips, timeline=_timeline(report))
