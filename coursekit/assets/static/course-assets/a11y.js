/* Accessibility fixes for the theme's header controls (found by axe-core):
 * - the search field shows a keyboard hint ("Ctrl + K") that is not part of its
 *   accessible name: hide the hint from assistive technology;
 * - the colour-mode button's icons carry titles ("Light", "Dark") that differ from
 *   its name ("Color mode"): hide the decorative icons;
 * - docutils marks a bibliography as role="list" but its entries as
 *   role="doc-biblioentry", which a list may not contain: drop the list role.
 */
(function () {
  "use strict";
  function hide(el) { el.setAttribute("aria-hidden", "true"); }
  function fix(root) {
    root.querySelectorAll(".search-button__kbd-shortcut").forEach(hide);
    root.querySelectorAll(".search-button__button i, .search-button__button svg").forEach(hide);
    root.querySelectorAll(".theme-switch-button .theme-switch, .theme-switch-button svg").forEach(function (el) {
      hide(el);
      el.removeAttribute("title");
      var t = el.querySelector && el.querySelector("title");
      if (t) { t.remove(); }
    });
  }
  function start() {
    fix(document);
    document.querySelectorAll('.citation-list[role="list"]').forEach(function (el) { el.removeAttribute("role"); });
    // Font Awesome swaps <i> icons for <svg> after load: fix those too.
    var buttons = document.querySelectorAll(".theme-switch-button, .search-button__button");
    var observer = new MutationObserver(function () { fix(document); });
    buttons.forEach(function (b) { observer.observe(b, { childList: true, subtree: true }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
