// lesson-overfitting.js: the live experiment of /lessons/overfitting. No inline code: a strict CSP holds.
//
// Train creates a run from the experiment the page carries in #of-exp-json (the server re-renders it after
// every valid change of the form) and repeats "train a chunk (POST /api/v1/runs/{id}/step), fetch the lesson's
// view (GET /lessons/overfitting/runs/{id}/view)". A changed setup starts a new run; the previous run's curves
// stay on the plot, faded, for comparison. The test set is evaluated once (POST .../test); after that the
// button stays disabled for this page. The server computes and formats every number; this file shows them.
(function () {
  "use strict";

  var configEl = document.getElementById("of-config");
  if (!configEl || !window.fetch) {
    return;
  }
  var cfg = JSON.parse(configEl.textContent);
  var box = document.getElementById("of-plot");
  var trainBtn = document.getElementById("of-train");
  var newBtn = document.getElementById("of-new");
  var testBtn = document.getElementById("of-test-button");
  var errorEl = document.getElementById("of-live-error");
  var lang = document.documentElement.lang;
  var runId = null;
  var runExperiment = null; // the JSON text the current run was made from
  var prevId = null;
  var testUsed = false;
  var running = false;
  var generation = 0;
  var canvas = null;

  function draw(spec) {
    if (!window.Plotly) {
      return;
    }
    if (!canvas) {
      canvas = document.createElement("div");
      canvas.className = "plot-canvas";
      box.appendChild(canvas);
    }
    window.Plotly.react(canvas, spec.data, spec.layout, spec.config);
  }

  function apply(view) {
    document.querySelectorAll("[data-live]").forEach(function (el) {
      var key = el.getAttribute("data-live");
      if (key === "step") {
        el.textContent = String(view.step);
      } else if (view.text[key] !== undefined) {
        el.textContent = view.text[key];
        if (key === "tested") {
          el.hidden = view.text[key] === "";
        }
      }
    });
    draw(view.plot);
    testBtn.disabled = testUsed || runId === null || view.step === 0;
  }

  async function call(method, url, body) {
    var options = {method: method, headers: {"Accept": "application/json"}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var response = await fetch(url, options);
    if (!response.ok) {
      throw new Error(method + " " + url + ": " + response.status);
    }
    return response.json();
  }

  function runUrl(suffix) {
    return cfg.api + "/" + encodeURIComponent(runId) + suffix;
  }

  function viewUrl() {
    var url = cfg.view.replace("{id}", encodeURIComponent(runId)) + "?lang=" + encodeURIComponent(lang);
    return prevId ? url + "&compare=" + encodeURIComponent(prevId) : url;
  }

  function currentExperiment() {
    return document.getElementById("of-exp-json").textContent;
  }

  async function newRun() {
    var text = currentExperiment();
    var state = await call("POST", cfg.api, JSON.parse(text));
    if (runId !== null) {
      prevId = runId;
    }
    runId = state.id;
    runExperiment = text;
  }

  function setRunning(on) {
    running = on;
    trainBtn.textContent = trainBtn.getAttribute(on ? "data-label-pause" : "data-label-train");
    trainBtn.setAttribute("aria-pressed", on ? "true" : "false");
  }

  async function loop(gen) {
    try {
      if (runId === null || runExperiment !== currentExperiment()) {
        await newRun();
      }
      while (running && gen === generation) {
        var state = await call("POST", runUrl("/step"), {updates: cfg.chunk});
        var view = await call("GET", viewUrl());
        if (gen !== generation) {
          return;
        }
        apply(view);
        if (state.step >= cfg.max_updates || state.status === "diverged") {
          setRunning(false);
        }
      }
    } catch (err) {
      if (gen === generation) {
        setRunning(false);
        errorEl.textContent = errorEl.getAttribute("data-msg-failed");
      }
    }
  }

  trainBtn.addEventListener("click", function () {
    errorEl.textContent = "";
    generation += 1;
    if (running) {
      setRunning(false);
      return;
    }
    setRunning(true);
    loop(generation);
  });

  newBtn.addEventListener("click", async function () {
    generation += 1;
    setRunning(false);
    errorEl.textContent = "";
    try {
      await newRun();
      apply(await call("GET", viewUrl()));
    } catch (err) {
      errorEl.textContent = errorEl.getAttribute("data-msg-failed");
    }
  });

  testBtn.addEventListener("click", async function () {
    if (testUsed || runId === null) {
      return;
    }
    generation += 1;
    setRunning(false);
    testUsed = true;
    testBtn.disabled = true;
    var why = document.getElementById("of-test-why");
    why.textContent = why.getAttribute("data-used");
    try {
      await call("POST", runUrl("/test"));
      apply(await call("GET", viewUrl()));
    } catch (err) {
      errorEl.textContent = errorEl.getAttribute("data-msg-failed");
    }
  });

  function init() {
    draw(JSON.parse(box.querySelector('script[type="application/json"]').textContent));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
