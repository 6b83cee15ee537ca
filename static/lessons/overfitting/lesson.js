// Lesson 7 (/lessons/overfitting): the live experiment. No inline code: a strict CSP holds.
//
// Train creates a run from the experiment the server put in #of-exp-json (re-rendered after every valid change
// of the form) and repeats "train a chunk (POST /api/v1/runs/{id}/step), fetch the lesson's view
// (GET /lessons/overfitting/runs/{id}/view)": nnlabCommon.liveRun. A changed setup starts a new run; the previous
// run's curves stay on the plot, faded, for comparison. The test set is evaluated once (POST .../test); after
// that the button stays disabled for this page. The server computes and formats every number and message
// (the result with the test set's size, the warning for a small one); this file shows them.
(function () {
  "use strict";

  var configEl = document.getElementById("of-config");
  if (!configEl || !window.fetch || !window.nnlabCommon) {
    return;
  }
  var common = window.nnlabCommon;
  var box = document.getElementById("of-plot");
  var testBtn = document.getElementById("of-test-button");
  var result = document.getElementById("of-test-result");
  var warning = document.getElementById("of-test-warning");
  var testUsed = false;

  // The test result's numbers as data- attributes (JSON's numbers; "" when there are none yet).
  function showTest(test) {
    var numbers = {size: test.size, step: test.step, loss: test.loss, acc: test.acc, "val-loss": test.val_loss};
    Object.keys(numbers).forEach(function (key) {
      var v = numbers[key];
      result.setAttribute("data-" + key, v === undefined || v === null ? "" : String(v));
    });
    result.hidden = !test.done;
    warning.hidden = !test.warning;
  }

  function apply(view) {
    common.showLiveTexts(view);
    showTest(view.test);
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
