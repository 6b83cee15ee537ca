// lesson-losses.js: "why cross-entropy, live" on /lessons/losses. No inline code: a strict CSP holds.
//
// Train creates two runs through the runs API from the Experiments the server put in #ls-live-config (one with
// bce, one with mse, same seed: the same initial weights), then listens to both runs' streams side by side:
// training happens only while connected, so Pause closes them and Train reopens them. Each frame's new loss
// points and its accuracies are added to the two plots, whose specs (axes, trace names, which run and value each
// trace shows) come from the server. No numbers are computed here, only displayed.
(function () {
  "use strict";

  var common = window.nnlabCommon;
  if (!common || !window.fetch || !window.EventSource) {
    return;
  }
  var runs = null;       // name -> {id, done, source, loss: {step, value}, acc: {step, val_acc, train_acc}}
  var madeFrom = null;   // the config text the runs were made from
  var running = false;
  var revision = 0;

  function $(id) {
    return document.getElementById(id);
  }

  function say(kind, params) {
    var el = $("ls-live-status");
    el.textContent = common.fill(el.getAttribute("data-msg-" + kind) || "", params);
    el.setAttribute("data-state", kind);
  }

  function setRunning(on) {
    running = on;
    var btn = $("ls-live-train");
    btn.textContent = btn.getAttribute(on ? "data-label-pause" : "data-label-train");
    btn.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function emptyRun(id) {
    return {id: id, done: false, source: null, loss: {step: [], value: []},
            acc: {step: [], val_acc: [], train_acc: []}};
  }

  // A trace's points: [run name, "loss" | "val_acc" | "train_acc"] from the spec's `series`.
  function points(which) {
    var run = runs && runs[which[0]];
    if (!run) {
      return {x: [], y: []};
    }
    return which[1] === "loss" ? {x: run.loss.step, y: run.loss.value} : {x: run.acc.step, y: run.acc[which[1]]};
  }

  function draw() {
    revision += 1;
    ["ls-live-loss", "ls-live-acc"].forEach(function (id) {
      var box = $(id);
      var spec = common.readJson(box);
      spec.data.forEach(function (trace, i) {
        var p = points(spec.series[i]);
        trace.x = p.x;
        trace.y = p.y;
      });
      // Plotly.react redraws only what it sees change: the arrays grow in place, so say the data is new.
      spec.layout.datarevision = revision;
      common.drawSoon(box, spec);
    });
    Object.keys(runs || {}).forEach(function (name) {
      $("ls-live-loss").setAttribute("data-points-" + name, String(runs[name].loss.step.length));
      $("ls-live-acc").setAttribute("data-points-" + name, String(runs[name].acc.step.length));
    });
  }

  function showRow(name, f) {
    var row = document.querySelector('#ls-live-table tr[data-run="' + name + '"]');
    var losses = runs[name].loss.value;
    var values = {step: f.step, loss: losses.length ? losses[losses.length - 1] : null,
                  train_acc: f.train_acc, val_acc: f.val_acc};
    row.querySelectorAll("[data-live-value]").forEach(function (el) {
      el.textContent = common.fmt(values[el.getAttribute("data-live-value")], 4);
    });
  }

  function closeSource(run) {
    if (run.source) {
      run.source.close();
      run.source = null;
    }
  }

  function allDone() {
    return runs !== null && Object.keys(runs).every(function (name) { return runs[name].done; });
  }

  // A frame of run `name`. The first frame of each connection repeats the whole curve so far: only points
  // after the last one shown are added.
  function onFrame(name, f, total) {
    var run = runs[name];
    var last = run.loss.step.length ? run.loss.step[run.loss.step.length - 1] : 0;
    for (var i = 0; i < f.loss_step.length; i++) {
      if (f.loss_step[i] > last && f.loss_step[i] <= total) {
        run.loss.step.push(f.loss_step[i]);
        run.loss.value.push(f.loss[i]);
      }
    }
    var accLast = run.acc.step.length ? run.acc.step[run.acc.step.length - 1] : -1;
    if (f.step > accLast && f.val_acc !== null) {
      run.acc.step.push(f.step);
      run.acc.val_acc.push(f.val_acc);
      run.acc.train_acc.push(f.train_acc);
    }
    showRow(name, f);
    draw();
    if (f.status === "diverged" || f.step >= total) {
      run.done = true;
      closeSource(run);
      if (f.status === "diverged") {
        say("diverged");
      }
      if (allDone()) {
        setRunning(false);
        if (f.status !== "diverged" && $("ls-live-status").getAttribute("data-state") !== "diverged") {
          say("done");
        }
      }
    }
  }

  function pause(kind) {
    Object.keys(runs || {}).forEach(function (name) { closeSource(runs[name]); });
    setRunning(false);
    say(kind, {});
  }

  function fail(status) {
    pause("failed");
    say("failed", {status: status});
  }

  function forgetRuns() {
    Object.keys(runs || {}).forEach(function (name) {
      closeSource(runs[name]);
      // The run has served its purpose; free it on the server.
      fetch(runs[name].api + "/" + encodeURIComponent(runs[name].id), {method: "DELETE", credentials: "same-origin"});
    });
    runs = null;
    madeFrom = null;
  }

  async function makeRuns(text) {
    var cfg = JSON.parse(text);
    var names = Object.keys(cfg.runs);
    var states = await common.createRuns(cfg.api, names.map(function (name) { return cfg.runs[name]; }));
    forgetRuns();
    runs = {};
    names.forEach(function (name, i) {
      runs[name] = emptyRun(states[i].id);
      runs[name].api = cfg.api;
    });
    madeFrom = text;
    document.querySelectorAll("#ls-live-table [data-live-value]").forEach(function (el) {
      el.textContent = el.getAttribute("data-live-value") === "step" ? "0" : "\u2013";
    });
    draw();
  }

  function openStreams() {
    var cfg = JSON.parse(madeFrom);
    Object.keys(runs).forEach(function (name) {
      var run = runs[name];
      if (run.done) {
        return;
      }
      var url = cfg.api + "/" + encodeURIComponent(run.id) + "/stream?speed=" + cfg.speed;
      run.source = common.openStream(url, function (f) {
        if (runs && runs[name] === run) {
          onFrame(name, f, cfg.updates);
        }
      }, function (source) {
        // A closed stream (not a reconnecting one) that we did not close ourselves: the run is gone.
        if (run.source === source && source.readyState === EventSource.CLOSED) {
          fail(0);
        }
      });
    });
  }

  async function start() {
    var text = $("ls-live-config").textContent;
    setRunning(true);
    say("running", {});
    if (runs === null || madeFrom !== text || allDone()) {
      try {
        await makeRuns(text);
      } catch (status) {
        fail(typeof status === "number" ? status : 0);
        return;
      }
    }
    if (running) {
      openStreams();
    }
  }

  common.onReady(function () {
    if (!$("ls-live-train")) {
      return;
    }
    $("ls-live-train").addEventListener("click", function () {
      if (running) {
        pause("paused");
      } else {
        start();
      }
    });
    $("ls-live-new").addEventListener("click", async function () {
      pause("ready");
      try {
        await makeRuns($("ls-live-config").textContent);
      } catch (status) {
        fail(typeof status === "number" ? status : 0);
      }
    });
    window.addEventListener("pagehide", function () {
      Object.keys(runs || {}).forEach(function (name) { closeSource(runs[name]); });
    });
    $("ls-live").setAttribute("data-ready", "true");  // the buttons answer from now on
  });
})();
