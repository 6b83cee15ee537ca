// static/lessons/convolutional/lesson.js: the live parts of lesson 11. No inline code: a strict CSP holds.
//
// Two live experiments, each trained through the runs API's streams with the shared controller
// (nnlabCommon.liveStream), so the compute pool meters them like every run: the LeNet-style network (its loss and
// validation accuracy come with the frames; its filters, the feature maps of the workbench's image and the
// confusion matrix on the test set come from the lesson's run view, computed on the server), and the plain
// against the residual deep network (loss curves, and per-layer gradient norms from the frames' details).
// Every plot's spec (axes, names, which run and quantity each trace shows) comes from the server. No maths here.
(function () {
  "use strict";

  var common = window.nnlabCommon;
  var configEl = document.getElementById("conv-config");
  if (!common || !configEl || !window.EventSource) {
    return;
  }
  var cfg = JSON.parse(configEl.textContent);
  var lang = document.documentElement.lang;
  var VIEW_EVERY_MS = 400;  // the run view is asked for at most this often while training

  function $(id) {
    return document.getElementById(id);
  }

  function percent(v) {
    return v === null || v === undefined ? "\u2013" : (100 * v).toFixed(1) + "\u202f%";
  }

  function say(el, kind, params) {
    el.textContent = common.fill(el.getAttribute("data-msg-" + kind) || "", params || {});
    el.setAttribute("data-state", kind);
  }

  function setButton(button, playing) {
    button.textContent = button.getAttribute(playing ? "data-label-pause" : "data-label-play");
    button.setAttribute("aria-pressed", playing ? "true" : "false");
  }

  // Redraws the boxes whose specs name, per trace, [run, quantity]; points(run, quantity) gives {x, y}.
  function drawSeries(boxes, points, revision) {
    boxes.forEach(function (box) {
      var spec = common.readJson(box);
      spec.data.forEach(function (trace, i) {
        var p = points(spec.series[i][0], spec.series[i][1]);
        trace.x = p.x;
        trace.y = p.y;
      });
      spec.layout.datarevision = revision;
      common.drawSoon(box, spec);
    });
  }

  // A live experiment: a controller, its button, reset and status, and what to do with frames and views.
  function experiment(opts) {
    var self = {revision: 0, madeFrom: null};
    self.live = common.liveStream({
      api: cfg.api, speed: opts.cfg.speed, total: opts.cfg.updates,
      frame: function (name, f, run) {
        opts.frame(name, f, run);
        self.revision += 1;
        drawSeries(opts.boxes, function (runName, what) { return opts.points(runName, what); }, self.revision);
        $(opts.stepId).textContent = String(f.step);
      },
      state: function (kind, detail) {
        setButton(opts.button, self.live.playing);
        say(opts.status, kind, {status: detail});
        if (opts.onState) {
          opts.onState(kind);
        }
      }
    });
    self.start = async function () {
      if (self.live.runs && !self.live.finished()) {
        self.live.play();
        return;
      }
      opts.clear();
      self.revision += 1;
      drawSeries(opts.boxes, opts.points, self.revision);
      setButton(opts.button, true);
      say(opts.status, "running");
      await self.live.create(opts.cfg.runs);
      if (self.live.runs) {
        self.live.play();
      }
      setButton(opts.button, self.live.playing);
    };
    opts.button.addEventListener("click", function () {
      if (self.live.playing) {
        self.live.pause();
      } else {
        self.start();
      }
    });
    opts.reset.addEventListener("click", function () {
      self.live.forget();
      opts.clear();
      self.revision += 1;
      drawSeries(opts.boxes, opts.points, self.revision);
      $(opts.stepId).textContent = "0";
      setButton(opts.button, false);
      say(opts.status, "idle");
    });
    return self;
  }

  // ---------------------------------------------------------------- the LeNet-style network
  var acc = {step: [], value: []};
  var viewAsked = 0;
  var viewBusy = false;
  var lenet = experiment({
    cfg: cfg.lenet, button: $("conv-train"), reset: $("conv-reset"), status: $("conv-status"), stepId: "conv-step",
    boxes: [$("conv-lenet-loss"), $("conv-lenet-acc")],
    points: function (name, what) {
      var run = lenet && lenet.live.runs && lenet.live.runs[name];
      if (what === "loss") {
        return run ? {x: run.loss.step, y: run.loss.value} : {x: [], y: []};
      }
      return {x: acc.step, y: acc.value};
    },
    frame: function (name, f) {
      if (f.val_acc !== null && (!acc.step.length || f.step > acc.step[acc.step.length - 1])) {
        acc.step.push(f.step);
        acc.value.push(f.val_acc);
      }
      $("conv-val").textContent = percent(f.val_acc);
      askView(false);
    },
    clear: function () {
      acc = {step: [], value: []};
      $("conv-val").textContent = "\u2013";
    },
    onState: function (kind) {
      if (kind === "done" || kind === "paused") {
        askView(true);
      }
    }
  });

  function image() {
    var select = $("conv-image");
    return select ? select.value : "";
  }

  // The run view: filters, feature maps of the workbench's image, confusion matrix and test accuracy.
  async function askView(now) {
    var runs = lenet.live.runs;
    if (!runs || !runs.lenet || (viewBusy && !now) || (!now && Date.now() - viewAsked < VIEW_EVERY_MS)) {
      return;
    }
    viewBusy = true;
    viewAsked = Date.now();
    var id = runs.lenet.id;
    var url = cfg.view.replace("{id}", encodeURIComponent(id)) + "?image=" + encodeURIComponent(image()) +
      "&lang=" + encodeURIComponent(lang);
    var r = await common.api("GET", url);
    viewBusy = false;
    if (r.status !== 200 || !r.data || !lenet.live.runs || lenet.live.runs.lenet.id !== id) {
      return;
    }
    common.drawSoon($("conv-filters"), r.data.filters);
    common.drawSoon($("conv-fmaps"), r.data.maps);
    common.drawSoon($("conv-confusion"), r.data.confusion);
    var test = $("conv-test");
    test.textContent = r.data.text.test_acc;
    test.setAttribute("data-value", String(r.data.test_acc));
    test.setAttribute("data-step", String(r.data.step));
  }

  // A new image in the workbench: the feature maps of that image.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "conv-image") {
      askView(true);
    }
  });

  // ---------------------------------------------------------------- plain against residual
  var grads = {};
  var deep = experiment({
    cfg: cfg.deep, button: $("conv-res-train"), reset: $("conv-res-reset"), status: $("conv-res-status"),
    stepId: "conv-res-step", boxes: [$("conv-res-loss"), $("conv-res-grads")],
    points: function (name, what) {
      if (what === "grad_norms") {
        var g = grads[name] || [];
        return {x: g.map(function (v, i) { return i + 1; }), y: g};
      }
      var run = deep && deep.live.runs && deep.live.runs[name];
      return run ? {x: run.loss.step, y: run.loss.value} : {x: [], y: []};
    },
    frame: function (name, f) {
      if (f.grad_norms) {
        grads[name] = f.grad_norms;
        $("conv-res-grads").setAttribute("data-" + name, String(f.grad_norms[0]));
        $("conv-res-grads").setAttribute("data-" + name + "-step", String(f.step));
      }
    },
    clear: function () {
      grads = {};
    }
  });

  common.onReady(function () {
    $("conv-lenet").setAttribute("data-ready", "true");
  });
})();
