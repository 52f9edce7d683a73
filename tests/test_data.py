"""Every dataset loads, satisfies its schema, cites real sources and passes sanity checks."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from coursekit import data as ckdata
from conftest import BOOK, DATA

# The column contract the lessons rely on (issue: "names and columns are a contract").
CONTRACT = {
    "grain_harvest": ["year", "series", "million_tonnes", "source", "locator", "note"],
    "party_membership": ["date", "members", "candidates", "total", "source", "locator", "note"],
    "party_purges": ["purge", "start", "end", "expelled", "percent_expelled", "members_before", "source", "locator", "note"],
    "repression": ["year", "measure", "value", "source", "locator", "note"],
    "scissors": ["date", "industrial_index", "agricultural_index", "base", "source", "locator", "note"],
    "events": ["date", "precision", "title", "category", "summary", "source", "locator"],
    "people": ["name", "born", "died", "roles", "fate", "source", "locator"],
    "claims": ["id", "section", "claim", "kind", "verdict", "correction", "source", "locator"],
}
NAMES = ckdata.dataset_names()


def test_the_data_package_lists_every_csv_and_only_those():
    on_disk = {p.stem for p in DATA.glob("*.csv")}
    assert on_disk == set(NAMES), f"CSV files and data package differ: {on_disk ^ set(NAMES)}"
    assert set(CONTRACT) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_dataset_loads_against_its_schema(name):
    frame = ckdata.load(name)
    assert len(frame) > 0
    sch = ckdata.schema(name)
    assert list(frame.columns) == [f["name"] for f in sch["fields"]]
    for field in sch["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns_present(name):
    cols = set(ckdata.load(name).columns)
    assert set(CONTRACT[name]) <= cols, f"{name} lacks {set(CONTRACT[name]) - cols}"


@pytest.mark.parametrize("name", NAMES)
def test_every_row_has_a_resolvable_source_and_a_locator(name):
    frame = ckdata.load(name)
    keys = ckdata.bibliography_keys(BOOK / "references.bib")
    assert frame["source"].notna().all() and frame["locator"].notna().all()
    assert (frame["locator"].str.strip().str.len() > 0).all()
    used = {k.strip() for v in frame["source"] for k in str(v).split(";")}
    assert used <= keys, f"unknown source keys: {used - keys}"


@pytest.mark.parametrize("name", NAMES)
def test_no_duplicate_primary_keys(name):
    frame = ckdata.load(name)
    key = ckdata.schema(name).get("primaryKey")
    assert key, f"{name} has no primary key"
    dupes = frame[frame.duplicated(subset=key, keep=False)]
    assert dupes.empty, f"duplicate keys in {name}:\n{dupes[key]}"


@pytest.mark.parametrize("name", NAMES)
def test_categorical_columns_are_documented(name):
    sch = ckdata.schema(name)
    cats = sch.get("x-categories", {})
    for column, meanings in cats.items():
        enum = next(f for f in sch["fields"] if f["name"] == column).get("constraints", {}).get("enum")
        if enum:
            assert set(enum) == set(meanings), f"{name}.{column}: enum and x-categories differ"


def test_bibliography_has_no_duplicate_keys():
    text = (BOOK / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", text, flags=re.M)
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"duplicate BibTeX keys: {dupes}"


def test_notes_exist_for_every_dataset():
    for name in NAMES:
        assert (DATA / "notes" / f"{name}.md").is_file(), f"data/notes/{name}.md missing"


# --- Sanity checks that catch a typo -----------------------------------------------------------

def _years(frame, col):
    return frame[col].dropna().astype(str).str[:4].astype(int)


def test_grain_values_are_plausible():
    g = ckdata.load("grain_harvest")
    assert g["million_tonnes"].between(20, 130).all()
    assert (g["year_end"] >= g["year"]).all()
    assert g["year"].between(1900, 1945).all()
    # a year-on-year change beyond a factor of 1.8 within one series is more likely a typo than a
    # harvest (the largest real one in the data is the recovery after the 1921 famine)
    single = g[g["year"] == g["year_end"]].sort_values("year")
    for series, part in single.groupby("series"):
        consecutive = part[part["year"].diff() == 1]
        ratios = (part["million_tonnes"] / part["million_tonnes"].shift()).loc[consecutive.index]
        assert ratios.between(1 / 1.8, 1.8).all(), f"implausible jump in {series}: {ratios.to_dict()}"


def test_membership_totals_add_up():
    m = ckdata.load("party_membership")
    for col in ("members", "candidates", "total"):
        assert (m[col].dropna() >= 0).all()
    both = m.dropna(subset=["members", "candidates", "total"])
    off = both[(both["members"] + both["candidates"] - both["total"]).abs() > 0.01 * both["total"]]
    assert off.empty, f"total != members + candidates:\n{off[['date', 'members', 'candidates', 'total']]}"
    assert _years(m, "date").between(1917, 1941).all()


def test_purges_are_consistent():
    p = ckdata.load("party_purges")
    assert (p["percent_expelled"].dropna().between(0, 100)).all()
    rows = p.dropna(subset=["expelled", "members_before"])
    assert (rows["expelled"] <= rows["members_before"]).all()


def test_repression_values_are_counts_in_range():
    r = ckdata.load("repression")
    assert (r["value"] >= 0).all()
    assert r["year"].between(1917, 1960).all()


def test_scissors_indices_and_ratios_agree():
    s = ckdata.load("scissors")
    both = s.dropna(subset=["industrial_index", "agricultural_index", "ratio"])
    computed = both["industrial_index"] / both["agricultural_index"]
    assert ((computed - both["ratio"]).abs() <= 0.15 * both["ratio"]).all()


def test_events_dates_match_their_precision():
    e = ckdata.load("events")
    lengths = {"day": 10, "month": 7, "year": 4}
    bad = e[e["date"].str.len() != e["precision"].map(lengths)]
    assert bad.empty, f"date and precision disagree:\n{bad[['id', 'date', 'precision']]}"
    assert len(e) >= 80
    parsed = pd.to_datetime(e["date"].where(e["precision"] == "day"), errors="coerce", format="%Y-%m-%d")
    assert parsed.notna().sum() == (e["precision"] == "day").sum(), "a day-precision date is not a real date"


def test_people_lived_in_order():
    p = ckdata.load("people")
    both = p.dropna(subset=["born", "died"])
    born, died = both["born"].str[:4].astype(int), both["died"].str[:4].astype(int)
    assert (died >= born).all() and ((died - born) <= 110).all()
    assert len(p) >= 60


def test_claims_with_a_negative_verdict_carry_a_correction():
    c = ckdata.load("claims")
    needs = c[~c["verdict"].isin(["supported", "not_checkable"])]
    assert needs["correction"].notna().all(), needs[needs["correction"].isna()]["id"].tolist()
    assert len(c) >= 100
    sections = next(f for f in ckdata.schema("claims")["fields"] if f["name"] == "section")["constraints"]["enum"]
    assert set(c["section"]) == set(sections), "every section of the essay has claims in the ledger"


def test_datapackage_is_valid_frictionless():
    from frictionless import Package

    pkg = Package(str(DATA / "datapackage.json"))
    report = pkg.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:10]
