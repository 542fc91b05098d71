"""Progress on a terminal: one tqdm bar per source on stderr (never on a pipe or a file)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO


class TerminalProgress:
    """A :data:`~belharbi_bib.enrichment.pipeline.Progress` that draws tqdm bars on ``stream``.

    Call :meth:`close` at the end (bars left open are closed then).
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._bars: list[Any] = []

    def __call__(self, source: str, total: int) -> Callable[[], None]:
        """Start a bar for ``source`` with ``total`` steps; return the per-step callback."""
        if total == 0:
            return lambda: None
        from tqdm import tqdm

        bar = tqdm(total=total, desc=source, file=self._stream, leave=False, unit="step")
        self._bars.append(bar)

        def step() -> None:
            bar.update(1)
            if bar.n >= total:
                bar.close()

        return step

    def close(self) -> None:
        """Close every bar."""
        for bar in self._bars:
            bar.close()
        self._bars.clear()


def progress_for(stream: TextIO) -> TerminalProgress | None:
    """Return a progress display when ``stream`` is a terminal, else None."""
    isatty = getattr(stream, "isatty", None)
    return TerminalProgress(stream) if callable(isatty) and isatty() else None
