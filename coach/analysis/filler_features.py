"""Candidate regions for filled pauses and the features that describe them.

A filled pause ("eee", "emm", "uh", "um") is a sound held with a slowly changing spectrum
(Goto, Itou & Hayamizu 1999), but real ones are not flat loops: their pitch glides by a few
semitones, they jitter, fade, turn breathy, and sit 0–35 dB below the speech (DOMAIN.md). So
the signal only *proposes* regions here; a trained model (:mod:`.acoustic_fillers`) decides.

Candidates: runs of sounding frames (above the noise floor) whose spectral envelope changes slowly
(MFCC change ≤ ``fillers.acoustic_max_spectral_change``), wherever they are: in a gap between
words, in a word Whisper stretched over a filler it dropped, or in a real word's long vowel; and
short sounding islands between silences (a 0.3 s "ehm" alone in a pause spends half its length
turning from vowel to nasal, so it may hold no steady run of 0.15 s).
Each gets :data:`FEATURES`: its sound (duration, voicing share, pitch SD, slope and continuity,
spectral change and MFCC spread, flatness, level relative to the speaker and the floor) and its
place among the words (share outside words, how stretched the host word is, the host word's
probability, whether it is a filler token, the gap it sits in, how the surroundings sound, how far
the level dips just before and after it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..lang.syllables import count_syllables, is_filled_pause
from ..features.frames import SignalFeatures, features_of
from ..features.signal import mask_to_spans
from ..types import Word
from .mfcc import mfcc
# The same YIN and periodicity measure as the pitch track, but without its loudness gate: a filled
# pause 25 dB below the speech is still a periodic sound (prosody's pitch track calls it silence).
from .prosody import _YIN_FRAME_S, _periodicity, _yin_in_blocks

__all__ = ["FEATURES", "Candidate", "FrameTrack", "candidates", "filler_features", "frame_track", "spectral_change"]

HOP_S = 0.01
# MFCCs from mel bands up to 4 kHz: the formants that shape a vowel or nasal lie below it.
_MFCC_FMAX_HZ = 4000.0
_N_MELS = 26
_N_MFCC = 13
_MFCC_WINDOW_S = 0.032
_CHANGE_SPAN_FRAMES = 2  # change measured across ±2 frames (40 ms), past pitch-period ripple
_MFCC_BLOCK_FRAMES = 3000
# A frame sounds when it is this far above the recording's noise floor (10th percentile level)...
_SOUND_ABOVE_FLOOR_DB = 6.0
# ...and no more than this far below the speech level.
_SOUND_BELOW_SPEECH_DB = 40.0
# Steady stretches split by a blip this short are one sound (the vowel-to-nasal turn of "um").
_BRIDGE_S = 0.1
_MIN_CANDIDATE_S = 0.15
_CONTEXT_S = 0.2  # how far before and after a candidate its surroundings are measured
_EDGE_S = 0.15  # how far before and after a candidate the deepest level dip is looked for
_DIP_CAP_DB = 30.0
# Consecutive voiced frames whose pitch moves less than this are continuous (a voice glides; the
# YIN "pitch" of noise jumps about).
_CONTINUOUS_SEMITONES = 1.0
_DEFAULT_SYLLABLE_S = 0.25
_MIN_WORDS_FOR_RATE = 5
# A frame is periodic (voiced) at this normalised autocorrelation (as the pitch track's threshold).
_MIN_PERIODICITY = 0.4
# Candidates need this share of periodic frames: a filled pause is voiced, if only in part; room
# noise, breaths and the hiss of "s" are not.
_MIN_PERIODIC_SHARE = 0.25
# A filled pause is said in the speaker's own voice: its pitch lies no more than an octave above the
# speaker's median (the steady hum in the real MFA recordings sat 20–26 semitones above the speaker).
# There is no floor: a hesitation often drops into creak, far below the voice (the "uh" and "um" of
# mfa_cold_corpus and mfa_cold_corpus3 sit at 68–69 Hz, 28–30 semitones under the pitch track's median).
_MAX_PITCH_RE_SPEAKER_SEMITONES = 12.0
# A run is also tried in two parts where its level steps or its pitch jumps (see _split).
_SPLIT_SPAN_FRAMES = 3
_SPLIT_STEP_DB = 6.0
_SPLIT_JUMP_SEMITONES = 2.5
# A short hesitation alone in a pause ("ehm" in 0.3 s) may hold no steady stretch of 0.15 s: its
# vowel-to-nasal turn takes half of it. So sounding islands (silence on both sides, blips under
# 30 ms bridged) up to 0.6 s long are candidates too when at least 30 % of their frames are steady.
_ISLAND_BRIDGE_S = 0.03
_MAX_ISLAND_S = 0.6
_MIN_ISLAND_STEADY_SHARE = 0.3

FEATURES = (
    "duration_s", "voiced_share", "periodicity_mean", "pitch_sd_semitones", "pitch_slope_semitones_per_s",
    "pitch_re_speaker_semitones", "change_mean", "change_p90", "mfcc_sd", "flatness_mean",
    "level_re_speech_db", "level_re_floor_db", "level_sd_db", "outside_words_share", "host_stretch", "host_rest_sounding",
    "host_probability", "host_is_filler_token", "host_syllables", "gap_s", "context_change",
    "context_level_re_run_db", "duration_re_syllable", "timbre_re_speech", "level_slope_db_per_s",
    "host_position", "duration_re_clip_runs", "dip_before_db", "dip_after_db", "pitch_continuity",
)


def _mfcc(samples: np.ndarray, *, sr: int, hop_s: float) -> np.ndarray:
    """MFCC 1–12 (0–4 kHz, 26 mel bands, 32 ms window), shape (12, n_frames), frame k at k · hop_s."""
    hop_length = max(1, int(round(hop_s * sr)))
    win_length = int(round(_MFCC_WINDOW_S * sr))
    y = np.asarray(samples, dtype=np.float32)
    n_fft = int(2 ** np.ceil(np.log2(win_length)))
    # Block by block (as center=True would pad), so a long recording never holds its whole spectrogram.
    padded = np.pad(y, (n_fft // 2, n_fft // 2))
    n_frames = 1 + (len(padded) - n_fft) // hop_length
    blocks = []
    for first in range(0, n_frames, _MFCC_BLOCK_FRAMES):
        count = min(_MFCC_BLOCK_FRAMES, n_frames - first)
        block = padded[first * hop_length: first * hop_length + (count - 1) * hop_length + n_fft]
        blocks.append(mfcc(
            block, sr=sr, n_mfcc=_N_MFCC, n_fft=n_fft, hop_length=hop_length, win_length=win_length,
            n_mels=_N_MELS, fmax_hz=min(_MFCC_FMAX_HZ, sr / 2),
        )[1:, :count])  # c0 is overall level: a filler may swell or fade without changing its sound
    return np.concatenate(blocks, axis=1)


def _change(mfcc: np.ndarray) -> np.ndarray:
    k = _CHANGE_SPAN_FRAMES
    change = np.full(mfcc.shape[1], np.inf)
    if mfcc.shape[1] > 2 * k:
        change[k:-k] = np.mean(np.abs(mfcc[:, 2 * k:] - mfcc[:, : -2 * k]), axis=0) / (2 * k)
    return change


def spectral_change(samples: np.ndarray, *, sr: int, hop_s: float = HOP_S) -> np.ndarray:
    """How fast the spectral envelope moves: mean absolute change of MFCCs 1–12 per frame, across
    ±2 frames (MFCC units). Steady vowels and nasals ≈0.2–0.6; running speech ≈1–4.

    Returns float array, shape (n_frames,), frame k centred at k · hop_s; +inf at the edges.
    """
    if len(samples) == 0:
        return np.zeros(0)
    return _change(_mfcc(samples, sr=sr, hop_s=hop_s))


@dataclass(frozen=True)
class FrameTrack:
    """Per-frame measurements at ``HOP_S``, all shape (n,): level (dBFS), F0 (Hz, NaN where not
    periodic, at any level), periodicity (−1..1), spectral change, MFCCs (12, n), flatness; the noise
    floor and speech level (dBFS), the speaker's median F0 (Hz, NaN if none), and the mean and SD of
    the MFCCs over voiced speech frames (the speaker's average vowel, what a neutral "uh" is near)."""

    level_db: np.ndarray
    f0_hz: np.ndarray
    periodicity: np.ndarray
    change: np.ndarray
    mfcc: np.ndarray
    flatness: np.ndarray
    floor_db: float
    speech_db: float
    speaker_f0_hz: float
    timbre_mean: np.ndarray  # (12,): mean MFCC of the voiced speech frames (the speaker's average vowel)
    timbre_sd: np.ndarray  # (12,): their standard deviation

    @property
    def sounding(self) -> np.ndarray:
        return (self.level_db >= self.floor_db + _SOUND_ABOVE_FLOOR_DB) & (
            self.level_db >= self.speech_db - _SOUND_BELOW_SPEECH_DB)


def frame_track(samples: np.ndarray, *, sr: int, fmin_hz: float, fmax_hz: float,
                speaker_f0_hz: np.ndarray | None = None, features: SignalFeatures | None = None) -> FrameTrack:
    """Measure every frame once.

    ``speaker_f0_hz``: :func:`coach.analysis.prosody.pitch_track`'s F0 at ``HOP_S`` if already computed
    (its median is the speaker's pitch); else the median F0 of the periodic frames is used.
    ``features``: the recording's frame measures (:class:`coach.features.frames.SignalFeatures`), if already made.
    """
    y = np.asarray(samples, dtype=np.float32)
    features = features_of(samples, sr, features)
    _, level = features.levels(hop_s=HOP_S)
    mfcc = _mfcc(y, sr=sr, hop_s=HOP_S)
    flat = features.flatness(hop_s=HOP_S)
    hop_length = int(round(HOP_S * sr))
    frame_length = int(2 ** np.ceil(np.log2(_YIN_FRAME_S * sr)))
    raw = _yin_in_blocks(y if len(y) >= frame_length else np.pad(y, (0, frame_length - len(y))),
                         fmin_hz=fmin_hz, fmax_hz=fmax_hz, sr=sr,
                         frame_length=frame_length, hop_length=hop_length)
    n = min(len(level), mfcc.shape[1], len(flat), len(raw))
    level, mfcc, flat, raw = level[:n], mfcc[:, :n], flat[:n], raw[:n]
    periodicity = _periodicity(y, sr=sr, f0_hz=raw, hop_length=hop_length)
    f0 = np.where(periodicity >= _MIN_PERIODICITY, raw, np.nan)
    loud = float(np.percentile(level, 99)) if n else -120.0
    active = level >= loud - 25.0
    speech = float(np.median(level[active])) if active.any() else loud
    # The noise floor is the level of the quietest 10 % of frames: speech has more pause than that.
    floor = float(np.percentile(level, 10)) if n else -120.0
    ref = np.asarray(speaker_f0_hz, dtype=float) if speaker_f0_hz is not None else f0[active]
    ref = ref[np.isfinite(ref)]
    voiced = active & np.isfinite(f0)
    if voiced.sum() < 10:
        voiced = active
    timbre = mfcc[:, voiced] if voiced.any() else np.zeros((mfcc.shape[0], 1))
    return FrameTrack(level, f0, periodicity, _change(mfcc), mfcc, flat, floor, speech,
                      float(np.median(ref)) if ref.size else float("nan"),
                      timbre.mean(axis=1), np.maximum(timbre.std(axis=1), 1e-6))


@dataclass(frozen=True)
class Candidate:
    start: float  # s
    end: float  # s
    features: np.ndarray  # shape (len(FEATURES),)
    # (12,): its mean MFCCs in the speaker's SDs from the speaker's average vowel (what it sounds like)
    timbre: np.ndarray


def candidates(track: FrameTrack, *, max_change: float, min_level_re_speech_db: float,
               min_s: float = _MIN_CANDIDATE_S, max_s: float = 3.0) -> list[tuple[float, float]]:
    """Sounding runs with a slowly changing spectrum, (start_s, end_s), ``min_s``–``max_s`` long,
    partly periodic, no quieter than ``min_level_re_speech_db`` below the speech and pitched no more
    than an octave above the speaker (hum, fans and other steady background tones are not; creak, far
    below the voice, is); and sounding
    islands between silences up to 0.6 s long, at least 30 % steady (a short "ehm" alone in a pause)."""
    steady = track.sounding & (track.change <= max_change)
    periodic = np.isfinite(track.f0_hz)

    def voice_like(a: int, b: int) -> bool:
        if periodic[a:b].mean() < _MIN_PERIODIC_SHARE:
            return False
        if np.mean(track.level_db[a:b]) - track.speech_db < min_level_re_speech_db:
            return False
        return not (np.isfinite(track.speaker_f0_hz) and 12 * np.log2(
            np.nanmedian(track.f0_hz[a:b]) / track.speaker_f0_hz) > _MAX_PITCH_RE_SPEAKER_SEMITONES)

    out = set()
    for s, e in mask_to_spans(steady, hop_s=HOP_S, min_gap_s=_BRIDGE_S):
        i, j = int(round(s / HOP_S)), int(round(e / HOP_S))
        for a, b in [(i, j), *_split(track, i, j, min_frames=int(round(min_s / HOP_S)))]:
            if min_s <= (b - a) * HOP_S <= max_s and voice_like(a, b):
                out.add((round(a * HOP_S, 2), round(b * HOP_S, 2)))
    for s, e in mask_to_spans(track.sounding, hop_s=HOP_S, min_gap_s=_ISLAND_BRIDGE_S):
        a, b = int(round(s / HOP_S)), int(round(e / HOP_S))
        if (min_s <= (b - a) * HOP_S <= min(_MAX_ISLAND_S, max_s)
                and np.mean(steady[a:b]) >= _MIN_ISLAND_STEADY_SHARE and voice_like(a, b)):
            out.add((round(a * HOP_S, 2), round(b * HOP_S, 2)))
    return sorted(out)


def _split(track: FrameTrack, i: int, j: int, *, min_frames: int) -> list[tuple[int, int]]:
    """The run i:j cut in two where its level steps most (≥ ``_SPLIT_STEP_DB`` over 60 ms) and where
    its pitch jumps most (≥ ``_SPLIT_JUMP_SEMITONES`` within 30 ms): a filler run on from a word's
    last vowel ("the-uh") sits lower, and usually at another pitch, than the vowel before it."""
    cuts = []
    level = track.level_db[i:j]
    k = _SPLIT_SPAN_FRAMES
    if len(level) > 2 * k + 2 * min_frames:
        step = np.abs(level[2 * k:] - level[:-2 * k])
        lo = max(0, min_frames - k)
        hi = len(step) - max(0, min_frames - k)
        if hi > lo and step[lo:hi].max() >= _SPLIT_STEP_DB:
            cuts.append(i + k + lo + int(np.argmax(step[lo:hi])))
    f0 = track.f0_hz[i:j]
    st = 12 * np.log2(f0 / np.nanmedian(f0)) if np.isfinite(f0).any() else f0
    if len(st) > 2 * min_frames + 3:
        jump = np.abs(st[3:] - st[:-3])
        jump = np.where(np.isfinite(jump), jump, 0.0)
        lo, hi = min_frames, len(jump) - min_frames
        if hi > lo and jump[lo:hi].max() >= _SPLIT_JUMP_SEMITONES:
            cuts.append(i + 1 + lo + int(np.argmax(jump[lo:hi])))
    return [part for c in cuts for part in ((i, c), (c, j))]


def _syllable_s(words: tuple[Word, ...], lang: str) -> float:
    per = [(w.end - w.start) / n for w in words if (n := count_syllables(w.text, lang)) > 0 and w.end > w.start]
    return float(np.median(per)) if len(per) >= _MIN_WORDS_FOR_RATE else _DEFAULT_SYLLABLE_S


def _covered(n: int, words: tuple[Word, ...]) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for w in words:
        mask[max(0, int(w.start / HOP_S)): max(0, int(np.ceil(w.end / HOP_S)))] = True
    return mask


def filler_features(track: FrameTrack, spans: list[tuple[float, float]], *, words: tuple[Word, ...],
                    lang: str) -> list[Candidate]:
    """:data:`FEATURES` for each candidate span (seconds), in the order given."""
    words = tuple(sorted(words, key=lambda w: w.start))
    n = len(track.level_db)
    covered = _covered(n, words)
    syllable_s = _syllable_s(words, lang)
    # The median length of this recording's steady runs: a slow, drawn-out speaker holds many long
    # steady vowels, so one more is less telling than in brisk speech.
    median_run_s = float(np.median([b - a for a, b in spans])) if spans else 1.0
    out = []
    for start, end in spans:
        i, j = int(round(start / HOP_S)), min(n, int(round(end / HOP_S)))
        if j - i < 2:
            continue
        f0 = track.f0_hz[i:j]
        voiced = np.isfinite(f0)
        if voiced.sum() >= 3:
            st = 12 * np.log2(f0[voiced] / np.median(f0[voiced]))
            t = np.flatnonzero(voiced) * HOP_S
            pitch_sd = float(np.std(st))
            slope = float(abs(np.polyfit(t, st, 1)[0])) if np.ptp(t) > 0 else 0.0
            re_speaker = float(12 * np.log2(np.median(f0[voiced]) / track.speaker_f0_hz)) \
                if np.isfinite(track.speaker_f0_hz) else 0.0
        else:
            pitch_sd, slope, re_speaker = 6.0, 0.0, 0.0
        change = track.change[i:j]
        change = change[np.isfinite(change)]
        level = track.level_db[i:j]
        overlaps = [(min(end, w.end) - max(start, w.start), w) for w in words]
        overlap, host = max(overlaps, default=(0.0, None), key=lambda ow: ow[0])
        if host is None or overlap <= 0:
            host_stretch, host_rest, host_p, host_filler, host_syl, host_pos = 0.0, 0.0, 1.0, 0.0, 0.0, -1.0
        else:
            # Where the candidate's middle lies in the host word (0 start, 1 end): a filler Whisper
            # folded into a word tends to sit at its edge, a drawn-out vowel inside it.
            host_pos = float(np.clip(((start + end) / 2 - host.start) / max(host.end - host.start, HOP_S), 0.0, 1.0))
            host_syl = float(count_syllables(host.text, lang))
            needed_s = max(host_syl, 1.0) * syllable_s
            host_stretch = (host.end - host.start) / needed_s
            # Sound left in the host word outside the candidate, in its syllables' time: about 1 when
            # Whisper stretched a whole word over a filler; small when the candidate is the word's own vowel.
            hi, hj = max(0, int(host.start / HOP_S)), min(n, int(np.ceil(host.end / HOP_S)))
            rest = track.sounding[hi:hj].copy()
            rest[max(0, i - hi):max(0, j - hi)] = False
            host_rest = float(rest.sum()) * HOP_S / needed_s
            host_p, host_filler = float(host.probability), float(is_filled_pause(host.text))
        before = [w.end for w in words if w.end <= start + 0.05]
        after = [w.start for w in words if w.start >= end - 0.05]
        gap_s = (min(after) if after else end + 1.0) - (max(before) if before else start - 1.0)
        ctx = np.r_[max(0, i - int(_CONTEXT_S / HOP_S)):i, j:min(n, j + int(_CONTEXT_S / HOP_S))]
        ctx_change = track.change[ctx]
        ctx_change = ctx_change[np.isfinite(ctx_change)]
        ctx_level = float(np.mean(track.level_db[ctx])) if ctx.size else track.floor_db
        timbre = (track.mfcc[:, i:j].mean(axis=1) - track.timbre_mean) / track.timbre_sd
        out.append(Candidate(start, end, np.array([
            end - start, float(voiced.mean()), float(np.mean(track.periodicity[i:j])), pitch_sd, slope, re_speaker,
            float(np.mean(change)) if change.size else 5.0,
            float(np.percentile(change, 90)) if change.size else 5.0,
            float(np.mean(np.std(track.mfcc[:, i:j], axis=1))), float(np.mean(track.flatness[i:j])),
            float(np.mean(level) - track.speech_db), float(np.mean(level) - track.floor_db), float(np.std(level)),
            float(1.0 - covered[i:j].mean()), host_stretch, host_rest, host_p, host_filler, host_syl, max(0.0, gap_s),
            float(np.mean(ctx_change)) if ctx_change.size else 5.0, ctx_level - float(np.mean(level)),
            (end - start) / syllable_s,
            # How far its sound is from the speaker's average vowel, in SDs per coefficient: "uh",
            # "eee" and "mm" are neutral sounds; a drawn-out word's vowel or a creak need not be.
            float(np.mean(np.abs(timbre))),
            float(np.polyfit(np.arange(j - i) * HOP_S, level, 1)[0]), host_pos,
            (end - start) / median_run_s, *_edge_dips(track, i, j), _pitch_continuity(f0),
        ], dtype=float), timbre))
    return out


def _edge_dips(track: FrameTrack, i: int, j: int) -> tuple[float, float]:
    """How far the level falls below the run's mean just before and just after it (dB, 0–30):
    a hesitation in a pause has silence on one side at least, even where Whisper stretched a word
    over it; a drawn-out vowel runs straight into its word's consonants."""
    k = int(round(_EDGE_S / HOP_S))
    run = float(np.mean(track.level_db[i:j]))
    out = []
    for side in (track.level_db[max(0, i - k):i], track.level_db[j:j + k]):
        low = float(side.min()) if side.size else track.floor_db
        out.append(float(np.clip(run - low, 0.0, _DIP_CAP_DB)))
    return out[0], out[1]


def _pitch_continuity(f0: np.ndarray) -> float:
    """Share of consecutive voiced frame pairs whose pitch moves less than a semitone (0.5 if fewer than 2)."""
    both = np.isfinite(f0[1:]) & np.isfinite(f0[:-1])
    if both.sum() < 2:
        return 0.5
    step = np.abs(12 * np.log2(f0[1:][both] / f0[:-1][both]))
    return float(np.mean(step < _CONTINUOUS_SEMITONES))
