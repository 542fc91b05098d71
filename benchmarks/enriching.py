"""Enrichment: how many HTTP requests ``belharbi-bib enrich`` makes, cold and with a warm cache.

A local HTTP server stands in for the arXiv API (``BELHARBI_BIB_ARXIV_API`` points at it) and
answers every ``id_list`` query with one Atom entry per id; it counts the requests it gets.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from measure import run_once
from report import Section, seconds

_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom">\n<title>query</title>\n'
    "<opensearch:totalResults>{count}</opensearch:totalResults>\n"
    "<opensearch:startIndex>0</opensearch:startIndex>\n"
    "<opensearch:itemsPerPage>{count}</opensearch:itemsPerPage>\n{entries}</feed>\n"
)
_ENTRY = (
    "<entry>\n<id>http://arxiv.org/abs/{id}v1</id>\n<updated>2021-01-04T00:00:00Z</updated>\n"
    "<published>2021-01-04T00:00:00Z</published>\n<title>Benchmark work {id}</title>\n"
    "<summary>An abstract.</summary>\n<author><name>Jane Doe</name></author>\n"
    '<link href="http://arxiv.org/abs/{id}v1" rel="alternate" type="text/html"/>\n'
    '<arxiv:primary_category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>\n'
    '<category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>\n</entry>\n'
)


class _Counter:
    """The requests the fake service has answered (shared by its handler threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.arxiv = 0
        self.other = 0

    def count(self, arxiv: bool) -> None:
        with self.lock:
            if arxiv:
                self.arxiv += 1
            else:
                self.other += 1


def _handler(counter: _Counter) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            ids = parse_qs(url.query).get("id_list", [""])[0]
            counter.count(url.path.endswith("/query"))
            if not url.path.endswith("/query"):
                self.send_response(404)
                self.end_headers()
                return
            entries = "".join(_ENTRY.format(id=i) for i in ids.split(",") if i)
            body = _FEED.format(count=len(ids.split(",")) if ids else 0, entries=entries)
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


def works(count: int) -> str:
    """Return ``count`` BibTeX entries that carry arXiv ids.

    >>> print(works(1), end="")
    @misc{work00000,
      title = {Benchmark work 00000},
      eprint = {2101.00000},
      archiveprefix = {arXiv},
    }
    """
    return "\n".join(
        f"@misc{{work{i:05d},\n  title = {{Benchmark work {i:05d}}},\n"
        f"  eprint = {{2101.{i:05d}}},\n  archiveprefix = {{arXiv}},\n}}\n"
        for i in range(count)
    )


def section(sizes: tuple[int, ...]) -> Section:
    """Measure cold and warm enrichment of ``sizes`` entries each; return the table."""
    result = Section("enrich", "enrichment: HTTP requests for N entries with arXiv ids")
    result.add(
        "Against a local stand-in for the arXiv API (`--sources arxiv --delay 0`). Target: at "
        "most ceil(N/100) arXiv requests cold, none warm (same cache directory).",
        "",
    )
    rows = []
    for size in sizes:
        rows.append(_measure(size))
    result.table(
        ["N", "cold requests", "≤ ceil(N/100)", "cold s", "warm requests", "warm s", "exit codes"],
        rows,
    )
    return result


def _measure(size: int) -> list[str]:
    counter = _Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(counter))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            source = work / "works.bib"
            source.write_text(works(size), encoding="utf-8")
            env = dict(os.environ)
            env["BELHARBI_BIB_ARXIV_API"] = f"http://127.0.0.1:{server.server_port}/api/query"
            argv = [
                sys.executable, "-m", "belharbi_bib", "enrich", str(source), "--sources", "arxiv",
                "--delay", "0", "--cache-dir", str(work / "cache"), "-o", str(work / "out.bib"),
            ]  # fmt: skip
            cold = run_once(argv, env)
            cold_requests = counter.arxiv + counter.other
            warm = run_once(argv, env)
            warm_requests = counter.arxiv + counter.other - cold_requests
    finally:
        server.shutdown()
        server.server_close()
    limit = math.ceil(size / 100)
    if cold.code not in (0, 1) and not cold_requests:
        return [str(size), "not available", "—", "—", "—", "—", f"{cold.code}, {warm.code}"]
    return [
        str(size),
        str(cold_requests),
        "yes" if cold_requests <= limit else "no",
        seconds(cold.wall),
        str(warm_requests),
        seconds(warm.wall),
        f"{cold.code}, {warm.code}",
    ]
