"""Run one ``pipeline.ingest`` in its own process so the benchmark can watch its memory and CPU.

Usage: ``python bench/child.py HOME FOLDER WORKERS OUT.json [PROFILE.prof]``. Writes the report as JSON.
The pool's workers are joined before exiting so ``wait4`` in the parent accounts for their CPU time and memory.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> None:
    """Ingest FOLDER into HOME with WORKERS processes and write what happened to OUT."""
    home, folder, workers, out = argv[:4]
    profile_path = argv[4] if len(argv) > 4 else None
    started = time.perf_counter()
    import pipeline
    from config import Config

    imported = time.perf_counter()
    config = Config.from_env(env={}, home=Path(home), workers=int(workers))
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()
        report = profiler.runcall(pipeline.ingest, config, [folder])
        profiler.dump_stats(profile_path)
    else:
        report = pipeline.ingest(config, [folder])
    finished = time.perf_counter()
    for process in multiprocessing.active_children():
        process.join(timeout=60)
    reasons = Counter(reason.split(":")[0] for _, reason in report.failed)
    result = {
        "added": len(report.added),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "duplicates": len(report.duplicates),
        "failed": len(report.failed),
        "failed_reasons": dict(reasons.most_common(8)),
        "failed_examples": [[Path(p).name, r[:200]] for p, r in report.failed[:5]],
        "pages": report.pages,
        "words": report.words,
        "timings": report.timings,
        "import_seconds": imported - started,
        "ingest_seconds": finished - imported,
        "workers": config.workers,
        "batch_size": config.batch_size,
    }
    Path(out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
