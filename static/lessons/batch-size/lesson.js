// Lesson 4 (batch size). Experiment 1: one run per batch size, trained epoch by epoch through
// /api/v1/runs/{id}/step, measured through /lessons/batch-size/data/view. Experiment 2: batch size 1 against the
// full batch, the same number of updates, read through /lessons/batch-size/data/overfit.
//
// The server builds the runs' Experiments (#bs-config), trains, measures, formats every number and draws every
// plot spec; this script creates the runs when Train is first pressed, asks for the updates, and shows what the
// server answers. No maths, no number formatting here.
(function () {
  "use strict";

  var common = window.nnlabCommon;
  // dirty: the table and the plots show measurements (to be emptied when the runs are forgotten).
  var state = { key: null, config: null, runs: null, training: false, done: 0, generation: 0, dirty: false };
  var overfit = { busy: false, generation: 0 };

  function $(sel) { return document.querySelector(sel); }

  function message(text) {
    var el = $("#bs-message");
    if (el) { el.textContent = text || ""; }
  }

  function progress(el, done, total) {
    el.textContent = common.fill(el.getAttribute("data-template"), { done: done, total: total });
  }

  function setButtons() {
    var train = $("#bs-train");
    var ready = state.config !== null;
    train.disabled = !ready;
    train.textContent = train.getAttribute(state.training ? "data-label-pause" : "data-label-train");
    train.setAttribute("aria-pressed", state.training ? "true" : "false");
    $("#bs-reset").disabled = !ready;
    $("#bs-overfit-run").disabled = !ready || overfit.busy;
  }

  function failed(status) {
    state.training = false;
    setButtons();
    message($("#bs-message").getAttribute(status === 404 ? "data-lost" : "data-failed"));
  }

  // common.api, failing with the HTTP status (0: no network) so that a lost run (404) can be told apart.
  async function call(method, url, body) {
    var r = await common.api(method, url, body);
    if (r.status < 200 || r.status > 299 || r.data === null) { throw r.status; }
    return r.data;
  }

  function lang() {
    return "&lang=" + encodeURIComponent(document.documentElement.lang);
  }

  function idsOf(runs) {
    return encodeURIComponent(runs.map(function (run) { return run.id; }).join(","));
  }

  // Deletes runs on the server (never throws: a run gone already is fine).
  function forget(runs) {
    (runs || []).forEach(function (run) { common.api("DELETE", "/api/v1/runs/" + encodeURIComponent(run.id)); });
  }

  // ------------------------------------------------------------------ experiment 1

  function show(view) {
    var diverged = "";
    state.dirty = true;
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
    common.drawSoon($("#bs-loss"), view.plots.loss);
    common.drawSoon($("#bs-measures"), view.plots.measures);
  }

  // The table and the plots as the server sent them before any training.
  function clearShown() {
    state.dirty = false;
    document.querySelectorAll("[data-bs][data-empty]").forEach(function (td) {
      td.textContent = td.getAttribute("data-empty");
    });
    ["#bs-loss", "#bs-measures"].forEach(function (sel) {
      var box = $(sel);
      if (box) { common.drawSoon(box, common.readJson(box)); }
    });
    message("");
  }

  // Forgets the runs (on the server too); the next Train makes new ones from the current configuration.
  function drop() {
    state.generation += 1;
    forget(state.runs);
    state.runs = null;
    state.training = false;
    state.done = 0;
    $("#bs-progress").textContent = "";
    setButtons();
  }

  async function refresh(generation) {
    var view = await call("GET", state.config.view + "?ids=" + idsOf(state.runs) + lang());
    if (generation === state.generation) { show(view); }
  }

  async function create(generation) {
    var specs = state.config.runs;
    var made = await common.createRuns("/api/v1/runs", specs.map(function (spec) { return spec.experiment; }));
    var runs = made.map(function (st) { return { id: st.id, updatesPerEpoch: st.updates_per_epoch }; });
    if (generation !== state.generation) {
      forget(runs);
      return false;
    }
    state.runs = runs;
    return true;
  }

  // Epochs until paused, told otherwise, or done: one epoch of every run in turn, then the measurements.
  async function loop(generation) {
    try {
      if (state.runs === null && !(await create(generation))) { return; }
      while (state.training && generation === state.generation && state.done < state.config.epochs) {
        for (var i = 0; i < state.runs.length; i++) {
          var run = state.runs[i];
          await call("POST", "/api/v1/runs/" + encodeURIComponent(run.id) + "/step",
                            { updates: run.updatesPerEpoch });
          if (generation !== state.generation) { return; }
        }
        state.done += 1;
        progress($("#bs-progress"), state.done, state.config.epochs);
        await refresh(generation);
      }
      if (generation === state.generation) {
        state.training = false;
        setButtons();
      }
    } catch (err) {
      if (generation === state.generation) { failed(err); }
    }
  }

  function toggle() {
    message("");
    if (state.training) {
      state.generation += 1; // the epoch on its way is dropped
      state.training = false;
      setButtons();
      return;
    }
    if (state.done >= state.config.epochs) { state.done = 0; } // train the same number of epochs again
    state.training = true;
    state.generation += 1;
    setButtons();
    loop(state.generation);
  }

  function startOver() {
    drop();
    clearShown();
  }

  // ------------------------------------------------------------------ experiment 2

  async function runOverfit() {
    var cfg = state.config.overfit;
    var generation = ++overfit.generation;
    var el = $("#bs-overfit-progress");
    overfit.busy = true;
    setButtons();
    var runs = null;
    try {
      var made = await common.createRuns("/api/v1/runs", cfg.runs.map(function (spec) { return spec.experiment; }));
      runs = made.map(function (st) { return { id: st.id }; });
      for (var done = 0; done < cfg.updates && generation === overfit.generation; done += cfg.chunk) {
        for (var i = 0; i < runs.length; i++) {
          await call("POST", "/api/v1/runs/" + encodeURIComponent(runs[i].id) + "/step",
                            { updates: Math.min(cfg.chunk, cfg.updates - done) });
        }
        progress(el, Math.min(done + cfg.chunk, cfg.updates), cfg.updates);
      }
      var view = await call("GET", cfg.view + "?ids=" + idsOf(runs) + lang());
      if (generation === overfit.generation) {
        view.rows.forEach(function (row) {
          var tr = document.querySelector('[data-of-row="' + row.batch_size + '"]');
          Object.keys(row.texts).forEach(function (name) {
            var td = tr && tr.querySelector('[data-of="' + name + '"]');
            if (td) { td.textContent = row.texts[name]; }
          });
        });
      }
    } catch (err) {
      el.textContent = $("#bs-message").getAttribute("data-failed");
    } finally {
      forget(runs);
      overfit.busy = false;
      setButtons();
    }
  }

  // ------------------------------------------------------------------ wiring

  function readConfig() {
    var holder = $("#bs-config");
    if (!holder) { return; }
    var key = holder.getAttribute("data-key");
    if (key !== state.key) { // new settings: the old runs and what they showed are of no more use
      drop();
      if (state.dirty) { clearShown(); }
      state.key = key;
    }
    state.config = common.readJson(holder);
    setButtons();
  }

  function bind() {
    var train = $("#bs-train");
    if (!train || train.getAttribute("data-bound")) { return; }
    train.setAttribute("data-bound", "1");
    train.addEventListener("click", toggle);
    $("#bs-reset").addEventListener("click", startOver);
    $("#bs-overfit-run").addEventListener("click", runOverfit);
    window.addEventListener("pagehide", function () { forget(state.runs); });
  }

  common.onReady(function () {
    bind();
    readConfig();
  });
  if (window.htmx) {
    window.htmx.onLoad(function (root) {
      if (root && root.id === "bs-config") { readConfig(); }
    });
  }
})();
