"""The corpus a run measures: the generated one (small or large), or a folder of real papers, optionally scaled."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from generate import SIZES, default_folder, generate

ROOT = Path(__file__).resolve().parent.parent
SIDECAR = ".meta.json"


@dataclass
class Corpus:
    """A folder of papers and what is in it."""

    label: str
    folder: Path
    files: list[Path]
    description: str
    generated: dict | None = None  # the generator's manifest

    @property
    def pdfs(self) -> list[Path]:
        """The PDF files, by suffix."""
        return [p for p in self.files if p.suffix.lower() == ".pdf"]

    def summary(self) -> dict:
        """Counts by format and bytes on disk."""
        by_suffix: dict[str, int] = {}
        for p in self.files:
            by_suffix[p.suffix.lower()] = by_suffix.get(p.suffix.lower(), 0) + 1
        return {
            "label": self.label,
            "folder": str(self.folder),
            "description": self.description,
            "files": len(self.files),
            "by_suffix": by_suffix,
            "bytes": sum(p.stat().st_size for p in self.files),
        }


def discover(folder: Path) -> list[Path]:
    """The files ``minutebook ingest FOLDER`` would consider (pipeline.discover)."""
    sys.path.insert(0, str(ROOT))
    from pipeline import discover as pipeline_discover

    return pipeline_discover([folder])


def _trailer(suffix: str, copy: int) -> bytes:
    """Bytes appended to copy ``copy`` so every copy hashes differently but reads the same."""
    if suffix == ".pdf":
        return f"\n%bench-copy-{copy}\n".encode()
    if suffix in (".html", ".htm", ".xhtml"):
        return f"\n<!-- bench copy {copy} -->\n".encode()
    return b"\n" + b" " * (copy + 1)


def scaled_copy(source: Path, target: Path, copies: int) -> Path:
    """Copy every paper under ``source`` ``copies`` times into ``target/copy-K/``, each with a distinct trailer."""
    if target.exists():
        shutil.rmtree(target)
    for path in discover(source):
        rel = path.relative_to(source.absolute())
        for copy in range(copies):
            out = target / f"copy-{copy:02d}" / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(path.read_bytes() + _trailer(path.suffix.lower(), copy))
            sidecar = path.with_name(path.name + SIDECAR)
            if sidecar.exists():
                shutil.copyfile(sidecar, out.with_name(out.name + SIDECAR))
    return target


def prepare(size: str, corpus: str | None, copies: int, seed: int, scratch: Path, log=print) -> Corpus:
    """Generate (or reuse) the generated corpus, or point at ``corpus`` (scaled into ``scratch`` when copies > 1)."""
    if corpus:
        source = Path(corpus).expanduser().absolute()
        if not source.is_dir():
            raise SystemExit(f"BENCH_CORPUS={corpus} is not a folder")
        folder = source
        description = f"papers under {source}"
        label = f"corpus-{source.name}"
        if copies > 1:
            folder = scaled_copy(source, scratch / "corpus", copies)
            description += f", each copied {copies} times with a distinct trailing byte"
            label += f"-x{copies}"
        return Corpus(label, folder, discover(folder), description)
    if size not in SIZES:
        raise SystemExit(f"BENCH_SIZE={size} is not one of {', '.join(SIZES)}")
    folder = default_folder(size, seed)
    manifest = generate(folder, SIZES[size], seed=seed, log=log)
    description = (
        f"generated ({size}, seed {seed}): {manifest['papers']} papers "
        f"({manifest['pdf_files']} PDF, {manifest['html_files']} HTML; {manifest['kinds']}), "
        f"{manifest['pages']} pages, {manifest['words']:,} words"
    )
    return Corpus(f"generated-{size}", folder, discover(folder), description, manifest)
