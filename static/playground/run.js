// run.js: the Playground's run. A run lives on the server (/api/v1/runs); Play opens its Server-Sent-Events
// stream through nnlabCommon.liveStream (the server trains only while it is open), pause closes it. A change of
// a mutable setting PATCHes the run (same weights, same step); any other change starts a new run. What the
// controls describe is read by the server first (form.js P.readExperiment), so a bad value is said beside its
// field and nothing is sent that the API would refuse.
(function (P) {
  "use strict";

  if (!P) {
    return;
  }
  var cfg = P.cfg;
  var s = P.s;
  var $ = P.$;
  var MAX_POINTS = 20000;  // client-side bound of the streamed curve, like the server's
  var STATUS_KEYS = {ready: "pg.status.ready", training: "pg.status.training", paused: "pg.status.paused",
                     diverged: "pg.status.diverged"};
  var streamOptions = {api: cfg.api, speed: cfg.speed, total: 0, frame: onFrame, state: onStreamState};
  var live = P.common.liveStream(streamOptions);

  P.runUrl = function (suffix) {
    return cfg.api + "/" + encodeURIComponent(s.run.id) + (suffix || "");
  };

  P.playing = function () {
    return live.playing;
  };

  // ------------------------------------------------------------------ the run's state in the page

  P.adopt = function (state, fresh) {
    if (live.playing) {
      P.stopStream();
    }
    s.detailsVersion += 1;
    s.run = state;
    s.current = state.experiment;
    P.root.setAttribute("data-run-id", state.id);
    var h = state.history;
    // The stream controller's one run; its loss curve is the page's (frames append to it).
    live.runs = {run: {id: state.id, name: "run", step: state.step, status: state.status,
                       done: state.status === "diverged", source: null,
                       loss: {step: h.step.slice(), value: h.loss.slice()}}};
    s.curve = live.runs.run.loss;
    s.val = {step: h.val_step.slice(), loss: h.val_loss.slice(), acc: h.val_acc.slice(), train_acc: h.train_acc.slice()};
    s.network = state.network;
    if (fresh) {
      s.grads = {step: [], norms: []};
      s.grid = null;
      s.neuronMaps = null;
      s.deadRelu = null;
      P.forgetDiagram();
    }
    P.updateTask(state.task);
    $("pg-export").href = P.runUrl("/export");
    $("pg-csv").href = P.runUrl("/history.csv");
    $("pg-npz").href = P.runUrl("/export.npz");
    $("pg-weights-csv").href = P.runUrl("/weights.csv");
    $("pg-torch").href = P.runUrl("/export.py");
    $("pg-torch").hidden = state.experiment.model === "attention";  // no nn.Sequential twin (the API answers 409)
    showDiverged();
    updateNumbers();
    P.drawAll();
  };

  function summaryUpdate(state) {
    ["status", "step", "epoch", "lr", "diverged_at", "experiment", "updates_per_epoch"].forEach(function (k) {
      s.run[k] = state[k];
    });
    s.current = state.experiment;
  }

  P.fetchView = async function () {
    if (!s.run) {
      return;
    }
    var r = await P.api("GET", cfg.path + "/runs/" + encodeURIComponent(s.run.id) + "/view");
    if (r.status === 200) {
      applyDetails(r.data, r.data.step);
      P.drawAll();
    }
  };

  function applyDetails(d, step) {
    s.detailsVersion += 1;
    if (d.grid) {
      s.grid = d.grid;
    }
    if (d.network) {
      s.network = d.network;
    }
    s.neuronMaps = d.neuron_maps || null;
    s.deadRelu = d.dead_relu || null;
    var g = s.grads;
    if (d.grad_norms && step > 0 && (g.step.length === 0 || step > P.last(g.step))) {
      g.step.push(step);
      g.norms.push(d.grad_norms);
    }
  }

  function updateNumbers() {
    var run = s.run;
    if (!run) {
      return;
    }
    var stat = function (name, text) {
      document.querySelector('[data-stat="' + name + '"]').textContent = text;
    };
    stat("step", P.fmt(run.step));
    stat("epoch", P.fmt(run.epoch));
    stat("lr", P.fmt(run.lr));
    stat("train_loss", P.fmt(P.last(s.curve.value)));
    stat("val_loss", P.fmt(P.last(s.val.loss)));
    stat("accuracy", run.task === "regression" ? "–" : P.percent(P.last(s.val.train_acc)) + " / " + P.percent(P.last(s.val.acc)));
    var state = run.status === "diverged" ? "diverged" : (live.playing ? "training" : (run.step > 0 ? "paused" : "ready"));
    stat("status", P.msg(STATUS_KEYS[state]));
    P.root.setAttribute("data-step", String(run.step));
    P.root.setAttribute("data-status", state);
  }

  function showDiverged() {
    var box = $("pg-diverged");
    var diverged = !!(s.run && s.run.status === "diverged");
    box.textContent = diverged ? P.msg("pg.msg.diverged", {step: s.run.diverged_at === null ? s.run.step : s.run.diverged_at}) : "";
    box.hidden = !diverged;
    ["pg-play", "pg-step", "pg-epoch"].forEach(function (id) { $(id).disabled = diverged; });
  }

  // ------------------------------------------------------------------ creating runs, play/pause, steps

  // A new run of `exp` (an experiment the server built) from update 0; `done` (optional) runs as soon as the
  // page shows it. The previous run is deleted: kept curves live in the page.
  P.createRun = async function (exp, done) {
    var r = await P.api("POST", cfg.api, exp);
    if (r.status !== 201) {
      P.failed(r.status);
      return false;
    }
    var old = s.run;
    P.stopStream();
    P.adopt(r.data, true);
    P.syncURL();
    if (done) {
      done();
    }
    if (old && old.id !== r.data.id) {
      await P.api("DELETE", cfg.api + "/" + encodeURIComponent(old.id));
    }
    await P.fetchView();
    return true;
  };

  // A run from a scene's export document, in exactly its saved state (weights, step, curves); false when it
  // cannot be imported (then the page makes a new run as usual).
  P.importRun = async function (doc) {
    var r = await P.api("POST", cfg.api + "/import", doc);
    if (r.status !== 201) {
      return false;
    }
    P.stopStream();
    P.adopt(r.data, true);
    P.writeForm(s.current);
    P.syncURL();
    await P.fetchView();
    P.status(P.msg("pg.msg.imported", {step: r.data.step}));
    return true;
  };

  P.setPlayButton = function () {
    var button = $("pg-play");
    button.textContent = button.getAttribute(live.playing ? "data-label-pause" : "data-label-play");
    button.setAttribute("aria-pressed", live.playing ? "true" : "false");
  };

  P.startStream = function () {
    if (!s.run || live.playing || s.run.status === "diverged") {
      return;
    }
    streamOptions.speed = encodeURIComponent($("pg-speed").value);
    live.play();
    P.setPlayButton();
    updateNumbers();
  };

  P.stopStream = function () {
    if (live.playing) {
      live.pause();
    }
    P.setPlayButton();
    updateNumbers();
  };

  // The stream controller's news: a stream that broke or that the server ended (the run deleted or evicted) is
  // not reopened blindly; the page shows the run as the server holds it, paused (Play starts a new stream).
  function onStreamState(kind) {
    if (kind === "failed") {
      P.enqueue(refresh);
    }
    if (kind !== "running") {
      P.setPlayButton();
      updateNumbers();
    }
  }

  function onFrame(name, f) {
    var curve = s.curve;
    if (curve.step.length > MAX_POINTS) {  // keep every other point, as the server does
      var keep = function (v, i) { return i % 2 === 0; };
      var steps = curve.step.filter(keep);
      var values = curve.value.filter(keep);
      curve.step.length = 0;
      curve.value.length = 0;
      Array.prototype.push.apply(curve.step, steps);
      Array.prototype.push.apply(curve.value, values);
    }
    var val = s.val;
    if (f.val_loss !== null && f.step > (val.step.length ? P.last(val.step) : -1)) {
      val.step.push(f.step);
      val.loss.push(f.val_loss);
      if (f.val_acc !== null) {
        val.acc.push(f.val_acc);
        val.train_acc.push(f.train_acc);
      }
    }
    var run = s.run;
    run.step = f.step;
    run.epoch = f.epoch;
    run.lr = f.lr;
    run.status = f.status;
    run.diverged_at = f.diverged_at;
    if (f.grid || f.network) {
      applyDetails(f, f.step);
    }
    if (f.status === "diverged") {
      showDiverged();
    }
    updateNumbers();
    P.drawSoon();
  }

  // Shows a run state the server answered with; a run the server lost (404) is made again from the current
  // experiment. False for any other answer.
  async function adoptAnswer(r) {
    if (r.status === 200) {
      P.adopt(r.data, false);
      await P.fetchView();
    } else if (r.status === 404) {
      P.status(P.msg("pg.msg.lost"));
      await P.createRun(s.current);
    } else {
      return false;
    }
    return true;
  }

  // The run as the server holds it now (after a pause a chunk may have finished after the last frame).
  async function refresh() {
    if (s.run) {
      await adoptAnswer(await P.api("GET", P.runUrl()));
    }
  }

  // After closing the stream the server may still finish a chunk it had started (it notices the disconnect
  // between chunks), so the page reads the run until its step stops moving.
  async function refreshWhenSettled() {
    for (var i = 0; i < 10 && s.run; i++) {
      var before = s.run.step;
      await P.common.sleep(120);
      await refresh();
      if (!s.run || s.run.step === before) {
        return;
      }
    }
  }

  // Pauses a playing run and waits until the server's run stands still.
  P.pauseSettled = async function () {
    if (live.playing) {
      P.stopStream();
      await refreshWhenSettled();
    }
  };

  P.togglePlay = function () {
    P.enqueue(async function () {
      if (live.playing) {
        await P.pauseSettled();
      } else {
        P.startStream();
      }
    });
  };

  P.stepBy = function (kind) {
    P.enqueue(async function () {
      if (!s.run || s.run.status === "diverged") {
        return;
      }
      await P.pauseSettled();
      var r = await P.api("POST", P.runUrl("/step"), {updates: kind === "epoch" ? s.run.updates_per_epoch : 1});
      if (!(await adoptAnswer(r))) {
        P.failed(r.status);
      }
    });
  };

  P.reset = function () {
    P.enqueue(async function () {
      if (s.current) {
        await P.createRun(s.current, function () {
          P.clearErrors();
          P.writeForm(s.current);
          P.status(P.msg("pg.msg.created"));
        });
      }
    });
  };

  // A settings change: the server reads the controls; then a PATCH when only mutable settings changed (same
  // weights, same step), else a new run. While a field is being typed in (trigger "input") only mutable settings
  // are applied: a new network waits for the field's change (Enter, Tab, leaving it).
  P.applyForm = function (trigger) {
    P.updateVisibility();
    P.enqueue(async function () {
      if (!s.run) {
        return;
      }
      var read = await P.readExperiment();
      if (!read) {
        return;
      }
      P.clearErrors();
      if (read.errors.length) {
        P.showErrors(read.errors);
        P.status(P.msg("pg.msg.rejected"));
        return;
      }
      var exp = read.experiment;
      var changed = P.changedParams(s.current, exp);
      if (changed.length === 0) {
        P.syncURL();
        return;
      }
      var keys = [];
      changed.forEach(function (p) {
        if (keys.indexOf(p.path[0]) < 0) {
          keys.push(p.path[0]);
        }
      });
      var mutableOnly = keys.every(function (k) { return cfg.mutable.indexOf(k) >= 0; });
      if (!mutableOnly && trigger === "input") {
        return;
      }
      if (mutableOnly) {
        var body = {};
        keys.forEach(function (k) { body[k] = exp[k]; });
        var r = await P.api("PATCH", P.runUrl(), body);
        if (r.status === 200) {
          summaryUpdate(r.data);
          updateNumbers();
          P.syncURL();
          P.status(P.msg("pg.msg.patched", {fields: P.paramLabels(changed), step: r.data.step}));
          return;
        }
        if (r.status === 404) {
          P.status(P.msg("pg.msg.lost"));
        } else if (r.status !== 409) {  // 409: the server says it needs a reset after all
          P.failed(r.status);
          return;
        }
      }
      var wasPlaying = live.playing;
      var created = await P.createRun(exp, function () {
        P.status(P.msg("pg.msg.reset_needed", {fields: P.paramLabels(changed)}));
      });
      if (created && wasPlaying) {
        P.startStream();
      }
    });
  };
})(window.nnlabPlayground);
