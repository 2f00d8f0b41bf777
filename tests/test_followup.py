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
