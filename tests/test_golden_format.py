"""The golden file format: loading, errors that name file/entry/key, the published schema, judging and metrics."""

import json

import pytest

from qa.config import ROOT
from qa.golden import GoldenError, GoldenItem, Judgement, describe, golden_schema, judge, load_golden, summarise

SEEDS = ROOT / "tests" / "golden" / "seeds.yaml"
SCHEMA = ROOT / "tests" / "golden" / "schema.json"
GOOD = "- id: a\n  question: Why?\n  expect_any: [because]\n"


def test_seeds_file_loads_with_unique_ids_and_lines():
    items = load_golden(SEEDS)
    assert len(items) >= 50
    assert len({i.id for i in items}) == len(items)
    assert all(i.line > 0 for i in items) and [i.line for i in items] == sorted(i.line for i in items)
    assert any(i.expect_abstain for i in items) and any(i.expect_any for i in items)


def test_optional_fields_and_defaults(tmp_path):
    f = tmp_path / "g.yaml"
    f.write_text(GOOD + "- id: b\n  question: And then?\n  history: ['Why?']\n  expect_doc: [d1, d2]\n  expect_any: [x]\n  k: 5\n  tags: [t]\n"
                 "- id: c\n  question: Capital of France?\n  expect_abstain: true\n")
    a, b, c = load_golden(f)
    assert (a.k, a.docs, a.history, a.tags, a.line) == (3, [], [], [], 1)
    assert (b.k, b.docs, b.history, b.tags) == (5, ["d1", "d2"], ["Why?"], ["t"])
    assert c.expect_abstain and not c.expect_any


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD + "  expect_anyy: [x]\n", "entry a (line 1): expect_anyy: unknown key"),
        (GOOD + GOOD, "entry a (line 4): id: duplicate id (first used on line 1)"),
        ("- id: a\n  question: Why?\n  tags: [x]\n", "entry a (line 1): expect_any: needs expect_any"),
        ("- id: a\n  question: Why?\n  expect_any: [x]\n  expect_abstain: true\n", "entry a (line 1): expect_abstain: cannot have both"),
        ("- id: a\n  expect_any: [x]\n", "entry a (line 1): question: Field required"),
        ("- question: Why?\n  expect_any: [x]\n", "entry #1 (line 1): id: Field required"),
        (GOOD + "  k: 0\n", "entry a (line 1): k: Input should be greater than or equal to 1"),
        ("- id: a\n  question: Why?\n  expect_any: ['']\n", "entry a (line 1): expect_any.0: String should have at least 1 character"),
        (GOOD + "  question: Again?\n", "entry a (line 1): question: key given twice"),
        (GOOD + "- just a string\n", "entry #2 (line 4): entry: must be a mapping"),
        ("id: a\nquestion: Why?\n", "must be a YAML list of entries"),
        ("", "the file is empty"),
        ("- id: a\n  question: [unclosed\n", "not valid YAML (line 3, column 1: expected ',' or ']'"),
    ],
)
def test_malformed_files_name_the_file_entry_and_key(tmp_path, text, expected):
    f = tmp_path / "broken.yaml"
    f.write_text(text)
    with pytest.raises(GoldenError) as e:
        load_golden(f)
    msg = str(e.value)
    assert str(f) in msg and expected in msg
    assert "\n" not in msg


def test_missing_file_says_so(tmp_path):
    with pytest.raises(GoldenError, match="cannot read the file"):
        load_golden(tmp_path / "nope.yaml")


def test_published_schema_is_the_models_current_schema():
    """Regenerate with: qa eval --schema tests/golden/schema.json"""
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == golden_schema()


def test_schema_describes_every_field():
    schema = golden_schema()
    props = schema["$defs"]["GoldenItem"]["properties"]
    assert schema["type"] == "array" and set(props) == set(GoldenItem.model_fields)
    assert all(p.get("description") for p in props.values())
    assert schema["$defs"]["GoldenItem"]["additionalProperties"] is False


def _cite(doc, quote, start=0, n=1):
    return {"n": n, "doc_id": doc, "start": start, "end": start + len(quote), "quote": quote}


def _answer(*cites, abstained=False, ms=10.0):
    return {"abstained": abstained, "citations": list(cites), "closest": [], "took_ms": ms}


ITEM = GoldenItem(id="x", question="q?", expect_doc="d1", expect_any=["Sixteen  Hours"], k=2)


@pytest.mark.parametrize(
    "answer, passed, rank",
    [
        (_answer(_cite("d1", "Cats sleep for about sixteen\nhours.")), True, 1),  # case and whitespace folded
        (_answer(_cite("d1", "Nothing here."), _cite("d1", "about SIXTEEN hours", n=2)), True, 2),
        (_answer(_cite("d2", "sixteen hours"), _cite("d1", "no")), False, None),  # wrong document
        (_answer(_cite("d1", "a"), _cite("d1", "b"), _cite("d1", "sixteen hours")), False, None),  # beyond k
        (_answer(abstained=True), False, None),
    ],
)
def test_judge(answer, passed, rank):
    j = judge(ITEM, answer)
    assert (j.passed, j.rank) == (passed, rank)


def test_judge_counts_quotes_that_differ_from_the_text():
    texts = {"d1": "xx sixteen hours yy"}
    good, bad = _cite("d1", "sixteen hours", start=3), _cite("d1", "sixteen hours", start=4)
    assert judge(ITEM, _answer(good, bad), texts).verbatim == 1


def test_abstain_items():
    item = GoldenItem(id="oos", question="Capital of France?", expect_abstain=True)
    assert judge(item, _answer(abstained=True)).passed
    assert not judge(item, _answer(_cite("d1", "Paris"))).passed


def test_summarise_metrics():
    oos = GoldenItem(id="oos", question="?", expect_abstain=True)
    js = [
        judge(ITEM, _answer(_cite("d1", "sixteen hours")), None),  # rank 1
        judge(ITEM, _answer(_cite("d1", "no"), _cite("d1", "sixteen hours")), None),  # rank 2
        judge(ITEM, _answer(abstained=True)),  # false abstention
        judge(ITEM, _answer(_cite("d1", "no"))),  # miss
        judge(oos, _answer(abstained=True)),  # right abstention
        judge(oos, _answer(_cite("d1", "no"))),  # answered out of scope
    ]
    s = summarise(js)
    assert (s["questions"], s["answerable"], s["out_of_scope"]) == (6, 4, 2)
    assert s["hit@1"] == 0.25 and s["hit@k"] == 0.5 and s["mrr"] == pytest.approx((1 + 0.5) / 4)
    assert s["abstain_precision"] == 0.5 and s["abstain_recall"] == 0.5 and s["false_abstain"] == 0.25
    assert s["verbatim"] == 1.0 and s["errors"] == 0


def test_describe_shows_question_expectation_and_quotes_with_offsets():
    j = judge(ITEM, _answer(_cite("d1", "Cats purr.", start=40)))
    j.file = "g.yaml"
    text = describe(j)
    assert "FAIL x: no expected phrase in the top 2 quotes" in text
    assert "question: q?" in text and "'Sixteen  Hours'" in text and "from d1" in text
    assert "[1] d1 40:50 “Cats purr.”" in text


def test_describe_error():
    j = Judgement(ITEM, False, None, False, 0, 0, 0.0, {}, file="g.yaml", error="The question is empty")
    assert "ERROR x" in describe(j) and "error: The question is empty" in describe(j)
