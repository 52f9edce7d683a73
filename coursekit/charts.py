"""Chart defaults and builders shared by every lesson.

Every figure the course shows is a plotly figure made here, so that all of them
share one colour-blind-safe palette (Okabe & Ito), a second visual encoding
(dash and marker) beside colour, a source note, units in axis titles, and the
caption and text alternative that the book prints under the chart
(see :func:`describe`).
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

__all__ = [
    "PALETTE",
    "DASHES",
    "SYMBOLS",
    "style",
    "describe",
    "series_lines",
    "grouped_bars",
    "timeline",
    "estimate_switcher",
    "parse_date",
    "long_date",
    "rights_timeline",
]

# Okabe & Ito (2008), ordered so the first colours contrast well on white.
PALETTE = [
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow: last, weak on white
]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
# Ten symbols against eight colours: every pair (colour, symbol) is distinct up to 40 series.
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "triangle-down",
           "pentagon", "hourglass"]

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def style(fig: go.Figure, *, height: int = 460) -> go.Figure:
    """Apply the course's layout defaults in place and return the figure.

    Call it after the traces are added: the top margin leaves room for a legend
    of one row per trace (the worst case, on a phone) between title and plot.
    """
    legend_rows = 0 if fig.layout.showlegend is False else sum(1 for tr in fig.data if tr.showlegend is not False)
    fig.update_layout(
        template="plotly_white",
        font=dict(family=_FONT, size=14, color="#222222"),
        colorway=PALETTE,
        height=height + 22 * legend_rows,
        margin=dict(l=70, r=30, t=60 + 22 * legend_rows, b=60),
        hoverlabel=dict(font_size=13),
        # Above the plot, under the title: never collides with the axis title and source note.
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
    return fig


def _table_payload(table: pd.DataFrame | None) -> dict | None:
    if table is None:
        return None
    frame = table.copy()
    frame = frame.astype(object).where(frame.notna(), "")
    return {
        "columns": [str(c) for c in frame.columns],
        "rows": [[str(v) for v in row] for row in frame.itertuples(index=False, name=None)],
    }


def describe(
    fig: go.Figure,
    *,
    title: str,
    caption: str,
    alt: str,
    source: str,
    data_files: Sequence[str] = (),
    table: pd.DataFrame | None = None,
) -> go.Figure:
    """Give a figure its title, source note and accessible description.

    ``caption`` is printed under the chart; ``alt`` is a one- or two-sentence
    text alternative saying what the chart shows; ``source`` is the short source
    note drawn on the chart itself; ``data_files`` are CSV names in ``data/``
    offered for download; ``table`` is the data shown in a table under the chart.
    """
    for name, value in (("title", title), ("caption", caption), ("alt", alt), ("source", source)):
        if not value or not str(value).strip():
            raise ValueError(f"describe(): '{name}' must not be empty")
    fig.update_layout(title=dict(text=title, x=0, xanchor="left", automargin=True, yref="container", y=0.98))
    # The source note goes under the x-axis title, so plotly makes room for it automatically.
    axis_title = fig.layout.xaxis.title.text or ""
    # Wrapped, so that a long note stays readable on a phone instead of running off the chart.
    lines = textwrap.wrap(f"Source: {source}", width=80) or [""]
    note = "<br>".join(f"<span style='font-size:11px;color:#444444'>{line}</span>" for line in lines)
    fig.update_xaxes(title_text=f"{axis_title}<br>{note}" if axis_title else note)
    fig.update_layout(
        meta={
            "ck": {
                "caption": caption,
                "alt": alt,
                "data_files": list(data_files),
                "table": _table_payload(table),
            }
        }
    )
    return fig


def _labels_for(values: Sequence[str], labels: Mapping[str, str] | None) -> dict[str, str]:
    labels = dict(labels or {})
    return {v: labels.get(v, str(v).replace("_", " ")) for v in values}


def estimate_switcher(
    fig: go.Figure,
    groups: Mapping[str, Sequence[int]],
    *,
    label: str = "Show",
    all_label: str | None = "All estimates",
    titles: Mapping[str, str] | None = None,
) -> go.Figure:
    """Add a dropdown choosing which traces are visible.

    ``groups`` maps an option's label to the indices of the traces it shows.
    ``titles`` optionally maps an option to a new chart title. The dropdown works
    in the static book (plotly.js alone) and in a live notebook.
    """
    n = len(fig.data)
    buttons = []
    options = list(groups.items())
    if all_label:
        options.insert(0, (all_label, list(range(n))))
    for option, indices in options:
        wanted = set(indices)
        bad = [i for i in wanted if not 0 <= i < n]
        if bad:
            raise IndexError(f"estimate_switcher(): no trace {bad} in a figure with {n} traces")
        relayout = {}
        if titles and option in titles:
            relayout["title.text"] = titles[option]
        buttons.append(
            dict(
                label=option,
                method="update",
                args=[{"visible": [i in wanted for i in range(n)]}, relayout],
            )
        )
    fig.update_layout(
        updatemenus=[
            dict(
                type="dropdown",
                buttons=buttons,
                active=0,
                x=1,
                xanchor="right",
                y=1.13,
                yanchor="bottom",
                showactive=True,
                name=label,
            )
        ]
    )
    return fig


def _break_gaps(part: pd.DataFrame, x: str, gap: float) -> pd.DataFrame:
    """Insert an empty row between observations more than ``gap`` apart on ``x``."""
    xs = part[x].astype(float).tolist()
    pieces = []
    for i, (_, row) in enumerate(part.iterrows()):
        if i and xs[i] - xs[i - 1] > gap:
            blank = {c: None for c in part.columns}
            blank[x] = (xs[i] + xs[i - 1]) / 2
            pieces.append(blank)
        pieces.append(row.to_dict())
    return pd.DataFrame(pieces, columns=part.columns)


def series_lines(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    labels: Mapping[str, str] | None = None,
    x_title: str,
    y_title: str,
    hover_extra: Sequence[str] = ("source", "locator"),
    switcher: bool = True,
    mode: str = "lines+markers",
    order: Sequence[str] | None = None,
    gap: float | None = None,
) -> go.Figure:
    """One line per series, each with its own colour, dash and marker.

    With ``switcher`` a dropdown lets the reader show every series at once or
    one at a time (the course's estimate switcher). With a numeric ``x`` and
    ``gap``, the line is broken wherever two observations are more than ``gap``
    apart, so that missing years are not drawn as if they were known.
    """
    for col in (x, y, series, *hover_extra):
        if col not in frame.columns:
            raise KeyError(f"series_lines(): no column {col!r}; columns are {list(frame.columns)}")
    names = list(order) if order is not None else list(dict.fromkeys(frame[series].tolist()))
    text = _labels_for(names, labels)
    fig = go.Figure()
    for i, name in enumerate(names):
        part = frame[frame[series] == name].sort_values(x)
        if part.empty:
            continue
        if gap is not None:
            part = _break_gaps(part, x, gap)
        custom = part[list(hover_extra)].astype(object).where(part[list(hover_extra)].notna(), "").to_numpy()
        extra = "".join(
            f"<br>{col}: %{{customdata[{j}]}}" for j, col in enumerate(hover_extra)
        )
        fig.add_trace(
            go.Scatter(
                x=part[x].tolist(),
                y=[None if pd.isna(v) else float(v) for v in part[y]],
                name=text[name],
                mode=mode,
                connectgaps=False,
                line=dict(color=PALETTE[i % len(PALETTE)], dash=DASHES[i % len(DASHES)], width=2.5),
                marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=8),
                customdata=custom,
                hovertemplate=f"<b>{text[name]}</b><br>%{{x}}: %{{y}}{extra}<extra></extra>",
            )
        )
    style(fig)
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    if switcher and len(fig.data) > 1:
        estimate_switcher(fig, {tr.name: [i] for i, tr in enumerate(fig.data)})
    return fig


def grouped_bars(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str,
    labels: Mapping[str, str] | None = None,
    x_title: str,
    y_title: str,
    hover_extra: Sequence[str] = ("source", "locator"),
    switcher: bool = False,
) -> go.Figure:
    """Bars for each ``x``, one bar per ``group`` (e.g. per source), patterned as well as coloured."""
    patterns = ["", "/", ".", "x", "-", "\\", "+", "|"]
    names = list(dict.fromkeys(frame[group].tolist()))
    text = _labels_for(names, labels)
    fig = go.Figure()
    for i, name in enumerate(names):
        part = frame[frame[group] == name]
        custom = part[list(hover_extra)].astype(object).where(part[list(hover_extra)].notna(), "").to_numpy()
        extra = "".join(f"<br>{col}: %{{customdata[{j}]}}" for j, col in enumerate(hover_extra))
        fig.add_trace(
            go.Bar(
                x=part[x].tolist(),
                y=part[y].astype(float).tolist(),
                name=text[name],
                marker=dict(color=PALETTE[i % len(PALETTE)], pattern_shape=patterns[i % len(patterns)]),
                customdata=custom,
                hovertemplate=f"<b>{text[name]}</b><br>%{{x}}: %{{y}}{extra}<extra></extra>",
            )
        )
    style(fig)
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    if switcher and len(fig.data) > 1:
        estimate_switcher(fig, {tr.name: [i] for i, tr in enumerate(fig.data)}, all_label="All sources")
    return fig


def timeline(
    events: pd.DataFrame,
    *,
    date: str = "date",
    category: str = "category",
    title_col: str = "title",
    summary_col: str = "summary",
    labels: Mapping[str, str] | None = None,
    periods: Sequence[tuple[str, str, str]] = (),
    filter_menu: bool = True,
) -> go.Figure:
    """A dot per event on a time axis, one row per category, with a category filter.

    ``periods`` is a list of ``(start, end, label)`` ISO dates shaded behind the dots.
    Dates coarser than a day (``YYYY`` or ``YYYY-MM``) are placed at their start.
    """
    frame = events.copy()
    frame["_x"] = frame[date].astype(str).map(parse_date)
    cats = list(dict.fromkeys(frame[category].tolist()))
    text = _labels_for(cats, labels)
    fig = go.Figure()
    for i, cat in enumerate(cats):
        part = frame[frame[category] == cat].sort_values("_x")
        fig.add_trace(
            go.Scatter(
                x=part["_x"].tolist(),
                y=[text[cat]] * len(part),
                mode="markers",
                name=text[cat],
                marker=dict(color=PALETTE[i % len(PALETTE)], symbol=SYMBOLS[i % len(SYMBOLS)], size=11,
                            line=dict(width=1, color="#333333")),
                customdata=part[[date, title_col, summary_col]].astype(str).to_numpy(),
                hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[0]}<br>%{customdata[2]}<extra></extra>",
            )
        )
    fig.update_layout(showlegend=False)  # the rows are labelled on the axis
    style(fig, height=max(360, 70 * len(cats) + 200))
    for j, (start, end, label) in enumerate(periods):
        fig.add_vrect(x0=start, x1=end, fillcolor=PALETTE[j % len(PALETTE)], opacity=0.08, line_width=0,
                      annotation_text=label, annotation_position="top left",
                      annotation=dict(font_size=11))
    fig.update_xaxes(title_text="Date", type="date")
    fig.update_yaxes(title_text="", autorange="reversed")
    fig.update_layout(showlegend=False, hovermode="closest")
    if filter_menu and len(fig.data) > 1:
        estimate_switcher(fig, {tr.name: [i] for i, tr in enumerate(fig.data)}, label="Category",
                          all_label="All categories")
    return fig


def parse_date(date) -> pd.Timestamp:
    """Plot position of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date (coarse dates at their start)."""
    return pd.to_datetime(str(date), format="mixed")


def long_date(date) -> str:
    """A ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date in the course's style for prose and captions:
    "4 January 1923", "March 1921" or "1924" (never a day the source does not give)."""
    text = str(date)
    stamp = parse_date(text)
    if len(text) == 4:
        return str(stamp.year)
    if len(text) == 7:
        return stamp.strftime("%B %Y")
    return f"{stamp.day} {stamp.strftime('%B %Y')}"


def rights_timeline(
    granted: pd.DataFrame,
    reversals: pd.DataFrame,
    reverses: Mapping[str, Sequence[str]],
    *,
    themes: Sequence[str],
    periods: Sequence[tuple[str, str, str]] = (),
    first: str = "granted",
) -> go.Figure:
    """Rights granted and later reversed, on one time axis, with a three-way switcher.

    ``granted`` and ``reversals`` are rows of events.csv with a ``theme`` column; ``reverses``
    maps a reversal id to the ids it undid (drawn as dotted links in the combined view).
    ``first`` ("granted", "reversals" or "both") is the view shown when the page opens.
    """
    colour = {"granted": PALETTE[0], "reversals": PALETTE[1]}
    symbol = {"granted": "circle", "reversals": "x"}
    label_g = f"Rights granted {granted['date'].str[:4].min()}-{granted['date'].str[:4].max()}"
    label_r = f"Reversals {reversals['date'].str[:4].min()}-{reversals['date'].str[:4].max()}"
    legend = {"granted": label_g, "reversals": label_r}
    fig = go.Figure()
    groups = {"granted": [], "reversals": [], "links": []}
    for key, frame in (("granted", granted), ("reversals", reversals)):
        part = timeline(frame, category="theme", filter_menu=False, periods=periods if key == "granted" else ())
        for j, tr in enumerate(part.data):
            tr.marker.color = colour[key]
            tr.marker.symbol = symbol[key]
            tr.marker.size = 13
            tr.marker.line = dict(width=2 if key == "reversals" else 1, color=colour[key] if key == "reversals" else "#ffffff")
            tr.name = legend[key]
            tr.legendgroup = key
            tr.showlegend = j == 0
            groups[key].append(len(fig.data))
            fig.add_trace(tr)
        if key == "granted":
            fig.layout.shapes = part.layout.shapes
            fig.layout.annotations = part.layout.annotations
    where = {row.id: (parse_date(row.date), row.theme) for row in pd.concat([granted, reversals]).itertuples()}
    for k, (rev, undone) in enumerate(reverses.items()):
        for m, old in enumerate(undone):
            (x0, y0), (x1, y1) = where[old], where[rev]
            groups["links"].append(len(fig.data))
            fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip",
                                     line=dict(color="#555555", width=1.5, dash="dot"),
                                     name="Link: a right and the law that reversed it", legendgroup="links",
                                     showlegend=k == 0 and m == 0))
    # An invisible point on every row keeps all the themes on the axis in every view.
    anchor = len(fig.data)
    fig.add_trace(go.Scatter(x=[parse_date(granted["date"].min())] * len(themes), y=list(themes), mode="markers",
                             marker=dict(opacity=0), hoverinfo="skip", showlegend=False))
    views = {
        label_g: groups["granted"] + [anchor],
        label_r: groups["reversals"] + [anchor],
        "Both": groups["granted"] + groups["reversals"] + groups["links"] + [anchor],
    }
    keys = {"granted": label_g, "reversals": label_r, "both": "Both"}
    order = [keys[first]] + [v for v in views if v != keys[first]]
    estimate_switcher(fig, {v: views[v] for v in order}, label="Show", all_label=None)

    def span(frame):
        xs = frame["date"].map(parse_date)
        pad = max(pd.Timedelta(days=150), (xs.max() - xs.min()) * 0.06)
        return [str((xs.min() - pad).date()), str((xs.max() + pad).date())]

    ranges = {label_g: span(granted), label_r: span(reversals), "Both": span(pd.concat([granted, reversals]))}
    for button in fig.layout.updatemenus[0].buttons:
        button.args[1]["xaxis.range"] = ranges[button.label]
    shown = set(views[order[0]])
    for i, tr in enumerate(fig.data):
        tr.visible = i in shown
    style(fig, height=max(360, 60 * len(themes) + 160))
    fig.update_xaxes(title_text="Date (New Style)", type="date", range=ranges[order[0]])
    fig.update_yaxes(title_text="", categoryorder="array", categoryarray=themes, autorange="reversed")
    fig.update_layout(showlegend=True, hovermode="closest")
    return fig
