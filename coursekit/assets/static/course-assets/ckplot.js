/* Draw the course's plotly figures from their embedded JSON, offline.
 *
 * Each figure is a <div class="ck-plotly">: its data is either in a script of its own
 * (data-ck-figure names the entry in window.ckFigures, loaded before this file) or
 * embedded in the div as <script type="application/json">.
 * Plotly's own dropdowns (updatemenus) are drawn in SVG and cannot be reached
 * from the keyboard, so each one is replaced by a native, labelled <select>
 * that applies the same update: same behaviour, but keyboard and screen-reader
 * friendly.
 */
(function () {
  "use strict";

  function applyButton(div, button) {
    var args = button.args || [];
    var method = button.method || "update";
    if (method === "update") {
      return Plotly.update(div, args[0] || {}, args[1] || {});
    }
    if (method === "restyle") {
      return Plotly.restyle(div, args[0] || {}, args[1]);
    }
    if (method === "relayout") {
      return Plotly.relayout(div, args[0] || {});
    }
    return Promise.resolve();
  }

  function buildControls(div, menus) {
    var bar = document.createElement("div");
    bar.className = "ck-controls";
    menus.forEach(function (menu, m) {
      var buttons = menu.buttons || [];
      if (!buttons.length) { return; }
      var id = div.id + "-menu-" + m;
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = (menu.name || "Show") + ": ";
      var select = document.createElement("select");
      select.id = id;
      select.className = "ck-switcher";
      buttons.forEach(function (b, i) {
        var opt = document.createElement("option");
        opt.value = String(i);
        opt.textContent = b.label || ("Option " + (i + 1));
        select.appendChild(opt);
      });
      select.value = String(menu.active || 0);
      select.addEventListener("change", function () {
        var b = buttons[Number(select.value)];
        applyButton(div, b).then(function () {
          div.setAttribute("data-ck-choice", b.label || select.value);
        });
      });
      bar.appendChild(label);
      bar.appendChild(select);
    });
    div.parentNode.insertBefore(bar, div);
  }

  function draw(holder) {
    if (holder.hasAttribute("data-ck-state")) { return; }
    holder.setAttribute("data-ck-state", "drawing");
    var key = holder.getAttribute("data-ck-figure");
    var script = holder.querySelector("script.ck-plotly-data");
    var fig = key ? (window.ckFigures || {})[key] : (script ? JSON.parse(script.textContent) : null);
    if (!fig) { return; }
    fig = JSON.parse(JSON.stringify(fig));  // draw a copy: the stored figure stays as built
    var layout = fig.layout || {};
    var menus = layout.updatemenus || [];
    delete layout.updatemenus;
    var div = document.createElement("div");
    div.className = "ck-plot";
    div.id = (holder.closest("figure") || holder).id + "-plot";
    holder.appendChild(div);
    var note = holder.querySelector(".ck-noscript");
    if (note) { note.remove(); }
    if (menus.length) { buildControls(div, menus); }
    var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["toImage"] };
    return Plotly.newPlot(div, fig.data || [], layout, config).then(function () {
      holder.setAttribute("data-ck-drawn", "true");
      // For the benchmark: when the first chart of the page was drawn.
      if (window.performance && performance.mark && !performance.getEntriesByName("ck-first-chart").length) {
        performance.mark("ck-first-chart");
      }
    });
  }

  function drawAll() {
    document.querySelectorAll(".ck-plotly").forEach(draw);
  }

  // plotly.js is loaded with "async" (it downloads and compiles while the page is parsed), so
  // drawing waits until it has arrived.
  var waiting = [];
  var timer = null;
  function whenPlotly(fn) {
    if (typeof Plotly !== "undefined") { fn(); return; }
    waiting.push(fn);
    if (timer === null) {
      timer = setInterval(function () {
        if (typeof Plotly === "undefined") { return; }
        clearInterval(timer);
        timer = null;
        var ready = waiting;
        waiting = [];
        ready.forEach(function (f) { f(); });
      }, 15);
    }
  }

  // Each figure calls ckDraw from a one-line script right after it, so a chart is drawn as soon
  // as both the parser has reached it and plotly.js is ready, without waiting for the theme's
  // deferred scripts (DOMContentLoaded).
  window.ckDraw = function (holder) {
    if (holder) { whenPlotly(function () { draw(holder); }); }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { whenPlotly(drawAll); });
  } else {
    whenPlotly(drawAll);
  }
})();
