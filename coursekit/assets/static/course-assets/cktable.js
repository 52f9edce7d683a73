/* Filters for the course's tables (coursekit.tables.filterable_table), no kernel needed. */
(function () {
  "use strict";
  function setup(box) {
    var selects = Array.prototype.slice.call(box.querySelectorAll("select.ck-filter-select"));
    var search = box.querySelector("input.ck-filter-search");
    var count = box.querySelector(".ck-filter-count");
    var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
    function apply() {
      var text = search ? search.value.trim().toLowerCase() : "";
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          return !s.value || row.getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
        });
        if (ok && text) { ok = row.textContent.toLowerCase().indexOf(text) !== -1; }
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = shown + " of " + rows.length + " rows"; }
      box.setAttribute("data-shown", String(shown));
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    if (search) { search.addEventListener("input", apply); }
    apply();
  }
  function all() { document.querySelectorAll(".ck-filter").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
