// main.js: the Playground's wiring: buttons, keyboard shortcuts (space, right arrow, r outside text fields), the
// form's edits, and the start: the experiment of the URL (already read by the server) becomes a run at step 0.
(function (P) {
  "use strict";

  if (!P) {
    return;
  }
  var cfg = P.cfg;
  var form = P.form;
  var $ = P.$;
  var INPUT_DELAY = 30;  // ms after the last keystroke in a number field before it is applied (as the lessons)
  var inputTimer = null;

  function randomSeed() {
    var a = new Uint32Array(1);
    window.crypto.getRandomValues(a);
    return a[0];
  }

  // Keys (Space play/pause, → or s one update, e one epoch, r reset) are the buttons' data-key attributes,
  // handled for every page by nnlab.js: they work after a click and while a slider has the focus.

  $("pg-play").addEventListener("click", P.togglePlay);
  $("pg-step").addEventListener("click", function () { P.stepBy("update"); });
  $("pg-epoch").addEventListener("click", function () { P.stepBy("epoch"); });
  $("pg-reset").addEventListener("click", P.reset);
  $("pg-new-seed").addEventListener("click", function () {
    P.control("seed").value = String(randomSeed());
    P.applyForm("change");
  });
  $("pg-regenerate").addEventListener("click", function () {
    P.control("data_seed").value = String(randomSeed());
    P.applyForm("change");
  });
  $("pg-speed").addEventListener("change", function () {
    P.syncURL();
    if (P.playing()) {
      P.stopStream();
      P.startStream();
    }
  });
  $("pg-logy").addEventListener("change", P.drawLoss);
  $("pg-fork").addEventListener("click", P.fork);
  $("pg-compare-clear").addEventListener("click", P.clearCompare);
  $("pg-import").addEventListener("change", P.importFile);
  $("pg-diagram").addEventListener("click", P.onDiagramClick);
  $("pg-diagram").addEventListener("mouseover", P.onDiagramHover);
  $("pg-diagram").addEventListener("keydown", P.onDiagramKey);
  $("pg-drawer").addEventListener("click", function () {
    var open = $("pg-drawer").getAttribute("aria-expanded") !== "true";
    $("pg-drawer").setAttribute("aria-expanded", open ? "true" : "false");
    P.root.classList.toggle("pg-drawer-open", open);
  });
  $("pg-weight-form").addEventListener("submit", P.setWeight);

  $("pg-lr-log").addEventListener("input", function () {
    P.control("lr").value = String(Number(Math.pow(10, Number($("pg-lr-log").value)).toPrecision(3)));
  });
  $("pg-lr-log").addEventListener("change", function () { P.applyForm("change"); });

  $("pg-layer-add").addEventListener("click", function () {
    P.changeLayers(function (layers) {
      if (layers.length < cfg.max_hidden) {
        var prev = layers[layers.length - 1] || {units: 4, activation: "tanh"};
        layers.push({units: prev.units, activation: prev.activation});
      }
    });
  });
  $("pg-layer-remove").addEventListener("click", function () {
    P.changeLayers(function (layers) { layers.pop(); });
  });
  $("pg-layers").addEventListener("click", function (event) {
    var button = event.target.closest("[data-units]");
    if (!button) {
      return;
    }
    var i = Number(button.closest(".pg-layer").getAttribute("data-layer"));
    P.changeLayers(function (layers) {
      var units = layers[i].units + Number(button.getAttribute("data-units"));
      layers[i].units = Math.min(cfg.units.max, Math.max(cfg.units.min, Math.round(units)));
    });
  });

  // Typing in a number field: applied 30 ms after the last keystroke (a mutable setting at once, a new network
  // at the field's change); selects, boxes and the slider: at their change.
  form.addEventListener("input", function (event) {
    var t = event.target;
    if (!t.classList || !t.classList.contains("pg-number")) {
      return;
    }
    if (t.name === "lr") {
      P.syncLrSlider();
    }
    window.clearTimeout(inputTimer);
    inputTimer = window.setTimeout(function () { P.applyForm("input"); }, INPUT_DELAY);
  });
  form.addEventListener("change", function (event) {
    var t = event.target;
    if (t.id === "pg-speed" || t.id === "pg-lr-log") {
      return;
    }
    if (t.classList.contains("pg-view-axis")) {
      $("pg-view-value").value = $("pg-view-0").value + "," + $("pg-view-1").value;
    }
    if (t.classList.contains("pg-units") || t.classList.contains("pg-activation")) {
      P.syncHidden();
    }
    if (t.name === "dataset") {  // a loss that does not fit the new task goes back to "chosen for the task"
      var allowed = cfg.losses[P.datasetInfo(t.value).task];
      if (allowed.indexOf(P.control("loss").value) < 0) {
        P.control("loss").value = "auto";
      }
    }
    if (t.name === "lr") {
      P.syncLrSlider();
    }
    window.clearTimeout(inputTimer);
    P.applyForm("change");
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(inputTimer);
    P.applyForm("change");
  });

  P.renderLayers(cfg.experiment.hidden);
  P.updateVisibility();
  P.updateTask(P.datasetInfo(cfg.experiment.dataset).task);
  P.setPlayButton();
  P.enqueue(async function () {
    // A scene's link (/s/<id> -> ?scene=<id>) brings back the scene's trained run.
    var scene = new URLSearchParams(window.location.search).get("scene");
    if (scene) {
      var saved = await P.api("GET", "/api/v1/scenes/" + encodeURIComponent(scene));
      if (saved.status === 200 && saved.data.runs && saved.data.runs.run && await P.importRun(saved.data.runs.run)) {
        return;
      }
    }
    if (!await P.createRun(cfg.experiment)) {
      await P.createRun(cfg.defaults);
    }
  });
})(window.nnlabPlayground);
