// "Save as scene" (templates/_save_scene.html): keep this page in its current state behind a short link.
//
// The scene is {format, version, page, query, runs}: the page's name, its URL query (every page keeps its state
// there) and the exports of the live runs the page shows (elements with data-run-id; role from data-run-role,
// "run" by default). POST /api/v1/scenes answers {id, url, qr}; the part then shows the link, its QR code and a
// link to the scene file (GET /api/v1/scenes/{id}).
(function () {
  "use strict";

  // Marks a link adds that are no part of a page's state.
  var NOT_STATE = ["lang", "scene", "present", "n"];

  function $(id) {
    return document.getElementById(id);
  }

  async function json(method, url, body) {
    var options = {method: method, credentials: "same-origin", headers: {"Accept": "application/json"}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var response = await fetch(url, options);
    if (!response.ok) {
      throw new Error(method + " " + url + ": " + response.status);
    }
    return response.json();
  }

  async function scene(part) {
    var query = {};
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      if (NOT_STATE.indexOf(key) < 0) {
        query[key] = value;
      }
    });
    var runs = {};
    var holders = document.querySelectorAll("[data-run-id]");
    for (var i = 0; i < holders.length; i++) {
      var id = holders[i].getAttribute("data-run-id");
      if (id) {
        runs[holders[i].getAttribute("data-run-role") || "run"] =
          await json("GET", "/api/v1/runs/" + encodeURIComponent(id) + "/export");
      }
    }
    return {format: "nnlab-scene", version: 1, page: part.getAttribute("data-scene-page"), query: query, runs: runs};
  }

  async function save(part) {
    var button = $("save-scene-button");
    var status = $("save-scene-status");
    button.disabled = true;
    status.textContent = part.getAttribute("data-saving");
    try {
      var saved = await json("POST", "/api/v1/scenes", await scene(part));
      var link = window.location.origin + saved.url;
      $("save-scene-link").href = saved.url;
      $("save-scene-link").textContent = link;
      $("save-scene-qr").src = saved.qr;
      $("save-scene-file").href = "/api/v1/scenes/" + encodeURIComponent(saved.id);
      $("save-scene-file").setAttribute("download", "nnlab-scene-" + saved.id + ".json");
      $("save-scene-result").hidden = false;
      part.setAttribute("data-scene-id", saved.id);
      status.textContent = part.getAttribute("data-saved");
    } catch (err) {
      status.textContent = part.getAttribute("data-failed");
    } finally {
      button.disabled = false;
    }
  }

  function init() {
    var part = $("save-scene");
    if (part) {
      $("save-scene-button").addEventListener("click", function () {
        save(part);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
