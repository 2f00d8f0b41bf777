"""The order quotes are chosen in (``RANKER``) and the bench that fits it (``qa bench ranker``)."""

import numpy as np
import pytest

GOLDEN = """
- id: cats-sleep
  question: How long do cats sleep each day?
  expect_any: [sixteen hours]
- id: etna
  question: Which volcano in Sicily is one of the most active?
  expect_doc: volcanoes
  expect_any: [Mount Etna]
- id: purr
  question: When does a cat purr?
  expect_any: [when it is content]
- id: out-of-scope
  question: What is the capital of France?
  expect_abstain: true
"""


def test_every_feature_of_a_candidate_has_a_weight(tiny_engine):
    from qa.answer import RANKER

    cands = tiny_engine.candidates("How long do cats sleep each day?")
    assert len(cands.score) and set(cands.features) | {"score"} == set(RANKER)
    assert all(len(v) == len(cands.score) for v in cands.features.values())


@pytest.mark.parametrize("name", ["words", "doc", "share"])
def test_quotes_come_in_rank_order_and_only_nearly_as_good_ones_follow(tiny_engine, name):
    from qa import answer as ans

    cands = tiny_engine.candidates("How long do cats sleep each day?")
    quotes = ans.choose(tiny_engine.store, cands, k=3, weights={name: 1.0})
    first = int(np.argmax(cands.features[name]))
    assert (quotes[0].start, quotes[0].score) == (int(tiny_engine.store.sentences[cands.first[first], 1]), pytest.approx(cands.score[first]))
    assert all(q.score >= quotes[0].score - ans.NEAR_BEST for q in quotes)
    assert [q.score for q in ans.choose(tiny_engine.store, cands, k=1, weights={"score": 1.0})] == [pytest.approx(cands.score.max())]


def test_the_bench_labels_candidates_as_qa_eval_judges_answers(tiny_engine, tmp_path, monkeypatch):
    from qa import answer as ans
    from qa import rankfit
    from qa.golden import judge, load_golden

    golden = tmp_path / "tiny.yaml"
    golden.write_text(GOLDEN, encoding="utf-8")
    groups = rankfit.collect("tiny", tiny_engine, golden)
    assert [len(g.right) for g in groups] == [len(tiny_engine.candidates(it.question).score) for it in load_golden(golden) if not it.expect_abstain]
    assert all(g.right.any() for g in groups)  # each answer is among the candidates
    texts = {d.doc_id: d.text for d in tiny_engine.store.docs}
    items = [it for it in load_golden(golden) if not it.expect_abstain]
    for weights in ({"score": 1.0}, ans.RANKER):
        monkeypatch.setattr(ans, "RANKER", weights)
        tiny_engine._cache.clear()
        for it, g in zip(items, groups):
            j = judge(it, {**tiny_engine.ask(it.question).model_dump(), "abstained": False}, texts)
            assert rankfit.hits(g, weights) == (j.rank == 1, j.rank is not None), it.id


def test_fitting_learns_which_input_marks_the_right_candidate():
    from qa import rankfit

    rng = np.random.default_rng(1)
    names = rankfit.names()
    groups = []
    for _ in range(60):
        x = rng.normal(size=(8, len(names)))
        right = np.zeros(8, dtype=bool)
        right[np.argmax(x[:, 0] + 3 * x[:, names.index("doc")] - 2 * x[:, names.index("asks")])] = True
        groups.append(rankfit.Group("t", None, None, None, x, right))
    w = rankfit.fit(groups)
    assert w["score"] == 1.0 and w["doc"] > 1.5 and w["asks"] < -0.5
    assert max(abs(w[n]) for n in names if n not in ("score", "doc", "asks")) < 0.5


def test_a_documents_closeness_is_that_of_the_sum_of_its_passages(tiny_engine):
    store, tokens = tiny_engine.store, tiny_engine._active.tokens
    qvec = tiny_engine.embed_query("Which volcano in Sicily is one of the most active?")
    docs = np.arange(len(store.docs))
    expected = []
    for d in docs:
        v = np.asarray(store.passage_vectors)[store.passages[:, 0] == d].sum(axis=0)
        expected.append(float(v @ qvec) / float(np.linalg.norm(v)))
    assert tokens.doc_closeness(docs[::-1], qvec) == pytest.approx(expected[::-1], abs=1e-5)
    assert tokens.doc_closeness(docs, qvec) == pytest.approx(expected, abs=1e-5)  # kept, and the same
    assert int(np.argmax(expected)) == [d.doc_id for d in store.docs].index("volcanoes")
