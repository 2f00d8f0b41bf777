"""Load on a real server over the tiny corpus: short, bounded runs of ``qa.loadgen`` (no speed is asserted).

The minute-long soak and the 1/8/32-client bench with the real model are
``qa soak`` and ``qa bench http``; their figures are in the README.
"""

from __future__ import annotations

import json

import pytest

from qa import loadgen
from tests.conftest import TINY, write_corpus
from tests.ui_support import serving, tiny_engine
from ui.options import WebOptions
from ui.server import create_app

pytestmark = pytest.mark.timeout(180)
CATS = ["How long do cats sleep each day?", "Why does a volcano erupt?", "Where is Mount Etna?", "When were cats first kept?"]
AWAY = ["What is the capital of France?", "Who won the football match yesterday?"]


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    engine = tiny_engine(tmp_path_factory.mktemp("load"))
    with serving(create_app(engine, WebOptions(rate_per_minute=0))) as base:
        yield base


def test_mixed_load_gets_no_5xx_answers_every_question_and_refuses_malformed_ones(url):
    r = loadgen.run(url, clients=8, seconds=5, in_scope=CATS, out_of_scope=AWAY)
    assert r["server_errors"] == 0 and r["unanswered"] == 0 and r["malformed_not_4xx"] == 0, r["error_samples"]
    assert r["errors"] == 0 and r["requests"] >= 20 and all(r["by_kind"].values()), r
    assert set(r["by_status"]) <= {"200", "400", "413", "422"} and r["p50_ms"] <= r["p95_ms"]


def test_rate_limited_clients_are_counted_as_errors(tmp_path):
    engine = tiny_engine(tmp_path)
    with serving(create_app(engine, WebOptions(rate_per_minute=60, rate_burst=5))) as base:
        r = loadgen.run(base, clients=4, seconds=2, in_scope=CATS, out_of_scope=AWAY, mix=loadgen.WELL_FORMED)
    assert r["by_status"].get("429", 0) > 0 and r["unanswered"] == r["by_status"]["429"] and r["server_errors"] == 0


def test_bench_reports_each_client_count(url, tmp_path):
    report = loadgen.bench(url, clients=(1, 4), seconds=1.5, warmup=0.5, in_scope=CATS, out_of_scope=AWAY)
    assert [row["clients"] for row in report["rows"]] == [1, 4]
    assert all(row["errors"] == 0 and row["rps"] > 0 for row in report["rows"]) and max(r["share_of_best"] for r in report["rows"]) == 1
    table = loadgen.format_bench(report)
    assert table.splitlines()[0].startswith("clients") and len(table.splitlines()) == 4
    json.dumps(report)


def test_question_variants_differ_only_in_spacing():
    seen = {loadgen.vary("How long do cats sleep each day?", n) for n in range(200)}
    assert len(seen) == 200 and {" ".join(v.split()) for v in seen} == {"How long do cats sleep each day?"}


@pytest.mark.model
@pytest.mark.timeout(600)
def test_soak_plumbing_with_the_real_server(tmp_path):
    from qa import soak

    env = {"QA_DOCS": str(write_corpus(tmp_path / "docs", TINY)), "QA_STORE": str(tmp_path / "store")}
    report = soak.soak(clients=4, seconds=3, warmup=2, env=env)
    assert report["checks"]["no_5xx_or_dropped"] and report["checks"]["every_well_formed_answered"], report["load"]["error_samples"]
    assert report["rss_mb"]["after_warmup"] > 50 and report["load"]["requests"] > 0
