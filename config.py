"""Run-time configuration: one frozen dataclass, built once and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_HOME = Path.home() / ".minutebook"


@dataclass(frozen=True)
class Config:
    """Where the catalog and index live and the limits applied to each paper.

    Built by :meth:`from_env` from explicit options first, then environment
    variables (``MINUTEBOOK_HOME``, ``MINUTEBOOK_WORKERS``, ``MINUTEBOOK_MAX_MB``,
    ``MINUTEBOOK_MAX_PAGES``, ``MINUTEBOOK_TIMEOUT``, ``MINUTEBOOK_BATCH_SIZE``), then defaults.
    """

    home: Path = DEFAULT_HOME
    workers: int = max(1, os.cpu_count() or 1)
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 3000
    timeout: float = 300.0  # seconds for one file in a worker
    batch_size: int = 32  # papers per catalog + index commit

    @property
    def catalog_path(self) -> Path:
        """The SQLite catalog: the source of truth."""
        return self.home / "catalog.sqlite"

    @property
    def index_dir(self) -> Path:
        """The Whoosh index, derived from the catalog."""
        return self.home / "index"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **options) -> Config:
        """Options that are not None win over environment variables, which win over defaults."""
        env = os.environ if env is None else env
        config = cls()
        from_env = {
            "home": ("MINUTEBOOK_HOME", Path),
            "workers": ("MINUTEBOOK_WORKERS", int),
            "max_bytes": ("MINUTEBOOK_MAX_MB", lambda v: int(float(v) * 1024 * 1024)),
            "max_pages": ("MINUTEBOOK_MAX_PAGES", int),
            "timeout": ("MINUTEBOOK_TIMEOUT", float),
            "batch_size": ("MINUTEBOOK_BATCH_SIZE", int),
        }
        changes = {}
        for field_name, (var, convert) in from_env.items():
            if env.get(var):
                try:
                    changes[field_name] = convert(env[var])
                except ValueError as exc:
                    raise ValueError(f"{var}={env[var]!r} is not valid: {exc}") from exc
        changes.update({k: v for k, v in options.items() if v is not None})
        if "home" in changes:
            changes["home"] = Path(changes["home"]).expanduser()
        config = replace(config, **changes)
        for name in ("workers", "max_bytes", "max_pages", "batch_size"):
            if getattr(config, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(config, name)}")
        if config.timeout < 0:
            raise ValueError(f"timeout must be 0 (none) or more seconds, not {config.timeout:g}")
        return config
