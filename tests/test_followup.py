"""Which questions lean on the conversation, and what is searched for them."""

import pytest

from qa.followup import leans_on_context, resolve

EARLIER = [("user", "How many accounts did Twitter suspend?"), ("assistant", "On February 5, 2016, ... [1]")]


@pytest.mark.parametrize("question", [
    "Why?", "why", "How?", "When?", "Really?", "Tell me more", "tell me more please", "What else?",
    "Any examples?", "Can you explain?", "What happened next?", "Why not?",
    "And Facebook?", "What about YouTube?", "Who else?", "What did its founder say about that?", "Did it work?",
])
def test_a_turn_that_names_nothing_of_its_own_leans_on_the_last_one(question):
    assert leans_on_context(question)
    assert resolve(question, EARLIER) == f"How many accounts did Twitter suspend? {question}"


@pytest.mark.parametrize("question", [
    "How many accounts did Twitter suspend in 2016?", "Why did ISIS use Telegram?", "When was Telegram founded?",
    "Who is Pavel Durov?", "What is radicalization?", "Tell me about the Think Again Turn Away campaign",
])
def test_a_question_that_stands_alone_is_searched_alone(question):
    assert not leans_on_context(question)
    assert resolve(question, EARLIER) == question


def test_without_earlier_questions_a_follow_up_is_searched_as_it_is():
    assert resolve("Why?", []) == "Why?"
    assert resolve("Why?", [("assistant", "Hello")]) == "Why?"


def test_a_question_that_refers_to_something_leans_on_the_last_one_only_when_asked_to():
    question = "What is usually a better option than taking it out of the river?"
    assert not leans_on_context(question)  # five words of its own: it may stand alone
    assert resolve(question, EARLIER) == question
    assert resolve(question, EARLIER, lean=True) == f"How many accounts did Twitter suspend? {question}"
    assert resolve("What is usually a better option than removal?", EARLIER, lean=True) == "What is usually a better option than removal?"


def test_a_question_that_finds_nothing_alone_is_asked_again_as_a_follow_up(tiny_engine):
    history = [{"role": "user", "content": "How long do cats sleep each day?"}, {"role": "assistant", "content": "..."}]
    question = "In which warm places does it usually like doing that?"
    assert tiny_engine.ask(question).abstained  # alone, it names nothing the readings cover
    a = tiny_engine.ask(question, history=history)
    assert not a.abstained and a.citations[0].doc_id == "cats"
    assert a.resolved_question == f"How long do cats sleep each day? {question}"
