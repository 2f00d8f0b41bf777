"""ask() on the tiny corpus with the fake embedder: quotes, offsets, errors, follow-ups."""

import pytest

from qa.errors import BadQuestion, UnknownDocument


def test_answer_quotes_the_right_sentence(tiny_engine):
    a = tiny_engine.ask("How long do cats sleep each day?")
    assert not a.abstained
    top = a.citations[0]
    assert top.doc_id == "cats" and "sixteen hours" in top.quote
    assert f"{top.quote} [1]" in a.answer


def test_every_quote_is_the_source_text_at_its_offsets(tiny_engine):
    for q in ["When do volcanoes erupt?", "What is lava?", "Where were cats first kept?", "Etna"]:
        a = tiny_engine.ask(q)
        for c in a.citations + a.closest:
            text = tiny_engine.document(c.doc_id)["text"]
            assert text[c.start : c.end] == c.quote
            assert text[c.passage_start : c.passage_end] == c.passage
            assert c.passage_start <= c.start < c.end <= c.passage_end


def test_boilerplate_is_never_cited(tiny_engine):
    for q in ["cookies browser website", "subscribe newsletter sign up"]:
        a = tiny_engine.ask(q, k=5)
        for c in a.citations + a.closest:
            assert "cookie" not in c.quote.lower() and "newsletter" not in c.quote.lower()


def test_unrelated_question_abstains(tiny_engine):
    a = tiny_engine.ask("Who won the football match yesterday?")
    assert a.abstained and not a.citations and "don't cover" in a.answer


@pytest.mark.parametrize(
    "question, message",
    [("", "empty"), ("   \n\t", "empty"), ("?!", "no words"), ("x" * 1001, "characters long"), ("\x00\x01", "empty")],
)
def test_bad_questions_say_what_to_fix(tiny_engine, question, message):
    with pytest.raises(BadQuestion, match=message):
        tiny_engine.ask(question)


@pytest.mark.parametrize("k", [0, -1, 11])
def test_k_out_of_range(tiny_engine, k):
    with pytest.raises(BadQuestion, match="k must be"):
        tiny_engine.ask("cats", k=k)


def test_follow_up_uses_the_previous_question(tiny_engine):
    history = [{"role": "user", "content": "How long do cats sleep?"}, {"role": "assistant", "content": "..."}]
    a = tiny_engine.ask("Why does it purr?", history=history)
    assert "cats" in a.resolved_question.lower()
    assert a.citations and a.citations[0].doc_id == "cats"
    alone = tiny_engine.ask("How hot is lava in a volcano?", history=history)
    assert alone.resolved_question == "How hot is lava in a volcano?"


def test_follow_up_chooses_with_one_vector_and_is_judged_with_another(tiny_engine):
    import numpy as np

    from index.tokens import tokenize
    from qa import answer as ans
    from qa.engine import FOLLOWUP_CONFIDENCE_WEIGHT, FOLLOWUP_CONTEXT_WEIGHT

    assert FOLLOWUP_CONTEXT_WEIGHT != FOLLOWUP_CONFIDENCE_WEIGHT
    context, q = "How long do cats sleep?", "Why does it purr?"
    history = [{"role": "user", "content": context}, {"role": "assistant", "content": "..."}]
    a = tiny_engine.ask(q, history=history)
    choose_with, judge_with = tiny_engine._vectors(q, context)
    assert not np.allclose(choose_with, judge_with)
    chosen = tiny_engine.candidates(q, context, qvec=choose_with)
    top = ans.choose(tiny_engine.store, chosen, k=1)[0]
    assert (a.citations or a.closest)[0].start == top.start  # the quotes are those the first vector chooses
    # the same candidates (of the passages found with the first vector), scored with the second
    qtokens = tokenize([f"{context} {q}"])[0]
    judged = tiny_engine._score(tiny_engine._active, q, "", judge_with, qtokens,
                                tiny_engine._passages(tiny_engine.store, choose_with, qtokens, "hybrid"))
    assert np.array_equal(judged.first, chosen.first) and np.array_equal(judged.last, chosen.last)
    assert a.confidence == pytest.approx(float(judged.score[top.candidate]))
    assert a.confidence != pytest.approx(top.score)  # not the score it was chosen by
    alone = tiny_engine.ask(context)
    assert alone.confidence == pytest.approx((alone.citations or alone.closest)[0].score, abs=1e-4)
    # a follow-up with no word of its own leans on the previous question as much for both
    bare, named = tiny_engine._vectors("And when was that?", context), tiny_engine._vectors("And when did they purr?", context)
    assert np.allclose(*bare) and not np.allclose(*named)


def test_tell_me_more_carries_on_from_the_last_question(tiny_engine):
    first = tiny_engine.ask("How long do cats sleep?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.answer}]
    more = tiny_engine.ask("Tell me more", history=history)
    assert more.resolved_question == "How long do cats sleep? Tell me more"
    assert not more.abstained and more.citations[0].doc_id == "cats"


def test_unknown_document(tiny_engine):
    with pytest.raises(UnknownDocument):
        tiny_engine.document("../etc/passwd")


def test_comments_rank_below_the_same_words_in_the_article(tmp_path, fake_embedder):
    from qa.engine import Engine
    from tests.conftest import fake_settings, write_corpus

    para = "Beavers build dams across small streams to create deep, calm ponds where they are safe."
    article = [
        para,
        "A beaver family usually has two adults and their young from the past two years living together.",
        "Their lodges have underwater entrances so that predators such as wolves cannot follow them inside.",
        "In winter they live on branches stored in the mud at the bottom of the pond near the lodge.",
    ]
    comments = ["1. riverfan · ·", "I love this post! " + para, "2. Thanks for writing it, I had no idea about the lodges.", "3. My uncle saw a beaver dam near his cabin, I think it was huge."]
    docs = write_corpus(tmp_path / "d", {"beavers": "\n\n".join(article + comments) + "\n"})
    engine = Engine(fake_settings(docs=docs, store=tmp_path / "s"), embedder=fake_embedder, log=lambda m: None)
    assert any(s["label"] == "comment" for s in engine.document("beavers")["spans"])
    a = engine.ask("Why do beavers build dams across streams?", k=3)
    assert a.citations[0].kind == "article"
    kinds = [c.kind for c in a.citations]
    assert kinds == sorted(kinds)  # "article" before "comment"


def test_reload_switches_to_a_newer_build(tiny_engine, tiny_settings, fake_embedder):
    from index.build import ensure_store

    assert not tiny_engine.reload_if_changed()
    old_store = tiny_engine.store
    (tiny_settings.docs / "otters.txt").write_text("Otters\n\nSea otters hold hands while they sleep so they do not drift apart.\n", encoding="utf-8")
    ensure_store(tiny_settings.docs, tiny_settings.store, fake_embedder, tiny_settings.index_dict())
    assert tiny_engine.reload_if_changed()
    a = tiny_engine.ask("Why do sea otters hold hands while they sleep?")
    assert a.citations[0].doc_id == "otters"
    # the old store object is untouched, so a question that started on it can finish
    assert "otters" not in {d.doc_id for d in old_store.docs}
