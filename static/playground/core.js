// core.js: what the Playground's scripts share, as window.nnlabPlayground (P). Loaded first (defer), then
// form.js, plots.js, network.js, compare.js, run.js and main.js, which add their functions to P.
//
// The page's settings live in a GET form whose controls are named after the URL's query parameters; the table of
// parameters, the plots' layouts and every text the scripts show come from the server in
// <script type="application/json" id="pg-config"> (app/services/playground.py script_config), so no script knows
// a field, a limit or a message by heart. No framework, no inline code, no eval: a strict CSP holds.
(function () {
  "use strict";

  var configEl = document.getElementById("pg-config");
  if (!configEl || !window.fetch || !window.nnlabCommon) {
    return;
  }
  var common = window.nnlabCommon;
  var cfg = JSON.parse(configEl.textContent);
  var P = window.nnlabPlayground = {
    common: common,
    cfg: cfg,
    api: common.api,  // {status, data}; never throws; retries 429/503
    fmt: common.fmt,  // at most 6 significant digits, a decimal point, a true minus sign, "–" for none
    root: document.getElementById("playground"),
    form: document.getElementById("pg-form"),
    params: cfg.params,
    byName: {},
    byPath: {},
    // The run's state in the page (run.js keeps it): the last summary from the API, its experiment, the curves,
    // the details of its last view, the kept curves to compare.
    s: {run: null, current: null, curve: {step: [], value: []}, val: {step: [], loss: [], acc: [], train_acc: []},
        grads: {step: [], norms: []}, grid: null, network: null, neuronMaps: null, deadRelu: null, snapshots: [],
        detailsVersion: 0, drawnVersion: -1},
  };
  cfg.params.forEach(function (p) {
    P.byName[p.name] = p;
    P.byPath[p.path.join(".")] = p;
  });

  // ------------------------------------------------------------------ texts

  // CLDR plural forms, as app/i18n.py plural_form: Polish one 0, few 1, many 2 (a fraction: a fourth form);
  // English one 0, other 1.
  function pluralForm(n) {
    var v = Number(String(n).replace("\u2212", "-").replace(/\u202f/g, "").replace(",", "."));
    var en = cfg.lang === "en";
    if (!isFinite(v)) {
      return en ? 1 : 2;
    }
    if (!Number.isInteger(v)) {
      return en ? 1 : 3;
    }
    var i = Math.abs(v);
    if (en) {
      return i === 1 ? 0 : 1;
    }
    if (i === 1) {
      return 0;
    }
    return i % 10 >= 2 && i % 10 <= 4 && !(i % 100 >= 12 && i % 100 <= 14) ? 1 : 2;
  }

  // A catalog message in the page's language: "{n|one|few|many}" plural forms, then "{name}" placeholders.
  P.msg = function (key, params) {
    var text = cfg.messages[key];
    if (text === undefined) {
      return key;
    }
    text = text.replace(/\{(\w+)\|([^{}]*)\}/g, function (whole, name, forms) {
      if (!params || params[name] === undefined) {
        return whole;
      }
      var options = forms.split("|");
      return options[Math.min(pluralForm(params[name]), options.length - 1)];
    });
    return common.fill(text, params);
  };

  // An accuracy or a share as the lecture writes it: "93.3 %" (one decimal, a narrow no-break space).
  P.percent = function (v) {
    return v === null || v === undefined ? "–" : P.fmt(Math.round(v * 1000) / 10) + "\u202f%";
  };

  // A choice's label in the page's language ("momentum" -> "SGD z pędem").
  P.choiceLabel = function (name, value) {
    var choices = P.byName[name].choices || {};
    return choices[value] !== undefined ? choices[value] : String(value);
  };

  // An error {field, key, params} from the server (or from network.js) as the text beside its field.
  P.errorText = function (error) {
    var params = Object.assign({}, error.params);
    if (error.key === "pg.err.loss_task") {
      params.allowed = (params.allowed || []).map(function (loss) { return P.choiceLabel("loss", loss); }).join(", ");
    }
    if (error.key === "pg.files.field") {
      params.field = P.byName[params.field] ? P.byName[params.field].label : params.field;
    }
    return P.msg(error.key, params);
  };

  // A number as a learner types it: "0,05" and "0.05" alike, a true minus, spaces between thousands; null when
  // the text is not a number (as app.lessons.contract.read_number).
  P.readNumber = function (text) {
    var t = String(text).trim().replace(/\u2212/g, "-").replace(/[\u202f\u00a0 ]/g, "");
    if (t.split(",").length === 2 && t.indexOf(".") < 0) {
      t = t.replace(",", ".");
    }
    if (t === "" || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
      return null;
    }
    var v = Number(t);
    return isFinite(v) ? v : null;
  };

  // ------------------------------------------------------------------ small helpers

  P.$ = function (id) {
    return document.getElementById(id);
  };

  P.el = function (tag, attrs, ns) {
    var node = ns ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    return node;
  };

  P.clone = function (obj) {
    return JSON.parse(JSON.stringify(obj));
  };

  P.getPath = function (obj, path) {
    return path.reduce(function (o, k) {
      return o === undefined || o === null ? undefined : o[k];
    }, obj);
  };

  P.setPath = function (obj, path, value) {
    var o = obj;
    for (var i = 0; i < path.length - 1; i++) {
      if (typeof o[path[i]] !== "object" || o[path[i]] === null) {
        o[path[i]] = {};
      }
      o = o[path[i]];
    }
    o[path[path.length - 1]] = value;
  };

  P.last = function (list) {
    return list.length ? list[list.length - 1] : null;
  };

  P.featureLabel = function (name) {
    return cfg.features[name] !== undefined ? cfg.features[name] : name;
  };

  P.datasetInfo = function (name) {
    return cfg.datasets[name] || cfg.datasets[cfg.defaults.dataset];
  };

  // ------------------------------------------------------------------ the status line, one operation at a time

  P.status = function (text) {
    P.$("pg-status").textContent = text;
  };

  P.failed = function (code) {
    P.status(P.msg("pg.msg.failed", {status: code}));
  };

  // Operations run one after another (a step must not overlap a reset).
  var queue = Promise.resolve();
  P.enqueue = function (fn) {
    queue = queue.then(fn).catch(function (err) {
      P.failed(err && err.message ? err.message : String(err));
    });
    return queue;
  };
})();
