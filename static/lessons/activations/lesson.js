// lesson-activations.js: the live comparison of lesson 9 (section 4). Two runs (relu and leaky_relu, the same
// Experiment otherwise, from the page's JSON config) are stepped alternately through /api/v1/runs; after each
// chunk the server says which fraction of each hidden layer's units is off for every training row. This file
// only moves JSON around and draws it with Plotly. No inline handlers, no eval (strict CSP).
(function () {
  "use strict";

  var configEl = document.getElementById("act-config");
  if (!configEl || !window.nnlabCommon) {
    return;
  }
  var common = window.nnlabCommon;
  var api = common.api;
  var fill = common.fill;
  var fmt = common.fmt;  // the display form of app/formatting.py, "–" for none
  var cfg = JSON.parse(configEl.textContent);
  var T = cfg.text;
  var ACTS = ["relu", "leaky_relu"];
  var LAYER_COLORS = ["#0b5394", "#b03a2e", "#38761d", "#6a3d9a", "#b45f06", "#134f5c"];
  var ACT_COLORS = {relu: "#b03a2e", leaky_relu: "#0b5394"};
  var PLOT_CONFIG = common.PLOT_CONFIG;

  function $(id) {
    return document.getElementById(id);
  }

  function layout(title, y, logY) {
    var lay = common.lineLayout(title, T.axis_update, y, logY);
    lay.margin.b = 120;
    return lay;
  }

  // ------------------------------------------------------------------ the learning rate field

  var lrInput = $("live_lr");
  var lrError = $("err-live_lr");

  // The learning rate, or null with the message beside the field (the bounds are the runs API's own).
  function readLr() {
    var text = lrInput.value.trim();
    var message = "";
    var v = Number(text.replace(",", "."));
    if (text === "") {
      message = T.empty;
    } else if (!isFinite(v) || !/^[-+0-9.,eE]+$/.test(text)) {
      message = fill(T.not_number, {value: text});
    } else if (v < cfg.lr.min || v > cfg.lr.max) {
      message = T.range;
    }
    lrError.textContent = message;
    $("field-live_lr").classList.toggle("invalid", message !== "");
    lrInput.setAttribute("aria-invalid", message ? "true" : "false");
    return message ? null : v;
  }

  // ------------------------------------------------------------------ the two runs

  var runs = null;      // {relu: {id, step, status, history}, leaky_relu: {...}}
  var series = null;    // {step: [], relu: [[per layer]...], leaky_relu: [...]}
  var playing = false;
  var stale = false;    // the learning rate changed: the next Start makes new runs

  function status(text) {
    $("act-live-status").textContent = text;
  }

  function setButton() {
    var b = $("act-run");
    b.textContent = playing ? b.getAttribute("data-label-pause") : b.getAttribute("data-label-play");
    b.setAttribute("aria-pressed", playing ? "true" : "false");
  }

  async function dropRuns() {
    if (runs) {
      var old = runs;
      runs = null;
      ACTS.forEach(function (a) {
        api("DELETE", cfg.api + "/" + old[a].id);
      });
    }
  }

  async function createRuns(lr) {
    await dropRuns();
    var made = {};
    for (var i = 0; i < ACTS.length; i++) {
      var exp = JSON.parse(JSON.stringify(cfg.experiments[ACTS[i]]));
      exp.optimizer.lr = lr;
      var r = await api("POST", cfg.api, exp);
      if (r.status !== 201) {
        status(fill(T.failed, {status: r.status}));
        return false;
      }
      made[ACTS[i]] = {id: r.data.id, step: 0, status: r.data.status, history: r.data.history};
    }
    runs = made;
    series = {step: [], relu: [], leaky_relu: []};
    stale = false;
    await measure();
    return true;
  }

  async function measure() {
    var step = runs.relu.step;
    for (var i = 0; i < ACTS.length; i++) {
      var r = await api("GET", cfg.view.replace("{run_id}", runs[ACTS[i]].id));
      if (r.status !== 200) {
        status(fill(T.failed, {status: r.status}));
        return false;
      }
      series[ACTS[i]].push(r.data.inactive);
      step = r.data.step;
    }
    series.step.push(step);
    drawAll();
    return true;
  }

  async function tick() {
    if (!playing || !runs) {
      return;
    }
    for (var i = 0; i < ACTS.length; i++) {
      var run = runs[ACTS[i]];
      if (run.status === "diverged") {
        continue;
      }
      var r = await api("POST", cfg.api + "/" + run.id + "/step", {updates: cfg.chunk});
      if (r.status !== 200) {
        playing = false;
        setButton();
        status(fill(T.failed, {status: r.status}));
        return;
      }
      run.step = r.data.step;
      run.status = r.data.status;
      run.history = r.data.history;
      if (run.status === "diverged") {
        status(fill(T.diverged, {act: ACTS[i], step: r.data.diverged_at}));
      }
    }
    if (!(await measure())) {
      playing = false;
      setButton();
      return;
    }
    var step = Math.max(runs.relu.step, runs.leaky_relu.step);
    var finished = step >= cfg.max_steps || ACTS.every(function (a) { return runs[a].status === "diverged"; });
    if (finished) {
      playing = false;
      setButton();
      status(fill(T.done, {step: step}));
      return;
    }
    if (playing) {
      status(fill(T.running, {step: step}));
      window.setTimeout(tick, 30);
    }
  }

  // ------------------------------------------------------------------ drawing

  function drawAll() {
    if (!window.Plotly || !series) {
      return;
    }
    var dead = [];
    ACTS.forEach(function (a) {
      var layers = series[a].length ? series[a][0].length : 0;
      for (var k = 0; k < layers; k++) {
        dead.push({x: series.step, y: series[a].map(function (f) { return f[k]; }), type: "scatter",
                   mode: "lines+markers", name: fill(T.trace, {act: a, layer: k + 1}),
                   line: {color: LAYER_COLORS[k % LAYER_COLORS.length], width: 3, dash: a === "relu" ? "solid" : "dot"},
                   marker: {size: 5}});
      }
    });
    var lay = layout(T.dead_title, T.axis_fraction, false);
    lay.yaxis.range = [-0.05, 1.05];
    window.Plotly.react($("act-live-dead"), dead, lay, PLOT_CONFIG);
    var loss = ACTS.map(function (a) {
      var h = runs ? runs[a].history : {step: [], loss: []};
      return {x: h.step, y: h.loss.map(function (v) { return v !== null && v > 0 ? v : null; }), type: "scatter",
              mode: "lines", name: a, line: {color: ACT_COLORS[a], width: 2}};
    });
    window.Plotly.react($("act-live-loss"), loss, layout(T.loss_title, T.axis_loss, true), PLOT_CONFIG);
    ACTS.forEach(function (a) {
      var now = series[a].length ? series[a][series[a].length - 1] : [];
      now.forEach(function (v, k) {
        var cell = document.querySelector('[data-inactive="' + a + "-" + (k + 1) + '"]');
        if (cell) {
          cell.textContent = fmt(v);
        }
      });
    });
  }

  function emptyPlots() {
    ["act-live-dead", "act-live-loss"].forEach(function (id, i) {
      var lay = common.blankAxes(layout(i === 0 ? T.dead_title : T.loss_title,
                                        i === 0 ? T.axis_fraction : T.axis_loss, false));
      window.Plotly.react($(id), [], lay, PLOT_CONFIG);
    });
  }

  // ------------------------------------------------------------------ controls

  $("act-run").addEventListener("click", async function () {
    if (playing) {
      playing = false;
      setButton();
      status(fill(T.paused, {step: runs ? runs.relu.step : 0}));
      return;
    }
    var lr = readLr();
    if (lr === null) {
      return;
    }
    if (!runs || stale || runs.relu.step >= cfg.max_steps) {
      if (!(await createRuns(lr))) {
        return;
      }
    }
    playing = true;
    setButton();
    tick();
  });

  $("act-reset").addEventListener("click", async function () {
    playing = false;
    setButton();
    await dropRuns();
    series = null;
    ACTS.forEach(function (a) {
      document.querySelectorAll('[data-inactive^="' + a + '-"]').forEach(function (cell) {
        cell.textContent = "–";
      });
    });
    if (window.Plotly) {
      emptyPlots();
    }
    status(T.idle);
  });

  lrInput.addEventListener("input", function () {
    if (readLr() !== null) {
      stale = true;
    }
  });

  if (window.Plotly) {
    emptyPlots();
  } else {
    window.addEventListener("load", emptyPlots);
  }
  setButton();
})();
