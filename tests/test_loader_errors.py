"""The loader's error paths: a malformed file fails loudly, naming file, line and column."""
from __future__ import annotations

import json
import shutil

import pytest

from coursekit import data as ckdata

SCHEMA = {
    "fields": [
        {"name": "year", "type": "integer", "description": "Year", "constraints": {"required": True, "minimum": 1900, "maximum": 1960}},
        {"name": "series", "type": "string", "description": "Estimate", "constraints": {"required": True, "enum": ["official", "revised"]}},
        {"name": "value", "type": "number", "description": "Value", "constraints": {"required": True, "minimum": 0}},
        {"name": "source", "type": "string", "description": "Key", "constraints": {"required": True}},
        {"name": "locator", "type": "string", "description": "Where", "constraints": {"required": True}},
    ],
    "missingValues": [""],
    "primaryKey": ["year", "series"],
}
GOOD = "year,series,value,source,locator\n1913,official,80.1,known2020,p. 1\n1921,revised,36.2,known2020,p. 2\n"


def make_repo(root, schema, name="toy", bib="@book{known2020,\n  title={T}, author={A}, year={2020}}\n"):
    """A miniature repository: data/ with one dataset described by ``schema``, and a bibliography."""
    (root / "data" / "schemas").mkdir(parents=True)
    (root / "book").mkdir()
    (root / "book" / "references.bib").write_text(bib)
    (root / "data" / "schemas" / f"{name}.schema.json").write_text(json.dumps(schema))
    (root / "data" / "datapackage.json").write_text(json.dumps(
        {"name": "t", "resources": [{"name": name, "path": f"{name}.csv", "schema": f"schemas/{name}.schema.json"}]}))
    return root


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path, SCHEMA)


def write(repo, text: str):
    (repo / "data" / "toy.csv").write_text(text, encoding="utf-8")


def problems(repo) -> list:
    with pytest.raises(ckdata.DataError) as info:
        ckdata.validate("toy", root=repo / "data")
    err = info.value
    assert "data/toy.csv" in str(err)
    return err.problems


def test_good_file_loads_typed(repo):
    write(repo, GOOD)
    frame = ckdata.validate("toy", root=repo / "data")
    assert list(frame["year"]) == [1913, 1921]
    assert str(frame["year"].dtype) == "Int64" and str(frame["value"].dtype) == "Float64"


def test_bad_number_names_line_and_column(repo):
    write(repo, GOOD.replace("36.2", "thirty"))
    (p,) = problems(repo)
    assert (p.line, p.column) == (3, "value")
    assert "line 3" in str(p) and "'value'" in str(p)


def test_unknown_series_is_rejected(repo):
    write(repo, GOOD.replace("revised", "guessed"))
    (p,) = problems(repo)
    assert (p.line, p.column) == (3, "series") and "enum" in p.message


def test_out_of_range_value_is_rejected(repo):
    write(repo, GOOD.replace("1921", "2021"))
    (p,) = problems(repo)
    assert (p.line, p.column) == (3, "year")


def test_missing_required_value_is_rejected_not_dropped(repo):
    write(repo, GOOD.replace("36.2", ""))
    (p,) = problems(repo)
    assert (p.line, p.column) == (3, "value") and "required" in p.message


def test_missing_column_is_named(repo):
    write(repo, "year,series,value,source\n1913,official,80.1,known2020\n")
    found = problems(repo)
    assert any(p.column == "locator" and "missing" in p.message for p in found)


def test_extra_column_is_named(repo):
    write(repo, "year,series,value,source,locator,colour\n1913,official,80.1,known2020,p. 1,red\n")
    found = problems(repo)
    assert any(p.column == "colour" and "not in the schema" in p.message for p in found)


def test_columns_out_of_order_are_reported(repo):
    write(repo, "series,year,value,source,locator\nofficial,1913,80.1,known2020,p. 1\n")
    (p,) = problems(repo)
    assert p.line == 1 and "order" in p.message


def test_unknown_source_key_is_named(repo):
    write(repo, GOOD.replace("1921,revised,36.2,known2020", "1921,revised,36.2,nobody1999"))
    (p,) = problems(repo)
    assert (p.line, p.column) == (3, "source") and "nobody1999" in p.message


def test_duplicate_key_is_rejected(repo):
    write(repo, GOOD + "1913,official,81.0,known2020,p. 3\n")
    found = problems(repo)
    assert any(p.line == 4 for p in found)


def test_ragged_row_is_rejected(repo):
    write(repo, GOOD + "1922,official,50,known2020,p. 3,extra\n")
    found = problems(repo)
    assert any(p.line == 4 for p in found)


def test_not_utf8_is_rejected(repo):
    (repo / "data" / "toy.csv").write_bytes(GOOD.replace("p. 2", "p. \xe9").encode("latin-1"))
    found = problems(repo)
    assert found and "UTF-8" in str(found[0]) or "encoding" in str(found[0]).lower()


def test_missing_file_is_named(repo):
    found = problems(repo)
    assert "does not exist" in found[0].message


def test_unknown_dataset_name_lists_the_known_ones(repo):
    write(repo, GOOD)
    with pytest.raises(KeyError, match="toy"):
        ckdata.validate("nothing", root=repo / "data")


def test_real_dataset_with_a_typo_fails_clearly(tmp_path):
    """Copy the real grain file, break one cell, and check the error names it."""
    from conftest import ROOT

    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "book" / "references.bib", tmp_path / "book" / "references.bib")
    path = tmp_path / "data" / "grain_harvest.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = lines[2].split(",")
    fields[3] = fields[3] + "x"  # million_tonnes of the second data row
    lines[2] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ckdata.DataError) as info:
        ckdata.validate("grain_harvest", root=tmp_path / "data")
    (p,) = info.value.problems
    assert (p.file, p.line, p.column) == ("data/grain_harvest.csv", 3, "million_tonnes")


def test_empty_boolean_stays_missing_not_false(tmp_path):
    """An empty cell in a boolean column means 'unknown': it must not become False."""
    schema = {"fields": [{"name": "id", "type": "string", "description": "i", "constraints": {"required": True}},
                         {"name": "flag", "type": "boolean", "description": "f"},
                         {"name": "source", "type": "string", "description": "s"},
                         {"name": "locator", "type": "string", "description": "l"}],
              "missingValues": [""], "primaryKey": ["id"]}
    make_repo(tmp_path, schema, name="b", bib="@misc{k, title={T}}\n")
    (tmp_path / "data" / "b.csv").write_text("id,flag,source,locator\na,true,k,p\nb,false,k,p\nc,,k,p\n")
    frame = ckdata.validate("b", root=tmp_path / "data")
    assert frame["flag"].tolist()[:2] == [True, False]
    assert frame["flag"].isna().tolist() == [False, False, True]
