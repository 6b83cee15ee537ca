// Lesson 2 (gradient descent): three live runs side by side, and clicks on the hazard surface.
//
// The runs are trained by the server (/api/v1/runs); this script only starts and stops their streams and shows
// what the server sends: loss points from the stream, and each run's card (texts, plot, epoch losses) from
// /lessons/gradient-descent/runs/{id}/view. A click on the surface writes the start into the form and lets htmx
// ask the server for the descent. No maths here.
(function () {
  "use strict";

  var JSON_HEADERS = { "Content-Type": "application/json", "Accept": "application/json" };
  var VIEW_EVERY_MS = 250; // at most this often per run: the view is a little heavier than a frame

  var common = window.nnlabCommon;
  var state = { key: null, config: null, runs: [], playing: false, generation: 0 };

  function $(sel) { return document.querySelector(sel); }

  function message(text) {
    var el = $("#gd-message");
    if (el) { el.textContent = text || ""; }
  }

  function canvas(container) {
    return container ? container.querySelector(".plot-canvas") : null;
  }

  function readConfig() {
    var holder = $("#gd-config");
    if (!holder) { return null; }
    return { key: holder.getAttribute("data-key"), config: common.readJson(holder) };
  }

  function setButtons(enabled) {
    ["#gd-play", "#gd-epoch", "#gd-reset"].forEach(function (sel) {
      var b = $(sel);
      if (b) { b.disabled = !enabled; }
    });
    var play = $("#gd-play");
    if (play) {
      play.textContent = play.getAttribute(state.playing ? "data-label-pause" : "data-label-play");
      play.setAttribute("aria-pressed", state.playing ? "true" : "false");
    }
  }

  // ------------------------------------------------------------------ plots fed by the runs

  var redrawPending = false;

  function redrawLossPlots() {
    if (redrawPending) { return; }
    redrawPending = true;
    window.requestAnimationFrame(function () {
      redrawPending = false;
      if (!window.Plotly) { return; }
      [["#gd-loss-update", "updates"], ["#gd-loss-epoch", "epochs"]].forEach(function (pair) {
        var container = $(pair[0]);
        var target = canvas(container);
        if (!target || !target.data) { return; }
        var data = target.data.map(function (trace, i) {
          var run = state.runs[i];
          var copy = Object.assign({}, trace);
          // Copies: Plotly.react redraws only what changed by reference.
          copy.x = run ? run[pair[1]].x.slice() : [];
          copy.y = run ? run[pair[1]].y.slice() : [];
          if (run) { copy.name = run.label; }
          return copy;
        });
        window.Plotly.react(target, data, target.layout, { displayModeBar: false, responsive: true });
      });
    });
  }

  function showView(run, view) {
    var card = document.querySelector('[data-gd-card="' + run.mode + '"]');
    if (!card) { return; }
    Object.keys(view.texts).forEach(function (name) {
      var el = card.querySelector('[data-gd="' + name + '"]');
      if (el) { el.textContent = view.texts[name]; }
    });
    card.setAttribute("data-status", view.dead ? "dead" : view.status);
    card.setAttribute("data-step", String(view.step));
    card.setAttribute("data-angle", view.angle === null || view.angle === undefined ? "" : String(view.angle));
    var target = canvas(card.querySelector("[data-gd-plot]"));
    if (target && window.Plotly) {
      window.Plotly.react(target, view.plot.data, view.plot.layout, view.plot.config);
    }
    run.epochs = { x: view.epochs, y: view.epoch_loss };
    redrawLossPlots();
  }

  function fetchView(run) {
    var now = Date.now();
    if (run.viewBusy) { run.viewAgain = true; return; }
    if (now - run.viewAt < VIEW_EVERY_MS) {
      if (!run.viewTimer) {
        run.viewTimer = window.setTimeout(function () { run.viewTimer = null; fetchView(run); },
          VIEW_EVERY_MS - (now - run.viewAt));
      }
      return;
    }
    run.viewBusy = true;
    run.viewAt = now;
    var generation = state.generation;
    fetch(state.config.view.replace("{id}", run.id), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (view) {
        if (generation === state.generation) { showView(run, view); }
      })
      .catch(function (status) { if (generation === state.generation) { lost(status); } })
      .finally(function () {
        run.viewBusy = false;
        if (run.viewAgain) { run.viewAgain = false; fetchView(run); }
      });
  }

  function lost(status) {
    stopAll();
    message($("#gd-message").getAttribute(status === 404 ? "data-lost" : "data-failed"));
  }

  // ------------------------------------------------------------------ the runs

  function stopAll() {
    state.runs.forEach(function (run) {
      if (run.source) { run.source.close(); run.source = null; }
    });
    state.playing = false;
    setButtons(state.runs.length > 0);
  }

  function onFrame(run, frame) {
    if (run.frames === 0) {
      run.updates = { x: [], y: [] };
    }
    run.frames += 1;
    for (var i = 0; i < frame.loss_step.length; i++) {
      run.updates.x.push(frame.loss_step[i]);
      run.updates.y.push(frame.loss[i]);
    }
    redrawLossPlots();
    fetchView(run);
    if (frame.status === "diverged" && run.source) {
      run.source.close();
      run.source = null;
    }
  }

  function play() {
    state.playing = true;
    state.runs.forEach(function (run, i) {
      var spec = state.config.runs[i];
      run.frames = 0;
      run.source = common.openStream("/api/v1/runs/" + run.id + "/stream?speed=" + spec.speed,
        function (frame) { onFrame(run, frame); },
        function () {
          if (run.source) { run.source.close(); run.source = null; }
        });
    });
    setButtons(true);
  }

  function post(url, body) {
    return fetch(url, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  function showState(run, st) {
    run.updates = { x: st.history.step, y: st.history.loss };
    redrawLossPlots();
    fetchView(run);
  }

  function oneEpoch() {
    stopAll();
    var generation = state.generation;
    state.runs.forEach(function (run) {
      post("/api/v1/runs/" + run.id + "/step", { updates: run.updatesPerEpoch })
        .then(function (st) { if (generation === state.generation) { showState(run, st); } })
        .catch(function (status) { if (generation === state.generation) { lost(status); } });
    });
  }

  function forget(runs) {
    runs.forEach(function (run) {
      if (run.source) { run.source.close(); }
      common.api("DELETE", "/api/v1/runs/" + run.id); // never throws: a run gone already is fine
    });
  }

  function start() {
    var read = readConfig();
    if (!read) { return; }
    stopAll();
    forget(state.runs);
    state.generation += 1;
    var generation = state.generation;
    state.key = read.key;
    state.config = read.config;
    state.runs = [];
    setButtons(false);
    message("");
    var specs = state.config.runs;
    common.createRuns("/api/v1/runs", specs.map(function (spec) { return spec.experiment; })).then(function (states) {
      var runs = states.map(function (st, i) {
        var spec = specs[i];
        return {
          id: st.id, mode: spec.mode, label: spec.label, updatesPerEpoch: spec.updates_per_epoch,
          updates: { x: [], y: [] }, epochs: { x: [], y: [] }, frames: 0,
          source: null, viewBusy: false, viewAgain: false, viewAt: 0, viewTimer: null
        };
      });
      if (generation !== state.generation) { forget(runs); return; }
      state.runs = runs;
      runs.forEach(fetchView);
      redrawLossPlots();
      setButtons(true);
    }).catch(function (status) { lost(status); });
  }

  function bindButtons() {
    var play_ = $("#gd-play");
    if (!play_ || play_.getAttribute("data-bound")) { return; }
    play_.setAttribute("data-bound", "1");
    play_.addEventListener("click", function () { if (state.playing) { stopAll(); } else { play(); } });
    $("#gd-epoch").addEventListener("click", oneEpoch);
    $("#gd-reset").addEventListener("click", start);
    window.addEventListener("pagehide", function () { stopAll(); });
  }

  // ------------------------------------------------------------------ the hazard surface

  function bindSurface() {
    var container = $("#gd-hz-surface");
    var target = canvas(container);
    if (!target || typeof target.on !== "function" || target.getAttribute("data-click-bound")) { return; }
    target.setAttribute("data-click-bound", "1");
    target.on("plotly_click", function (event) {
      if (!event || !event.points || !event.points.length) { return; }
      var p = event.points[0];
      var x0 = $("#x0");
      var y0 = $("#y0");
      x0.value = String(p.x);
      y0.value = String(p.y);
      // htmx listens for input on the form: the server computes the descent from this start.
      y0.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function onLoad(root) {
    bindButtons();
    bindSurface();
    if (root && root.id === "gd-config") {
      var read = readConfig();
      if (read && read.key !== state.key) { start(); }
    }
  }

  if (window.htmx) {
    window.htmx.onLoad(onLoad);
  }
  document.addEventListener("DOMContentLoaded", function () {
    bindButtons();
    start();
    bindSurface();
  });
})();
