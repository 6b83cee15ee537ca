// static/lessons/losses/lesson.js: "why cross-entropy, live" on /lessons/losses. No inline code: a strict CSP holds.
//
// Train creates two runs (one with BCE, one with MSE; the same Experiment otherwise, built by the server into
// #ls-live-config, so the same seed gives the same initial weights) and trains both through their streams with
// the shared controller (nnlabCommon.liveStream): training happens only while connected, so Pause closes the
// streams and Train reopens them. Each frame's loss points and accuracies are added to the two plots, whose specs
// (axes, trace names, which run and value each trace shows) come from the server. No maths here.
(function () {
  "use strict";

  var common = window.nnlabCommon;
  if (!common || !window.EventSource) {
    return;
  }

  function $(id) {
    return document.getElementById(id);
  }

  var statusEl = $("ls-live-status");
  var trainBtn = $("ls-live-train");
  var lossBox = $("ls-live-loss");
  var accBox = $("ls-live-acc");
  if (!statusEl || !trainBtn || !lossBox || !accBox) {
    return;
  }
  var acc = {};          // loss name -> {step: [], val_acc: [], train_acc: []}, one point per frame
  var madeFrom = null;   // the config text the runs were made from
  var revision = 0;

  function config() {
    return $("ls-live-config").textContent;
  }

  function say(kind, params) {
    statusEl.textContent = common.fill(statusEl.getAttribute("data-msg-" + kind) || "", params || {});
    statusEl.setAttribute("data-state", kind);
  }

  function setButton(playing) {
    trainBtn.textContent = trainBtn.getAttribute(playing ? "data-label-pause" : "data-label-train");
    trainBtn.setAttribute("aria-pressed", playing ? "true" : "false");
  }

  // An accuracy as the pages write it: "93.3 %" (one decimal, a narrow no-break space before %).
  function percent(v) {
    return typeof v === "number" && isFinite(v) ? (v * 100).toFixed(1) + "\u202f%" : "\u2013";
  }

  // A trace's points: [run name, "loss" | "val_acc" | "train_acc"] from the spec's `series`.
  function points(which) {
    var run = live.runs && live.runs[which[0]];
    if (which[1] === "loss") {
      return run ? {x: run.loss.step, y: run.loss.value} : {x: [], y: []};
    }
    var a = acc[which[0]];
    return a ? {x: a.step, y: a[which[1]]} : {x: [], y: []};
  }

  function draw() {
    revision += 1;
    [lossBox, accBox].forEach(function (box) {
      var spec = common.readJson(box);
      spec.data.forEach(function (trace, i) {
        var p = points(spec.series[i]);
        trace.x = p.x;
        trace.y = p.y;
      });
      spec.layout.datarevision = revision;  // the arrays grow in place: tell Plotly.react they are new
      common.drawSoon(box, spec);
    });
    Object.keys(live.runs || {}).forEach(function (name) {
      lossBox.setAttribute("data-points-" + name, String(live.runs[name].loss.step.length));
      accBox.setAttribute("data-points-" + name, String(acc[name] ? acc[name].step.length : 0));
    });
  }

  function showRow(name, f, run) {
    var row = document.querySelector('#ls-live-table tr[data-run="' + name + '"]');
    var losses = run.loss.value;
    row.querySelector('[data-live-value="step"]').textContent = String(f.step);
    row.querySelector('[data-live-value="loss"]').textContent = common.fmt(losses.length ? losses[losses.length - 1] : null, 4);
    row.querySelector('[data-live-value="train_acc"]').textContent = percent(f.train_acc);
    row.querySelector('[data-live-value="val_acc"]').textContent = percent(f.val_acc);
  }

  function clearTable() {
    document.querySelectorAll("#ls-live-table [data-live-value]").forEach(function (el) {
      el.textContent = el.getAttribute("data-live-value") === "step" ? "0" : "\u2013";
    });
  }

  var first = JSON.parse(config());  // api, speed and the number of updates do not change with the state
  var live = common.liveStream({
    api: first.api,
    speed: first.speed,
    total: first.updates,
    frame: function (name, f, run) {
      var a = acc[name] || (acc[name] = {step: [], val_acc: [], train_acc: []});
      if (f.val_acc !== null && f.val_acc !== undefined && (!a.step.length || f.step > a.step[a.step.length - 1])) {
        a.step.push(f.step);
        a.val_acc.push(f.val_acc);
        a.train_acc.push(f.train_acc);
      }
      showRow(name, f, run);
      draw();
    },
    state: function (kind, detail) {
      setButton(live.playing);
      if (kind === "done" && statusEl.getAttribute("data-state") === "diverged") {
        return;
      }
      say(kind, {status: detail, step: detail});
    }
  });

  async function makeRuns(text) {
    madeFrom = text;
    acc = {};
    clearTable();
    var made = await live.create(JSON.parse(text).runs);
    draw();
    return made;
  }

  async function start() {
    var text = config();
    setButton(true);
    say("running");
    if (!live.runs || madeFrom !== text || live.finished()) {
      if (!(await makeRuns(text))) {
        setButton(false);
        return;
      }
    }
    live.play();
    setButton(live.playing);
  }

  common.onReady(function () {
    trainBtn.addEventListener("click", function () {
      if (live.playing) {
        live.pause();
      } else {
        start();
      }
    });
    $("ls-live-new").addEventListener("click", async function () {
      if (live.playing) {
        live.pause();
      }
      setButton(false);
      say("ready");
      await makeRuns(config());
    });
    setButton(false);
    $("ls-live").setAttribute("data-ready", "true");  // the buttons answer from now on
  });
})();
