"""What the interface catalogs cost a process: reading the compiled .mo, and compiling a changed .po.

    python benchmarks/i18n_load.py [--runs 7] [--repo CHECKOUT]

Each figure is the median over ``--runs`` fresh interpreters, timed inside the process after
``coach.report.dimensions`` (which ``coach.i18n`` imports) is loaded, so only the strings are counted:

- read: ``import coach.i18n`` and the first ``t()`` in Indonesian and English, with the ``.mo`` present;
- compile: both ``.po`` compiled to ``.mo`` with Babel (the first use after a catalog changed; install
  and ``make i18n`` do it beforehand).

``--repo`` times another checkout (e.g. a ``git worktree`` of a commit from before the catalogs, when the
strings were Python dicts: only "read" applies there).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PRE = "import time, coach.report.dimensions; t0 = time.perf_counter(); "
_READ = _PRE + "import coach.i18n as m; m.t('scores', 'id'); m.t('scores', 'en'); print(time.perf_counter() - t0)"
_COMPILE = (_PRE + "import coach.i18n.catalogs as c; [c.compile_catalog(lang) for lang in ('id', 'en')]; "
            "print(time.perf_counter() - t0)")


def median_ms(code: str, repo: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True,
                              env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"})
        times.append(float(done.stdout.split()[-1]) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repo", type=Path, default=ROOT)
    args = parser.parse_args()
    repo = args.repo.resolve()
    catalogs = (repo / "coach" / "i18n" / "catalogs.py").exists()
    if catalogs:
        median_ms(_COMPILE, repo, 1)  # the .mo present and fresh before "read" is timed
    print(f"{repo}: import coach.i18n + first t() in id and en: {median_ms(_READ, repo, args.runs):.1f} ms "
          f"(median of {args.runs})")
    if catalogs:
        print(f"compiling both catalogs (.po -> .mo, Babel): {median_ms(_COMPILE, repo, args.runs):.1f} ms")


if __name__ == "__main__":
    main()
