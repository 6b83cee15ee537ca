// lesson-initialization.js: the live runs of lesson 5 (sections 4-6). Every number comes from the server:
// the Experiment JSON from /lessons/initialization/experiment, training and statistics from /api/v1/runs.
// This file only moves JSON around and draws it with Plotly. No inline handlers, no eval (strict CSP).
(function () {
  "use strict";

  var form = document.getElementById("init-form");
  var configEl = document.getElementById("init-config");
  if (!form || !configEl || !window.nnlabCommon) {
    return;
  }
  var common = window.nnlabCommon;
  var api = common.api;
  var fill = common.fill;
  var layout = common.lineLayout;
  var cfg = JSON.parse(configEl.textContent);
  var T = cfg.text;
  var COLORS = ["#0b5394", "#b03a2e", "#38761d", "#6a3d9a", "#b45f06", "#134f5c", "#741b47"];

  function $(id) {
    return document.getElementById(id);
  }

  // Display form of a number as app/formatting.py writes it; null/NaN/inf show the "overflow" text.
  function fmt(v) {
    return common.fmt(v, 6, T.nonfinite);
  }

  function positive(values) {
    return values.map(function (v) {
      return v !== null && isFinite(v) && v > 0 ? v : null;
    });
  }

  function draw(id, data, lay) {
    if (window.Plotly) {
      window.Plotly.react($(id), data, lay, common.PLOT_CONFIG);
    }
  }

  // ------------------------------------------------------------------ talking to the server

  // The Experiment for the form's current settings, or null (the messages then stand beside the fields).
  async function experiment(overrides) {
    var query = new URLSearchParams(new FormData(form));
    Object.keys(overrides || {}).forEach(function (k) {
      query.set(k, overrides[k]);
    });
    var r = await api("GET", cfg.experiment + "?" + query.toString());
    if (r.status !== 200 || !r.data) {
      return {error: fill(T.failed, {status: r.status})};
    }
    if (r.data.errors) {
      Object.keys(r.data.errors).forEach(function (name) {
        var el = $("err-" + name);
        if (el) {
          el.textContent = r.data.errors[name];
        }
      });
      return {error: T.invalid};
    }
    return {experiment: r.data.experiment};
  }

  // ------------------------------------------------------------------ plots of the live run

  function lossPlot(id, title, traces) {
    draw(id, traces, layout(title, T.axis_update, T.axis_loss, true));
  }

  function scalePlot(stats) {
    var layers = stats.map(function (s, i) { return i + 1; });
    draw("init-live-scale", [
      {x: layers.slice(0, -1), y: positive(stats.slice(0, -1).map(function (s) { return s.std; })),
       type: "scatter", mode: "lines+markers", name: T.std, line: {color: COLORS[0], width: 3}},
      {x: layers, y: positive(stats.map(function (s) { return s.grad_norm; })), type: "scatter",
       mode: "lines+markers", name: T.grad, line: {color: COLORS[3], width: 3, dash: "dot"},
       marker: {symbol: "diamond", size: 9}}
    ], layout(T.scale_title, T.axis_layer, T.axis_scale, true));
  }

  // One small histogram per hidden layer, as the server draws the at-initialization ones.
  function histPlot(stats) {
    var hidden = stats.slice(0, -1);
    var cols = cfg.columns;
    var rows = Math.ceil(hidden.length / cols);
    var data = [];
    var lay = {
      title: {text: T.hist_title}, height: 150 * rows + 110, font: {size: 13, color: "#111111"},
      margin: {l: 70, r: 20, t: 60, b: 60}, showlegend: false, annotations: [],
      grid: {rows: rows, columns: cols, pattern: "independent", xgap: 0.25, ygap: 0.45},
      paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff"
    };
    hidden.forEach(function (s, i) {
      var k = i === 0 ? "" : String(i + 1);
      var edges = s.hist.edges;
      var counts = s.hist.counts;
      var total = counts.reduce(function (a, b) { return a + b; }, 0) || 1;
      var centres = counts.map(function (c, j) { return (edges[j] + edges[j + 1]) / 2; });
      data.push({x: centres, y: counts.map(function (c) { return c / total; }), type: "bar", xaxis: "x" + k,
                 yaxis: "y" + k, marker: {color: COLORS[0]}, name: fill(T.layer_n, {n: i + 1})});
      var xa = {exponentformat: "power", nticks: 3};
      var ya = {rangemode: "tozero", nticks: 3};
      if (i + cols >= hidden.length) {
        xa.title = {text: T.axis_activation, font: {size: 12}};
      }
      if (i % cols === 0) {
        ya.title = {text: T.axis_fraction, font: {size: 12}};
      }
      lay["xaxis" + k] = xa;
      lay["yaxis" + k] = ya;
      lay.annotations.push({text: fill(T.layer_n, {n: i + 1}), showarrow: false, xref: "x" + k + " domain",
                            yref: "y" + k + " domain", x: 0.5, y: 1.18, font: {size: 13}});
    });
    draw("init-live-hist", data, lay);
  }

  // ------------------------------------------------------------------ section 4: one live run

  var run = null;        // the run's state from the API
  var source = null;     // its EventSource while training
  var stale = true;      // the form changed since the run was made: the next Train makes a new one
  var curve = {x: [], y: []};
  var firstFrame = false;

  function liveStatus(text) {
    $("init-live-status").textContent = text;
  }

  function setTrainButton() {
    var b = $("init-train");
    b.textContent = source ? b.getAttribute("data-label-pause") : b.getAttribute("data-label-play");
    b.setAttribute("aria-pressed", source ? "true" : "false");
  }

  function drawCurve() {
    lossPlot("init-live-loss", T.loss_title, [{x: curve.x, y: positive(curve.y), type: "scatter", mode: "lines",
      name: T.train_loss, line: {color: COLORS[0], width: 2}}]);
  }

  async function newRun() {
    stop(false);
    if (run) {
      api("DELETE", cfg.api + "/" + run.id);
      run = null;
    }
    var e = await experiment();
    if (e.error) {
      liveStatus(e.error);
      return false;
    }
    var r = await api("POST", cfg.api, e.experiment);
    if (r.status !== 201) {
      liveStatus(fill(T.failed, {status: r.status}));
      return false;
    }
    run = r.data;
    stale = false;
    curve = {x: [], y: []};
    drawCurve();
    liveStatus(fill(T.paused, {step: 0}));
    return true;
  }

  function stop(report) {
    if (source) {
      source.close();
      source = null;
    }
    setTrainButton();
    if (report && run) {
      liveStatus(fill(T.paused, {step: run.step}));
    }
  }

  function onFrame(f) {
    if (firstFrame) {
      curve = {x: f.loss_step.slice(), y: f.loss.slice()};
      firstFrame = false;
    } else {
      Array.prototype.push.apply(curve.x, f.loss_step);
      Array.prototype.push.apply(curve.y, f.loss);
    }
    run.step = f.step;
    run.status = f.status;
    drawCurve();
    if (f.layer_stats) {
      scalePlot(f.layer_stats);
      histPlot(f.layer_stats);
    }
    if (f.status === "diverged") {
      stop(false);
      liveStatus(fill(T.diverged, {step: f.diverged_at}));
    } else if (f.step >= cfg.max_steps) {
      stop(false);
      liveStatus(fill(T.done, {step: f.step}));
    } else if (source) {
      liveStatus(fill(T.training, {step: f.step}));
    }
  }

  function start() {
    if (!run || run.status === "diverged" || run.step >= cfg.max_steps) {
      return;
    }
    source = common.openStream(cfg.api + "/" + run.id + "/stream?speed=5", function (f, s) {
      if (source === s) {
        onFrame(f);
      }
    }, function (s) {
      if (source === s) {
        stop(true);  // the server ended the stream (a diverged run) or the connection broke
      }
    });
    firstFrame = true;
    setTrainButton();
  }

  $("init-train").addEventListener("click", async function () {
    if (source) {
      stop(true);
      return;
    }
    if (stale || !run) {
      if (!(await newRun())) {
        return;
      }
    }
    start();
  });

  $("init-new").addEventListener("click", function () {
    newRun();
  });

  form.addEventListener("input", function () {
    stale = true;  // the running network keeps its settings; the next Train (or New) uses the new ones
  });

  // ------------------------------------------------------------------ sections 5 and 6: several short runs

  // Trains one run per entry of `variants` ({label, overrides}) for cfg.updates updates, one after another.
  async function compare(variants, statusId, plotId, title, button, onDone) {
    button.disabled = true;
    var status = $(statusId);
    var traces = [];
    var results = [];
    try {
      for (var i = 0; i < variants.length; i++) {
        status.textContent = fill(T.working, {done: i + 1, total: variants.length});
        var e = await experiment(variants[i].overrides);
        if (e.error) {
          status.textContent = e.error;
          return;
        }
        var r = await api("POST", cfg.api, e.experiment);
        if (r.status !== 201) {
          status.textContent = fill(T.failed, {status: r.status});
          return;
        }
        var id = r.data.id;
        var s = await api("POST", cfg.api + "/" + id + "/step", {updates: cfg.updates});
        api("DELETE", cfg.api + "/" + id);
        if (s.status !== 200) {
          status.textContent = fill(T.failed, {status: s.status});
          return;
        }
        var h = s.data.history;
        traces.push({x: h.step, y: positive(h.loss), type: "scatter", mode: "lines", name: variants[i].label,
                     line: {color: COLORS[i % COLORS.length], width: 2}});
        results.push({label: variants[i].label, state: s.data});
        lossPlot(plotId, title, traces);
      }
      status.textContent = T.finished;
      if (onDone) {
        onDone(results);
      }
    } finally {
      button.disabled = false;
    }
  }

  function last(values) {
    return values.length ? values[values.length - 1] : null;
  }

  $("init-seeds-run").addEventListener("click", function () {
    var base = parseInt($("seed").value, 10);
    base = isFinite(base) ? base : 1;
    var variants = [];
    for (var i = 0; i < cfg.seeds; i++) {
      variants.push({label: fill(T.seed_n, {n: base + i}), overrides: {run_seed: String(base + i)}});
    }
    compare(variants, "init-seeds-status", "init-seeds-plot", T.seeds_title, this, function (results) {
      var table = $("init-seeds-table");
      var body = table.querySelector("tbody");
      body.textContent = "";
      results.forEach(function (r, i) {
        var h = r.state.history;
        var tr = document.createElement("tr");
        tr.setAttribute("data-seed", String(base + i));
        [String(base + i), fmt(last(h.loss)), fmt(last(h.val_loss)), fmt(last(h.val_acc))].forEach(function (v, j) {
          var td = document.createElement(j === 0 ? "th" : "td");
          td.textContent = v;
          if (j > 0) {
            td.className = "num";
          }
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.hidden = false;
    });
  });

  $("init-scaling-run").addEventListener("click", function () {
    var variants = cfg.scalings.map(function (name) {
      return {label: T.scaling[name], overrides: {run_scaling: name}};
    });
    compare(variants, "init-scaling-status", "init-scaling-plot", T.scaling_title, this, null);
  });

  // Empty plots with their axes from the start, so the learner sees what will be drawn where.
  function emptyPlot(id, title, x, y) {
    draw(id, [], common.blankAxes(layout(title, x, y, false)));
  }

  function emptyPlots() {
    emptyPlot("init-live-loss", T.loss_title, T.axis_update, T.axis_loss);
    emptyPlot("init-live-scale", T.scale_title, T.axis_layer, T.axis_scale);
    emptyPlot("init-live-hist", T.hist_title, T.axis_activation, T.axis_fraction);
    emptyPlot("init-seeds-plot", T.seeds_title, T.axis_update, T.axis_loss);
    emptyPlot("init-scaling-plot", T.scaling_title, T.axis_update, T.axis_loss);
  }

  function whenPlotly() {
    if (window.Plotly) {
      emptyPlots();
    } else {
      window.addEventListener("load", emptyPlots);
    }
  }
  whenPlotly();
  setTrainButton();
})();
