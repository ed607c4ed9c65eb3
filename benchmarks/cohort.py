"""How long the cohort dashboard takes for a big workshop: 600 participants × 10 attempts.

Fills a fresh database with generated attempts (plausible scores that drift upward over a
participant's attempts, and reports of realistic size: transcript words, pitch and loudness tracks;
no audio analysis), then times, as the median of several runs: the queries
(:func:`coach.workspace.cohort.load_dashboard`), building the four Plotly figures, and serialising them to
JSON (what Streamlit sends to the browser). Runs on SQLite, and on PostgreSQL when
``--postgres URL`` or ``WICARA_TEST_DATABASE_URL`` is given (in a scratch schema dropped afterwards).
Goal: under 1 s for queries + figures.

    python benchmarks/cohort.py [--participants 600] [--attempts 10] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.charts.cohort import dashboard_figures
from coach.workspace.cohort import load_dashboard
from coach.store.database import Store
from coach.store.schema import SCORE_DIMENSIONS, AttemptRow, MembershipRow, PersonRow, ScoreOverrideRow
from coach.store.types import AttemptFilter

WORDS = ("selamat pagi bapak ibu hari ini kami mengumumkan layanan baru untuk warga kota yang dapat "
         "diakses melalui aplikasi dan nomor telepon setiap laporan akan ditanggapi dalam tiga hari kerja").split()
EXERCISES = ("press-conference-opening", "crisis-statement", "elevator-pitch", None)


def fake_report(rng: random.Random, scores: dict[str, float | None], duration_s: float) -> dict:
    """A report shaped like SessionReport.to_dict(), about the size of a real one for this duration."""
    n_words = int(duration_s * 2.0)
    words = [{"text": rng.choice(WORDS), "start": round(i * 0.5, 2), "end": round(i * 0.5 + 0.4, 2),
              "probability": round(rng.uniform(0.6, 1.0), 3)} for i in range(n_words)]
    text_ = " ".join(w["text"] for w in words)
    steps = int(duration_s * 10)  # the pitch and loudness tracks are sampled every 0.1 s
    return {
        "language": "id", "duration_s": duration_s, "analysis_version": "1", "engine": "benchmark",
        "exercise_id": None, "transcript": {"text": text_, "language_probability": 1.0, "segments": [],
                                            "words": words},
        "warnings": [], "prosody": {"pitch_track": [[round(i / 10, 1), round(rng.uniform(90, 220), 1)]
                                                    for i in range(steps)],
                                    "loudness_track": [[round(i / 10, 1), round(rng.uniform(-40, -12), 1)]
                                                       for i in range(steps)]},
        "scores": scores, "tips": [], "timeline": [],
    }


def fill(store: Store, *, participants: int, attempts: int, idle: int, overrides: int,
         seed: int = 7) -> tuple[int, int]:
    """One cohort: ``participants`` with ``attempts`` each, plus ``idle`` who never practised."""
    rng = random.Random(seed)
    cohort = store.create_cohort("BENCH", "Benchmark workshop")
    trainer = store.add_account("Trainer", login="trainer", role="trainer", password_hash="x")
    store.add_trainer_to_cohort(cohort.id, trainer.id)
    t0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    with store.engine.begin() as conn:
        people = [{"name": f"Peserta {i:04d}", "role": "participant", "active": True, "created_at": t0}
                  for i in range(participants + idle)]
        ids = list(conn.execute(insert(PersonRow).returning(PersonRow.id), people).scalars())
        conn.execute(insert(MembershipRow), [{"person_id": pid, "cohort_id": cohort.id, "role": "participant",
                                              "name_key": f"peserta {i:04d}", "created_at": t0}
                                             for i, pid in enumerate(ids)])
        rows = []
        for n, pid in enumerate(ids):
            if n >= participants:
                break  # the idle ones: have not practised
            level, slope = rng.uniform(35, 75), rng.uniform(-1.0, 4.0)
            for k in range(attempts):
                scores: dict[str, float | None] = {
                    d: round(min(100.0, max(0.0, level + slope * k + rng.gauss(0, 8))), 1) for d in SCORE_DIMENSIONS}
                scores["timing"] = None if k % 3 else scores["timing"]
                duration_s = rng.uniform(45, 120)
                rows.append({"person_id": pid, "exercise_id": EXERCISES[k % len(EXERCISES)], "language": "id",
                             "key_messages": [], "audio_sha256": None, "audio_suffix": "", "transcript": "",
                             "report": fake_report(rng, scores, duration_s), "duration_s": duration_s,
                             "analysis_version": "1", "created_at": t0 + timedelta(days=k, minutes=n),
                             "review_state": "pending", **{f"score_{d}": v for d, v in scores.items()}})
                if len(rows) >= 500:
                    conn.execute(insert(AttemptRow), rows)
                    rows = []
        if rows:
            conn.execute(insert(AttemptRow), rows)
        attempt_ids = list(conn.execute(text("SELECT id FROM attempts ORDER BY id")).scalars())
        if overrides:
            conn.execute(insert(ScoreOverrideRow), [
                {"attempt_id": aid, "dimension": rng.choice(SCORE_DIMENSIONS), "score": rng.uniform(40, 90),
                 "reason": "benchmark", "author_id": trainer.id, "created_at": t0}
                for aid in rng.sample(attempt_ids, min(overrides, len(attempt_ids)))])
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))  # what autovacuum does within a minute of a bulk load
    else:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    return cohort.id, len(attempt_ids)


def median_s(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def run(url: str, *, audio_dir: Path, participants: int, attempts: int, idle: int, overrides: int,
        repeat: int) -> dict:
    store = Store(url, audio_dir=audio_dir)
    try:
        t = time.perf_counter()
        cohort_id, n_attempts = fill(store, participants=participants, attempts=attempts, idle=idle,
                                     overrides=overrides)
        fill_s = time.perf_counter() - t
        cohort = store.get_cohort_by_id(cohort_id)
        load_dashboard(store, cohort)  # warm the connection pool and caches once
        query_s, dash = median_s(lambda: load_dashboard(store, cohort), repeat)
        figures_s, figs = median_s(lambda: dashboard_figures(dash), repeat)
        json_s, _ = median_s(lambda: [f.to_json() for f in figs.values()], repeat)
        flt = AttemptFilter(exercise_id=EXERCISES[0], since=datetime(2025, 3, 3, tzinfo=UTC))
        filtered_s, _ = median_s(lambda: dashboard_figures(load_dashboard(store, cohort, flt)), repeat)
        queue_s, _ = median_s(lambda: store.review_queue([cohort_id], limit=50), repeat)
        return {"attempts": n_attempts, "fill": fill_s, "queries": query_s, "figures": figures_s,
                "total": query_s + figures_s, "to_json": json_s, "filtered": filtered_s, "queue": queue_s,
                "practised": len(dash.practised), "not_practised": len(dash.not_practised)}
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=600)
    parser.add_argument("--attempts", type=int, default=10, help="attempts per participant")
    parser.add_argument("--idle", type=int, default=60, help="extra participants who never practised")
    parser.add_argument("--overrides", type=int, default=200, help="trainer score overrides spread over attempts")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("WICARA_TEST_DATABASE_URL", ""),
                        help="PostgreSQL URL (default: WICARA_TEST_DATABASE_URL)")
    args = parser.parse_args()
    common = {"participants": args.participants, "attempts": args.attempts, "idle": args.idle,
              "overrides": args.overrides,
              "repeat": args.repeat}
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["SQLite"] = run(f"sqlite:///{tmp}/bench.db", audio_dir=Path(tmp) / "audio", **common)
        if args.postgres:
            schema = f"wicara_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.postgres)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                url = make_url(args.postgres).update_query_dict({"options": f"-csearch_path={schema}"})
                results["PostgreSQL"] = run(url.render_as_string(hide_password=False), audio_dir=Path(tmp) / "audio",
                                            **common)
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
        else:
            print("PostgreSQL skipped: pass --postgres URL or set WICARA_TEST_DATABASE_URL.\n")
    first = next(iter(results.values()))
    print(f"Cohort dashboard: {first['practised']} participants who practised and {first['not_practised']} who "
          f"did not, {first['attempts']} attempts, {args.overrides} score overrides; "
          f"median of {args.repeat} runs\n")
    names = list(results)
    rows = [("fill the database (once)", "fill"), ("queries (load_dashboard)", "queries"),
            ("build 4 figures", "figures"), ("queries + figures", "total"),
            ("figures to JSON (sent to browser)", "to_json"), ("filtered: one exercise, from day 3", "filtered"),
            ("review queue, first 50", "queue")]
    print(f"{'':38}" + "".join(f"{n:>14}" for n in names))
    for title, key in rows:
        print(f"{title:38}" + "".join(f"{results[n][key]:>13.3f}s" for n in names))
    if len(names) == 2:
        a, b = (results[n]["total"] for n in names)
        print(f"\nqueries + figures, {names[1]} / {names[0]}: {b / a:.2f}×")
    print("goal: queries + figures under 1 s: " + ", ".join(
        f"{n} {'met' if r['total'] < 1.0 else 'MISSED'}" for n, r in results.items()))


if __name__ == "__main__":
    main()
