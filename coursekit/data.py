"""Find, validate and load the course's datasets.

Every CSV in ``data/`` is described by ``data/datapackage.json`` (a Frictionless
Data Package whose resources point at Table Schemas in ``data/schemas/``).
:func:`load` validates a file against its schema *before* pandas sees it, so a
malformed file fails with a :class:`DataError` that names the file, the line and
the column, and nothing is silently dropped or coerced.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = [
    "DataError",
    "Problem",
    "repo_root",
    "data_dir",
    "bibliography_keys",
    "dataset_names",
    "schema",
    "categories",
    "validate",
    "load",
]

_BIB_KEY = re.compile(r"^\s*@\s*(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file."""

    file: str
    line: int | None  # line number in the file; the header is line 1
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + f": {self.message}"


class DataError(ValueError):
    """A data file does not match its schema or the bibliography."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n  ".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the course data:\n  {shown}{tail}")


def repo_root() -> Path:
    """The repository's top folder (the one holding ``data/`` and ``book/``)."""
    env = os.environ.get("COURSE_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent
    for candidate in (here.parent, *here.parents):
        if (candidate / "data" / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        "Cannot find the course's data/datapackage.json above "
        f"{here}; set COURSE_ROOT to the repository folder."
    )


def data_dir() -> Path:
    """The folder with the course's CSV files."""
    return repo_root() / "data"


def _package(root: Path | None = None) -> dict:
    path = (root or data_dir()) / "datapackage.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def dataset_names(root: Path | None = None) -> list[str]:
    """Names of every dataset in the data package, in package order."""
    return [r["name"] for r in _package(root)["resources"]]


def _resource(name: str, root: Path | None = None) -> dict:
    for res in _package(root)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"No dataset called {name!r}; known: {', '.join(dataset_names(root))}")


def schema(name: str, root: Path | None = None) -> dict:
    """The Table Schema of a dataset, as a dict."""
    root = root or data_dir()
    res = _resource(name, root)
    sch = res["schema"]
    if isinstance(sch, str):
        with open(root / sch, encoding="utf-8") as fh:
            sch = json.load(fh)
    return sch


def categories(name: str, column: str, root: Path | None = None) -> dict[str, str]:
    """Meanings of the values of a categorical column (``x-categories``)."""
    return dict(schema(name, root).get("x-categories", {}).get(column, {}))


@lru_cache(maxsize=8)
def _bib_keys_cached(path: str, mtime: float) -> frozenset[str]:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return frozenset(
        key for kind, key in _BIB_KEY.findall(text) if kind.lower() not in {"comment", "string", "preamble"}
    )


def bibliography_keys(path: Path | None = None) -> frozenset[str]:
    """Every entry key in ``book/references.bib``."""
    path = path or repo_root() / "book" / "references.bib"
    return _bib_keys_cached(str(path), path.stat().st_mtime)


def _schema_problems(csv_path: Path, sch: dict, label: str) -> list[Problem]:
    from frictionless import Resource, Schema

    resource = Resource(
        path=csv_path.name,
        basepath=str(csv_path.parent),
        schema=Schema.from_descriptor(sch),
        encoding="utf-8",
        format="csv",
    )
    report = resource.validate(limit_errors=200)
    problems = []
    for err in report.flatten(["type", "rowNumber", "fieldName", "note", "message"]):
        kind, line, field, note, message = err
        if kind in {"type-error", "constraint-error", "unique-error", "primary-key"}:
            text = f"{kind.replace('-', ' ')}: {note}" if note else message
        else:
            text = message
        problems.append(Problem(label, line, field or None, text))
    return problems


def _header_problems(csv_path: Path, sch: dict, label: str) -> list[Problem]:
    import csv

    try:
        with open(csv_path, encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh), [])
    except UnicodeDecodeError as exc:
        return [Problem(label, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    expected = [f["name"] for f in sch["fields"]]
    if header == expected:
        return []
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    problems = [Problem(label, 1, c, "column is missing from the header") for c in missing]
    problems += [Problem(label, 1, c, "column is not in the schema") for c in extra]
    if not problems:
        problems.append(
            Problem(label, 1, None, f"columns are out of order: expected {expected}, found {header}")
        )
    return problems


def _source_problems(frame: pd.DataFrame, label: str, keys: frozenset[str]) -> list[Problem]:
    if "source" not in frame.columns:
        return []
    problems = []
    for offset, value in enumerate(frame["source"].tolist()):
        for key in str(value).split(";"):
            key = key.strip()
            if key and key not in keys:
                problems.append(
                    Problem(label, offset + 2, "source", f"'{key}' is not a key in book/references.bib")
                )
    return problems


def _typed(frame: pd.DataFrame, sch: dict) -> pd.DataFrame:
    """Convert validated text columns to the schema's types."""
    out = frame.copy()
    for field in sch["fields"]:
        name, kind = field["name"], field.get("type", "string")
        col = out[name].replace("", pd.NA)
        if kind == "integer":
            out[name] = col.astype("Int64")
        elif kind == "number":
            out[name] = col.astype("Float64")
        elif kind == "boolean":
            truthy = set(field.get("trueValues", ["true", "True", "TRUE", "1"]))
            out[name] = pd.array([pd.NA if pd.isna(v) else v in truthy for v in col], dtype="boolean")
        else:
            out[name] = col.astype("string")
    return out


def validate(name: str, root: Path | None = None, bib_keys: frozenset[str] | None = None) -> pd.DataFrame:
    """Check a dataset against its schema and the bibliography; return it typed.

    Raises :class:`DataError` listing every problem found.
    """
    root = root or data_dir()
    res = _resource(name, root)
    csv_path = root / res["path"]
    label = f"data/{res['path']}"
    if not csv_path.is_file():
        raise DataError([Problem(label, None, None, "file does not exist")])
    sch = schema(name, root)
    problems = _header_problems(csv_path, sch, label)
    if problems:
        raise DataError(problems)
    problems = _schema_problems(csv_path, sch, label)
    if problems:
        raise DataError(problems)
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
    if bib_keys is None:
        bib_path = root.parent / "book" / "references.bib"
        bib_keys = bibliography_keys(bib_path)
    problems = _source_problems(frame, label, bib_keys)
    if problems:
        raise DataError(problems)
    return _typed(frame, sch)


def load(name: str) -> pd.DataFrame:
    """Load a course dataset by name (e.g. ``"grain_harvest"``), validated and typed."""
    return validate(name)
