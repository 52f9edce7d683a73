"""Chart builders: palette, encodings, the estimate switcher, descriptions, and the HTML renderer."""
from __future__ import annotations

import json

import pandas as pd
import plotly.io as pio
import pytest

from coursekit import charts, tables
from coursekit.sphinxext import PLOTLY_MIME, figure_html


@pytest.fixture
def frame():
    return pd.DataFrame({
        "year": [1913, 1921, 1928, 1913, 1921, 1928, 1930],
        "series": ["a", "a", "a", "b", "b", "b", "b"],
        "value": [80.0, 42.0, 73.0, 79.0, 36.0, 63.0, 65.0],
        "source": ["s1"] * 7,
        "locator": ["p. 1"] * 7,
    })


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_palette_is_okabe_ito_and_distinct():
    assert len(set(PAL := charts.PALETTE)) == len(PAL) == 8
    assert {"#0072B2", "#D55E00", "#009E73"} <= set(PAL)
    # the first six colours are dark enough to read on white (contrast >= 2:1 for graphics)
    for colour in PAL[:3]:
        assert (1.05) / (_luminance(colour) + 0.05) >= 3, colour


def test_series_lines_one_trace_per_series_with_second_encoding(frame):
    fig = charts.series_lines(frame, x="year", y="value", series="series", x_title="Year", y_title="Mt")
    assert [t.name for t in fig.data] == ["a", "b"]
    dashes = {t.line.dash for t in fig.data}
    symbols = {t.marker.symbol for t in fig.data}
    assert len(dashes) == 2 and len(symbols) == 2, "colour must not be the only encoding"
    assert fig.layout.yaxis.title.text == "Mt"


def test_switcher_buttons_show_each_series_alone(frame):
    fig = charts.series_lines(frame, x="year", y="value", series="series", x_title="Y", y_title="V")
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All estimates", "a", "b"]
    assert buttons[0].args[0]["visible"] == [True, True]
    assert buttons[1].args[0]["visible"] == [True, False]
    assert buttons[2].args[0]["visible"] == [False, True]


def test_switcher_rejects_unknown_trace(frame):
    fig = charts.series_lines(frame, x="year", y="value", series="series", x_title="Y", y_title="V", switcher=False)
    with pytest.raises(IndexError):
        charts.estimate_switcher(fig, {"bad": [5]})


def test_gap_breaks_lines_at_missing_years(frame):
    fig = charts.series_lines(frame, x="year", y="value", series="series", x_title="Y", y_title="V", gap=1)
    ys = list(fig.data[0].y)
    assert ys.count(None) == 2, "1913-1921 and 1921-1928 are gaps in series a"
    ys_b = list(fig.data[1].y)
    assert ys_b.count(None) == 3 and ys_b[-1] == 65.0, "1928-1930 is a gap too"


def test_missing_column_is_a_clear_error(frame):
    with pytest.raises(KeyError, match="no column 'nope'"):
        charts.series_lines(frame, x="year", y="nope", series="series", x_title="Y", y_title="V")


def test_describe_requires_alt_and_caption(frame):
    fig = charts.series_lines(frame, x="year", y="value", series="series", x_title="Y", y_title="V")
    with pytest.raises(ValueError, match="alt"):
        charts.describe(fig, title="T", caption="C", alt=" ", source="S")


def test_describe_records_meta_and_source_note(frame):
    fig = charts.series_lines(frame, x="year", y="value", series="series", x_title="Year", y_title="V")
    charts.describe(fig, title="T", caption="Cap", alt="Alt text", source="Someone (2000)",
                    data_files=["x.csv"], table=frame)
    ck = fig.layout.meta["ck"]
    assert ck["alt"] == "Alt text" and ck["caption"] == "Cap" and ck["data_files"] == ["x.csv"]
    assert ck["table"]["columns"] == list(frame.columns) and len(ck["table"]["rows"]) == len(frame)
    assert "Someone (2000)" in fig.layout.xaxis.title.text


def test_renderer_html_has_figure_caption_alt_table_and_no_cdn(frame):
    fig = charts.series_lines(frame, x="year", y="value", series="series", x_title="Year", y_title="V")
    charts.describe(fig, title="Harvest <b>", caption="Cap & more", alt="What it shows", source="S",
                    data_files=["grain.csv"], table=frame)
    bundle = json.loads(pio.to_json(fig))
    out = figure_html(bundle, "book/lesson", 1)
    assert out.startswith('<figure class="ck-figure" id="ck-fig-1">')
    assert 'aria-describedby="ck-fig-1-alt"' in out and "What it shows" in out
    assert "Cap &amp; more" in out, "captions are escaped"
    assert 'href="../data/grain.csv"' in out, "download path is relative to the page"
    assert "<table" in out and "<th scope=\"col\">year</th>" in out
    assert "cdn" not in out.lower() and "https://" not in out
    payload = out.split('class="ck-plotly-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(payload.replace("<\\/", "</"))["data"][0]["name"] == "a"


def test_renderer_escapes_script_end_in_data():
    fig = {"data": [{"type": "scatter", "name": "</script><script>alert(1)</script>", "x": [1], "y": [1]}],
           "layout": {}}
    out = figure_html(fig, "book/x", 2)
    assert "</script><script>alert" not in out


def test_timeline_places_coarse_dates_and_filters_categories():
    events = pd.DataFrame({
        "date": ["1917-11-07", "1921-03", "1924"],
        "category": ["revolution", "party", "party"],
        "title": ["a", "b", "c"], "summary": ["x", "y", "z"],
    })
    fig = charts.timeline(events)
    assert [t.name for t in fig.data] == ["revolution", "party"]
    xs = [str(x)[:10] for x in fig.data[1].x]
    assert xs == ["1921-03-01", "1924-01-01"]
    labels = [b.label for b in fig.layout.updatemenus[0].buttons]
    assert labels == ["All categories", "revolution", "party"]


def test_filterable_table_has_labelled_controls_and_row_ids():
    df = pd.DataFrame({"id": ["a-01", "b-02"], "kind": ["fact", "programme"], "text": ["x < y", "z"]})
    out = tables.filterable_table(df, caption="Ledger", filters=["kind"], row_id="id", row_id_prefix="claim-").data
    assert '<label for="' in out and 'data-filter="kind"' in out
    assert 'id="claim-a-01"' in out and 'data-kind="programme"' in out
    assert "x &lt; y" in out and "<caption>Ledger</caption>" in out
    with pytest.raises(KeyError):
        tables.filterable_table(df, caption="c", filters=["nope"])


def test_plotly_mime_is_preferred_over_html_for_html_builders():
    from coursekit.sphinxext import PlotlyMimeRenderer

    assert ("html", PLOTLY_MIME, 5) in PlotlyMimeRenderer.mime_priority_overrides


def test_rights_timeline_switches_between_rights_reversals_and_both():
    granted = pd.DataFrame({"id": ["abortion_legal", "decrim"], "date": ["1920-11-18", "1922-06"],
                            "theme": ["Family", "Sexuality"], "title": ["a", "b"], "summary": ["x", "y"]})
    reversals = pd.DataFrame({"id": ["abortion_ban", "recrim"], "date": ["1936-06-27", "1933-12"],
                              "theme": ["Family", "Sexuality"], "title": ["c", "d"], "summary": ["z", "w"]})
    fig = charts.rights_timeline(granted, reversals, {"abortion_ban": ["abortion_legal"], "recrim": ["decrim"]},
                                 themes=["Family", "Sexuality"])
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["Rights granted 1920-1922", "Reversals 1933-1936", "Both"]
    both = buttons[2].args[0]["visible"]
    assert all(both), "'Both' shows rights, reversals and the links between them"
    only_rights = buttons[0].args[0]["visible"]
    assert 0 < sum(only_rights) < len(only_rights)
    links = [t for t in fig.data if t.mode == "lines"]
    assert len(links) == 2 and all(t.line.dash == "dot" for t in links)
    assert charts.parse_date("1922-06") == pd.Timestamp("1922-06-01")


def test_renderer_can_write_figure_data_to_its_own_script(tmp_path, frame):
    fig = charts.series_lines(frame, x="year", y="value", series="series", x_title="Year", y_title="V")
    charts.describe(fig, title="T", caption="C", alt="A", source="S", table=frame)
    out = figure_html(json.loads(pio.to_json(fig)), "book/lesson", 3, figure_dir=tmp_path)
    assert 'data-ck-figure="book--lesson-3"' in out and "ck-plotly-data" not in out
    script = (tmp_path / "book--lesson-3.js").read_text(encoding="utf-8")
    prefix = '(window.ckFigures = window.ckFigures || {})["book--lesson-3"] = '
    assert script.startswith(prefix)
    stored = json.loads(script[len(prefix):].rstrip().rstrip(";").replace("<\\/", "</"))
    assert [t["name"] for t in stored["data"]] == ["a", "b"]
    assert "ck" not in stored["layout"].get("meta", {}), "captions and tables are printed as HTML, not shipped twice"
    assert set(stored["layout"]["template"]["data"]) <= {"scatter"}, "template defaults only for used trace types"


def test_long_date_never_invents_a_day():
    assert charts.long_date("1923-01-04") == "4 January 1923"
    assert charts.long_date("1921-03") == "March 1921"
    assert charts.long_date("1924") == "1924"
