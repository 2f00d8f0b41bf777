"""Several courses side by side: each has its own documents folder and its own store.

``qa build --docs DIR --name COURSE`` registers the course in
``<store root>/courses.json`` and builds its store under
``<store root>/courses/COURSE``; ``qa serve`` then serves every registered
course next to the default one. A course only ever answers from its own
store, because each has its own Engine (they share one embedding model).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from qa.config import Settings
from qa.errors import QAError

DEFAULT = "default"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class UnknownCourse(QAError):
    """A course name that is not registered on this server."""

    status = 404


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise QAError("A course name is 1-64 letters, digits, '-' or '_', starting with a letter or digit; pick another name.")
    return name


def _registry_path(base: Settings) -> Path:
    return base.store / "courses.json"


def registry(base: Settings) -> dict[str, Path]:
    """Registered course names and their documents folders."""
    try:
        raw = json.loads(_registry_path(base).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {n: Path(d) for n, d in raw.items() if isinstance(n, str) and _NAME.match(n) and isinstance(d, str)}


def register(base: Settings, name: str, docs: Path) -> None:
    """Remember that course ``name`` reads ``docs`` (written atomically)."""
    check_name(name)
    if name == DEFAULT:
        raise QAError(f"'{DEFAULT}' is the name of the bundled readings; pick another course name.")
    reg = {n: str(d) for n, d in registry(base).items()}
    reg[name] = str(Path(docs).resolve())
    path = _registry_path(base)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(reg, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def settings_for(base: Settings, name: str | None) -> Settings:
    """The settings of course ``name`` (its docs folder and its own store), or ``base`` for the default."""
    if name in (None, "", DEFAULT):
        return base
    check_name(name)
    docs = registry(base).get(name)
    if docs is None:
        raise UnknownCourse(f"There is no course named {name!r}; build it first with `qa build --docs DIR --name {name}`.")
    return base.with_(docs=docs, store=base.store / "courses" / name)
