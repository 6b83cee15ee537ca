// playground.js: the Playground page (/playground). No framework, no inline code: a strict CSP holds.
//
// The page's settings live in a GET form whose controls are named after the URL's query parameters; the table
// of parameters (name -> path in the Experiment JSON, kind, bounds) comes from the server in
// <script type="application/json" id="pg-config">, so this file knows no field by heart.
//
// A run lives on the server (/api/v1/runs). Play opens the run's Server-Sent-Events stream (it trains only while
// connected), pause closes it. A change of a mutable setting PATCHes the run (same weights, same step); any
// other change starts a new run. Every plot gets its data as JSON and is drawn with Plotly.
(function () {
  "use strict";

  var configEl = document.getElementById("pg-config");
  if (!configEl || !window.fetch || !window.nnlabCommon) {
    return;
  }
  var common = window.nnlabCommon;
  var api = common.api;  // {status, data}; never throws
  var fmt = common.fmt;  // fmt(v, digits): at most 6 significant digits, a true minus sign, "–" for none
  var cfg = JSON.parse(configEl.textContent);
  var M = cfg.messages;
  var root = document.getElementById("playground");
  var form = document.getElementById("pg-form");
  var PARAMS = cfg.params;
  var byName = {};
  var byPath = {};
  PARAMS.forEach(function (p) {
    byName[p.name] = p;
    byPath[p.path.join(".")] = p;
  });

  // ------------------------------------------------------------------ small helpers

  function msg(key, params) {
    var text = M[key];
    return text === undefined ? key : common.fill(text, params);
  }

  function percent(v) {
    return v === null || v === undefined ? "–" : fmt(Math.round(v * 1000) / 10) + "%";
  }

  function clone(obj) {
    return JSON.parse(JSON.stringify(obj));
  }

  function getPath(obj, path) {
    return path.reduce(function (o, k) {
      return o === undefined || o === null ? undefined : o[k];
    }, obj);
  }

  function setPath(obj, path, value) {
    var o = obj;
    for (var i = 0; i < path.length - 1; i++) {
      if (typeof o[path[i]] !== "object" || o[path[i]] === null) {
        o[path[i]] = {};
      }
      o = o[path[i]];
    }
    o[path[path.length - 1]] = value;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, attrs, ns) {
    var node = ns ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    return node;
  }

  function svg(tag, attrs) {
    return el(tag, attrs, true);
  }

  // ------------------------------------------------------------------ the form <-> the experiment <-> the URL

  function control(name) {
    return form.elements.namedItem(name);
  }

  function numberValue(text) {
    var t = String(text).trim().replace(",", ".");
    if (t === "") {
      return "";
    }
    var v = Number(t);
    return isFinite(v) ? v : t;  // text that is not a number goes as text: the server names the field
  }

  function readLayers() {
    var rows = document.querySelectorAll("#pg-layers .pg-layer");
    return Array.prototype.map.call(rows, function (row) {
      return {units: numberValue(row.querySelector(".pg-units").value),
              activation: row.querySelector(".pg-activation").value};
    });
  }

  // The experiment the controls describe now (starting from the current run's, so nothing is left out).
  function readForm() {
    var exp = clone(current || cfg.experiment);
    PARAMS.forEach(function (p) {
      var value;
      if (p.kind === "features") {
        value = Array.prototype.filter.call(form.querySelectorAll('input[name="features"]'), function (box) {
          return box.checked;
        }).map(function (box) { return box.value; });
      } else if (p.kind === "view") {
        value = [Number($("pg-view-0").value), Number($("pg-view-1").value)];
      } else if (p.kind === "hidden") {
        value = readLayers();
      } else if (p.kind === "bool") {
        value = control(p.name).checked;
      } else if (p.kind === "int" || p.kind === "float") {
        value = numberValue(control(p.name).value);
      } else {
        value = control(p.name).value;
      }
      setPath(exp, p.path, value);
    });
    return exp;
  }

  function hiddenText(hidden) {
    return hidden.map(function (h) { return h.units + "-" + h.activation; }).join(",") || "none";
  }

  // One parameter's value as the URL writes it (the same text as app/services/playground.py to_query).
  function queryValue(exp, p) {
    var v = getPath(exp, p.path);
    if (p.kind === "view") {
      return v[0] + "," + v[1];
    }
    if (p.kind === "hidden") {
      return hiddenText(v);
    }
    if (p.kind === "bool") {
      return v ? "1" : "0";
    }
    if (p.kind === "features") {
      return v.join(",");
    }
    return String(v);
  }

  function toQuery(exp) {
    var q = new URLSearchParams();
    PARAMS.forEach(function (p) {
      if (p.kind === "features") {
        getPath(exp, p.path).forEach(function (f) { q.append(p.name, f); });
      } else {
        q.append(p.name, queryValue(exp, p));
      }
    });
    q.append("speed", $("pg-speed").value);
    return q;
  }

  function writeForm(exp) {
    PARAMS.forEach(function (p) {
      var v = getPath(exp, p.path);
      if (p.kind === "features") {
        form.querySelectorAll('input[name="features"]').forEach(function (box) {
          box.checked = v.indexOf(box.value) >= 0;
        });
      } else if (p.kind === "view") {
        fillViewOptions(exp.dataset);
        $("pg-view-0").value = String(v[0]);
        $("pg-view-1").value = String(v[1]);
        $("pg-view-value").value = v[0] + "," + v[1];
      } else if (p.kind === "hidden") {
        renderLayers(v);
      } else if (p.kind === "bool") {
        control(p.name).checked = !!v;
      } else {
        control(p.name).value = String(v);
      }
    });
    syncLrSlider();
    updateVisibility();
  }

  function syncURL() {
    if (!current) {
      return;
    }
    var query = toQuery(current).toString();
    history.replaceState(null, "", cfg.path + "?" + query);
    document.querySelectorAll("#lang-switch a[data-lang]").forEach(function (a) {
      a.setAttribute("href", cfg.path + "?" + query + "&lang=" + a.getAttribute("data-lang"));
    });
  }

  // Which parameters differ between two experiments (by their URL text).
  function changedParams(a, b) {
    return PARAMS.filter(function (p) {
      return JSON.stringify(getPath(a, p.path)) !== JSON.stringify(getPath(b, p.path));
    });
  }

  function paramLabels(list) {
    return list.map(function (p) { return p.label; }).join(", ");
  }

  // ------------------------------------------------------------------ controls that depend on other controls

  function datasetInfo(name) {
    return cfg.datasets[name] || cfg.datasets[cfg.defaults.dataset];
  }

  function conditionHolds(cond, exp) {
    var info = datasetInfo(exp.dataset);
    if (cond === "synthetic") {
      return info.synthetic;
    }
    if (cond === "several-features") {
      return info.features.length > 2;
    }
    var parts = cond.split("=");
    var p = byName[parts[0]];
    return p ? parts[1].split("|").indexOf(queryValue(exp, p)) >= 0 : true;
  }

  function fillViewOptions(dataset) {
    var info = datasetInfo(dataset);
    if (info.features.length <= 2) {
      return;
    }
    ["pg-view-0", "pg-view-1"].forEach(function (id) {
      var select = $(id);
      var keep = select.value;
      var names = Array.prototype.map.call(select.options, function (o) { return o.textContent; });
      if (names.join() === info.features.join()) {
        return;
      }
      select.textContent = "";
      info.features.forEach(function (name, i) {
        var o = el("option", {value: String(i)});
        o.textContent = name;
        select.appendChild(o);
      });
      select.value = keep;
    });
  }

  function updateVisibility() {
    var exp = readForm();
    document.querySelectorAll("[data-when]").forEach(function (node) {
      node.hidden = !conditionHolds(node.getAttribute("data-when"), exp);
    });
    var task = datasetInfo(exp.dataset).task;
    var allowed = cfg.losses[task];
    Array.prototype.forEach.call(control("loss").options, function (o) {
      o.disabled = o.value !== "auto" && allowed.indexOf(o.value) < 0;
    });
    var loss = exp.loss === "auto" || allowed.indexOf(exp.loss) < 0 ? allowed[0] : exp.loss;
    $("pg-output").textContent = msg("pg.output", {activation: cfg.outputs[task][loss],
                                                    loss: cfg.loss_labels[loss]});
    fillViewOptions(exp.dataset);
  }

  function updateTask(task) {
    root.setAttribute("data-task", task);
    document.querySelectorAll("[data-task-only]").forEach(function (node) {
      node.hidden = task === "regression";
    });
  }

  // The learning rate: a number field and a slider over log10(lr), kept in step.
  function syncLrSlider() {
    var v = Number(control("lr").value);
    if (isFinite(v) && v > 0) {
      $("pg-lr-log").value = String(Math.log10(v));
    }
  }

  // ------------------------------------------------------------------ hidden layers (+/- buttons)

  function renderLayers(layers) {
    var list = $("pg-layers");
    var template = $("pg-layer-template");
    list.textContent = "";
    layers.forEach(function (h, i) {
      var row = template.content.firstElementChild.cloneNode(true);
      var n = i + 1;
      row.setAttribute("data-layer", String(i));
      row.querySelector(".pg-layer-name").textContent = msg("pg.layer.name", {layer: n});
      row.querySelector('[data-units="-1"]').setAttribute("aria-label", msg("pg.layer.fewer", {layer: n}));
      row.querySelector('[data-units="1"]').setAttribute("aria-label", msg("pg.layer.more", {layer: n}));
      var units = row.querySelector(".pg-units");
      units.value = String(h.units);
      units.setAttribute("aria-label", msg("pg.layer.units", {layer: n}));
      var act = row.querySelector(".pg-activation");
      act.value = h.activation;
      act.setAttribute("aria-label", msg("pg.layer.activation", {layer: n}));
      list.appendChild(row);
    });
    $("pg-layer-count").textContent = String(layers.length);
    $("pg-hidden").value = hiddenText(layers);
    $("pg-layer-add").disabled = layers.length >= cfg.max_hidden;
    $("pg-layer-remove").disabled = layers.length === 0;
  }

  function changeLayers(fn) {
    var layers = readLayers();
    fn(layers);
    renderLayers(layers);
    applyForm();
  }

  // ------------------------------------------------------------------ messages beside controls, status line

  function clearErrors() {
    document.querySelectorAll("#pg-form .field-error").forEach(function (span) {
      span.textContent = "";
    });
    document.querySelectorAll("#pg-form .invalid").forEach(function (node) {
      node.classList.remove("invalid");
    });
    document.querySelectorAll('#pg-form [aria-invalid="true"]').forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
  }

  function showError(name, text) {
    var span = document.querySelector('[data-error-for="' + name + '"]');
    if (!span) {
      return false;
    }
    span.textContent = text;
    var field = $("field-" + name) || span.parentElement;
    field.classList.add("invalid");
    var input = control(name);
    if (input && input.setAttribute) {
      input.setAttribute("aria-invalid", "true");
    }
    return true;
  }

  // The parameter a 422's `loc` is about: the longest known path it starts with.
  function paramOf(detail) {
    var loc = (detail.loc || []).map(String);
    if (loc[0] === "body") {
      loc = loc.slice(1);
    }
    for (var n = loc.length; n > 0; n--) {
      var p = byPath[loc.slice(0, n).join(".")];
      if (p) {
        return p;
      }
    }
    var text = String(detail.msg || "").replace(/^Value error, /, "");
    if (text.indexOf("features") === 0) {
      return byName.features;
    }
    if (text.indexOf("val + test") === 0) {
      return byName.test;
    }
    return null;
  }

  function rangeText(p) {
    var limits = {min: fmt(p.min, 15).replace("\u2212", "-"), max: fmt(p.max, 15).replace("\u2212", "-")};
    return p.min_open || p.max_open ? msg("pg.err.range_open", limits) : msg("error.field.range", limits);
  }

  function errorText(p, d, exp) {
    var type = String(d.type || "");
    var text = String(d.msg || "");
    if (p.kind === "hidden") {
      return msg("pg.err.hidden", {layers: cfg.max_hidden, min: cfg.units.min, max: cfg.units.max});
    }
    if (p.kind === "features") {
      return msg("pg.err.features");
    }
    if (p.kind === "view") {
      return msg("pg.err.view");
    }
    if (/val \+ test/.test(text)) {
      var most = /at most ([0-9.]+)/.exec(text);
      return msg("pg.err.val_test", {max: most ? most[1] : ""});
    }
    if (/parsing|_type$|finite/.test(type)) {
      return d.input === "" ? msg("error.field.empty") : msg("error.field.not_number", {value: String(d.input)});
    }
    if (/^(greater|less)_than/.test(type)) {
      return rangeText(p);
    }
    if (p.name === "batch") {
      var size = /(\d+)\s*$/.exec(text);
      if (size) {
        return msg("pg.err.batch_train", {max: size[1]});
      }
    }
    if (p.name === "loss") {
      return msg("pg.err.loss_task", {allowed: cfg.losses[datasetInfo(exp.dataset).task].join(", ")});
    }
    return msg("pg.err.choice");
  }

  // A 422 from the runs API: each message beside its control; true if at least one found its place.
  function showErrors(detail, exp) {
    var placed = false;
    (Array.isArray(detail) ? detail : []).forEach(function (d) {
      var p = paramOf(d);
      if (p && showError(p.name, errorText(p, d, exp))) {
        placed = true;
      }
    });
    return placed;
  }

  function status(text) {
    $("pg-status").textContent = text;
  }

  function failed(code) {
    status(msg("pg.msg.failed", {status: code}));
  }

  // ------------------------------------------------------------------ talking to the server

  function runUrl(suffix) {
    return cfg.api + "/" + run.id + (suffix || "");
  }

  // Operations run one after another (a step must not overlap a reset).
  var queue = Promise.resolve();
  function enqueue(fn) {
    queue = queue.then(fn).catch(function (err) {
      failed(err && err.message ? err.message : String(err));
    });
    return queue;
  }

  // ------------------------------------------------------------------ the run's state in the page

  var run = null;          // the last summary from the API (id, status, step, epoch, lr, task, points, ...)
  var current = null;      // the current run's experiment
  var curve = {step: [], loss: []};
  var val = {step: [], loss: [], acc: [], train_acc: []};
  var grads = {step: [], norms: []};
  var grid = null;
  var network = null;
  var neuronMaps = null;
  var deadRelu = null;
  var snapshots = [];      // kept curves to compare: {exp, step, loss}
  var MAX_SNAPSHOTS = 3;   // plus the current run: 4 curves
  var MAX_POINTS = 20000;  // client-side bound of the streamed curve, like the server's
  var detailsVersion = 0;  // bumped when the run, its weights or its views change
  var drawnVersion = -1;

  function adopt(state, fresh) {
    detailsVersion += 1;
    run = state;
    current = state.experiment;
    root.setAttribute("data-run-id", state.id);
    var h = state.history;
    curve = {step: h.step.slice(), loss: h.loss.slice()};
    val = {step: h.val_step.slice(), loss: h.val_loss.slice(), acc: h.val_acc.slice(),
           train_acc: h.train_acc.slice()};
    network = state.network;
    if (fresh) {
      grads = {step: [], norms: []};
      grid = null;
      neuronMaps = null;
      deadRelu = null;
      diagramKey = "";
    }
    control("batch").max = String(state.train_size);
    updateTask(state.task);
    $("pg-export").href = runUrl("/export");
    $("pg-csv").href = runUrl("/history.csv");
    showDiverged();
    updateNumbers();
    drawAll();
  }

  function summaryUpdate(state) {
    ["status", "step", "epoch", "lr", "diverged_at", "experiment"].forEach(function (k) {
      run[k] = state[k];
    });
    current = state.experiment;
  }

  async function fetchView() {
    if (!run) {
      return;
    }
    var r = await api("GET", cfg.path + "/runs/" + run.id + "/view");
    if (r.status === 200) {
      applyDetails(r.data, r.data.step);
      drawAll();
    }
  }

  function applyDetails(d, step) {
    detailsVersion += 1;
    if (d.grid) {
      grid = d.grid;
    }
    if (d.network) {
      network = d.network;
    }
    neuronMaps = d.neuron_maps || null;
    deadRelu = d.dead_relu || null;
    if (d.grad_norms && step > 0 && (grads.step.length === 0 || step > grads.step[grads.step.length - 1])) {
      grads.step.push(step);
      grads.norms.push(d.grad_norms);
    }
  }

  function last(list) {
    return list.length ? list[list.length - 1] : null;
  }

  var STATUS_KEYS = {ready: "pg.status.ready", training: "pg.status.training", paused: "pg.status.paused",
                     diverged: "pg.status.diverged"};

  function updateNumbers() {
    if (!run) {
      return;
    }
    var stat = function (name, text) {
      document.querySelector('[data-stat="' + name + '"]').textContent = text;
    };
    stat("step", fmt(run.step));
    stat("epoch", fmt(run.epoch));
    stat("lr", fmt(run.lr));
    stat("train_loss", fmt(last(curve.loss)));
    stat("val_loss", fmt(last(val.loss)));
    stat("accuracy", run.task === "regression" ? "–" : percent(last(val.train_acc)) + " / " + percent(last(val.acc)));
    var state = run.status === "diverged" ? "diverged" : (stream ? "training" : (run.step > 0 ? "paused" : "ready"));
    stat("status", msg(STATUS_KEYS[state]));
    root.setAttribute("data-step", String(run.step));
    root.setAttribute("data-status", state);
  }

  function showDiverged() {
    var box = $("pg-diverged");
    if (run && run.status === "diverged") {
      box.textContent = msg("pg.msg.diverged", {step: run.diverged_at === null ? run.step : run.diverged_at});
      box.hidden = false;
    } else {
      box.textContent = "";
      box.hidden = true;
    }
    $("pg-play").disabled = !!(run && run.status === "diverged");
    $("pg-step").disabled = $("pg-play").disabled;
    $("pg-epoch").disabled = $("pg-play").disabled;
  }

  // ------------------------------------------------------------------ creating runs, play/pause, steps

  // A new run of `exp` from update 0; `done` (optional) runs as soon as the page shows it.
  async function createRun(exp, done) {
    var r = await api("POST", cfg.api, exp);
    if (r.status === 201) {
      var old = run;
      stopStream();
      adopt(r.data, true);
      if (done) {
        done();
      }
      if (old && old.id !== r.data.id) {
        await api("DELETE", cfg.api + "/" + old.id);  // not needed any more: kept curves live in the page
      }
      syncURL();
      await fetchView();
      return true;
    }
    if (r.status === 422) {
      clearErrors();
      if (!showErrors(r.data && r.data.detail, exp)) {
        failed(422);
      } else {
        status(msg("pg.msg.rejected"));
      }
      return false;
    }
    failed(r.status);
    return false;
  }

  var stream = null;
  var firstFrame = false;

  function setPlayButton() {
    var button = $("pg-play");
    button.textContent = stream ? button.getAttribute("data-label-pause") : button.getAttribute("data-label-play");
    button.setAttribute("aria-pressed", stream ? "true" : "false");
  }

  function startStream() {
    if (!run || stream || run.status === "diverged") {
      return;
    }
    var url = runUrl("/stream?speed=" + encodeURIComponent($("pg-speed").value));
    stream = common.openStream(url, function (f, source) {
      if (stream === source) {
        onFrame(f);
      }
    }, function (source) {
      // A broken stream is not reopened blindly (EventSource would retry forever): the page shows the run as
      // the server holds it, paused (a diverged run says so); Play starts a new stream.
      if (stream === source) {
        stopStream();
        enqueue(refresh);
      }
    });
    stream.addEventListener("open", function () {
      firstFrame = true;  // a (re)connection's first frame carries the whole curve
    });
    setPlayButton();
    updateNumbers();
  }

  function stopStream() {
    if (stream) {
      stream.close();
      stream = null;
    }
    setPlayButton();
    updateNumbers();
  }

  function onFrame(f) {
    if (firstFrame) {
      curve = {step: f.loss_step.slice(), loss: f.loss.slice()};
      firstFrame = false;
    } else {
      Array.prototype.push.apply(curve.step, f.loss_step);
      Array.prototype.push.apply(curve.loss, f.loss);
    }
    if (curve.step.length > MAX_POINTS) {  // keep every other point, as the server does
      curve.step = curve.step.filter(function (s, i) { return i % 2 === 0; });
      curve.loss = curve.loss.filter(function (s, i) { return i % 2 === 0; });
    }
    if (f.val_loss !== null && f.step > (last(val.step) === null ? -1 : last(val.step))) {
      val.step.push(f.step);
      val.loss.push(f.val_loss);
      if (f.val_acc !== null) {
        val.acc.push(f.val_acc);
        val.train_acc.push(f.train_acc);
      }
    }
    run.step = f.step;
    run.epoch = f.epoch;
    run.lr = f.lr;
    run.status = f.status;
    run.diverged_at = f.diverged_at;
    if (f.grid || f.network) {
      applyDetails(f, f.step);
    }
    if (f.status === "diverged") {
      stopStream();
      showDiverged();
    }
    updateNumbers();
    drawSoon();
  }

  // Shows a run state the server answered with; a run the server lost (404) is made again from the current
  // experiment. False for any other answer.
  async function adoptAnswer(r) {
    if (r.status === 200) {
      adopt(r.data, false);
      await fetchView();
    } else if (r.status === 404) {
      status(msg("pg.msg.lost"));
      await createRun(current);
    } else {
      return false;
    }
    return true;
  }

  // The run as the server holds it now (after a pause a chunk may have finished after the last frame).
  async function refresh() {
    if (run) {
      await adoptAnswer(await api("GET", runUrl()));
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // After closing the stream the server may still finish a chunk it had started (it notices the disconnect
  // between chunks), so the page reads the run until its step stops moving.
  async function refreshWhenSettled() {
    for (var i = 0; i < 10 && run; i++) {
      var before = run.step;
      await sleep(120);
      await refresh();
      if (!run || run.step === before) {
        return;
      }
    }
  }

  function togglePlay() {
    enqueue(async function () {
      if (stream) {
        stopStream();
        await refreshWhenSettled();
      } else {
        startStream();
      }
    });
  }

  function stepBy(kind) {
    enqueue(async function () {
      if (!run || run.status === "diverged") {
        return;
      }
      if (stream) {
        stopStream();
        await refreshWhenSettled();
      }
      var updates = kind === "epoch" ? run.updates_per_epoch : 1;
      var r = await api("POST", runUrl("/step"), {updates: updates});
      if (!(await adoptAnswer(r))) {
        failed(r.status);
      }
    });
  }

  function reset() {
    enqueue(async function () {
      if (current) {
        await createRun(current, function () {
          clearErrors();
          writeForm(current);
          status(msg("pg.msg.created"));
        });
      }
    });
  }

  // A settings change: a PATCH when only mutable settings changed (same weights, same step), else a new run.
  function applyForm() {
    updateVisibility();
    enqueue(async function () {
      if (!run) {
        return;
      }
      var exp = readForm();
      var changed = changedParams(current, exp);
      clearErrors();
      // The page's own bounds of the network (the API allows bigger ones): checked here, said beside the layers.
      var badLayer = exp.hidden.length > cfg.max_hidden || exp.hidden.some(function (h) {
        return !Number.isInteger(h.units) || h.units < cfg.units.min || h.units > cfg.units.max;
      });
      if (badLayer) {
        showError("hidden", errorText(byName.hidden, {}, exp));
        status(msg("pg.msg.rejected"));
        return;
      }
      if (changed.length === 0) {
        syncURL();
        return;
      }
      var keys = [];
      changed.forEach(function (p) {
        if (keys.indexOf(p.path[0]) < 0) {
          keys.push(p.path[0]);
        }
      });
      var mutableOnly = keys.every(function (k) { return cfg.mutable.indexOf(k) >= 0; });
      if (mutableOnly) {
        var body = {};
        keys.forEach(function (k) { body[k] = exp[k]; });
        var r = await api("PATCH", runUrl(), body);
        if (r.status === 200) {
          summaryUpdate(r.data);
          if (!stream) {
            adopt(r.data, false);
          }
          updateNumbers();
          syncURL();
          status(msg("pg.msg.patched", {fields: paramLabels(changed), step: r.data.step}));
          return;
        }
        if (r.status === 422) {
          status(showErrors(r.data && r.data.detail, exp) ? msg("pg.msg.rejected") : msg("pg.msg.failed", {status: 422}));
          return;
        }
        if (r.status === 404) {
          status(msg("pg.msg.lost"));
        } else if (r.status !== 409) {  // 409: the server says it needs a reset after all
          failed(r.status);
          return;
        }
      }
      var wasPlaying = !!stream;
      var created = await createRun(exp, function () {
        status(msg("pg.msg.reset_needed", {fields: paramLabels(changed)}));
      });
      if (created && wasPlaying) {
        startStream();
      }
    });
  }

  // ------------------------------------------------------------------ plots (Plotly, JSON data only)

  var PLOT_CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"]};
  var CLASS_COLORS = ["#c25400", "#0b5394", "#137333", "#7b1fa2", "#b0185a"];
  var CLASS_TINTS = ["#f6c9a6", "#b9d3ee", "#b7dfc3", "#dcc3ea", "#efbdd2"];
  var LAYER_COLORS = ["#0b5394", "#c25400", "#137333", "#7b1fa2", "#b0185a", "#5f6368", "#00838f"];
  var drawPending = false;
  var lastDraw = 0;

  function baseLayout(xTitle, yTitle) {
    return {
      margin: {l: 60, r: 12, t: 28, b: 44},
      font: {size: 13, family: "system-ui, sans-serif"},
      xaxis: {title: {text: xTitle}, automargin: true, rangemode: "nonnegative"},
      yaxis: {title: {text: yTitle}, automargin: true},
      legend: {orientation: "h", x: 0, y: 1.01, yanchor: "bottom", font: {size: 11}},
      showlegend: true,
      uirevision: "pg",
      hovermode: "closest",
    };
  }

  // The samples' plot: its caption explains the markers, so no legend takes its room.
  function boundaryLayout(xTitle, yTitle) {
    var layout = baseLayout(xTitle, yTitle);
    layout.showlegend = false;
    layout.margin.t = 8;
    layout.xaxis.rangemode = "normal";
    return layout;
  }

  function plotDiv(name) {
    return $("pg-plot-" + name);
  }

  function react(name, data, layout) {
    var div = plotDiv(name);
    if (!window.Plotly || !div || div.offsetParent === null) {
      return;  // hidden (e.g. accuracy for regression): drawn when shown
    }
    window.Plotly.react(div, data, layout, PLOT_CONFIG);
    div.setAttribute("data-points", String(data.reduce(function (n, t) { return n + (t.x ? t.x.length : 0); }, 0)));
  }

  // Legend names of kept curves: the settings in which they differ from the current run.
  function compareLabels() {
    var differing = [];
    snapshots.forEach(function (s) {
      changedParams(s.exp, current).forEach(function (p) {
        if (differing.indexOf(p) < 0) {
          differing.push(p);
        }
      });
    });
    var label = function (exp) {
      return differing.map(function (p) { return p.label + " = " + queryValue(exp, p); }).join(", ");
    };
    return {
      current: differing.length ? label(current) + " (" + msg("pg.compare.current") + ")" : msg("pg.compare.current"),
      kept: snapshots.map(function (s, i) { return differing.length ? label(s.exp) : msg("pg.compare.same") + " " + (i + 1); }),
    };
  }

  function drawLoss() {
    var names = compareLabels();
    var multi = snapshots.length > 0;
    var hover = "%{x}: %{y:.8g}<extra>%{fullData.name}</extra>";
    var data = snapshots.map(function (s, i) {
      return {type: "scatter", mode: "lines", x: s.step, y: s.loss, name: names.kept[i] + " · " + msg("pg.trace.train_loss"),
              line: {width: 2, dash: "dash", color: LAYER_COLORS[(i + 2) % LAYER_COLORS.length]}, hovertemplate: hover};
    });
    data.push({type: "scatter", mode: "lines", x: curve.step, y: curve.loss, hovertemplate: hover,
               name: (multi ? names.current + " · " : "") + msg("pg.trace.train_loss"),
               line: {width: 2, color: "#0b5394"}});
    data.push({type: "scatter", mode: "lines+markers", x: val.step, y: val.loss, hovertemplate: hover,
               name: (multi ? names.current + " · " : "") + msg("pg.trace.val_loss"),
               line: {width: 2, color: "#c25400"}, marker: {size: 4}});
    var layout = baseLayout(msg("pg.axis.update"), msg("pg.axis.loss"));
    layout.yaxis.type = $("pg-logy").checked ? "log" : "linear";
    layout.yaxis.exponentformat = "power";
    react("loss", data, layout);
  }

  function drawAccuracy() {
    if (!run || run.task === "regression") {
      return;
    }
    var hover = "%{x}: %{y:.4f}<extra>%{fullData.name}</extra>";
    var layout = baseLayout(msg("pg.axis.update"), msg("pg.axis.accuracy"));
    layout.yaxis.range = [0, 1.02];
    layout.yaxis.tickformat = ".0%";
    react("accuracy", [
      {type: "scatter", mode: "lines", x: val.step, y: val.train_acc, name: msg("pg.trace.train_acc"),
       line: {width: 2, color: "#0b5394"}, hovertemplate: hover},
      {type: "scatter", mode: "lines", x: val.step, y: val.acc, name: msg("pg.trace.val_acc"),
       line: {width: 2, color: "#c25400"}, hovertemplate: hover},
    ], layout);
  }

  function drawGradNorms() {
    var layers = grads.norms.length ? grads.norms[0].length : 0;
    var data = [];
    for (var i = 0; i < layers; i++) {
      data.push({type: "scatter", mode: "lines", x: grads.step,
                 y: grads.norms.map(function (row) { return row[i] > 0 ? row[i] : null; }),
                 name: i === layers - 1 ? msg("pg.network.output") : msg("pg.trace.layer", {layer: i + 1}), line: {width: 2, color: LAYER_COLORS[i % LAYER_COLORS.length]},
                 hovertemplate: "%{x}: %{y:.6g}<extra>%{fullData.name}</extra>"});
    }
    var layout = baseLayout(msg("pg.axis.update"), msg("pg.axis.gradnorm"));
    layout.yaxis.type = "log";
    layout.yaxis.exponentformat = "power";
    react("gradnorms", data, layout);
  }

  function featureLabel(name) {
    return name.replace(/x1/g, "x₁").replace(/x2/g, "x₂").replace("^2", "²").replace("*", "·");
  }

  function drawBoundary() {
    if (!run) {
      return;
    }
    var pts = run.points;
    var data = [];
    var layout;
    var colors = function (labels) {
      return labels.map(function (l) { return CLASS_COLORS[l % CLASS_COLORS.length]; });
    };
    if (!pts.train.label) {  // one input: the network's output against x, with the samples (y or class 0/1)
      var classify = run.task !== "regression";
      layout = boundaryLayout(featureLabel(run.feature_names[0]), classify ? msg("pg.axis.prob") : msg("pg.axis.y"));
      if (classify) {
        layout.yaxis.range = [-0.05, 1.05];
      }
      if (grid && grid.kind === "curve") {
        data.push({type: "scatter", mode: "lines", x: grid.x, y: grid.y, name: msg("pg.trace.model"),
                   line: {width: 3, color: "#0b5394"}, hovertemplate: "%{x:.4g} → %{y:.6g}<extra></extra>"});
      }
      data.push({type: "scatter", mode: "markers", x: pts.train.x, y: pts.train.y, name: msg("pg.trace.train_xy"),
                 marker: {size: 9, color: classify ? colors(pts.train.y) : "#c25400"},
                 hovertemplate: "%{x:.4g}, %{y:.6g}<extra></extra>"});
      data.push({type: "scatter", mode: "markers", x: pts.test.x, y: pts.test.y, name: msg("pg.trace.test_xy"),
                 marker: {size: 10, symbol: "diamond", color: classify ? colors(pts.test.y) : "#ffffff",
                          line: {width: 2, color: "#111111"}},
                 hovertemplate: "%{x:.4g}, %{y:.6g}<extra></extra>"});
      react("boundary", data, layout);
      return;
    }
    var raw = datasetInfo(current.dataset).features;
    var view = datasetInfo(current.dataset).synthetic ? [0, 1] : current.view;
    var xName = featureLabel(raw[view[0]]);
    var yName = featureLabel(raw[view[1]]);
    layout = boundaryLayout(xName, yName);
    var k = run.classes.length;
    if (grid && grid.kind === "grid") {
      var heat = {type: "heatmap", x: grid.x, y: grid.y, z: grid.z, hoverongaps: false, name: ""};
      if (k === 2) {
        heat.zmin = 0;
        heat.zmax = 1;
        heat.colorscale = [[0, CLASS_TINTS[0]], [0.5, "#ffffff"], [1, CLASS_TINTS[1]]];
        heat.colorbar = {title: {text: msg("pg.axis.prob"), side: "right"}, thickness: 12, len: 0.9};
        heat.hovertemplate = xName + " %{x:.3g}, " + yName + " %{y:.3g}<br>" + msg("pg.axis.prob") + " = %{z:.4f}<extra></extra>";
      } else {
        var scale = [];
        for (var c = 0; c < k; c++) {
          scale.push([c / k, CLASS_TINTS[c % CLASS_TINTS.length]], [(c + 1) / k, CLASS_TINTS[c % CLASS_TINTS.length]]);
        }
        heat.zmin = -0.5;
        heat.zmax = k - 0.5;
        heat.colorscale = scale;
        heat.showscale = false;
        heat.hovertemplate = xName + " %{x:.3g}, " + yName + " %{y:.3g}<br>" + msg("pg.axis.class") + " %{z}<extra></extra>";
      }
      data.push(heat);
    }
    var classText = function (labels) {
      return labels.map(function (l) { return run.classes[l]; });
    };
    data.push({type: "scatter", mode: "markers", x: pts.train.x, y: pts.train.y, name: msg("pg.trace.train_xy"),
               text: classText(pts.train.label),
               marker: {size: 7, color: colors(pts.train.label), line: {width: 1, color: "#ffffff"}},
               hovertemplate: "%{x:.3g}, %{y:.3g}: " + msg("pg.axis.class") + " %{text}<extra></extra>"});
    data.push({type: "scatter", mode: "markers", x: pts.test.x, y: pts.test.y, name: msg("pg.trace.test_xy"),
               text: classText(pts.test.label),
               marker: {size: 8, symbol: "diamond", color: colors(pts.test.label), line: {width: 1.5, color: "#111111"}},
               hovertemplate: "%{x:.3g}, %{y:.3g}: " + msg("pg.axis.class") + " %{text}<extra></extra>"});
    react("boundary", data, layout);
  }

  // The curves change with every frame; the boundary, the diagram and the gradient norms only with details.
  function drawAll() {
    drawLoss();
    drawAccuracy();
    if (drawnVersion !== detailsVersion) {
      drawnVersion = detailsVersion;
      drawGradNorms();
      drawBoundary();
      drawNetwork();
    }
    lastDraw = Date.now();
  }

  // Frames may come 20 a second; the plots are redrawn at most ~8 times a second.
  function drawSoon() {
    if (drawPending) {
      return;
    }
    drawPending = true;
    var wait = Math.max(0, 120 - (Date.now() - lastDraw));
    setTimeout(function () {
      window.requestAnimationFrame(function () {
        drawPending = false;
        drawAll();
      });
    }, wait);
  }

  // ------------------------------------------------------------------ the network diagram (SVG)

  var diagramKey = "";
  var diagram = null;  // {edges: [[...]], nodes: [[...]], images: [[...]], dead: [...]}
  var NODE = 26;

  function denseLayers(net) {
    return net.layers.filter(function (l) { return (l.type || "dense") === "dense"; });
  }

  function weightColor(w) {
    return w >= 0 ? "#0b5394" : "#c25400";
  }

  function buildDiagram(net) {
    var box = $("pg-diagram");
    var dense = denseLayers(net);
    var sizes = [net.inputs].concat(dense.map(function (l) { return l.units; }));
    var most = Math.max.apply(null, sizes);
    var gap = NODE + 8;
    var width = 720;
    var top = 34;
    var height = top + most * gap + 26;
    var names = run ? run.feature_names : [];
    var longest = names.reduce(function (n, name) { return Math.max(n, featureLabel(name).length); }, 2);
    var left = 30 + 7.5 * longest;  // room for the input names left of the first column
    var colX = function (i) { return left + i * (width - left - 40) / (sizes.length - 1); };
    var rowY = function (n, j) { return top + (most - n) * gap / 2 + j * gap + NODE / 2; };
    var root = svg("svg", {viewBox: "0 0 " + width + " " + height, "class": "pg-net", role: "img",
                           "aria-label": msg("pg.network.title")});
    diagram = {edges: [], nodes: [], images: [], dead: [], rowY: rowY, colX: colX};
    var edgeGroup = svg("g", {"class": "pg-edges"});
    root.appendChild(edgeGroup);
    dense.forEach(function (layer, l) {
      var rows = [];
      for (var j = 0; j < layer.units; j++) {
        var cols = [];
        for (var k = 0; k < sizes[l]; k++) {
          var line = svg("line", {x1: colX(l) + NODE / 2, y1: rowY(sizes[l], k), x2: colX(l + 1) - NODE / 2,
                                  y2: rowY(sizes[l + 1], j), "class": "pg-edge", "data-layer": l, "data-row": j,
                                  "data-col": k});
          line.appendChild(svg("title", {}));
          edgeGroup.appendChild(line);
          cols.push(line);
        }
        rows.push(cols);
      }
      diagram.edges.push(rows);
    });
    sizes.forEach(function (n, i) {
      var head = svg("text", {x: colX(i), y: 16, "text-anchor": "middle", "class": "pg-col-title"});
      head.textContent = i === 0 ? msg("pg.network.input") : (i === sizes.length - 1 ? msg("pg.network.output")
        : msg("pg.trace.layer", {layer: i}) + " · " + dense[i - 1].activation);
      root.appendChild(head);
      var nodes = [];
      var images = [];
      for (var j = 0; j < n; j++) {
        var x = colX(i) - NODE / 2;
        var y = rowY(n, j) - NODE / 2;
        var g = svg("g", {"class": "pg-node" + (i === 0 ? " pg-input" : ""), "data-layer": i - 1, "data-row": j});
        g.appendChild(svg("rect", {x: x, y: y, width: NODE, height: NODE, rx: 3}));
        var image = null;
        if (i > 0 && i < sizes.length - 1) {
          image = svg("image", {x: x + 1, y: y + 1, width: NODE - 2, height: NODE - 2, preserveAspectRatio: "none"});
          g.appendChild(image);
        }
        if (i === 0) {
          var label = svg("text", {x: x - 6, y: y + NODE / 2 + 5, "text-anchor": "end", "class": "pg-input-name"});
          label.textContent = featureLabel(names[j] || "x" + (j + 1));
          g.appendChild(label);
        } else {
          g.appendChild(svg("title", {}));
        }
        root.appendChild(g);
        nodes.push(g);
        images.push(image);
      }
      diagram.nodes.push(nodes);
      diagram.images.push(images);
      if (i > 0 && i < sizes.length - 1) {
        var dead = svg("text", {x: colX(i), y: height - 8, "text-anchor": "middle", "class": "pg-dead"});
        root.appendChild(dead);
        diagram.dead.push(dead);
      }
    });
    box.textContent = "";
    box.appendChild(root);
  }

  // A neuron's 16x16 map of activations as a small image (orange negative, white 0, blue positive).
  function mapImage(rows) {
    var size = rows.length;
    var canvas = document.createElement("canvas");
    canvas.width = size;
    canvas.height = size;
    var ctx = canvas.getContext("2d");
    var img = ctx.createImageData(size, size);
    var most = 0;
    rows.forEach(function (row) {
      row.forEach(function (v) {
        if (v !== null && Math.abs(v) > most) {
          most = Math.abs(v);
        }
      });
    });
    for (var r = 0; r < size; r++) {
      for (var c = 0; c < size; c++) {
        var v = rows[size - 1 - r][c];  // row 0 of the map is the lowest y: draw it at the bottom
        var t = v === null || most === 0 ? 0 : v / most;
        var rgb = t >= 0 ? [255 - 244 * t, 255 - 172 * t, 255 - 107 * t] : [255 + 61 * t, 255 + 171 * t, 255 + 255 * t];
        var o = 4 * (r * size + c);
        img.data[o] = rgb[0];
        img.data[o + 1] = rgb[1];
        img.data[o + 2] = rgb[2];
        img.data[o + 3] = v === null ? 0 : 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    return canvas.toDataURL();
  }

  function drawNetwork() {
    if (!network) {
      return;
    }
    var dense = denseLayers(network);
    var key = [network.inputs].concat(dense.map(function (l) { return l.units + l.activation; })).join("-") +
      "|" + (run ? run.feature_names.join(",") : "");
    if (key !== diagramKey) {
      buildDiagram(network);
      diagramKey = key;
    }
    dense.forEach(function (layer, l) {
      layer.weight.forEach(function (row, j) {
        row.forEach(function (w, k) {
          var line = diagram.edges[l][j][k];
          var a = w === null ? 0 : Math.abs(w);
          line.setAttribute("stroke", w === null ? "#999999" : weightColor(w));
          line.setAttribute("stroke-width", String(Math.min(1 + 2.5 * a, 7)));
          line.setAttribute("stroke-opacity", String(Math.min(0.35 + 0.65 * a, 1)));
          line.setAttribute("data-value", w === null ? "" : String(w));
          line.firstChild.textContent = msg("pg.network.weight", {layer: l + 1, row: j + 1, col: k + 1, value: fmt(w)});
        });
      });
      layer.bias.forEach(function (b, j) {
        var node = diagram.nodes[l + 1][j];
        node.setAttribute("data-value", b === null ? "" : String(b));
        node.lastChild.textContent = msg("pg.network.bias", {layer: l + 1, row: j + 1, value: fmt(b)});
      });
    });
    if (neuronMaps) {
      neuronMaps.forEach(function (units, l) {
        units.forEach(function (rows, j) {
          var image = diagram.images[l + 1] && diagram.images[l + 1][j];
          if (image) {
            image.setAttribute("href", mapImage(rows));
          }
        });
      });
    }
    diagram.dead.forEach(function (text, l) {
      var v = deadRelu ? deadRelu[l] : null;
      text.textContent = v === null || v === undefined ? "" : msg("pg.network.dead", {percent: fmt(Math.round(v * 100))});
    });
  }

  // Click an edge (a weight) or a neuron (its bias): the editor below the diagram takes the values.
  function onDiagramClick(event) {
    var target = event.target.closest(".pg-edge, .pg-node");
    if (!target || target.classList.contains("pg-input")) {
      return;
    }
    var isEdge = target.classList.contains("pg-edge");
    $("pg-w-layer").value = target.getAttribute("data-layer");
    $("pg-w-row").value = target.getAttribute("data-row");
    $("pg-w-col").value = isEdge ? target.getAttribute("data-col") : "";
    $("pg-w-value").value = target.getAttribute("data-value");
    $("pg-w-value").focus();
    $("pg-w-value").select();
  }

  function setWeight(event) {
    event.preventDefault();
    enqueue(async function () {
      if (!run) {
        return;
      }
      $("err-weight").textContent = "";
      var col = $("pg-w-col").value.trim();
      var body = {layer: numberValue($("pg-w-layer").value), row: numberValue($("pg-w-row").value),
                  col: col === "" ? null : numberValue(col), value: numberValue($("pg-w-value").value)};
      var r = await api("PUT", runUrl("/weight"), body);
      if (r.status === 200) {
        if (!stream) {
          adopt(r.data, false);
        }
        network = r.data.network;
        status(msg("pg.msg.weight_set"));
        await fetchView();
      } else if (r.status === 422) {
        var d = (r.data && r.data.detail && r.data.detail[0]) || {};
        var field = String((d.loc || []).slice(-1)[0] || "");
        var limits = {layer: [0, denseLayers(network).length - 1], value: [-1000, 1000]};
        $("err-weight").textContent = limits[field]
          ? msg("error.field.range", {min: limits[field][0], max: limits[field][1]}) + " (" + field + ")"
          : msg("pg.files.bad", {reason: String(d.msg || "")});
      } else {
        failed(r.status);
      }
    });
  }

  // ------------------------------------------------------------------ compare, export, import

  function renderCompareList() {
    var list = $("pg-compare-list");
    var names = compareLabels();
    list.textContent = "";
    snapshots.forEach(function (s, i) {
      var item = el("li", {"data-snapshot": String(i)});
      var text = el("span", {});
      text.textContent = msg("pg.compare.kept", {name: names.kept[i], step: fmt(last(s.step) || 0)});
      var remove = el("button", {type: "button", "class": "pg-small", "aria-label": msg("pg.compare.remove", {name: names.kept[i]})});
      remove.textContent = "×";
      remove.addEventListener("click", function () {
        snapshots.splice(i, 1);
        renderCompareList();
        drawLoss();
      });
      item.appendChild(text);
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  function fork() {
    enqueue(async function () {
      if (!run) {
        return;
      }
      if (stream) {
        stopStream();
        await refreshWhenSettled();
      }
      snapshots.push({exp: clone(current), step: curve.step.slice(), loss: curve.loss.slice()});
      if (snapshots.length > MAX_SNAPSHOTS) {
        snapshots.shift();
      }
      await createRun(current, function () {
        renderCompareList();
        drawLoss();
        status(msg("pg.msg.forked", {name: compareLabels().kept[snapshots.length - 1]}));
      });
    });
  }

  function importFile() {
    var input = $("pg-import");
    var file = input.files && input.files[0];
    if (!file) {
      return;
    }
    enqueue(async function () {
      $("err-import").textContent = "";
      // The file goes to the server as it is: parsing it here would round its big integers (the random
      // generator's 128-bit state) to doubles, and the imported run would shuffle differently.
      var text = await file.text();
      try {
        JSON.parse(text);
      } catch (err) {
        $("err-import").textContent = msg("pg.files.bad", {reason: msg("pg.files.not_json")});
        input.value = "";
        return;
      }
      var r = await api("POST", cfg.api + "/import", text);
      if (r.status === 201) {
        stopStream();
        adopt(r.data, true);
        clearErrors();
        writeForm(current);
        syncURL();
        status(msg("pg.msg.imported", {step: r.data.step}));
        await fetchView();
      } else if (r.status === 422) {
        var d = (r.data && r.data.detail && r.data.detail[0]) || {};
        $("err-import").textContent = msg("pg.files.bad", {reason: String(d.msg || r.status)});
      } else {
        failed(r.status);
      }
      input.value = "";
    });
  }

  // ------------------------------------------------------------------ wiring

  function randomSeed() {
    var a = new Uint32Array(1);
    window.crypto.getRandomValues(a);
    return a[0];
  }

  function typing(target) {
    return target && target.closest && target.closest("input, select, textarea, button, a, summary, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    if (event.key === " ") {
      event.preventDefault();
      togglePlay();
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      stepBy("update");
    } else if (event.key === "r" || event.key === "R") {
      event.preventDefault();
      reset();
    }
  });

  $("pg-play").addEventListener("click", togglePlay);
  $("pg-step").addEventListener("click", function () { stepBy("update"); });
  $("pg-epoch").addEventListener("click", function () { stepBy("epoch"); });
  $("pg-reset").addEventListener("click", reset);
  $("pg-new-seed").addEventListener("click", function () {
    control("seed").value = String(randomSeed());
    applyForm();
  });
  $("pg-regenerate").addEventListener("click", function () {
    control("data_seed").value = String(randomSeed());
    applyForm();
  });
  $("pg-speed").addEventListener("change", function () {
    syncURL();
    if (stream) {
      stopStream();
      startStream();
    }
  });
  $("pg-logy").addEventListener("change", drawLoss);
  $("pg-fork").addEventListener("click", fork);
  $("pg-compare-clear").addEventListener("click", function () {
    snapshots = [];
    renderCompareList();
    drawLoss();
  });
  $("pg-import").addEventListener("change", importFile);
  $("pg-diagram").addEventListener("click", onDiagramClick);
  $("pg-weight-form").addEventListener("submit", setWeight);

  $("pg-lr-log").addEventListener("input", function () {
    control("lr").value = String(Number(Math.pow(10, Number($("pg-lr-log").value)).toPrecision(3)));
  });
  $("pg-lr-log").addEventListener("change", applyForm);

  $("pg-layer-add").addEventListener("click", function () {
    changeLayers(function (layers) {
      if (layers.length < cfg.max_hidden) {
        var prev = layers[layers.length - 1] || {units: 4, activation: "tanh"};
        layers.push({units: prev.units, activation: prev.activation});
      }
    });
  });
  $("pg-layer-remove").addEventListener("click", function () {
    changeLayers(function (layers) { layers.pop(); });
  });
  $("pg-layers").addEventListener("click", function (event) {
    var button = event.target.closest("[data-units]");
    if (!button) {
      return;
    }
    var i = Number(button.closest(".pg-layer").getAttribute("data-layer"));
    changeLayers(function (layers) {
      var units = Number(layers[i].units) || cfg.units.min;
      layers[i].units = Math.min(cfg.units.max, Math.max(cfg.units.min, units + Number(button.getAttribute("data-units"))));
    });
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
      $("pg-hidden").value = hiddenText(readLayers());
    }
    if (t.name === "dataset") {  // a loss that does not fit the new task goes back to "chosen for the task"
      var allowed = cfg.losses[datasetInfo(t.value).task];
      if (allowed.indexOf(control("loss").value) < 0) {
        control("loss").value = "auto";
      }
    }
    if (t.name === "lr") {
      syncLrSlider();
    }
    applyForm();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    applyForm();
  });

  // Start: the experiment of the URL (already checked by the server) becomes a run at step 0.
  renderLayers(cfg.experiment.hidden);
  updateVisibility();
  updateTask(datasetInfo(cfg.experiment.dataset).task);
  setPlayButton();
  enqueue(async function () {
    if (!await createRun(cfg.experiment)) {
      await createRun(cfg.defaults);
    }
  });
})();
