"""Pick the few tips that matter most, in the speaker's language, each pointing at moments and a drill.

A tip is chosen for the dimensions that lose the most weighted points; its text is filled from the
measured results, so every number in it is a measurement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["DRILLS", "Tip", "pick_tips"]

# Dimension → exercise id (exercises/*.toml) that trains it.
DRILLS = {
    "pace": "tempo-terkendali",
    "fillers": "jeda-pengganti-pengisi",
    "pauses": "jeda-untuk-penekanan",
    "variety": "variasi-vokal",
    "clarity": "kalimat-pendek",
    "messages": "tiga-pesan-kunci",
    "public": "ajakan-berpartisipasi",
    "timing": "tempo-terkendali",
}
# A dimension scoring at or above this needs no tip.
_GOOD_ENOUGH = 80.0
_MAX_TIPS = 3


@dataclass(frozen=True)
class Tip:
    """Advice on one dimension. ``moments_s`` are times in the recording worth replaying."""

    dimension: str
    text: str
    moments_s: tuple[float, ...]
    drill: str


def _fmt(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "id" else text


def _pace(r: Any, lang: str) -> tuple[str, tuple[float, ...]]:
    low, high = r.pace.band_wpm
    moments = tuple(e.start for e in r.pace.out_of_band[:3])
    if lang == "id":
        where = "terlalu cepat" if r.pace.verdict == "fast" else "terlalu lambat" if r.pace.verdict == "slow" else "keluar dari rentang di beberapa bagian"
        return (f"Tempo Anda {r.pace.words_per_minute:.0f} kata/menit, {where} (sasaran {low:.0f}–{high:.0f}). "
                "Beri jeda di akhir kalimat dan tekankan kata kunci.", moments)
    where = "too fast" if r.pace.verdict == "fast" else "too slow" if r.pace.verdict == "slow" else "out of range in places"
    return (f"Your pace is {r.pace.words_per_minute:.0f} words/min, {where} (target {low:.0f}–{high:.0f}). "
            "Pause at sentence ends and stress the key words.", moments)


def _fillers(r: Any, lang: str) -> tuple[str, tuple[float, ...]]:
    common = Counter(e.text.lower().strip("[]") for e in r.fillers.events).most_common(2)
    names = ", ".join(f"“{w}”" for w, _ in common)
    moments = tuple(e.start for e in r.fillers.events[:3])
    if lang == "id":
        return (f"{r.fillers.count} kata pengisi ({_fmt(r.fillers.per_100_words, lang)} per 100 kata), terutama {names}. "
                "Saat ragu, diam sejenak: jeda terdengar lebih yakin daripada “eh”.", moments)
    return (f"{r.fillers.count} fillers ({_fmt(r.fillers.per_100_words, lang)} per 100 words), mostly {names}. "
            "When you need a moment, pause silently: a pause sounds surer than “um”.", moments)


def _pauses(r: Any, lang: str) -> tuple[str, tuple[float, ...]]:
    long = [p for p in r.pauses.events if p.long]
    moments = tuple(p.start for p in long[:3])
    if lang == "id":
        if long:
            return (f"{len(long)} jeda panjang di tengah kalimat atau lebih dari 3 detik. Siapkan kalimat berikutnya "
                    "sebelum berhenti, dan pakai jeda pendek (0,5–1 detik) di akhir kalimat.", moments)
        return ("Jeda di akhir kalimat masih kurang. Berhentilah 0,5–1 detik setelah poin penting agar pendengar "
                "sempat mencerna.", moments)
    if long:
        return (f"{len(long)} long pauses mid-sentence or over 3 s. Prepare the next sentence before you stop, "
                "and pause briefly (0.5–1 s) at sentence ends.", moments)
    return ("Too few pauses at sentence ends. Stop for 0.5–1 s after each key point so listeners can take it in.",
            moments)


def _variety(r: Any, lang: str) -> tuple[str, tuple[float, ...]]:
    moments = tuple(e.start for e in r.prosody.monotone_stretches[:3])
    sd = r.prosody.pitch_sd_semitones or 0.0
    if lang == "id":
        return (f"Intonasi Anda datar (variasi nada {_fmt(sd, lang)} semiton). Naikkan nada pada kata kunci dan "
                "turunkan di akhir kalimat.", moments)
    return (f"Your voice sounds flat (pitch variation {_fmt(sd, lang)} semitones). Lift your pitch on key words "
            "and let it fall at sentence ends.", moments)


def _clarity(r: Any, lang: str) -> tuple[str, tuple[float, ...]]:
    acr = ", ".join(r.clarity.unexplained_acronyms[:4])
    if lang == "id":
        text = f"Kalimat terpanjang {r.clarity.sentence_words_longest} kata; rata-rata {_fmt(r.clarity.sentence_words_mean, lang)}. Pecah kalimat panjang."
        if acr:
            text += f" Jelaskan singkatan saat pertama disebut: {acr}."
        return text, ()
    text = f"Your longest sentence has {r.clarity.sentence_words_longest} words; the average is {_fmt(r.clarity.sentence_words_mean, lang)}. Split long sentences."
    if acr:
        text += f" Spell out acronyms the first time: {acr}."
    return text, ()


def _messages(r: Any, lang: str) -> tuple[str, tuple[float, ...]]:
    missing = [k.text for k in r.messages.key_messages if not k.covered]
    if lang == "id":
        parts = []
        if missing:
            parts.append("Pesan kunci belum tersampaikan: " + "; ".join(f"“{m}”" for m in missing) + ".")
        if not r.messages.purpose_in_opening:
            parts.append("Sebutkan tujuan Anda dalam 30 detik pertama.")
        if not r.messages.call_to_action:
            parts.append("Tutup dengan ajakan yang jelas: apa yang harus dilakukan warga.")
        return " ".join(parts) or "Ulangi pesan utama Anda di awal dan di akhir.", ()
    parts = []
    if missing:
        parts.append("Key messages not delivered: " + "; ".join(f"“{m}”" for m in missing) + ".")
    if not r.messages.purpose_in_opening:
        parts.append("State your purpose in the first 30 seconds.")
    if not r.messages.call_to_action:
        parts.append("Close with a clear call to action: what should people do?")
    return " ".join(parts) or "Repeat your main message at the start and at the end.", ()


def _public(r: Any, lang: str) -> tuple[str, tuple[float, ...]]:
    p = r.public
    moments = tuple(p.no_comment_at[:3])
    if lang == "id":
        parts = []
        if p.no_comment:
            parts.append("Hindari “tidak ada komentar”: jelaskan mengapa Anda belum bisa menjawab, lalu sampaikan yang bisa.")
        parts.append(f"Kata untuk publik {p.audience_words} lawan kata tentang instansi/diri {p.self_words}.")
        if not p.public_benefit:
            parts.append("Sebutkan manfaat nyata bagi masyarakat.")
        if not p.invitation:
            parts.append("Ajak warga berpartisipasi atau menyampaikan aspirasi.")
        return " ".join(parts), moments
    parts = []
    if p.no_comment:
        parts.append("Never say “no comment”: say why you cannot say more, then what you can say.")
    parts.append(f"Words about the public {p.audience_words} against words about yourself or the agency {p.self_words}.")
    if not p.public_benefit:
        parts.append("Name a concrete benefit to the public.")
    if not p.invitation:
        parts.append("Invite people to take part or share their views.")
    return " ".join(parts), moments


def _timing(r: Any, lang: str) -> tuple[str, tuple[float, ...]]:
    target = r.timing_target_s or 0.0
    if lang == "id":
        return (f"Durasi {r.duration_s:.0f} detik, sasaran {target:.0f} detik (±10 %). Latih dengan pengatur waktu.", ())
    return (f"You spoke for {r.duration_s:.0f} s against a target of {target:.0f} s (±10 %). Practise with a timer.", ())


_WRITERS: dict[str, Callable[[Any, str], tuple[str, tuple[float, ...]]]] = {
    "pace": _pace, "fillers": _fillers, "pauses": _pauses, "variety": _variety,
    "clarity": _clarity, "messages": _messages, "public": _public, "timing": _timing,
}


def pick_tips(report: Any, *, scores: dict[str, float | None], weights: dict[str, float], lang: str) -> tuple[Tip, ...]:
    """At most three tips, the dimension losing the most weighted points first."""
    lost = {
        dim: weights.get(dim, 0.0) * (100.0 - score)
        for dim, score in scores.items()
        if dim in _WRITERS and score is not None and score < _GOOD_ENOUGH
    }
    tips = []
    for dim in sorted(lost, key=lost.__getitem__, reverse=True)[:_MAX_TIPS]:
        text, moments = _WRITERS[dim](report, lang)
        tips.append(Tip(dim, text, tuple(round(m, 2) for m in moments), DRILLS[dim]))
    return tuple(tips)
