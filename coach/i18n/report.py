"""Plain-word names of the measurements shown under "Dari mana skor ini?" (merged into :mod:`coach.i18n`).

Keyed ``m_<section>_<field>`` after the report's JSON (``pace.words_per_minute`` → ``m_pace_words_per_minute``).
"""

from __future__ import annotations

_FIELDS = {
    # section.field: (Bahasa Indonesia, English)
    "pace.words_per_minute": ("Kata per menit", "Words per minute"),
    "pace.syllables_per_second": ("Suku kata per detik", "Syllables per second"),
    "pace.articulation_rate": ("Kecepatan artikulasi (suku kata per detik tanpa jeda)",
                               "Articulation rate (syllables per second, pauses taken out)"),
    "pace.signal_syllables_per_second": ("Suku kata per detik, diukur dari sinyal suara",
                                         "Syllables per second, measured from the sound"),
    "pace.rate_basis": ("Tempo dinilai dari", "Pace judged from"),
    "pace.verdict_words_per_minute": ("Kata per menit yang dinilai", "Words per minute judged"),
    "pace.share_in_band": ("Bagian waktu dalam rentang tempo yang baik", "Share of time within the good pace band"),
    "pace.verdict": ("Penilaian tempo", "Pace verdict"),
    "fillers.count": ("Jumlah kata pengisi", "Fillers"),
    "fillers.per_100_words": ("Kata pengisi per 100 kata", "Fillers per 100 words"),
    "fillers.per_minute": ("Kata pengisi per menit", "Fillers per minute"),
    "fillers.repetitions": ("Kata yang diulang", "Repeated words"),
    "fillers.restarts": ("Kalimat yang diulang dari awal", "Restarted phrases"),
    "pauses.count": ("Jumlah jeda", "Pauses"),
    "pauses.total_pause_s": ("Total waktu jeda (detik)", "Total pause time (s)"),
    "pauses.sentence_pauses_in_range_share": ("Jeda antarkalimat yang panjangnya pas",
                                              "Sentence pauses of a good length"),
    "pauses.long_clause_count": ("Jeda panjang di tengah kalimat", "Long pauses inside sentences"),
    "pauses.very_long_count": ("Jeda sangat panjang", "Very long pauses"),
    "prosody.pitch_mean_hz": ("Rata-rata nada suara (Hz)", "Mean pitch (Hz)"),
    "prosody.pitch_sd_semitones": ("Variasi nada (semiton)", "Pitch variation (semitones)"),
    "prosody.pitch_range_semitones": ("Rentang nada (semiton)", "Pitch range (semitones)"),
    "prosody.pvq": ("Hasil bagi variasi nada (PVQ)", "Pitch variation quotient (PVQ)"),
    "prosody.loudness_mean_dbfs": ("Rata-rata kekerasan suara (dBFS)", "Mean loudness (dBFS)"),
    "prosody.too_quiet": ("Terlalu pelan", "Too quiet"),
    "clarity.sentence_count": ("Jumlah kalimat", "Sentences"),
    "clarity.sentence_words_mean": ("Rata-rata kata per kalimat", "Mean words per sentence"),
    "clarity.sentence_words_longest": ("Kalimat terpanjang (kata)", "Longest sentence (words)"),
    "clarity.unexplained_acronyms": ("Singkatan tanpa kepanjangan", "Acronyms not spelled out"),
    "clarity.hedges_per_100_words": ("Kata ragu per 100 kata", "Hedges per 100 words"),
    "messages.purpose_in_opening": ("Tujuan disebut di awal", "Purpose stated in the opening"),
    "messages.call_to_action": ("Ajakan bertindak di akhir", "Call to action at the end"),
    "messages.main_message_early": ("Pesan utama disampaikan lebih awal", "Main message early"),
    "public.audience_words": ("Kata untuk publik (warga, Anda…)", "Words for the public (residents, you…)"),
    "public.self_words": ("Kata tentang diri/instansi (kami, dinas…)", "Words about yourself or the agency"),
    "public.audience_share": ("Porsi kata untuk publik", "Share of words for the public"),
    "public.public_benefit": ("Manfaat bagi publik", "Public benefit"),
    "public.invitation": ("Ajakan berpartisipasi", "Invitation to take part"),
    "public.no_comment": ("\u201cTidak ada komentar\u201d", "\u201cNo comment\u201d"),
    "timing.target_s": ("Target durasi (detik)", "Target length (s)"),
    "timing.duration_s": ("Durasi (detik)", "Length (s)"),
}
_VALUES = {
    "yes": ("ya", "yes"), "no": ("tidak", "no"),
    "slow": ("lambat", "slow"), "good": ("baik", "good"), "fast": ("cepat", "fast"),
    "transcript": ("transkrip", "transcript"), "signal": ("sinyal suara", "the sound signal"),
}

REPORT_ID = {f"m_{k.replace('.', '_')}": v[0] for k, v in _FIELDS.items()} | {f"v_{k}": v[0] for k, v in _VALUES.items()}
REPORT_EN = {f"m_{k.replace('.', '_')}": v[1] for k, v in _FIELDS.items()} | {f"v_{k}": v[1] for k, v in _VALUES.items()}
