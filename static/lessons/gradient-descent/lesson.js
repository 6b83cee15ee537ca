// Lesson 2 (gradient descent): three live runs side by side, and clicks on the hazard surface.
//
// The runs are trained by the server (/api/v1/runs); this script only starts and stops them and shows what the
// server sends: loss points from the streams (one nnlabCommon.liveStream controller per run, since each run
// advances its own number of updates a frame: one epoch), and each run's card (texts, plot, epoch losses) from
// /lessons/gradient-descent/runs/{id}/view. A click on the surface writes the start into the form, rounded to the
// surface's grid and written as app.formatting writes a field, and lets htmx ask the server for the descent.
// No maths here.
(function () {
  "use strict";

  var VIEW_EVERY_MS = 250; // at most this often per run: the view is a little heavier than a frame
  var API = "/api/v1/runs";
  var common = window.nnlabCommon;
  var state = {key: null, config: null, runs: [], generation: 0};

  function $(sel) { return document.querySelector(sel); }

  function message(text) {
    var el = $("#gd-message");
    if (el) { el.textContent = text || ""; }
  }

  function readConfig() {
    var holder = $("#gd-config");
    if (!holder) { return null; }
    return {key: holder.getAttribute("data-key"), config: common.readJson(holder)};
  }

  function playing() {
    return state.runs.some(function (run) { return run.controller.playing; });
  }

  function setButtons(enabled) {
    ["#gd-play", "#gd-epoch", "#gd-reset"].forEach(function (sel) {
      var b = $(sel);
      if (b) { b.disabled = !enabled; }
    });
    var play = $("#gd-play");
    if (play) {
      var on = playing();
      play.textContent = play.getAttribute(on ? "data-label-pause" : "data-label-play");
      play.setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  // ------------------------------------------------------------------ plots fed by the runs

  function redrawLossPlots() {
    [["#gd-loss-update", "updates"], ["#gd-loss-epoch", "epochs"]].forEach(function (pair) {
      var box = $(pair[0]);
      if (!box) { return; }
      var spec = common.readJson(box);
      spec.data = spec.data.map(function (trace, i) {
        var run = state.runs[i];
        var copy = Object.assign({}, trace);
        // Copies: Plotly.react redraws only what changed by reference.
        var points = run ? run[pair[1]]() : {x: [], y: []};
        copy.x = points.x.slice();
        copy.y = points.y.slice();
        if (run) { copy.name = run.label; }
        return copy;
      });
      common.drawSoon(box, spec);
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
    common.drawSoon(card.querySelector("[data-gd-plot]"), view.plot);
    run.epochList = {x: view.epochs, y: view.epoch_loss};
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
    common.api("GET", state.config.view.replace("{id}", encodeURIComponent(run.id()))).then(function (r) {
      run.viewBusy = false;
      if (generation !== state.generation) { return; }
      if (r.status === 200 && r.data) {
        showView(run, r.data);
      } else {
        lost(r.status);
      }
      if (run.viewAgain) { run.viewAgain = false; fetchView(run); }
    });
  }

  function lost(status) {
    pauseAll();
    message($("#gd-message").getAttribute(status === 404 ? "data-lost" : "data-failed"));
  }

  // ------------------------------------------------------------------ the runs

  function pauseAll() {
    state.runs.forEach(function (run) {
      if (run.controller.playing) { run.controller.pause(); }
    });
    setButtons(state.runs.length > 0);
  }

  function makeRun(spec, generation) {
    var run = {mode: spec.mode, label: spec.label, updatesPerEpoch: spec.updates_per_epoch, epochList: {x: [], y: []},
               viewBusy: false, viewAgain: false, viewAt: 0, viewTimer: null};
    run.controller = common.liveStream({
      api: API, speed: spec.speed, total: 0,
      frame: function () {
        redrawLossPlots();
        fetchView(run);
      },
      state: function (kind, detail) {
        if (generation !== state.generation) { return; }
        if (kind === "failed") {
          lost(detail);
        }
        setButtons(true);
      }
    });
    run.inner = function () { return run.controller.runs ? run.controller.runs[spec.mode] : null; };
    run.id = function () { return run.inner().id; };
    run.updates = function () {
      var inner = run.inner();
      return inner ? {x: inner.loss.step, y: inner.loss.value} : {x: [], y: []};
    };
    run.epochs = function () { return run.epochList; };
    return run;
  }

  function forgetAll() {
    state.runs.forEach(function (run) { run.controller.forget(); });
    state.runs = [];
  }

  async function start() {
    var read = readConfig();
    if (!read) { return; }
    pauseAll();
    forgetAll();
    state.generation += 1;
    var generation = state.generation;
    state.key = read.key;
    state.config = read.config;
    setButtons(false);
    message("");
    var runs = state.config.runs.map(function (spec) { return makeRun(spec, generation); });
    // One after another: the first answer sets the session cookie the others must carry.
    for (var i = 0; i < runs.length; i++) {
      var experiments = {};
      experiments[runs[i].mode] = state.config.runs[i].experiment;
      var made = await runs[i].controller.create(experiments);
      if (generation !== state.generation) {
        runs.forEach(function (run) { run.controller.forget(); });
        return;
      }
      if (!made) {
        runs.forEach(function (run) { run.controller.forget(); });
        return;
      }
    }
    state.runs = runs;
    runs.forEach(fetchView);
    redrawLossPlots();
    setButtons(true);
  }

  function togglePlay() {
    if (playing()) {
      pauseAll();
    } else {
      state.runs.forEach(function (run) { run.controller.play(); });
      setButtons(true);
    }
  }

  // One epoch of every run through POST .../step; its history replaces the run's loss curve.
  function oneEpoch() {
    pauseAll();
    var generation = state.generation;
    state.runs.forEach(function (run) {
      common.api("POST", API + "/" + encodeURIComponent(run.id()) + "/step", {updates: run.updatesPerEpoch})
        .then(function (r) {
          if (generation !== state.generation) { return; }
          if (r.status !== 200 || !r.data) { lost(r.status); return; }
          var inner = run.inner();
          inner.loss.step = r.data.history.step.slice();
          inner.loss.value = r.data.history.loss.slice();
          inner.step = r.data.step;
          redrawLossPlots();
          fetchView(run);
        });
    });
  }

  function bindButtons() {
    var play = $("#gd-play");
    if (!play || play.getAttribute("data-bound")) { return; }
    play.setAttribute("data-bound", "1");
    play.addEventListener("click", togglePlay);
    $("#gd-epoch").addEventListener("click", oneEpoch);
    $("#gd-reset").addEventListener("click", start);
  }

  // ------------------------------------------------------------------ the hazard surface

  // A start as app.formatting.field_value writes it: the click rounded to the surface's grid (0.05 apart, so two
  // decimals), no float noise ("0.85", not "0.8500000000000001"), an ASCII minus.
  function fieldValue(v) {
    var rounded = Math.round(v * 100) / 100;
    return String(rounded === 0 ? 0 : rounded);
  }

  function bindSurface() {
    var target = $("#gd-hz-surface .plot-canvas");
    if (!target || typeof target.on !== "function" || target.getAttribute("data-click-bound")) { return; }
    target.setAttribute("data-click-bound", "1");
    target.on("plotly_click", function (event) {
      if (!event || !event.points || !event.points.length) { return; }
      var p = event.points[0];
      $("#x0").value = fieldValue(p.x);
      $("#y0").value = fieldValue(p.y);
      // htmx listens for input on the form: the server computes the descent from this start.
      $("#y0").dispatchEvent(new Event("input", {bubbles: true}));
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
  document.addEventListener("nnlab:drawn", bindSurface);  // the surface may be drawn after the swap that brought it
  common.onReady(function () {
    bindButtons();
    start();
    bindSurface();
  });
})();
