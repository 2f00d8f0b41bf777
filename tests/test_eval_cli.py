"""`qa eval` end to end on the tiny corpus with the fake embedder: table, exit codes, reports, --url, --compare."""

import json
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

import pytest

from qa import cli
from qa.config import ROOT

TINY_GOLDEN = """\
- id: cats-sleep
  question: How long do cats sleep each day?
  expect_doc: cats
  expect_any: ["sixteen hours"]
  tags: [cats]
- id: volcano-erupt
  question: When does a volcano erupt?
  expect_doc: [volcanoes]
  expect_any: ["pressure from gases", "Lava is molten rock"]
- id: etna-where
  question: Where is Mount Etna?
  expect_any: ["in  SICILY"]
  k: 2
- id: cats-first-kept-when
  history: ["Where were domestic cats first kept?"]
  question: And when was that?
  expect_doc: cats
  expect_any: ["ten thousand years ago"]
- id: football
  question: Who won the football match yesterday?
  expect_abstain: true
"""
IDS = ["cats-sleep", "volcano-erupt", "etna-where", "cats-first-kept-when", "football"]


@pytest.fixture
def golden(tmp_path, monkeypatch, tiny_engine):
    """The tiny golden file; the CLI's engine is the tiny fake one; cwd has no pyproject (thresholds 0)."""
    monkeypatch.setattr(cli, "_engine", lambda settings, **kw: tiny_engine)
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "tiny.yaml"
    f.write_text(TINY_GOLDEN)
    return f


def broken_copy(golden, name="broken.yaml"):
    """A copy with one expected phrase changed to something the readings never say."""
    f = golden.with_name(name)
    f.write_text(golden.read_text().replace('"sixteen hours"', '"purple elephants"'))
    return f


def run(capsys, *argv):
    code = cli.main(["eval", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_passing_file_prints_table_and_summary(golden, capsys):
    code, out, err = run(capsys, golden)
    assert code == 0, err
    for qid in IDS:
        assert any(line.startswith("PASS") and qid in line for line in out.splitlines())
    assert "“" in out and "[cats " in out  # top quotes with doc and offsets
    for label in ["hit@1", "hit@k", "MRR", "abstention precision", "abstention recall", "false-abstention rate",
                  "quotes equal to raw[start:end]", "latency p50", "latency p95"]:
        assert label in out
    assert "5 questions (4 answerable, 1 out of scope)" in out


def test_changed_phrase_misses_threshold_and_names_the_question(golden, capsys):
    code, out, err = run(capsys, broken_copy(golden), "--min-hitk", "1")
    assert code == 1
    assert any(line.startswith("FAIL") and "cats-sleep" in line for line in out.splitlines())
    assert "hit@k 0.750 is below 1.000 (--min-hitk); failing: cats-sleep" in err


def test_thresholds_default_from_pyproject(golden, capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.qa.eval]\nmin-hitk = 1.0\nmax_false_abstain = 0\n")
    code, _, err = run(capsys, broken_copy(golden))
    assert code == 1 and "cats-sleep" in err
    code, _, err = run(capsys, broken_copy(golden), "--min-hitk", "0.5")  # the option wins
    assert code == 0, err


@pytest.mark.parametrize(
    "table, message",
    [("[tool.qa.eval]\nmin-hit2 = 1\n", "min-hit2: unknown key"), ("[tool.qa.eval]\nmin-hitk = 2\n", "min-hitk: must be a number between 0 and 1")],
)
def test_bad_pyproject_thresholds_name_file_and_key(golden, capsys, tmp_path, table, message):
    (tmp_path / "pyproject.toml").write_text(table)
    code, _, err = run(capsys, golden)
    assert code == 1 and "pyproject.toml: [tool.qa.eval]: " + message in err and err.count("\n") == 1


def test_baseline_catches_a_newly_failing_question(golden, capsys, tmp_path):
    base = tmp_path / "base.json"
    assert run(capsys, golden, "--report", base)[0] == 0
    code, _, err = run(capsys, golden, "--baseline", base)
    assert code == 0, err
    code, _, err = run(capsys, broken_copy(golden, "tiny-edited.yaml"), "--baseline", base)
    assert code == 1
    assert f"1 question(s) passed in the baseline {base} and now fail: cats-sleep" in err


@pytest.mark.parametrize("content, message", [(None, "cannot read the baseline"), ("{", "not JSON"), ('{"a": 1}', "not a `qa eval --report` file")])
def test_bad_baseline(golden, capsys, tmp_path, content, message):
    base = tmp_path / "base.json"
    if content is not None:
        base.write_text(content)
    code, _, err = run(capsys, golden, "--baseline", base)
    assert code == 1 and message in err and str(base) in err


def test_report_holds_every_answer_and_citation(golden, capsys, tmp_path):
    out = tmp_path / "report.json"
    assert run(capsys, broken_copy(golden), "--report", out)[0] == 0
    r = json.loads(out.read_text())
    assert r["format"] == "qa-eval-report/1" and r["passed"] is True and len(r["runs"]) == 1
    run_ = r["runs"][0]
    assert run_["mode"] == "hybrid" and run_["summary"]["questions"] == 5
    qs = {q["id"]: q for q in run_["questions"]}
    assert list(qs) == IDS and qs["cats-sleep"]["passed"] is False and qs["volcano-erupt"]["rank"] == 1
    for q in qs.values():
        assert q["item"]["question"] and "citations" in q["answer"]
        for c in q["answer"]["citations"]:
            assert {"doc_id", "start", "end", "quote"} <= set(c)


def test_junit_has_one_case_per_question(golden, capsys, tmp_path):
    out = tmp_path / "junit.xml"
    assert run(capsys, broken_copy(golden), "--junit", out)[0] == 0
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "5" and root.get("failures") == "1"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == IDS
    failure = cases[0].find("failure")
    assert failure is not None and "How long do cats sleep each day?" in failure.text and "purple elephants" in failure.text
    assert all(c.find("failure") is None for c in cases[1:])


def test_compare_prints_modes_side_by_side(golden, capsys, tmp_path):
    out = tmp_path / "r.json"
    code, text, err = run(capsys, golden, "--compare", "bm25,dense,hybrid", "--report", out)
    assert code == 0, err
    header = next(line for line in text.splitlines() if "hit@1" in line)
    assert len(header.split()) == 4  # label + three modes
    assert text.splitlines()[0].split() == ["id", "bm25", "dense", "hybrid"]
    assert [r["mode"] for r in json.loads(out.read_text())["runs"]] == ["bm25", "dense", "hybrid"]


def test_compare_checks_thresholds_on_the_hybrid_run(golden, capsys):
    code, _, err = run(capsys, broken_copy(golden), "--compare", "bm25,dense,hybrid", "--min-hitk", "1")
    assert code == 1 and "[hybrid] hit@k 0.750 is below 1.000" in err and "[bm25]" not in err and "[dense]" not in err
    code, _, err = run(capsys, broken_copy(golden), "--compare", "bm25,dense", "--min-hitk", "1")
    assert code == 1 and "[bm25] hit@k" in err and "[dense] hit@k" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--compare", "bm25,sparse"], "unknown retrieval mode 'sparse'"),
        (["--compare", "bm25,hybrid", "--url", "http://127.0.0.1:9"], "--url asks the server"),
        ([], "give at least one golden file"),
    ],
)
def test_bad_options_are_one_line_errors(golden, capsys, args, message):
    code, _, err = run(capsys, *([golden] if args else []), *args)
    assert code == 1 and message in err and err.count("\n") == 1


def test_malformed_golden_file_fails_before_any_engine(golden, capsys, monkeypatch):
    monkeypatch.setattr(cli, "_engine", lambda *a, **k: pytest.fail("the engine must not load for a broken file"))
    golden.write_text(TINY_GOLDEN + "  expected_any: [x]\n")
    code, _, err = run(capsys, golden)
    assert code == 1 and f"{golden}: entry football (line 19): expected_any: unknown key" in err


def test_schema_command_writes_the_schema(tmp_path, capsys):
    from qa.golden import golden_schema

    out = tmp_path / "schema.json"
    assert cli.main(["eval", "--schema", str(out)]) == 0
    assert json.loads(out.read_text()) == golden_schema()
    assert cli.main(["eval", "--schema", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == golden_schema()


@pytest.fixture
def server_url(tiny_engine):
    """The real JSON API over the tiny engine, on a free local port, stopped after the test."""
    import uvicorn

    from ui.server import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(tiny_engine), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.mark.timeout(120)
def test_url_runs_the_file_against_a_running_server(golden, capsys, tmp_path, server_url, monkeypatch):
    monkeypatch.setattr(cli, "_engine", lambda *a, **k: pytest.fail("--url must not load a local engine"))
    out = tmp_path / "remote.json"
    code, text, err = run(capsys, broken_copy(golden), "--url", server_url, "--report", out, "--min-hitk", "0.9")
    assert code == 1 and "failing: cats-sleep" in err
    assert f"against {server_url}" in text
    r = json.loads(out.read_text())
    qs = {q["id"]: q for q in r["runs"][0]["questions"]}
    assert [q for q, v in qs.items() if v["passed"]] == IDS[1:]
    assert r["runs"][0]["summary"]["verbatim"] == 1.0  # document texts fetched from the server


def test_url_that_nobody_answers(golden, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = run(capsys, golden, "--url", f"http://127.0.0.1:{port}")
    assert code == 1 and f"cannot reach http://127.0.0.1:{port}/api/ask" in err and err.count("\n") == 1


def test_help_stays_light():
    """`qa --help` must not import the heavy libraries."""
    code = ("import sys, qa.cli; qa.cli.parser().format_help(); "
            "heavy = [m for m in ('torch', 'gradio', 'sentence_transformers', 'faiss', 'httpx', 'qa.engine') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
