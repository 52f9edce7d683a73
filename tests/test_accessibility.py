"""axe-core on every page of the built book: no serious or critical violations."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Rules axe marks experimental but which catch what the theme gets wrong (e.g. a search button whose
# accessible name differs from its visible label).
EXTRA_RULES = ["label-content-name-mismatch", "p-as-heading", "table-fake-caption", "td-has-header"]


def _pages(root: Path) -> list[str]:
    """Every content page (not redirect stubs such as index.html, which only forward to a page)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if "_static" not in p.parts and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:2000])


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violations(open_page, built_book):
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run the README's test command (it runs `npm ci`)")
    script = AXE.read_text(encoding="utf-8")
    rules = "{" + ", ".join(f"'{r}': {{enabled: true}}" for r in EXTRA_RULES) + "}"
    found = []
    pages = _pages(built_book)
    assert pages
    for path in pages:
        page, _ = open_page(path)
        if page.locator(".ck-plotly").count():
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=15000)
        page.add_script_tag(content=script)
        result = page.evaluate(f"async () => await axe.run(document, {{resultTypes: ['violations'], rules: {rules}}})")
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in v["nodes"][:3]]
                found.append(f"{path}: {v['id']} ({v['impact']}) x{len(v['nodes'])} e.g. {targets}")
        page.context.close()
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_chart_colours_do_not_carry_meaning_alone(open_page):
    """Every legend entry of a multi-series chart differs from the others in dash or marker too."""
    page, _ = open_page("book/war-communism-nep.html")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=15000)
    encodings = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(div =>
        div.data.map(t => [t.type, (t.line || {}).dash || '', (t.marker || {}).symbol || '',
                           ((t.marker || {}).pattern || {}).shape || '']))""")
    for traces in encodings:
        if len(traces) > 1:
            non_colour = [tuple(t[1:]) for t in traces]
            assert len(set(non_colour)) == len(non_colour), f"two traces differ by colour only: {traces}"
