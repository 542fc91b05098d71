"""The HTTP client against local servers: pacing, retries, timeouts, cache, offline, User-Agent.

Waiting is measured on a fake clock injected into the client (no wall-clock assertions).
"""

from __future__ import annotations

import pickle
import socket
from pathlib import Path

import pytest
from test_enrich_fakes import FakeClock, FakeServices, Scripted, clock, fakes

from belharbi_bib import __version__
from belharbi_bib.enrichment.backoff import RetryPolicy
from belharbi_bib.enrichment.client import (
    CacheError,
    HttpClient,
    HttpStatusError,
    NetError,
    OfflineMiss,
    Unreachable,
)
from belharbi_bib.enrichment.pacing import Pacer
from belharbi_bib.enrichment.services import host_of, intervals

__all__ = ["clock", "fakes"]  # fixtures used by name below


def make_client(
    fakes: FakeServices,
    clock: FakeClock,
    cache_dir: Path | None,
    *,
    offline: bool = False,
    delay: float | None = None,
    policy: RetryPolicy | None = None,
    timeout: tuple[float, float] = (2.0, 5.0),
    mailto: str | None = None,
) -> HttpClient:
    pacer = Pacer(intervals(fakes.endpoints, delay=delay), clock=clock, sleep=clock.sleep)
    return HttpClient(
        cache_dir=cache_dir,
        offline=offline,
        mailto=mailto,
        pacer=pacer,
        policy=policy or RetryPolicy(),
        timeout=timeout,
        jitter=lambda: 0.0,
    )


def test_pacing_per_service_follows_documented_limits(
    fakes: FakeServices, clock: FakeClock
) -> None:
    with make_client(fakes, clock, None) as client:
        for n in range(3):
            client.get(fakes.endpoints.arxiv, {"id_list": f"2101.0000{n}"})
        arxiv_sleeps = list(clock.sleeps)
        clock.sleeps.clear()
        for n in range(3):
            client.get(f"{fakes.endpoints.crossref}/works/10.1/{n}")
        crossref_sleeps = list(clock.sleeps)
        clock.sleeps.clear()
        for n in range(2):
            client.get(fakes.endpoints.dblp, {"q": f"title {n}", "format": "json"})
        dblp_sleeps = list(clock.sleeps)
    assert arxiv_sleeps == [3.0, 3.0]
    assert crossref_sleeps == [0.2, 0.2]
    assert dblp_sleeps == [2.0]
    assert fakes.count() == 8


def test_pacing_counts_time_already_elapsed(fakes: FakeServices, clock: FakeClock) -> None:
    with make_client(fakes, clock, None) as client:
        client.get(fakes.endpoints.arxiv, {"id_list": "1"})
        clock.now += 2.5
        client.get(fakes.endpoints.arxiv, {"id_list": "2"})
    assert clock.sleeps == [0.5]


def test_delay_overrides_pacing_for_every_service(fakes: FakeServices, clock: FakeClock) -> None:
    with make_client(fakes, clock, None, delay=0.5) as client:
        for n in range(3):
            client.get(fakes.endpoints.arxiv, {"id_list": str(n)})
        for n in range(2):
            client.get(fakes.endpoints.dblp, {"q": str(n)})
    assert clock.sleeps == [0.5, 0.5, 0.5]


def test_user_agent_names_library_version_and_contact(
    fakes: FakeServices, clock: FakeClock
) -> None:
    with make_client(fakes, clock, None, mailto="someone@example.org") as client:
        client.get(fakes.endpoints.arxiv, {"id_list": "1"})
    agent = fakes.seen("arxiv")[0].headers["User-Agent"]
    assert agent.startswith(f"belharbi-bib/{__version__} (+https://github.com/")
    assert "mailto:someone@example.org" in agent


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(fakes: FakeServices, clock: FakeClock, status: int) -> None:
    fakes.script("crossref", Scripted(status, b"slow down", {"Retry-After": "7"}))
    with make_client(fakes, clock, None) as client:
        reply = client.get(f"{fakes.endpoints.crossref}/works/10.1/x")
    assert reply.status == 404
    assert fakes.count("crossref") == 2
    assert 7.0 in clock.sleeps


def test_server_errors_back_off_exponentially_then_give_up(
    fakes: FakeServices, clock: FakeClock
) -> None:
    fakes.script("dblp", *[Scripted(500, b"oops") for _ in range(10)])
    with make_client(fakes, clock, None, delay=0) as client, pytest.raises(NetError) as caught:
        client.get(fakes.endpoints.dblp, {"q": "x"})
    assert fakes.count("dblp") == 4  # bounded attempts
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert "gave up after 4 attempts" in caught.value.reason


def test_retry_after_beyond_the_time_budget_gives_up_at_once(
    fakes: FakeServices, clock: FakeClock
) -> None:
    fakes.script("arxiv", Scripted(429, b"", {"Retry-After": "600"}))
    with make_client(fakes, clock, None) as client, pytest.raises(NetError) as caught:
        client.get(fakes.endpoints.arxiv, {"id_list": "1"})
    assert fakes.count("arxiv") == 1
    assert clock.sleeps == []
    assert "exceeds the time budget" in caught.value.reason


@pytest.mark.parametrize("status", [400, 403])
def test_client_errors_are_never_retried(
    fakes: FakeServices, clock: FakeClock, status: int
) -> None:
    fakes.script("arxiv", Scripted(status, b"<feed/>"))
    with make_client(fakes, clock, None) as client, pytest.raises(HttpStatusError) as caught:
        client.get(fakes.endpoints.arxiv, {"id_list": "abc"})
    assert caught.value.status == status
    assert fakes.count("arxiv") == 1
    assert clock.sleeps == []


def test_404_plain_text_is_an_answer_not_retried(fakes: FakeServices, clock: FakeClock) -> None:
    with make_client(fakes, clock, None) as client:
        reply = client.get(f"{fakes.endpoints.crossref}/works/10.1371/notarealdoi")
    assert (reply.status, reply.body, reply.found) == (404, b"Resource not found.", False)
    assert fakes.count("crossref") == 1


def test_read_timeout_is_retried_then_reported(fakes: FakeServices, clock: FakeClock) -> None:
    fakes.script("dblp", Scripted(200, b"{}", delay=1.0), Scripted(200, b"{}", delay=1.0))
    policy = RetryPolicy(attempts=2)
    with (
        make_client(fakes, clock, None, policy=policy, timeout=(2.0, 0.2)) as client,
        pytest.raises(NetError) as caught,
    ):
        client.get(fakes.endpoints.dblp, {"q": "slow"})
    assert "timed out" in caught.value.reason
    assert fakes.count("dblp") == 2


def test_connection_refused_fails_at_once(clock: FakeClock) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pacer = Pacer({}, default=0.0, clock=clock, sleep=clock.sleep)
    client = HttpClient(pacer=pacer, policy=RetryPolicy(attempts=3), jitter=lambda: 0.0)
    with client, pytest.raises(Unreachable) as caught:
        client.get(f"http://127.0.0.1:{port}/api/query")
    assert caught.value.reason == f"127.0.0.1:{port} unreachable (connection refused)"
    assert clock.sleeps == []  # no retry: the next attempt would be refused the same way


def test_unresolvable_name_fails_at_once(clock: FakeClock) -> None:
    pacer = Pacer({}, default=0.0, clock=clock, sleep=clock.sleep)
    client = HttpClient(pacer=pacer, jitter=lambda: 0.0)
    with client, pytest.raises(Unreachable) as caught:
        client.get("http://no-such-host.invalid/api/query")  # .invalid never resolves (RFC 2606)
    assert caught.value.reason == "no-such-host.invalid unreachable (name not resolved)"
    assert clock.sleeps == []


def test_dropped_connection_is_retried(clock: FakeClock) -> None:
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]

    def drop() -> None:  # accept, then close without a word: a dropped connection
        for _ in range(3):
            connection, _address = server.accept()
            connection.close()

    thread = threading.Thread(target=drop, daemon=True)
    thread.start()
    pacer = Pacer({}, default=0.0, clock=clock, sleep=clock.sleep)
    client = HttpClient(pacer=pacer, policy=RetryPolicy(attempts=3), jitter=lambda: 0.0)
    with client, pytest.raises(NetError) as caught:
        client.get(f"http://127.0.0.1:{port}/api/query")
    thread.join(timeout=5)
    server.close()
    assert not isinstance(caught.value, Unreachable)
    assert "connection failed" in caught.value.reason
    assert clock.sleeps == [1.0, 2.0]


def test_second_run_is_answered_by_the_cache(
    fakes: FakeServices, clock: FakeClock, tmp_path: Path
) -> None:
    urls = [f"{fakes.endpoints.crossref}/works/10.1/{n}" for n in range(3)]
    with make_client(fakes, clock, tmp_path) as client:
        first = [client.get(u) for u in urls]
        assert (client.stats.sent, client.stats.cached) == (3, 0)
    with make_client(fakes, clock, tmp_path) as client:
        second = [client.get(u) for u in urls]
        assert (client.stats.sent, client.stats.cached) == (0, 3)
    assert fakes.count() == 3
    assert [r.body for r in first] == [r.body for r in second]
    assert all(r.from_cache for r in second)
    assert (tmp_path / "http-cache.sqlite").is_file()


def test_offline_answers_from_cache_and_misses_loudly(
    fakes: FakeServices, clock: FakeClock, tmp_path: Path
) -> None:
    cached = f"{fakes.endpoints.crossref}/works/10.1/cached"
    with make_client(fakes, clock, tmp_path) as client:
        client.get(cached)
    with make_client(fakes, clock, tmp_path, offline=True) as client:
        assert client.get(cached).from_cache
        with pytest.raises(OfflineMiss):
            client.get(f"{fakes.endpoints.crossref}/works/10.1/other")
    assert fakes.count() == 1


def test_offline_without_cache_sends_nothing(fakes: FakeServices, clock: FakeClock) -> None:
    with make_client(fakes, clock, None, offline=True) as client, pytest.raises(OfflineMiss):
        client.get(fakes.endpoints.arxiv, {"id_list": "1"})
    assert fakes.count() == 0


def test_errors_pickle_with_their_details() -> None:
    errors = (NetError("u", "r"), HttpStatusError("u", 400), OfflineMiss("u"), CacheError("p", "r"))
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy)) == (type(error), str(error))
    assert pickle.loads(pickle.dumps(HttpStatusError("u", 418))).status == 418


def test_hosts_are_compared_with_their_port() -> None:
    assert host_of("http://127.0.0.1:1/a") != host_of("http://127.0.0.1:2/a")


def test_offline_serves_expired_answers(
    fakes: FakeServices, clock: FakeClock, tmp_path: Path
) -> None:
    import time
    from datetime import timedelta

    url = f"{fakes.endpoints.crossref}/works/10.1/old"
    with make_client(fakes, clock, tmp_path) as client:
        client.get(url, ttl=timedelta(seconds=1))
    time.sleep(1.2)  # requests-cache compares expiry with the wall clock
    with make_client(fakes, clock, tmp_path, offline=True) as client:
        assert client.get(url).from_cache
    with make_client(fakes, clock, tmp_path) as client:
        assert not client.get(url, ttl=timedelta(seconds=1)).from_cache  # online: refreshed
    assert fakes.count() == 2


def test_crossref_polite_pool_pacing_with_a_contact() -> None:
    from belharbi_bib.enrichment.services import Endpoints

    assert intervals(Endpoints())["api.crossref.org"] == 0.2
    assert intervals(Endpoints(), polite=True)["api.crossref.org"] == 0.1
    assert intervals(Endpoints())["dblp.org"] == 2.0
    assert intervals(Endpoints())["export.arxiv.org"] == 3.0


def test_every_service_row_has_an_endpoint_and_a_pacing() -> None:
    from belharbi_bib import structs
    from belharbi_bib.enrichment.services import SERVICES, SOURCES, Endpoints

    names = [s.name for s in SERVICES]
    assert names == [f.name for f in structs.fields(Endpoints)]
    env = {s.env: f"http://{s.name}.test/x" for s in SERVICES}
    endpoints = Endpoints.from_env(env)
    assert [endpoints.url(n) for n in names] == [f"http://{n}.test/x" for n in names]
    assert set(intervals(endpoints)) == {f"{n}.test" for n in names}
    assert SOURCES == ("arxiv", "crossref", "dblp")


def test_net_settings_reach_every_service(monkeypatch: pytest.MonkeyPatch) -> None:
    """The services only add and discover read are reached, and paced, through NetSettings."""
    from belharbi_bib.enrichment import NetSettings, open_client
    from belharbi_bib.enrichment.services import Endpoints

    monkeypatch.delenv("BELHARBI_BIB_DELAY", raising=False)
    ends = Endpoints(openreview="http://or.invalid/api", orcid="http://orcid.invalid/v3.0")
    with open_client(NetSettings(cache=False, endpoints=ends)) as client:
        assert client.pacer.interval("or.invalid") == 1.0
        assert client.pacer.interval("orcid.invalid") == 0.5
