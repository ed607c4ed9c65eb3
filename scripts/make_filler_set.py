"""Generate the varied filled-pause evaluation set: espeak-ng speech with realistic filled pauses.

    python scripts/make_filler_set.py            # writes benchmarks/data/generated/

Every clip is espeak-ng speech (several voices, pitches and rates per language) cut into chunks of a
few words, with filled pauses and silent pauses put between the chunks. Unlike the sample clips'
fillers (one pitch period tiled: exactly periodic, flat pitch), these fillers are made like a
voice makes them:

- the vowel or nasal ("uh", "um", "er", "hmm"; "eee", "emm", "ehm", "hmm") is synthesised by
  espeak-ng in the clip's own voice; two-period grains taken from it are overlap-added at new pitch
  marks (TD-PSOLA), so the formants stay and the pitch follows a contour we choose;
- the contour rises or falls by 0–4 semitones, with cycle-to-cycle jitter (0.5–2 %) and shimmer
  (3–10 %); 0.2–1.2 s long; 0 to −25 dB relative to the speech; some partly voiced (the voice
  fades into breath shaped by the vowel's spectral envelope);
- placed in a gap (silence on both sides), run into the next word, or run on from the previous
  word; clips get pink noise at 30 or 15 dB SNR or none.

A filler more than 5 dB below the noise is inaudible to a listener too, so the level is drawn no
lower than ``5 − SNR`` dB (−10 dB at 15 dB SNR). Fluent clips (no fillers) measure false alarms:
56 per language (indexes 48–103), over 8 minutes of fluent speech per language and split, and 40
more per language (indexes 104–143, ``drawl`` in the manifest) in which some words have a voiced
sound held 0.2–0.8 s longer and some clips are read slowly (:func:`make_drawl_clip`): hard negatives,
a steady vowel inside a real word.
Then 32 clips per language (indexes 144–175, ``short_`` in the name, kind ``fillers``) whose fillers are
all 0.2–0.45 s long: short hesitations, which the first clips hold too few of to learn.
Last, 56 more fluent clips per language (indexes 176–231, ``more_texts`` in the manifest) read from a
second bank of 18 sentences (``MORE_TEXTS``): fluent speech with other words.

Outputs (``--out``, default ``benchmarks/data/generated``): ``manifest.json`` (committed: every
clip's text, voice, true filler and pause times, conditions, split and the audio's SHA-256) and
``audio/<clip>.flac`` (not committed; rebuilt by this script, deterministic for a given espeak-ng
version and seed). Clips alternate between the ``dev`` split (train and choose thresholds) and the
``test`` split (report only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import lfilter

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_samples import SR, espeak_version, trim  # noqa: E402

from coach.lang.syllables import count_syllables  # noqa: E402

SEED = 20261204
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "generated"
FILLER_CLIPS_PER_LANG = 48
FLUENT_CLIPS_PER_LANG = 12
# Fluent clips added later (round 4 of issue 11) so that each language has > 8 minutes of fluent
# speech per split: 0.5 false alarms a minute cannot be told from 1.0 on two minutes. They come
# after the first 60 clips (indexes 60–103) so that those stay byte-identical (each clip has its own
# seed, [SEED, language, index]).
EXTRA_FLUENT_CLIPS_PER_LANG = 44
# Fluent clips with drawn-out words (round 5 of issue 11): real fluent speech holds lengthened vowels
# ("sooo", "weeell", "dannn") and slow, deliberate reading, which the detector must not take for
# filled pauses. Indexes 104–143, after every earlier clip, so those stay byte-identical.
DRAWL_CLIPS_PER_LANG = 40
DRAWL_SLOW_SHARE = 0.35  # share of drawl clips read slowly (espeak-ng -s 90–120)
DRAWL_CHUNK_SHARE = 0.6  # share of chunks with one lengthened word
DRAWL_POSITIONS = ("start", "middle", "end")
FILLERS_PER_CLIP = (4, 6)  # drawn uniformly, inclusive
FILLER_S = (0.2, 1.2)  # a filler's length, drawn uniformly
# Clips whose fillers are all short (round 6 of issue 11): with lengths drawn over 0.2–1.2 s only a
# fifth of the fillers are under 0.4 s (23 per language in dev), too few to learn the short
# hesitations that real speech is full of ("uh" of 0.2–0.4 s). Indexes 144–175, after every earlier
# clip, so those stay byte-identical.
SHORT_CLIPS_PER_LANG = 32
SHORT_FILLER_S = (0.2, 0.45)
NOISE_DBFS = -65.0

# (espeak-ng voice, -p pitch, -s rate)
VOICES = {
    "en": [("en-us", 45, 165), ("en+m3", 35, 155), ("en+f2", 60, 170), ("en-gb+f3", 70, 150),
           ("en+m7", 40, 180), ("en-us+f4", 55, 160)],
    "id": [("id", 45, 150), ("id+m3", 35, 140), ("id+f2", 60, 155), ("id+f4", 70, 145),
           ("id+m7", 40, 160), ("id+f3", 55, 150)],
}
# label -> (espeak phoneme string, share of the length that is the vowel; the rest is the nasal)
FILLERS = {
    "en": {"uh": ("[[V:]]", 1.0), "um": ("[[Vm:]]", 0.5), "er": ("[[3:]]", 1.0), "hmm": ("[[@m:]]", 0.15)},
    "id": {"eee": ("[[E:]]", 1.0), "emm": ("[[Em:]]", 0.5), "ehm": ("[[@m:]]", 0.5), "hmm": ("[[@m:]]", 0.15)},
}
TEXTS = {
    "en": [
        "Our office opens the new service centre next Monday morning",
        "Residents can register online or visit the district office in person",
        "The programme helps small businesses reach customers in other provinces",
        "We published the full budget so that everyone can check how it is spent",
        "Please send your questions and suggestions through the public complaint line",
        "The road repairs will finish before the rainy season begins",
        "Every school in the region will receive clean water tanks this year",
        "The health team visits villages twice a month to check on young children",
        "Farmers told us that the price of fertiliser is their biggest problem",
        "This year the number of visitors to the museum doubled",
        "We are working with the police to make the market safer at night",
        "The new bus route connects the harbour with the central station",
        "Thank you all for coming and for the questions you sent before today",
        "The report shows that unemployment fell for the third year in a row",
        "Citizens will be able to track their applications on their phones",
        "Our staff will explain the new rules at every village hall",
        "The flood warning system sends a message to every registered phone",
        "We want young people to take part in planning their own neighbourhood",
    ],
    "id": [
        "Kantor kami membuka pusat layanan baru pada hari Senin depan",
        "Warga dapat mendaftar secara daring atau datang langsung ke kantor kecamatan",
        "Program ini membantu usaha kecil menjangkau pembeli di provinsi lain",
        "Kami menerbitkan anggaran lengkap supaya masyarakat bisa memeriksa penggunaannya",
        "Silakan sampaikan pertanyaan dan saran melalui layanan pengaduan masyarakat",
        "Perbaikan jalan akan selesai sebelum musim hujan tiba",
        "Setiap sekolah di daerah ini akan menerima tangki air bersih tahun ini",
        "Tim kesehatan mengunjungi desa dua kali sebulan untuk memeriksa anak balita",
        "Para petani mengatakan bahwa harga pupuk adalah masalah terbesar mereka",
        "Tahun ini jumlah pengunjung museum meningkat dua kali lipat",
        "Kami bekerja sama dengan polisi agar pasar lebih aman pada malam hari",
        "Rute bus baru menghubungkan pelabuhan dengan stasiun pusat kota",
        "Terima kasih atas kehadiran dan pertanyaan yang Bapak Ibu kirimkan",
        "Laporan ini menunjukkan bahwa pengangguran turun tiga tahun berturut turut",
        "Warga akan dapat memantau permohonan mereka melalui telepon genggam",
        "Petugas kami akan menjelaskan aturan baru di setiap balai desa",
        "Sistem peringatan banjir mengirim pesan ke setiap nomor yang terdaftar",
        "Kami ingin anak muda ikut merencanakan lingkungan mereka sendiri",
    ],
}
# A second bank of sentences for the fluent clips of round 7 (issue 11): the first 18 per language
# repeat in every clip, so the false alarms on fluent speech hinge on a few words ("fell", "year");
# new words give the model and the false-alarm count more kinds of fluent speech.
MORE_FLUENT_CLIPS_PER_LANG = 56
MORE_TEXTS = {
    "en": [
        "The hospital will open a second wing for mothers and newborn babies",
        "Small traders can now apply for a loan without leaving their village",
        "We have asked every district to report the damage by Friday evening",
        "Volunteers cleaned the beach and collected more than two tonnes of plastic",
        "The ministry will announce the exam results on its website tomorrow",
        "Public libraries will stay open until nine on weekdays from next month",
        "The vaccine is free and available at all community health centres",
        "Drivers should avoid the old bridge while the engineers inspect it",
        "Our call centre answered almost four thousand questions last week",
        "The mayor thanked the fire brigade for their quick and careful work",
        "New street lights were installed along the main road to the airport",
        "Students from poor families will receive a monthly allowance for books",
        "The festival brings local music and food to the city square every July",
        "Please keep your receipt until the tax office confirms your payment",
        "Fishermen will get weather alerts on their radios before they sail",
        "The governor met with teachers to hear their concerns about the curriculum",
        "Rice prices have remained stable because the harvest was good",
        "Anyone who sees illegal logging can report it anonymously by phone",
    ],
    "id": [
        "Rumah sakit akan membuka gedung baru untuk ibu dan bayi yang baru lahir",
        "Pedagang kecil kini bisa mengajukan pinjaman tanpa meninggalkan desanya",
        "Kami meminta setiap kabupaten melaporkan kerusakan paling lambat Jumat sore",
        "Para relawan membersihkan pantai dan mengumpulkan lebih dari dua ton plastik",
        "Kementerian akan mengumumkan hasil ujian di situs resminya besok pagi",
        "Perpustakaan umum akan buka sampai pukul sembilan malam mulai bulan depan",
        "Vaksin ini gratis dan tersedia di semua puskesmas",
        "Pengemudi sebaiknya menghindari jembatan lama selama petugas memeriksanya",
        "Pusat panggilan kami menjawab hampir empat ribu pertanyaan minggu lalu",
        "Wali kota berterima kasih kepada petugas pemadam kebakaran atas kerja cepat mereka",
        "Lampu jalan baru telah dipasang di sepanjang jalan utama menuju bandara",
        "Pelajar dari keluarga kurang mampu akan menerima bantuan buku setiap bulan",
        "Festival ini menghadirkan musik dan makanan daerah di alun alun kota setiap Juli",
        "Mohon simpan bukti pembayaran sampai kantor pajak mengonfirmasi setoran Anda",
        "Nelayan akan menerima peringatan cuaca melalui radio sebelum berlayar",
        "Gubernur bertemu para guru untuk mendengar keluhan mereka tentang kurikulum",
        "Harga beras tetap stabil karena hasil panen tahun ini cukup baik",
        "Siapa pun yang melihat penebangan liar dapat melapor lewat telepon tanpa menyebut nama",
    ],
}
PLACEMENTS = ("gap", "before_word", "after_word")
NOISES = (None, 30.0, 15.0)


def synth(text: str, *, voice: str, rate: int, pitch: int, word_gap: int = 0) -> np.ndarray:
    """espeak-ng ``-v voice -s rate -p pitch``; float64 samples at 16 kHz, untrimmed."""
    import subprocess
    import tempfile
    from math import gcd

    from scipy.signal import resample_poly

    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "piece.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "-g", str(word_gap),
                        "-w", str(wav), text], check=True, capture_output=True)
        x, sr = sf.read(wav, dtype="float64")
    if x.ndim > 1:
        x = x.mean(axis=1)
    g = gcd(SR, sr)
    return resample_poly(x, SR // g, sr // g) if sr != SR else x


def _frame_rms(x: np.ndarray, frame_s: float = 0.02) -> np.ndarray:
    n = int(frame_s * SR)
    m = len(x) // n
    return np.sqrt(np.mean(x[: m * n].reshape(m, n) ** 2, axis=1)) if m else np.zeros(1)


def speech_rms(x: np.ndarray) -> float:
    """RMS over 20 ms frames within 40 dB of the loudest: the level of the speech itself."""
    r = _frame_rms(x)
    keep = r > r.max() * 10 ** (-40 / 20)
    return float(np.sqrt(np.mean(r[keep] ** 2)))


def _period(x: np.ndarray, centre: int) -> int:
    half = int(0.03 * SR)
    seg = x[max(0, centre - half): centre + half]
    seg = seg - seg.mean()
    ac = np.correlate(seg, seg, mode="full")[len(seg) - 1:]
    lo, hi = int(SR / 400), int(SR / 60)
    return lo + int(np.argmax(ac[lo:hi]))


def _grains(x: np.ndarray, where: float, count: int = 6) -> tuple[list[np.ndarray], int]:
    """Hann-windowed two-period grains around ``where`` (share of the length), and the period."""
    centre = int(where * len(x))
    t0 = _period(x, centre)
    win = np.hanning(2 * t0)
    out = []
    for k in range(-(count // 2), count - count // 2):
        p = centre + k * t0
        # snap to the local peak so that grains line up in phase
        lo = max(t0, p - t0 // 2)
        if lo + t0 > len(x):
            continue
        p = lo + int(np.argmax(x[lo: lo + t0]))
        if p - t0 >= 0 and p + t0 <= len(x):
            out.append(x[p - t0: p + t0] * win)
    return out, t0


def _lpc_noise(grain: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Noise shaped by the grain's spectral envelope (order-16 LPC): a breathy version of the vowel."""
    import librosa

    a = librosa.lpc(grain.astype(np.float64) + 1e-9 * rng.standard_normal(len(grain)), order=16)
    y = lfilter([1.0], a, rng.standard_normal(n))
    return y / (np.std(y) + 1e-12)


def make_filler(phonemes: str, vowel_share: float, *, voice: str, pitch: int, duration_s: float,
                move_semitones: float, jitter: float, shimmer: float, voiced_share: float,
                rng: np.random.Generator) -> np.ndarray:
    """A filled pause by TD-PSOLA from espeak-ng's own vowel/nasal; unit RMS, exactly ``duration_s``."""
    src = trim(synth(phonemes, voice=voice, rate=80, pitch=pitch))
    fr = _frame_rms(src, 0.01)
    loud = (int(np.argmax(fr)) + 0.5) * 0.01 * SR / len(src)
    vowel, t0 = _grains(src, min(max(loud, 0.2), 0.5))
    nasal, _ = _grains(src, 0.8 if vowel_share > 0 else 0.5)
    if not vowel:
        raise RuntimeError(f"no grains in {phonemes} ({voice})")
    nasal = nasal or vowel
    if vowel_share <= 0.0:
        vowel = nasal
    n = int(round(duration_s * SR))
    f0 = SR / t0 * 2 ** (rng.uniform(-2.0, 0.0) / 12)  # fillers sit a little low in the voice
    t = np.arange(n) / n
    curve = t if rng.random() < 0.5 else np.sin(np.pi * t / 2)  # linear or early-moving glide
    contour = f0 * 2 ** (move_semitones * curve / 12)
    y = np.zeros(n + 4 * t0)
    mark = float(t0)
    pos_vowel_end = vowel_share * n
    while mark < n + t0:
        i = min(int(mark) - t0, n - 1)
        i = max(i, 0)
        period = SR / contour[i] * (1 + jitter * rng.standard_normal())
        amp = 1 + shimmer * rng.standard_normal()
        share_v = np.clip((pos_vowel_end - i) / (0.08 * SR) + 0.5, 0.0, 1.0) if 0 < vowel_share < 1 else (
            1.0 if vowel_share >= 1 else 0.0)
        g_v = vowel[rng.integers(len(vowel))]
        g_n = nasal[rng.integers(len(nasal))]
        m = min(len(g_v), len(g_n))
        grain = share_v * g_v[:m] + (1 - share_v) * g_n[:m]
        # resample the grain's window to the new period only through spacing (PSOLA keeps formants)
        start = int(round(mark)) - m // 2
        if start >= 0 and start + m <= len(y):
            y[start: start + m] += amp * grain
        mark += max(period, SR / 500)
    y = y[t0: t0 + n]
    breath = _lpc_noise(vowel[len(vowel) // 2], n, rng) if voiced_share < 1.0 else None
    return finish_filler(y / (np.std(y) + 1e-12), breath, voiced_share=voiced_share, rng=rng)


def finish_filler(y: np.ndarray, breath: np.ndarray | None, *, voiced_share: float,
                  rng: np.random.Generator) -> np.ndarray:
    """A filler's voice (unit SD) made partly breath (``breath``, unit SD, used 6 dB down when
    ``voiced_share`` < 1: voice then breath or breath then voice, an 80 ms cross-fade) with a 20–60 ms
    attack, a 50–150 ms release and a fade of 0–6 dB over its length; unit RMS."""
    n = len(y)
    if voiced_share < 1.0:
        breath = breath * 10 ** (-6 / 20)
        k = int(voiced_share * n)
        ramp = np.ones(n)
        xf = max(1, int(0.08 * SR))
        if rng.random() < 0.5:  # voice first, then breath
            ramp[k:] = 0.0
            ramp[max(0, k - xf): k] = np.linspace(1, 0, k - max(0, k - xf))
        else:  # breath first, then voice
            ramp[: n - k] = 0.0
            ramp[n - k: min(n, n - k + xf)] = np.linspace(0, 1, min(n, n - k + xf) - (n - k))
        y = ramp * y + (1 - ramp) * breath
    attack, release = int(rng.uniform(0.02, 0.06) * SR), int(rng.uniform(0.05, 0.15) * SR)
    env = np.ones(n)
    env[:attack] = np.linspace(0, 1, attack)
    env[n - release:] = np.linspace(1, 0, release)
    env *= np.linspace(1.0, 10 ** (rng.uniform(-6, 0) / 20), n)  # a filler often fades as it goes
    y = y * env
    return y / (np.sqrt(np.mean(y**2)) + 1e-12)


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    """1/f noise (Voss-McCartney by spectral shaping), unit RMS."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec))
    spec[1:] /= np.sqrt(f[1:])
    y = np.fft.irfft(spec, n)
    return y / np.std(y)


def _chunks(words: list[str], rng: np.random.Generator) -> list[list[str]]:
    """Split a sentence into 2–3 chunks of at least two words, at random word boundaries."""
    parts = 2 if len(words) < 8 or rng.random() < 0.5 else 3
    cuts = sorted(rng.choice(np.arange(2, len(words) - 1), size=parts - 1, replace=False)) if len(words) > 4 else []
    bounds = [0, *cuts, len(words)]
    return [words[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


class _Track:
    """A clip being put together: its samples so far and the time they reach (``t``, seconds)."""

    def __init__(self) -> None:
        self.audio: list[np.ndarray] = []
        self.t = 0.0

    def add(self, x: np.ndarray) -> None:
        self.audio.append(x)
        self.t += len(x) / SR

    def silence(self, s: float) -> None:
        self.add(np.zeros(int(round(s * SR))))

    def gap(self, kind: str, rng: np.random.Generator, pauses: list[dict]) -> None:
        """The silence between two chunks: a sentence end 0.5–1.2 s; inside a sentence 0.3–1.0 s (40 %) or a
        0.05–0.15 s gap between words. One of 0.3 s or more is listed in ``pauses``."""
        s = rng.uniform(0.5, 1.2) if kind == "sentence_end" else (rng.uniform(0.3, 1.0) if rng.random() < 0.4
                                                                   else rng.uniform(0.05, 0.15))
        if s >= 0.3:
            pauses.append({"start": round(self.t, 3), "end": round(self.t + s, 3)})
        self.silence(s)

    def finish(self, rng: np.random.Generator, noise_snr: float | None) -> np.ndarray:
        """The samples with a faint noise floor, pink noise at ``noise_snr`` dB SNR (None: none), peak −3 dBFS."""
        x = np.concatenate(self.audio)
        x = x + 10 ** (NOISE_DBFS / 20) * rng.standard_normal(len(x))
        if noise_snr is not None:
            x = x + pink_noise(len(x), rng) * 0.1 * 10 ** (-noise_snr / 20)
        return x / np.max(np.abs(x)) * 10 ** (-3 / 20)


def _pieces(sentences: list[list[str]], rng: np.random.Generator) -> list[tuple[str, list[str]]]:
    """The clip's plan: ("chunk", words) parts of each sentence, with a "join" between two chunks of a
    sentence and a "sentence_end" between sentences."""
    pieces: list[tuple[str, list[str]]] = []
    for words in sentences:
        for chunk in _chunks(words, rng):
            pieces.append(("chunk", chunk))
            pieces.append(("join", []))
        pieces[-1] = ("sentence_end", [])
    return pieces[:-1]


def make_clip(name: str, lang: str, *, with_fillers: bool, rng: np.random.Generator, split: str,
              filler_maker=None, filler_s: tuple[float, float] = FILLER_S, texts: dict = TEXTS,
              fillers: dict | None = None) -> tuple[np.ndarray, dict]:
    """One clip and its manifest entry; ``filler_maker`` (default :func:`make_filler`, same signature)
    makes each filled pause (``scripts/formant_fillers.py`` passes another synthesiser), each
    ``filler_s`` seconds long (drawn uniformly), its label drawn from ``fillers`` (label -> what the
    maker gets as ``phonemes`` and ``vowel_share``; default ``FILLERS[lang]``); its sentences are drawn
    from ``texts[lang]``."""
    filler_maker = filler_maker or make_filler
    fillers = fillers or FILLERS[lang]
    voice, pitch, rate = VOICES[lang][rng.integers(len(VOICES[lang]))]
    pitch = int(np.clip(pitch + rng.integers(-8, 9), 0, 99))
    rate = int(rate + rng.integers(-15, 16))
    noise_snr = NOISES[rng.integers(len(NOISES))]
    n_sent = 3 if with_fillers else int(rng.integers(3, 5))
    sentences = [texts[lang][i].split() for i in rng.choice(len(texts[lang]), size=n_sent, replace=False)]
    pieces = _pieces(sentences, rng)
    joins = [i for i, (k, _) in enumerate(pieces) if k != "chunk"]
    n_fill = int(rng.integers(FILLERS_PER_CLIP[0], FILLERS_PER_CLIP[1] + 1)) if with_fillers else 0
    n_fill = min(n_fill, len(joins))
    filler_at = set(rng.choice(joins, size=n_fill, replace=False).tolist()) if n_fill else set()

    track = _Track()
    plan_fillers, pauses, text_words = [], [], []
    track.silence(rng.uniform(0.3, 0.6))
    rendered = [trim(synth(" ".join(c), voice=voice, rate=rate, pitch=pitch)) if k == "chunk" else None
                for k, c in pieces]
    level = speech_rms(np.concatenate([r for r in rendered if r is not None]))
    for i, (kind, chunk) in enumerate(pieces):
        if kind == "chunk":
            text_words.extend(chunk)
            track.add(rendered[i] / level * 0.1)
            continue
        if i in filler_at:
            label = list(fillers)[rng.integers(len(fillers))]
            phonemes, vowel_share = fillers[label]
            min_db = -25.0 if noise_snr is None else max(-25.0, 5.0 - noise_snr)
            cond = {
                "label": label,
                "duration_s": round(float(rng.uniform(*filler_s)), 3),
                "level_db": round(float(rng.uniform(min_db, 0.0)), 1),
                "move_semitones": round(float(rng.uniform(1.0, 4.0) * rng.choice([-1, 1]) if rng.random() < 0.8
                                              else rng.uniform(-1.0, 1.0)), 2),
                "jitter": round(float(rng.uniform(0.005, 0.02)), 4),
                "shimmer": round(float(rng.uniform(0.03, 0.10)), 3),
                "voiced_share": 1.0 if rng.random() < 0.6 else round(float(rng.uniform(0.4, 0.8)), 2),
                "placement": PLACEMENTS[rng.integers(len(PLACEMENTS))],
            }
            y = filler_maker(phonemes, vowel_share, voice=voice, pitch=pitch, duration_s=cond["duration_s"],
                             move_semitones=cond["move_semitones"], jitter=cond["jitter"], shimmer=cond["shimmer"],
                             voiced_share=cond["voiced_share"], rng=rng) * 0.1 * 10 ** (cond["level_db"] / 20)
            before = 0.0 if cond["placement"] == "after_word" else rng.uniform(0.15, 0.5)
            after = 0.0 if cond["placement"] == "before_word" else rng.uniform(0.15, 0.5)
            if kind == "sentence_end" and cond["placement"] == "after_word":
                after = max(after, 0.3)
            track.silence(before)
            plan_fillers.append({"start": round(track.t, 3), "end": round(track.t + len(y) / SR, 3), **cond})
            track.add(y)
            track.silence(after)
        else:
            track.gap(kind, rng, pauses)
    track.silence(rng.uniform(0.3, 0.6))
    x = track.finish(rng, noise_snr)
    text = " ".join(text_words)
    meta = {
        "name": name, "language": lang, "split": split, "kind": "fillers" if with_fillers else "fluent",
        "voice": voice, "pitch": pitch, "rate": rate, "noise_snr_db": noise_snr, "duration_s": round(len(x) / SR, 3),
        "text": text, "word_count": len(text_words),
        "syllable_count": sum(count_syllables(w, lang) for w in text_words),
        "fillers": plan_fillers, "pauses": pauses,
    }
    return x.astype(np.float32), meta


def _voiced_frames(x: np.ndarray, a: int, b: int, *, min_share: float) -> list[int]:
    """Centres (samples) of 10 ms frames in ``x[a:b]`` that are voiced (autocorrelation peak > 0.7 at a
    60–400 Hz lag) and within ``min_share`` (amplitude) of the loudest frame there."""
    hop, win = int(0.01 * SR), int(0.03 * SR)
    centres = list(range(a + win // 2, max(a + win // 2, b - win // 2), hop))
    if not centres:
        return []
    rms = np.array([np.sqrt(np.mean(x[c - win // 2: c + win // 2] ** 2)) for c in centres])
    out = []
    lo, hi = int(SR / 400), int(SR / 60)
    for c, r in zip(centres, rms):
        if r < min_share * rms.max():
            continue
        seg = x[max(0, c - win): c + win]
        seg = seg - seg.mean()
        ac = np.correlate(seg, seg, mode="full")[len(seg) - 1:]
        if ac[0] > 0 and len(ac) > hi and ac[lo:hi].max() / ac[0] > 0.7:
            out.append(c)
    return out


def stretch_vowel(x: np.ndarray, c: int, *, extra_s: float, move_semitones: float, rng: np.random.Generator
                  ) -> tuple[np.ndarray, int, int]:
    """``x`` with the voiced sound at sample ``c`` held ``extra_s`` longer (TD-PSOLA: two-period
    grains of the sound, overlap-added at pitch marks that follow a glide of ``move_semitones``,
    either away and staying or away and back). Returns (new signal, start, end of the held part)."""
    t0 = _period(x, c)
    lo = max(t0, c - t0 // 2)
    p = lo + int(np.argmax(x[lo: lo + t0]))  # a pitch peak: the held part starts in phase with it
    win = np.hanning(2 * t0)
    grains = []
    for k in range(-1, 2):  # the neighbouring periods only: further ones may be another sound
        q = p + k * t0
        q0 = max(t0, q - t0 // 2)
        if q0 + t0 > len(x) - t0:
            continue
        q = q0 + int(np.argmax(x[q0: q0 + t0]))
        if q - t0 >= 0 and q + t0 <= len(x):
            grains.append(x[q - t0: q + t0] * win)
    n = int(round(extra_s * SR))
    t = np.arange(n) / n
    shape = t if rng.random() < 0.5 else np.sin(np.pi * t)
    contour = SR / t0 * 2 ** (move_semitones * shape / 12)
    jitter, shimmer = rng.uniform(0.002, 0.01), rng.uniform(0.02, 0.05)
    y = np.zeros(n + 4 * t0)
    mark = float(t0)
    while mark < n + t0:
        i = min(max(int(mark) - t0, 0), n - 1)
        g = grains[rng.integers(len(grains))]
        start = int(round(mark)) - t0
        if start >= 0 and start + len(g) <= len(y):
            y[start: start + len(g)] += (1 + shimmer * rng.standard_normal()) * g
        mark += max(SR / contour[i] * (1 + jitter * rng.standard_normal()), SR / 500)
    y = y[t0: t0 + n]
    local = np.sqrt(np.mean(x[p - t0: p + t0] ** 2))
    y = y / (np.sqrt(np.mean(y**2)) + 1e-12) * local
    xf = min(int(0.008 * SR), n // 4)
    ramp = np.linspace(0.0, 1.0, xf)
    head = x[p - xf: p] * (1 - ramp) + y[:xf] * ramp
    tail = y[n - xf:] * (1 - ramp) + x[p: p + xf] * ramp
    out = np.concatenate([x[: p - xf], head, y[xf: n - xf], tail, x[p + xf:]])
    return out, p - xf, p - xf + n


def make_drawl_clip(name: str, lang: str, *, rng: np.random.Generator, split: str) -> tuple[np.ndarray, dict]:
    """A fluent clip (no fillers) in which some words have a lengthened sound, some clips read slowly.

    In a share of the chunks one word is picked and one of its voiced sounds (the first, a middle
    or the last loud voiced 10 ms frame of the word: "sooo", "weeell", "dannn") is held 0.2–0.8 s
    longer by TD-PSOLA, with a pitch glide of 0–3 semitones on half of them. The word's place in the
    chunk is found by rendering the words before it and up to it alone (espeak-ng is deterministic;
    the estimate is within a few tens of ms), so a held sound can fall on a neighbouring word's edge.
    Pauses between chunks, voices, pitches and noise as in :func:`make_clip`.
    """
    voice, pitch, rate = VOICES[lang][rng.integers(len(VOICES[lang]))]
    pitch = int(np.clip(pitch + rng.integers(-8, 9), 0, 99))
    slow = bool(rng.random() < DRAWL_SLOW_SHARE)
    rate = int(rng.integers(90, 121)) if slow else int(rate + rng.integers(-15, 16))
    noise_snr = NOISES[rng.integers(len(NOISES))]
    n_sent = int(rng.integers(2, 4)) if slow else int(rng.integers(3, 5))
    sentences = [TEXTS[lang][i].split() for i in rng.choice(len(TEXTS[lang]), size=n_sent, replace=False)]
    pieces = _pieces(sentences, rng)

    def render(words: list[str]) -> np.ndarray:
        return trim(synth(" ".join(words), voice=voice, rate=rate, pitch=pitch))

    rendered: list[np.ndarray | None] = []
    held: list[list[dict]] = []
    for kind, chunk in pieces:
        if kind != "chunk":
            rendered.append(None)
            held.append([])
            continue
        x = render(chunk)
        marks: list[dict] = []
        if rng.random() < DRAWL_CHUNK_SHARE:
            j = int(rng.integers(len(chunk)))
            a = len(render(chunk[:j])) if j else 0
            b = min(len(x), len(render(chunk[: j + 1]))) if j + 1 < len(chunk) else len(x)
            position = DRAWL_POSITIONS[rng.integers(len(DRAWL_POSITIONS))]
            extra = float(rng.uniform(0.2, 0.8))
            move = float(rng.uniform(0.0, 3.0) * rng.choice([-1, 1])) if rng.random() < 0.5 else 0.0
            frames = _voiced_frames(x, a, b, min_share=0.25 if position == "end" else 0.4)
            if frames:
                c = frames[0] if position == "start" else frames[-1] if position == "end" else frames[len(frames) // 2]
                x, s0, s1 = stretch_vowel(x, c, extra_s=extra, move_semitones=move, rng=rng)
                marks.append({"word": chunk[j], "position": position, "start": s0, "end": s1,
                              "added_s": round(extra, 3), "move_semitones": round(move, 2)})
        rendered.append(x)
        held.append(marks)

    track = _Track()
    pauses, text_words, lengthened = [], [], []
    track.silence(rng.uniform(0.3, 0.6))
    level = speech_rms(np.concatenate([r for r in rendered if r is not None]))
    for i, (kind, chunk) in enumerate(pieces):
        if kind == "chunk":
            text_words.extend(chunk)
            for m in held[i]:
                lengthened.append({**m, "start": round(track.t + m["start"] / SR, 3),
                                   "end": round(track.t + m["end"] / SR, 3)})
            track.add(rendered[i] / level * 0.1)
            continue
        track.gap(kind, rng, pauses)
    track.silence(rng.uniform(0.3, 0.6))
    x = track.finish(rng, noise_snr)
    text = " ".join(text_words)
    meta = {
        "name": name, "language": lang, "split": split, "kind": "fluent", "drawl": True, "slow": slow,
        "voice": voice, "pitch": pitch, "rate": rate, "noise_snr_db": noise_snr, "duration_s": round(len(x) / SR, 3),
        "text": text, "word_count": len(text_words),
        "syllable_count": sum(count_syllables(w, lang) for w in text_words),
        "fillers": [], "pauses": pauses, "lengthened": lengthened,
    }
    return x.astype(np.float32), meta


LICENCE = "generated here from espeak-ng (GPL-3 program; its output is not covered) and numpy; CC0 / public domain"


def out_folder(doc: str, default: Path) -> Path:
    """The ``--out`` folder of a generator script (``doc``: its docstring, for ``--help``), its ``audio/`` made."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--out", type=Path, default=default)
    out = ap.parse_args().out
    (out / "audio").mkdir(parents=True, exist_ok=True)
    return out


def save_clip(x: np.ndarray, meta: dict, audio_dir: Path) -> dict:
    """Write the clip as 16-bit FLAC ``audio_dir/<name>.flac`` and add its path and SHA-256 to ``meta``."""
    path = audio_dir / f"{meta['name']}.flac"
    sf.write(path, x, SR, subtype="PCM_16")
    meta["audio"] = f"audio/{path.name}"
    meta["sha256"] = hashlib.sha256(sf.read(path, dtype="int16")[0].tobytes()).hexdigest()
    return meta


def write_manifest(out: Path, clips: list[dict], *, script: str, seed: int) -> None:
    """``out/manifest.json``: what made the clips, their licence and every clip's entry."""
    manifest = {"made_with": espeak_version(), "seed": seed, "script": script, "licence": LICENCE, "clips": clips}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--only", help="make only clips whose name starts with this")
    args = ap.parse_args()
    audio_dir = args.out / "audio"
    audio_dir.mkdir(parents=True, exist_ok=True)
    clips = []
    for lang in ("en", "id"):
        rng = np.random.default_rng([SEED, 0 if lang == "en" else 1])
        kinds = (["fill"] * FILLER_CLIPS_PER_LANG + ["fluent"] * (FLUENT_CLIPS_PER_LANG + EXTRA_FLUENT_CLIPS_PER_LANG)
                 + ["drawl"] * DRAWL_CLIPS_PER_LANG + ["short"] * SHORT_CLIPS_PER_LANG
                 + ["more_fluent"] * MORE_FLUENT_CLIPS_PER_LANG)
        for i, kind in enumerate(kinds):
            name = f"{lang}_{'fluent' if kind == 'more_fluent' else kind}_{i:03d}"
            split = "dev" if i % 2 == 0 else "test"
            clip_rng = np.random.default_rng([SEED, 0 if lang == "en" else 1, i])
            if args.only and not name.startswith(args.only):
                continue
            if kind == "drawl":
                x, meta = make_drawl_clip(name, lang, rng=clip_rng, split=split)
            else:
                x, meta = make_clip(name, lang, with_fillers=kind in ("fill", "short"), rng=clip_rng, split=split,
                                    filler_s=SHORT_FILLER_S if kind == "short" else FILLER_S,
                                    texts=MORE_TEXTS if kind == "more_fluent" else TEXTS)
            if kind == "short":
                meta["short"] = True
            if kind == "more_fluent":
                meta["more_texts"] = True
            clips.append(save_clip(x, meta, audio_dir))
            print(f"{name} {meta['split']:<4} {meta['voice']:<9} {meta['duration_s']:6.1f} s "
                  f"{len(meta['fillers'])} fillers, noise {meta['noise_snr_db']}", flush=True)
        del rng
    if not args.only:
        write_manifest(args.out, clips, script="scripts/make_filler_set.py", seed=SEED)
    n = {lang: sum(len(c["fillers"]) for c in clips if c["language"] == lang) for lang in ("en", "id")}
    print(f"fillers: {n}")


if __name__ == "__main__":
    main()
