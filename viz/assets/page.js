// The page's own script: builds the vis-network from the JSON block, then wires search, filters,
// the info panel and the edge tooltips. Every string from the reports is untrusted: it only ever
// reaches the DOM through textContent / value / createTextNode, never as markup.
(function () {
  "use strict";
  var timings = { start: performance.now() };
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var CLASSES = new Map(data.classes.map(function (c) { return [c.name, c]; }));
  var RELATIONS = new Map(data.relations.map(function (r) { return [r.name, r]; }));
  var shown = { cls: {}, rel: {} };
  data.classes.forEach(function (c) { shown.cls[c.name] = true; });
  data.relations.forEach(function (r) { shown.rel[r.name] = true; });

  var byId = new Map();
  var links = new Map(); // node id -> edges touching it
  data.nodes.forEach(function (n) { byId.set(n.id, n); links.set(n.id, []); });
  data.edges.forEach(function (e) { links.get(e.from).push(e); links.get(e.to).push(e); });

  // ------------------------------------------------------------------ small DOM helpers (text only)
  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = String(text);
    if (cls) x.className = cls;
    return x;
  }
  function $(id) { return document.getElementById(id); }

  // ------------------------------------------------------------------ the network
  function visNode(n) {
    var c = CLASSES.get(n.type);
    var tip = n.label + "\n" + c.zh + " · " + c.name;
    if (n.aliases.length) tip += "\n别名：" + n.aliases.join("、");
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, type: n.type,
      shape: c.shape, color: c.color, title: tip, font: { size: n.font }
    };
  }
  function edgeTip(e) {
    var box = el("div", null, "tip");
    box.appendChild(el("b", RELATIONS.get(e.relation).zh + " · " + e.relation));
    box.appendChild(el("span", byId.get(e.from).label + " → " + byId.get(e.to).label));
    e.evidence.forEach(function (ev) {
      box.appendChild(el("blockquote", ev.text));
      box.appendChild(el("small", "来源：" + ev.report));
    });
    if (e.more) box.appendChild(el("small", "另有 " + e.more + " 条证据"));
    if (!e.evidence.length) box.appendChild(el("small", "（无证据句）"));
    return box;
  }
  function visEdge(e) {
    var x = {
      id: e.id, from: e.from, to: e.to, relation: e.relation,
      label: RELATIONS.get(e.relation).zh, title: edgeTip(e)
    };
    // parallel edges between one pair would be drawn on top of each other: bend all but the first
    if (e.bend) x.smooth = { enabled: true, type: e.bend > 0 ? "curvedCW" : "curvedCCW", roundness: Math.min(0.6, 0.2 * Math.abs(e.bend)) };
    return x;
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shown.cls[n.type]; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return shown.rel[e.relation]; } });
  var big = data.nodes.length > data.big;
  var options = {
    autoResize: true,
    layout: { improvedLayout: false },
    nodes: {
      borderWidth: 1,
      font: { size: 14, strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 6 } }
    },
    edges: {
      width: 1, hoverWidth: 1.5, selectionWidth: 2, smooth: false,
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#b5b5b5", highlight: "#333333", hover: "#777777" },
      font: { size: 11, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      // edge labels only once zoomed in enough to read them: thousands of labels cost every frame
      scaling: { label: { drawThreshold: 8 } }
    },
    interaction: {
      hover: true, tooltipDelay: 120, multiselect: false, hideEdgesOnDrag: big, hideEdgesOnZoom: big
    },
    physics: data.physics ? {
      enabled: true, solver: "barnesHut", minVelocity: 1,
      barnesHut: {
        gravitationalConstant: -6000, centralGravity: 0, springLength: data.spacing,
        springConstant: 0.01, damping: 0.5, avoidOverlap: 0.5
      },
      stabilization: { enabled: true, iterations: data.physicsIterations, updateInterval: 50, fit: true }
    } : { enabled: false }
  };
  var network = new vis.Network($("graph"), { nodes: nodeView, edges: edgeView }, options);
  window.network = network; // as pyvis does: for tests and users' own scripts
  timings.network = performance.now();

  function ready() {
    timings.ready = performance.now();
    window.kgTimings = timings;
    window.kgReady = true;
    document.body.setAttribute("data-ready", "1");
    if (data.focus !== null) focusNode(data.focus, false);
  }
  if (data.physics) {
    // settle briefly from the computed layout, then stop for good: a moving graph cannot be read
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.fit({ animation: false });
    network.once("afterDrawing", ready);
  }

  // ------------------------------------------------------------------ counts and filters
  // ------------------------------------------------------------------ projects sized by investment
  var invested = data.nodes.filter(function (n) { return n.type === "Project" && n.investment; });
  var most = invested.reduce(function (m, n) { return Math.max(m, n.investment); }, 0);
  if (invested.length) $("sizing").hidden = false;
  $("size-by-investment").addEventListener("change", function (ev) {
    var on = ev.target.checked;
    nodes.update(data.nodes.filter(function (n) { return n.type === "Project"; }).map(function (n) {
      // area by investment: radius on a square-root scale, from 8 (none stated) to 48 (the largest)
      var size = !on ? n.size : n.investment ? 12 + 36 * Math.sqrt(n.investment / most) : 8;
      return { id: n.id, size: size };
    }));
  });

  function updateCounts() {
    var n = nodeView.length, e = 0;
    edgeView.forEach(function (x) { if (shown.cls[byId.get(x.from).type] && shown.cls[byId.get(x.to).type]) e++; });
    var all = data.nodes.length === n && data.edges.length === e;
    $("counts").textContent = all
      ? n + " 个实体 · " + e + " 条关系"
      : "显示 " + n + " / " + data.nodes.length + " 个实体 · " + e + " / " + data.edges.length + " 条关系";
  }
  function filterBox(parent, entry, symbol, color, onChange) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = entry.name;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    if (symbol) { var s = el("span", symbol, "sym"); s.style.color = color; label.appendChild(s); }
    label.appendChild(el("span", entry.zh + " " + entry.name));
    label.appendChild(el("span", entry.count, "n"));
    parent.appendChild(label);
    return box;
  }
  var classBoxes = {};
  data.classes.forEach(function (c) {
    classBoxes[c.name] = filterBox($("class-filters"), c, c.symbol, c.color, function (on) { setClass(c.name, on); });
  });
  data.relations.forEach(function (r) {
    filterBox($("relation-filters"), r, null, null, function (on) { shown.rel[r.name] = on; edgeView.refresh(); updateCounts(); });
  });
  function setClass(name, on) {
    shown.cls[name] = on;
    classBoxes[name].checked = on;
    nodeView.refresh();
    updateCounts();
  }
  updateCounts();

  // ------------------------------------------------------------------ focus and the info panel
  function focusNode(id, animate) {
    var n = byId.get(id);
    if (!n) return;
    if (!shown.cls[n.type]) setClass(n.type, true);
    network.selectNodes([id]);
    network.focus(id, {
      scale: Math.max(network.getScale(), 1),
      animation: animate === false ? false : { duration: 400, easingFunction: "easeInOutQuad" }
    });
    showNode(id);
  }
  function nodeButton(id) {
    var b = el("button", byId.get(id).label, "link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function field(dl, name, value) {
    dl.appendChild(el("dt", name));
    var dd = el("dd");
    if (typeof value === "string") dd.textContent = value; else dd.appendChild(value);
    dl.appendChild(dd);
  }
  function textList(items) {
    var ul = el("ul");
    items.forEach(function (t) { ul.appendChild(el("li", t)); });
    return ul;
  }
  function showNode(id) {
    var n = byId.get(id), c = CLASSES.get(n.type);
    $("info").hidden = false;
    $("info-title").textContent = n.label;
    var dl = el("dl");
    field(dl, "类别", c.zh + " · " + c.name);
    field(dl, "别名", n.aliases.length ? textList(n.aliases) : "—");
    field(dl, "来源报告", textList(n.reports));
    if (n.facts.length) {
      var facts = el("ul");
      n.facts.forEach(function (f) {
        var li = el("li");
        li.appendChild(el("span", (f.date ? (f.byReport ? "~" : "") + f.date : "—") + " ", "rel"));
        li.appendChild(el("span", f.what));
        li.appendChild(el("div", "“" + f.stated + "” · " + f.report, "rel"));
        facts.appendChild(li);
      });
      field(dl, "进展与数额（" + n.facts.length + "）", facts);
    }
    var rows = links.get(id).slice().sort(function (a, b) {
      return a.relation < b.relation ? -1 : a.relation > b.relation ? 1 : 0;
    });
    var ul = el("ul");
    rows.forEach(function (e) {
      var out = e.from === id, li = el("li");
      li.appendChild(el("span", (out ? "→ " : "← ") + RELATIONS.get(e.relation).zh + " ", "rel"));
      li.appendChild(nodeButton(out ? e.to : e.from));
      ul.appendChild(li);
    });
    field(dl, "相邻实体（" + rows.length + "）", rows.length ? ul : "—");
    field(dl, "IRI", el("span", n.iri, "iri"));
    $("info-body").replaceChildren(dl);
  }
  function showEdge(eid) {
    var e = data.edges[eid];
    $("info").hidden = false;
    $("info-title").textContent = RELATIONS.get(e.relation).zh + " · " + e.relation;
    var dl = el("dl"), pair = el("span");
    pair.appendChild(nodeButton(e.from));
    pair.appendChild(document.createTextNode(" → "));
    pair.appendChild(nodeButton(e.to));
    field(dl, "实体", pair);
    var ul = el("ul");
    e.evidence.forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("div", ev.text));
      li.appendChild(el("div", "来源：" + ev.report, "rel"));
      ul.appendChild(li);
    });
    field(dl, "证据", e.evidence.length ? ul : "—");
    $("info-body").replaceChildren(dl);
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else $("info").hidden = true;
  });

  // ------------------------------------------------------------------ search by name or alias
  var DROP = /[\s"'“”‘’「」《》]/g;
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(DROP, ""); }
  var exact = new Map(); // key -> ids, label keys first
  function index(key, id) {
    if (!key) return;
    var ids = exact.get(key);
    if (!ids) exact.set(key, ids = []);
    if (ids.indexOf(id) < 0) ids.push(id);
  }
  data.nodes.forEach(function (n) { index(norm(n.label), n.id); });
  data.nodes.forEach(function (n) { n.keys.concat(n.aliases).forEach(function (k) { index(norm(k), n.id); }); });

  function find(query) {
    var q = norm(query);
    if (!q) return [];
    if (exact.has(q)) return exact.get(q).slice();
    var hits = [];
    exact.forEach(function (ids, key) {
      if (key.indexOf(q) >= 0) ids.forEach(function (id) { if (hits.indexOf(id) < 0) hits.push(id); });
    });
    // the closest names first: shortest, then the most connected
    return hits.sort(function (a, b) {
      var x = byId.get(a), y = byId.get(b);
      return x.label.length - y.label.length || y.degree - x.degree;
    });
  }
  function search(query) {
    var hits = find(query), status = $("search-status");
    status.replaceChildren();
    if (!hits.length) { status.textContent = "没有找到“" + query + "”"; return null; }
    focusNode(hits[0]);
    if (hits.length > 1) {
      status.appendChild(el("span", "另有 " + (hits.length - 1) + " 个匹配："));
      var ul = el("ul", null, "candidates");
      hits.slice(1, 9).forEach(function (id) { var li = el("li"); li.appendChild(nodeButton(id)); ul.appendChild(li); });
      status.appendChild(ul);
    }
    return hits[0];
  }
  $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search($("search").value); });

  // suggestions: filled after the first drawing, so a large graph shows up first
  setTimeout(function () {
    var list = $("names"), seen = new Set();
    data.nodes.forEach(function (n) {
      [n.label].concat(n.aliases).forEach(function (name) {
        if (seen.has(name)) return;
        seen.add(name);
        var o = el("option");
        o.value = name;
        if (name !== n.label) o.label = name + " → " + n.label;
        list.appendChild(o);
      });
    });
  }, 0);

  window.kg = { data: data, find: find, search: search, focus: focusNode };
})();
