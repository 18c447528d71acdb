// Alliance graph page: loads /api/graph, draws it with Cytoscape (pan, zoom), filters by tie
// type and date range, and on an edge click shows its events and sentences from
// /api/graph/edge. Every string from the data is set with textContent, never innerHTML.
"use strict";

(function () {
  var TIE_COLOURS = {
    treaty: "#2458a6", arms: "#c0392b", intelligence: "#8e44ad", security: "#d35400",
    energy: "#b7950b", trade: "#16a085", diplomatic: "#5d6d7e", hostile: "#e0115f",
  };
  var FALLBACK = ["#1abc9c", "#e67e22", "#34495e", "#7f8c8d", "#27ae60"];
  var MAX_EDGES = 300;  // the heaviest ties; a browser cannot lay out tens of thousands
  var state = { graph: null, ties: null, cy: null };

  function colour(tie, i) { return TIE_COLOURS[tie] || FALLBACK[i % FALLBACK.length]; }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function params() {
    var q = new URLSearchParams();
    var since = document.getElementById("since").value;
    var until = document.getElementById("until").value;
    if (since) q.set("since", since);
    if (until) q.set("until", until);
    return q;
  }

  function setStatus(text) { document.getElementById("graph-status").textContent = text; }

  function buildTieFilter(ties) {
    var box = document.getElementById("tie-filter");
    clear(box);
    box.appendChild(el("legend", "Tie types"));
    if (!ties.length) { box.appendChild(el("p", "no ties yet", "muted")); }
    ties.forEach(function (tie, i) {
      var label = el("label");
      var input = document.createElement("input");
      input.type = "checkbox"; input.name = "tie"; input.value = tie;
      input.checked = !state.ties || state.ties.has(tie);
      input.addEventListener("change", applyTieFilter);
      var swatch = el("span", null, "swatch");
      swatch.style.backgroundColor = colour(tie, i);
      label.appendChild(input); label.appendChild(swatch); label.appendChild(el("span", tie));
      box.appendChild(label);
    });
  }

  function checkedTies() {
    var set = new Set();
    document.querySelectorAll("#tie-filter input[name=tie]:checked").forEach(function (i) {
      set.add(i.value);
    });
    return set;
  }

  function applyTieFilter() {
    state.ties = checkedTies();
    if (!state.cy) return;
    state.cy.batch(function () {
      state.cy.edges().forEach(function (e) {
        e.style("display", state.ties.has(e.data("tie")) ? "element" : "none");
      });
      state.cy.nodes().forEach(function (n) {
        var visible = n.connectedEdges().some(function (e) { return state.ties.has(e.data("tie")); });
        n.style("display", visible || n.connectedEdges().length === 0 ? "element" : "none");
      });
    });
    fillEdgeList();
  }

  function edgeDates(e) {
    if (!e.first_date) return "undated";
    return e.first_date === e.last_date ? e.first_date : e.first_date + " – " + e.last_date;
  }

  function fillEdgeList() {
    var body = document.querySelector("#edge-list tbody");
    clear(body);
    var ties = state.ties || new Set(state.graph.ties);
    state.graph.edges.filter(function (e) { return ties.has(e.tie); }).forEach(function (e) {
      var tr = document.createElement("tr");
      tr.appendChild(el("td", e.source));
      tr.appendChild(el("td", e.target));
      var td = el("td");
      var button = el("button", e.tie, "edge-link");
      button.type = "button";
      button.addEventListener("click", function () { showEdge(e); });
      td.appendChild(button);
      tr.appendChild(td);
      tr.appendChild(el("td", e.events.length));
      tr.appendChild(el("td", edgeDates(e)));
      body.appendChild(tr);
    });
  }

  function draw(graph) {
    var tieIndex = {};
    graph.ties.forEach(function (t, i) { tieIndex[t] = i; });
    var elements = graph.nodes.map(function (n) {
      return { group: "nodes", data: { id: n.id, label: n.label === n.id ? n.id : n.id + " · " + n.label, kind: n.kind, degree: n.degree } };
    }).concat(graph.edges.map(function (e) {
      return { group: "edges", data: {
        id: e.id, source: e.source, target: e.target, tie: e.tie, weight: e.weight,
        colour: colour(e.tie, tieIndex[e.tie] || 0), record: e,
        withheld: e.negated > 0 && e.negated >= e.events.length ? 1 : 0,
      } };
    }));
    if (state.cy) state.cy.destroy();
    state.cy = cytoscape({
      container: document.getElementById("cy"),
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 11, "background-color": "#4a6fa5",
          "width": "mapData(degree, 0, 20, 18, 48)", "height": "mapData(degree, 0, 20, 18, 48)",
          "text-valign": "bottom", "text-margin-y": 4, "color": "#1d232a" } },
        { selector: "node[kind = 'person']", style: { "background-color": "#9a7fb8" } },
        { selector: "edge", style: {
          "width": "mapData(weight, 1, 10, 2, 9)", "line-color": "data(colour)",
          "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "opacity": 0.85 } },
        { selector: "edge[withheld = 1]", style: { "line-style": "dashed" } },
        { selector: "edge:selected", style: { "opacity": 1, "underlay-color": "#ffd54a", "underlay-opacity": 0.6, "underlay-padding": 4 } },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 400000,
                idealEdgeLength: 140, padding: 40 },
      minZoom: 0.1, maxZoom: 4,
    });
    // a small graph fitted to the canvas is drawn huge: cap the initial zoom
    if (state.cy.zoom() > 1.1) { state.cy.zoom(1.1); state.cy.center(); }
    state.cy.on("tap", "edge", function (evt) { showEdge(evt.target.data("record")); });
    window.allywatchGraph = state.cy;  // for the browser tests and the console
    applyTieFilter();
  }

  function showEdge(edge) {
    var panel = document.getElementById("edge-panel");
    clear(panel);
    panel.appendChild(el("h2", edge.source + " → " + edge.target));
    panel.appendChild(el("p", edge.tie + " · " + edge.events.length + " event(s) · " + edgeDates(edge), "muted"));
    var loading = el("p", "loading…", "muted");
    panel.appendChild(loading);
    var q = params();
    q.set("source", edge.source); q.set("target", edge.target); q.set("tie", edge.tie);
    fetch("/api/graph/edge?" + q.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        panel.removeChild(loading);
        if (!res.ok) { panel.appendChild(el("p", res.body.detail || "failed", "error")); return; }
        res.body.event_records.forEach(function (ev) { panel.appendChild(eventBlock(ev)); });
        panel.setAttribute("data-loaded", edge.id);
      })
      .catch(function (err) { loading.textContent = "could not load: " + err; });
  }

  function eventBlock(ev) {
    var box = el("div", null, "event");
    var head = el("p");
    head.appendChild(el("span", ev.type, "etype"));
    if (ev.negated) { head.appendChild(document.createTextNode(" ")); head.appendChild(el("span", "withheld/denied", "tag neg")); }
    head.appendChild(document.createTextNode(" " + (ev.date || "date unknown") + " " + (ev.detail || "")));
    box.appendChild(head);
    ev.evidence.forEach(function (e) {
      var quote = el("blockquote", null, "evidence");
      quote.appendChild(el("q", e.sentence));
      var link = el("a", "document " + e.doc_id + " [" + e.start + "–" + e.end + "]", "src");
      link.href = "/documents/" + encodeURIComponent(e.doc_id) + "#ev-" + encodeURIComponent(ev.id);
      quote.appendChild(link);
      box.appendChild(quote);
    });
    return box;
  }

  function load() {
    setStatus("loading…");
    var q = params();
    q.set("max_edges", String(MAX_EDGES));
    fetch("/api/graph?" + q.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { setStatus(res.body.detail || "the graph could not be loaded"); return; }
        state.graph = res.body;
        if (state.ties === null) state.ties = new Set(res.body.ties);
        buildTieFilter(res.body.ties);
        draw(res.body);
        var shown = res.body.nodes.length + " actors, " + res.body.edges.length + " ties";
        if (res.body.total_edges > res.body.edges.length) {
          shown += " (the " + MAX_EDGES + " best-evidenced of " + res.body.total_edges + ")";
        }
        setStatus(shown);
        document.body.setAttribute("data-graph-ready", "1");
      })
      .catch(function (err) { setStatus("could not load the graph: " + err); });
  }

  document.getElementById("graph-filters").addEventListener("submit", function (evt) {
    evt.preventDefault();
    load();
  });
  load();
})();
