// lesson-regularization.js: the live experiment of /lessons/regularization. No inline code: a strict CSP holds.
//
// Train creates a run from the experiment the page carries in #reg-exp-json (the server re-renders it after
// every valid change of the form) and repeats "train a chunk (POST /api/v1/runs/{id}/step), fetch the lesson's
// view (GET /lessons/regularization/runs/{id}/view)". A changed setup starts a new run; the previous run's
// curves and weight histogram stay on the plots, faded, for comparison. The server computes and formats every
// number (loss, weight counts, BatchNorm's mu_B and sigma_B); this file only shows them.
// (The loop is the one of lesson-overfitting.js, which has the test-set button instead of the plots below.)
(function () {
  "use strict";

  var configEl = document.getElementById("reg-config");
  if (!configEl || !window.fetch) {
    return;
  }
  var cfg = JSON.parse(configEl.textContent);
  var trainBtn = document.getElementById("reg-train");
  var newBtn = document.getElementById("reg-new");
  var errorEl = document.getElementById("reg-live-error");
  var lang = document.documentElement.lang;
  var runId = null;
  var runExperiment = null; // the JSON text the current run was made from
  var prevId = null;
  var running = false;
  var generation = 0;

  // Each [data-live-plot] box gets one Plotly canvas, redrawn in place with Plotly.react.
  function draw(name, spec) {
    var box = document.querySelector('[data-live-plot="' + name + '"]');
    if (!window.Plotly || !box) {
      return;
    }
    var canvas = box.querySelector(".plot-canvas");
    if (!canvas) {
      canvas = document.createElement("div");
      canvas.className = "plot-canvas";
      box.appendChild(canvas);
    }
    window.Plotly.react(canvas, spec.data, spec.layout, spec.config);
  }

  function showBatchnorm(rows) {
    var table = document.getElementById("reg-bn-table");
    var body = table.querySelector("tbody");
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      ["unit", "mu", "sigma"].forEach(function (key) {
        var cell = document.createElement(key === "unit" ? "th" : "td");
        cell.textContent = row[key];
        if (key !== "unit") {
          cell.className = "num";
          cell.setAttribute("data-bn", key);
        } else {
          cell.scope = "row";
        }
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    table.hidden = rows.length === 0;
    document.getElementById("reg-bn-empty").hidden = rows.length > 0;
  }

  function apply(view) {
    document.querySelectorAll("[data-live]").forEach(function (el) {
      var key = el.getAttribute("data-live");
      if (key === "step") {
        el.textContent = String(view.step);
      } else if (view.text[key] !== undefined) {
        el.textContent = view.text[key];
      }
    });
    Object.keys(view.plots).forEach(function (name) {
      draw(name, view.plots[name]);
    });
    showBatchnorm(view.batchnorm);
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
    return document.getElementById("reg-exp-json").textContent;
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

  function init() {
    document.querySelectorAll("[data-live-plot]").forEach(function (box) {
      draw(box.getAttribute("data-live-plot"), JSON.parse(box.querySelector('script[type="application/json"]').textContent));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
