"""Every error a user can meet, in one place.

Each message is one sentence that says what to do. The CLI prints it and
exits 1, the page shows it with ``gr.Error``, the API returns it with a 4xx.
"""


class QAError(Exception):
    """Base class: an expected failure whose message is safe to show a user."""

    status = 400


class BadQuestion(QAError):
    """The question is empty, too long or otherwise unusable."""


class DocumentError(QAError):
    """A document could not be read (not UTF-8, binary, empty)."""


class NoDocuments(QAError):
    """The documents folder is missing or holds no readable documents."""


class StoreError(QAError):
    """The built store is missing, corrupt or out of date and cannot be used as is."""

    status = 503


class UnknownDocument(QAError):
    """A document id that is not in the corpus."""

    status = 404


class Busy(QAError):
    """Too many questions are waiting; the client should retry shortly."""

    status = 503


class TooSlow(QAError):
    """A question took longer than the configured limit."""

    status = 504


class RateLimited(QAError):
    """One client asked more questions than the rate limit allows; it should wait a little."""

    status = 429
