// nnlab.js: draws every plot of a page with Plotly, at load and whenever htmx swaps new content in.
//
// A plot is an element with a data-plot attribute holding one <script type="application/json"> child:
// {"data": [...], "layout": {...}, "config": {...}}. The data arrives only as JSON, never as JavaScript, and
// this file has no inline handlers, so the page runs under a strict Content-Security-Policy.
(function () {
  "use strict";

  // Plotly's own texts and formats follow the page's language, for every plot of the page (the lessons' and the
  // Playground's, drawn here or by their scripts): the default config's locale (templates/base.html loads Plotly's
  // Polish locale after Plotly). Numbers keep the lecture's decimal point in both languages.
  if (window.Plotly) {
    window.Plotly.setPlotConfig({locale: document.documentElement.lang === "pl" ? "pl" : "en-US"});
  }

  function draw(container) {
    var source = container.querySelector('script[type="application/json"]');
    if (!source || !window.Plotly) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var target = container.querySelector(".plot-canvas");
    if (!target) {
      target = document.createElement("div");
      target.className = "plot-canvas";
      container.appendChild(target);
    }
    window.Plotly.react(target, spec.data, spec.layout || {}, spec.config || {});
  }

  function drawAll(root) {
    if (root.matches && root.matches("[data-plot]")) {
      draw(root);
    }
    // An htmx answer may bring only a plot's JSON (its container stays): redraw that plot in place.
    if (root.matches && root.matches('script[type="application/json"]') && root.parentElement &&
        root.parentElement.matches("[data-plot]")) {
      draw(root.parentElement);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("[data-plot]").forEach(draw);
    }
  }

  if (window.htmx) {
    // htmx.onLoad runs for the page once it is ready and again for each piece of swapped-in content
    // (out-of-band swaps included).
    window.htmx.onLoad(drawAll);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      drawAll(document.body);
    });
  }
})();
