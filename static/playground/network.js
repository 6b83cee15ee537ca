// network.js: the network diagram (SVG): an edge per weight (width and colour: its value), a neuron per unit with
// a small map of its output over the data plane and the dead-ReLU share per layer; clicking an edge or a neuron
// fills the editor below, which sets that weight or bias on the server (PUT .../weight).
(function (P) {
  "use strict";

  if (!P) {
    return;
  }
  var cfg = P.cfg;
  var s = P.s;
  var $ = P.$;
  var NODE = 26;
  var diagram = null;  // {edges: [[[line]]], nodes: [[g]], images: [[image]], dead: [text]}
  var diagramKey = "";

  function svg(tag, attrs) {
    return P.el(tag, attrs, true);
  }

  P.denseLayers = function (net) {
    return net.layers.filter(function (l) { return (l.type || "dense") === "dense"; });
  };

  P.forgetDiagram = function () {
    diagramKey = "";
  };

  function buildDiagram(net) {
    var dense = P.denseLayers(net);
    var sizes = [net.inputs].concat(dense.map(function (l) { return l.units; }));
    var most = Math.max.apply(null, sizes);
    var gap = NODE + 8;
    var width = 720;
    var top = 34;
    var height = top + most * gap + 26;
    var names = (s.run ? s.run.feature_names : []).map(P.featureLabel);
    var longest = names.reduce(function (n, name) { return Math.max(n, name.length); }, 2);
    var left = 30 + 7.5 * longest;  // room for the input names left of the first column
    var colX = function (i) { return left + i * (width - left - 40) / (sizes.length - 1); };
    var rowY = function (n, j) { return top + (most - n) * gap / 2 + j * gap + NODE / 2; };
    var root = svg("svg", {viewBox: "0 0 " + width + " " + height, "class": "pg-net", role: "img",
                           "aria-label": P.msg("pg.network.title")});
    diagram = {edges: [], nodes: [], images: [], dead: []};
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
      head.textContent = i === 0 ? P.msg("pg.network.input") : (i === sizes.length - 1 ? P.msg("pg.network.output")
        : P.msg("pg.trace.layer", {layer: i}) + " · " + cfg.activations[dense[i - 1].activation]);
      root.appendChild(head);
      var nodes = [];
      var images = [];
      for (var j = 0; j < n; j++) {
        var x = colX(i) - NODE / 2;
        var y = rowY(n, j) - NODE / 2;
        var g = svg("g", {"class": "pg-node" + (i === 0 ? " pg-input" : ""), "data-layer": i - 1, "data-row": j});
        if (i > 0) {
          g.setAttribute("tabindex", "0");  // its map enlarges on focus too; Enter edits its bias
        }
        g.appendChild(svg("rect", {x: x, y: y, width: NODE, height: NODE, rx: 3}));
        var image = null;
        if (i > 0 && i < sizes.length - 1) {
          image = svg("image", {x: x + 1, y: y + 1, width: NODE - 2, height: NODE - 2, preserveAspectRatio: "none"});
          g.appendChild(image);
        }
        if (i === 0) {
          var label = svg("text", {x: x - 6, y: y + NODE / 2 + 5, "text-anchor": "end", "class": "pg-input-name"});
          label.textContent = names[j] || "x" + (j + 1);
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
    var box = $("pg-diagram");
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

  P.drawNetwork = function () {
    var net = s.network;
    if (!net) {
      return;
    }
    var dense = P.denseLayers(net);
    var key = [net.inputs].concat(dense.map(function (l) { return l.units + l.activation; })).join("-") +
      "|" + (s.run ? s.run.feature_names.join(",") : "");
    if (key !== diagramKey) {
      buildDiagram(net);
      diagramKey = key;
    }
    dense.forEach(function (layer, l) {
      layer.weight.forEach(function (row, j) {
        row.forEach(function (w, k) {
          var line = diagram.edges[l][j][k];
          var a = w === null ? 0 : Math.abs(w);
          line.setAttribute("stroke", w === null ? "#999999" : (w >= 0 ? "#0b5394" : "#c25400"));
          line.setAttribute("stroke-width", String(Math.min(1 + 2.5 * a, 7)));
          line.setAttribute("stroke-opacity", String(Math.min(0.35 + 0.65 * a, 1)));
          line.setAttribute("data-value", w === null ? "" : String(w));
          line.firstChild.textContent = P.msg("pg.network.weight", {layer: l + 1, row: j + 1, col: k + 1,
                                                                     value: P.fmt(w)});
        });
      });
      layer.bias.forEach(function (b, j) {
        var node = diagram.nodes[l + 1][j];
        node.setAttribute("data-value", b === null ? "" : String(b));
        node.lastChild.textContent = P.msg("pg.network.bias", {layer: l + 1, row: j + 1, value: P.fmt(b)});
      });
    });
    if (s.neuronMaps) {
      s.neuronMaps.forEach(function (units, l) {
        units.forEach(function (rows, j) {
          var image = diagram.images[l + 1] && diagram.images[l + 1][j];
          if (image) {
            image.setAttribute("href", mapImage(rows));
          }
        });
      });
    }
    diagram.dead.forEach(function (text, l) {
      var v = s.deadRelu ? s.deadRelu[l] : null;
      text.textContent = v === null || v === undefined ? "" : P.msg("pg.network.dead", {percent: P.percent(v)});
    });
  };

  // A neuron under the pointer is drawn last, so that its enlarged map (nnlab CSS) covers its neighbours.
  P.onDiagramHover = function (event) {
    var node = event.target.closest && event.target.closest(".pg-node");
    if (node && node.parentNode && node.parentNode.lastChild !== node && node !== document.activeElement) {
      node.parentNode.appendChild(node);
    }
  };

  P.onDiagramKey = function (event) {
    if (event.key === "Enter" && event.target.classList && event.target.classList.contains("pg-node")) {
      event.preventDefault();
      P.onDiagramClick(event);
    }
  };

  // Click an edge (a weight) or a neuron (its bias): the editor below the diagram takes the values.
  P.onDiagramClick = function (event) {
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
  };

  // The editor's fields read as the request's body, each checked against the network the page shows (and the
  // API's limit of a value): {body} or {error: {field, key, params}} for the first field at fault.
  function readWeight() {
    var dense = P.denseLayers(s.network);
    var body = {};
    var fields = [["layer", "pg-w-layer", 0, dense.length - 1, true], ["row", "pg-w-row", 0, 0, true],
                  ["col", "pg-w-col", 0, 0, true], ["value", "pg-w-value", cfg.weight.min, cfg.weight.max, false]];
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      var text = $(f[1]).value.trim();
      if (f[0] === "col" && text === "") {
        body.col = null;
        continue;
      }
      if (f[0] === "row") {
        f[3] = dense[body.layer].units - 1;
      } else if (f[0] === "col") {
        f[3] = (body.layer === 0 ? s.network.inputs : dense[body.layer - 1].units) - 1;
      }
      var v = P.readNumber(text);
      var error = null;
      if (text === "") {
        error = {key: "error.field.empty", params: {}};
      } else if (v === null) {
        error = {key: "error.field.not_number", params: {value: text.slice(0, 40)}};
      } else if (v < f[2] || v > f[3] || (f[4] && !Number.isInteger(v))) {
        error = {key: f[4] ? "error.field.integer" : "error.field.range",
                 params: {min: P.fmt(f[2], 15), max: P.fmt(f[3], 15)}};
      }
      if (error) {
        error.field = f[1];
        return {error: error};
      }
      body[f[0]] = v;
    }
    return {body: body};
  }

  P.setWeight = function (event) {
    event.preventDefault();
    P.enqueue(async function () {
      if (!s.run || !s.network) {
        return;
      }
      var out = $("err-weight");
      out.textContent = "";
      var read = readWeight();
      if (read.error) {
        var label = $(read.error.field).parentElement.firstChild.textContent.trim();
        out.textContent = label + ": " + P.errorText(read.error);
        return;
      }
      var r = await P.api("PUT", P.runUrl("/weight"), read.body);
      if (r.status === 200) {
        if (!P.playing()) {
          P.adopt(r.data, false);
        }
        s.network = r.data.network;
        P.status(P.msg("pg.msg.weight_set"));
        await P.fetchView();
      } else {
        P.failed(r.status);
      }
    });
  };
})(window.nnlabPlayground);
