"""The command line: fast help, one-line errors with a non-zero exit, JSON output."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

QA = str(Path(sys.executable).with_name("qa"))


def run(*args, env=None, timeout=300):
    e = dict(os.environ, HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", **(env or {}))
    return subprocess.run([QA, *args], capture_output=True, text=True, env=e, timeout=timeout, stdin=subprocess.DEVNULL)


def test_help_is_instant_and_imports_nothing_heavy():
    t = time.perf_counter()
    r = run("--help")
    assert r.returncode == 0 and "ask" in r.stdout
    assert time.perf_counter() - t < 5  # generous bound for a loaded machine; typically ~0.1 s
    probe = subprocess.run([sys.executable, "-c", "import sys, qa.cli; print(any(m in sys.modules for m in ('torch', 'gradio', 'faiss', 'sentence_transformers')))"],
                           capture_output=True, text=True)
    assert probe.stdout.strip() == "False"


@pytest.mark.parametrize("question, fragment", [("", "empty"), ("   ", "empty"), ("x" * 1200, "characters long"), ("???", "no words")])
def test_bad_question_is_one_line_and_exit_1(question, fragment, tmp_path):
    r = run("ask", question, env={"QA_STORE": str(tmp_path / "s")})
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and fragment in lines[0]
    assert "Traceback" not in r.stderr


def test_empty_docs_folder_is_one_line(tmp_path):
    (tmp_path / "docs").mkdir()
    r = run("--docs", str(tmp_path / "docs"), "--store", str(tmp_path / "s"), "ask", "What?")
    assert r.returncode == 1 and "No readable" in r.stderr and "Traceback" not in r.stderr


def test_missing_docs_folder_is_one_line(tmp_path):
    r = run("--docs", str(tmp_path / "nope"), "--store", str(tmp_path / "s"), "build")
    assert r.returncode == 1 and "does not exist" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.model
def test_ask_json_many_questions_and_bad_document_named(tmp_path):
    from tests.conftest import TINY, write_corpus

    docs = write_corpus(tmp_path / "docs", TINY)
    (docs / "bad.txt").write_bytes(b"caf\xe9 latin-1 text")
    r = run("--docs", str(docs), "--store", str(tmp_path / "s"), "ask", "--json", "How long do cats sleep?", "What is lava?")
    assert r.returncode == 0, r.stderr
    assert "bad.txt" in r.stderr and "UTF-8" in r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["question"] for x in rows] == ["How long do cats sleep?", "What is lava?"]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in docs.glob("*.txt") if p.stem != "bad"}
    for row in rows:
        for c in row["citations"]:
            assert texts[c["doc_id"]][c["start"] : c["end"]] == c["quote"]
    assert "sixteen hours" in rows[0]["citations"][0]["quote"]
