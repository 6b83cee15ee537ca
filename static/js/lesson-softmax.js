// lesson-softmax.js: the live fruit classifier of /lessons/softmax. No inline code: a strict CSP holds.
//
// The run lives on the server: Train creates it (POST /api/v1/runs with the experiment the page carries in
// #sm-config) and then repeats "train a few updates (POST .../step), fetch the lesson's view of the run
// (GET /lessons/softmax/runs/{id}/view)" until paused or done. The view holds everything shown: the plot as a
// Plotly spec and, per x of the grid, the logits and probabilities already formatted by the server; this file
// only draws them and shows the ones under the cursor.
(function () {
  "use strict";

  var configEl = document.getElementById("sm-config");
  if (!configEl || !window.fetch) {
    return;
  }
  var cfg = JSON.parse(configEl.textContent);
  var box = document.getElementById("sm-classifier-plot");
  var trainBtn = document.getElementById("sm-train");
  var resetBtn = document.getElementById("sm-reset");
  var errorEl = document.getElementById("sm-live-error");
  var lang = document.documentElement.lang;
  var readouts = JSON.parse(document.getElementById("sm-readouts").textContent);
  var current = readouts["default"]; // grid index under the cursor
  var runId = null;
  var running = false;
  var generation = 0; // a reset or a new start ends any loop still waiting for the server
  var canvas = null;

  function draw(spec) {
    if (!window.Plotly) {
      return;
    }
    if (!canvas) {
      canvas = document.createElement("div");
      canvas.className = "plot-canvas";
      box.appendChild(canvas);
      window.Plotly.react(canvas, spec.data, spec.layout, spec.config);
      canvas.on("plotly_hover", function (event) {
        var point = (event.points || []).filter(function (p) { return p.curveNumber < 2; })[0];
        if (point) {
          current = point.pointIndex;
          showReadout();
        }
      });
      return;
    }
    window.Plotly.react(canvas, spec.data, spec.layout, spec.config);
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

  async function call(method, url, body) {
    var options = {method: method, headers: {"Accept": "application/json"}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var response = await fetch(url, options);
    if (!response.ok) {
      throw new Error(method + " " + url + ": " + response.status);
    }
    return response.json();
  }

  function viewUrl() {
    return cfg.view.replace("{id}", encodeURIComponent(runId)) + "?lang=" + encodeURIComponent(lang);
  }

  async function ensureRun() {
    if (runId === null) {
      runId = (await call("POST", cfg.api, cfg.experiment)).id;
    }
  }

  function setRunning(on) {
    running = on;
    trainBtn.textContent = trainBtn.getAttribute(on ? "data-label-pause" : "data-label-train");
    trainBtn.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function failed() {
    setRunning(false);
    errorEl.textContent = errorEl.getAttribute("data-msg-failed");
  }

  async function loop(gen) {
    try {
      await ensureRun();
      while (running && gen === generation) {
        var state = await call("POST", cfg.api + "/" + encodeURIComponent(runId) + "/step", {updates: cfg.chunk});
        var view = await call("GET", viewUrl());
        if (gen !== generation) {
          return;
        }
        apply(view);
        if (state.step >= cfg.max_updates || state.status === "diverged") {
          setRunning(false);
          trainBtn.disabled = true;
        }
      }
    } catch (err) {
      if (gen === generation) {
        failed();
      }
    }
  }

  trainBtn.addEventListener("click", function () {
    errorEl.textContent = "";
    if (running) {
      setRunning(false);
      return;
    }
    setRunning(true);
    generation += 1;
    loop(generation);
  });

  resetBtn.addEventListener("click", async function () {
    setRunning(false);
    generation += 1;
    errorEl.textContent = "";
    trainBtn.disabled = false;
    var old = runId;
    runId = null;
    try {
      if (old !== null) {
        await fetch(cfg.api + "/" + encodeURIComponent(old), {method: "DELETE"});
      }
      await ensureRun();
      apply(await call("GET", viewUrl()));
    } catch (err) {
      failed();
    }
  });

  function init() {
    draw(JSON.parse(box.querySelector('script[type="application/json"]').textContent));
    showReadout();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
