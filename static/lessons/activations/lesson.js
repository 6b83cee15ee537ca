// static/lessons/activations/lesson.js: the live comparison of lesson 9 (section 4). No inline code: a strict CSP
// holds.
//
// Start creates two runs (ReLU and Leaky ReLU, the same Experiment otherwise, built by the server into
// #act-config) and trains both through their streams with the shared controller (nnlabCommon.liveStream). Frames
// that carry the runs' details say, per hidden layer, which fraction of units is off (z <= 0) for every training
// row; this file adds those points and the loss points to the two plots, whose specs (axes, names, which run and
// layer each trace shows) come from the server, and writes the units off now into the table. No maths here.
(function () {
  "use strict";

  var common = window.nnlabCommon;
  if (!common || !window.EventSource) {
    return;
  }

  function $(id) {
    return document.getElementById(id);
  }

  var statusEl = $("act-live-status");
  var runButton = $("act-run");
  var offBox = document.querySelector('[data-plot="live-off"]');
  var lossBox = document.querySelector('[data-plot="live-loss"]');
  if (!statusEl || !runButton || !offBox || !lossBox) {
    return;
  }
  var series = {};       // activation -> {step: [], off: [[fraction per layer], ...]}
  var madeFrom = null;   // the config text the runs were made from
  var revision = 0;

  function config() {
    return $("act-config").textContent;
  }

  function say(kind, params) {
    statusEl.textContent = common.fill(statusEl.getAttribute("data-msg-" + kind) || "", params || {});
    statusEl.setAttribute("data-state", kind);
  }

  function setButton(playing) {
    runButton.textContent = runButton.getAttribute(playing ? "data-label-pause" : "data-label-play");
    runButton.setAttribute("aria-pressed", playing ? "true" : "false");
  }

  // A trace's points from the spec's `series`: [activation, layer] or [activation, "loss"].
  function points(which) {
    var run = live.runs && live.runs[which[0]];
    if (which[1] === "loss") {
      return run ? {x: run.loss.step, y: run.loss.value} : {x: [], y: []};
    }
    var s = series[which[0]];
    return s ? {x: s.step, y: s.off.map(function (f) { return f[which[1]]; })} : {x: [], y: []};
  }

  function draw() {
    revision += 1;
    [offBox, lossBox].forEach(function (box) {
      var spec = common.readJson(box);
      spec.data.forEach(function (trace, i) {
        var p = points(spec.series[i]);
        trace.x = p.x;
        trace.y = p.y;
      });
      spec.layout.datarevision = revision;  // the arrays grow in place: tell Plotly.react they are new
      common.drawSoon(box, spec);
    });
    Object.keys(series).forEach(function (act) {
      offBox.setAttribute("data-points-" + act.replace("_", "-"), String(series[act].step.length));
    });
  }

  // The table: units off now, "9 / 16", from the last fractions of each run.
  function showTable(act, off, units) {
    off.forEach(function (f, k) {
      var cell = document.querySelector('[data-off="' + act + "-" + (k + 1) + '"]');
      if (cell) {
        cell.textContent = Math.round(f * units) + " / " + units;
      }
    });
  }

  function clearTable() {
    document.querySelectorAll("#act-live-table [data-off]").forEach(function (cell) {
      cell.textContent = "\u2013";
    });
  }

  var first = JSON.parse(config());  // api, speed and the number of updates do not change with the state
  var live = common.liveStream({
    api: first.api,
    speed: first.speed,
    total: first.updates,
    frame: function (name, f) {
      var cfg = JSON.parse(madeFrom);
      if (f.inactive) {
        var s = series[name] || (series[name] = {step: [], off: []});
        if (!s.step.length || f.step > s.step[s.step.length - 1]) {
          s.step.push(f.step);
          s.off.push(f.inactive);
        }
        showTable(name, f.inactive, cfg.units);
      }
      if (f.status === "diverged") {
        say("diverged-" + name.replace("_", "-"), {step: f.diverged_at});
      }
      draw();
    },
    state: function (kind, detail) {
      setButton(live.playing);
      if (kind === "diverged") {
        return;  // said by the frame, with the run's name
      }
      if (kind === "done" && statusEl.getAttribute("data-state").indexOf("diverged") === 0) {
        return;
      }
      say(kind, {status: detail});
    }
  });

  async function start() {
    var text = config();
    var cfg = JSON.parse(text);
    if (live.runs && madeFrom === text && !live.finished()) {
      live.play();
      setButton(true);
      return;
    }
    madeFrom = text;
    series = {};
    clearTable();
    draw();
    setButton(true);
    say("running");
    await live.create(cfg.runs);
    if (live.runs) {
      live.play();
    }
    setButton(live.playing);
  }

  runButton.addEventListener("click", function () {
    if (live.playing) {
      live.pause();
    } else {
      start();
    }
  });

  $("act-reset").addEventListener("click", function () {
    live.forget();
    madeFrom = null;
    series = {};
    clearTable();
    draw();
    setButton(false);
    say("idle");
  });

  common.onReady(function () {
    setButton(false);
    $("act-live").setAttribute("data-ready", "true");  // the buttons answer from now on
  });
})();
