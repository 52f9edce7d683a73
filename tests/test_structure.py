"""The repository's shape: the table of contents, clean notebooks, licences, CI."""
from __future__ import annotations

import json

import yaml

from conftest import BOOK, ROOT


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def resolve(entry: str):
    for suffix in ("", ".md", ".ipynb"):
        path = ROOT / f"{entry}{suffix}"
        if path.is_file():
            return path
    return None


def test_every_toc_entry_exists():
    missing = [f for f in toc_files() if resolve(f) is None]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_lesson_and_page_is_in_the_toc():
    listed = {resolve(f) for f in toc_files()}
    pages = set(BOOK.glob("*.ipynb")) | set(BOOK.glob("*.md"))
    unlisted = sorted(str(p.relative_to(ROOT)) for p in pages - listed)
    assert not unlisted, f"pages not in _toc.yml (readers could never reach them): {unlisted}"


def test_toc_has_no_duplicates():
    files = toc_files()
    assert len(files) == len(set(files)), "a page is listed twice in _toc.yml"


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted(BOOK.glob("*.ipynb"))
    assert notebooks, "no lesson notebooks found in book/"
    dirty = []
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        if "widgets" in nb.get("metadata", {}):
            dirty.append(f"{nb_path.name}: widget state in metadata")
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            if cell.get("outputs"):
                dirty.append(f"{nb_path.name} cell {i}: has outputs")
            if cell.get("execution_count") is not None:
                dirty.append(f"{nb_path.name} cell {i}: has an execution count")
    assert not dirty, "strip outputs before committing:\n" + "\n".join(dirty)


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make book" in readme and "make test" in readme
    assert "make test" in ci, ".ci/run must call the README's test command"


def test_licences_are_present_and_named_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Attribution 4.0" in (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert "MIT" in readme and "CC BY 4.0" in readme


def test_binder_gets_python_311():
    assert (ROOT / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    assert not (ROOT / ".binder").exists(), "Binder would ignore the root requirements.txt"
