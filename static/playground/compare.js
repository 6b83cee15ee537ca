// compare.js: kept loss curves to compare (fork: keep the current curve, start again from update 0 with the same
// seed, change one setting), and the run's files (export as JSON and CSV: links; import: POST /playground/runs/import,
// whose problems come back as {field, key, params} for the message beside the file field).
(function (P) {
  "use strict";

  if (!P) {
    return;
  }
  var s = P.s;
  var $ = P.$;

  // Legend names of kept curves: the settings in which they differ from the current run.
  P.compareLabels = function () {
    var differing = [];
    s.snapshots.forEach(function (kept) {
      P.changedParams(kept.exp, s.current).forEach(function (p) {
        if (differing.indexOf(p) < 0) {
          differing.push(p);
        }
      });
    });
    var label = function (exp) {
      return differing.map(function (p) { return p.label + " = " + P.valueLabel(exp, p); }).join(", ");
    };
    var current = P.msg("pg.compare.current");
    return {
      current: differing.length ? label(s.current) + " (" + current + ")" : current,
      kept: s.snapshots.map(function (kept, i) {
        return differing.length ? label(kept.exp) : P.msg("pg.compare.same") + " " + (i + 1);
      }),
    };
  };

  function renderCompareList() {
    var list = $("pg-compare-list");
    var names = P.compareLabels();
    list.textContent = "";
    s.snapshots.forEach(function (kept, i) {
      var item = P.el("li", {"data-snapshot": String(i)});
      var text = P.el("span", {});
      text.textContent = P.msg("pg.compare.kept", {name: names.kept[i], step: P.fmt(P.last(kept.step) || 0)});
      var remove = P.el("button", {type: "button", "class": "pg-small",
                                   "aria-label": P.msg("pg.compare.remove", {name: names.kept[i]})});
      remove.textContent = "×";
      remove.addEventListener("click", function () {
        s.snapshots.splice(i, 1);
        renderCompareList();
        P.drawLoss();
      });
      item.appendChild(text);
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  P.fork = function () {
    P.enqueue(async function () {
      if (!s.run) {
        return;
      }
      await P.pauseSettled();
      s.snapshots.push({exp: P.clone(s.current), step: s.curve.step.slice(), loss: s.curve.value.slice()});
      if (s.snapshots.length > P.cfg.max_snapshots) {
        s.snapshots.shift();
      }
      await P.createRun(s.current, function () {
        renderCompareList();
        P.drawLoss();
        P.status(P.msg("pg.msg.forked", {name: P.compareLabels().kept[s.snapshots.length - 1]}));
      });
    });
  };

  P.clearCompare = function () {
    s.snapshots = [];
    renderCompareList();
    P.drawLoss();
  };

  P.importFile = function () {
    var input = $("pg-import");
    var file = input.files && input.files[0];
    if (!file) {
      return;
    }
    P.enqueue(async function () {
      var out = $("err-import");
      out.textContent = "";
      // The file goes to the server as it is: parsing it here would round its big integers (the random
      // generator's 128-bit state) to doubles, and the imported run would shuffle differently.
      var text = await file.text();
      input.value = "";
      var r = await P.api("POST", P.cfg.path + "/runs/import", text);
      if (r.status === 200 && r.data && r.data.run) {
        P.stopStream();
        P.adopt(r.data.run, true);
        P.clearErrors();
        P.writeForm(s.current);
        P.syncURL();
        P.status(P.msg("pg.msg.imported", {step: r.data.run.step}));
        await P.fetchView();
      } else if (r.status === 200 && r.data && r.data.errors) {
        out.textContent = P.msg("pg.files.bad", {reason: r.data.errors.map(P.errorText).join(" ")});
      } else {
        P.failed(r.status);
      }
    });
  };
})(window.nnlabPlayground);
