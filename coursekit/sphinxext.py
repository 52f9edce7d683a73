"""Sphinx extension: plotly figures in the static book, with no network.

* A myst-nb mime renderer turns plotly's ``application/vnd.plotly.v1+json``
  notebook outputs into a ``<figure>``: the chart's JSON, a caption, a text
  alternative, a data table and download links (from ``fig.layout.meta["ck"]``,
  see :func:`coursekit.charts.describe`).
* Pages that have figures, and only those, load one local copy of
  ``plotly.min.js`` (taken from the installed plotly package) and the small
  drawing script ``ckplot.js``.
* The data package (``data/``) is copied into the built site for downloads.
* ``course_edition = "student"`` drops every element with the class
  ``teacher`` (model answers, points to consider, teacher notes).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

from docutils import nodes

PLOTLY_MIME = "application/vnd.plotly.v1+json"
ASSETS = Path(__file__).parent / "assets"
STATIC_SUBDIR = "course-assets"


def _plotly_js() -> Path:
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the plotly package at {path}")
    return path


# The partial bundle (from npm, see package.json) draws these trace types at a quarter of the size
# of the full plotly.min.js. Pages whose figures use only these load it; any other page gets the full one.
BASIC_TYPES = frozenset({"scatter", "bar", "pie"})
BASIC_BUNDLE = "plotly-basic.min.js"


def _basic_bundle(root: Path) -> Path | None:
    """The partial bundle installed by npm, if it is there and matches plotly's own plotly.js version."""
    path = root / "node_modules" / "plotly.js-basic-dist-min" / BASIC_BUNDLE
    if not path.is_file():
        return None
    from plotly.offline import get_plotlyjs_version

    head = path.read_text(encoding="utf-8", errors="replace")[:300]
    if f"v{get_plotlyjs_version()}" not in head:
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            f"{path} is not plotly.js v{get_plotlyjs_version()} (the plotly package's): update package.json; "
            "falling back to the full bundle"
        )
        return None
    return path


def _table_html(table: dict | None) -> str:
    if not table or not table.get("rows"):
        return ""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table["columns"])
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in table["rows"]
    )
    return (
        '<details class="ck-data"><summary>Data table</summary>'
        '<div class="ck-table-wrap" tabindex="0" role="region" aria-label="Data table">'
        f'<table class="ck-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        "</div></details>"
    )


def _slim_layout(layout: dict, trace_types: set[str]) -> dict:
    """The layout to embed: without the course's own metadata (printed as HTML instead) and
    without the template's defaults for trace types the figure does not use."""
    slim = dict(layout)
    meta = slim.get("meta")
    if isinstance(meta, dict) and "ck" in meta:
        rest = {k: v for k, v in meta.items() if k != "ck"}
        if rest:
            slim["meta"] = rest
        else:
            slim.pop("meta")
    template = slim.get("template")
    if isinstance(template, dict) and isinstance(template.get("data"), dict):
        slim["template"] = dict(template, data={k: v for k, v in template["data"].items() if k in trace_types})
    return slim


def trace_types(fig: dict) -> set[str]:
    """The plotly trace types a figure uses (scatter when a trace names none)."""
    return {t.get("type", "scatter") for t in fig.get("data", [])}


def figure_html(fig: dict, docname: str, serial: int, figure_dir: Path | None = None) -> str:
    """The HTML for one plotly figure (a dict as found in the notebook).

    With ``figure_dir`` the figure's data goes to a small script of its own in that folder
    (``<page>-<n>.js``, loaded by the page before ``ckplot.js``), which keeps the page's HTML
    small and works from ``file://`` too; without it the data is embedded in the page.
    """
    layout = fig.get("layout", {})
    meta = (layout.get("meta") or {}).get("ck", {}) if isinstance(layout.get("meta"), dict) else {}
    types = trace_types(fig)
    fig_id = f"ck-fig-{serial}"
    title = layout.get("title", {})
    title_text = title.get("text", "") if isinstance(title, dict) else str(title or "")
    payload = json.dumps({"data": fig.get("data", []), "layout": _slim_layout(layout, types)},
                         separators=(",", ":"))
    payload = payload.replace("</", "<\\/")
    if figure_dir is not None:
        name = f"{docname.replace('/', '--')}-{serial}"
        figure_dir.mkdir(parents=True, exist_ok=True)
        (figure_dir / f"{name}.js").write_text(
            f"(window.ckFigures = window.ckFigures || {{}})[{json.dumps(name)}] = {payload};\n", encoding="utf-8")
        data_holder = ""
        source_attr = f' data-ck-figure="{name}"'
    else:
        data_holder = f'<script type="application/json" class="ck-plotly-data">{payload}</script>'
        source_attr = ""
    alt = meta.get("alt", "")
    caption = meta.get("caption", "")
    up = "../" * docname.count("/")
    links = " ".join(
        f'<a class="ck-download" href="{up}data/{html.escape(f)}" download>{html.escape(f)}</a>'
        for f in meta.get("data_files", [])
    )
    parts = [
        f'<figure class="ck-figure" id="{fig_id}">',
        f'<div class="ck-plotly"{source_attr} data-ck-trace-types="{",".join(sorted(types))}"'
        f' role="group" aria-label="{html.escape(title_text or "Chart")}"'
        f' aria-describedby="{fig_id}-alt">',
        data_holder,
        '<p class="ck-noscript">This interactive chart needs JavaScript; '
        "the data table below has the same numbers.</p>",
        "</div>",
        "<script>window.ckDraw && window.ckDraw(document.currentScript.previousElementSibling);</script>",
        "<figcaption>",
        f'<p class="ck-caption">{html.escape(caption)}</p>' if caption else "",
        f'<p class="ck-alt" id="{fig_id}-alt"><span class="ck-alt-label">Text alternative:</span> '
        f"{html.escape(alt)}</p>" if alt else f'<p class="ck-alt" id="{fig_id}-alt"></p>',
        f'<p class="ck-downloads">Download the data: {links}</p>' if links else "",
        "</figcaption>",
        _table_html(meta.get("table")),
        "</figure>",
    ]
    return "".join(parts)


class PlotlyMimeRenderer:
    """myst-nb mime render plugin (registered as an entry point in pyproject.toml)."""

    mime_priority_overrides = [
        ("html", PLOTLY_MIME, 5),
        ("dirhtml", PLOTLY_MIME, 5),
        ("singlehtml", PLOTLY_MIME, 5),
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):  # noqa: D401 - myst-nb protocol
        if inline or data.mime_type != PLOTLY_MIME:
            return None
        fig = data.content
        if isinstance(fig, str):
            fig = json.loads(fig)
        # Sphinx picks the mime type in a post-transform, where the docutils
        # document and the Sphinx environment are those of the page being written.
        document = renderer.renderer.document
        env = getattr(document.settings, "env", None)
        docname = env.docname if env is not None else ""
        serial = document.get("ck_fig_serial", 0) + 1
        document["ck_fig_serial"] = serial
        figure_dir = None
        if env is not None and getattr(env.app.builder, "format", "") == "html":
            figure_dir = Path(env.app.outdir) / "_static" / STATIC_SUBDIR / "figures"
        return [nodes.raw("", figure_html(fig, docname, serial, figure_dir), format="html")]


def _page_context(app, pagename, templatename, context, doctree):
    body = context.get("body") or ""
    if 'class="ck-plotly"' in body:
        used = {t for attr in re.findall(r'data-ck-trace-types="([^"]*)"', body) for t in attr.split(",") if t}
        basic = getattr(app, "ck_basic_bundle", None) is not None and used <= BASIC_TYPES
        # First in <head>, so that it downloads before the theme's scripts and styles.
        app.add_js_file(f"{STATIC_SUBDIR}/{BASIC_BUNDLE if basic else 'plotly.min.js'}", priority=100)
        for name in re.findall(r'data-ck-figure="([^"]+)"', body):
            app.add_js_file(f"{STATIC_SUBDIR}/figures/{name}.js")
        app.add_js_file(f"{STATIC_SUBDIR}/ckplot.js")
    if 'class="ck-filter"' in (context.get("body") or ""):
        app.add_js_file(f"{STATIC_SUBDIR}/cktable.js")


def _drop_teacher_material(app, doctree, docname):
    if app.config.course_edition != "student":
        return
    for node in list(doctree.findall(nodes.Element)):
        if "teacher" in node.get("classes", []) and node.parent is not None:
            node.parent.remove(node)


def _copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static" / STATIC_SUBDIR
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_plotly_js(), static / "plotly.min.js")
    if getattr(app, "ck_basic_bundle", None) is not None:
        shutil.copyfile(app.ck_basic_bundle, static / BASIC_BUNDLE)
    # Sphinx copies html_static_path only when it writes pages; an edit to these files alone
    # must still reach the site, so copy them on every build.
    for asset in (ASSETS / "static" / STATIC_SUBDIR).iterdir():
        shutil.copyfile(asset, static / asset.name)
    data_src = Path(app.confdir) / app.config.course_data_dir
    if data_src.is_dir():
        data_out = out / "data"
        data_out.mkdir(exist_ok=True)
        for item in sorted(data_src.iterdir()):
            if item.suffix in {".csv", ".json"} or item.name == "schemas":
                if item.is_dir():
                    shutil.copytree(item, data_out / item.name, dirs_exist_ok=True)
                else:
                    shutil.copyfile(item, data_out / item.name)


# --- Links into the reference pages: {person}`id` and {claim}`id` ----------------------------

_LINK_TARGETS = {
    # role: (dataset, id column, display column, page docname, anchor prefix)
    "person": ("people", "id", "name", "book/people", "person-"),
    "claim": ("claims", "id", None, "book/fact-check", "claim-"),
}


def _known_ids(env, dataset: str, column: str, display: str | None) -> dict[str, str]:
    cache = env.temp_data.setdefault("ck_ids", {})
    if dataset not in cache:
        from .data import validate

        root = Path(env.srcdir) / env.config.course_data_dir
        frame = validate(dataset, root=root)
        shown = frame[display] if display else frame[column]
        cache[dataset] = dict(zip(frame[column].astype(str), shown.astype(str)))
    return cache[dataset]


def _make_link_role(role_name: str):
    import posixpath

    from docutils.parsers.rst.states import Inliner  # noqa: F401 - signature documentation
    from sphinx.util.docutils import SphinxRole

    dataset, column, display, page, prefix = _LINK_TARGETS[role_name]

    class LinkRole(SphinxRole):
        def run(self):
            text = self.text.strip()
            label, _, target = text.partition("<")
            key = (target.rstrip(">").strip() if target else label).strip()
            ids = _known_ids(self.env, dataset, column, display)
            if key not in ids:
                msg = self.inliner.reporter.error(
                    f"{role_name} '{key}' is not an id in data/{dataset}.csv", line=self.lineno
                )
                return [nodes.problematic(self.rawtext, self.rawtext)], [msg]
            shown = label.strip() if target else (ids[key] if role_name == "person" else f"claim {key}")
            here = posixpath.dirname(self.env.docname)
            uri = posixpath.relpath(page, here or ".") + ".html#" + prefix + key
            node = nodes.reference(self.rawtext, shown, refuri=uri, classes=[f"ck-{role_name}-link"])
            return [node], []

    return LinkRole()


def setup(app):
    app.add_config_value("course_edition", "teacher", "env")
    app.add_config_value("course_data_dir", "data", "env")
    app.connect("html-page-context", _page_context)
    app.connect("doctree-resolved", _drop_teacher_material)
    app.connect("build-finished", _copy_assets)
    app.add_css_file(f"{STATIC_SUBDIR}/ckplot.css")
    app.add_js_file(f"{STATIC_SUBDIR}/a11y.js", defer="defer")
    app.connect("config-inited", _add_static)
    app.connect("builder-inited", _find_bundle)
    app.add_directive("course-datasets", _datasets_directive())
    for role_name in _LINK_TARGETS:
        app.add_role(role_name, _make_link_role(role_name))
    app.connect("env-before-read-docs", _note_data_dependencies)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def _find_bundle(app):
    app.ck_basic_bundle = _basic_bundle(Path(app.confdir))


def _add_static(app, config):
    # The student edition is the same source built with COURSE_EDITION=student.
    edition = os.environ.get("COURSE_EDITION")
    if edition:
        if edition not in {"teacher", "student"}:
            raise ValueError(f"COURSE_EDITION must be 'teacher' or 'student', not {edition!r}")
        config.course_edition = edition
    # ckplot.css (every page) and ckplot.js (pages with figures) live here.
    config.html_static_path = [*config.html_static_path, str(ASSETS / "static")]
    # Template overrides (see assets/templates/static/webpack-macros.html) take precedence over the theme's.
    config.templates_path = [str(ASSETS / "templates"), *config.templates_path]


# --- The dataset documentation, generated from the data package ---------------------------

def _constraint_text(field: dict) -> str:
    c = field.get("constraints", {})
    bits = []
    if c.get("required"):
        bits.append("required")
    if "enum" in c:
        bits.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "minimum" in c or "maximum" in c:
        bits.append(f"{c.get('minimum', '…')} to {c.get('maximum', '…')}")
    if "pattern" in c:
        bits.append(f"pattern `{c['pattern']}`")
    if c.get("unique"):
        bits.append("unique")
    return "; ".join(bits)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def dataset_markdown(root: Path, name: str, docname: str) -> str:
    """MyST text documenting one dataset: fields, coverage, sources, notes."""
    from .data import _resource, schema, validate

    res = _resource(name, root)
    sch = schema(name, root)
    frame = validate(name, root=root)
    up = "../" * docname.count("/")
    lines = [f"({'data-' + name.replace('_', '-')})=", f"## {res.get('title', name)}", ""]
    if res.get("description"):
        lines += [res["description"], ""]
    lines.append(
        f'**File:** <a href="{up}data/{res["path"]}" download>{res["path"]}</a> '
        f"({len(frame)} rows, {len(frame.columns)} columns). "
        f"**Key:** {', '.join('`' + k + '`' for k in sch.get('primaryKey', []) or ['none'])}."
    )
    lines.append("")
    for col in ("year", "date", "born"):
        if col in frame.columns:
            values = frame[col].dropna().astype(str)
            if len(values):
                lines += [f"**Coverage ({col}):** {values.min()} to {values.max()}.", ""]
            break
    lines += ["| Column | Type | Unit | Rules | Meaning |", "|---|---|---|---|---|"]
    for field in sch["fields"]:
        lines.append(
            f"| `{field['name']}` | {field.get('type', 'string')} | {_cell(field.get('unit', ''))} "
            f"| {_cell(_constraint_text(field))} | {_cell(field.get('description', ''))} |"
        )
    lines.append("")
    for column, meanings in sch.get("x-categories", {}).items():
        lines += [f"**Values of `{column}`:**", ""]
        counts = frame[column].value_counts() if column in frame.columns else {}
        for value, meaning in meanings.items():
            n = int(counts.get(value, 0)) if len(counts) else 0
            lines.append(f"- `{value}` ({n} rows): {meaning}")
        lines.append("")
    if "source" in frame.columns:
        keys = sorted({k.strip() for v in frame["source"].dropna() for k in str(v).split(";") if k.strip()})
        if keys:
            lines += ["**Sources cited in this file:** " + "; ".join(f"{{cite:t}}`{k}`" for k in keys) + ".", ""]
    notes = root / "notes" / f"{name}.md"
    if notes.is_file():
        text = notes.read_text(encoding="utf-8")
        # Notes use '##' headings; inside a dataset's section they become '###'.
        text = "\n".join(("#" + ln) if ln.startswith("#") else ln for ln in text.splitlines())
        lines += [text, ""]
    return "\n".join(lines)


def _note_data_dependencies(app, env, docnames):
    env.temp_data.pop("ck_ids", None)


def _datasets_directive():
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class DatasetsDirective(SphinxDirective):
        """``{course-datasets}``: document every dataset of the data package (or those named)."""

        optional_arguments = 1
        final_argument_whitespace = True
        has_content = False

        def run(self):
            from .data import dataset_names

            root = Path(self.env.srcdir) / self.config.course_data_dir
            names = self.arguments[0].split() if self.arguments else dataset_names(root)
            self.env.note_dependency(str(root / "datapackage.json"))
            for n in names:
                for dep in (root / f"{n}.csv", root / "schemas" / f"{n}.schema.json", root / "notes" / f"{n}.md"):
                    if dep.exists():
                        self.env.note_dependency(str(dep))
            text = "\n\n".join(dataset_markdown(root, n, self.env.docname) for n in names)
            container = nodes.section()
            self.state.nested_parse(StringList(text.splitlines()), 0, container, match_titles=True)
            return container.children

    return DatasetsDirective
