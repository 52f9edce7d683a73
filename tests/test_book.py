"""The built book: it builds with -W, and its pages work offline in headless Chromium."""
from __future__ import annotations

import re

import pytest

LESSON = "book/war-communism-nep.html"


def test_book_builds_with_warnings_as_errors(built_book):
    # built_book fails the test if `jupyter-book build . -W --keep-going` exits non-zero
    assert (built_book / "book" / "war-communism-nep.html").is_file()
    assert (built_book / "_static" / "course-assets" / "plotly.min.js").is_file()


def test_no_page_inlines_plotly_or_points_at_a_cdn(built_book):
    offenders = []
    for page in built_book.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if len(html) > 1_000_000 or "plotly.js v" in html:
            offenders.append(f"{page.name}: plotly.js inlined")
        for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html):
            offenders.append(f"{page.name}: loads {url}")
    assert not offenders, offenders


def test_plotly_js_only_on_pages_with_figures(built_book):
    for page in built_book.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_fig = 'class="ck-plotly"' in html
        loads = re.search(r"course-assets/plotly(-basic)?\.min\.js", html) is not None
        assert has_fig == loads, f"{page.relative_to(built_book)}: figures={has_fig} plotly.js={loads}"


def test_pages_with_basic_charts_get_the_partial_bundle(built_book):
    """Scatter and bar charts only: the page loads the 1 MB partial bundle, not the 4.6 MB full one."""
    from conftest import ROOT

    if not (ROOT / "node_modules" / "plotly.js-basic-dist-min").is_dir():
        pytest.fail("npm packages missing: run the README's test command (scripts/setup.sh runs npm ci)")
    html = (built_book / LESSON).read_text(encoding="utf-8")
    types = set(",".join(re.findall(r'data-ck-trace-types="([^"]*)"', html)).split(","))
    assert types <= {"scatter", "bar", "pie"}
    assert "course-assets/plotly-basic.min.js" in html and "course-assets/plotly.min.js" not in html


def test_teacher_edition_keeps_teacher_material(built_book):
    html = (built_book / LESSON).read_text(encoding="utf-8")
    assert "Model answer" in html and "Lesson plan (for teachers)" in html


@pytest.mark.browser
def test_lesson_charts_draw_offline_and_switcher_changes_data(open_page):
    page, rec = open_page(LESSON)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=15000)
    figures = page.locator("figure.ck-figure")
    assert figures.count() >= 2
    drawn = page.locator("figure.ck-figure .js-plotly-plot").count()
    assert drawn == figures.count(), "every figure is drawn"

    grain = page.locator("#ck-fig-1")
    select = grain.locator("select.ck-switcher")
    options = select.locator("option").all_text_contents()
    assert options[0] == "All estimates" and len(options) >= 3

    def visible():
        return page.evaluate(
            "() => document.querySelector('#ck-fig-1 .js-plotly-plot').data"
            ".map(t => t.visible === undefined ? true : t.visible)"
        )

    before = visible()
    assert all(v is True for v in before)
    select.select_option(index=2)
    page.wait_for_function(
        "() => document.querySelector('#ck-fig-1 .js-plotly-plot').data.some(t => t.visible === false)"
    )
    after = visible()
    assert after != before and after.count(True) == 1
    # the drawn SVG follows the data: one visible line group
    n_lines = page.locator("#ck-fig-1 .js-plotly-plot .scatterlayer .trace").evaluate_all(
        "els => els.filter(e => getComputedStyle(e).opacity !== '0' && e.style.display !== 'none').length")
    assert n_lines >= 1

    assert not rec.foreign_requests(), f"requests left the local server: {rec.foreign_requests()}"
    assert not rec.failed, f"failed requests: {rec.failed}"
    assert not rec.unexpected_errors(), f"console errors: {rec.unexpected_errors()}"


@pytest.mark.browser
def test_switcher_works_from_the_keyboard(open_page):
    page, _ = open_page(LESSON)
    page.wait_for_selector("#ck-fig-1 .js-plotly-plot .main-svg", timeout=15000)
    select = page.locator("#ck-fig-1 select.ck-switcher")
    assert page.locator(f"label[for='{select.get_attribute('id')}']").count() == 1, "the control has a label"
    select.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "() => document.querySelector('#ck-fig-1 .js-plotly-plot').data.some(t => t.visible === false)"
    )


@pytest.mark.browser
def test_every_page_loads_offline_without_errors(open_page, built_book):
    pages = sorted(p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html")
                   if "_static" not in p.parts and p.name not in {"genindex.html", "search.html"})
    assert pages
    problems = []
    for path in pages:
        page, rec = open_page(path)
        page.wait_for_load_state("load")
        if page.locator(".ck-plotly").count():
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=15000)
        if rec.foreign_requests():
            problems.append(f"{path}: {rec.foreign_requests()}")
        if rec.unexpected_errors():
            problems.append(f"{path}: {rec.unexpected_errors()}")
        if rec.failed:
            problems.append(f"{path}: failed {rec.failed}")
        page.context.close()
    assert not problems, "\n".join(problems)


def test_student_edition_build_has_no_model_answers(tmp_path):
    """Build the same source as the student edition: every 'teacher' element is gone."""
    import os
    import subprocess

    from conftest import ROOT, jupyter_book_cmd

    env = dict(os.environ, COURSE_EDITION="student")
    proc = subprocess.run([*jupyter_book_cmd(), "build", ".", "--path-output", str(tmp_path), "-W", "--keep-going"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for page in (tmp_path / "_build" / "html").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'class="[^"]*\bteacher\b', text), f"{page.name}: an element of class 'teacher' survived"
        assert "Lesson plan (for teachers)" not in text, page.name
    html = (tmp_path / "_build" / "html" / LESSON).read_text(encoding="utf-8")
    assert "Model answer" not in html
    assert "Learning objectives" in html and "ck-plotly" in html, "everything else is still there"
