"""Property tests: whatever the documents and the questions, answers are verbatim slices and nothing crashes.

Answering is fuzzed end to end with the hashing embedder over generated
corpora; cleaning's fast repeat and label passes are checked against the
plain pairwise versions they replaced; the regex sentence splitter used for
overlong blocks keeps every character.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import chunk as chunking
from index import clean as cleaning
from index.blocks import _TERMINAL
from qa.engine import ABSTAIN_TEXT, Engine, clean_question
from qa.errors import BadQuestion, QAError
from tests.conftest import fake_settings, write_corpus

WORDS = ("cats sleep sixteen hours warm places volcano erupts magma pressure lava molten rock surface Etna Sicily "
         "otters hold hands drift apart water Telegram accounts moved because encrypted channels").split()
unicode_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
sentence = st.builds(lambda ws, end: " ".join(ws).capitalize() + end,
                     st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.sampled_from([".", "?", "!", "", "…", ".)"]))
paragraph = st.one_of(st.lists(sentence, min_size=1, max_size=5).map(" ".join), unicode_text,
                      st.sampled_from(["We use cookies to improve your browser experience.", "1. I love this post!", "photo.jpg", "£10 - £20"]))
document = st.builds(lambda title, paras, sep: title + "\n\n" + sep.join(paras), sentence,
                     st.lists(paragraph, min_size=0, max_size=8), st.sampled_from(["\n\n", "\n", " ", "\r\n\r\n", "\n \n"]))
corpus = st.dictionaries(st.sampled_from(["a", "b", "c", "d-1", "é"]), document, min_size=1, max_size=3)
question = st.one_of(st.lists(st.sampled_from(WORDS + ["what", "why", "how", "it", "that"]), min_size=1, max_size=12).map(" ".join),
                     unicode_text, st.text(max_size=30))
turn = st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant"]), "content": st.one_of(question, unicode_text)})


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus, st.lists(question, min_size=1, max_size=4), st.lists(turn, max_size=4), st.integers(1, 10))
def test_answers_are_always_verbatim_slices(docs, questions, history, k):
    with tempfile.TemporaryDirectory() as tmp:
        from index.embed import HashEmbedder

        folder = write_corpus(Path(tmp) / "docs", docs)
        try:
            engine = Engine(fake_settings(docs=folder, store=Path(tmp) / "store"), embedder=HashEmbedder(), log=lambda m: None)
        except QAError:
            return  # nothing indexable: a clear error, which is the right outcome
        texts = {d.doc_id: d.text for d in engine.store.docs}
        for q in questions:
            try:
                a = engine.ask(q, history=history, k=k)
            except BadQuestion:
                continue
            assert a.answer == (ABSTAIN_TEXT if a.abstained else " ".join(f"{c.quote} [{c.n}]" for c in a.citations))
            assert len(a.citations) <= k and (not a.abstained or not a.citations)
            for c in a.citations + a.closest:
                text = texts[c.doc_id]
                assert 0 <= c.passage_start <= c.start < c.end <= c.passage_end <= len(text)
                assert text[c.start : c.end] == c.quote and text[c.passage_start : c.passage_end] == c.passage
                assert c.quote.strip() == c.quote and c.quote


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_a_question_is_cleaned_or_refused_never_crashes(text):
    try:
        q = clean_question(text, max_chars=200)
    except BadQuestion as e:
        assert str(e).endswith((".", ".'.")) and "\n" not in str(e)
        return
    assert q == q.strip() and 0 < len(q) <= 200 and any(ch.isalnum() for ch in q)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF or ord(ch) < 9 or 0x7F <= ord(ch) <= 0x9F for ch in q)


def _old_mark_repeats(blocks, paged=False):
    """The pairwise version that ``_mark_repeats`` replaced (for text that is not a PDF's pages)."""
    keys = [" ".join(b.text.split()).lower() for b in blocks]
    for i, ki in enumerate(keys):
        if len(ki) < 20 or blocks[i].prose < 0:
            continue
        for j, kj in enumerate(keys):
            if i != j and len(kj) >= 20 and (ki == kj or kj.startswith(ki) or ki.startswith(kj)) \
                    and 2 * min(len(ki), len(kj)) >= max(len(ki), len(kj)):
                if keys.count(ki) == 2 and ki in keys[:i] and blocks[i].words <= 8 and not _TERMINAL.search(blocks[i].text):
                    break  # a heading seen twice: only the first copy is marked
                blocks[i].prose, blocks[i].reason = -3, "repeated text (caption or banner)"
                break


def _old_drop_isolated_labels(blocks, first, last):
    """The scanning version that ``_drop_isolated_labels`` replaced."""
    for i in range(first, last + 1):
        b = blocks[i]
        if b.label != cleaning.ARTICLE or b.prose > 0 or b.words > 8:
            continue
        before = next((x.label for x in reversed(blocks[:i]) if x.prose != 0), None)
        after = next((x.label for x in blocks[i + 1 :] if x.prose != 0), None)
        if cleaning.BOILERPLATE in (before, after) and cleaning.ARTICLE not in (before, after):
            b.label, b.reason = cleaning.BOILERPLATE, "label between boilerplate blocks"
        elif before == cleaning.BOILERPLATE and after == cleaning.BOILERPLATE:
            b.label, b.reason = cleaning.BOILERPLATE, "label between boilerplate blocks"


LINES = ["Share this article", "Where the glaciers went next", "1 comment", "Cats sleep for about sixteen hours a day, mostly in warm places.", "Cats sleep for about sixteen hours",
         "CATS SLEEP FOR ABOUT   sixteen hours a day, mostly in warm places.", "Photo: Reuters", "Related", "Subscribe now",
         "A volcano erupts when pressure from gases in the magma becomes too great.", "Lava is molten rock.", "1. I love this post!",
         "2. Thanks, I had no idea.", "3. My uncle saw one, I think.", "Read more …", "Menu"]
scraped = st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(["\n\n", "\n", "\n\n\n"])), max_size=40).map(
    lambda xs: "".join(a + b for a, b in xs))


@settings(max_examples=300, deadline=None)
@given(scraped)
def test_fast_cleaning_passes_match_the_pairwise_ones(text):
    new = cleaning.clean(text)
    with mock.patch.object(cleaning, "_mark_repeats", _old_mark_repeats), \
         mock.patch.object(cleaning, "_drop_isolated_labels", _old_drop_isolated_labels):
        old = cleaning.clean(text)
    assert new == old


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(sentence, max_size=30).map(" ".join)), st.integers(8, 60))
def test_the_overlong_block_splitter_keeps_every_character(text, window):
    with mock.patch.object(chunking, "_PYSBD_LIMIT", 0), mock.patch.object(chunking, "_WINDOW", window):
        spans = chunking.split_sentences(text)
    assert "".join("".join(text[s:e].split()) for s, e in spans) == "".join(text.split())
    for (s, e), (s2, _) in zip(spans, spans[1:]):
        assert e <= s2
    for s, e in spans:
        assert 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e] and e - s <= window
