"""Shared by the trainer workspace's tests: reports with chosen scores, and a small signed-in world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from coach.workspace import auth, operations as workspace
from coach.store.database import Store
from coach.store.schema import SCORE_DIMENSIONS

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def scored_report(overall: float | None = 70.0, *, language: str = "id", duration_s: float = 60.0,
                  **scores: float | None) -> dict:
    """A report shaped like ``SessionReport.to_dict()``; unnamed dimensions score ``overall``."""
    values = {d: overall for d in SCORE_DIMENSIONS}
    values.update(scores)
    return {"language": language, "duration_s": duration_s, "analysis_version": "1", "engine": "test",
            "exercise_id": None, "transcript": {"text": "Selamat pagi.", "segments": [], "words": []},
            "warnings": [], "scores": values, "tips": [], "timeline": []}


@dataclass
class World:
    """Cohort A (trainer Tia; Budi, Sari), cohort B (trainer Tono; Eko), admin Ada; one attempt each."""

    store: Store
    a: int  # cohort ids
    b: int
    budi: auth.Principal
    sari: auth.Principal
    eko: auth.Principal
    tia: auth.Principal
    tono: auth.Principal
    ada: auth.Principal
    attempts: dict[str, int]  # participant name -> attempt id


def make_world(store: Store) -> World:
    auth.create_account(store, "Ada Admin", login="ada@example.org", password="admin-pass-1", role="admin")
    for name, login in (("Tia Trainer", "tia"), ("Tono Trainer", "tono")):
        auth.create_account(store, name, login=login, password=f"{login}-password")
    tia, tono = auth.sign_in(store, "tia", "tia-password"), auth.sign_in(store, "tono", "tono-password")
    cohort_a = workspace.new_cohort(store, tia, "A", "Angkatan A")
    cohort_b = workspace.new_cohort(store, tono, "B", "Angkatan B")
    tia, tono = auth.load_principal(store, tia.id), auth.load_principal(store, tono.id)
    budi = auth.join_cohort(store, cohort_a.join_code, "Budi", "111928")
    sari = auth.join_cohort(store, cohort_a.join_code, "Sari", "222839")
    eko = auth.join_cohort(store, cohort_b.join_code, "Eko", "333741")
    attempts = {p.name: store.save_attempt(p.id, audio=b"", audio_suffix="", report=scored_report(60.0 + i),
                                           created_at=T0 + timedelta(minutes=i))
                for i, p in enumerate((budi, sari, eko))}
    return World(store=store, a=cohort_a.id, b=cohort_b.id, budi=budi, sari=sari, eko=eko, tia=tia, tono=tono,
                 ada=auth.sign_in(store, "ADA@example.org", "admin-pass-1"), attempts=attempts)
