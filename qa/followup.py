"""Make a follow-up question searchable on its own, using the conversation.

"What did its founder say about that?" means nothing to a retriever; after
"Why did accounts move to Telegram?" it means "... Telegram ... founder".
A question that leans on the context (a pronoun or "that" with few words of
its own) is searched together with the previous question it leans on.
Deliberately simple: no generated rewrite, so nothing is made up.
"""

from __future__ import annotations

import re

_REFERRING = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|he|him|his|she|her|hers|that|this|those|these|there|then|"
    r"the same|such|one|ones|former|latter|above)\b",
    re.I,
)
# "And in 2016?", "What about Facebook?", "Who else?": a turn that carries on from the last one
_OPENERS = re.compile(r"^\W*(and|but|so|also|what about|how about|who else|what else)\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9]+")
_FUNCTION = set(
    "a an the of to in on for and or but is are was were be been do does did what why how who whom which when where "
    "say said about that this it its they them their he his she her there then with from by as at i you we me".split()
)
# Words of chat rather than of the readings: "Tell me more", "Any examples?", "Why?",
# "What happened next?" name nothing to search for, so they are about the last turn.
_CHAT = set(
    "tell more else any anything something example examples instance explain elaborate expand detail details mean means "
    "meant please continue go on other another really sure ok okay can could would will should you give show much many "
    "long often exactly happen happened happens next after before afterwards later also further why so yes no not "
    "one ones thing things".split()
)


def leans_on_context(question: str) -> bool:
    """True when the question needs earlier turns to be understood.

    >>> leans_on_context("What did its founder say about that?")
    True
    >>> leans_on_context("Why?"), leans_on_context("Tell me more"), leans_on_context("Any examples?")
    (True, True, True)
    >>> leans_on_context("How many accounts did Twitter suspend in 2016?")
    False
    """
    own = [w for w in _WORD.findall(question.lower()) if w not in _FUNCTION]
    if _OPENERS.search(question) or names_nothing(question):
        return True
    return bool(_REFERRING.search(question)) and len(own) <= 4


def names_nothing(question: str) -> bool:
    """True when the question has no word of its own to search for, only words of chat.

    >>> names_nothing("And when was that?"), names_nothing("Tell me more"), names_nothing("Why there?")
    (True, True, True)
    >>> names_nothing("What did its founder say?")
    False
    """
    return all(w in _FUNCTION or w in _CHAT for w in _WORD.findall(question.lower()))


def resolve(question: str, history: list[tuple[str, str]], *, lean: bool = False) -> str:
    """The question to search: alone, or prefixed by the user question it follows.

    ``history`` is ``(role, content)`` pairs, oldest first. With ``lean``, a question that refers to
    something ("it", "that", "she") is taken to lean on the last one however many words of its own it has.

    >>> resolve("What did its founder say about that?", [("user", "Why did accounts move to Telegram?"), ("assistant", "...")])
    'Why did accounts move to Telegram? What did its founder say about that?'
    >>> resolve("What is a better option than taking it out?", [("user", "May I remove a dam?")], lean=True)
    'May I remove a dam? What is a better option than taking it out?'
    """
    previous = [c for r, c in history if r == "user" and c.strip()]
    if not previous or not (leans_on_context(question) or (lean and _REFERRING.search(question))):
        return question
    # the earlier question may itself be a follow-up: resolve it the same way
    context = resolve(previous[-1], [("user", p) for p in previous[:-1]][-2:])
    return f"{context} {question}"
