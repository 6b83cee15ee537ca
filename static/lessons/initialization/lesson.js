// Lesson 5: the live runs (sections 4-6). The server builds each run's Experiment (/lessons/initialization/
// data/experiment, from the form's fields), trains it (/api/v1/runs) and draws every plot and formats every
// number (the lesson's run views /runs/{id}/live, /seed, /scaling); this file moves JSON between them and puts it
// on the page. No maths, no formatting, no inline handlers, no eval (strict CSP).
(function () {
  "use strict";

  var common = window.nnlabCommon;
  var form = document.getElementById("init-form");

  function $(id) {
    return document.getElementById(id);
  }

  function cfg() {
    return common.readJson($("init-config"));
  }

  function lang() {
    return "lang=" + encodeURIComponent(document.documentElement.lang);
  }

  // The form's fields as a query (the server reads "0,05" and "0.05" alike), with `overrides` set.
  function query(overrides) {
    var q = new URLSearchParams(new FormData(form));
    Object.keys(overrides || {}).forEach(function (k) { q.set(k, overrides[k]); });
    return q.toString();
  }

  // The Experiment JSON text for the form's fields (fetched once per distinct query). A field the server rejects
  // (its message is already beside it, from the form's own answer) fails with the "correct the marked fields"
  // text, any other failure with the general one.
  var cache = {key: null, text: null};
  var errorEl = $("init-live-error");

  async function experimentText(overrides) {
    var key = query(overrides);
    if (key === cache.key) {
      return cache.text;
    }
    // A field the form's answer marked bad: no request (the server would refuse it with a 422).
    var marked = form.querySelector(".field-error:not(:empty)") !== null;
    var r = marked ? {status: 422} : await common.api("GET", cfg().experiment + "?" + key);
    var invalid = r.status === 422;
    errorEl.setAttribute("data-msg-failed", errorEl.getAttribute(invalid ? "data-msg-invalid" : "data-msg-general"));
    if (r.status !== 200 || !r.data) {
      throw new Error(invalid ? "invalid" : "failed");
    }
    cache = {key: key, text: JSON.stringify(r.data.experiment)};
    return cache.text;
  }

  function plotBox(id) {
    return $(id).querySelector("[data-plot]");
  }

  // ------------------------------------------------------------------ section 4: one live run

  var liveView = null;
  var statusEl = $("init-live-status");
  var trainBtn = $("init-train");

  function showStatus() {
    if (!liveView) {
      return;
    }
    var text = liveView.text;
    statusEl.textContent = text.ended || (live.running ? text.running : text.paused);
  }

  var live = common.liveRun({
    cfg: {api: cfg().api, view: cfg().view, chunk: cfg().chunk, max_updates: cfg().max_updates},
    trainBtn: trainBtn,
    errorEl: errorEl,
    experiment: function () { return experimentText(); },
    apply: function (view) {
      liveView = view;
      common.drawSoon(plotBox("init-live-loss"), view.plots.loss);
      common.drawSoon(plotBox("init-live-scale"), view.plots.scale);
      common.drawSoon(plotBox("init-live-hist"), view.plots.hist);
      showStatus();
    },
    onEnd: showStatus
  });

  trainBtn.addEventListener("click", function () {
    live.toggle();
    showStatus();
  });
  $("init-new").addEventListener("click", function () {
    live.restart();
  });

  // ------------------------------------------------------------------ sections 5 and 6: several short runs

  // Trains one run per override ({run_seed: ...} or {run_scaling: ...}) for cfg.updates updates, one after
  // another; each run's view (`viewUrl`) brings its trace for the shared plot and its texts.
  async function compare(overrides, viewUrl, statusEl, boxId, button, onRow) {
    var c = cfg();
    var box = plotBox(boxId);
    var spec = common.readJson(box);
    var traces = [];
    button.disabled = true;
    try {
      for (var i = 0; i < overrides.length; i++) {
        statusEl.textContent = common.fill(c.text.working, {done: i + 1, total: overrides.length});
        var text = await experimentText(overrides[i]);
        var made = await common.createRuns(c.api, [JSON.parse(text)]);
        var id = encodeURIComponent(made[0].id);
        try {
          await common.call("POST", c.api + "/" + id + "/step", {updates: c.updates});
          var view = await common.call("GET", viewUrl.replace("{id}", id) + "?" + lang());
        } finally {
          common.api("DELETE", c.api + "/" + id);
        }
        traces.push(view.trace);
        common.drawSoon(box, {data: traces.slice(), layout: spec.layout, config: spec.config});
        if (onRow) {
          onRow(view.texts);
        }
      }
      statusEl.textContent = c.text.finished;
    } catch (err) {
      statusEl.textContent = err.message === "invalid" ? c.text.invalid : c.text.failed;
    } finally {
      button.disabled = false;
    }
  }

  $("init-seeds-run").addEventListener("click", function () {
    var c = cfg();
    var table = $("init-seeds-table");
    var body = table.querySelector("tbody");
    body.textContent = "";
    compare(c.seeds.map(function (seed) { return {run_seed: String(seed)}; }), c.seed_view, $("init-seeds-status"),
            "init-seeds-plot", this, function (texts) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-seed", texts.seed);
      [texts.seed, texts.train_loss, texts.val_loss, texts.val_acc].forEach(function (v, j) {
        var td = document.createElement(j === 0 ? "th" : "td");
        td.textContent = v;
        if (j > 0) {
          td.className = "num";
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
      table.hidden = false;
    });
  });

  $("init-scaling-run").addEventListener("click", function () {
    var c = cfg();
    compare(c.scalings.map(function (name) { return {run_scaling: name}; }), c.scaling_view,
            $("init-scaling-status"), "init-scaling-plot", this, null);
  });

  common.onReady(function () {
    ["init-train", "init-new", "init-seeds-run", "init-scaling-run"].forEach(function (id) {
      $(id).disabled = false;
    });
  });
})();
