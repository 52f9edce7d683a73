"""Performance benchmark of the course (a script, not a test).

Measures on this machine and writes benchmarks/results.json and benchmarks/RESULTS.md:
cold build (with notebook execution) and cached rebuild; each lesson's execution time;
each page's HTML size; bytes transferred on a first visit and on a visit after another page;
time from navigation to the first chart drawn in Chromium (local server).

Usage: .venv/bin/python benchmarks/run.py [--check]   (--check: exit 1 if a budget is missed)
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"  # a private build folder: the real _build is left alone
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
BUDGETS = {
    "lesson_html_kb": 150,            # each lesson page's HTML
    "second_visit_kb": 300,           # a lesson page visited after another page
    "first_chart_s": 1.5,             # navigation to first chart drawn
    "cold_build_s": 120,
    "cached_rebuild_s": 15,
}


def machine() -> dict:
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem,
        "python": platform.python_version(),
        "packages": {p: version(p) for p in ("jupyter-book", "plotly", "pandas", "sphinx", "myst-nb")},
    }


def build() -> float:
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", ".", "--path-output", str(WORK),
           "-W", "--keep-going"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return round(elapsed, 1)


def lesson_execution() -> dict:
    import nbformat
    from nbclient import NotebookClient

    out = {}
    for nb_path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(nb_path.parent)}}).execute()
        out[nb_path.stem] = round(time.perf_counter() - start, 2)
    return out


def browser_measures(html_root: Path, lessons: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html_root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def visit(page, cdp, path):
            sizes = []
            cdp.on("Network.loadingFinished", lambda ev: sizes.append(ev["encodedDataLength"]))
            page.goto(f"{base}/{path}", wait_until="load")
            chart = None
            if page.locator(".ck-plotly").count():
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
                page.wait_for_function("() => performance.getEntriesByName('ck-first-chart').length > 0")
                chart = page.evaluate("() => performance.getEntriesByName('ck-first-chart')[0].startTime") / 1000
            page.wait_for_timeout(300)
            return round(sum(sizes) / 1024, 1), (round(chart, 3) if chart is not None else None)

        for path in lessons:
            ctx = browser.new_context()
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            first_kb, first_chart = visit(page, cdp, path)
            ctx.close()
            # second visit: another page first (fills the cache with theme assets and plotly.js), then this one
            ctx = browser.new_context()
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            other = next(p for p in lessons if p != path) if len(lessons) > 1 else "book/intro.html"
            visit(page, cdp, other)
            cdp2 = ctx.new_cdp_session(page)
            cdp2.send("Network.enable")
            second_kb, second_chart = visit(page, cdp2, path)
            ctx.close()
            results[path] = {"first_visit_kb": first_kb, "second_visit_kb": second_kb,
                             "first_chart_s": first_chart, "first_chart_s_cached": second_chart}
        browser.close()
    server.shutdown()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if any budget is missed")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    print("cold build ...", flush=True)
    cold = build()
    print("cached rebuild ...", flush=True)
    cached = build()
    html_root = WORK / "_build" / "html"
    pages = sorted(p for p in html_root.rglob("*.html") if "_static" not in p.parts)
    page_kb = {p.relative_to(html_root).as_posix(): round(p.stat().st_size / 1024, 1) for p in pages}
    lessons = [f"book/{p.stem}.html" for p in sorted((ROOT / "book").glob("*.ipynb"))
               if '"Learning objectives' in p.read_text(encoding="utf-8") or "## Learning objectives" in p.read_text(encoding="utf-8")]
    print("lesson execution ...", flush=True)
    execution = lesson_execution()
    print("browser ...", flush=True)
    browser = browser_measures(html_root, lessons)

    checks = {
        "cold_build_s": (cold, cold <= BUDGETS["cold_build_s"]),
        "cached_rebuild_s": (cached, cached <= BUDGETS["cached_rebuild_s"]),
        "lesson_html_kb": (max(page_kb[l] for l in lessons), all(page_kb[l] <= BUDGETS["lesson_html_kb"] for l in lessons)),
        "second_visit_kb": (max(b["second_visit_kb"] for b in browser.values()),
                            all(b["second_visit_kb"] <= BUDGETS["second_visit_kb"] for b in browser.values())),
        "first_chart_s": (max(b["first_chart_s"] or 0 for b in browser.values()),
                          all((b["first_chart_s"] or 0) <= BUDGETS["first_chart_s"] for b in browser.values())),
    }
    results = {
        "machine": machine(), "budgets": BUDGETS,
        "cold_build_s": cold, "cached_rebuild_s": cached,
        "lesson_execution_s": execution, "page_html_kb": page_kb, "lesson_pages": browser,
        "checks": {k: {"measured": v, "budget": BUDGETS[k], "met": ok} for k, (v, ok) in checks.items()},
    }
    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    lines = ["# Benchmark results", "", f"Measured {results['machine']['date']} on {results['machine']['cpu']}, "
             f"{results['machine']['cores']} cores, {results['machine']['memory_gib']} GiB, Python "
             f"{results['machine']['python']}. Produced by `make benchmark` (`benchmarks/run.py`).", "",
             "| Measure | Measured | Budget | Met |", "|---|---|---|---|"]
    for k, c in results["checks"].items():
        lines.append(f"| {k} | {c['measured']} | {c['budget']} | {'yes' if c['met'] else 'NO'} |")
    lines += ["", "## Lesson pages", "", "| Page | HTML KB | First visit KB | After another page KB | First chart s | First chart s (cached) |",
              "|---|---|---|---|---|---|"]
    for path, b in browser.items():
        lines.append(f"| {path} | {page_kb[path]} | {b['first_visit_kb']} | {b['second_visit_kb']} | "
                     f"{b['first_chart_s']} | {b['first_chart_s_cached']} |")
    lines += ["", "## Lesson execution (fresh kernel)", "", "| Notebook | Seconds |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in execution.items()]
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:12]))
    missed = [k for k, c in results["checks"].items() if not c["met"]]
    if missed:
        print(f"budgets missed: {missed}")
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
