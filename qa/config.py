"""Settings, built once at the entry point (CLI, server) and passed down.

Only this module reads the environment. Variables:

``QA_DOCS``   documents folder (default: the repository's ``seeds/``)
``QA_STORE``  built store folder (default: ``.qa-store/`` next to ``seeds/``)
``QA_MAX_QUESTION_CHARS``  longest accepted question (default 1000)
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def offline_environment() -> None:
    """Make the libraries we use never reach the network (set before importing them)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # model loading bars and advisories would break the CLI's one-line errors
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


@dataclass(frozen=True)
class IndexSettings:
    """Everything that changes what a build contains; part of the store's fingerprint."""

    max_passage_chars: int = 600
    heading_chars: int = 80
    use_topic_filter: bool = True
    dense_index: str = "auto"  # "flat" (exact), "hnsw" (approximate) or "auto": exact below exact_below vectors
    # exact search takes ~0.1 ms per 1,000 vectors on one core (2 ms at 20,000), HNSW ~0.3 ms at any size
    exact_below: int = 20_000
    hnsw_ef_search: int = 256  # recall@10 >= 0.99 against exact on 100k/276k tiled SQuAD vectors (`qa bench scale`)


@dataclass(frozen=True)
class Settings:
    docs: Path = ROOT / "seeds"
    store: Path = ROOT / ".qa-store"
    index: IndexSettings = field(default_factory=IndexSettings)
    k: int = 3  # citations per answer, at most
    max_k: int = 10
    max_question_chars: int = 1000
    candidates: int = 30  # passages taken from each retriever before fusion
    comment_weight: float = 0.75  # reader comments rank below article text
    abstain_below: float = 0.31  # answer confidence under which we say the sources don't cover it
    unknown_name_factor: float = 0.7  # confidence factor when the question names something absent from the readings
    uncounted_factor: float = 0.7  # confidence factor when "how many X" is answered by a quote that gives no number of X
    cache_size: int = 512
    host: str = "127.0.0.1"
    port: int = 7860

    def index_dict(self) -> dict:
        """What a build depends on besides documents and model: these settings and the pipeline's code."""
        from index.build import PIPELINE

        return {**asdict(self.index), "pipeline": PIPELINE}

    def with_(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def from_env(env: dict | None = None, **overrides) -> Settings:
    env = os.environ if env is None else env
    s = Settings()
    if env.get("QA_DOCS"):
        s = s.with_(docs=Path(env["QA_DOCS"]).expanduser().resolve())
    if env.get("QA_STORE"):
        s = s.with_(store=Path(env["QA_STORE"]).expanduser().resolve())
    if env.get("QA_MAX_QUESTION_CHARS"):
        s = s.with_(max_question_chars=int(env["QA_MAX_QUESTION_CHARS"]))
    return s.with_(**overrides)
