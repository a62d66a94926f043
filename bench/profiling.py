"""Where the time goes, by cProfile: the worker side (read + extract) and the parent side (catalog + index).

Worker side: ``pipeline.process_file`` over a sample of papers in this process. Parent side: the profile a
``bench/child.py`` ingest dumped (its workers are separate processes, so it shows only the writer's work and
its waiting). Both are summarised by package (pypdf, spacy, whoosh, sqlite3, ...) on tottime.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_WAITING = ("acquire", "wait", "select", "poll", "sleep")


def _package(filename: str, function: str) -> str:
    if filename.startswith("~") or filename == "<built-in>" or filename.startswith("<"):
        name = function.strip("<>")
        if "sqlite3" in name:
            return "sqlite3 (C)"
        if any(w in name for w in _WAITING):
            return "waiting (locks, select)"
        return "builtins"
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if not path.is_absolute():  # compiled modules report paths relative to their package: spacy/matcher/...
        return parts[0]
    try:
        rel = path.resolve().relative_to(ROOT)
        return f"minutebook:{rel.parts[0]}" if len(rel.parts) > 1 else f"minutebook:{rel.stem}"
    except ValueError:
        pass
    if "python3" in filename:
        return f"stdlib:{path.stem}"
    return path.stem


def summarise(stats: pstats.Stats, top: int = 25) -> tuple[dict[str, float], str]:
    """Seconds of tottime per package, and a text table of the top functions by cumulative time."""
    by_package: Counter = Counter()
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        by_package[_package(filename, function)] += tottime
    buffer = io.StringIO()
    stats.stream = buffer
    stats.sort_stats("cumulative").print_stats(top)
    return dict(by_package.most_common()), buffer.getvalue()


def profile_workers(paths: list[Path], limit: int = 60) -> tuple[dict[str, float], str, int]:
    """Profile read + extract (what a worker does) over up to ``limit`` papers, spread over the corpus."""
    sys.path.insert(0, str(ROOT))
    import pipeline
    from config import Config

    config = Config.from_env(env={}, home=Path("/nonexistent-bench-home"), timeout=0)
    step = max(1, len(paths) // limit)
    sample = paths[::step][:limit]
    pipeline.process_file(str(sample[0]), config, {})  # load spaCy and the rules outside the profile
    profiler = cProfile.Profile()
    profiler.enable()
    for path in sample:
        pipeline.process_file(str(path), config, {})
    profiler.disable()
    by_package, text = summarise(pstats.Stats(profiler))
    return by_package, text, len(sample)


def profile_parent(dump: Path) -> tuple[dict[str, float], str]:
    """Summarise the parent-side profile dumped by ``bench/child.py``."""
    return summarise(pstats.Stats(str(dump)))


def profile_queries(home: Path) -> tuple[dict[str, float], str]:
    """Profile one round of the 30 queries through Store.search / Store.findings (after a warm-up round)."""
    sys.path.insert(0, str(ROOT))
    import measure
    from queries import QUERIES

    from config import Config
    from index import Store

    config = Config.from_env(env={}, home=home)
    with Store(config.catalog_path, config.index_dir) as store:
        for query in QUERIES:
            measure.run_minutebook(store, query)
        profiler = cProfile.Profile()
        profiler.enable()
        for query in QUERIES:
            measure.run_minutebook(store, query)
        profiler.disable()
    return summarise(pstats.Stats(profiler), top=30)
