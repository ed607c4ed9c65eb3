"""Generate Wicara's sample speech clips with espeak-ng, with known text, pauses and fillers.

Every clip is built from pieces that espeak-ng synthesises one at a time. Each piece is resampled
to 16 kHz, trimmed of the silence espeak adds around it, and concatenated with numpy, with exact
silences and synthetic filled pauses between the pieces. Because the script places every silence
and every filler itself, their times are known to the sample; they are written to a JSON sidecar
beside each WAV, and ``sample_audio/README.md`` is rebuilt from the sidecars.

Filled pauses ("uh", "um", "eee", "emm") are made from an espeak-ng phoneme string (``[[V:]]``,
``[[Vm:]]``, ``[[E:]]``, ``[[Em:]]``): one pitch period is cut from the steady middle of the
vowel (and of the nasal), looped seamlessly to the wanted length, faded in and out over 30 ms and
scaled a fixed number of decibels below the speech. The result is voiced with a flat pitch, as a
real hesitation is, and is not in the clip's ``text``.

Usage::

    python scripts/make_samples.py                       # all clips into sample_audio/, then verify
    python scripts/make_samples.py --out /tmp/samples
    python scripts/make_samples.py --long /tmp/long_en.wav --lang en --minutes 3

The output is deterministic for a given espeak-ng version: the noise floor is seeded from the clip
name and nothing else is random. Needs espeak-ng on PATH, numpy, scipy and soundfile; the check
of the fillers' pitch uses librosa when it is installed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

SR = 16_000  # Hz, what coach.audio decodes everything to
PEAK_DBFS = -3.0  # final peak level of every clip
NOISE_DBFS = -60.0  # RMS of the Gaussian noise floor, so that silence is not digital zero
TRIM_DB = -50.0  # a piece starts/ends at the first/last sample above this level re. its peak
EDGE_FADE_S = 0.003  # fade on piece edges, against clicks at the cut
FILLER_FADE_S = 0.030  # fade in/out of a filled pause
JOIN_GAP_S = 0.15  # silence between sentences synthesised apart: below the 0.3 s pause threshold
LEX_GAP_S = 0.12  # silence around a lexical filler ("you know,") synthesised as its own piece
PAUSE_MIN_S = 0.3  # every inserted silence at least this long is listed in the sidecar
ACTIVE_DB = -40.0  # 20 ms frames above this level re. the speech peak count as speech for RMS

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "sample_audio"

# Indonesian acronyms that are said letter by letter; espeak-ng reads "OPD" as one syllable
# ("opd") unless the letters are spaced. The clip's text keeps the written form.
SPELL_ID = {"IKP": "I K P", "OPD": "O P D", "SKPD": "S K P D", "PPID": "P P I D", "APBD": "A P B D"}


# --------------------------------------------------------------------------------------------
# Clip description
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Say:
    """A piece of speech synthesised by one espeak-ng call."""

    text: str  # as written in the clip's text
    lexical: bool = False  # the whole piece is a lexical filler ("you know,", "ya.")


@dataclass(frozen=True)
class Gap:
    """Inserted silence; ``kind`` is "sentence" or "clause" when it is listed as a pause."""

    seconds: float
    kind: str | None = None


@dataclass(frozen=True)
class Hes:
    """An acoustic filled pause: a drawn-out hesitation sound that is not in the text."""

    sound: str  # "uh", "um", "eee", "emm"
    seconds: float
    below_speech_db: float = 8.0  # its RMS this many dB below the speech RMS


@dataclass(frozen=True)
class Clip:
    name: str
    lang: str  # "en" or "id"
    rate: int  # espeak-ng words per minute (-s)
    items: tuple
    purpose: str
    word_gap: int = 0  # espeak-ng -g: extra pause between words, in units of 10 ms

    @property
    def voice(self) -> str:
        return self.lang


def S(text: str) -> Say:
    return Say(text)


def LEX(text: str) -> Say:
    return Say(text, lexical=True)


J = Gap(JOIN_GAP_S)  # sentence join, not a listed pause
LG = Gap(LEX_GAP_S)  # gap around a lexical filler, not a listed pause


def _sentences(text: str, gap: Gap) -> list:
    """Split a paragraph into sentences and join them with ``gap``."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p]
    items: list = []
    for i, p in enumerate(parts):
        if i:
            items.append(gap)
        items.append(S(p))
    return items


# espeak-ng's -s is not words/min (90 -> ~110, 150 -> ~175): these rates land below, inside and
# above the English band of 100-165 wpm.
# espeak-ng will not go below rate 80, so the slow clip adds a short gap between words (-g 3, ~0.1 s), as a
# slow, deliberate speaker does.
RATES = ((80, 3), (125, 0), (250, 0))
RATE_TEXT = (  # no commas and no long "and" clauses: espeak-ng pauses there at slow rates
    "The library is open from nine in the morning until six in the evening. "
    "Visitors can borrow up to five books for two weeks. "
    "The quiet reading room on the second floor offers free internet access to every visitor. "
    "Stories for children are read aloud every Saturday afternoon in the main hall."
)


def clips() -> list[Clip]:
    """The fixed set of sample clips (names are used by the tests)."""
    out = [
        Clip(
            "en_clean", "en", 150,
            (
                S("Good morning, residents of Riverside."), J,
                S("The City Health Office is holding a free vaccination week, "
                  "from the third to the ninth of March."),
                Gap(1.5, "sentence"),
                S("Every public clinic in the city will be open from eight in the morning "
                  "until four in the afternoon,"),
                Gap(1.2, "clause"),
                S("and no appointment is needed."),
                Gap(1.5, "sentence"),
                S("Please bring your health card and your child's vaccination book."), J,
                S("Protect your family, and visit your nearest clinic this week."),
            ),
            "Clean English public-service announcement: no fillers, two 1.5 s sentence pauses "
            "and one 1.2 s mid-sentence pause. Baseline for WER, pace and pause placement.",
        ),
        Clip(
            "id_clean", "id", 140,
            (
                S("Selamat pagi, warga Kota Malang."), J,
                S("Dinas Komunikasi dan Informatika membuka layanan pengaduan daring "
                  "mulai hari Senin depan."),
                Gap(1.5, "sentence"),
                S("Warga dapat melaporkan jalan rusak, lampu jalan yang padam, "
                  "dan sampah yang menumpuk,"),
                Gap(1.2, "clause"),
                S("melalui aplikasi atau nomor telepon yang tersedia."),
                Gap(1.5, "sentence"),
                S("Setiap laporan akan ditanggapi paling lambat dalam tiga hari kerja."), J,
                S("Terima kasih atas perhatian Bapak dan Ibu sekalian."),
            ),
            "Clean Indonesian announcement of a public service: no fillers, two 1.5 s sentence "
            "pauses and one 1.2 s mid-sentence pause.",
        ),
        Clip(
            "en_fillers", "en", 150,
            (
                S("Hello everyone, and thank you for coming tonight."),
                Gap(0.6, "sentence"), Hes("um", 0.8, 8.0),  # runs straight into "Today"
                S("Today I want to talk about the new bus routes."), J,
                S("The routes will"),
                Gap(0.35, "clause"), Hes("uh", 0.6, 7.0), Gap(0.35, "clause"),
                S("start running in April, and they will connect the north side with the hospital."),
                J,
                S("It is,"), LG, LEX("you know,"), LG, S("a big change for many families."),
                Gap(0.5, "sentence"),
                S("Buses will come every ten minutes during the"),
                Hes("uh", 0.7, 9.0),  # no gap on either side
                S("morning rush."), J,
                S("And the fare is,"), LG, LEX("like,"), LG, S("the same as before."),
                Gap(0.35, "sentence"), Hes("um", 0.9, 8.0), Gap(0.35, "sentence"),
                S("If you have questions, please"),
                Gap(0.35, "clause"), Hes("uh", 0.5, 10.0),  # then straight into "visit"
                S("visit our website or call the city office."), J,
                S("Thank you."),
            ),
            "English talk with 5 acoustic filled pauses (drawn out, 7-10 dB below the speech, "
            "flat pitch; some with silence on both sides, some run into the next word) and 2 "
            "lexical fillers in the text ('you know', 'like'). Tests filler detection beyond "
            "what Whisper transcribes.",
        ),
        Clip(
            "id_fillers", "id", 140,
            (
                S("Selamat siang, Bapak dan Ibu sekalian."),
                Gap(0.6, "sentence"), Hes("eee", 0.8, 8.0),  # runs straight into "Hari"
                S("Hari ini kami ingin menyampaikan informasi tentang layanan air bersih."), J,
                S("Mulai bulan depan,"),
                Gap(0.35, "clause"), Hes("emm", 0.7, 7.0), Gap(0.35, "clause"),
                S("setiap kelurahan akan mendapat satu titik air minum gratis."),
                Gap(1.0, "sentence"),
                LEX("Jadi,"), LG,
                S("warga tidak perlu lagi membeli air dari"),
                Hes("eee", 0.6, 9.0),  # no gap on either side
                S("pedagang keliling."), J,
                S("Air ini aman untuk diminum,"), LG, LEX("ya."),
                Gap(0.35, "sentence"), Hes("emm", 0.9, 8.0), Gap(0.35, "sentence"),
                S("Kalau ada pertanyaan, silakan datang ke"),
                Gap(0.35, "clause"), Hes("eee", 0.5, 10.0),  # then straight into "kantor"
                S("kantor kelurahan terdekat."), J,
                S("Terima kasih."),
            ),
            "Indonesian talk with 5 acoustic filled pauses ('eee', 'emm'; drawn out, 7-10 dB "
            "below the speech, flat pitch; some with silence around, some run into the next "
            "word) and 2 lexical fillers in the text ('Jadi,' opening a sentence after a pause, "
            "sentence-final ', ya').",
        ),
    ]
    for rate, word_gap in RATES:
        out.append(
            Clip(
                f"en_rate_{rate:03d}", "en", rate,
                tuple(_sentences(RATE_TEXT, Gap(0.5, "sentence"))),
                f"The same neutral English text (no commas, so espeak-ng adds no long pauses of "
                f"its own) at espeak-ng rate {rate}, word gap {word_gap * 10} ms; sentence gaps "
                f"0.5 s. For pace metrics: the three rate clips are slow, good and fast against "
                f"the English band of 100-165 words/min.",
                word_gap=word_gap,
            )
        )
    out += [
        Clip(
            "id_public", "id", 140,
            tuple(_sentences(
                "Selamat pagi, Bapak dan Ibu warga Kota Surabaya. "
                "Mulai bulan ini, warga bisa mengurus KTP tanpa antre di kantor kecamatan. "
                "Sebanyak 1.200 warga sudah merasakan layanan ini pada minggu pertama. "
                "Kami mengundang Bapak dan Ibu menyampaikan aspirasi agar layanan kita "
                "semakin baik. "
                "Jika Anda mengalami kendala, silakan hubungi petugas di kecamatan Anda. "
                "Masyarakat adalah pusat pelayanan kita bersama.",
                Gap(0.7, "sentence"),
            )),
            "Audience-centred Indonesian statement: audience words (masyarakat, warga, Bapak dan "
            "Ibu, Anda, kita), a concrete public benefit, an invitation to give aspirations, a "
            "contact call to action and a cited number (1.200 warga). Should score high on the "
            "public-centred dimension.",
        ),
        Clip(
            "id_agency", "id", 140,
            tuple(_sentences(
                "Pada hari ini, pimpinan instansi kami melaksanakan kunjungan kerja ke kantor "
                "cabang dinas kami di Kabupaten Sidoarjo. "
                "Kegiatan diawali dengan peresmian gedung baru dan gunting pita oleh kepala dinas. "
                "Saya selaku kepala bagian humas mendampingi pimpinan selama acara berlangsung. "
                "Instansi kami juga menyerahkan cenderamata kepada para tamu undangan. "
                "Mengenai anggaran kegiatan ini, tidak ada komentar.",
                Gap(0.7, "sentence"),
            )),
            "Agency-centred Indonesian statement: self words (kami, instansi kami, dinas kami, "
            "pimpinan, saya), ceremony reporting (kunjungan kerja, peresmian, gunting pita), no "
            "invitation, no public benefit, and it ends with 'tidak ada komentar'. Should score "
            "low on the public-centred dimension and trigger the no-comment rule.",
        ),
        Clip(
            "id_acronyms", "id", 140,
            tuple(_sentences(
                "Diskominfo menggelar Bimtek IKP bagi seluruh OPD dan SKPD pada pekan depan. "
                "Pejabat Pengelola Informasi dan Dokumentasi atau PPID wajib hadir. "
                "Anggaran kegiatan berasal dari APBD tahun ini. "
                "Setiap OPD mengirim dua peserta, dan PPID menyiapkan materi IKP untuk "
                "Bimtek tersebut.",
                Gap(0.7, "sentence"),
            )),
            "Indonesian text dense with acronyms. Not expanded at first use: Diskominfo, Bimtek, "
            "IKP, OPD, SKPD, APBD. Expanded at first use: PPID ('Pejabat Pengelola Informasi "
            "dan Dokumentasi atau PPID'). For the clarity dimension's acronym check.",
        ),
    ]
    # Doorstop answers to "Berapa warga yang terdampak banjir hari ini?" with the key messages
    # "tempat pengungsian sudah dibuka" and "bantuan logistik sudah tersedia": the same four
    # sentences, once with the key messages first and once with them last. Worded so that
    # Whisper base still hears the main message in espeak-ng's Indonesian ("posko" came out as
    # "POSCO"/"Post kopen", and "dua puluh empat" as "dua puru tempat", a false "tempat").
    doorstop = {
        "posko": "Tempat pengungsian sudah dibuka di sekolah dasar sejak pagi tadi.",
        "logistik": "Bantuan logistik sudah tersedia untuk tiga ratus warga.",
        "medis": "Tim kesehatan berjaga siang dan malam.",
        "pantau": "Kami terus memantau ketinggian air bersama petugas di lapangan.",
    }
    out += [
        Clip(
            "id_doorstop_lead", "id", 140,
            tuple(_sentences(" ".join(doorstop[k] for k in ("posko", "logistik", "medis", "pantau")),
                             Gap(0.7, "sentence"))),
            "Doorstop answer that leads with its key messages ('tempat pengungsian sudah "
            "dibuka', then 'bantuan logistik sudah tersedia'), followed by two "
            "supporting facts. Same sentences as id_doorstop_buried in another order: it should "
            "score higher on 'key message first'.",
        ),
        Clip(
            "id_doorstop_buried", "id", 140,
            tuple(_sentences(" ".join(doorstop[k] for k in ("medis", "pantau", "logistik", "posko")),
                             Gap(0.7, "sentence"))),
            "Doorstop answer that buries its key messages: the same four sentences as "
            "id_doorstop_lead, with the two supporting facts first and the main key message "
            "('tempat pengungsian sudah dibuka') last.",
        ),
        Clip(
            "id_doorstop_nocomment", "id", 140,
            tuple(_sentences(
                "Terima kasih atas pertanyaannya. "
                "Tidak ada komentar. "
                "Yang bisa saya sampaikan, tempat pengungsian sudah dibuka di sekolah dasar.",
                Gap(0.7, "sentence"),
            )),
            "Doorstop answer to 'Mengapa bantuan terlambat datang?' that acknowledges the "
            "question, says 'Tidak ada komentar.' as a sentence of its own, then bridges ('yang "
            "bisa saya sampaikan') to the key message. For the no-comment rule and bridging.",
        ),
    ]
    return out


# --------------------------------------------------------------------------------------------
# Synthesis
# --------------------------------------------------------------------------------------------


def espeak_version() -> str:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise SystemExit("espeak-ng not found: apt-get install -y espeak-ng")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True).stdout
    m = re.search(r"eSpeak NG[^:]*:\s*(\S+)", out)
    return f"espeak-ng {m.group(1)}" if m else out.strip()


def synth(text: str, *, voice: str, rate: int, word_gap: int = 0) -> np.ndarray:
    """Synthesise ``text`` with espeak-ng; return float64 samples at 16 kHz, untrimmed."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "piece.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(rate), "-g", str(word_gap), "-w", str(wav), text],
            check=True, capture_output=True,
        )
        x, sr = sf.read(wav, dtype="float64")
    if x.ndim > 1:
        x = x.mean(axis=1)
    if sr != SR:
        from math import gcd

        g = gcd(SR, sr)
        x = resample_poly(x, SR // g, sr // g)
    return x


def _fade(x: np.ndarray, n: int) -> np.ndarray:
    """Raised-cosine fade of ``n`` samples at both ends."""
    x = x.copy()
    n = min(n, len(x) // 2)
    if n > 0:
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))
        x[:n] *= ramp
        x[-n:] *= ramp[::-1]
    return x


def trim(x: np.ndarray) -> np.ndarray:
    """Drop the silence espeak-ng puts before and after a piece."""
    thr = np.max(np.abs(x)) * 10 ** (TRIM_DB / 20)
    idx = np.nonzero(np.abs(x) > thr)[0]
    return _fade(x[idx[0] : idx[-1] + 1], int(EDGE_FADE_S * SR))


def spoken_form(text: str, lang: str) -> str:
    """What espeak-ng is given for ``text``: spelled-out acronyms for Indonesian."""
    if lang == "id":
        for acr, spelled in SPELL_ID.items():
            text = re.sub(rf"\b{acr}\b", spelled, text)
    return text


def _frame_rms(x: np.ndarray, frame_s: float = 0.02) -> np.ndarray:
    n = int(frame_s * SR)
    m = len(x) // n
    return np.sqrt(np.mean(x[: m * n].reshape(m, n) ** 2, axis=1))


def active_rms(x: np.ndarray) -> float:
    """RMS over 20 ms frames within ``ACTIVE_DB`` of the loudest frame."""
    r = _frame_rms(x)
    keep = r > r.max() * 10 ** (ACTIVE_DB / 20)
    return float(np.sqrt(np.mean(r[keep] ** 2)))


# Filled pauses: (voice, phoneme string, share of the length that is the vowel)
FILLER_SOURCES = {
    "uh": ("en", "[[V:]]", 1.0),
    "um": ("en", "[[Vm:]]", 0.45),
    "eee": ("id", "[[E:]]", 1.0),
    "emm": ("id", "[[Em:]]", 0.4),
}


def _period(x: np.ndarray, centre: int, *, fmin_hz: float = 60.0, fmax_hz: float = 300.0) -> int:
    """Pitch period (samples) around ``centre`` from the autocorrelation peak."""
    half = int(0.04 * SR)
    seg = x[centre - half : centre + half]
    seg = seg - seg.mean()
    ac = np.correlate(seg, seg, mode="full")[len(seg) - 1 :]
    lo, hi = int(SR / fmax_hz), int(SR / fmin_hz)
    return lo + int(np.argmax(ac[lo:hi]))


def _loop(x: np.ndarray, centre: int) -> np.ndarray:
    """One pitch period starting at ``centre``, its end cross-faded into the samples before it,
    so that tiling it gives a seamless, exactly periodic (flat-pitch) signal."""
    t = _period(x, centre)
    c = t // 3
    seg = x[centre : centre + t].copy()
    w = np.linspace(0.0, 1.0, c)
    seg[t - c :] = x[centre + t - c : centre + t] * (1 - w) + x[centre - c : centre] * w
    return seg


def _tile(loop: np.ndarray, n: int) -> np.ndarray:
    return np.tile(loop, n // len(loop) + 1)[:n]


def filler_sound(sound: str, seconds: float, *, rms: float) -> np.ndarray:
    """A sustained, flat-pitch hesitation of exactly ``seconds`` with RMS ``rms``."""
    voice, phonemes, vowel_share = FILLER_SOURCES[sound]
    src = trim(synth(phonemes, voice=voice, rate=80))
    fr = _frame_rms(src, 0.01)
    loud = int(np.argmax(fr))
    vowel = _loop(src, loud * int(0.01 * SR) + int(0.005 * SR))
    n = int(round(seconds * SR))
    if vowel_share >= 1.0:
        y = _tile(vowel, n)
    else:
        # The nasal is the quieter, steady stretch after the vowel: take it three quarters
        # of the way through the voiced source. Keep it 4 dB below the vowel, as in espeak.
        nasal = _loop(src, int(0.75 * len(src)))
        # Give the nasal the vowel's period (a ~4 % change) so the whole sound has one pitch.
        t = len(vowel)
        nasal = np.interp(np.arange(t) * len(nasal) / t, np.arange(len(nasal)), nasal,
                          period=len(nasal))
        nasal *= np.sqrt(np.mean(vowel**2)) / np.sqrt(np.mean(nasal**2)) * 10 ** (-4 / 20)
        nv = int(round(vowel_share * n))
        xf = int(0.04 * SR)
        a = _tile(vowel, nv + xf // 2)
        b = _tile(nasal, n - nv + xf // 2)
        w = np.linspace(0.0, 1.0, xf)
        y = np.concatenate([a[:-xf], a[-xf:] * (1 - w) + b[:xf] * w, b[xf:]])
        assert len(y) == n
    y = y / np.sqrt(np.mean(y**2)) * rms
    return _fade(y, int(FILLER_FADE_S * SR))


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w for w in (t.strip(".,;:!?\"'()") for t in text.split()) if re.search(r"\w", w)]


def render(clip: Clip) -> tuple[np.ndarray, dict]:
    """Build the clip's samples (float64, 16 kHz, not yet normalised) and its sidecar."""
    pieces = {}
    for it in clip.items:
        if isinstance(it, Say) and it not in pieces:
            pieces[it] = trim(synth(spoken_form(it.text, clip.lang), voice=clip.voice, rate=clip.rate,
                                         word_gap=clip.word_gap))
    speech_rms = active_rms(np.concatenate(list(pieces.values())))

    chunks: list[np.ndarray] = []
    pos = 0
    pauses, fillers, texts = [], [], []
    for it in clip.items:
        if isinstance(it, Say):
            y = pieces[it]
            texts.append(it.text)
            if it.lexical:
                fillers.append({"text": it.text.strip(".,;:!? ").lower(), "start": pos,
                                "end": pos + len(y), "kind": "lexical"})
        elif isinstance(it, Gap):
            y = np.zeros(int(round(it.seconds * SR)))
            if it.seconds >= PAUSE_MIN_S:
                if it.kind not in ("sentence", "clause"):
                    raise ValueError(f"{clip.name}: a {it.seconds} s gap needs a pause kind")
                pauses.append({"start": pos, "end": pos + len(y), "kind": it.kind})
            elif it.kind is not None:
                raise ValueError(f"{clip.name}: listed pauses must be >= {PAUSE_MIN_S} s")
        elif isinstance(it, Hes):
            y = filler_sound(it.sound, it.seconds, rms=speech_rms * 10 ** (-it.below_speech_db / 20))
            fillers.append({"text": it.sound, "start": pos, "end": pos + len(y), "kind": "acoustic"})
        else:
            raise TypeError(it)
        chunks.append(y)
        pos += len(y)

    x = np.concatenate(chunks)
    text = " ".join(texts)
    t = lambda n: round(n / SR, 3)  # noqa: E731
    side = {
        "file": f"{clip.name}.wav",
        "language": clip.lang,
        "duration_s": t(len(x)),
        "text": text,
        "word_count": len(_words(text)),
        "espeak": {"voice": clip.voice, "rate": clip.rate, "word_gap": clip.word_gap},
        "pauses": [{**p, "start": t(p["start"]), "end": t(p["end"])} for p in pauses],
        "fillers": sorted(({**f, "start": t(f["start"]), "end": t(f["end"])} for f in fillers),
                          key=lambda f: f["start"]),
        "purpose": clip.purpose,
    }
    return x, side


def finish(x: np.ndarray, name: str) -> np.ndarray:
    """Normalise the peak to ``PEAK_DBFS`` and add the seeded noise floor."""
    x = x / np.max(np.abs(x)) * 10 ** (PEAK_DBFS / 20)
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    x = x + rng.normal(0.0, 10 ** (NOISE_DBFS / 20), len(x))
    peak = np.max(np.abs(x))
    if peak > 10 ** ((PEAK_DBFS + 0.1) / 20):  # noise pushed a peak up: scale back, never clip
        x *= 10 ** (PEAK_DBFS / 20) / peak
    return x


def write_clip(x: np.ndarray, side: dict, wav_path: Path) -> None:
    wav_path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(wav_path, x.astype(np.float32), SR, subtype="PCM_16")
    wav_path.with_suffix(".json").write_text(json.dumps(side, ensure_ascii=False, indent=2) + "\n")


def make_clip(clip: Clip, out_dir: Path) -> dict:
    x, side = render(clip)
    write_clip(finish(x, clip.name), side, out_dir / f"{clip.name}.wav")
    return side


# --------------------------------------------------------------------------------------------
# Long speech for benchmarks
# --------------------------------------------------------------------------------------------

_LONG = {
    "en": [
        "Good morning, and thank you all for being here today.",
        "Our city has grown quickly over the last ten years, and our services must grow with it.",
        "This year we opened four new health clinics in the northern districts.",
        "Each clinic now serves more than two thousand families every month.",
        "We also extended the opening hours of the central library until eight in the evening.",
        "Many of you asked for safer streets, so we installed new lights on the main roads.",
        "The bus network will add three routes that connect the suburbs with the hospital.",
        "Tickets will stay at the same price until the end of next year.",
        "We know that waiting in line is frustrating, so most forms can now be filled in online.",
        "If you need help with the website, our staff at the service centre will guide you.",
        "We want to hear your ideas, and every neighbourhood meeting is open to the public.",
        "Please tell us what works and what does not, because your feedback shapes our plans.",
    ],
    "id": [
        "Selamat pagi, Bapak dan Ibu sekalian, terima kasih atas kehadirannya.",
        "Kota kita tumbuh dengan cepat dalam sepuluh tahun terakhir.",
        "Karena itu pelayanan publik juga harus ikut berkembang.",
        "Tahun ini pemerintah kota membuka empat puskesmas baru di wilayah utara.",
        "Setiap puskesmas melayani lebih dari dua ribu keluarga setiap bulan.",
        "Perpustakaan kota kini buka sampai pukul delapan malam.",
        "Banyak warga meminta jalan yang lebih aman, sehingga kami memasang lampu baru.",
        "Jaringan bus akan menambah tiga rute yang menghubungkan pinggiran kota dengan rumah sakit.",
        "Harga tiket tetap sama sampai akhir tahun depan.",
        "Sebagian besar formulir kini dapat diisi secara daring tanpa antre.",
        "Jika Anda memerlukan bantuan, petugas di pusat layanan siap membantu.",
        "Kami mengundang warga menyampaikan aspirasi dalam setiap pertemuan warga.",
    ],
}


def make_long_speech(path: str | Path, lang: str, minutes: float = 3.0) -> dict:
    """Write a ~``minutes``-long speech for benchmarks to ``path`` (WAV) and its sidecar.

    Cycles through a fixed list of sentences (a different order on each pass), joined by 0.15 s
    gaps, with a 1.2 s sentence pause after every fourth sentence. Deterministic. Returns the
    sidecar dict (also written next to the WAV as ``.json``).
    """
    if lang not in _LONG:
        raise ValueError(f"lang must be 'en' or 'id', not {lang!r}")
    path = Path(path)
    rate = 150 if lang == "en" else 140
    base = _LONG[lang]
    cache: dict[str, float] = {}  # sentence -> seconds, to stop at the right length
    items: list = []
    total = 0.0
    target = minutes * 60.0
    n = len(base)
    k = 0
    while total < target:
        stride = (1, n - 1, 5, 7)[(k // n) % 4]  # each pass a different order (all coprime to 12)
        s = base[((k % n) * stride + k // n) % n]
        if s not in cache:
            cache[s] = len(trim(synth(s, voice=lang, rate=rate))) / SR
        if items:
            gap = Gap(1.2, "sentence") if k % 4 == 0 else J
            items.append(gap)
            total += gap.seconds
        items.append(S(s))
        total += cache[s]
        k += 1
    name = path.stem
    clip = Clip(name, lang, rate, tuple(items),
                f"About {minutes:g} minutes of {lang} speech for benchmarks (not committed).")
    x, side = render(clip)
    side["file"] = path.name
    write_clip(finish(x, name), side, path)
    return side


# --------------------------------------------------------------------------------------------
# Verification and README
# --------------------------------------------------------------------------------------------


def _filler_checks(x: np.ndarray, side: dict) -> list[str]:
    """Pitch SD (semitones), voicing and level of each acoustic filler, as text."""
    try:
        import librosa
    except ImportError:
        return ["(librosa not installed: filler pitch not checked)"]
    speech = np.ones(len(x), bool)
    for f in side["fillers"]:
        if f["kind"] == "acoustic":
            speech[int(f["start"] * SR) : int(f["end"] * SR)] = False
    ref = active_rms(x[speech])
    out = []
    for f in side["fillers"]:
        if f["kind"] != "acoustic":
            continue
        a, b = int((f["start"] + FILLER_FADE_S) * SR), int((f["end"] - FILLER_FADE_S) * SR)
        seg = x[a:b]
        f0 = librosa.yin(seg, fmin=60, fmax=400, sr=SR, frame_length=1024, hop_length=160)
        st = 12 * np.log2(f0 / np.median(f0))
        # voiced: strong normalised autocorrelation at the pitch period
        t = int(round(SR / np.median(f0)))
        c = np.corrcoef(seg[:-t], seg[t:])[0, 1]
        lvl = 20 * np.log10(np.sqrt(np.mean(seg**2)) / ref)
        out.append(f"  {f['text']:>4} {f['start']:7.3f}-{f['end']:7.3f}s  f0 {np.median(f0):5.1f} Hz  "
                   f"SD {np.std(st):.2f} st  periodicity {c:.2f}  level {lvl:+.1f} dB re speech")
        if np.std(st) >= 1.0 or c < 0.8:
            raise AssertionError(f"{side['file']}: filler at {f['start']} is not steady and voiced")
    return out


def verify(out_dir: Path) -> list[dict]:
    """Check every WAV against its sidecar and print a table."""
    rows = []
    print(f"{'clip':<14} {'lang':<4} {'rate':>4} {'dur_s':>7} {'words':>5} {'pauses':>6} "
          f"{'acoust':>6} {'lexic':>5} {'peak_dBFS':>9}")
    details = []
    for js in sorted(out_dir.glob("*.json")):
        side = json.loads(js.read_text())
        wav = out_dir / side["file"]
        info = sf.info(wav)
        assert info.samplerate == SR and info.channels == 1 and info.subtype == "PCM_16", info
        x, _ = sf.read(wav, dtype="float64")
        dur = len(x) / SR
        assert abs(dur - side["duration_s"]) < 0.001, (wav, dur, side["duration_s"])
        assert side["word_count"] == len(_words(side["text"]))
        peak = 20 * np.log10(np.max(np.abs(x)))
        assert peak < -2.5, (wav, peak)
        for p in side["pauses"]:
            seg = x[int(p["start"] * SR) : int(p["end"] * SR)]
            assert 20 * np.log10(np.sqrt(np.mean(seg**2))) < NOISE_DBFS + 3, (wav, p)
        na = sum(f["kind"] == "acoustic" for f in side["fillers"])
        nl = len(side["fillers"]) - na
        print(f"{js.stem:<14} {side['language']:<4} {side['espeak']['rate']:>4} {dur:7.3f} "
              f"{side['word_count']:>5} {len(side['pauses']):>6} {na:>6} {nl:>5} {peak:9.2f}")
        gaps = own_gaps(x, side)
        if gaps:
            details.append(f"{js.stem}: espeak-ng's own silences >= 0.2 s (start, s): {gaps}")
        if na:
            details.append(f"{js.stem}:")
            details += _filler_checks(x, side)
        rows.append(side)
    total = sum(p.stat().st_size for p in out_dir.glob("*.wav"))
    print(f"total WAV size {total / 1e6:.2f} MB")
    print("\n".join(details))
    return rows


def own_gaps(x: np.ndarray, side: dict, *, min_s: float = 0.2, below_db: float = -35.0) -> list:
    """Silences of at least ``min_s`` that the script did not insert (espeak-ng's own), as
    (start, seconds): 10 ms frames below ``below_db`` re. the 99th-percentile frame RMS."""
    hop = SR // 100
    n = len(x) // hop
    r = np.sqrt(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1))
    quiet = np.append(20 * np.log10(r / np.percentile(r, 99)) < below_db, False)
    out, i = [], 0
    while i < n:
        if quiet[i]:
            j = i + int(np.argmin(quiet[i:]))
            a, b = i / 100, j / 100
            if b - a >= min_s and not any(a <= p["end"] and b >= p["start"] for p in side["pauses"]):
                out.append((round(a, 2), round(b - a, 2)))
            i = j
        else:
            i += 1
    return out


def _fmt_list(items: list[dict], cols: list[str]) -> list[str]:
    if not items:
        return ["none"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(i[c]) for c in cols) + " |" for i in items]
    return lines


def write_readme(out_dir: Path, sides: list[dict], version: str) -> None:
    by = {Path(s["file"]).stem: s for s in sides}
    L = [
        "# Sample audio",
        "",
        "Generated speech with known text, pauses and fillers, for tests and demos. **Do not edit by "
        "hand**: regenerate with",
        "",
        "```",
        "python scripts/make_samples.py",
        "```",
        "",
        f"Made with {version}. The output is deterministic for the same espeak-ng version "
        "(the noise floor is seeded from the clip name).",
        "",
        "## How the clips are made",
        "",
        "- Each clip is a list of pieces, each synthesised by one `espeak-ng -v VOICE -s RATE` call, "
        "resampled to 16 kHz (scipy `resample_poly`), trimmed where the signal first/last rises above "
        f"{TRIM_DB:.0f} dB re. the piece's peak, and concatenated with numpy.",
        f"- Between pieces the script inserts exact silences. Every inserted silence of at least "
        f"{PAUSE_MIN_S} s is listed in `pauses` (`sentence` or `clause`). Sentences synthesised "
        f"apart but not separated by a listed pause are joined by {JOIN_GAP_S} s of silence; a "
        f"lexical filler piece has {LEX_GAP_S} s of silence on each side. Neither is listed.",
        "- espeak-ng makes short pauses of its own inside a piece: at a comma about 0.2 s at rate "
        "140-150 (about 0.4 s at rate 90; the rate clips have no commas for that reason). These are "
        "not listed. A pause measured from the signal is a little longer than the inserted "
        "silence, because the trimmed piece edges are quiet.",
        "- Acoustic filled pauses (`kind: acoustic`, not in `text`): espeak-ng phoneme strings "
        "`[[V:]]` (\"uh\"), `[[Vm:]]` (\"um\"), voice `en`; `[[E:]]` (\"eee\"), `[[Em:]]` "
        "(\"emm\"), voice `id`; rate 80. One pitch period is cut from the steady middle of the "
        "vowel (and of the nasal, for um/emm: 40-45 % vowel, then nasal 4 dB quieter, 40 ms "
        "cross-fade) and looped seamlessly to the exact length, so the pitch is flat (~97 Hz, the "
        "voice's base pitch). 30 ms raised-cosine fade in and out; RMS set 7-10 dB below the "
        "speech RMS (20 ms frames within 40 dB of the loudest). `start`/`end` are the edges of "
        "the sound, fades included.",
        "- Lexical fillers (`kind: lexical`) are words that are in `text` (\"you know\", \"like\", "
        "\"jadi\", \"ya\"): each is synthesised as its own piece, and its times are that piece's "
        "edges.",
        "- Indonesian acronyms said letter by letter (IKP, OPD, SKPD, PPID, APBD) are given to "
        "espeak-ng spaced (`O P D`), because it otherwise reads them as one syllable (\"opd\"). "
        "Bimtek and Diskominfo are said as words, KTP espeak spells by itself; `text` keeps "
        "the written form. \"1.200\" is said \"seribu dua ratus\".",
        f"- Finally the clip is scaled to a peak of {PEAK_DBFS:.0f} dBFS and seeded Gaussian "
        f"noise at {NOISE_DBFS:.0f} dBFS RMS is added, so silence is not digital zero. "
        "16 kHz, mono, 16-bit PCM.",
        "- Each `NAME.wav` has a `NAME.json` sidecar: `file`, `language`, `duration_s`, `text` "
        "(words only, no acoustic fillers), `word_count`, `espeak` (`voice`, `rate`), `pauses`, "
        "`fillers`, `purpose`. Times in seconds, 3 decimals.",
        "- `make_long_speech(path, lang, minutes=3.0)` in the same script writes a longer speech "
        "for benchmarks (not committed): `python scripts/make_samples.py --long /tmp/long_id.wav "
        "--lang id --minutes 3`.",
        "",
        "Things to expect (from earlier measurements with espeak-ng clips, see DESIGN.md): Whisper "
        "base transcribes espeak English almost perfectly but espeak Indonesian with a word error "
        "rate of roughly 0.35-0.45, and it drops most drawn-out acoustic fillers. A filler with "
        "0.35 s of silence on both sides is 7-10 dB below the speech: a pause detector that takes "
        "it for silence sees one pause of about 1.2-1.6 s there instead of two short ones.",
        "",
        "espeak-ng's `-s` is not words per minute: the rate clips (52 words, three 0.5 s gaps) come "
        "out at the speaking rates in the table below (words / duration, pauses included).",
        "",
        "## Clips",
        "",
        "| clip | lang | rate | duration s | words | words/min | pauses | acoustic fillers "
        "| lexical fillers |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, s in by.items():
        na = sum(f["kind"] == "acoustic" for f in s["fillers"])
        L.append(f"| `{n}` | {s['language']} | {s['espeak']['rate']} | {s['duration_s']:.3f} | "
                 f"{s['word_count']} | {60 * s['word_count'] / s['duration_s']:.0f} | {len(s['pauses'])} | "
                 f"{na} | {len(s['fillers']) - na} |")
    for n, s in by.items():
        L += ["", f"### `{n}`", "", s["purpose"], "", f"> {s['text']}", "", "Pauses:", ""]
        L += _fmt_list(s["pauses"], ["start", "end", "kind"])
        L += ["", "Fillers:", ""]
        L += _fmt_list(s["fillers"], ["text", "start", "end", "kind"])
        x, _ = sf.read(out_dir / s["file"], dtype="float64")
        gaps = own_gaps(x, s)
        L += ["", "espeak-ng's own silences of 0.2 s or more (not listed above; measured, 10 ms "
              "frames below -35 dB re. the 99th-percentile frame): "
              + (", ".join(f"{a:.2f} s ({d:.2f} s long)" for a, d in gaps) if gaps else "none") + "."]
    (out_dir / "README.md").write_text("\n".join(L) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the sample clips")
    ap.add_argument("--long", type=Path, help="write only a long benchmark speech to this WAV path")
    ap.add_argument("--lang", choices=["en", "id"], default="en", help="language of --long")
    ap.add_argument("--minutes", type=float, default=3.0, help="length of --long in minutes")
    args = ap.parse_args(argv)
    version = espeak_version()
    if args.long:
        side = make_long_speech(args.long, args.lang, args.minutes)
        print(f"{args.long}: {side['duration_s']:.1f} s, {side['word_count']} words, "
              f"{len(side['pauses'])} pauses")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    sides = [make_clip(c, args.out) for c in clips()]
    write_readme(args.out, sides, version)
    verify(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
