// Lesson 6 (/lessons/regularization): the live experiment. No inline code: a strict CSP holds.
//
// Train creates a run from the experiment the server put in #reg-exp-json (re-rendered after every valid change
// of the form) and repeats "train a chunk (POST /api/v1/runs/{id}/step), fetch the lesson's view
// (GET /lessons/regularization/runs/{id}/view)": nnlabCommon.liveRun. A changed setup starts a new run; the
// previous run's curves and weight histogram stay on the plots, faded, for comparison. The server computes and
// formats every number (loss, weight counts, batch normalization's mu_B and sigma_B); this file shows them.
(function () {
  "use strict";

  var configEl = document.getElementById("reg-config");
  if (!configEl || !window.fetch || !window.nnlabCommon) {
    return;
  }
  var common = window.nnlabCommon;

  // Each [data-live-plot] box gets one Plotly canvas, redrawn in place.
  function draw(name, spec) {
    common.drawIn(document.querySelector('[data-live-plot="' + name + '"]'), spec);
  }

  function showBatchnorm(rows) {
    var table = document.getElementById("reg-bn-table");
    var body = table.querySelector("tbody");
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      ["unit", "mu", "sigma"].forEach(function (key) {
        var cell = document.createElement(key === "unit" ? "th" : "td");
        cell.textContent = row[key];
        if (key !== "unit") {
          cell.className = "num";
          cell.setAttribute("data-bn", key);
        } else {
          cell.scope = "row";
        }
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    table.hidden = rows.length === 0;
    document.getElementById("reg-bn-empty").hidden = rows.length > 0;
  }

  function apply(view) {
    common.showLiveTexts(view);
    Object.keys(view.plots).forEach(function (name) {
      draw(name, view.plots[name]);
    });
    showBatchnorm(view.batchnorm);
  }

  var live = common.liveRun({
    cfg: JSON.parse(configEl.textContent),
    trainBtn: document.getElementById("reg-train"),
    errorEl: document.getElementById("reg-live-error"),
    experiment: function () {
      return document.getElementById("reg-exp-json").textContent;
    },
    apply: apply
  });

  document.getElementById("reg-train").addEventListener("click", live.toggle);
  document.getElementById("reg-new").addEventListener("click", live.restart);

  common.onReady(function () {
    document.querySelectorAll("[data-live-plot]").forEach(function (box) {
      draw(box.getAttribute("data-live-plot"), common.readJson(box));
    });
  });
})();
