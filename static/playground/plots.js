// plots.js: the Playground's four plots (loss, accuracy, gradient norms, the decision boundary), drawn with
// Plotly from JSON only.
//
// Layouts, trace styles, colours, hover texts and the Plotly config (locale included) come from the server
// (app/services/playground_plots.py, in cfg.plots), where tests validate them against Plotly's schema; this file
// fills in a run's data and the names only known at run time (the features on the axes).
(function (P) {
  "use strict";

  if (!P) {
    return;
  }
  var T = P.cfg.plots;
  var s = P.s;
  var drawPending = false;
  var lastDraw = 0;

  // A copy of a template with its data (and anything else) set.
  function trace(kind, data) {
    return Object.assign(P.clone(T.traces[kind]), data);
  }

  function layout(name) {
    return P.clone(T.layouts[name]);
  }

  function react(name, data, lay) {
    var div = P.$("pg-plot-" + name);
    if (!window.Plotly || !div || div.offsetParent === null) {
      return;  // hidden (e.g. accuracy for regression): drawn when shown
    }
    window.Plotly.react(div, data, window.nnlabProjectorLayout ? window.nnlabProjectorLayout(lay) : lay, T.config);
    div.setAttribute("data-points", String(data.reduce(function (n, t) { return n + (t.x ? t.x.length : 0); }, 0)));
  }

  P.drawLoss = function () {
    var names = P.compareLabels();
    var multi = s.snapshots.length > 0;
    var layers = T.colors.layers;
    var data = s.snapshots.map(function (kept, i) {
      var t = trace("kept_loss", {x: kept.step, y: kept.loss});
      t.name = names.kept[i] + " · " + t.name;
      t.line.color = layers[(i + 2) % layers.length];
      return t;
    });
    var train = trace("train_loss", {x: s.curve.step, y: s.curve.value});
    var val = trace("val_loss", {x: s.val.step, y: s.val.loss});
    if (multi) {
      train.name = names.current + " · " + train.name;
      val.name = names.current + " · " + val.name;
    }
    data.push(train, val);
    var lay = layout("loss");
    lay.yaxis.type = P.$("pg-logy").checked ? "log" : "linear";
    react("loss", data, lay);
  };

  function percents(list) {
    return list.map(function (v) { return v === null ? null : v * 100; });
  }

  function drawAccuracy() {
    if (!s.run || s.run.task === "regression") {
      return;
    }
    react("accuracy", [trace("train_acc", {x: s.val.step, y: percents(s.val.train_acc)}),
                       trace("val_acc", {x: s.val.step, y: percents(s.val.acc)})], layout("accuracy"));
  }

  function drawGradNorms() {
    var layers = s.grads.norms.length ? s.grads.norms[0].length : 0;
    var data = [];
    for (var i = 0; i < layers; i++) {
      var t = trace("gradnorm", {x: s.grads.step,
                                 y: s.grads.norms.map(function (row) { return row[i] > 0 ? row[i] : null; })});
      t.name = i === layers - 1 ? T.texts.output : P.common.fill(t.name, {layer: i + 1});
      t.line.color = T.colors.layers[i % T.colors.layers.length];
      data.push(t);
    }
    react("gradnorms", data, layout("gradnorms"));
  }

  function colors(labels) {
    return labels.map(function (l) { return T.colors.classes[l % T.colors.classes.length]; });
  }

  // One input: the network's output against x, with the samples (y, or the class 0/1).
  function drawCurve(run, pts) {
    var classify = run.task !== "regression";
    var lay = layout("boundary");
    lay.xaxis.title.text = P.featureLabel(run.feature_names[0]);
    lay.yaxis.title.text = classify ? T.texts.prob : T.texts.y;
    if (classify) {
      lay.yaxis.range = [-0.05, 1.05];
    }
    var data = [];
    if (s.grid && s.grid.kind === "curve") {
      data.push(trace("curve", {x: s.grid.x, y: s.grid.y}));
    }
    var train = trace("train_1d", {x: pts.train.x, y: pts.train.y});
    var test = trace("test_1d", {x: pts.test.x, y: pts.test.y});
    if (classify) {
      train.marker.color = colors(pts.train.y);
      test.marker.color = colors(pts.test.y);
    }
    data.push(train, test);
    react("boundary", data, lay);
  }

  P.drawBoundary = function () {
    var run = s.run;
    if (!run) {
      return;
    }
    var pts = run.points;
    if (!pts.train.label) {
      drawCurve(run, pts);
      return;
    }
    var info = P.datasetInfo(s.current.dataset);
    var view = info.synthetic ? [0, 1] : s.current.view;
    var names = {xname: P.featureLabel(info.features[view[0]]), yname: P.featureLabel(info.features[view[1]])};
    var lay = layout("boundary");
    lay.xaxis.title.text = names.xname;
    lay.yaxis.title.text = names.yname;
    var k = run.classes.length;
    var data = [];
    if (s.grid && s.grid.kind === "grid") {
      var heat = trace(k === 2 ? "heat_prob" : "heat_class", {x: s.grid.x, y: s.grid.y, z: s.grid.z});
      heat.hovertemplate = P.common.fill(heat.hovertemplate, names);
      heat.colorscale = T.heat_scales[String(k)];
      if (k !== 2) {
        heat.zmin = -0.5;
        heat.zmax = k - 0.5;
      }
      data.push(heat);
    }
    var classText = function (labels) {
      return labels.map(function (l) { return run.classes[l]; });
    };
    var train = trace("train_xy", {x: pts.train.x, y: pts.train.y, text: classText(pts.train.label)});
    train.marker.color = colors(pts.train.label);
    var test = trace("test_xy", {x: pts.test.x, y: pts.test.y, text: classText(pts.test.label)});
    test.marker.color = colors(pts.test.label);
    data.push(train, test);
    react("boundary", data, lay);
  };

  // The curves change with every frame; the boundary, the diagram and the gradient norms only with details.
  P.drawAll = function () {
    P.drawLoss();
    drawAccuracy();
    if (s.drawnVersion !== s.detailsVersion) {
      s.drawnVersion = s.detailsVersion;
      drawGradNorms();
      P.drawBoundary();
      P.drawNetwork();
    }
    lastDraw = Date.now();
  };

  // Frames may come 20 a second; the plots are redrawn at most ~8 times a second.
  P.drawSoon = function () {
    if (drawPending) {
      return;
    }
    drawPending = true;
    var wait = Math.max(0, 120 - (Date.now() - lastDraw));
    setTimeout(function () {
      window.requestAnimationFrame(function () {
        drawPending = false;
        P.drawAll();
      });
    }, wait);
  };
})(window.nnlabPlayground);
