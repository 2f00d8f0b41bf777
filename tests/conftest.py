"""Shared fixtures: a tiny inline corpus, a fake embedder, and the real seeds engine.

Nothing writes into the working tree: every store lives under a tmp path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.config import ROOT, IndexSettings, Settings, offline_environment

offline_environment()

TINY = {
    "cats": (
        "All about cats\n\n"
        # over 100 characters, so that it is quoted (and judged) alone: see qa.answer.completed
        "Cats sleep for about sixteen hours a day, mostly in warm places such as a sunny window sill or a soft bed. "
        "A cat purrs when it is content, and sometimes when it is hurt.\n\n"
        "Domestic cats were first kept in the Near East about ten thousand years ago.\n\n"
        "We use cookies to improve your browser experience on our website. Accept cookies to continue.\n"
    ),
    "volcanoes": (
        "Volcanoes explained\n\n"
        "A volcano erupts when pressure from gases in the magma becomes too great for the rock above. "
        "Lava is molten rock that reaches the surface.\n\n"
        "Mount Etna in Sicily is one of the most active volcanoes in the world.\n\n"
        "Subscribe to our newsletter for weekly updates. Sign up for our newsletter today.\n"
    ),
}


def write_corpus(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def tiny_docs(tmp_path) -> Path:
    return write_corpus(tmp_path / "docs", TINY)


@pytest.fixture
def fake_embedder():
    from index.embed import HashEmbedder

    return HashEmbedder()


@pytest.fixture
def tiny_settings(tmp_path, tiny_docs) -> Settings:
    return fake_settings(docs=tiny_docs, store=tmp_path / "store")


def fake_settings(**kw) -> Settings:
    """Settings for the hashing embedder: its scores are on another scale than MiniLM's,
    and it knows no topics, so the topic filter (tested with the real model) is off."""
    kw.setdefault("abstain_below", 0.2)
    return Settings(index=IndexSettings(use_topic_filter=False), **kw)


@pytest.fixture
def tiny_engine(tiny_settings, fake_embedder):
    from qa.engine import Engine

    return Engine(tiny_settings, embedder=fake_embedder, log=lambda m: None)


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("seeds-store")


@pytest.fixture(scope="session")
def minilm():
    """The real embedding model, loaded once per test run."""
    from index.embed import MiniLM

    return MiniLM()


@pytest.fixture(scope="session")
def seeds_engine(seeds_store, minilm):
    """The real model over the real seeds, built once per test run."""
    from qa.engine import Engine

    return Engine(Settings(docs=ROOT / "seeds", store=seeds_store), embedder=minilm, log=lambda m: None)
