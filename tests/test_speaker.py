"""A question that names a first-person page's speaker is asked of that page as "I" or "we"."""

import pytest

from tests.conftest import fake_settings, write_corpus

BLOG = """Hill End Diary

Posted on 2 May 2025 by Ann Lee

Otters on the farm

I had heard there were otters on the river for years, but I never thought they would come this far up.
We first saw them in March, on the bank below the barn, two of them rolling in the mud at dusk.
My husband thought they were mink until one of them stood up and looked straight at him.
Since then I have found their spraints on the same flat stone most mornings.
Tom, our neighbour, says he saw one in his pond too, and Tom is rarely wrong about animals.
Tom has lived by the river for sixty years and Tom knows every bend of it.
I am not sure what the fishing club will make of it, but I am delighted.
"""

NEWS = """Otters return to the upper river

Otters are back on the upper river, the wildlife trust said.
Ann Lee, who farms at Hill End, has asked walkers to keep their dogs on leads.
The trust says Ann Lee and other landowners have helped by leaving the banks unmown.
Surveyors will count spraints along the river each month this summer.
"""


@pytest.fixture
def engine(tmp_path, fake_embedder):
    from qa.engine import Engine

    docs = write_corpus(tmp_path / "docs", {"blog": BLOG, "news": NEWS})
    return Engine(fake_settings(docs=docs, store=tmp_path / "store"), embedder=fake_embedder, log=lambda m: None)


def test_a_first_person_page_is_asked_as_its_speaker_would_hear_it(engine):
    speakers = engine._active.speakers
    blog = engine._active.by_id["blog"]
    news = engine._active.by_id["news"]
    assert (speakers.voice(blog), speakers.voice(news)) == ("I", None)
    both = [blog, news]
    assert speakers.rewrites("When did Ann Lee first see otters on her farm?", docs=both) == {"When did I first see otters on my farm?": [blog]}
    assert speakers.rewrites("What did Ann Lee's husband think they were?", docs=both) == {"What did my husband think they were?": [blog]}
    assert speakers.rewrites("What did Ann Lee's husband think they were?", docs=[news]) == {}  # only the pages asked about


def test_someone_the_page_talks_about_is_not_its_speaker(engine):
    # Tom is named again and again on the blog: he is in the story, not telling it
    both = [engine._active.by_id["blog"], engine._active.by_id["news"]]
    assert engine._active.speakers.rewrites("What did Tom see in his pond?", docs=both) == {}
    assert engine._active.speakers.rewrites("Who surveys the river?", docs=both) == {}


@pytest.mark.model
def test_the_speakers_own_words_answer_a_question_that_names_them(tmp_path, minilm):
    from qa.config import Settings
    from qa.engine import Engine

    docs = write_corpus(tmp_path / "docs", {"blog": BLOG, "news": NEWS})
    engine = Engine(Settings(docs=docs, store=tmp_path / "store"), embedder=minilm, log=lambda m: None)
    cites = engine.ask("When did Ann Lee first see otters on her farm?").citations
    assert cites[0].doc_id == "blog" and any("in March" in c.quote for c in cites)
    for c in cites:
        assert engine.document(c.doc_id)["text"][c.start : c.end] == c.quote


def test_a_follow_up_may_name_the_speaker_in_the_question_before(engine):
    blog = engine._active.by_id["blog"]
    both = [blog, engine._active.by_id["news"]]
    assert engine._active.speakers.rewrites("What did she see below the barn?", "Who is Ann Lee?", docs=both) == {"What did I see below the barn?": [blog]}
    assert engine._active.speakers.rewrites("What did the council say?", "Who is Ann Lee?", docs=both) == {}


@pytest.mark.model
def test_a_follow_up_about_the_speaker_is_answered_in_their_words(tmp_path, minilm):
    from qa.config import Settings
    from qa.engine import Engine

    docs = write_corpus(tmp_path / "docs", {"blog": BLOG, "news": NEWS})
    engine = Engine(Settings(docs=docs, store=tmp_path / "store"), embedder=minilm, log=lambda m: None)
    history = [{"role": "user", "content": "Where does Ann Lee farm?"}, {"role": "assistant", "content": "..."}]
    a = engine.ask("When did she first see otters there?", history=history)
    assert a.citations[0].doc_id == "blog" and any("in March" in c.quote for c in a.citations)


def test_a_name_runs_over_of_for_and_the_but_not_and():
    from qa.speaker import NAME

    names = [m.group(1) for m in NAME.finditer("Why did the University of Kelsworth and Dr Ann Lee's team agree?")]
    assert names == ["University of Kelsworth", "Dr Ann Lee"]


def test_asked_who_someone_named_once_on_a_first_person_page_is_the_sentence_naming_them_answers(tmp_path, fake_embedder):
    # the reporter says "I"; the man named once might be the page's speaker, but "Who is I?" asks nothing
    from qa.engine import Engine

    report = ("The night shift at the otter hide\n\n"
              "I spent three nights at the hide on the upper river this spring, and I saw otters on two of them.\n"
              "Walter Brandt, 78, lives by the weir and has logged every otter sighting there since 1990.\n"
              "He showed me his notebooks, which fill a whole shelf of his kitchen.\n"
              "I left before dawn on the last night, when the mist was still on the water.\n")
    docs = write_corpus(tmp_path / "docs", {"report": report, "news": NEWS})
    engine = Engine(fake_settings(docs=docs, store=tmp_path / "store"), embedder=fake_embedder, log=lambda m: None)
    assert engine._active.speakers.rewrites("Who is Walter Brandt?", docs=[0, 1])  # taken for the speaker, as far as names go
    a = engine.ask("Who is Walter Brandt?")
    assert not a.abstained and "Walter Brandt, 78" in a.citations[0].quote


TRANSCRIPT = """Morning Call

The sirens went off at two in the morning. Our host talks to Tom Reed, who fled with his family, and to Jane Cole, who runs the sirens.

HOST: Tom, where were you when the flood alarm went off?

TOM REED: I was asleep upstairs. My wife woke me, and we grabbed the children, who are nine and six.

HOST: Did you believe the warning?

TOM REED: Not at first. I thought it was a drill, because they test the sirens every month.

HOST: Where did you go?

TOM REED: We drove up to my sister's farm and waited in her kitchen until it was light.

HOST: And you run the siren system. Was the alarm real?

JANE COLE: It was real. I can tell you it was set off by a fault in the control room, and we have replaced the relay.
"""


def test_a_transcript_names_its_speakers_at_their_turns_so_a_question_naming_one_is_asked_as_it_stands(tmp_path, fake_embedder):
    # "TOM REED:" opens three turns: the page names him, in capitals, as often as anyone it is about
    from qa.engine import Engine

    docs = write_corpus(tmp_path / "docs", {"transcript": TRANSCRIPT, "news": NEWS})
    engine = Engine(fake_settings(docs=docs, store=tmp_path / "store"), embedder=fake_embedder, log=lambda m: None)
    speakers, both = engine._active.speakers, [0, 1]
    assert speakers.voice(engine._active.by_id["transcript"]) == "I"
    assert speakers.rewrites("How old are Tom Reed's children?", docs=both) == {}
    # Jane Cole speaks once, as a first-person page's speaker does
    assert speakers.rewrites("What did Jane Cole replace?", docs=both) == {"What did I replace?": [engine._active.by_id["transcript"]]}
