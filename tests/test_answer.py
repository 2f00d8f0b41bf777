"""Choosing quotes: counted things, rhetorical questions, quotes ending in a colon, and the modules' doctests."""

import doctest
import importlib
import pkgutil

import pytest

import index
import qa


@pytest.fixture
def engine_for(tmp_path, fake_embedder):
    from qa.engine import Engine
    from tests.conftest import fake_settings, write_corpus

    made = []

    def make(docs: dict[str, str], **settings):
        made.append(tmp_path / str(len(made)))
        folder = write_corpus(made[-1] / "docs", docs)
        return Engine(fake_settings(docs=folder, store=made[-1] / "store", **settings), embedder=fake_embedder, log=lambda m: None)

    return make


COUNTED = ("Sailing club\n\n"
           "Every summer the sailing club on the river keeps its boats near 3 busy cafes.\n\n"
           "Every winter the sailing club on the river keeps its 40 boats near the busy cafes.\n")
RHETORICAL = ("Owls\n\n"
              "Owls are birds of prey found on every continent except Antarctica.\n\n"
              "So why do the barn owls of the valley hunt at night, people often ask?\n\n"
              "The barn owls of the valley hunt at night because the field mice are awake then.\n")


LABELLED = ("Owls\n\n"
            "Owls are birds of prey found on every continent except Antarctica.\n\n"
            "Barn owls hunting\n\n"
            "The barn owls of the valley usually go hunting at dusk, once the farm workers have gone home.\n")


@pytest.mark.parametrize("text, question, expected", [
    # "how many boats" wants a number that counts boats, not any number
    (COUNTED, "How many boats does the sailing club keep?", "40 boats"),
    # a sentence that asks the question back is not its answer
    (RHETORICAL, "Why do the barn owls hunt at night?", "because the field mice"),
    # a bare label of a few words, however close its words, answers nothing
    (LABELLED, "When do barn owls go hunting?", "at dusk"),
], ids=["count", "rhetorical", "label"])
def test_the_answering_sentence_outranks_a_look_alike(engine_for, text, question, expected):
    # the look-alike shares as many words with the question: only the rule tells them apart
    assert expected in engine_for({"doc": text}).ask(question).citations[0].quote


ZOO = ("Zoo\n\n"
       "The bears at the city zoo are famous for being calm with the crowds. Asked about it, the head keeper said:\n\n"
       "Feeding them fresh fish at noon every single day is what keeps them so calm.\n\n"
       "The zoo opens at nine in the morning and closes at six in the evening.\n")
KEEPER = "What did the head keeper say when asked about the calm bears?"


def test_a_quote_never_ends_with_a_colon(engine_for):
    engine = engine_for({"zoo": ZOO})
    a = engine.ask(KEEPER, k=3)
    for c in a.citations + a.closest:
        assert not c.quote.rstrip().endswith(":"), c.quote
        assert engine.document("zoo")["text"][c.start : c.end] == c.quote
        assert c.passage_start <= c.start < c.end <= c.passage_end
    said = [c.quote for c in a.citations if "keeper said:" in c.quote]
    assert said and all("noon" in q for q in said)


def test_a_candidate_is_scored_as_it_would_be_shown(engine_for):
    import numpy as np

    engine = engine_for({"zoo": ZOO})
    store, cands = engine.store, engine.candidates(KEEPER)
    spans = list(zip(cands.first.tolist(), cands.last.tolist()))
    assert len(set(spans)) == len(spans), "a span is one candidate"
    text = engine.document("zoo")["text"]
    qvec = engine.embed_query(KEEPER)
    colon = [j for j, (a, b) in enumerate(spans) if "keeper said:" in text[store.sentences[a, 1] : store.sentences[b, 2]]]
    assert colon
    for j in colon:
        a, b = spans[j]
        assert "noon" in text[store.sentences[a, 1] : store.sentences[b, 2]]  # it comes with what the colon promises
        v = np.asarray(store.sentence_vectors[a : b + 1], dtype=np.float64).sum(axis=0)
        assert cands.features["cos"][j] == pytest.approx(float(v @ qvec) / np.linalg.norm(v), abs=1e-5)  # and is judged with it


def _modules():
    for pkg in (qa, index):
        for m in pkgutil.iter_modules(pkg.__path__):
            yield f"{pkg.__name__}.{m.name}"


@pytest.mark.parametrize("name", sorted(_modules()))
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def test_a_colon_is_not_completed_across_dropped_text(engine_for):
    from index.clean import BOILERPLATE

    text = ("Zoo\n\n"
            "The bears at the city zoo are famous for being calm with the crowds. Asked about it, the head keeper said:\n\n"
            "Accept cookies | Privacy policy | Subscribe to our newsletter | Sign in\n\n"
            "Feeding them fresh fish at noon every single day is what keeps them so calm.\n")
    engine = engine_for({"zoo": text})
    dropped = [s for s in engine.document("zoo")["spans"] if s["label"] == BOILERPLATE]
    assert dropped, "the fixture needs a dropped block between the two sentences"
    for c in engine.ask("What did the head keeper say when asked about the calm bears?", k=3).citations:
        assert all(s["end"] <= c.start or s["start"] >= c.end for s in dropped), c.quote


@pytest.mark.parametrize("text, factor", [
    (COUNTED, 1.0),  # the readings count boats: the answer stands
    (COUNTED.replace("40 boats", "boats"), 0.7),  # no number of boats anywhere: less sure it is covered
], ids=["counted", "not-counted"])
def test_confidence_when_the_readings_never_count_the_thing(engine_for, text, factor):
    conf = [engine_for({"club": text}, uncounted_factor=f).ask("How many boats does the sailing club keep?").confidence
            for f in (1.0, 0.7)]
    assert conf[1] == pytest.approx(conf[0] * factor)


@pytest.mark.parametrize("question, factor", [
    ("How many boats do the Harlow members keep?", 1.0),  # named on the page, if only in its footer
    ("How many boats do the Penzance members keep?", 0.7),  # named nowhere: less sure it is covered
], ids=["named-in-the-footer", "named-nowhere"])
def test_confidence_when_the_question_names_something_the_pages_never_do(engine_for, question, factor):
    text = COUNTED + "\nAccept cookies\n\n\u00a9 Harlow Sailing Club 2024. All rights reserved.\n"
    engine = engine_for({"club": text})
    assert "Harlow" not in "".join(c.quote for c in engine.ask(question, k=3).citations)  # the footer is no answer
    conf = [engine_for({"club": text}, unknown_name_factor=f).ask(question).confidence for f in (1.0, 0.7)]
    assert conf[1] == pytest.approx(conf[0] * factor)


def test_how_many_counts_the_noun_not_the_participle_after_it(engine_for):
    conf = [engine_for({"club": COUNTED}, uncounted_factor=f).ask("How many boats moored on the river does the sailing club keep?").confidence
            for f in (1.0, 0.7)]
    assert conf[1] == pytest.approx(conf[0])  # it counts boats, and the readings do


@pytest.mark.parametrize("said, factor", [
    ("The restoration of the engine cost 340 daler, paid by the guild in two instalments.", 1.0),  # an amount of money
    ("The restoration of the engine took the guild two winters and most of its members.", 0.7),  # no amount anywhere
], ids=["priced", "not-priced"])
def test_confidence_when_a_question_about_cost_gets_no_amount(engine_for, said, factor):
    text = COUNTED + "\n" + said + "\n"
    conf = [engine_for({"club": text}, uncounted_factor=f).ask("What was the total cost of the engine restoration?").confidence
            for f in (1.0, 0.7)]
    assert conf[1] == pytest.approx(conf[0] * factor)


def test_a_quoted_question_brings_its_answer(engine_for, monkeypatch):
    from qa import answer

    text = ("Binding FAQ\n\n"
            "Bookbinding by hand needs little more than paper, a needle, waxed thread and an awl to pierce the folds.\n\n"
            "How many pages can a pamphlet stitch hold?\n\n"
            "A single pamphlet stitch holds about forty pages of ordinary printer paper.\n")
    engine = engine_for({"faq": text})
    question = "How many pages can a pamphlet stitch hold?"
    top = engine.ask(question).citations[0]
    assert "about forty pages" in top.quote
    assert engine.document("faq")["text"][top.start : top.end] == top.quote
    # in the order of the score alone the FAQ's own question comes first: it brings its answer along
    monkeypatch.setattr(answer, "RANKER", {"score": 1.0})
    engine._cache.clear()
    top = engine.ask(question).citations[0]
    assert top.quote.startswith("How many pages") and "about forty pages" in top.quote
    assert engine.document("faq")["text"][top.start : top.end] == top.quote


def _top_citation(engine_for, page: str, question: str):
    """The first citation given for ``question`` from ``page``, checked against the page's text."""
    engine = engine_for({"page": page + "\n"})
    top = engine.ask(question).citations[0]
    assert engine.document("page")["text"][top.start : top.end] == top.quote
    return top


SURVEYED = "How many of the teenagers surveyed had seen extremist content on the chat servers?"


@pytest.mark.parametrize("between, joined", [(" ", True), ("\n\n", False)], ids=["same-paragraph", "next-paragraph"])
def test_a_very_short_quote_brings_the_next_sentence_of_its_paragraph(engine_for, between, joined):
    from qa.answer import SHORT_PAIR_CHARS, SHORT_QUOTE_CHARS

    lead, rest = "Find the stopcock under the kitchen sink.", "Turn it clockwise with a flat screwdriver until the water stops."
    tail = "A dripping tap wastes water all year. Some people call a plumber for every small job around the house."
    top = _top_citation(engine_for, f"Fixing a tap\n\n{lead}{between}{rest}\n\n{tail}", "Where is the stopcock under the kitchen sink?")
    assert top.quote == (f"{lead} {rest}" if joined else lead)
    assert len(lead) < SHORT_QUOTE_CHARS and len(f"{lead} {rest}") <= SHORT_PAIR_CHARS


def test_the_documents_title_is_not_quoted_as_an_answer(engine_for, monkeypatch):
    from qa import answer

    title = "Why the barn owls of the valley hunt at night"
    text = (f"{title}\n\nBy Ann Lee\n\n"
            "Owls are birds of prey found on every continent except Antarctica, and most of them rest by day.\n\n"
            "The barn owls of the valley hunt at night because the field mice they eat only leave their burrows after dark.\n")
    engine = engine_for({"owls": text})
    assert engine.store.docs[0].title == title
    question = "Why do the barn owls of the valley hunt at night?"
    assert "field mice" in engine.ask(question).citations[0].quote
    monkeypatch.setattr(answer, "is_title", lambda text, title: False)  # without the rule the title wins: the test can fail
    engine._cache.clear()
    assert engine.ask(question).citations[0].quote == title


def test_a_bare_label_is_never_quoted_not_even_as_a_closest_match(engine_for, monkeypatch):
    from qa import answer

    label = "Farm nest boxes (14)"
    text = ("Owls\n\n"
            "The barn owls of the valley nest in old farm buildings and hollow trees.\n\n"
            f"{label}\n\n"
            "Volunteers put up wooden boxes in the barns each spring, and the owls use most of them.\n")
    engine = engine_for({"owls": text})
    assert label in engine.document("owls")["text"] and answer.bare_label(label)
    question = "Farm nest boxes?"
    a = engine.ask(question, k=3)
    quotes = [c.quote for c in a.citations + a.closest]
    assert quotes and all("(14)" not in q for q in quotes)
    monkeypatch.setattr(answer, "bare_label", lambda text: False)  # without the rule the label wins: the test can fail
    engine._cache.clear()
    a = engine.ask(question, k=3)
    assert (a.citations + a.closest)[0].quote == label


@pytest.mark.parametrize("after, between, carried", [
    ("Only around one in four of them had reported it to anyone.", " ", True),  # leans on the sentence before
    ("But most of them never reported it to anyone at all.", " ", True),
    ("Only around one in four of them had reported it to anyone.", "\n\n", False),  # the next paragraph
    ("The survey was run online by a market research firm in May.", " ", False),  # stands on its own
    ("Two were referred to the police within a day.", " ", True),  # a count of what the sentence before named
    ("Two teachers were told about it within a day.", " ", False),  # a count with a noun of its own
], ids=["only-them", "but", "next-paragraph", "stands-alone", "two-were", "two-teachers"])
def test_a_quote_carries_on_into_a_sentence_that_leans_on_it(engine_for, after, between, carried):
    first = "Seventeen per cent of the teenagers surveyed said they had seen extremist content on the game's chat servers."
    tail = "Parents can switch off chat for younger players in the game's settings menu, which most never open."
    top = _top_citation(engine_for, f"Chat servers\n\n{first}{between}{after}\n\n{tail}", SURVEYED)
    assert top.quote == (f"{first} {after}" if carried else first)


def test_a_quote_carries_on_no_further_than_the_longest_quote(engine_for):
    from qa.answer import MAX_QUOTE_CHARS

    first = "Seventeen per cent of the teenagers surveyed said they had seen extremist content on the game's chat servers."
    more = " ".join(["They said it came up in voice chat during games, in private messages from strangers, and in the servers' public channels."] * 4)
    top = _top_citation(engine_for, f"Chat servers\n\n{first} {more}", SURVEYED)
    assert top.quote.startswith(first) and len(top.quote) <= MAX_QUOTE_CHARS
    assert len(first) + len(more) > MAX_QUOTE_CHARS


def test_counted_words_kept_for_a_sentence_answer_every_later_question_about_it():
    from qa.answer import counts_each

    texts = ["Twitter removed 125,000 extremist accounts and 40 staff were hired.", "No figures here."]
    assert counts_each(texts, "account") == [True, False]
    assert counts_each(texts, "staff") == [True, False]  # the same sentences, now kept, counted for another word
    assert counts_each(texts[::-1], "user") == [False, False]


@pytest.mark.parametrize("question, has, lacks", [
    ("At what time did he start the chat?", "The conversation began at 21:42.", "The conversation began in February."),
    ("What time does the ferry leave?", "It leaves at 7am every day.", "It leaves from the north pier."),
    ("And when does that take effect?", "It takes effect from September 2026.", "It takes effect for every school."),
    ("What is the deadline for replies?", "Replies are due by 18 November 2024.", "Replies go to the coroner."),
])
def test_the_kind_of_answer_a_time_or_deadline_question_wants(question, has, lacks):
    from qa.answer import wanted

    wants = wanted(question)
    assert wants is not None and wants.search(has) and not wants.search(lacks)
