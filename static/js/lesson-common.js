// lesson-common.js: the helpers the lesson scripts and playground.js share, as window.nnlabCommon.
//
// Loaded (defer) before each of them. Talking to the server (JSON in, JSON out), reading the plot specs the
// server put in <script type="application/json">, drawing them with Plotly, opening a run's stream, and the live
// "train a chunk, show the lesson's view" loop. No maths, no inline code, no eval: a strict CSP holds.
(function () {
  "use strict";

  // "{name}" placeholders of a message replaced by params[name]; unknown ones stay as they are.
  function fill(text, params) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && params[name] !== undefined ? String(params[name]) : whole;
    });
  }

  // A number as app/formatting.py writes it: integers bare, else `digits` (6) significant digits, the true minus
  // sign; `none` ("–") for null, NaN and the infinities.
  function fmt(v, digits, none) {
    if (v === null || v === undefined || typeof v !== "number" || !isFinite(v)) {
      return none === undefined ? "–" : none;
    }
    var text = Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : String(Number(v.toPrecision(digits || 6)));
    return text.replace("-", "\u2212");
  }

  function sleep(ms) {
    return new Promise(function (resolve) { window.setTimeout(resolve, ms); });
  }

  // One request that never throws: {status, data} with status 0 when the network failed and data null when the
  // answer had no JSON. `body`: an object to send as JSON, or JSON text sent exactly as it is. A 429 or 503 (the
  // server's fair share: this browser or the server has too much going on) is retried after its Retry-After, up
  // to three times, so a page's own burst of requests never fails it.
  async function api(method, url, body) {
    for (var attempt = 0; ; attempt++) {
      var r = await apiOnce(method, url, body);
      if ((r.status !== 429 && r.status !== 503) || attempt >= 3) {
        return r;
      }
      await sleep(1000 * Math.min(10, Math.max(1, Number(r.retryAfter) || 1)));
    }
  }

  async function apiOnce(method, url, body) {
    var options = {method: method, headers: {"Accept": "application/json"}, credentials: "same-origin"};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    var response;
    try {
      response = await fetch(url, options);
    } catch (err) {
      return {status: 0, data: null};
    }
    var data = null;
    if (response.status !== 204) {
      try {
        data = await response.json();
      } catch (err) {
        data = null;
      }
    }
    return {status: response.status, data: data, retryAfter: response.headers.get("Retry-After")};
  }

  // The same request for code that lets failures travel as exceptions: the answer's JSON, or an Error.
  async function call(method, url, body) {
    var r = await api(method, url, body);
    if (r.status < 200 || r.status > 299 || r.data === null) {
      throw new Error(method + " " + url + ": " + r.status);
    }
    return r.data;
  }

  // Creates one run per Experiment through POST {url}?brief=true (the summary and history, without weights and
  // data points), one after another: the first answer sets the session cookie that the later requests must
  // carry. Resolves to the runs' states in order; rejects with the HTTP status (0 when the network failed).
  async function createRuns(url, experiments) {
    var states = [];
    for (var i = 0; i < experiments.length; i++) {
      var r = await api("POST", url + "?brief=true", experiments[i]);
      if (r.status < 200 || r.status > 299 || r.data === null) {
        throw r.status;
      }
      states.push(r.data);
    }
    return states;
  }

  // The JSON the server put in a box's <script type="application/json"> child (a plot spec or a config).
  function readJson(box) {
    return JSON.parse(box.querySelector('script[type="application/json"]').textContent);
  }

  // The box's .plot-canvas, made on first use.
  function canvasOf(box) {
    var canvas = box.querySelector(".plot-canvas");
    if (!canvas) {
      canvas = document.createElement("div");
      canvas.className = "plot-canvas";
      box.appendChild(canvas);
    }
    return canvas;
  }

  // Draws a plot spec {data, layout, config} into the box's .plot-canvas with Plotly.react, so later calls
  // redraw in place. Returns the canvas, or null without Plotly or box.
  function drawIn(box, spec) {
    if (!window.Plotly || !box) {
      return null;
    }
    var canvas = canvasOf(box);
    canvas.nnlabDrawn = null;  // drawn from data, not from the box's JSON: nnlab.js draws the next JSON again
    var layout = window.nnlabProjectorLayout ? window.nnlabProjectorLayout(spec.layout) : spec.layout;
    window.Plotly.react(canvas, spec.data, layout, spec.config);
    return canvas;
  }

  // drawIn at the next animation frame; of several specs given for one box before then only the last is drawn.
  // For streams: frames may come faster than the browser can draw them (two live runs at 20 frames a second
  // each), and drawing every one would keep the page busy and deaf to clicks.
  var pendingDraws = new Map();  // box -> the spec to draw at the next animation frame

  function drawPending() {
    var draws = pendingDraws;
    pendingDraws = new Map();
    draws.forEach(function (spec, box) {
      drawIn(box, spec);
    });
  }

  function drawSoon(box, spec) {
    if (!window.Plotly || !box) {
      return;
    }
    if (pendingDraws.size === 0) {
      window.requestAnimationFrame(drawPending);
    }
    pendingDraws.set(box, spec);
  }

  // As app/plots.py CONFIG: only Plotly's PNG download in the mode bar (shown on hover).
  var PLOT_CONFIG = {displayModeBar: "hover", responsive: true, displaylogo: false, toImageButtonOptions: {format: "png", scale: 2},
                     modeBarButtonsToRemove: ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                                              "resetScale2d", "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines"]};

  // The layout of the lessons' live line plots: white, large type, legend below; y linear or logarithmic.
  function lineLayout(title, x, y, logY) {
    return {
      title: {text: title}, height: 400, font: {size: 15, color: "#111111"}, margin: {l: 80, r: 20, t: 50, b: 110},
      xaxis: {title: {text: x}}, yaxis: {title: {text: y}, type: logY ? "log" : "linear", exponentformat: "power"},
      legend: {orientation: "h", y: -0.3}, paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff"
    };
  }

  // An empty plot shows its title and axis names from the start, but no numbers on the axes.
  function blankAxes(layout) {
    layout.xaxis.showticklabels = false;
    layout.yaxis.showticklabels = false;
    layout.xaxis.zeroline = false;
    layout.yaxis.zeroline = false;
    return layout;
  }

  // A run's Server-Sent-Events stream (the server trains only while it is open): onFrame(frame, source) for each
  // "frame" event, onError(source) when the connection breaks or the server ends it. The server's "end" event
  // (the run diverged, or was deleted or evicted) closes the stream here, so the browser does not reconnect, and
  // is reported to onError too. Closing otherwise is the caller's.
  function openStream(url, onFrame, onError) {
    var source = new EventSource(url);
    source.addEventListener("frame", function (event) {
      onFrame(JSON.parse(event.data), source);
    });
    source.addEventListener("end", function () {
      source.close();
      onError(source);
    });
    source.addEventListener("error", function () {
      onError(source);
    });
    return source;
  }

  // Runs trained live through their streams, side by side: the one controller every streaming lesson uses.
  //   options.api: the runs API ("/api/v1/runs"); options.speed: updates per frame; options.total: stop each run
  //   at this many updates (0: no end); options.frame(name, frame, run): show a frame; options.state(kind,
  //   detail): "running" | "paused" | "done" | "diverged" (detail: its update) | "failed" (detail: HTTP status).
  // run = {id, name, step, status, done, loss: {step: [], value: []}} keeps each run's loss curve: a frame's
  // new points are appended (a reconnected stream repeats the whole curve; only points after the last are kept).
  // start(experiments: {name: Experiment JSON}) makes new runs (deleting the previous ones) and plays them;
  // play() resumes, pause() closes the streams (training stops on the server), forget() deletes the runs.
  function liveStream(options) {
    var self = {runs: null, playing: false};
    var generation = 0;

    function each(fn) {
      Object.keys(self.runs || {}).forEach(function (name) { fn(self.runs[name], name); });
    }

    function closeAll() {
      each(function (run) {
        if (run.source) {
          run.source.close();
          run.source = null;
        }
      });
    }

    function finished() {
      return self.runs !== null && Object.keys(self.runs).every(function (name) { return self.runs[name].done; });
    }

    function onFrame(run, f) {
      var last = run.loss.step.length ? run.loss.step[run.loss.step.length - 1] : 0;
      for (var i = 0; i < f.loss_step.length; i++) {
        if (f.loss_step[i] > last && (!options.total || f.loss_step[i] <= options.total)) {
          run.loss.step.push(f.loss_step[i]);
          run.loss.value.push(f.loss[i]);
        }
      }
      run.step = f.step;
      run.status = f.status;
      options.frame(run.name, f, run);
      if (f.status === "diverged" || (options.total && f.step >= options.total)) {
        run.done = true;
        if (run.source) {
          run.source.close();
          run.source = null;
        }
        if (f.status === "diverged") {
          options.state("diverged", f.diverged_at);
        }
        if (finished()) {
          self.playing = false;
          if (f.status !== "diverged") {
            options.state("done");
          }
        }
      }
    }

    function open(run) {
      var gen = generation;
      var url = options.api + "/" + encodeURIComponent(run.id) + "/stream?speed=" + options.speed +
        (options.total ? "&until=" + options.total : "");  // the server stops there: no update beyond the end
      run.source = openStream(url, function (f, source) {
        if (gen === generation && run.source === source) {
          onFrame(run, f);
        }
      }, function (source) {
        // A closed stream that we did not close ourselves: the run is gone (or the connection broke for good).
        if (gen === generation && run.source === source && source.readyState === EventSource.CLOSED) {
          run.source = null;
          if (!run.done) {
            self.pause();
            options.state("failed", 0);
          }
        }
      });
    }

    self.forget = function () {
      generation += 1;
      closeAll();
      each(function (run) { api("DELETE", options.api + "/" + encodeURIComponent(run.id)); });
      self.runs = null;
      self.playing = false;
    };

    self.create = async function (experiments) {
      self.forget();
      var gen = generation;
      var names = Object.keys(experiments);
      var states;
      try {
        states = await createRuns(options.api, names.map(function (name) { return experiments[name]; }));
      } catch (status) {
        options.state("failed", typeof status === "number" ? status : 0);
        return false;
      }
      if (gen !== generation) {
        return false;
      }
      self.runs = {};
      names.forEach(function (name, i) {
        self.runs[name] = {id: states[i].id, name: name, step: 0, status: states[i].status, done: false,
                           source: null, loss: {step: [], value: []}, state: states[i]};
      });
      return true;
    };

    self.play = function () {
      if (self.runs === null || finished()) {
        return;
      }
      self.playing = true;
      each(function (run) {
        if (!run.done && !run.source) {
          open(run);
        }
      });
      options.state("running");
    };

    self.pause = function () {
      generation += 1;
      closeAll();
      self.playing = false;
      options.state("paused");
    };

    self.start = async function (experiments) {
      if (await self.create(experiments)) {
        self.play();
      }
    };

    self.finished = finished;
    window.addEventListener("pagehide", closeAll);
    return self;
  }

  function onReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  // Writes a view's texts into the page's [data-live] elements: "step" gets view.step, any other key
  // view.text[key] (an element whose key the view does not carry keeps its text).
  function showLiveTexts(view) {
    document.querySelectorAll("[data-live]").forEach(function (el) {
      var key = el.getAttribute("data-live");
      if (key === "step") {
        el.textContent = String(view.step);
      } else if (view.text[key] !== undefined) {
        el.textContent = view.text[key];
      }
    });
  }

  // The live experiment of a lesson: one run on the server, trained by repeating "POST {cfg.api}/{id}/step
  // ({updates: cfg.chunk}), GET the lesson's view (cfg.view with {id})" until paused, cfg.max_updates or
  // divergence. A run made while an earlier one exists asks for the view with &compare=<earlier id>.
  // options: cfg; trainBtn (labels in data-label-train / data-label-pause); errorEl (text in data-msg-failed);
  // experiment() -> the Experiment as JSON text, or a promise of it (a changed text makes the next start create a
  // new run);
  // apply(view) shows a view; onEnd() (optional) runs when the loop reaches the end by itself.
  function liveRun(options) {
    var cfg = options.cfg;
    var trainBtn = options.trainBtn;
    var errorEl = options.errorEl;
    var lang = document.documentElement.lang;
    var live = {id: null, running: false};
    var previousId = null;
    var madeFrom = null;   // the JSON text the current run was made from
    var generation = 0;    // a stop or a new start ends any loop still waiting for the server

    live.runUrl = function (suffix) {
      return cfg.api + "/" + encodeURIComponent(live.id) + (suffix || "");
    };

    function viewUrl() {
      var url = cfg.view.replace("{id}", encodeURIComponent(live.id)) + "?lang=" + encodeURIComponent(lang);
      return previousId ? url + "&compare=" + encodeURIComponent(previousId) : url;
    }

    live.newRun = async function () {
      var text = await options.experiment();
      var state = await call("POST", cfg.api + "?brief=true", JSON.parse(text));  // only its id is needed
      if (live.id !== null) {
        previousId = live.id;
      }
      live.id = state.id;
      madeFrom = text;
    };

    // Drops the current run from the page (not from the server) and returns its id.
    live.forget = function () {
      var old = live.id;
      live.id = null;
      madeFrom = null;
      return old;
    };

    // Shows a view of the current run, and marks the train button with that run's id (tests and scripts
    // can tell a new run's view from the previous run's).
    function show(view) {
      options.apply(view);
      trainBtn.setAttribute("data-run-id", live.id);
    }

    live.refresh = async function () {
      show(await call("GET", viewUrl()));
    };

    live.setRunning = function (on) {
      live.running = on;
      trainBtn.textContent = trainBtn.getAttribute(on ? "data-label-pause" : "data-label-train");
      trainBtn.setAttribute("aria-pressed", on ? "true" : "false");
    };

    live.clearError = function () {
      errorEl.textContent = "";
    };

    live.showError = function () {
      errorEl.textContent = errorEl.getAttribute("data-msg-failed");
    };

    live.fail = function () {
      live.setRunning(false);
      live.showError();
    };

    async function loop(gen) {
      try {
        if (live.id === null || madeFrom !== await options.experiment()) {
          await live.newRun();
        }
        while (live.running && gen === generation) {
          var state = await call("POST", live.runUrl("/step"), {updates: cfg.chunk});
          var view = await call("GET", viewUrl());
          if (gen !== generation) {
            return;
          }
          show(view);
          if (state.step >= cfg.max_updates || state.status === "diverged") {
            live.setRunning(false);
            if (options.onEnd) {
              options.onEnd();
            }
          }
        }
      } catch (err) {
        if (gen === generation) {
          live.fail();
        }
      }
    }

    live.start = function () {
      live.setRunning(true);
      generation += 1;
      loop(generation);
    };

    // Pause: the chunk already asked for is still shown. Stop: whatever is on its way is dropped.
    live.pause = function () {
      live.setRunning(false);
    };

    live.stop = function () {
      generation += 1;
      live.setRunning(false);
    };

    // The Train button: starts, or stops and drops the chunk on its way.
    live.toggle = function () {
      live.clearError();
      if (live.running) {
        live.stop();
      } else {
        live.start();
      }
    };

    // The New button: a new run from the current experiment, shown at step 0 (beside the previous one).
    live.restart = async function () {
      live.stop();
      live.clearError();
      try {
        await live.newRun();
        await live.refresh();
      } catch (err) {
        live.showError();
      }
    };

    return live;
  }

  window.nnlabCommon = {
    fill: fill, fmt: fmt, api: api, call: call, createRuns: createRuns, readJson: readJson, drawIn: drawIn, drawSoon: drawSoon,
    PLOT_CONFIG: PLOT_CONFIG, lineLayout: lineLayout, blankAxes: blankAxes, openStream: openStream,
    liveStream: liveStream, onReady: onReady, liveRun: liveRun, showLiveTexts: showLiveTexts, sleep: sleep
  };
})();
