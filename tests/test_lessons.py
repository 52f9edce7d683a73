"""Every lesson runs top to bottom in a fresh kernel, and has the parts a lesson needs."""
from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import BOOK

LESSONS = sorted(p for p in BOOK.glob("*.ipynb"))


def markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_executes_in_a_fresh_kernel(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(BOOK)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    plotly_outputs = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    if "charts." in "".join(c.source for c in nb.cells if c.cell_type == "code"):
        assert plotly_outputs, f"{path.name} builds charts but displays none"


LESSON_PAGES = [p for p in LESSONS if "Learning objectives" in markdown(nbformat.read(p, as_version=4))]


@pytest.mark.parametrize("path", LESSON_PAGES, ids=lambda p: p.stem)
def test_lesson_has_the_course_structure(path):
    text = markdown(nbformat.read(path, as_version=4))
    for heading in ("Learning objectives", "Before you start", "The essay's argument", "How do we know?",
                    "Other readings", "Reflection", "Summary"):
        assert heading in text, f"{path.name} lacks a '{heading}' section"
    assert "leftvoice.org/lenins-fight-against-stalinism" in text, "link to the original essay"
    assert "Source card" in text, "at least one primary source with a source card"


@pytest.mark.parametrize("path", LESSON_PAGES, ids=lambda p: p.stem)
def test_lesson_exercises_cover_three_levels_with_teacher_answers(path):
    text = markdown(nbformat.read(path, as_version=4))
    exercises = re.findall(r"\{exercise\}\s*(.*)\n:label:\s*(\S+)", text)
    assert len(exercises) >= 3, f"{path.name}: at least three reflection exercises"
    titles = " ".join(t for t, _ in exercises).lower()
    assert "recall" in titles, "a recall-level exercise"
    assert any(w in titles for w in ("analyse", "evaluate")), "an analyse/evaluate exercise"
    assert any(w in titles for w in ("create", "judge")), "a create/judge exercise"
    labels = {lbl for _, lbl in exercises}
    solved = set(re.findall(r"\{solution\}\s*(\S+)", text))
    assert labels <= solved, f"exercises without a model answer: {labels - solved}"
    teacher = re.findall(r"\{solution\}\s*\S+\n:class:[^\n]*teacher", text)
    assert len(teacher) == len(solved), "every solution carries the 'teacher' class (student edition drops it)"
