"""The shapes that cross the edges: CLI JSON, HTTP API, golden files.

Inside the engine we pass plain dataclasses and arrays; these pydantic
models are built only when an answer leaves the process.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int = Field(description="The marker number used in the answer text, [n].")
    doc_id: str = Field(description="Document id: the source file's stem.")
    title: str = Field(description="The document's title (its first non-empty line).")
    start: int = Field(description="Offset of the quote's first character in the document text.")
    end: int = Field(description="Offset just past the quote's last character.")
    quote: str = Field(description="The quoted text; always equal to text[start:end].")
    score: float = Field(description="How well the quote answers the question (higher is better).")
    kind: Literal["article", "comment"] = Field(description="Whether the quote comes from the article or a reader comment.")
    passage_start: int = Field(description="Offset of the surrounding passage.")
    passage_end: int = Field(description="End offset of the surrounding passage.")
    passage: str = Field(description="The surrounding passage text, equal to text[passage_start:passage_end].")
    page: int | None = Field(default=None, description="For PDFs and slide decks: the page or slide (from 1) where the quote starts.")
    page_unit: Literal["page", "slide"] | None = Field(default=None, description="What `page` counts: a PDF's pages or a deck's slides.")


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    answer: str = Field(description="The quotes, verbatim, each followed by its [n] marker; or the abstention message.")
    abstained: bool = Field(description="True when the readings do not cover the question.")
    citations: list[Citation] = Field(description="Cited quotes, best first. Empty when abstained.")
    closest: list[Citation] = Field(default_factory=list, description="When abstained: the closest passages, not an answer.")
    confidence: float = Field(description="The best quote's score, compared with the abstention threshold.")
    resolved_question: str = Field(description="The question as searched, after taking earlier turns into account.")
    took_ms: float = Field(description="Time spent answering, in milliseconds.")


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(max_length=20000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="The student's question.", max_length=100_000)
    history: list[Turn] = Field(default_factory=list, max_length=50, description="Earlier turns, oldest first, for follow-up questions.")
    k: int | None = Field(default=None, ge=1, le=10, description="How many citations at most (default 3).")
    course: str | None = Field(default=None, max_length=64, description="Which course's readings to answer from (default: the bundled readings).")
