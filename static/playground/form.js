// form.js: the Playground's form <-> its query <-> the experiment (from the server) <-> the URL; controls that
// depend on other controls; the hidden layers' rows; the messages beside the controls.
//
// The script never turns the controls into an experiment itself: it sends their text, as the URL's query, to
// GET /playground/data/experiment, and the server answers the experiment, or {field, key, params} errors that this
// file shows beside their controls in the page's language (P.errorText).
(function (P) {
  "use strict";

  if (!P) {
    return;
  }
  var cfg = P.cfg;
  var form = P.form;
  var $ = P.$;

  function control(name) {
    return form.elements.namedItem(name);
  }
  P.control = control;

  // ------------------------------------------------------------------ the controls' text as a query

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#pg-layers .pg-layer"));
  }

  // The layers as the rows show them: [{units: text, activation}].
  function readLayers() {
    return rows().map(function (row) {
      return {units: row.querySelector(".pg-units").value, activation: row.querySelector(".pg-activation").value};
    });
  }

  // "4-tanh,2-relu" ("none" without layers); a size that is a number is written as one ("4,0" -> "4"), any other
  // text as it is, for the server to name.
  function hiddenText(layers) {
    return layers.map(function (h) {
      var v = P.readNumber(h.units);
      return (v === null ? String(h.units).replace(/[,-]/g, " ") : String(v)) + "-" + h.activation;
    }).join(",") || "none";
  }

  // The controls' text as the URL's query (the server reads it: GET /playground/data/experiment).
  P.formQuery = function () {
    var q = new URLSearchParams();
    cfg.params.forEach(function (p) {
      if (p.kind === "features") {
        form.querySelectorAll('input[name="features"]').forEach(function (box) {
          if (box.checked) {
            q.append(p.name, box.value);
          }
        });
      } else if (p.kind === "view") {
        q.append(p.name, $("pg-view-0").value + "," + $("pg-view-1").value);
      } else if (p.kind === "hidden") {
        q.append(p.name, hiddenText(readLayers()));
      } else if (p.kind === "bool") {
        q.append(p.name, control(p.name).checked ? "1" : "0");
      } else {
        q.append(p.name, control(p.name).value);
      }
    });
    return q;
  };

  // The experiment the controls describe: {experiment, train_size, errors: [{field, key, params}]}, or null
  // (the server did not answer; the status line says so).
  P.readExperiment = async function () {
    var r = await P.api("GET", cfg.path + "/data/experiment?" + P.formQuery().toString());
    if (r.status !== 200 || !r.data) {
      P.failed(r.status);
      return null;
    }
    // The server's experiment for the page's parameters; whatever else the current run has (exact initial
    // weights of an imported run, ...) stays.
    var exp = P.clone(P.s.current || cfg.experiment);
    cfg.params.forEach(function (p) {
      P.setPath(exp, p.path, P.getPath(r.data.experiment, p.path));
    });
    return {experiment: exp, errors: r.data.errors, train_size: r.data.train_size};
  };

  // ------------------------------------------------------------------ the experiment -> the form and the URL

  // One parameter's value as the URL writes it (the same text as app/services/playground.py to_query).
  function queryValue(exp, p) {
    var v = P.getPath(exp, p.path);
    if (p.kind === "view") {
      return v[0] + "," + v[1];
    }
    if (p.kind === "hidden") {
      return v.map(function (h) { return h.units + "-" + h.activation; }).join(",") || "none";
    }
    if (p.kind === "bool") {
      return v ? "1" : "0";
    }
    if (p.kind === "features") {
      return v.join(",");
    }
    return String(v);
  }

  // One parameter's value as a learner reads it (display names, no identifiers): legends, the compare list.
  P.valueLabel = function (exp, p) {
    var v = P.getPath(exp, p.path);
    if (p.choices) {
      return P.choiceLabel(p.name, v);
    }
    if (p.kind === "hidden") {
      return v.map(function (h) { return h.units + " " + cfg.activations[h.activation]; }).join(", ") || "0";
    }
    if (p.kind === "features") {
      return v.map(P.featureLabel).join(", ");
    }
    if (p.kind === "view") {
      var names = P.datasetInfo(exp.dataset).features;
      return P.featureLabel(names[v[0]]) + ", " + P.featureLabel(names[v[1]]);
    }
    return queryValue(exp, p);
  };

  function toQuery(exp) {
    var q = new URLSearchParams();
    cfg.params.forEach(function (p) {
      if (p.kind === "features") {
        P.getPath(exp, p.path).forEach(function (f) { q.append(p.name, f); });
      } else {
        q.append(p.name, queryValue(exp, p));
      }
    });
    q.append("speed", $("pg-speed").value);
    return q;
  }

  P.writeForm = function (exp) {
    cfg.params.forEach(function (p) {
      var v = P.getPath(exp, p.path);
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
        P.renderLayers(v);
      } else if (p.kind === "bool") {
        control(p.name).checked = !!v;
      } else {
        control(p.name).value = String(v);
      }
    });
    P.syncLrSlider();
    P.updateVisibility();
  };

  P.syncURL = function () {
    if (!P.s.current) {
      return;
    }
    var query = toQuery(P.s.current).toString();
    history.replaceState(null, "", cfg.path + "?" + query);
    document.querySelectorAll("#lang-switch a[data-lang]").forEach(function (a) {
      a.setAttribute("href", cfg.path + "?" + query + "&lang=" + a.getAttribute("data-lang"));
    });
  };

  // Which parameters differ between two experiments.
  P.changedParams = function (a, b) {
    return cfg.params.filter(function (p) {
      return JSON.stringify(P.getPath(a, p.path)) !== JSON.stringify(P.getPath(b, p.path));
    });
  };

  P.paramLabels = function (list) {
    return list.map(function (p) { return p.label; }).join(", ");
  };

  // ------------------------------------------------------------------ controls that depend on other controls

  // A control's data-when: "synthetic", "several-features" or "param=value|value", of the controls as they are.
  function conditionHolds(cond) {
    var info = P.datasetInfo(control("dataset").value);
    if (cond === "synthetic") {
      return info.synthetic;
    }
    if (cond === "several-features") {
      return info.features.length > 2;
    }
    var parts = cond.split("=");
    var input = control(parts[0]);
    return input ? parts[1].split("|").indexOf(input.type === "checkbox" ? (input.checked ? "1" : "0") : input.value) >= 0 : true;
  }

  function fillViewOptions(dataset) {
    var info = P.datasetInfo(dataset);
    if (info.features.length <= 2) {
      return;
    }
    ["pg-view-0", "pg-view-1"].forEach(function (id) {
      var select = $(id);
      var keep = select.value;
      var names = info.features.map(P.featureLabel);
      if (Array.prototype.map.call(select.options, function (o) { return o.textContent; }).join() === names.join()) {
        return;
      }
      select.textContent = "";
      names.forEach(function (name, i) {
        var o = P.el("option", {value: String(i)});
        o.textContent = name;
        select.appendChild(o);
      });
      select.value = keep;
    });
  }

  P.updateVisibility = function () {
    document.querySelectorAll("[data-when]").forEach(function (node) {
      node.hidden = !conditionHolds(node.getAttribute("data-when"));
    });
    var dataset = control("dataset").value;
    var task = P.datasetInfo(dataset).task;
    var allowed = cfg.losses[task];
    Array.prototype.forEach.call(control("loss").options, function (o) {
      o.disabled = o.value !== "auto" && allowed.indexOf(o.value) < 0;
    });
    var chosen = control("loss").value;
    var loss = chosen === "auto" || allowed.indexOf(chosen) < 0 ? allowed[0] : chosen;
    $("pg-output").textContent = P.msg("pg.output", {activation: cfg.activations[cfg.outputs[task][loss]],
                                                      loss: P.choiceLabel("loss", loss)});
    fillViewOptions(dataset);
  };

  P.updateTask = function (task) {
    P.root.setAttribute("data-task", task);
    document.querySelectorAll("[data-task-only]").forEach(function (node) {
      node.hidden = task === "regression";
    });
  };

  // The learning rate: a text field and a slider over log10(lr), kept in step.
  P.syncLrSlider = function () {
    var v = P.readNumber(control("lr").value);
    if (v !== null && v > 0) {
      $("pg-lr-log").value = String(Math.log10(v));
    }
  };

  // ------------------------------------------------------------------ hidden layers (+/- buttons)

  P.renderLayers = function (layers) {
    var list = $("pg-layers");
    var template = $("pg-layer-template");
    list.textContent = "";
    layers.forEach(function (h, i) {
      var row = template.content.firstElementChild.cloneNode(true);
      var n = i + 1;
      row.setAttribute("data-layer", String(i));
      row.querySelector(".pg-layer-name").textContent = P.msg("pg.layer.name", {layer: n});
      row.querySelector('[data-units="-1"]').setAttribute("aria-label", P.msg("pg.layer.fewer", {layer: n}));
      row.querySelector('[data-units="1"]').setAttribute("aria-label", P.msg("pg.layer.more", {layer: n}));
      var units = row.querySelector(".pg-units");
      units.value = String(h.units);
      units.setAttribute("aria-label", P.msg("pg.layer.units", {layer: n}));
      var act = row.querySelector(".pg-activation");
      act.value = h.activation;
      act.setAttribute("aria-label", P.msg("pg.layer.activation", {layer: n}));
      list.appendChild(row);
    });
    $("pg-layer-count").textContent = String(layers.length);
    $("pg-hidden").value = hiddenText(layers);
    $("pg-layer-add").disabled = layers.length >= cfg.max_hidden;
    $("pg-layer-remove").disabled = layers.length === 0;
  };

  // fn(layers) changes the rows' layers ({units: number, activation}); the change is then applied.
  P.changeLayers = function (fn) {
    var layers = readLayers().map(function (h) {
      var v = P.readNumber(h.units);
      return {units: v === null ? cfg.units.min : v, activation: h.activation};
    });
    fn(layers);
    P.renderLayers(layers);
    P.applyForm("change");
  };

  P.syncHidden = function () {
    $("pg-hidden").value = hiddenText(readLayers());
  };

  // ------------------------------------------------------------------ messages beside controls

  P.clearErrors = function () {
    document.querySelectorAll("#pg-form .field-error").forEach(function (span) {
      span.textContent = "";
    });
    document.querySelectorAll("#pg-form .invalid").forEach(function (node) {
      node.classList.remove("invalid");
    });
    document.querySelectorAll('#pg-form [aria-invalid="true"]').forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
  };

  // Each error {field, key, params} beside its control; true if at least one found its place.
  P.showErrors = function (errors) {
    var placed = false;
    errors.forEach(function (error) {
      var span = document.querySelector('[data-error-for="' + error.field + '"]');
      if (!span) {
        return;
      }
      span.textContent = P.errorText(error);
      var field = $("field-" + error.field) || span.parentElement;
      field.classList.add("invalid");
      var input = control(error.field);
      if (input && input.setAttribute) {
        input.setAttribute("aria-invalid", "true");
      }
      placed = true;
    });
    return placed;
  };
})(window.nnlabPlayground);
