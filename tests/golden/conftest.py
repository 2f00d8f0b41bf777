"""Golden entries in this folder run against the session's seeds engine (real model, temporary store)."""

import pytest


@pytest.fixture(scope="session")
def qa_golden_engine(seeds_engine):
    return seeds_engine
