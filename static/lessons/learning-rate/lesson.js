// lesson-learning-rate.js: the live run of lesson 3 ("real loss curves are bumpy").
//
// Start creates a run through the runs API from the Experiment JSON the server put in #lr-live-config (the
// server validated the fields; a bad field never replaces that JSON, so the last good settings are used),
// then listens to the run's stream: training happens only while connected. Each frame's new loss points and
// the frame's learning rate are added to the plot. No numbers are computed here, only displayed.
(function () {
  "use strict";

  var common = window.nnlabCommon;
  var API = "/api/v1/runs";
  var source = null;
  var runId = null;
  var curve = {step: [], loss: []};
  var lrCurve = {step: [], lr: []};
  var previous = null;  // the last run's loss curve, shown in grey for comparison
  var total = 0;
  var revision = 0;

  function $(id) {
    return document.getElementById(id);
  }

  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) {
      return "\u2014";
    }
    return String(parseFloat(Number(v).toPrecision(4))).replace("-", "\u2212");
  }

  function say(kind, params) {
    var el = $("lr-live-status");
    var text = el.getAttribute("data-msg-" + kind) || "";
    Object.keys(params || {}).forEach(function (k) {
      text = text.split("{" + k + "}").join(String(params[k]));
    });
    el.textContent = text;
    el.setAttribute("data-state", kind);
    if (params && params.step !== undefined) {
      el.setAttribute("data-step", String(params.step));
    }
  }

  function draw() {
    var box = $("lr-live-plot");
    if (!window.Plotly || !box) {
      return;
    }
    var spec = common.readJson(box);
    var data = [];
    if (previous) {
      data.push({x: previous.step, y: previous.loss, type: "scatter", mode: "lines", name: spec.names.previous,
                 line: {color: "#aaaaaa", width: 1.5}});
    }
    data.push({x: curve.step, y: curve.loss, type: "scatter", mode: "lines", name: spec.names.loss,
               line: {color: "#0b5394", width: 1.5}});
    data.push({x: lrCurve.step, y: lrCurve.lr, type: "scatter", mode: "lines", name: spec.names.lr, yaxis: "y2",
               line: {color: "#cc0000", width: 2.5, dash: "dash"}});
    // Plotly.react redraws only what it sees change: the arrays grow in place, so say the data is new.
    revision += 1;
    spec.layout.datarevision = revision;
    common.drawSoon(box, {data: data, layout: spec.layout, config: spec.config});
    box.setAttribute("data-points", String(curve.step.length));
  }

  function setRunning(running) {
    $("lr-live-start").disabled = running;
    $("lr-live-stop").disabled = !running;
  }

  function close(kind, params) {
    if (source) {
      source.close();
      source = null;
    }
    setRunning(false);
    say(kind, params);
    if (runId) {
      // The run has served its purpose; free it on the server.
      fetch(API + "/" + encodeURIComponent(runId), {method: "DELETE", credentials: "same-origin"});
      runId = null;
    }
  }

  function onFrame(f, first) {
    var steps = f.loss_step, losses = f.loss;
    if (first) {
      curve = {step: [], loss: []};
    }
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] <= total) {
        curve.step.push(steps[i]);
        curve.loss.push(losses[i]);
      }
    }
    var step = Math.min(f.step, total);
    lrCurve.step.push(step);
    lrCurve.lr.push(f.lr);
    draw();
    var last = curve.loss.length ? curve.loss[curve.loss.length - 1] : null;
    if (f.status === "diverged") {
      close("diverged", {step: f.diverged_at});
    } else if (f.step >= total) {
      close("done", {step: step, lr: fmt(f.lr), loss: fmt(last)});
    } else {
      say("running", {step: step, total: total, lr: fmt(f.lr), loss: fmt(last)});
    }
  }

  async function start() {
    if (source) {
      return;
    }
    var cfg = JSON.parse($("lr-live-config").textContent);
    if (curve.step.length) {
      previous = curve;
    }
    curve = {step: [], loss: []};
    lrCurve = {step: [], lr: []};
    total = cfg.updates;
    setRunning(true);
    var response;
    try {
      response = await fetch(API, {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify(cfg.experiment)});
    } catch (err) {
      setRunning(false);
      say("failed", {status: 0});
      return;
    }
    if (response.status !== 201) {
      setRunning(false);
      say("failed", {status: response.status});
      return;
    }
    var run = await response.json();
    runId = run.id;
    var first = true;
    source = common.openStream(API + "/" + encodeURIComponent(runId) + "/stream?speed=" + cfg.speed, function (f) {
      onFrame(f, first);
      first = false;
    }, function () {
      if (source && source.readyState === EventSource.CLOSED) {
        close("stopped", {step: lrCurve.step.length ? lrCurve.step[lrCurve.step.length - 1] : 0});
      }
    });
  }

  function stop() {
    close("stopped", {step: lrCurve.step.length ? lrCurve.step[lrCurve.step.length - 1] : 0});
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!$("lr-live-start")) {
      return;
    }
    $("lr-live-start").addEventListener("click", start);
    $("lr-live-stop").addEventListener("click", stop);
  });
})();
