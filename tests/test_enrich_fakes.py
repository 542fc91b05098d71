"""Fake arXiv, Crossref, DBLP, OpenReview and ORCID services on 127.0.0.1 (one server each).

The answers follow each service's documented shape: the arXiv API's Atom feed; Crossref's
``{"status", "message-type": "work", "message"}``; DBLP's publication search JSON
(``result.hits.hit[].info``), record XML (``/rec/KEY.xml``: ``<dblp><inproceedings key=…>``)
and person XML (``/pid/PID.xml``: ``<dblpperson><r><article …>``); OpenReview API v2's
``{"notes": [{"id", "forum", "content": {"title": {"value": …}, …}, "pdate"}], "count"}``
for ``/notes?id=`` and ``/notes?content.authorids=``; ORCID v3.0's
``{"group": [{"external-ids": {"external-id": [...]}, "work-summary": [...]}]}`` for
``/{orcid}/works``.

Imported by the other ``test_enrich_*`` modules (``from test_enrich_fakes import ...``); the
few tests at the bottom check the fakes themselves. Nothing here touches the internet.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

import pytest

from belharbi_bib import structs
from belharbi_bib.enrichment.services import SERVICES, Endpoints
from belharbi_bib.structs import dataclass, field

_WORD = re.compile(r"[a-z0-9]+")
SERVICE_NAMES = ("arxiv", "crossref", "dblp", "openreview", "orcid")


def words(text: str) -> str:
    """Fold a title to lower-case words, as the client's queries do."""
    return " ".join(_WORD.findall(text.lower()))


@dataclass
class Scripted:
    """A response served (once) before the normal answers of a service."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class ArxivPaper:
    """One arXiv entry the fake knows."""

    id: str
    title: str
    authors: tuple[str, ...]
    published: str = "2021-01-05T10:00:00Z"
    primary: str = "cs.CV"
    doi: str | None = None
    journal_ref: str | None = None
    version: int = 2


def atom_feed(papers: list[ArxivPaper]) -> bytes:
    """Build an arXiv API Atom feed (current format) for ``papers``."""
    parts = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">',
        "<id>https://arxiv.org/api/fake</id><title>arXiv Query</title>",
        f"<opensearch:totalResults>{len(papers)}</opensearch:totalResults>",
    ]
    for paper in papers:
        parts.append("<entry>")
        parts.append(f"<id>http://arxiv.org/abs/{paper.id}v{paper.version}</id>")
        parts.append(f"<title>{escape(paper.title)}</title>")
        parts.append(f"<published>{paper.published}</published>")
        parts.extend(f"<author><name>{escape(a)}</name></author>" for a in paper.authors)
        parts.append(f'<arxiv:primary_category term="{paper.primary}"/>')
        if paper.doi:
            parts.append(f"<arxiv:doi>{escape(paper.doi)}</arxiv:doi>")
        if paper.journal_ref:
            parts.append(f"<arxiv:journal_ref>{escape(paper.journal_ref)}</arxiv:journal_ref>")
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")


def dblp_element(
    key: str,
    title: str,
    authors: tuple[str, ...],
    year: int,
    *,
    kind: str = "inproceedings",
    venue: str = "",
    pages: str = "",
    volume: str = "",
    ee: tuple[str, ...] = (),
) -> str:
    """Build one DBLP XML record element, as ``/rec/KEY.xml`` and person pages hold them."""
    parts = [f'<{kind} key="{escape(key)}" mdate="2024-01-01">']
    parts.extend(f'<author pid="0/0">{escape(a)}</author>' for a in authors)
    parts.append(f"<title>{escape(title)}.</title>")
    if pages:
        parts.append(f"<pages>{pages}</pages>")
    parts.append(f"<year>{year}</year>")
    if volume:
        parts.append(f"<volume>{escape(volume)}</volume>")
    if venue:
        parts.append(f"<{'journal' if kind == 'article' else 'booktitle'}>{escape(venue)}"
                     f"</{'journal' if kind == 'article' else 'booktitle'}>")  # fmt: skip
    parts.extend(f"<ee>{escape(link)}</ee>" for link in ee)
    parts.append(f"</{kind}>")
    return "".join(parts)


def openreview_note(
    ident: str, title: str, authors: tuple[str, ...], authorids: tuple[str, ...], venue: str
) -> dict[str, Any]:
    """Build one OpenReview API v2 submission note."""
    return {
        "id": ident,
        "forum": ident,
        "invitations": ["Venue/-/Submission"],
        "content": {
            "title": {"value": title},
            "authors": {"value": list(authors)},
            "authorids": {"value": list(authorids)},
            "venue": {"value": venue},
            "venueid": {"value": "Venue.cc/Conference"},
        },
        "cdate": 1650000000000,
        "pdate": 1650000000000,
    }


def orcid_group(
    put_code: int, title: str, kind: str, year: int, *, doi: str = "", journal: str = ""
) -> dict[str, Any]:
    """Build one ORCID v3.0 works group (summaries name no authors)."""
    ids = (
        [{"external-id-type": "doi", "external-id-value": doi,
          "external-id-relationship": "self"}] if doi else []
    )  # fmt: skip
    summary = {
        "put-code": put_code,
        "title": {"title": {"value": title}, "subtitle": None},
        "external-ids": {"external-id": ids},
        "type": kind,
        "publication-date": {"year": {"value": str(year)}, "month": None, "day": None},
        "journal-title": {"value": journal} if journal else None,
        "visibility": "public",
    }
    return {"external-ids": {"external-id": ids}, "work-summary": [summary]}


@dataclass
class Seen:
    """One request a fake received."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class FakeService:
    """The state of one fake service: its data, scripted responses and the requests seen."""

    name: str
    scripts: list[Scripted] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeServices:
    """Three fake services (arXiv, Crossref, DBLP), each on its own port of 127.0.0.1."""

    def __init__(self) -> None:
        self.arxiv_papers: dict[str, ArxivPaper] = {}
        self.crossref_works: dict[str, dict[str, Any]] = {}
        self.dblp_hits: list[dict[str, Any]] = []
        self.dblp_records: dict[str, str] = {}  # key -> the record's XML element
        self.dblp_people: dict[str, list[str]] = {}  # pid -> keys of its records
        self.openreview_notes: list[dict[str, Any]] = []
        self.orcid_works: dict[str, list[dict[str, Any]]] = {}  # ORCID iD -> groups
        self.services = {name: FakeService(name) for name in SERVICE_NAMES}
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for name in self.services:
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, name))
            server.daemon_threads = True
            thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
            thread.start()
            self._servers[name] = server
            self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def base(self, name: str) -> str:
        port = self._servers[name].server_address[1]
        return f"http://127.0.0.1:{port}"

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints(
            arxiv=self.base("arxiv") + "/api/query",
            crossref=self.base("crossref"),
            dblp=self.base("dblp") + "/search/publ/api",
            openreview=self.base("openreview"),
            orcid=self.base("orcid") + "/v3.0",
        )

    def env(self) -> dict[str, str]:
        """The environment variables pointing the library at the fakes."""
        endpoints = self.endpoints
        return {service.env: endpoints.url(service.name) for service in SERVICES}

    def count(self, name: str | None = None) -> int:
        names = [name] if name else list(self.services)
        return sum(len(self.services[n].seen) for n in names)

    def seen(self, name: str) -> list[Seen]:
        return list(self.services[name].seen)

    def script(self, name: str, *responses: Scripted) -> None:
        self.services[name].scripts.extend(responses)

    def placeholder(self, text: str) -> str:
        """Replace the fakes' base URLs (random ports) with stable names, for golden files."""
        for name in self.services:
            text = text.replace(self.base(name), f"http://{name}.test")
        return text

    # The answers of each service -------------------------------------------------------

    def answer(self, name: str, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        if name == "arxiv":
            return self._arxiv(query)
        if name == "crossref":
            return self._crossref(path)
        if name == "openreview":
            return self._openreview(query)
        if name == "orcid":
            return self._orcid(path)
        if path.startswith("/rec/"):
            return self._dblp_record(path.removeprefix("/rec/").removesuffix(".xml"))
        if path.startswith("/pid/"):
            return self._dblp_person(path.removeprefix("/pid/").removesuffix(".xml"))
        return self._dblp(query)

    def _dblp_record(self, key: str) -> tuple[int, bytes, str]:
        element = self.dblp_records.get(key)
        if element is None:
            return 404, b"Not Found", "text/plain"
        body = f'<?xml version="1.0" encoding="US-ASCII"?>\n<dblp>\n{element}\n</dblp>\n'
        return 200, body.encode(), "application/xml"

    def _dblp_person(self, pid: str) -> tuple[int, bytes, str]:
        keys = self.dblp_people.get(pid)
        if keys is None:
            return 404, b"Not Found", "text/plain"
        items = "".join(f"<r>{self.dblp_records[k]}</r>\n" for k in keys)
        body = (
            f'<?xml version="1.0" encoding="US-ASCII"?>\n<dblpperson name="Soufiane Belharbi" '
            f'pid="{pid}" n="{len(keys)}">\n<person key="homepages/{pid}">'
            f'<author pid="{pid}">Soufiane Belharbi</author></person>\n{items}</dblpperson>\n'
        )
        return 200, body.encode(), "application/xml"

    def _openreview(self, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        if "id" in query:
            notes = [n for n in self.openreview_notes if n["id"] == query["id"][0]]
        else:
            author = query.get("content.authorids", [""])[0]
            notes = [
                n for n in self.openreview_notes
                if author in n["content"].get("authorids", {}).get("value", [])
            ]  # fmt: skip
        body = {"notes": notes, "count": len(notes)}
        return 200, json.dumps(body).encode(), "application/json"

    def _orcid(self, path: str) -> tuple[int, bytes, str]:
        orcid = path.removeprefix("/v3.0/").removesuffix("/works")
        groups = self.orcid_works.get(orcid)
        if groups is None:
            return 404, b'{"response-code": 404}', "application/json"
        body = {"last-modified-date": {"value": 1}, "group": groups, "path": f"/{orcid}/works"}
        return 200, json.dumps(body).encode(), "application/json"

    def _arxiv(self, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        limit = int(query.get("max_results", ["10"])[0])
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        # An author query, or several joined by OR (the API's Boolean operator).
        clauses = query.get("search_query", [""])[0].split(" OR ")
        authors = [re.fullmatch(r'au:"?([^"]*)"?', clause) for clause in clauses]
        if all(authors):
            wanted_authors = {words(a.group(1)) for a in authors if a}
            found = [
                p for p in self.arxiv_papers.values()
                if any(words(a) in wanted_authors for a in p.authors)
            ]  # fmt: skip
        elif ids:
            found = [self.arxiv_papers[i] for i in ids if i in self.arxiv_papers]
            found.reverse()  # the client must map by id, never by position
        else:
            match = re.fullmatch(r'ti:"(.*)"', query.get("search_query", [""])[0])
            wanted = match.group(1) if match else ""
            found = [p for p in self.arxiv_papers.values() if words(p.title).startswith(wanted)]
        return 200, atom_feed(found[:limit]), "application/atom+xml"

    def _crossref(self, path: str) -> tuple[int, bytes, str]:
        doi = unquote(path.removeprefix("/works/")).lower()
        work = self.crossref_works.get(doi)
        if work is None:
            return 404, b"Resource not found.", "text/plain"
        body = {"status": "ok", "message-type": "work", "message": work}
        return 200, json.dumps(body).encode(), "application/json"

    def _dblp(self, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        wanted = query.get("q", [""])[0]
        hits = [
            {"@score": "1", "@id": str(i), "info": info, "url": f"URL#{i}"}
            for i, info in enumerate(self.dblp_hits)
            if words(info["title"]).startswith(wanted)
        ]
        body = {"result": {"query": wanted, "hits": {"@total": str(len(hits)), "hit": hits}}}
        return 200, json.dumps(body).encode(), "application/json"


def _handler(fakes: FakeServices, name: str) -> type[BaseHTTPRequestHandler]:
    service = fakes.services[name]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            with service.lock:
                service.seen.append(Seen(parts.path, query, dict(self.headers.items())))
                scripted = service.scripts.pop(0) if service.scripts else None
            if scripted is not None:
                time.sleep(scripted.delay)
                self._send(scripted.status, scripted.body, "text/plain", scripted.headers)
                return
            status, body, kind = fakes.answer(name, parts.path, query)
            self._send(status, body, kind, {})

        def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str]) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@dataclass
class FakeClock:
    """A monotonic clock that only moves when something sleeps on it."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def use_fakes(fakes: FakeServices, monkeypatch: pytest.MonkeyPatch, cache: Path | None) -> None:
    """Point the environment at the fakes: their endpoints, no pacing delay, no contact address;
    the HTTP cache under ``cache`` (``XDG_CACHE_HOME``) when given."""
    for name, value in fakes.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BELHARBI_BIB_DELAY", "0")
    monkeypatch.delenv("BELHARBI_BIB_MAILTO", raising=False)
    if cache is not None:
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache))


def dead_address() -> str:
    """Return an ``http://`` root where nothing listens (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def in_project(monkeypatch: pytest.MonkeyPatch, directory: Path, files: dict[str, str]) -> Path:
    """Make ``directory`` with ``files`` (name → text) and work in it; return it."""
    directory.mkdir()
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(directory)
    return directory


@pytest.fixture
def fakes() -> Iterator[FakeServices]:
    services = FakeServices()
    services.start()
    try:
        yield services
    finally:
        services.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# Tests of the fakes themselves ----------------------------------------------------------


def test_fake_arxiv_feed_parses_and_reverses_order(fakes: FakeServices) -> None:
    import requests

    from belharbi_bib.enrichment.atom import parse_feed

    fakes.arxiv_papers["2101.00001"] = ArxivPaper("2101.00001", "One", ("A B",))
    fakes.arxiv_papers["2101.00002"] = ArxivPaper("2101.00002", "Two", ("C D",))
    with requests.get(
        fakes.endpoints.arxiv, params={"id_list": "2101.00001,2101.00002"}, timeout=5
    ) as response:
        feed = parse_feed(response.content)
    assert [e.id.id for e in feed.entries] == ["2101.00002", "2101.00001"]
    assert fakes.count("arxiv") == 1


def test_fake_scripted_response_comes_first(fakes: FakeServices) -> None:
    import requests

    fakes.script("crossref", Scripted(503, b"busy", {"Retry-After": "3"}))
    with requests.get(fakes.base("crossref") + "/works/10.1/x", timeout=5) as first:
        assert (first.status_code, first.headers["Retry-After"]) == (503, "3")
    with requests.get(fakes.base("crossref") + "/works/10.1/x", timeout=5) as second:
        assert (second.status_code, second.text) == (404, "Resource not found.")


def test_every_service_has_a_fake() -> None:
    """A new row of SERVICES needs its fake here: a name, an endpoint and an answer."""
    assert tuple(s.name for s in SERVICES) == SERVICE_NAMES
    assert [f.name for f in structs.fields(Endpoints)] == list(SERVICE_NAMES)
