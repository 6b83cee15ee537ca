// static/lessons/softmax/lesson.js: the live fruit classifier of /lessons/softmax. No inline code: a strict CSP holds.
//
// The run lives on the server: Train creates it (POST /api/v1/runs with the experiment the page carries in
// #sm-config) and then repeats "train a few updates (POST .../step), fetch the lesson's view of the run
// (GET /lessons/softmax/runs/{id}/view)" until paused or done. The view holds everything shown: the plot as a
// Plotly spec and, per x of the grid, the logits and probabilities already formatted by the server; this file
// only draws them and shows the ones under the cursor.
(function () {
  "use strict";

  var configEl = document.getElementById("sm-config");
  if (!configEl || !window.nnlabCommon) {
    return;
  }
  var common = window.nnlabCommon;
  var cfg = JSON.parse(configEl.textContent);
  var experimentText = JSON.stringify(cfg.experiment); // the same run every time: no new run on Train
  var box = document.getElementById("sm-classifier-plot");
  var trainBtn = document.getElementById("sm-train");
  var resetBtn = document.getElementById("sm-reset");
  var readouts = JSON.parse(document.getElementById("sm-readouts").textContent);
  var current = readouts["default"]; // grid index under the cursor
  var canvas = null;

  function draw(spec) {
    var fresh = canvas === null;
    canvas = common.drawIn(box, spec);
    if (fresh && canvas) {
      canvas.on("plotly_hover", function (event) {
        var point = (event.points || []).filter(function (p) { return p.curveNumber < 2; })[0];
        if (point) {
          current = point.pointIndex;
          showReadout();
        }
      });
    }
  }

  function showReadout() {
    document.querySelectorAll("#sm-readout [data-readout]").forEach(function (el) {
      el.textContent = readouts.readouts[el.getAttribute("data-readout")][current];
    });
    var x = Number(readouts.readouts.x[current].replace("\u2212", "-"));
    if (canvas && isFinite(x)) {
      window.Plotly.relayout(canvas, {"shapes[0].x0": x, "shapes[0].x1": x});
    }
  }

  function apply(view) {
    readouts = {readouts: view.readouts, "default": view["default"]};
    document.getElementById("sm-step").textContent = String(view.step);
    document.getElementById("sm-loss").textContent = view.loss;
    draw(view.plot);
    showReadout();
  }

  var live = common.liveRun({
    cfg: cfg,
    trainBtn: trainBtn,
    errorEl: document.getElementById("sm-live-error"),
    experiment: function () {
      return experimentText;
    },
    apply: apply,
    onEnd: function () {
      trainBtn.disabled = true;
    }
  });

  // Pause lets the chunk on its way arrive, so the plot shows where the run stopped.
  trainBtn.addEventListener("click", function () {
    live.clearError();
    if (live.running) {
      live.pause();
    } else {
      live.start();
    }
  });

  resetBtn.addEventListener("click", async function () {
    live.stop();
    live.clearError();
    trainBtn.disabled = false;
    var old = live.forget();
    try {
      if (old !== null) {
        await common.api("DELETE", cfg.api + "/" + encodeURIComponent(old));
      }
      await live.newRun();
      await live.refresh();
    } catch (err) {
      live.fail();
    }
  });

  common.onReady(function () {
    draw(common.readJson(box));
    showReadout();
  });
})();
