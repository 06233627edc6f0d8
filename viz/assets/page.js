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
  // Names are not vis-network's labels (those scale with the zoom and pile up): the page draws
  // them itself, at a fixed size on the screen, most important first, none over another.
  var big = data.nodes.length > data.big;
  function visNode(n) {
    var c = CLASSES.get(n.type);
    var tip = n.label + "\n" + c.zh + " · " + c.name;
    if (n.aliases.length) tip += "\n别名：" + n.aliases.join("、");
    return {
      id: n.id, x: n.x, y: n.y, size: n.size, type: n.type,
      shape: c.shape, color: c.color, title: tip
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
      id: e.id, from: e.from, to: e.to, relation: e.relation, label: RELATIONS.get(e.relation).zh, title: edgeTip(e)
    };
    // parallel edges between one pair would be drawn on top of each other: bend all but the first
    if (e.bend) x.smooth = { enabled: true, type: e.bend > 0 ? "curvedCW" : "curvedCCW", roundness: Math.min(0.6, 0.2 * Math.abs(e.bend)) };
    return x;
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  // a large graph's edges are drawn by the page in a few strokes (below): vis-network holds only those
  // of the entity in the spotlight (tens of thousands of its edges cost seconds to load and update)
  var edges = new vis.DataSet(big ? [] : data.edges.map(visEdge));
  if (data.physics) {
    // hidden edges still pull in vis-network's physics: an unlinked entity stays by its district
    edges.add(data.ties.map(function (t, i) { return { id: "tie" + i, from: t[0], to: t[1], hidden: true, tie: true }; }));
  }
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shown.cls[n.type]; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return e.tie || shown.rel[e.relation]; } });
  var options = {
    autoResize: true,
    layout: { improvedLayout: false },
    nodes: { borderWidth: 1 },
    edges: {
      width: 1, hoverWidth: 1.5, selectionWidth: 2, smooth: false,
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#b5b5b5", highlight: "#333333", hover: "#777777" },
      font: { size: 11, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      // edge labels only once zoomed in enough to read them: thousands of labels cost every frame
      scaling: { label: { drawThreshold: 8 } }
    },
    interaction: {
      hover: true, tooltipDelay: 120, multiselect: false,
      // a large graph: while dragged, the last frame is moved as a picture (below); nodes stay put
      hideEdgesOnDrag: big, hideEdgesOnZoom: big, hideNodesOnDrag: big, dragNodes: !big
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

  // ------------------------------------------------------------------ a large graph's edges
  // Tens of thousands of edges drawn one by one (each its own path, arrow and hit test) took
  // seconds a frame; as a few thin, faint paths they take milliseconds, and their overlap shows
  // where the graph is dense. Hidden while zooming, as vis-network hides its own.
  var inked = [], CHUNK = 1000;
  function reink() { inked = data.edges.filter(function (e) { return shown.rel[e.relation]; }); }
  reink();
  var INK = "rgba(100, 100, 100, " + Math.min(0.5, 15 / Math.sqrt(Math.max(1, data.edges.length))).toFixed(3) + ")";
  network.on("beforeDrawing", function (ctx) {
    var r = network.renderer;
    if (big && r.dragging) return still(ctx);
    if (!big || r.zooming) return;
    var all = network.body.nodes, box = $("graph");
    // only the edges that cross the view: zoomed in, the canvas would still stroke them all
    var lo = network.DOMtoCanvas({ x: 0, y: 0 }), hi = network.DOMtoCanvas({ x: box.clientWidth, y: box.clientHeight });
    ctx.save();
    ctx.lineWidth = 1 / network.getScale(); // one screen pixel at any zoom
    ctx.strokeStyle = spot ? "rgba(100, 100, 100, 0.03)" : INK;
    ctx.beginPath();
    for (var i = 0; i < inked.length; i++) {
      var a = all[inked[i].from], b = all[inked[i].to];
      if (!a || !b) continue; // a class filtered out
      if ((a.x < lo.x && b.x < lo.x) || (a.x > hi.x && b.x > hi.x) || (a.y < lo.y && b.y < lo.y) || (a.y > hi.y && b.y > hi.y)) continue;
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      // in strokes of a thousand: one path of 40,000 lines stalled Chromium's rasteriser for
      // seconds (10-30 s after a spotlight ended), a thousand at a time does not
      if (i % CHUNK === CHUNK - 1) { ctx.stroke(); ctx.beginPath(); }
    }
    ctx.stroke();
    ctx.restore();
  });

  // Panning a large graph: drawing thousands of nodes takes ~100 ms a frame, moving a picture of
  // the last frame a few; the graph is drawn anew once the drag ends.
  var snap = null;
  network.on("dragStart", function () {
    if (!big) return;
    var canvas = $("graph").querySelector("canvas");
    snap = { picture: document.createElement("canvas"), at: network.canvasToDOM({ x: 0, y: 0 }) };
    snap.picture.width = canvas.width; snap.picture.height = canvas.height;
    snap.picture.getContext("2d").drawImage(canvas, 0, 0);
  });
  network.on("dragEnd", function () { snap = null; });
  function still(ctx) {
    if (!snap) return;
    var now = network.canvasToDOM({ x: 0, y: 0 }), ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(snap.picture, (now.x - snap.at.x) * ratio, (now.y - snap.at.y) * ratio);
    ctx.restore();
  }

  // ------------------------------------------------------------------ names, by priority
  var FACE = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var ORDER = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
  var CELL = 64; // px: the grid that finds the names already placed near a new one
  var SPOTS = [[0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1]]; // around a node
  var widths = new Map();
  var labelled = [], boxes = []; // ids named in the last frame and where: kg.labelled(), kg.labelBoxes()
  function shortName(n) { return n.label.length > 16 ? n.label.slice(0, 15) + "…" : n.label; }
  function fontOf(n) { return (n.type === "District" ? "bold " : "") + n.font + "px " + FACE; }
  function drawLabels(ctx) {
    if (big && network.renderer.dragging) return; // they are in the picture being moved
    var box = $("graph"), W = box.clientWidth, H = box.clientHeight;
    var s = network.getScale(), o = network.canvasToDOM({ x: 0, y: 0 }), all = network.body.nodes;
    // level of detail: a budget of names for the view; zooming in spreads the nodes, so more fit
    var budget = Math.max(1, Math.min(data.labels.max, Math.round(W * H / data.labels.area)));
    var grid = new Map(), list = spot ? spot.order : ORDER, font = "";
    labelled = []; boxes = [];
    ctx.save();
    ctx.setTransform(network.canvas.pixelRatio || 1, 0, 0, network.canvas.pixelRatio || 1, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    ctx.lineWidth = 3; ctx.strokeStyle = "#ffffff";
    for (var i = 0; i < list.length && labelled.length < budget; i++) {
      var n = list[i], bn = all[n.id], district = n.type === "District";
      if (!bn) continue;
      var x = o.x + bn.x * s, y = o.y + bn.y * s, whole = spot !== null && n.id === spot.id;
      if (x < -200 || x > W + 200 || y < -50 || y > H + 50) continue;
      var text = whole ? n.label : shortName(n), key = whole ? -1 - n.id : n.id, w = widths.get(key);
      if (w === undefined) { ctx.font = font = fontOf(n); widths.set(key, w = ctx.measureText(text).width); }
      var r = bn.options.size * s, h = n.font * 1.25, at = null;
      // below the node, else above, right, left, then at a corner: the first place free of names;
      // a district tries the same places again, twice, farther out
      for (var k = 0; k < (district ? 3 : 1) * SPOTS.length && !at; k++) {
        var far = 1 + Math.floor(k / SPOTS.length), dx = SPOTS[k % SPOTS.length][0], dy = SPOTS[k % SPOTS.length][1];
        var cx = x + dx * (far * r + 4 + w / 2), top = y - h / 2 + dy * (far * (r + 2) + h / 2 + (far - 1) * h);
        var box = [cx - w / 2 - 2, top, cx + w / 2 + 2, top + h];
        if (place(grid, box)) at = [cx, top];
      }
      if (!at) continue;
      boxes.push(box);
      if (font !== fontOf(n)) ctx.font = font = fontOf(n); // setting a font is slow: only when it changes
      ctx.strokeText(text, at[0], at[1]);
      ctx.fillStyle = district ? "#17375e" : "#222222";
      ctx.fillText(text, at[0], at[1]);
      labelled.push(n.id);
    }
    ctx.restore();
  }
  function place(grid, r) {
    // false if `r` overlaps a name already placed; else it is placed
    var x0 = Math.floor(r[0] / CELL), x1 = Math.floor(r[2] / CELL), y0 = Math.floor(r[1] / CELL), y1 = Math.floor(r[3] / CELL);
    var cx, cy, k, cell;
    for (cx = x0; cx <= x1; cx++) for (cy = y0; cy <= y1; cy++) {
      cell = grid.get(cx + "," + cy);
      if (cell) for (k = 0; k < cell.length; k++) {
        var q = cell[k];
        if (r[0] < q[2] && q[0] < r[2] && r[1] < q[3] && q[1] < r[3]) return false;
      }
    }
    for (cx = x0; cx <= x1; cx++) for (cy = y0; cy <= y1; cy++) {
      k = cx + "," + cy;
      if (!grid.has(k)) grid.set(k, []);
      grid.get(k).push(r);
    }
    return true;
  }
  network.on("afterDrawing", function (ctx) {
    if (big && spot && !network.renderer.dragging) veil(ctx);
    drawLabels(ctx);
  });

  // ------------------------------------------------------------------ the spotlight
  // An entity searched or clicked, and its neighbours, keep their colours and names; everything
  // else fades and loses its name. A small graph's nodes and edges are recoloured; recolouring
  // thousands costs vis-network a second, so a large graph is veiled and the lit part drawn again
  // over the veil.
  function veil(ctx) {
    var ratio = network.canvas.pixelRatio || 1, all = network.body.nodes;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "rgba(252, 252, 251, 0.85)";
    ctx.fillRect(0, 0, $("graph").clientWidth, $("graph").clientHeight);
    ctx.restore();
    ctx.save();
    ctx.lineWidth = 1.5 / network.getScale();
    ctx.strokeStyle = "#555555";
    ctx.beginPath();
    links.get(spot.id).forEach(function (e) {
      var a = all[e.from], b = all[e.to];
      if (a && b && shown.rel[e.relation]) { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); }
    });
    ctx.stroke();
    ctx.lineWidth = 1 / network.getScale();
    spot.near.forEach(function (id) {
      var bn = all[id];
      if (!bn) return;
      ctx.fillStyle = CLASSES.get(bn.options.type).color;
      ctx.strokeStyle = id === spot.id ? "#000000" : "#ffffff";
      shape(ctx, CLASSES.get(bn.options.type).shape, bn.x, bn.y, bn.options.size);
    });
    ctx.restore();
  }
  function shape(ctx, kind, x, y, r) {
    ctx.beginPath();
    if (kind === "dot") ctx.arc(x, y, r, 0, 2 * Math.PI);
    else if (kind === "square") ctx.rect(x - r, y - r, 2 * r, 2 * r);
    else if (kind === "diamond") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); }
    else for (var k = 0; k < 10; k++) { // a star
      var a = -Math.PI / 2 + k * Math.PI / 5, q = k % 2 ? 0.45 * r : 1.1 * r;
      ctx.lineTo(x + q * Math.cos(a), y + q * Math.sin(a));
    }
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
  var spot = null; // {id, near: Set of ids, order: the near nodes, the entity first}
  var FADED = { background: "#eeeeee", border: "#dddddd", highlight: { background: "#eeeeee", border: "#dddddd" }, hover: { background: "#e6e6e6", border: "#cccccc" } };
  function spotlight(id) {
    var near = new Set([id]);
    links.get(id).forEach(function (e) { near.add(e.from); near.add(e.to); });
    var was = spot;
    spot = {
      id: id, near: near,
      order: [byId.get(id)].concat(ORDER.filter(function (n) { return n.id !== id && near.has(n.id); }))
    };
    if (!big) nodes.update(data.nodes.filter(function (n) { return !was || was.near.has(n.id) !== near.has(n.id); }).map(function (n) {
      return { id: n.id, color: near.has(n.id) ? CLASSES.get(n.type).color : FADED };
    }));
    var mine = new Set(links.get(id).map(function (e) { return e.id; }));
    if (big) {
      edges.clear();
      edges.add(links.get(id).map(visEdge));
    } else {
      edges.update(data.edges.map(function (e) {
        var lit = mine.has(e.id);
        return { id: e.id, color: { opacity: lit ? 1 : 0.15 }, label: lit ? RELATIONS.get(e.relation).zh : " " };
      }));
    }
  }
  function unspot() {
    if (!spot) return;
    var was = spot;
    spot = null;
    if (!big) nodes.update(data.nodes.filter(function (n) { return !was.near.has(n.id); }).map(function (n) {
      return { id: n.id, color: CLASSES.get(n.type).color };
    }));
    if (big) edges.clear();
    else edges.update(data.edges.map(function (e) { return { id: e.id, color: { opacity: 1 }, label: RELATIONS.get(e.relation).zh }; }));
  }
  function spotScale(id) {
    // close enough to tell the neighbours apart, far enough to keep most of them in view
    var p = network.getPosition(id), box = $("graph"), dx = 1, dy = 1;
    spot.near.forEach(function (m) {
      var q = network.body.nodes[m];
      if (q) { dx = Math.max(dx, Math.abs(q.x - p.x)); dy = Math.max(dy, Math.abs(q.y - p.y)); }
    });
    var s = Math.min((box.clientWidth / 2 - 80) / dx, (box.clientHeight / 2 - 50) / dy);
    return Math.max(0.35, Math.min(1.2, s));
  }

  function ready() {
    if (data.focus !== null && byId.has(data.focus)) {
      // a --focus page: the entity chosen, the whole neighbourhood in the window and named
      network.selectNodes([data.focus]);
      showNode(data.focus);
      network.fit({ animation: false });
    }
    timings.ready = performance.now();
    window.kgTimings = timings;
    window.kgReady = true;
    document.body.setAttribute("data-ready", "1");
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
    (big ? inked : edgeView).forEach(function (x) { if (!x.tie && shown.cls[byId.get(x.from).type] && shown.cls[byId.get(x.to).type]) e++; });
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
    filterBox($("relation-filters"), r, null, null, function (on) {
      shown.rel[r.name] = on; reink(); edgeView.refresh(); updateCounts();
    });
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
    spotlight(id);
    network.focus(id, {
      scale: spotScale(id),
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
    if (p.nodes.length) { spotlight(p.nodes[0]); showNode(p.nodes[0]); }
    else if (p.edges.length) showEdge(p.edges[0]);
    else { unspot(); $("info").hidden = true; }
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

  window.kg = {
    data: data, find: find, search: search, focus: focusNode,
    labelled: function () { return labelled.slice(); }, // the ids whose names the last frame drew
    labelBoxes: function () { return boxes.map(function (b) { return b.slice(); }); }, // their boxes, px
    lit: function () { return spot ? Array.from(spot.near) : null; } // the spotlight, if any
  };
})();
