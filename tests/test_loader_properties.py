"""Property-based tests: generated malformed input always ends in the documented DataError,
never in a traceback from inside pandas, and never in silently altered data."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import data as ckdata

SCHEMA = {
    "fields": [
        {"name": "year", "type": "integer", "description": "y", "constraints": {"required": True, "minimum": 1900, "maximum": 1960}},
        {"name": "series", "type": "string", "description": "s", "constraints": {"required": True, "enum": ["official", "revised"]}},
        {"name": "value", "type": "number", "description": "v", "constraints": {"required": True, "minimum": 0, "maximum": 1000}},
        {"name": "note", "type": "string", "description": "n"},
        {"name": "source", "type": "string", "description": "k", "constraints": {"required": True}},
        {"name": "locator", "type": "string", "description": "l", "constraints": {"required": True}},
    ],
    "missingValues": [""],
    "primaryKey": ["year", "series"],
}
COLUMNS = [f["name"] for f in SCHEMA["fields"]]

good_rows = st.lists(
    st.fixed_dictionaries({
        "year": st.integers(1900, 1960).map(str),
        "series": st.sampled_from(["official", "revised"]),
        "value": st.floats(0, 1000, allow_nan=False).map(lambda v: f"{v:.3f}"),
        "note": st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
        "source": st.just("known2020"),
        "locator": st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=10)
                     .filter(lambda s: s.strip() == s and s != ""),
    }),
    min_size=1, max_size=8, unique_by=lambda r: (r["year"], r["series"]),
)

junk = st.one_of(
    st.text(max_size=6), st.just(""), st.just("NaN"), st.just("1,000"), st.just("1e9"), st.just("-5"),
    st.just("19O5"), st.just(" 1913"), st.just("None"), st.just("nobody1999"),
)


def _write(tmp, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    (tmp / "data" / "toy.csv").write_text(buf.getvalue(), encoding="utf-8")


def _setup(tmp):
    (tmp / "data" / "schemas").mkdir(parents=True, exist_ok=True)
    (tmp / "book").mkdir(exist_ok=True)
    (tmp / "book" / "references.bib").write_text("@misc{known2020, title={T}}\n")
    (tmp / "data" / "schemas" / "toy.schema.json").write_text(json.dumps(SCHEMA))
    (tmp / "data" / "datapackage.json").write_text(json.dumps(
        {"name": "t", "resources": [{"name": "toy", "path": "toy.csv", "schema": "schemas/toy.schema.json"}]}))


def _fresh(tmp_path_factory, name, rows):
    """A new miniature repository and the rows as a table of cells, in column order."""
    tmp = tmp_path_factory.mktemp(name)
    _setup(tmp)
    return tmp, [[r[c] for c in COLUMNS] for r in rows]


def _load_or_error(tmp):
    try:
        return ckdata.validate("toy", root=tmp / "data"), None
    except ckdata.DataError as err:
        return None, err


def _assert_good_error(err):
    assert err.problems, "a DataError lists its problems"
    for p in err.problems:
        assert p.file == "data/toy.csv"
        assert p.line is not None or p.column is not None or "UTF-8" in p.message
        assert p.message


settings_ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@settings_
@given(rows=good_rows)
def test_valid_files_round_trip_exactly(tmp_path_factory, rows):
    tmp, table = _fresh(tmp_path_factory, "ok", rows)
    _write(tmp, COLUMNS, table)
    frame, err = _load_or_error(tmp)
    assert err is None, str(err)
    assert len(frame) == len(rows), "no row dropped"
    for rec, row in zip(frame.to_dict("records"), rows):
        assert rec["year"] == int(row["year"])
        assert abs(rec["value"] - float(row["value"])) < 1e-9
        assert ("" if pd.isna(rec["note"]) else rec["note"]) == row["note"], "empty means missing, nothing else"
        assert rec["locator"] == row["locator"]


@settings_
@given(rows=good_rows, data=st.data())
def test_a_corrupted_cell_is_reported_with_line_and_column(tmp_path_factory, rows, data):
    tmp, table = _fresh(tmp_path_factory, "bad", rows)
    i = data.draw(st.integers(0, len(table) - 1))
    col = data.draw(st.sampled_from(["year", "series", "value", "source", "locator"]))
    value = data.draw(junk)
    j = COLUMNS.index(col)
    table[i][j] = value
    _write(tmp, COLUMNS, table)
    frame, err = _load_or_error(tmp)
    if err is None:
        # Accepted only if the value is genuinely valid; then it must come back unaltered.
        got = frame.iloc[i][col]
        text = "" if pd.isna(got) else str(got)
        if col == "year":
            assert int(value) == got
        elif col == "value":
            assert float(value) == got
        else:
            assert text == value
    else:
        _assert_good_error(err)
        assert any(p.line == i + 2 or p.column == col for p in err.problems), [str(p) for p in err.problems]


@settings_
@given(rows=good_rows, data=st.data())
def test_structural_damage_is_reported(tmp_path_factory, rows, data):
    tmp, table = _fresh(tmp_path_factory, "struct", rows)
    header = list(COLUMNS)
    kind = data.draw(st.sampled_from(["drop_col", "extra_col", "rename_col", "short_row", "long_row", "swap_cols"]))
    if kind == "drop_col":
        j = data.draw(st.integers(0, len(header) - 1))
        header.pop(j)
        table = [r[:j] + r[j + 1:] for r in table]
    elif kind == "extra_col":
        header.append("extra")
        table = [r + ["x"] for r in table]
    elif kind == "rename_col":
        j = data.draw(st.integers(0, len(header) - 1))
        header[j] = header[j] + "_renamed"
    elif kind == "short_row":
        i = data.draw(st.integers(0, len(table) - 1))
        table[i] = table[i][:-1]
    elif kind == "long_row":
        i = data.draw(st.integers(0, len(table) - 1))
        table[i] = table[i] + ["surplus"]
    else:
        header[0], header[1] = header[1], header[0]
    _write(tmp, header, table)
    frame, err = _load_or_error(tmp)
    assert err is not None, f"{kind} was accepted"
    _assert_good_error(err)
