"""Tables a reader can filter in the static book, with no kernel.

:func:`filterable_table` returns HTML: a table with a drop-down filter per chosen
column and a free-text search box. In the built book the small script
``cktable.js`` (added by :mod:`coursekit.sphinxext` to pages that need it)
makes the controls work; in a live notebook the full table is shown.
"""
from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence

import pandas as pd

__all__ = ["filterable_table", "table_html"]

_ids = itertools.count(1)


class _HTML:
    """Minimal rich-display object (avoids importing IPython at module import)."""

    def __init__(self, text: str):
        self.data = text

    def _repr_html_(self) -> str:
        return self.data

    def __str__(self) -> str:
        return self.data


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str,
    columns: Mapping[str, str] | None = None,
    row_data: Sequence[str] = (),
    links: Mapping[str, str] | None = None,
    row_id: str | None = None,
    row_id_prefix: str = "",
) -> str:
    """An accessible HTML table (caption, scoped headers) of ``frame``.

    ``columns`` maps column names to header labels (and chooses the columns);
    ``row_data`` columns are also written as ``data-*`` attributes on each row;
    ``links`` maps a column to a URL template such as ``"people.html#person-{id}"``;
    ``row_id`` names a column whose value, after ``row_id_prefix``, becomes each
    row's HTML ``id`` (so that other pages can link to a row).
    """
    columns = dict(columns or {c: c for c in frame.columns})
    missing = [c for c in [*columns, *row_data] if c not in frame.columns]
    if missing:
        raise KeyError(f"table_html(): no column(s) {missing}; columns are {list(frame.columns)}")
    head = "".join(f'<th scope="col">{html.escape(label)}</th>' for label in columns.values())
    rows = []
    for rec in frame.to_dict("records"):
        attrs = "".join(f' data-{c.replace("_", "-")}="{_cell(rec[c])}"' for c in row_data)
        if row_id:
            attrs += f' id="{html.escape(row_id_prefix)}{_cell(rec[row_id])}"'
        cells = []
        for c in columns:
            text = _cell(rec[c])
            if links and c in links and text:
                href = links[c].format(**{k: _cell(v) for k, v in rec.items()})
                text = f'<a href="{href}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append(f"<tr{attrs}>{''.join(cells)}</tr>")
    return (
        f'<table class="ck-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def filterable_table(
    frame: pd.DataFrame,
    *,
    caption: str,
    filters: Sequence[str],
    columns: Mapping[str, str] | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    search: bool = True,
    links: Mapping[str, str] | None = None,
    row_id: str | None = None,
    row_id_prefix: str = "",
    order: Mapping[str, Sequence[str]] | None = None,
) -> _HTML:
    """A table with a drop-down filter for each column in ``filters`` and a search box.

    ``labels`` optionally maps, per filter column, raw values to readable option labels;
    ``order`` optionally gives, per filter column, the order of its options (others follow,
    sorted); by default options are sorted alphabetically.
    """
    labels = labels or {}
    for col in filters:
        if col not in frame.columns:
            raise KeyError(f"filterable_table(): cannot filter on missing column {col!r}")
    n = next(_ids)
    controls = []
    for col in filters:
        sel_id = f"ck-filter-{n}-{col}"
        present = {str(v) for v in frame[col].dropna()}
        first = [str(v) for v in (order or {}).get(col, []) if str(v) in present]
        values = first + sorted(present - set(first))
        opts = '<option value="">All</option>' + "".join(
            f'<option value="{html.escape(v)}">{html.escape(labels.get(col, {}).get(v, v.replace("_", " ")))}</option>'
            for v in values
        )
        title = (columns or {}).get(col, col.replace("_", " ").capitalize())
        controls.append(
            f'<label for="{sel_id}">{html.escape(title)}</label>'
            f'<select id="{sel_id}" class="ck-filter-select" data-filter="{col.replace("_", "-")}">{opts}</select>'
        )
    if search:
        controls.append(
            f'<label for="ck-filter-{n}-search">Search</label>'
            f'<input id="ck-filter-{n}-search" class="ck-filter-search" type="search">'
        )
    table = table_html(frame, caption=caption, columns=columns, row_data=filters, links=links, row_id=row_id,
                       row_id_prefix=row_id_prefix)
    return _HTML(
        f'<div class="ck-filter" id="ck-filter-{n}">'
        f'<div class="ck-filter-controls">{"".join(controls)}'
        f'<output class="ck-filter-count" aria-live="polite">{len(frame)} rows</output></div>'
        f'<div class="ck-table-wrap" tabindex="0" role="region" aria-label="{html.escape(caption)}">{table}</div>'
        "</div>"
    )
