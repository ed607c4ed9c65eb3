"""Queue throughput: the same batch of clips through 1 worker process, then 2, on this machine.

Each phase gets a fresh data directory (SQLite database and queue), queues the batch, then starts
the worker processes (``wicara worker``; with N processes each model gets cores/N threads). The
time counted is from the first job's start to the last job's end, read from the attempt rows, so
the model loads are left out. Prints the ratio, each worker's peak memory (VmHWM), the real-time
factor, and how many such workers the README recommends for a national workshop day:
600 participants × 5 attempts × 3 minutes in 8 hours.

    nice -n 10 python benchmarks/throughput.py            # 4 × en_clean.wav (27 s each)
    python benchmarks/throughput.py --clip en_rate_250 --jobs 2
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.config import load_settings  # noqa: E402
from coach.jobs.queue import AnalysisQueue, wait_for  # noqa: E402
from coach.store.database import Store  # noqa: E402

PARTICIPANTS, ATTEMPTS, ATTEMPT_S, DAY_S = 600, 5, 180.0, 8 * 3600.0
HEADROOM = 0.7  # workers busy 70 % of the day: submissions bunch up after each workshop session


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def phase(processes: int, clip: Path, jobs: int, cores: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="wicara-throughput-") as tmp:
        env = {**os.environ, "WICARA_DATA_DIR": tmp, "WICARA_APP_WORKERS": "0",
               "WICARA_CPU_THREADS": str(max(1, cores // processes))}
        settings = load_settings(data_dir=Path(tmp))
        store = Store.from_settings(settings)
        queue = AnalysisQueue(settings, store)
        audio = clip.read_bytes()
        ids = []
        for n in range(jobs):
            person = store.get_or_create_person(f"Peserta {n + 1}", cohort_code="BENCH").id
            ids.append(queue.submit(person, audio=audio, audio_suffix=".wav", kind="practice", language="en"))
        workers = [subprocess.Popen([sys.executable, "-m", "coach", "worker"], cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(processes)]
        try:
            final = wait_for(store, ids, poll_s=0.5, timeout_s=3600)
            peaks = [_peak_mb(w.pid) for w in workers]
        finally:
            for w in workers:
                w.terminate()
            for w in workers:
                w.wait(30)
        failed = [i for i, s in final.items() if s.status != "done"]
        if failed:
            raise SystemExit(f"{len(failed)} jobs did not finish: {[final[i] for i in failed]}")
        with store.engine.connect() as conn:
            from sqlalchemy import text

            start, end, audio_s = conn.execute(text(
                "SELECT min(started_at), max(finished_at), sum(duration_s) FROM attempts")).one()
        store.close()
        from coach.store.schema import utc

        wall_s = (utc(_as_dt(end)) - utc(_as_dt(start))).total_seconds()
        return {"processes": processes, "wall_s": wall_s, "audio_s": float(audio_s), "peaks_mb": peaks}


def _as_dt(value):
    from datetime import datetime

    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", default="en_clean", help="sample_audio clip name (default en_clean)")
    parser.add_argument("--jobs", type=int, default=4, help="clips in the batch (default 4)")
    args = parser.parse_args()
    clip = ROOT / "sample_audio" / f"{args.clip}.wav"
    cores = os.cpu_count() or 1
    print(f"Batch: {args.jobs} × {clip.name}; {cores} cores; Whisper base int8, beam 5 (the defaults).")
    started = time.monotonic()
    one, two = phase(1, clip, args.jobs, cores), phase(2, clip, args.jobs, cores)
    for r in (one, two):
        rtf = r["wall_s"] / r["audio_s"]
        print(f"{r['processes']} worker process(es): {r['wall_s']:.1f} s for {r['audio_s']:.0f} s of audio "
              f"(machine real-time factor {rtf:.3f}); peak memory per worker "
              f"{', '.join(f'{p:.0f} MB' for p in r['peaks_mb'])}")
    print(f"Ratio 1 worker / 2 workers: {one['wall_s'] / two['wall_s']:.2f}× (time with 1 ÷ time with 2)")
    best = min((one, two), key=lambda r: r["wall_s"])
    machine_rtf = best["wall_s"] / best["audio_s"]
    demand_s = PARTICIPANTS * ATTEMPTS * ATTEMPT_S
    machines = math.ceil(demand_s * machine_rtf / (DAY_S * HEADROOM))
    print(f"Workshop day: {PARTICIPANTS} × {ATTEMPTS} × {ATTEMPT_S / 60:.0f} min = {demand_s / 3600:.0f} h of audio "
          f"in {DAY_S / 3600:.0f} h needs {demand_s * machine_rtf / 3600:.1f} machine-hours at this machine's "
          f"best ({best['processes']} process(es)); at {HEADROOM:.0%} busy: recommend {machines} machines like "
          f"this one, each running {best['processes']} `wicara worker` process(es) "
          f"({machines * best['processes']} workers).")
    print(f"(benchmark took {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
