// Lesson 3 (learning rate): the live run ("real loss curves are bumpy").
//
// Start creates a run from the Experiment JSON the server put in #lr-live-config (the server validated the
// fields; a bad field never replaces that JSON, so the last good settings are used) and plays it with the shared
// stream controller (nnlabCommon.liveStream): training happens only while the stream is open. Each frame's loss
// points and learning rate are added to the plot. No numbers are computed here, only displayed (4 significant
// digits, as app.formatting writes them).
(function () {
  "use strict";

  var common = window.nnlabCommon;
  var API = "/api/v1/runs";
  var controller = null;
  var total = 0;
  var lrCurve = {step: [], lr: []};
  var curve = {step: [], value: []};  // this run's loss points (the controller's own arrays, kept after it ends)
  var previous = null;  // the last run's loss curve, shown in grey for comparison
  var revision = 0;

  function $(id) {
    return document.getElementById(id);
  }

  function say(kind, params) {
    var el = $("lr-live-status");
    el.textContent = common.fill(el.getAttribute("data-msg-" + kind) || "", params || {});
    el.setAttribute("data-state", kind);
    if (params && params.step !== undefined) {
      el.setAttribute("data-step", String(params.step));
    }
  }

  function draw() {
    var box = $("lr-live-plot");
    if (!box) {
      return;
    }
    var spec = common.readJson(box);
    var loss = curve;
    var data = [];
    if (previous) {
      data.push({x: previous.step, y: previous.value, type: "scatter", mode: "lines", name: spec.names.previous,
                 line: {color: "#aaaaaa", width: 1.5}});
    }
    data.push({x: loss.step, y: loss.value, type: "scatter", mode: "lines", name: spec.names.loss,
               line: {color: "#0b5394", width: 1.5}});
    data.push({x: lrCurve.step, y: lrCurve.lr, type: "scatter", mode: "lines", name: spec.names.lr, yaxis: "y2",
               line: {color: "#cc0000", width: 2.5, dash: "dash"}});
    // Plotly.react redraws only what it sees change: the arrays grow in place, so say the data is new.
    revision += 1;
    spec.layout.datarevision = revision;
    common.drawSoon(box, {data: data, layout: spec.layout, config: spec.config});
    box.setAttribute("data-points", String(loss.step.length));
  }

  function setRunning(running) {
    $("lr-live-start").disabled = running;
    $("lr-live-stop").disabled = !running;
  }

  function lastLoss() {
    return curve.value.length ? curve.value[curve.value.length - 1] : null;
  }

  function lastStep() {
    return lrCurve.step.length ? lrCurve.step[lrCurve.step.length - 1] : 0;
  }

  function onFrame(name, f, current) {
    curve = current.loss;
    var step = Math.min(f.step, total);
    lrCurve.step.push(step);
    lrCurve.lr.push(f.lr);
    draw();
    if (f.status !== "diverged" && step < total) {
      say("running", {step: step, total: total, lr: common.fmt(f.lr, 4), loss: common.fmt(lastLoss(), 4)});
    } else if (f.status !== "diverged") {
      say("done", {step: step, lr: common.fmt(f.lr, 4), loss: common.fmt(lastLoss(), 4)});
    }
  }

  function onState(kind, detail) {
    if (kind === "running") {
      setRunning(true);
      return;
    }
    setRunning(false);
    if (kind === "diverged") {
      say("diverged", {step: detail});
    } else if (kind === "failed") {
      say("failed", {status: detail});
    } else if (kind === "paused") {
      say("stopped", {step: lastStep()});
    }
    if (kind !== "paused" && controller) {
      controller.forget();  // the run has served its purpose: free it on the server
    }
  }

  async function start() {
    if (controller && controller.playing) {
      return;
    }
    var cfg = JSON.parse($("lr-live-config").textContent);
    if (curve.step.length) {
      previous = curve;
    }
    curve = {step: [], value: []};
    if (controller) {
      controller.forget();
    }
    total = cfg.updates;
    lrCurve = {step: [], lr: []};
    setRunning(true);
    controller = common.liveStream({api: API, speed: cfg.speed, total: total, frame: onFrame, state: onState});
    await controller.start({live: cfg.experiment});
  }

  function stop() {
    if (controller && controller.playing) {
      controller.pause();
      controller.forget();
    }
  }

  common.onReady(function () {
    if (!$("lr-live-start")) {
      return;
    }
    $("lr-live-start").addEventListener("click", start);
    $("lr-live-stop").addEventListener("click", stop);
  });
})();
