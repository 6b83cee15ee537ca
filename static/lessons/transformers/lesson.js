// static/lessons/transformers/lesson.js: the live attention model of /lessons/transformers. No inline code: a
// strict CSP holds.
//
// Train creates one run (POST /api/v1/runs with the Experiment the server put in #tr-config) and trains it through
// its stream with the shared controller (nnlabCommon.liveStream), metered like every run. Each frame adds its loss
// points and the validation token accuracy to the curves; the heatmap of the chosen example is the lesson's view
// of the run (GET /lessons/transformers/runs/{id}/heatmap), computed on the server, asked for again whenever the
// previous answer has arrived. No maths here.
(function () {
  "use strict";

  var common = window.nnlabCommon;
  var configEl = document.getElementById("tr-config");
  if (!common || !configEl || !window.EventSource) {
    return;
  }
  var cfg = JSON.parse(configEl.textContent);
  var lang = document.documentElement.lang;
  var section = document.getElementById("tr-live");
  var statusEl = document.getElementById("tr-live-status");
  var trainBtn = document.getElementById("tr-train");
  var resetBtn = document.getElementById("tr-reset");
  var exampleEl = document.getElementById("tr-example");
  var heatBox = document.getElementById("tr-live-heat");
  var curvesBox = document.getElementById("tr-curves");
  var acc = {step: [], value: []};
  var asking = false;   // a view request is on its way
  var again = false;    // another one is wanted when it arrives

  function say(kind, params) {
    statusEl.textContent = common.fill(statusEl.getAttribute("data-msg-" + kind) || "", params || {});
    statusEl.setAttribute("data-state", kind);
  }

  function setButton(playing) {
    trainBtn.textContent = trainBtn.getAttribute(playing ? "data-label-pause" : "data-label-train");
    trainBtn.setAttribute("aria-pressed", playing ? "true" : "false");
  }

  function run() {
    return live.runs ? live.runs.attention : null;
  }

  function drawCurves() {
    var spec = common.readJson(curvesBox);
    var r = run();
    spec.data[0].x = r ? r.loss.step : [];
    spec.data[0].y = r ? r.loss.value : [];
    spec.data[1].x = acc.step;
    spec.data[1].y = acc.value;
    spec.layout.datarevision = (r ? r.loss.step.length : 0) + acc.step.length;
    common.drawSoon(curvesBox, spec);
    curvesBox.setAttribute("data-points", String(acc.step.length));
  }

  function example() {
    return encodeURIComponent(exampleEl.value || "1");
  }

  function show(view) {
    common.drawSoon(heatBox, view.plot);
    common.showLiveTexts(view);
    heatBox.setAttribute("data-step", String(view.step));
  }

  // The view of the run now (or of the untrained model without a run); one request at a time.
  async function ask() {
    if (asking) {
      again = true;
      return;
    }
    asking = true;
    var r = run();
    var url = r ? cfg.view.replace("{id}", encodeURIComponent(r.id)) : cfg.untrained;
    var answer = await common.api("GET", url + "?example=" + example() + "&lang=" + encodeURIComponent(lang));
    asking = false;
    if (answer.status === 200 && answer.data) {
      show(answer.data);
    }
    if (again) {
      again = false;
      ask();
    }
  }

  var live = common.liveStream({
    api: cfg.api,
    speed: cfg.speed,
    total: cfg.total,
    frame: function (name, f) {
      if (typeof f.val_acc === "number" && (!acc.step.length || f.step > acc.step[acc.step.length - 1])) {
        acc.step.push(f.step);
        acc.value.push(100 * f.val_acc);
      }
      drawCurves();
      ask();
    },
    state: function (kind, detail) {
      setButton(live.playing);
      say(kind, {status: detail});
      if (kind === "done") {
        ask();
      }
    }
  });

  trainBtn.addEventListener("click", async function () {
    if (live.playing) {
      live.pause();
    } else if (live.runs && !live.finished()) {
      live.play();
    } else {
      acc = {step: [], value: []};
      setButton(true);
      say("running");
      await live.start({attention: cfg.experiment});
      drawCurves();
    }
  });

  resetBtn.addEventListener("click", function () {
    live.forget();
    acc = {step: [], value: []};
    drawCurves();
    setButton(false);
    say("idle");
    ask();
  });

  exampleEl.addEventListener("change", ask);

  common.onReady(function () {
    setButton(false);
    section.setAttribute("data-ready", "true");  // the buttons answer from now on
  });
})();
