"""Texts of the Whisper-misheard answer set (``scripts/make_misheard_answers.py``), split dev/test.

Written for this project (no outside source; same licence as the project). The split is by
*wording* and *message*, never by clip: a "no comment" wording, an answer frame, a key message or a
hard negative sentence is in dev or in test, with every voice and recording condition it was
rendered under.

- ``NO_COMMENT``: every wording of ``public.no_comment`` (``coach/lang/<lang>.toml``) put into
  answer frames of three kinds: it opens the answer, it follows an introduction, or words follow it
  in the same clause ("... untuk saat ini", "... at this stage"). Wordings alternate dev/test; each
  split has its own frames.
- ``MESSAGES``: 16 key messages (12 id, 4 en), each with supporting sentences (the first two are
  used). The *lead* answer says the key message first, the *buried* one says it last.
- ``HARD_NEGATIVES``: sentences that do not say "no comment" but come close in letters or meaning
  ("Apa ada komentar?", "Tidak ada masalah", "No problem", "without comment from the minister").
"""

from __future__ import annotations

FRAMES = {  # (lang, split) -> frames; "{nc}" is the wording, capitalised where it opens the answer
    ("id", "dev"): ("{nc}. Silakan tanyakan langsung ke bagian hukum.",
                    "Terima kasih atas pertanyaannya, {nc}. Yang bisa saya sampaikan, posko pengungsian sudah dibuka.",
                    "Maaf, {nc} soal itu. Kami fokus pada penanganan warga terdampak banjir."),
    ("id", "test"): ("{nc}. Nanti kami sampaikan lewat siaran pers.",
                     "Untuk soal anggaran, {nc}. Kami masih menunggu hasil pemeriksaan inspektorat.",
                     "Sekali lagi, {nc} untuk saat ini. Terima kasih."),
    ("en", "dev"): ("{nc}. Please ask the legal department directly.",
                    "Thank you for the question, {nc}. What I can say is that the shelters are open.",
                    "Sorry, {nc} on that. We are focused on the families affected by the flood."),
    ("en", "test"): ("{nc}. We will publish a statement tomorrow.",
                     "On the budget question, {nc}. The audit is still going on.",
                     "Again, {nc} at this stage. Thank you."),
}
FRAMES_PER_WORDING = {"id": 2, "en": 1}

MESSAGES = [  # (lang, split, key message, supporting sentences)
    ("id", "test", "Layanan perizinan keliling gratis untuk pelaku usaha mikro.",
     ("Tim kami datang ke kecamatan setiap hari Selasa dan Kamis.", "Pelaku usaha cukup membawa kartu tanda penduduk.",
      "Jadwal lengkap ada di akun resmi dinas.")),
    ("id", "dev", "Posko pengungsian di balai desa sudah dibuka sejak pagi.",
     ("Petugas kesehatan berjaga selama dua puluh empat jam.", "Dapur umum menyediakan makanan tiga kali sehari.",
      "Warga yang membutuhkan bantuan dapat menghubungi nomor darurat.")),
    ("id", "test", "Vaksinasi campak gratis untuk anak usia sembilan bulan.",
     ("Vaksin tersedia di semua puskesmas.", "Orang tua cukup membawa buku kesehatan anak.",
      "Pelayanan dibuka dari pukul delapan pagi.")),
    ("id", "dev", "Pendaftaran beasiswa daerah dibuka sampai akhir bulan ini.",
     ("Siswa dari keluarga kurang mampu diutamakan.", "Berkas dapat diunggah melalui laman resmi pemerintah kota.",
      "Pengumuman hasil seleksi dilakukan bulan depan.")),
    ("id", "test", "Air bersih dikirim setiap hari ke desa yang terdampak kekeringan.",
     ("Kami menyiapkan sepuluh truk tangki.", "Kepala desa mengatur titik pembagian.",
      "Warga diminta membawa jeriken sendiri.")),
    ("id", "dev", "Jalan lingkar utara ditutup sementara untuk perbaikan jembatan.",
     ("Pengendara dapat memakai jalur alternatif lewat pasar baru.",
      "Petugas lalu lintas berjaga di setiap persimpangan.", "Perbaikan ditargetkan selesai dalam tiga minggu.")),
    ("id", "test", "Pembayaran pajak kendaraan kini bisa dilakukan secara daring.",
     ("Wajib pajak tidak perlu lagi antre di kantor samsat.", "Bukti pembayaran dikirim lewat pesan singkat.",
      "Petugas siap membantu warga yang mengalami kesulitan.")),
    ("id", "dev", "Kartu identitas anak wajib dimiliki sebelum masuk sekolah dasar.",
     ("Pembuatan kartu tidak dipungut biaya.", "Orang tua dapat mengurusnya di kantor kelurahan.",
      "Prosesnya selesai dalam satu hari kerja.")),
    ("id", "test", "Harga beras di pasar tradisional tetap stabil menjelang lebaran.",
     ("Stok di gudang cukup untuk tiga bulan.", "Kami memantau harga setiap pagi.",
      "Operasi pasar digelar jika harga naik.")),
    ("id", "dev", "Pengaduan warga kini dapat disampaikan lewat aplikasi resmi pemerintah daerah.",
     ("Setiap laporan dijawab paling lambat tiga hari.", "Warga dapat melampirkan foto kejadian.",
      "Identitas pelapor kami rahasiakan.")),
    ("id", "test", "Sekolah di zona merah banjir diliburkan selama tiga hari.",
     ("Kegiatan belajar diganti dengan tugas di rumah.", "Guru tetap memantau siswa lewat pesan singkat.",
      "Kami akan mengumumkan jadwal masuk kembali.")),
    ("id", "dev", "Pemeriksaan kesehatan gratis untuk lansia setiap Sabtu di puskesmas.",
     ("Pemeriksaan meliputi tekanan darah dan gula darah.", "Lansia dapat didampingi keluarga.",
      "Kader posyandu membantu pendaftaran.")),
    ("en", "dev", "Free flood insurance is now available for small farmers.",
     ("Farmers can register at the district office.", "The premium is paid by the provincial government.",
      "Claims are processed within two weeks.")),
    ("en", "test", "The northern ring road will be closed for three weeks.",
     ("Drivers can use the route through the new market.", "Traffic officers will guide drivers at every junction.",
      "Work on the bridge starts on Monday.")),
    ("en", "dev", "All public health centres now offer free measles vaccination.",
     ("Parents only need to bring the child's health book.", "The service opens at eight in the morning.",
      "Nurses will also visit remote villages.")),
    ("en", "test", "Residents can now report problems through the official city app.",
     ("Every report is answered within three days.", "Residents can attach photos to a report.",
      "We keep the identity of every reporter private.")),
]

HARD_NEGATIVES = {  # lang -> sentences; they alternate dev/test
    "id": (
        "Apa ada komentar dari warga?", "Tadi ada komentar dari warga soal antrean.",
        "Tidak ada masalah dengan pasokan air.", "Tidak ada kendala di lapangan.",
        "Kami menerima banyak komentar dari masyarakat.", "Komentar warga kami catat satu per satu.",
        "Silakan berkomentar di kanal resmi kami.", "Kami akan menanggapi setiap komentar.",
        "Tidak ada korban jiwa dalam kejadian ini.", "Tidak ada biaya tambahan untuk warga.",
        "Kami tidak bisa berhenti bekerja.", "Saya tidak bisa berkomunikasi dengan warga di sana.",
        "Tidak ada tanggal pasti untuk itu.", "Tidak ada kamar kosong di rumah sakit.",
        "Keputusan itu diumumkan tanpa komentar dari menteri.", "Sampai hari ini tidak ada tanggapan dari warga.",
        "Kami tidak mau berkompromi soal keselamatan.", "Tidak ada komplain dari pedagang.",
        "Saya tidak akan berhenti mendengar warga.", "Ada komentar lain? Silakan.",
    ),
    "en": (
        "Any comments from the floor?", "We read every comment from residents.",
        "There is no charge for the service.", "I can comment on the timeline: the road opens in March.",
        "No problem, we will send the data today.", "We won't compromise on safety.",
        "I have no complaint about the contractor.", "We cannot confirm the number yet.",
        "I'm not going to come to the ceremony.", "No comments were received after the deadline.",
        "The decision was announced without comment from the minister.", "Thank you for your comments.",
        "We have no complaints so far.", "I can't come tomorrow.", "The minister has commented on the plan.",
    ),
}

# Recording conditions: (name, compute type, beam size, noise SNR in dB or None). Each answer is
# rendered in a different voice for each condition.
CONDITIONS = (
    ("clean_int8", "int8", 5, None),
    ("snr20_float32_beam1", "float32", 1, 20.0),
    ("snr10_beam1", "int8", 1, 10.0),
    ("snr5_int8", "int8", 5, 5.0),
)
NEGATIVE_CONDITIONS = ("clean_int8", "snr10_beam1")


def no_comment_conditions(n: int) -> tuple[str, ...]:
    """Two conditions for the n-th "no comment" answer: clean or 20 dB, and 10 or 5 dB, alternating."""
    return (("clean_int8", "snr20_float32_beam1")[n % 2], ("snr10_beam1", "snr5_int8")[(n // 2) % 2])


def message_conditions(n: int) -> tuple[str, ...]:
    """Three conditions for the n-th key-message answer (lead and buried of one message alike)."""
    return (("clean_int8", "snr20_float32_beam1")[(n // 2) % 2], "snr10_beam1", "snr5_int8")


def no_comment_items(wordings: dict[str, list[str]]) -> list[dict]:
    """One item per (wording, frame): id, lang, split, wording, text."""
    items = []
    for lang, ws in wordings.items():
        for w, wording in enumerate(ws):
            split = ("dev", "test")[w % 2]
            frames = FRAMES[(lang, split)]
            for f in range(FRAMES_PER_WORDING[lang]):
                frame = frames[(w // 2 + f) % len(frames)]
                nc = wording[0].upper() + wording[1:] if frame.startswith("{nc}") else wording
                items.append({"id": f"nc_{lang}_{w:02d}_{f}", "lang": lang, "split": split, "wording": wording,
                              "text": frame.format(nc=nc)})
    return items


def message_items() -> list[dict]:
    """Two items per key message (lead and buried): id, lang, split, key, order, text."""
    items = []
    for m, (lang, split, key, others) in enumerate(MESSAGES):
        others = others[:2]  # two supporting sentences: shorter clips, fewer seconds of Whisper
        for order, sentences in (("lead", (key, *others)), ("buried", (*others, key))):
            items.append({"id": f"km_{lang}_{m:02d}_{order}", "lang": lang, "split": split, "key": key.rstrip("."),
                          "order": order, "text": " ".join(sentences)})
    return items


def negative_items() -> list[dict]:
    return [{"id": f"neg_{lang}_{k:02d}", "lang": lang, "split": ("dev", "test")[k % 2], "text": text}
            for lang, texts in HARD_NEGATIVES.items() for k, text in enumerate(texts)]
