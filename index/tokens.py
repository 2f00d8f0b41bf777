"""Word tokens for BM25 and for lexical overlap: lower-cased, English stop words out, stemmed."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    """Stemmed content words of each text.

    >>> tokenize(["The apps were encrypted."])
    [['app', 'were', 'encrypt']]
    """
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False)
