"""The reference apparatus: glossary terms, people and claim links, and the ledger's filters."""
from __future__ import annotations

import re

import nbformat
import pytest

from coursekit import data as ckdata
from conftest import BOOK

ROLE = re.compile(r"\{(term|person|claim)\}`([^`]+)`")


def _sources():
    for path in sorted(BOOK.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        yield path.name, "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for path in sorted(BOOK.glob("*.md")):
        yield path.name, path.read_text(encoding="utf-8")


def _target(text: str) -> str:
    m = re.search(r"<([^>]+)>\s*$", text)
    return (m.group(1) if m else text).strip()


def glossary_terms() -> set[str]:
    text = (BOOK / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {line.strip() for line in block.splitlines() if line and not line.startswith((" ", "\t"))}


def test_glossary_is_big_enough_and_sorted():
    terms = glossary_terms()
    assert len(terms) >= 30


def test_every_term_link_exists_in_the_glossary():
    terms = {t.lower() for t in glossary_terms()}
    missing = [(name, _target(t)) for name, text in _sources() for kind, t in ROLE.findall(text)
               if kind == "term" and _target(t).lower() not in terms]
    assert not missing, f"{{term}} links to terms the glossary lacks: {missing}"


def test_every_person_and_claim_link_exists_in_the_data():
    people = set(ckdata.load("people")["id"])
    claims = set(ckdata.load("claims")["id"])
    bad = []
    for name, text in _sources():
        for kind, t in ROLE.findall(text):
            if kind == "person" and _target(t) not in people:
                bad.append((name, t))
            if kind == "claim" and _target(t) not in claims:
                bad.append((name, t))
    assert not bad, f"links to people/claims that are not in the data: {bad}"


def test_lessons_link_into_ledger_glossary_and_people():
    for name, text in _sources():
        if "Learning objectives" in text:
            kinds = {k for k, _ in ROLE.findall(text)}
            assert {"term", "claim"} <= kinds, f"{name} should link to the glossary and the ledger ({kinds})"


@pytest.mark.browser
def test_ledger_filters_work_without_a_kernel(open_page, built_book):
    if not (built_book / "book" / "fact-check.html").exists():
        pytest.fail("the fact-check ledger page was not built")
    page, rec = open_page("book/fact-check.html")
    box = page.locator(".ck-filter").first
    total = int(box.get_attribute("data-shown"))
    assert total == len(ckdata.load("claims"))
    select = box.locator("select[data-filter='verdict']")
    select.select_option("wrong")
    shown = int(box.get_attribute("data-shown"))
    expected = int((ckdata.load("claims")["verdict"] == "wrong").sum())
    assert shown == expected and 0 < shown < total
    visible = box.locator("tbody tr:not([hidden])")
    assert visible.count() == expected
    assert all(v == "wrong" for v in visible.evaluate_all("rows => rows.map(r => r.dataset.verdict)"))
    # combine with a second filter and a search, then reset
    box.locator("select[data-filter='section']").select_option("last-struggle")
    assert int(box.get_attribute("data-shown")) <= expected
    select.select_option("")
    box.locator("select[data-filter='section']").select_option("")
    box.locator("input.ck-filter-search").fill("Kronstadt")
    n = int(box.get_attribute("data-shown"))
    assert 0 < n < total
    # a claim link from a lesson lands on its row
    assert page.locator("#claim-wc-31").count() == 1
    assert not rec.foreign_requests()
