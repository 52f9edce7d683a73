"""The essay is not openly licensed: the course may quote short passages, never reproduce it.

Checks every page, notebook, data file and note for runs of words shared with the reprint of the
essay in ../shared/essay (present on developers' machines and in CI). Titles and short quotations
are fine; a run of 16 words or more is not.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

ESSAY = ROOT.parent / "shared" / "essay" / "lenins-fight-against-stalinism.txt"
MAX_SHARED_RUN = 15


def _words(text: str) -> list[str]:
    text = re.sub(r"https?://\S+", " ", text)  # a link to the essay is not a copy of it
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return "\n".join("".join(c["source"]) for c in json.loads(raw)["cells"])
    return raw


def test_no_long_passage_of_the_essay_is_reproduced():
    if not ESSAY.is_file():
        pytest.skip(f"the essay reprint is not at {ESSAY} on this machine")
    essay = _words(ESSAY.read_text(encoding="utf-8"))
    n = MAX_SHARED_RUN + 1
    grams = {tuple(essay[i:i + n]) for i in range(len(essay) - n + 1)}
    files = [*ROOT.glob("book/*.md"), *ROOT.glob("book/*.ipynb"), *ROOT.glob("data/*.csv"),
             *ROOT.glob("data/notes/*.md"), ROOT / "README.md"]
    found = []
    for path in files:
        words = _words(_text(path))
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) in grams:
                found.append(f"{path.relative_to(ROOT)}: '{' '.join(words[i:i + n])}'")
                break
    assert not found, "passages copied from the essay (quote less, paraphrase more):\n" + "\n".join(found)
