// lesson-overfitting.js: the live experiment of /lessons/overfitting. No inline code: a strict CSP holds.
//
// Train creates a run from the experiment the page carries in #of-exp-json (the server re-renders it after
// every valid change of the form) and repeats "train a chunk (POST /api/v1/runs/{id}/step), fetch the lesson's
// view (GET /lessons/overfitting/runs/{id}/view)". A changed setup starts a new run; the previous run's curves
// stay on the plot, faded, for comparison. The test set is evaluated once (POST .../test); after that the
// button stays disabled for this page. The server computes and formats every number; this file shows them.
// The loop itself is nnlabCommon.liveRun (lesson-common.js), shared with the regularization and softmax lessons.
(function () {
  "use strict";

  var configEl = document.getElementById("of-config");
  if (!configEl || !window.fetch || !window.nnlabCommon) {
    return;
  }
  var common = window.nnlabCommon;
  var box = document.getElementById("of-plot");
  var testBtn = document.getElementById("of-test-button");
  var testUsed = false;

  function apply(view) {
    common.showLiveTexts(view);
    if (view.text.tested !== undefined) {
      document.querySelectorAll('[data-live="tested"]').forEach(function (el) {
        el.hidden = view.text.tested === "";
      });
    }
    common.drawIn(box, view.plot);
    testBtn.disabled = testUsed || live.id === null || view.step === 0;
  }

  var live = common.liveRun({
    cfg: JSON.parse(configEl.textContent),
    trainBtn: document.getElementById("of-train"),
    errorEl: document.getElementById("of-live-error"),
    experiment: function () {
      return document.getElementById("of-exp-json").textContent;
    },
    apply: apply
  });

  document.getElementById("of-train").addEventListener("click", live.toggle);
  document.getElementById("of-new").addEventListener("click", live.restart);

  testBtn.addEventListener("click", async function () {
    if (testUsed || live.id === null) {
      return;
    }
    live.stop();
    testUsed = true;
    testBtn.disabled = true;
    var why = document.getElementById("of-test-why");
    why.textContent = why.getAttribute("data-used");
    try {
      await common.call("POST", live.runUrl("/test"));
      await live.refresh();
    } catch (err) {
      live.showError();
    }
  });

  common.onReady(function () {
    common.drawIn(box, common.readJson(box));
  });
})();
