"""Crawl the built book: every internal link, anchor and asset resolves; nothing is fetched from afar."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.imgs_without_alt: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "source") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href") and (a.get("rel") or "") in ("stylesheet", "icon", "preload", "shortcut icon"):
            self.assets.append(a["href"])
        if tag == "img" and a.get("alt") is None:
            self.imgs_without_alt.append(a.get("src", "?"))


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


@pytest.fixture(scope="module")
def pages(built_book):
    return {p: _parse(p) for p in built_book.rglob("*.html") if "_static" not in p.parts}


def _local_target(page: Path, ref: str, root: Path) -> tuple[Path | None, str]:
    url, frag = urldefrag(ref)
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or ref.startswith(("mailto:", "javascript:", "data:")):
        return None, ""
    if not url:
        return page, frag
    target = (page.parent / unquote(parsed.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, frag


def test_no_broken_internal_links_or_anchors(pages, built_book):
    broken = []
    for page, info in pages.items():
        for ref in info.links:
            target, frag = _local_target(page, ref, built_book)
            if target is None:
                continue
            rel = page.relative_to(built_book)
            if not target.exists():
                broken.append(f"{rel}: {ref} (no such file)")
            elif frag and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(frag) not in ids:
                    broken.append(f"{rel}: {ref} (no anchor #{frag})")
    assert not broken, "\n".join(sorted(set(broken)))


def test_no_missing_assets_and_none_remote(pages, built_book):
    problems = []
    for page, info in pages.items():
        for ref in info.assets:
            target, _ = _local_target(page, ref.split("?")[0], built_book)
            rel = page.relative_to(built_book)
            if target is None:
                problems.append(f"{rel}: remote asset {ref}")
            elif not target.exists():
                problems.append(f"{rel}: missing asset {ref}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_image_has_alt_text(pages, built_book):
    missing = [f"{p.relative_to(built_book)}: {src}" for p, info in pages.items() for src in info.imgs_without_alt]
    assert not missing, missing


def test_every_chart_has_caption_and_text_alternative(pages, built_book):
    problems = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        n = html.count('<figure class="ck-figure"')
        if n:
            if html.count('class="ck-caption"') < n or html.count('<span class="ck-alt-label">') < n:
                problems.append(f"{page.relative_to(built_book)}: a chart lacks a caption or text alternative")
            if html.count('class="ck-data"') + html.count('class="ck-download"') < n:
                problems.append(f"{page.relative_to(built_book)}: a chart has no data table or download")
    assert not problems, problems
