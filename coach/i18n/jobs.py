"""Interface strings of the analysis queue (waiting, progress, finished analyses), in both languages.

Merged into :data:`coach.i18n.STRINGS`; kept apart so coach/i18n/__init__.py stays small.
"""

from __future__ import annotations

__all__ = ["JOBS_EN", "JOBS_ID"]

JOBS_ID: dict[str, str] = {
    "queue_next": "Menunggu giliran: Anda berikutnya.",
    "jobs_title": "Analisis Anda",
    "jobs_caption": "Rekaman Anda tersimpan dan menunggu dianalisis; halaman ini memperbarui diri. Anda boleh "
                    "menutupnya dan kembali nanti.",
    "job_kind_doorstop": "Jawaban doorstop",
    "job_kind_practice": "Latihan",
    "job_kind_import": "Impor",
    "job_sent": "{what}, dikirim {time}",
    "job_report_ready": "Laporan siap",
    "queue_where": "Antrean analisis",
    "job_heard_so_far": "Terdengar sejauh ini: “{text}”",
}

JOBS_EN: dict[str, str] = {
    "queue_next": "Waiting for your turn: you are next.",
    "jobs_title": "Your analyses",
    "jobs_caption": "Your recordings are saved and waiting to be analysed; this page updates itself. You may close "
                    "it and come back later.",
    "job_kind_doorstop": "Doorstop answer",
    "job_kind_practice": "Practice",
    "job_kind_import": "Import",
    "job_sent": "{what}, sent {time}",
    "job_report_ready": "Report ready",
    "queue_where": "Analysis queue",
    "job_heard_so_far": "Heard so far: “{text}”",
}
