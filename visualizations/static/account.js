// graphkam account graph page: builds the vis-network from the embedded JSON and wires the controls.
// Every string from the data reaches the page as a DOM text node (textContent), never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const people = data.people;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function fmt(x) { return x === null || x === undefined ? "–" : Number(x).toFixed(2); }
  function words(s) { return String(s).replace(/_/g, " "); }

  function nodeTooltip(n) {
    const p = people[n.id] || {};
    const box = el("div");
    box.appendChild(el("b", p.name));
    const bits = [p.title, p.kind_label, p.stance ? "stance: " + p.stance : null,
                  p.roles && p.roles.length ? "roles: " + p.roles.map(words).join(", ") : null];
    bits.filter(Boolean).forEach(function (b) { box.appendChild(el("div", b)); });
    if (n.marks && n.marks.length) box.appendChild(el("div", "⚠ " + n.marks.map(function (m) {
      return {spof: "single point of failure", uncovered: "role not reached", opponent: "influential opponent not reached"}[m];
    }).join("; ")));
    return box;
  }
  function edgeTooltip(e) {
    const a = people[e.from], b = people[e.to];
    const box = el("div");
    box.appendChild(el("div", (a ? a.name : e.from) + " → " + (b ? b.name : e.to)));
    let line = data.labels[e.type] || words(e.type);
    if (e.strength !== null && e.strength !== undefined) line += " · " + (e.type === "influences" ? "weight " : "effective strength ") + fmt(e.strength);
    box.appendChild(el("div", line));
    box.appendChild(el("div", "layer: " + e.layer, "hint"));
    return box;
  }

  const nodes = new vis.DataSet(data.nodes.map(function (n) { return Object.assign({}, n, {title: nodeTooltip(n)}); }));
  const edges = new vis.DataSet(data.edges.map(function (e) { return Object.assign({}, e, {title: edgeTooltip(e)}); }));
  const container = document.getElementById("network");
  // big accounts: skip vis-network's slow clustering pre-layout, fewer iterations, straight edges
  const big = data.nodes.length > 300;
  const ITER = big ? 60 : 250;
  const FORCE = {
    layout: {hierarchical: {enabled: false}, randomSeed: 7, improvedLayout: !big},
    physics: {enabled: true, solver: "forceAtlas2Based",
              forceAtlas2Based: {gravitationalConstant: -60, springLength: 110, avoidOverlap: big ? 0 : 0.4},
              stabilization: {enabled: true, iterations: ITER, updateInterval: 50, fit: true}},
  };
  const HIER = {
    layout: {hierarchical: {enabled: true, direction: "UD", sortMethod: "directed", levelSeparation: 130,
                            nodeSpacing: 150, treeSpacing: 160, shakeTowards: "roots"}},
    physics: {enabled: false},
  };
  const options = Object.assign({
    autoResize: true,
    interaction: {hover: true, tooltipDelay: 120, navigationButtons: false, keyboard: false, hideEdgesOnDrag: big},
    nodes: {font: {face: "system-ui, Noto Sans CJK SC, sans-serif", size: 16, strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {smooth: big ? false : {enabled: true, type: "continuous"}, selectionWidth: 2},
  }, FORCE);
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  network.once("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); document.body.dataset.ready = "1"; });

  function setLayout(mode) {
    network.setOptions(mode === "hierarchical" ? HIER : FORCE);
    if (mode !== "hierarchical") {
      network.stabilize(ITER);
      network.once("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); network.fit(); });
    } else {
      network.fit();
    }
    document.body.dataset.layout = mode;
  }
  document.querySelectorAll("input[name=layout]").forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) setLayout(r.value); });
  });

  // ---- filters: layers, relationship types, role, stance ------------------------------
  function checkedSet(selector, attr) {
    const on = new Set();
    document.querySelectorAll(selector).forEach(function (c) { if (c.checked) on.add(c.dataset[attr]); });
    return on;
  }
  function applyFilters() {
    const layers = checkedSet(".layer-toggle", "layer");
    const types = checkedSet(".type-toggle", "type");
    const role = document.getElementById("role-filter").value;
    const stance = document.getElementById("stance-filter").value;
    const hiddenNodes = new Set();
    nodes.update(data.nodes.map(function (n) {
      let hide = false;
      if (n.kind === "stakeholder") {
        if (role === "__chain") hide = n.roles.length === 0;
        else if (role) hide = n.roles.indexOf(role) < 0;
        if (stance && n.stance !== stance) hide = true;
      } else if (role || stance) {
        hide = false;
      }
      if (hide) hiddenNodes.add(n.id);
      return {id: n.id, hidden: hide};
    }));
    edges.update(data.edges.map(function (e) {
      const hide = !layers.has(e.layer) || !types.has(e.type) || hiddenNodes.has(e.from) || hiddenNodes.has(e.to);
      return {id: e.id, hidden: hide};
    }));
  }
  document.querySelectorAll(".layer-toggle, .type-toggle").forEach(function (c) { c.addEventListener("change", applyFilters); });
  document.getElementById("role-filter").addEventListener("change", applyFilters);
  document.getElementById("stance-filter").addEventListener("change", applyFilters);

  // ---- search -------------------------------------------------------------------------
  const search = document.getElementById("search");
  search.addEventListener("input", function () {
    const q = search.value.trim().toLocaleLowerCase();
    const out = document.getElementById("search-result");
    if (!q) { network.unselectAll(); out.textContent = ""; return; }
    const hits = data.nodes.filter(function (n) { return n.search.indexOf(q) >= 0 || n.id.toLocaleLowerCase() === q; })
                           .map(function (n) { return n.id; });
    network.selectNodes(hits);
    if (hits.length) network.fit({nodes: hits, animation: false, maxZoomLevel: 1.5});
    out.textContent = hits.length === 1 ? people[hits[0]].name : hits.length + " matches";
    if (hits.length === 1) showPanel(hits[0]);
  });

  // ---- side panel ---------------------------------------------------------------------
  const panel = document.getElementById("panel");
  const body = document.getElementById("panel-body");
  function row(dl, term, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", term));
    dl.appendChild(el("dd", Array.isArray(value) ? value.map(words).join(", ") : value));
  }
  function relLine(r) {
    const li = el("li");
    const a = el("a", r.other_name);
    a.href = "#"; a.className = "person-link"; a.dataset.id = r.other;
    li.appendChild(a);
    let text = " — " + r.label;
    if (r.strength !== null && r.strength !== undefined) text += ", strength " + fmt(r.strength) + " (effective " + fmt(r.effective) + ")";
    if (r.weight !== null && r.weight !== undefined) text += ", weight " + fmt(r.weight);
    text += r.last_contact ? ", last contact " + r.last_contact : (r.type === "relates_to" || r.type === "knows" ? ", no contact recorded" : "");
    li.appendChild(document.createTextNode(text));
    return li;
  }
  function showPanel(id) {
    const p = people[id];
    if (!p) return;
    body.replaceChildren();
    body.dataset.id = id;
    body.appendChild(el("h2", p.name));
    const dl = el("dl");
    row(dl, "kind", p.kind_label);
    row(dl, "title", p.title);
    row(dl, "department", p.department);
    row(dl, "roles", p.roles);
    row(dl, "stance", p.stance);
    row(dl, "own influence", p.influence === undefined ? null : fmt(p.influence));
    row(dl, "influence on decision", p.influence_score === null || p.influence_score === undefined ? null : fmt(p.influence_score));
    row(dl, "paths from our team", p.connectivity);
    row(dl, "status", p.status);
    row(dl, "prefers competitor", p.competitor_preference);
    body.appendChild(dl);
    if (p.spof_cuts_off && p.spof_cuts_off.length) {
      body.appendChild(el("p", "⚠ Single point of failure: without this person we lose " + p.spof_cuts_off.join(", "), "alert"));
    }
    const ours = p.rels.filter(function (r) { return r.other_kind === "team_member" || (p.kind === "team_member" && r.other_kind === "stakeholder"); });
    const others = p.rels.filter(function (r) { return ours.indexOf(r) < 0; });
    body.appendChild(el("h3", p.kind === "team_member" ? "Relationships at the account" : "Our relationships"));
    if (ours.length) { const ul = el("ul", null, "ours"); ours.forEach(function (r) { ul.appendChild(relLine(r)); }); body.appendChild(ul); }
    else body.appendChild(el("p", "nobody on our team relates to this person", p.kind === "stakeholder" ? "alert" : "hint"));
    if (others.length) {
      body.appendChild(el("h3", "Other ties"));
      const ul = el("ul"); others.forEach(function (r) { ul.appendChild(relLine(r)); }); body.appendChild(ul);
    }
    body.appendChild(el("h3", "Gaps"));
    if (p.gaps.length) {
      const ul = el("ul", null, "gaps");
      p.gaps.forEach(function (g) { ul.appendChild(el("li", words(g.kind) + (g.severity ? " [" + g.severity + "]" : "") + ": " + g.message)); });
      body.appendChild(ul);
    } else body.appendChild(el("p", "none", "ok"));
    if (p.notes) { body.appendChild(el("h3", "Personal notes")); body.appendChild(el("div", p.notes, "notes")); }
    panel.hidden = false;
  }
  network.on("click", function (params) {
    if (params.nodes.length) showPanel(params.nodes[0]);
  });
  document.getElementById("panel-close").addEventListener("click", function () { panel.hidden = true; network.unselectAll(); });
  document.addEventListener("click", function (ev) {
    const a = ev.target.closest && ev.target.closest("a.person-link");
    if (!a) return;
    ev.preventDefault();
    if (!people[a.dataset.id]) return;
    network.selectNodes([a.dataset.id]);
    network.focus(a.dataset.id, {scale: 1.2, animation: false});
    showPanel(a.dataset.id);
  });

  window.graphkam = {network: network, nodes: nodes, edges: edges, data: data, setLayout: setLayout,
                     applyFilters: applyFilters, showPanel: showPanel};
  window.network = network;
})();
