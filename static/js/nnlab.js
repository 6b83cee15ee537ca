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
    var target = container.querySelector(".plot-canvas");
    if (!target) {
      target = document.createElement("div");
      target.className = "plot-canvas";
      container.appendChild(target);
    }
    // An answer often brings a plot unchanged (another field changed): redrawing it costs 20-60 ms for nothing.
    var text = source.textContent;
    if (target.nnlabDrawn === text && target.data) {
      return;
    }
    target.nnlabDrawn = text;
    var spec = JSON.parse(text);
    var layout = window.nnlabProjectorLayout ? window.nnlabProjectorLayout(spec.layout) : spec.layout;
    window.Plotly.react(target, spec.data, layout || {}, spec.config || {});
    container.dispatchEvent(new CustomEvent("nnlab:drawn", {bubbles: true}));
  }

  // Plots on screen are drawn first; the others one per task after them, so an edit shows its visible plots
  // first (a Plotly redraw takes 20-60 ms, and a lesson may bring four) and typing is never blocked for long.
  // The plots an answer brings are sorted once all of it is swapped in (a microtask later): asking where a plot is
  // lays the page out, once instead of once a swapped region.
  var asked = [];
  var later = [];
  var laterTimer = null;

  function onScreen(el) {
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.bottom > 0 && r.top < window.innerHeight;
  }

  function drawLater() {
    laterTimer = null;
    var container = later.shift();
    if (container && container.isConnected) {
      draw(container);
    }
    if (later.length) {
      laterTimer = window.setTimeout(drawLater, 0);
    }
  }

  function sortAsked() {
    var now = asked;
    asked = [];
    var visible = now.filter(function (container) { return container.isConnected && onScreen(container); });
    now.forEach(function (container) {
      if (visible.indexOf(container) < 0 && later.indexOf(container) < 0) {
        later.push(container);
      }
    });
    visible.forEach(function (container) {
      var i = later.indexOf(container);
      if (i >= 0) {
        later.splice(i, 1);
      }
      draw(container);
    });
    if (later.length && laterTimer === null) {
      laterTimer = window.setTimeout(drawLater, 0);
    }
  }

  function request(container) {
    if (asked.indexOf(container) >= 0) {
      return;
    }
    if (!asked.length) {
      window.queueMicrotask(sortAsked);
    }
    asked.push(container);
  }

  function drawAll(root) {
    if (root === document.body) {
      // The page itself: every plot now, so the lesson's scripts find them drawn when they start.
      root.querySelectorAll("[data-plot]").forEach(draw);
      return;
    }
    if (root.matches && root.matches("[data-plot]")) {
      request(root);
    }
    // An htmx answer may bring only a plot's JSON (its container stays): redraw that plot in place.
    if (root.matches && root.matches('script[type="application/json"]') && root.parentElement &&
        root.parentElement.matches("[data-plot]")) {
      request(root.parentElement);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("[data-plot]").forEach(request);
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

// Projector mode, keyboard shortcuts and full-screen plots: on every page.
//
// - Projector mode (the "p" key or the header's button; remembered in this browser): large type, plots across the
//   width with larger ticks and legends, high contrast (static/css/nnlab.css, html.projector). A page opened from
//   a deck (/present/...) is always in projector mode.
// - Keys work wherever the focus is, except while typing in a text field: "?" lists them; "f" shows the plot
//   under the pointer or with the focus full screen; "p" projector mode; in a deck ← and → go to the previous and
//   next scene. A page's own keys are its buttons with data-key="<key>" (step, play/pause, reset...): the key
//   clicks the button, so a key does exactly what the button does.
(function () {
  "use strict";

  var root = document.documentElement;
  var STORE = "nnlab-projector";

  function projector() {
    return root.classList.contains("projector");
  }

  // Larger text in every plot while projecting: at least 18 px for ticks and legends, 22 px for titles.
  function projectorLayout(layout) {
    if (!projector()) {
      return layout;
    }
    var out = JSON.parse(JSON.stringify(layout || {}));
    out.font = Object.assign({}, out.font, {size: Math.max(20, (out.font && out.font.size) || 0)});
    out.legend = Object.assign({}, out.legend, {font: {size: 18}});
    Object.keys(out).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        // a log axis writes its in-between labels (2, 5) at 3/4 of the size: 24 px makes them 18
        out[key] = Object.assign({}, out[key], {tickfont: {size: out[key] && out[key].type === "log" ? 24 : 18}});
      }
    });
    if (out.title && typeof out.title === "object") {
      out.title = Object.assign({}, out.title, {font: {size: 22}});
    }
    return out;
  }
  window.nnlabProjectorLayout = projectorLayout;

  function redrawAll() {
    if (!window.Plotly) {
      return;
    }
    document.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      window.Plotly.relayout(plot, projectorLayout(plot.layout));
      window.Plotly.Plots.resize(plot);
    });
  }

  function setProjector(on, remember) {
    root.classList.toggle("projector", on);
    var button = document.getElementById("projector-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    if (remember) {
      try {
        window.localStorage.setItem(STORE, on ? "1" : "0");
      } catch (err) {
        // private mode: not remembered, still on
      }
    }
    redrawAll();
  }

  function typing(el) {
    if (!el || !el.tagName) {
      return false;
    }
    var tag = el.tagName.toLowerCase();
    var type = (el.getAttribute("type") || "text").toLowerCase();
    return el.isContentEditable || tag === "textarea" || tag === "select" ||
      (tag === "input" && ["text", "number", "search", "email", "url", "password"].indexOf(type) >= 0);
  }

  function plotUnderPointer() {
    var hovered = document.querySelectorAll(".js-plotly-plot:hover");
    if (hovered.length) {
      return hovered[hovered.length - 1];
    }
    var active = document.activeElement;
    return active && active.closest ? active.closest(".plot-box, [data-plot]") : null;
  }

  function toggleHelp() {
    var dialog = document.getElementById("keys-help");
    if (!dialog) {
      return;
    }
    if (dialog.open) {
      dialog.close();
      return;
    }
    var list = dialog.querySelector("[data-page-keys]");
    list.textContent = "";
    var names = {space: dialog.getAttribute("data-space"), ArrowRight: "→", ArrowLeft: "←"};
    document.querySelectorAll("[data-key]").forEach(function (button) {
      var item = document.createElement("li");
      button.getAttribute("data-key").split(/\s+/).forEach(function (key, i) {
        var kbd = document.createElement("kbd");
        kbd.textContent = names[key] || key;
        if (i) {
          item.appendChild(document.createTextNode(" "));
        }
        item.appendChild(kbd);
      });
      item.appendChild(document.createTextNode(" " + (button.getAttribute("aria-label") || button.textContent.trim())));
      list.appendChild(item);
    });
    dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var slider = event.target && event.target.type === "range";
    if (slider && /^(Arrow|Page|Home|End)/.test(event.key)) {
      return;  // a focused slider keeps its own keys
    }
    var key = event.key;
    var presenter = document.getElementById("presenter");
    if (key === "?") {
      toggleHelp();
    } else if (key === "p" || key === "P") {
      setProjector(!projector(), true);
    } else if (key === "f" || key === "F") {
      var plot = plotUnderPointer();
      if (plot && plot.requestFullscreen) {
        plot.requestFullscreen();
      }
    } else if (presenter && key === "ArrowLeft" && presenter.getAttribute("data-prev")) {
      window.location.assign(presenter.getAttribute("data-prev") + "?lang=" + root.lang);
    } else if (presenter && key === "ArrowRight" && presenter.getAttribute("data-next")) {
      window.location.assign(presenter.getAttribute("data-next") + "?lang=" + root.lang);
    } else {
      var name = key === " " ? "space" : key.length === 1 ? key.toLowerCase() : key;
      var buttons = /^\w+$/.test(name) ? document.querySelectorAll('[data-key~="' + name + '"]') : [];
      var button = Array.prototype.find.call(buttons, function (b) { return !b.disabled && b.offsetParent !== null; });
      if (!button) {
        return;
      }
      button.click();
    }
    event.preventDefault();
  });

  function init() {
    var button = document.getElementById("projector-toggle");
    if (button) {
      button.addEventListener("click", function () {
        setProjector(!projector(), true);
      });
    }
    var closeHelp = document.getElementById("keys-help-close");
    if (closeHelp) {
      closeHelp.addEventListener("click", function () {
        document.getElementById("keys-help").close();
      });
    }
    var remembered = null;
    try {
      remembered = window.localStorage.getItem(STORE);
    } catch (err) {
      remembered = null;
    }
    if (remembered === "1" && !projector()) {
      setProjector(true, false);
    } else if (button) {
      button.setAttribute("aria-pressed", projector() ? "true" : "false");
    }
    document.addEventListener("fullscreenchange", function () {
      window.setTimeout(function () {
        if (window.Plotly) {
          document.querySelectorAll(".js-plotly-plot").forEach(function (p) { window.Plotly.Plots.resize(p); });
        }
      }, 50);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Accessibility of what the server renders, after every load and swap (coalesced to one pass a frame):
// - a label that is only a formula (MathML) names its field with the formula's text ("w111", "γ"): browsers and
//   checkers differ in reading a name out of MathML;
// - a box that scrolls sideways (a long formula, a wide table) can be reached and scrolled with the keyboard.
(function () {
  "use strict";

  var SCROLLERS = ".formula, .act-formula, .table-wrap, .lesson-page :is(p, li, dd, figcaption):has(> math)";
  var pending = false;

  function nameFormulaFields() {
    document.querySelectorAll("label[for]").forEach(function (label) {
      if (!label.querySelector("math")) {
        return;
      }
      var copy = label.cloneNode(true);
      copy.querySelectorAll("math").forEach(function (m) { m.remove(); });
      var field = document.getElementById(label.htmlFor);
      if (!copy.textContent.trim() && field && !field.hasAttribute("aria-label")) {
        field.setAttribute("aria-label", label.textContent.replace(/\s+/g, ""));
      }
    });
  }

  function focusableScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }

  function soon() {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      nameFormulaFields();
      focusableScrollers();
    });
  }

  if (window.htmx) {
    window.htmx.onLoad(soon);
  } else {
    document.addEventListener("DOMContentLoaded", soon);
  }
  window.addEventListener("resize", soon);
})();
