"""``wicara worker`` and ``wicara queue``: run analysis workers and watch the queue.

Registered on the ``wicara`` group of :mod:`coach.cli.base`, which owns error handling and settings.
"""

from __future__ import annotations

import sys

import click

from .base import _fail_cleanly, _settings, main

__all__: list[str] = []


@main.command("worker")
@click.option("--concurrency", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Analyses at once (threads sharing one loaded model).")
@_fail_cleanly
def worker_command(concurrency: int) -> None:
    """Analyse queued recordings until stopped (Ctrl-C finishes the jobs in hand).

    Uses the same queue (WICARA_QUEUE_URL, else the SQLite queue in WICARA_DATA_DIR), database
    (WICARA_DATABASE_URL) and recordings folder (WICARA_DATA_DIR) as the app: run as many as the
    machines allow. WICARA_DEVICE=cuda makes a GPU worker.
    """
    import logging

    from ..asr.transcribe import get_transcriber
    from ..jobs.queue import AnalysisQueue
    from ..jobs.worker import Worker, describe_queue
    from ..workspace import owner

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s",
                        stream=sys.stderr)
    logging.getLogger("huey").setLevel(logging.WARNING)
    settings = _settings(database=True)
    store = owner.open_store(settings)
    model = get_transcriber(settings, num_workers=concurrency)  # loaded once, before the first job
    queue = AnalysisQueue(settings, store, transcriber=lambda: model)
    click.echo(f"Wicara worker: {concurrency} at once, {settings.model} on {settings.device}; "
               f"queue {describe_queue(settings)}.", err=True)
    try:
        Worker(queue, threads=concurrency).run()
    finally:
        store.close()


@main.command("queue")
@_fail_cleanly
def queue_command() -> None:
    """How many analyses are queued, running, done and failed, and the running ones' progress."""
    from ..jobs.queue import AnalysisQueue
    from ..jobs.worker import describe_queue
    from ..workspace import owner

    settings = _settings(database=True)
    store = owner.open_store(settings)
    try:
        counts = owner.queue_counts(store)
        waiting = AnalysisQueue(settings, store).pending()
        click.echo(f"Queue {describe_queue(settings)}: {counts['queued']} queued ({waiting} tasks in the queue), "
                   f"{counts['running']} running, {counts['done']} done, {counts['failed']} failed.")
        for job in owner.running_jobs(store):
            where = f"{job.stage or 'starting'} {job.done or 0:.0f}/{job.total or 0:.0f}"
            click.echo(f"  attempt {job.attempt_id} ({job.kind}): {where}")
    finally:
        store.close()
