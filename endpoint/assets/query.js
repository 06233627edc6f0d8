// The query page's script: lists the saved queries, POSTs the editor's query to /sparql and shows
// the answer. Every value in an answer may come from a report, so it reaches the DOM only through
// textContent, never as markup.
(function () {
  "use strict";
  var MAX_ROWS = 2000; // rows drawn; the rest are counted (a table of millions would hang the tab)
  var ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  var REPORTS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a <http://www.w3.org/ns/prov#Entity> } }";

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = String(text);
    if (cls) x.className = cls;
    return x;
  }
  function status(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  function ask(text) {
    return fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT },
      body: new URLSearchParams({ query: text })
    }).then(function (r) {
      return r.text().then(function (body) { return { ok: r.ok, status: r.status, type: r.headers.get("Content-Type") || "", body: body }; });
    });
  }

  // ------------------------------------------------------------------ the saved queries
  function listSaved(saved) {
    var ul = $("saved");
    saved.forEach(function (q) {
      var b = el("button", q.title);
      b.type = "button";
      b.title = q.description;
      b.dataset.name = q.name;
      b.appendChild(el("small", q.name));
      b.addEventListener("click", function () {
        $("query").value = q.text;
        ul.querySelectorAll("button.chosen").forEach(function (x) { x.classList.remove("chosen"); });
        b.classList.add("chosen");
        status(q.name);
        $("query").focus();
        $("query").setSelectionRange(0, 0); // from its top: the comment says what it answers
        $("query").scrollTop = 0;
      });
      ul.appendChild(el("li")).appendChild(b);
    });
    if (!saved.length) $("saved-status").textContent = "（没有保存的查询）";
  }

  // ------------------------------------------------------------------ an answer
  function cell(term) {
    var td = el("td");
    if (!term) return td;
    td.textContent = term.value;
    if (term.type === "uri") td.className = "iri";
    if (term.type === "bnode") td.textContent = "_:" + term.value;
    if (term["xml:lang"]) td.appendChild(el("span", "@" + term["xml:lang"], "lang"));
    return td;
  }
  function table(data) {
    var vars = data.head.vars || [];
    var rows = data.results.bindings;
    var t = el("table");
    var head = t.appendChild(el("thead")).appendChild(el("tr"));
    vars.forEach(function (v) { head.appendChild(el("th", v)); });
    var body = t.appendChild(el("tbody"));
    rows.slice(0, MAX_ROWS).forEach(function (row) {
      var tr = body.appendChild(el("tr"));
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    var n = rows.length + " 行 (rows)" + (rows.length > MAX_ROWS ? "，显示前 " + MAX_ROWS + " 行" : "");
    return { node: t, summary: n };
  }
  function show(answer, seconds) {
    var out = $("result");
    out.replaceChildren();
    var took = " · " + seconds.toFixed(2) + " s";
    if (!answer.ok) {
      status("HTTP " + answer.status + took, true);
      out.appendChild(el("pre", answer.body, "error"));
      return;
    }
    if (answer.type.indexOf("json") >= 0) {
      var data = JSON.parse(answer.body);
      if (typeof data.boolean === "boolean") {
        status("ASK" + took);
        out.appendChild(el("p", data.boolean ? "是 (true)" : "否 (false)"));
        return;
      }
      var t = table(data);
      status(t.summary + took);
      out.appendChild(t.node);
      return;
    }
    status((answer.type.split(";")[0] || "text") + took); // a graph: CONSTRUCT or DESCRIBE, in Turtle
    out.appendChild(el("pre", answer.body));
  }
  function run() {
    var text = $("query").value;
    if (!text.trim()) return;
    var started = performance.now();
    $("run").disabled = true;
    status("运行中… (running)");
    ask(text).then(function (answer) {
      show(answer, (performance.now() - started) / 1000);
    }, function (err) {
      status("无法连接端点 (cannot reach the endpoint): " + err, true);
    }).finally(function () {
      $("run").disabled = false;
      window.kgRuns = (window.kgRuns || 0) + 1;
    });
  }

  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  });

  // the counts come after the page, from the endpoint itself: the page never waits for the store
  ask(REPORTS).then(function (answer) {
    if (!answer.ok) return;
    var b = JSON.parse(answer.body).results.bindings[0];
    if (b && b.n) $("counts").textContent = Number(b.n.value).toLocaleString("zh-CN") + " 份报告 (reports)";
  }, function () {});

  fetch("/queries.json").then(function (r) { return r.json(); }).then(listSaved, function () {
    $("saved-status").textContent = "（无法读取保存的查询）";
  }).finally(function () { window.kgQueryReady = true; });
})();
