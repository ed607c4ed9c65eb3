"""Interface strings in Bahasa Indonesia (default) and English, and friendly texts for errors and notices.

Language is always passed in (``t("scores", "en")``): there is no global language state. A key
missing from English falls back to Indonesian, and a key missing everywhere is shown as itself so
a typo is visible instead of crashing a page.
"""

from __future__ import annotations

from ..report.dimensions import DIMENSION_KEYS  # re-exported: the registry's keys

__all__ = ["DEFAULT_LANG", "DIMENSION_KEYS", "LANGUAGES", "STRINGS", "error_message", "notice_message", "t"]

DEFAULT_LANG = "id"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

_ID: dict[str, str] = {
    # navigation and common
    "app_title": "Wicara: pelatih berbicara di depan umum",
    "nav_practice": "Latihan",
    "nav_report": "Laporan",
    "nav_progress": "Kemajuan",
    "nav_about": "Tentang & Pengaturan",
    "ui_language": "Bahasa antarmuka",
    "you_are": "Anda: **{name}** · kelompok **{cohort}**",
    "change_identity": "Ganti peserta",
    "identity_title": "Siapa Anda?",
    "identity_help": "Tulis nama dan kode kelompok pelatihan Anda. Latihan Anda disimpan atas nama ini.",
    "cohort_code": "Kode kelompok",
    "your_name": "Nama Anda",
    "existing_people": "Atau pilih nama yang sudah ada di kelompok ini",
    "new_person": "(nama baru)",
    "start": "Mulai",
    "identity_missing": "Isi nama dan kode kelompok.",
    "need_identity": "Masuk dulu di halaman Latihan.",
    # practice
    "practice_title": "Latihan",
    "practice_intro": "Rekam atau unggah pidato Anda. Wicara mendengarkan tempo, kata pengisi, jeda, "
                      "variasi suara, kejelasan, pesan kunci dan fokus pada publik.",
    "exercise": "Latihan",
    "free_practice": "Latihan bebas",
    "speech_language": "Bahasa pidato",
    "lang_id": "Bahasa Indonesia",
    "lang_en": "Inggris",
    "lang_auto": "Otomatis (Indonesia/Inggris)",
    "key_messages": "Pesan kunci (maksimal 3, boleh kosong)",
    "key_message_n": "Pesan kunci {n}",
    "tab_record": ":material/mic: Rekam",
    "tab_upload": ":material/upload_file: Unggah berkas",
    "record_label": "Rekam pidato Anda",
    "upload_label": "Unggah rekaman (wav, mp3, m4a, ogg, webm, flac)",
    "analyse": "Analisis",
    "no_audio": "Rekam atau unggah pidato dulu.",
    "queue_position": "Menunggu giliran: ada {n} analisis di depan Anda. Halaman lain tetap bisa dibuka.",
    "queue_position_one": "Menunggu giliran: ada 1 analisis di depan Anda. Halaman lain tetap bisa dibuka.",
    "queue_starting": "Analisis dimulai…",
    "loading_model": "Memuat model pengenal suara (sekali per server)…",
    "stage_transcribe": "Mentranskripsi: {done:.0f} dari {total:.0f} detik",
    "stage_analyse": "Menganalisis: langkah {done:.0f} dari {total:.0f}",
    "stage_saving": "Menyimpan…",
    "analysis_done": "Selesai. Laporan tersimpan.",
    "analysis_failed": "Analisis gagal",
    "unexpected_error": "Terjadi kesalahan yang tidak terduga. Coba lagi; jika terus terjadi, hubungi pelatih Anda.",
    "error_detail": "Rincian teknis",
    "open_report": "Buka di halaman Laporan",
    # report
    "report_title": "Laporan",
    "choose_attempt": "Pilih rekaman",
    "no_attempts": "Belum ada rekaman. Mulai di halaman Latihan.",
    "attempt_label": "#{id} · {date} · {exercise} · skor {score}",
    "overall": "Skor keseluruhan",
    "scores": "Skor per aspek",
    "not_scored": "—",
    "tips": "Saran",
    "no_tips": "Tidak ada saran khusus: semua aspek sudah baik. Pertahankan!",
    "moments": "Momen: {times}",
    "drill": "Latihan yang disarankan: {drill}",
    "timeline": "Lini masa rekaman",
    "timeline_help": "Tempo per jendela, nada dan kenyaringan; penanda untuk kata pengisi, jeda panjang dan "
                     "nada datar. "
                     "Arahkan kursor untuk rinciannya.",
    "transcript": "Transkrip",
    "transcript_legend": "<mark>kata pengisi</mark> · <span class=\"wicara-pause\">jeda panjang</span>",
    "pause_word": "jeda",
    "play_from": "Putar dari momen",
    "from_start": "Dari awal",
    "audio_missing": "Rekaman audio tidak tersedia.",
    "thresholds": "ambang dan sumbernya",
    "why_scores": "Dari mana skor ini?",
    "rules_heading": "Ambang dalam pedoman, dan sumbernya",
    "threshold_rule": "Aturan",
    "threshold_value": "Nilai",
    "threshold_source": "Sumber",
    "warnings": "Perhatian",
    "details": "Angka terukur",
    "duration": "Durasi",
    "language": "Bahasa",
    "words_per_minute": "kata/menit",
    # moment kinds
    "kind_filler": "kata pengisi",
    "kind_filler_burst": "rentetan kata pengisi",
    "kind_long_pause": "jeda panjang",
    "kind_monotone": "nada datar",
    "kind_pace_fast": "terlalu cepat",
    "kind_pace_slow": "terlalu lambat",
    "kind_no_comment": "“tidak ada komentar”",
    "kind_skipped_speech": "ucapan terlewat",
    "kind_tip": "saran",
    # dimensions
    "dim_pace": "Tempo",
    "dim_fillers": "Kata pengisi",
    "dim_pauses": "Jeda",
    "dim_variety": "Variasi suara",
    "dim_clarity": "Kejelasan",
    "dim_messages": "Pesan kunci",
    "dim_public": "Fokus publik",
    "dim_timing": "Ketepatan waktu",
    "dim_overall": "Keseluruhan",
    # chart labels
    "chart_time": "Waktu (detik)",
    "chart_pace": "Tempo (kata/menit)",
    "chart_pitch": "Nada (Hz)",
    "chart_loudness": "Kenyaringan (dBFS)",
    "chart_band": "Rentang sasaran",
    "chart_fillers": "Kata pengisi",
    "chart_long_pauses": "Jeda panjang",
    "chart_monotone": "Nada datar",
    "chart_score": "Skor",
    "chart_attempt": "Rekaman",
    # progress
    "progress_title": "Kemajuan",
    "filter_exercise": "Saring menurut latihan",
    "all_exercises": "Semua latihan",
    "trend": "Tren skor per aspek",
    "bests": "Skor terbaik pribadi",
    "first_vs_latest": "Pertama dibanding terakhir",
    "first": "Pertama",
    "latest": "Terakhir",
    "attempt_count": "{n} rekaman",
    "attempt_count_one": "1 rekaman",
    "need_two": "Rekam sekali lagi untuk melihat perbandingan.",
    # about
    "about_title": "Tentang & Pengaturan",
    "about_intro": "Wicara adalah pelatih berbicara di depan umum yang berjalan sepenuhnya di komputer ini: "
                   "rekaman Anda tidak dikirim ke mana pun.",
    "model_in_use": "Model pengenal suara",
    "engine": "Mesin",
    "data_dir": "Tempat data disimpan",
    "database": "Basis data",
    "concurrency": "Analisis bersamaan di aplikasi",
    "what_we_measure": "Apa yang diukur Wicara, dan mengapa",
    "guidelines_note": "Setiap ambang ada di berkas pedoman beserta sumbernya; pelatih dapat memakai berkas sendiri "
                       "(WICARA_GUIDELINES_FILE).",
    "why_pace": "Kata per menit tiap 30 detik, dibanding rentang yang nyaman didengar untuk bahasa itu.",
    "why_fillers": "“eh”, “emm”, “jadi”, “um”: dari transkrip dan dari suara. Sedikit itu wajar; yang "
                   "mengganggu adalah "
                   "yang rapat berurutan.",
    "why_pauses": "Jeda di akhir kalimat membantu pendengar; jeda panjang di tengah kalimat terdengar ragu.",
    "why_variety": "Naik-turun nada menjaga perhatian; nada datar terdengar membosankan.",
    "why_clarity": "Kalimat pendek dan singkatan yang dijelaskan lebih mudah dipahami warga.",
    "why_messages": "Pesan kunci disebut, tujuan di awal, ajakan bertindak di akhir.",
    "why_public": "Bicara tentang manfaat bagi warga, bukan citra instansi; hindari “tidak ada komentar”.",
    "why_timing": "Selesai dalam waktu yang ditentukan latihan (±{tolerance} %).",
}

_EN: dict[str, str] = {
    "app_title": "Wicara: public-speaking coach",
    "nav_practice": "Practice",
    "nav_report": "Report",
    "nav_progress": "Progress",
    "nav_about": "About & Settings",
    "ui_language": "Interface language",
    "you_are": "You: **{name}** · cohort **{cohort}**",
    "change_identity": "Switch participant",
    "identity_title": "Who are you?",
    "identity_help": "Enter your name and your training cohort's code. Your attempts are kept under this name.",
    "cohort_code": "Cohort code",
    "your_name": "Your name",
    "existing_people": "Or pick a name already in this cohort",
    "new_person": "(new name)",
    "start": "Start",
    "identity_missing": "Enter a name and a cohort code.",
    "need_identity": "Sign in on the Practice page first.",
    "practice_title": "Practice",
    "practice_intro": "Record or upload your speech. Wicara listens for pace, fillers, pauses, vocal variety, "
                      "clarity, key messages and focus on the public.",
    "exercise": "Exercise",
    "free_practice": "Free practice",
    "speech_language": "Speech language",
    "lang_id": "Indonesian",
    "lang_en": "English",
    "lang_auto": "Automatic (Indonesian/English)",
    "key_messages": "Key messages (up to 3, optional)",
    "key_message_n": "Key message {n}",
    "tab_record": ":material/mic: Record",
    "tab_upload": ":material/upload_file: Upload a file",
    "record_label": "Record your speech",
    "upload_label": "Upload a recording (wav, mp3, m4a, ogg, webm, flac)",
    "analyse": "Analyse",
    "no_audio": "Record or upload a speech first.",
    "queue_position": "Waiting for your turn: {n} analyses ahead of you. Other pages stay usable.",
    "queue_position_one": "Waiting for your turn: 1 analysis ahead of you. Other pages stay usable.",
    "queue_starting": "Analysis starting…",
    "loading_model": "Loading the speech-recognition model (once per server)…",
    "stage_transcribe": "Transcribing: {done:.0f} of {total:.0f} seconds",
    "stage_analyse": "Analysing: step {done:.0f} of {total:.0f}",
    "stage_saving": "Saving…",
    "analysis_done": "Done. The report is saved.",
    "analysis_failed": "Analysis failed",
    "unexpected_error": "Something unexpected went wrong. Try again; if it keeps happening, tell your trainer.",
    "error_detail": "Technical detail",
    "open_report": "Open on the Report page",
    "report_title": "Report",
    "choose_attempt": "Choose a recording",
    "no_attempts": "No recordings yet. Start on the Practice page.",
    "attempt_label": "#{id} · {date} · {exercise} · score {score}",
    "overall": "Overall score",
    "scores": "Scores by dimension",
    "not_scored": "—",
    "tips": "Tips",
    "no_tips": "No specific tips: every dimension is good. Keep it up!",
    "moments": "Moments: {times}",
    "drill": "Suggested exercise: {drill}",
    "timeline": "Recording timeline",
    "timeline_help": "Pace per window, pitch and loudness; markers for fillers, long pauses and flat stretches. "
                     "Hover for details.",
    "transcript": "Transcript",
    "transcript_legend": "<mark>filler</mark> · <span class=\"wicara-pause\">long pause</span>",
    "pause_word": "pause",
    "play_from": "Play from a moment",
    "from_start": "From the start",
    "audio_missing": "The audio recording is not available.",
    "thresholds": "thresholds and sources",
    "why_scores": "Where the scores come from",
    "rules_heading": "Thresholds in the guidelines, and their sources",
    "threshold_rule": "Rule",
    "threshold_value": "Value",
    "threshold_source": "Source",
    "warnings": "Please note",
    "details": "Measurements",
    "duration": "Duration",
    "language": "Language",
    "words_per_minute": "words/min",
    "kind_filler": "filler",
    "kind_filler_burst": "burst of fillers",
    "kind_long_pause": "long pause",
    "kind_monotone": "flat pitch",
    "kind_pace_fast": "too fast",
    "kind_pace_slow": "too slow",
    "kind_no_comment": "“no comment”",
    "kind_skipped_speech": "skipped speech",
    "kind_tip": "tip",
    "dim_pace": "Pace",
    "dim_fillers": "Fillers",
    "dim_pauses": "Pauses",
    "dim_variety": "Vocal variety",
    "dim_clarity": "Clarity",
    "dim_messages": "Key messages",
    "dim_public": "Public focus",
    "dim_timing": "Timing",
    "dim_overall": "Overall",
    "chart_time": "Time (seconds)",
    "chart_pace": "Pace (words/min)",
    "chart_pitch": "Pitch (Hz)",
    "chart_loudness": "Loudness (dBFS)",
    "chart_band": "Target band",
    "chart_fillers": "Fillers",
    "chart_long_pauses": "Long pauses",
    "chart_monotone": "Flat pitch",
    "chart_score": "Score",
    "chart_attempt": "Attempt",
    "progress_title": "Progress",
    "filter_exercise": "Filter by exercise",
    "all_exercises": "All exercises",
    "trend": "Score trend per dimension",
    "bests": "Personal bests",
    "first_vs_latest": "First against latest",
    "first": "First",
    "latest": "Latest",
    "attempt_count": "{n} attempts",
    "attempt_count_one": "1 attempt",
    "need_two": "Record once more to see a comparison.",
    "about_title": "About & Settings",
    "about_intro": "Wicara is a public-speaking coach that runs entirely on this computer: your recordings "
                   "are not sent anywhere.",
    "model_in_use": "Speech-recognition model",
    "engine": "Engine",
    "data_dir": "Where data is kept",
    "database": "Database",
    "concurrency": "Analyses the app runs at once",
    "what_we_measure": "What Wicara measures, and why",
    "guidelines_note": "Every threshold is in the guidelines file with its source; trainers can use their own file "
                       "(WICARA_GUIDELINES_FILE).",
    "why_pace": "Words per minute in every 30 s, against the band that is comfortable to follow in that language.",
    "why_fillers": "“um”, “uh”, “eh”, “like”: from the transcript and from the sound. A few are natural; "
                   "bursts distract.",
    "why_pauses": "Pauses at sentence ends help listeners; long pauses mid-sentence sound hesitant.",
    "why_variety": "Rising and falling pitch holds attention; a flat voice sounds dull.",
    "why_clarity": "Short sentences and explained acronyms are easier for the public to follow.",
    "why_messages": "Key messages said, purpose stated early, a call to action at the end.",
    "why_public": "Talk about the benefit to the public, not the agency's image; never say “no comment”.",
    "why_timing": "Finish within the exercise's time (±{tolerance} %).",
}

# Media-relations practice and the trainer workspace (sign-in, dashboard, review, assignments,
# accounts) keep their strings in their own modules.
from .jobs import JOBS_EN, JOBS_ID  # noqa: E402
from .media import MEDIA_EN, MEDIA_ID  # noqa: E402
from .report import REPORT_EN, REPORT_ID  # noqa: E402
from .workspace import WORKSPACE_EN, WORKSPACE_ID  # noqa: E402

_ID.update(MEDIA_ID)
_ID.update(JOBS_ID)
_ID.update(WORKSPACE_ID)
_ID.update(REPORT_ID)
_EN.update(MEDIA_EN)
_EN.update(JOBS_EN)
_EN.update(WORKSPACE_EN)
_EN.update(REPORT_EN)
STRINGS: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The interface text ``key`` in ``lang`` ("id" or "en"), formatted with ``values``."""
    strings = STRINGS.get(lang, _ID)
    if values.get("n") == 1 and f"{key}_one" in strings:  # English singular ("1 attempt"); Indonesian has none
        key = f"{key}_one"
    text = strings.get(key) or _ID.get(key) or key
    return text.format(**values) if values else text


# Keyed by class name, nearest first along the MRO, so a new subclass gets its parent's text.
_ERRORS: dict[str, dict[str, str]] = {
    "UnreadableAudioError": {
        "id": "Berkas ini tidak bisa dibaca sebagai audio. Unggah rekaman wav, mp3, m4a, ogg, webm atau flac, "
              "atau rekam langsung di sini.",
        "en": "This file cannot be read as audio. Upload a wav, mp3, m4a, ogg, webm or flac recording, "
              "or record here directly.",
    },
    "TooShortError": {
        "id": "Rekaman terlalu pendek. Bicaralah minimal beberapa detik, lalu coba lagi.",
        "en": "The recording is too short. Speak for at least a few seconds, then try again.",
    },
    "TooLongError": {
        "id": "Rekaman terlalu panjang untuk server ini. Potong menjadi bagian yang lebih pendek.",
        "en": "The recording is too long for this server. Split it into shorter parts.",
    },
    "NotSpeechError": {
        "id": "Tidak terdengar ucapan: rekaman berisi nada, dengung, musik atau derau, bukan suara orang berbicara. "
              "Rekam suara Anda berbicara, dekat dengan mikrofon.",
        "en": "No speech was heard: the recording holds a tone, hum, music or noise, not a voice. "
              "Record yourself speaking, close to the microphone.",
    },
    "NoSpeechError": {
        "id": "Tidak terdengar ucapan dalam rekaman. Periksa mikrofon, bicara lebih dekat, dan pastikan "
              "bahasa pidato sudah benar.",
        "en": "No speech was heard in the recording. Check the microphone, speak closer to it, and make sure "
              "the speech language is right.",
    },
    "AudioError": {
        "id": "Rekaman ini tidak bisa dianalisis. Coba rekam ulang.",
        "en": "This recording cannot be analysed. Try recording again.",
    },
    "ModelNotAvailableError": {
        "id": "Model pengenal suara tidak tersedia di komputer ini. Minta pengelola memasang model atau memakai "
              "model bawaan (base).",
        "en": "The speech-recognition model is not on this computer. Ask the administrator to install it or "
              "use the bundled model (base).",
    },
    "MissingExtraError": {
        "id": "Mesin pengenal suara yang dipilih belum terpasang. Minta pengelola memasangnya.",
        "en": "The chosen speech-recognition engine is not installed. Ask the administrator to install it.",
    },
    "ModelError": {
        "id": "Model pengenal suara tidak bisa dimuat. Hubungi pengelola.",
        "en": "The speech-recognition model cannot be loaded. Contact the administrator.",
    },
    "ConfigError": {
        "id": "Pengaturan server tidak valid. Hubungi pengelola.",
        "en": "A server setting is invalid. Contact the administrator.",
    },
    "ExerciseError": {
        "id": "Berkas latihan ini rusak. Pilih latihan lain atau latihan bebas.",
        "en": "This exercise file is broken. Choose another exercise or free practice.",
    },
    "StoreError": {
        "id": "Rekaman tidak bisa disimpan atau dibaca. Coba lagi; jika terus terjadi, hubungi pengelola.",
        "en": "The attempt could not be saved or read. Try again; if it keeps happening, contact the administrator.",
    },
    "QueueFullError": {
        "id": "Rekaman Anda yang menunggu analisis sudah mencapai batas. Tunggu sampai satu selesai, lalu kirim lagi.",
        "en": "You have as many recordings waiting for analysis as allowed. Wait until one is done, then submit again.",
    },
    "PermissionDeniedError": {
        "id": "Anda tidak punya izin untuk itu. Masuk dengan akun yang berwenang.",
        "en": "You are not allowed to do that. Sign in with an account that is.",
    },
    "ThrottledError": {
        "id": "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {wait}, atau minta pelatih "
              "mengatur ulang PIN Anda.",
        "en": "Too many failed sign-in attempts. Try again in {wait_en}, or ask your trainer to reset your PIN.",
    },
    "WeakSecretError": {
        "id": "{what_id} ini terlalu mudah ditebak. PIN: minimal 6 angka, bukan angka berulang atau berurutan "
              "(seperti 111111 atau 123456). Kata sandi: minimal 8 karakter.",
        "en": "This {what_en} is too easy to guess. PIN: at least 6 digits, not repeated or sequential "
              "(like 111111 or 123456). Password: at least 8 characters.",
    },
    "NameTakenError": {
        "id": "Nama ini sudah dipakai orang lain di kelompok ini dengan PIN berbeda. Jika ini Anda, periksa "
              "PIN Anda; jika bukan, tambahkan nama belakang atau inisial.",
        "en": "Someone in this cohort already uses this name with another PIN. If it is you, check your PIN; "
              "if not, add your surname or an initial.",
    },
    "ClaimNeededError": {
        "id": "Nama ini didaftarkan oleh pelatih Anda. Minta PIN pertama Anda kepada pelatih, lalu masuk "
              "dengan PIN itu.",
        "en": "Your trainer added this name. Ask your trainer for your first PIN, then sign in with it.",
    },
    "SessionExpiredError": {
        "id": "Sesi Anda sudah berakhir. Silakan masuk lagi.",
        "en": "Your session has ended. Please sign in again.",
    },
    "QuotaError": {
        "id": "Batas harian tercapai: {limit} rekaman per hari untuk belajar mandiri. Coba lagi besok.",
        "en": "Daily limit reached: {limit} recordings a day for self-study. Try again tomorrow.",
    },
    "AuthError": {
        "id": "Gagal masuk. Periksa nama, kode kelompok dan kata sandi atau PIN Anda.",
        "en": "Sign-in failed. Check your name, cohort code and password or PIN.",
    },
    "PressReleaseError": {
        "id": "Teks siaran pers ini tidak bisa dibaca. Tempel teksnya, atau unggah berkas teks biasa (.txt, UTF-8).",
        "en": "This press release cannot be read. Paste its text, or upload a plain-text file (.txt, UTF-8).",
    },
    "WicaraError": {
        "id": "Terjadi masalah saat menganalisis. Coba lagi.",
        "en": "Something went wrong during the analysis. Try again.",
    },
}


def error_message(error: BaseException, lang: str = DEFAULT_LANG) -> str:
    """A friendly message for ``error``: the text of its nearest class in the WicaraError tree."""
    for cls in type(error).__mro__:
        texts = _ERRORS.get(cls.__name__) if cls.__module__ == "coach.errors" else None
        if texts:
            text = texts.get(lang) or texts["id"]
            params = getattr(error, "params", None)
            return text.format(**params) if params else text
    return t("unexpected_error", lang)


_NOTICES: dict[str, dict[str, str]] = {
    "clipping": {
        "id": "Sebagian rekaman terpotong karena terlalu keras: mundur sedikit dari mikrofon atau kecilkan penguatnya.",
        "en": "Part of the recording is clipped (too loud): move back from the microphone or lower its gain.",
    },
    "sounds_like_en": {
        "id": "Ucapan ini terdengar seperti bahasa Inggris, tetapi dianalisis sebagai bahasa Indonesia: transkrip "
              "dan nilainya tidak dapat dipercaya. Analisis ulang sebagai bahasa Inggris.",
        "en": "This speech sounds like English but was analysed as Indonesian: its transcript and scores cannot be "
              "trusted. Analyse it again as English.",
    },
    "sounds_like_id": {
        "id": "Ucapan ini terdengar seperti bahasa Indonesia, tetapi dianalisis sebagai bahasa Inggris: transkrip "
              "dan nilainya tidak dapat dipercaya. Analisis ulang sebagai bahasa Indonesia.",
        "en": "This speech sounds like Indonesian but was analysed as English: its transcript and scores cannot be "
              "trusted. Analyse it again as Indonesian.",
    },
    "no_words": {
        "id": "Ada ucapan, tetapi pengenal suara tidak menghasilkan kata. Tempo, jeda dan variasi suara diukur dari "
              "sinyal; kata pengisi, kejelasan, pesan kunci dan fokus publik tidak dinilai. Periksa pilihan bahasa "
              "(id atau en) atau pakai model yang lebih besar (WICARA_MODEL=small).",
        "en": "Speech was heard but the recogniser returned no words. Pace, pauses and vocal variety are measured "
              "from the signal; fillers, clarity, key messages and public focus are not scored. Check the language "
              "setting (id or en) or use a larger model (WICARA_MODEL=small).",
    },
    "mostly_silence": {
        "id": "Sebagian besar rekaman hening, hanya beberapa kata yang terdengar: nilai ini bukan nilai sebuah "
              "pidato. Rekam seluruh pidato atau potong bagian yang hening.",
        "en": "Most of the recording is silence around a few words: these scores do not describe a talk. "
              "Record the whole speech or trim the silence.",
    },
    "pace_from_signal": {
        "id": "Tempo dihitung dari suku kata yang terdengar dalam sinyal, bukan dari transkrip, karena pengenal "
              "suara ragu atau transkripnya kehilangan banyak suku kata.",
        "en": "Pace is measured from the syllables heard in the signal, not from the transcript, because the "
              "recogniser was unsure or its transcript lost many syllables.",
    },
    "skipped_speech": {
        "id": "Ucapan dari {start} sampai {end} tidak menghasilkan kata: pengenal suara mungkin melewatinya. "
              "Periksa transkrip di bagian itu.",
        "en": "Speech from {start} to {end} came back without words: the recogniser may have skipped it. "
              "Check the transcript there.",
    },
}


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    m, s = divmod(round(seconds), 60)
    return f"{m}:{s:02d}"


def notice_message(code: str, lang: str = DEFAULT_LANG, *, start: float | None = None,
                   end: float | None = None, fallback: str = "") -> str:
    """The friendly text of a :class:`~coach.types.Notice` code; unknown codes show ``fallback``."""
    texts = _NOTICES.get(code)
    if not texts:
        return fallback or code
    return (texts.get(lang) or texts["id"]).format(start=_clock(start), end=_clock(end))
