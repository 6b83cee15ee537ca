// Lesson 4 (batch size): one run per batch size, trained epoch by epoch through /api/v1/runs/{id}/step.
//
// The server trains and measures; this script only asks for one epoch per run in turn, then fetches the
// measurements (/lessons/batch-size/view) and shows the texts and plots the server built. No maths here.
(function () {
  "use strict";

  var common = window.nnlabCommon;
  var state = { key: null, config: null, runs: [], training: false, done: 0, generation: 0 };

  function $(sel) { return document.querySelector(sel); }

  function message(text) {
    var el = $("#bs-message");
    if (el) { el.textContent = text || ""; }
  }

  function progress() {
    var el = $("#bs-progress");
    if (el && state.config) {
      el.textContent = el.getAttribute("data-template").replace("{done}", String(state.done))
        .replace("{total}", String(state.config.epochs));
    }
  }

  function readConfig() {
    var holder = $("#bs-config");
    if (!holder) { return null; }
    return { key: holder.getAttribute("data-key"), config: common.readJson(holder) };
  }

  function setButtons(enabled) {
    var train = $("#bs-train");
    var reset = $("#bs-reset");
    if (train) {
      train.disabled = !enabled;
      train.textContent = train.getAttribute(state.training ? "data-label-pause" : "data-label-train");
      train.setAttribute("aria-pressed", state.training ? "true" : "false");
    }
    if (reset) { reset.disabled = !enabled; }
  }

  function request(url, options) {
    return fetch(url, options).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  function failed(status) {
    state.training = false;
    setButtons(state.runs.length > 0);
    message($("#bs-message").getAttribute(status === 404 ? "data-lost" : "data-failed"));
  }

  function show(view) {
    var diverged = "";
    view.rows.forEach(function (row) {
      var tr = document.querySelector('[data-bs-row="' + row.batch_size + '"]');
      if (!tr) { return; }
      Object.keys(row.texts).forEach(function (name) {
        var td = tr.querySelector('[data-bs="' + name + '"]');
        if (td) { td.textContent = row.texts[name]; }
      });
      if (row.texts.status) { diverged = row.texts.status; }
    });
    message(diverged);
    [["#bs-loss", "loss"], ["#bs-measures", "measures"]].forEach(function (pair) {
      var target = $(pair[0]) && $(pair[0]).querySelector(".plot-canvas");
      var spec = view.plots[pair[1]];
      if (target && window.Plotly) { window.Plotly.react(target, spec.data, spec.layout, spec.config); }
    });
  }

  function refresh(generation) {
    var ids = state.runs.map(function (run) { return run.id; }).join(",");
    return request(state.config.view + "?ids=" + encodeURIComponent(ids), { headers: { "Accept": "application/json" } })
      .then(function (view) { if (generation === state.generation) { show(view); } });
  }

  // One epoch for every run, one run after another (the server trains; each answer is the run's state).
  function epoch(generation) {
    return state.runs.reduce(function (chain, run) {
      return chain.then(function () {
        if (generation !== state.generation) { return null; }
        return request("/api/v1/runs/" + run.id + "/step", {
          method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" },
          body: JSON.stringify({ updates: run.updatesPerEpoch })
        });
      });
    }, Promise.resolve());
  }

  function loop(generation) {
    if (!state.training || generation !== state.generation) { return; }
    if (state.done >= state.config.epochs) {
      state.training = false;
      setButtons(true);
      return;
    }
    epoch(generation).then(function () {
      if (generation !== state.generation) { return null; }
      state.done += 1;
      progress();
      return refresh(generation);
    }).then(function () {
      window.setTimeout(function () { loop(generation); }, 0);
    }).catch(function (status) { if (generation === state.generation) { failed(status); } });
  }

  function toggle() {
    if (state.training) {
      state.training = false;
      setButtons(true);
      return;
    }
    if (state.done >= state.config.epochs) { state.done = 0; } // train the same number of epochs again
    state.training = true;
    setButtons(true);
    loop(state.generation);
  }

  function forget(runs) {
    runs.forEach(function (run) {
      common.api("DELETE", "/api/v1/runs/" + run.id); // never throws: a run gone already is fine
    });
  }

  function start() {
    var read = readConfig();
    if (!read) { return; }
    forget(state.runs);
    state.generation += 1;
    var generation = state.generation;
    state.key = read.key;
    state.config = read.config;
    state.runs = [];
    state.training = false;
    state.done = 0;
    setButtons(false);
    message("");
    progress();
    var specs = state.config.runs;
    common.createRuns("/api/v1/runs", specs.map(function (spec) { return spec.experiment; })).then(function (states) {
      var runs = states.map(function (st, i) {
        return { id: st.id, batchSize: specs[i].batch_size, updatesPerEpoch: st.updates_per_epoch };
      });
      if (generation !== state.generation) { forget(runs); return null; }
      state.runs = runs;
      setButtons(true);
      return refresh(generation);
    }).catch(function (status) { if (generation === state.generation) { failed(status); } });
  }

  function bind() {
    var train = $("#bs-train");
    if (!train || train.getAttribute("data-bound")) { return; }
    train.setAttribute("data-bound", "1");
    train.addEventListener("click", toggle);
    $("#bs-reset").addEventListener("click", start);
  }

  if (window.htmx) {
    window.htmx.onLoad(function (root) {
      bind();
      if (root && root.id === "bs-config") {
        var read = readConfig();
        if (read && read.key !== state.key) { start(); }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    bind();
    start();
  });
})();
