"""Response shapes that only the HTTP API uses (the question and answer models live in ``qa.models``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: int = Field(description="Offset of the block's first character.")
    end: int = Field(description="Offset just past the block's last character.")
    label: Literal["article", "comment", "boilerplate"] = Field(description="What cleaning decided the block is.")
    reason: str = Field(description="Why a block is not article text (empty for article text).")


class Page(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    page: int = Field(description="Page number, from 1.")


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_id: str = Field(description="Document id: the source file's stem.")
    title: str = Field(description="The document's title (its first non-empty line).")
    text: str = Field(description="The whole text; citation offsets index into it.")
    spans: list[Span] = Field(description="The labelled blocks, in order.")
    meta: dict[str, str] = Field(default_factory=dict, description="format, and author and date when the file gives them.")
    dropped: list[str] = Field(default_factory=list, description="Web pages: text the extractor left out (navigation, ads, banners).")
    pages: list[Page] = Field(default_factory=list, description="PDFs: where each page's text lies.")


class Problem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    detail: str = Field(description="One sentence saying what went wrong and what to do.")


ERRORS = {code: {"model": Problem} for code in (400, 404, 413, 422, 429, 503, 504)}
