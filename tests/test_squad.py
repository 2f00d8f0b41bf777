"""`qa bench squad` on a tiny SQuAD-format file with the fake embedder; corpus offsets; hit rules."""

import json

import pytest

from qa import cli, squad
from qa.config import ROOT

PARAGRAPHS = {
    "Big_Cats": [
        ("Lions live in groups called prides. A lion can sleep for twenty hours a day.",
         [("What is a group of lions called?", "prides"), ("How long can a lion sleep?", "twenty hours")]),
        ("Tigers are the largest cats.\nThey hunt alone at night.", [("When do tigers hunt?", "at night")]),
    ],
    "Volcanoes_(Earth)": [
        ("Mount Etna is on the island of Sicily. It erupts often.", [("Where is Mount Etna?", "Sicily")]),
        ("Lava is molten rock that reaches the surface.", [("What is lava?", "molten rock")]),
    ],
}
REAL = ROOT.parent / "shared" / "bench" / "squad-dev-v1.1.json"


def squad_json(paragraphs=PARAGRAPHS) -> dict:
    data, n = [], 0
    for title, paras in paragraphs.items():
        ps = []
        for context, qas in paras:
            items = []
            for question, answer in qas:
                n += 1
                items.append({"id": f"q{n}", "question": question, "answers": [{"text": answer, "answer_start": context.index(answer)}] * 2})
            ps.append({"context": context, "qas": items})
        data.append({"title": title, "paragraphs": ps})
    return {"version": "1.1", "data": data}


@pytest.fixture
def tiny_squad(tmp_path):
    f = tmp_path / "squad.json"
    f.write_text(json.dumps(squad_json()))
    return f


def test_corpus_offsets_point_at_the_gold_answers():
    c = squad.to_corpus(squad_json())
    assert list(c.docs) == ["00_Big_Cats", "01_Volcanoes_Earth"] and c.paragraphs == 4 and len(c.questions) == 5
    assert c.docs["00_Big_Cats"].startswith("Big Cats\n\nLions live") and "\n\nTigers are" in c.docs["00_Big_Cats"]
    for q in c.questions:
        assert len(q.answers) == 1  # duplicates folded
        assert [c.docs[q.doc_id][s:e] for s, e in q.spans] == list(q.answers)


@pytest.mark.skipif(not REAL.exists(), reason="the shared SQuAD file is not here")
def test_real_file_offsets_round_trip():
    c = squad.to_corpus(squad.load(REAL))
    assert (len(c.docs), c.paragraphs, len(c.questions)) == (48, 2067, 10570)
    assert all(c.docs[q.doc_id][s:e] in q.answers for q in c.questions for s, e in q.spans)


Q = squad.Question("q", "d", "Where?", ((10, 16),), ("Sicily",))


@pytest.mark.parametrize(
    "quote, hit",
    [
        ({"doc_id": "d", "start": 0, "end": 12, "quote": "x" * 12}, True),  # overlaps the span
        ({"doc_id": "d", "start": 16, "end": 30, "quote": "the SICILY coast"}, True),  # contains the answer text
        ({"doc_id": "d", "start": 16, "end": 30, "quote": "no answer here"}, False),
        ({"doc_id": "e", "start": 10, "end": 16, "quote": "Sicily"}, False),  # another article
    ],
)
def test_hit(quote, hit):
    assert squad.hit(quote, Q) is hit


def test_score_counts_abstentions_as_misses_but_keeps_closest():
    close = {"doc_id": "d", "start": 10, "end": 16, "quote": "Sicily"}
    s = squad.score({"abstained": True, "citations": [], "closest": [close], "took_ms": 3.0}, Q)
    assert (s["top1"], s["top3"], s["top1_any"], s["top3_any"], s["chars"]) == (False, False, True, True, 6)


def test_bench_command_on_a_tiny_file(tiny_squad, tmp_path, capsys, monkeypatch):
    from index import embed

    monkeypatch.setattr(embed, "MiniLM", embed.HashEmbedder)  # no model download, no model load
    report = tmp_path / "bench.json"
    code = cli.main(["bench", "squad", "--file", str(tiny_squad), "--sample", "4", "--seed", "1", "--report", str(report)])
    out = capsys.readouterr().out
    assert code == 0
    assert "2 articles, 4 paragraphs, 5 questions" in out and "Sample: 4 questions (seed 1)" in out
    for mode in ("hybrid", "bm25", "dense"):
        assert any(line.startswith(mode) for line in out.splitlines())
    r = json.loads(report.read_text())
    assert r["sample"] == 4 and r["counts"]["documents"] == 2 and r["build_s"] >= 0
    for m in r["modes"].values():
        assert all(0 <= m[k] <= 1 for k in ("top1", "top3", "abstained", "top1_any", "top3_any"))
        assert m["top1"] <= m["top3"] and m["top1_any"] <= m["top3_any"] and m["p50_ms"] <= m["p95_ms"]


def test_same_seed_same_sample():
    qs = squad.to_corpus(squad_json()).questions
    import random

    assert random.Random(3).sample(qs, 3) == random.Random(3).sample(qs, 3)


@pytest.mark.parametrize(
    "content, message",
    [(None, "cannot read the benchmark file"), ("[1]", "no 'data' list"), ('{"data": [{"title": "A"}]}', "article #1: needs 'title' and a 'paragraphs' list")],
)
def test_bad_benchmark_files_are_one_line_errors(tmp_path, capsys, content, message):
    f = tmp_path / "bad.json"
    if content is not None:
        f.write_text(content)
    assert cli.main(["bench", "--file", str(f)]) == 1
    err = capsys.readouterr().err
    assert str(f) in err and message in err and err.count("\n") == 1
