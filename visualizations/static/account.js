// graphkam account graph page: builds the vis-network from the embedded JSON and wires the controls.
// Every string from the data reaches the page as a DOM text node (textContent), never as HTML.
// Labels come from the embedded catalogue (graphkam.i18n): T(key) in the current language.
(function () {
  "use strict";
  const T0 = performance.now();
  let data = JSON.parse(document.getElementById("graph-data").textContent);
  const MESSAGES = JSON.parse(document.getElementById("messages").textContent);
  let people = data.graph.people;
  let lang = (function () {
    try { const saved = window.localStorage.getItem("graphkam.lang"); if (saved === "en" || saved === "zh") return saved; } catch (e) { /* storage off */ }
    return data.lang === "zh" ? "zh" : "en";
  })();

  // ---- language ------------------------------------------------------------------------
  function T(key, values) {
    const pair = MESSAGES[key];
    if (!pair) { console.error("graphkam: no message " + key); return key; }
    let text = pair[lang === "zh" ? 1 : 0];
    if (values) Object.keys(values).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }
  function has(key) { return Object.prototype.hasOwnProperty.call(MESSAGES, key); }
  function enumLabel(family, value) { return has(family + "." + value) ? T(family + "." + value) : String(value).replace(/_/g, " "); }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function fmt(x) { return x === null || x === undefined ? "–" : Number(x).toFixed(2); }
  function personLink(id, name) {
    const a = el("a", name, "person-link stored");
    a.href = "#"; a.dataset.id = id;
    return a;
  }

  // ---- vis data ------------------------------------------------------------------------
  function nodeLabel(n) {
    return (n.marks && n.marks.length ? "⚠ " : "") + n.name + (n.left ? " (" + T("person.left") + ")" : "");
  }
  function nodeTooltip(n) {
    const p = people[n.id] || {};
    const box = el("div");
    box.appendChild(el("b", p.name, "stored"));
    if (p.title && !p.team_role) box.appendChild(el("div", p.title, "stored"));
    const bits = [p.team_role ? enumLabel("team_role", p.team_role) : null, enumLabel("kind", p.kind),
                  p.stance ? T("ui.stance") + ": " + enumLabel("stance", p.stance) : null,
                  p.roles && p.roles.length ? T("ui.roles") + ": " + p.roles.map(function (r) { return enumLabel("role", r); }).join(", ") : null];
    bits.filter(Boolean).forEach(function (b) { box.appendChild(el("div", b)); });
    if (n.marks && n.marks.length) box.appendChild(el("div", n.marks.map(function (m) { return T("ui.mark_" + m); }).join("; ")));
    return box;
  }
  function edgeTooltip(e) {
    const a = people[e.from], b = people[e.to];
    const box = el("div");
    box.appendChild(el("div", (a ? a.name : e.from) + " → " + (b ? b.name : e.to), "stored"));
    let line = enumLabel("rel", e.type);
    if (e.strength !== null && e.strength !== undefined) line += " · " + (e.type === "influences" ? T("ui.weight") : T("ui.effective") + " " + T("ui.strength")) + " " + fmt(e.strength);
    box.appendChild(el("div", line));
    box.appendChild(el("div", T("ui.tooltip_layer") + ": " + enumLabel("layer", e.layer), "hint"));
    return box;
  }
  // large accounts: the decision chain and our people get a bigger font, readable at the overview
  function important(n) { return n.kind === "team_member" || (n.roles && n.roles.length > 0); }
  function visNode(n) {
    const v = Object.assign({}, n, {label: nodeLabel(n), title: nodeTooltip(n)});
    if (big) v.font = {size: important(n) ? 34 : 16};
    return v;
  }
  function visEdge(e) { return Object.assign({}, e, {title: edgeTooltip(e)}); }

  // big accounts: the server placed the nodes (graph_data.initial_layout); no simulation here
  const big = data.graph.nodes.length > 0 && data.graph.nodes[0].x !== undefined;
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = "16px system-ui, Noto Sans CJK SC, sans-serif";
  const container = document.getElementById("network");
  const initial = data.graph.nodes.map(visNode);
  if (big) {  // the labels of the fitted first view, chosen before vis-network draws anything
    const xs = initial.map(function (n) { return n.x; }), ys = initial.map(function (n) { return n.y; });
    const lo = {x: Math.min.apply(null, xs), y: Math.min.apply(null, ys)}, hi = {x: Math.max.apply(null, xs), y: Math.max.apply(null, ys)};
    const rect = container.getBoundingClientRect();
    const scale = Math.min(rect.width / (hi.x - lo.x + 80), rect.height / (hi.y - lo.y + 80));
    const shown = chooseLabels(initial, Object.fromEntries(initial.map(function (n) { return [n.id, n]; })), {scale: scale, lo: lo, hi: hi});
    initial.forEach(function (n) { n.shownLabel = shown.has(n.id); if (!n.shownLabel) n.label = ""; });
  }
  const nodes = new vis.DataSet(initial);
  const edges = new vis.DataSet(data.graph.edges.map(visEdge));
  const ITER = big ? 80 : 250;
  const FORCE = {
    layout: {hierarchical: {enabled: false}, randomSeed: 7, improvedLayout: !big},
    physics: {enabled: true, solver: "forceAtlas2Based",
              forceAtlas2Based: {gravitationalConstant: big ? -90 : -60, springLength: big ? 140 : 110, avoidOverlap: big ? 0.6 : 0.4},
              stabilization: {enabled: true, iterations: ITER, updateInterval: 50, fit: true}},
  };
  const HIER = {
    layout: {hierarchical: {enabled: true, direction: "UD", sortMethod: "directed", levelSeparation: 130,
                            nodeSpacing: 150, treeSpacing: 160, shakeTowards: "roots"}},
    physics: {enabled: false},
  };
  const options = Object.assign({
    autoResize: true,
    interaction: {hover: true, tooltipDelay: 120, navigationButtons: false, keyboard: {enabled: true, bindToWindow: false}, hideEdgesOnDrag: big},
    nodes: {font: {face: "system-ui, Noto Sans CJK SC, sans-serif", size: 16, strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {smooth: big ? false : {enabled: true, type: "continuous"}, selectionWidth: 2},
    manipulation: {enabled: false},
  }, FORCE, big ? {physics: {enabled: false}} : {});
  const T1 = performance.now();
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  function ready() {
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false});
    declutterLabels();
    document.body.dataset.timing = [Math.round(T0), Math.round(T1), Math.round(performance.now())].join(",");
    document.body.dataset.readyAt = String(Math.round(performance.now()));
    document.body.dataset.ready = "1";
  }
  if (big) network.once("afterDrawing", function () { window.setTimeout(ready, 0); });
  else network.once("stabilizationIterationsDone", ready);

  // Labels at large accounts: a label is drawn only when it does not overlap a label already
  // placed (decision chain and our people first, then by size); the name stays in the tooltip
  // and comes back on zooming in. Widths are measured with the canvas font vis-network uses.
  // `view` is {scale, lo, hi} (canvas units); `pos` maps id -> {x, y}.
  function chooseLabels(list, pos, view) {
    const placed = [], shown = new Set();
    const rank = function (n) { return (important(n) ? 1000 : 0) + (n.size || 0); };
    list.slice().sort(function (a, b) { return rank(b) - rank(a); }).forEach(function (n) {
      const p = pos[n.id];
      if (!p || p.x < view.lo.x || p.x > view.hi.x || p.y < view.lo.y || p.y > view.hi.y) return;
      const size = (n.font && n.font.size) || 16;
      if (size * view.scale < 6) return;
      const w = measure.measureText(nodeLabel(n)).width * size / 16 + 8, h = size * 1.35;
      const top = n.shape === "box" ? p.y - h / 2 : p.y + (n.size || 14);
      const box = {x: p.x - w / 2, y: top, w: w, h: h};
      if (placed.some(function (b) { return box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h; })) return;
      placed.push(box);
      shown.add(n.id);
    });
    return shown;
  }
  function declutterLabels() {
    if (!big) return;
    const all = nodes.get({filter: function (n) { return !n.hidden && network.body.nodes[n.id]; }});
    const pos = network.getPositions(all.map(function (n) { return n.id; }));
    const rect = container.getBoundingClientRect();
    const view = {scale: network.getScale(), lo: network.DOMtoCanvas({x: 0, y: 0}), hi: network.DOMtoCanvas({x: rect.width, y: rect.height})};
    const shown = chooseLabels(all, pos, view);
    const updates = [];
    all.forEach(function (n) {
      const show = shown.has(n.id);
      if (n.shownLabel !== show) updates.push({id: n.id, label: show ? nodeLabel(n) : "", shownLabel: show});
    });
    if (updates.length) nodes.update(updates);
  }
  network.on("zoom", function () { window.clearTimeout(declutterLabels.t); declutterLabels.t = window.setTimeout(declutterLabels, 120); });
  network.on("dragEnd", function () { if (big) declutterLabels(); });  // a pan brings others into view

  function setLayout(mode) {
    network.setOptions(mode === "hierarchical" ? HIER : FORCE);
    if (mode !== "hierarchical") {
      network.stabilize(ITER);
      network.once("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); network.fit(); declutterLabels(); });
    } else {
      network.fit();
      declutterLabels();
    }
    document.body.dataset.layout = mode;
  }
  document.querySelectorAll("input[name=layout]").forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) setLayout(r.value); });
  });

  // ---- filters: layers, relationship types, role, stance, decision-chain focus ----------
  function checkedSet(selector, attr) {
    const on = new Set(), all = new Set();
    document.querySelectorAll(selector).forEach(function (c) { all.add(c.dataset[attr]); if (c.checked) on.add(c.dataset[attr]); });
    return {on: on, all: all, has: function (v) { return on.has(v) || !all.has(v); }};
  }
  function focusSet() {
    // The decision chain, our people and every node on a shortest path between them.
    const chain = data.graph.nodes.filter(function (n) { return n.kind === "stakeholder" && n.roles.length && !n.left; }).map(function (n) { return n.id; });
    const ours = data.graph.nodes.filter(function (n) { return n.kind === "team_member"; }).map(function (n) { return n.id; });
    const keep = new Set(chain.concat(ours));
    const adj = {};
    data.graph.edges.forEach(function (e) {
      if (e.type === "in_department" || e.type === "on_team" || e.type === "subsidiary_of") return;
      (adj[e.from] = adj[e.from] || []).push(e.to); (adj[e.to] = adj[e.to] || []).push(e.from);
    });
    const targets = new Set(chain);
    ours.forEach(function (start) {  // BFS from each of ours: keep the paths to the chain
      const prev = {}; prev[start] = null;
      const queue = [start];
      while (queue.length) {
        const cur = queue.shift();
        (adj[cur] || []).forEach(function (nx) { if (!(nx in prev)) { prev[nx] = cur; queue.push(nx); } });
      }
      targets.forEach(function (t) { let c = t; while (c !== null && c !== undefined && c in prev) { keep.add(c); c = prev[c]; } });
    });
    return keep;
  }
  function applyFilters() {
    const layers = checkedSet(".layer-toggle", "layer");
    const types = checkedSet(".type-toggle", "type");
    const role = document.getElementById("role-filter").value;
    const stance = document.getElementById("stance-filter").value;
    const focus = (document.querySelector("input[name=focus]:checked") || {}).value === "chain" ? focusSet() : null;
    const hiddenNodes = new Set();
    nodes.update(data.graph.nodes.map(function (n) {
      let hide = false;
      if (n.kind === "stakeholder") {
        if (role === "__chain") hide = n.roles.length === 0;
        else if (role) hide = n.roles.indexOf(role) < 0;
        if (stance && n.stance !== stance) hide = true;
      }
      if (focus && (n.kind === "stakeholder" || n.kind === "third_party") && !focus.has(n.id)) hide = true;
      if (hide) hiddenNodes.add(n.id);
      return {id: n.id, hidden: hide};
    }));
    edges.update(data.graph.edges.map(function (e) {
      const hide = !layers.has(e.layer) || !types.has(e.type) || hiddenNodes.has(e.from) || hiddenNodes.has(e.to);
      return {id: e.id, hidden: hide};
    }));
    if (focus) clusterDepartments(hiddenNodes);
    else if (!document.getElementById("cluster-toggle").checked) openClusters();
    document.body.dataset.focus = focus ? "chain" : "all";
  }
  document.querySelectorAll(".layer-toggle, .type-toggle").forEach(function (c) { c.addEventListener("change", applyFilters); });
  document.getElementById("role-filter").addEventListener("change", applyFilters);
  document.getElementById("stance-filter").addEventListener("change", applyFilters);
  document.querySelectorAll("input[name=focus]").forEach(function (r) { r.addEventListener("change", applyFilters); });

  // ---- clustering by department ---------------------------------------------------------
  function openClusters() {
    Object.keys(network.body.nodes).forEach(function (id) { if (network.isCluster(id)) network.openCluster(id); });
    document.body.dataset.clustered = "0";
  }
  function clusterDepartments(hiddenOnly) {
    openClusters();
    const byDept = {};
    data.graph.nodes.forEach(function (n) {
      if (n.kind !== "stakeholder" || !n.department) return;
      if (hiddenOnly && !hiddenOnly.has(n.id)) return;
      (byDept[n.department] = byDept[n.department] || []).push(n.id);
    });
    Object.keys(byDept).forEach(function (dept) {
      const members = new Set(byDept[dept]);
      if (hiddenOnly) members.forEach(function (id) { nodes.update({id: id, hidden: false}); });
      const d = people[dept];
      network.cluster({
        joinCondition: function (opts) { return members.has(opts.id); },
        clusterNodeProperties: {id: "cluster:" + dept, label: (d ? d.name : dept) + " (" + members.size + ")", shape: "box",
                                color: {background: "#e8eef7", border: "#7f93b3"}, borderWidth: 1, font: {size: 15}, kind: "cluster"},
      });
    });
    document.body.dataset.clustered = "1";
  }
  document.getElementById("cluster-toggle").addEventListener("change", function (ev) {
    if (ev.target.checked) clusterDepartments(null); else applyFilters();
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && network.isCluster(params.nodes[0])) network.openCluster(params.nodes[0]);
  });

  // ---- search -------------------------------------------------------------------------
  const search = document.getElementById("search");
  search.addEventListener("input", function () {
    const q = search.value.trim().toLocaleLowerCase();
    const out = document.getElementById("search-result");
    if (!q) { network.unselectAll(); out.textContent = ""; return; }
    const hits = data.graph.nodes.filter(function (n) { return n.search.indexOf(q) >= 0 || n.id.toLocaleLowerCase() === q; })
                           .map(function (n) { return n.id; });
    network.selectNodes(hits.filter(function (id) { return network.body.nodes[id]; }));
    if (hits.length) network.fit({nodes: hits.filter(function (id) { return network.body.nodes[id]; }), animation: false, maxZoomLevel: 1.5});
    out.textContent = hits.length === 1 ? people[hits[0]].name : T("ui.matches", {n: hits.length});
    out.classList.toggle("stored", hits.length === 1);
    if (hits.length === 1) showPanel(hits[0]);
  });

  // ---- overlay --------------------------------------------------------------------------
  function block(id) { const b = document.querySelector("#" + id + " .ov-body"); b.replaceChildren(); return b; }
  function gapText(g) {
    if (lang === "en" && g.message) return g.message;
    return T("gap." + g.kind, {subject: g.kind.indexOf("role") >= 0 || g.kind === "iron_triangle_incomplete" ? enumLabel(g.kind === "iron_triangle_incomplete" ? "team_role" : "role", g.subject) : g.subject_name});
  }
  function renderOverlay() {
    const ov = data.overlay;
    document.getElementById("single-threaded-badge").hidden = !ov.single_threaded;
    const sup = document.getElementById("support-line");
    sup.replaceChildren();
    if (ov.support_index !== null && ov.support_index !== undefined) {
      sup.appendChild(document.createTextNode(" · " + T("ui.net_support") + " "));
      sup.appendChild(el("b", (ov.support_index >= 0 ? "+" : "") + Number(ov.support_index).toFixed(2), ov.support_index >= 0 ? "pos" : "neg"));
    }
    let b = block("ov-spof");
    if (ov.spof.length) {
      const ul = el("ul");
      ov.spof.forEach(function (s) {
        const li = el("li"); li.appendChild(personLink(s.id, s.name));
        li.appendChild(el("span", " (" + enumLabel("side", s.side) + ")", "side"));
        li.appendChild(document.createTextNode(" → " + T("ui.cuts_off") + " "));
        li.appendChild(el("span", s.cuts_off.join(", "), "stored"));
        ul.appendChild(li);
      });
      b.appendChild(ul);
    } else b.appendChild(el("p", ov.analysed ? T("ui.spof_none") : T("ui.no_analysis"), ov.analysed ? "ok" : "hint"));
    document.querySelector("#ov-gaps .ov-count").textContent = String(ov.gaps.length);
    b = block("ov-gaps");
    if (ov.gaps.length) {
      const ul = el("ul", null, "gaps");
      ov.gaps.forEach(function (g) {
        const li = el("li", null, "sev-" + g.severity); li.dataset.kind = g.kind;
        li.appendChild(el("span", enumLabel("severity", g.severity), "sev"));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", gapText(g)));
        ul.appendChild(li);
      });
      b.appendChild(ul);
    } else b.appendChild(el("p", ov.analysed ? T("ui.no_gaps") : T("ui.no_analysis"), ov.analysed ? "ok" : "hint"));
    b = block("ov-roles");
    if (ov.coverage.length) {
      const table = el("table", null, "coverage");
      const head = el("tr"); [T("ui.role"), T("ui.who"), T("ui.status")].forEach(function (h) { head.appendChild(el("th", h)); });
      const thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      const tbody = el("tbody");
      ov.coverage.forEach(function (r) {
        const tr = el("tr", null, "st-" + r.status); tr.dataset.role = r.role;
        tr.appendChild(el("td", enumLabel("role", r.role)));
        const who = el("td");
        r.stakeholders.forEach(function (h, i) { if (i) who.appendChild(document.createTextNode(", ")); who.appendChild(personLink(h.id, h.name)); });
        tr.appendChild(who);
        const st = el("td"); st.appendChild(el("span", enumLabel("status", r.status), "status status-" + r.status)); tr.appendChild(st);
        tbody.appendChild(tr);
      });
      table.appendChild(tbody); b.appendChild(table);
    } else b.appendChild(el("p", T("ui.no_analysis"), "hint"));
    b = block("ov-opponents");
    if (ov.opponents.length) { const ul = el("ul"); ov.opponents.forEach(function (p) { const li = el("li"); li.appendChild(personLink(p.id, p.name)); ul.appendChild(li); }); b.appendChild(ul); }
    else b.appendChild(el("p", ov.analysed ? T("ui.none") : T("ui.no_analysis"), ov.analysed ? "ok" : "hint"));
    b = block("ov-recs");
    if (ov.recommendations.length) {
      const ol = el("ol");
      ov.recommendations.forEach(function (r) {
        const li = el("li");
        li.appendChild(document.createTextNode(enumLabel("action", r.action) + " "));
        li.appendChild(personLink(r.target, r.target_name));
        if (r.owner_name) li.appendChild(document.createTextNode(" · " + T("ui.rec_owner", {owner: r.owner_name})));
        li.appendChild(document.createTextNode(" · " + T("ui.gain") + " " + fmt(r.gain)));
        if (lang === "en" && r.reasons.length) li.appendChild(el("div", r.reasons.join("; "), "hint"));
        ol.appendChild(li);
      });
      b.appendChild(ol);
    } else b.appendChild(el("p", ov.analysed ? T("ui.none") : T("ui.no_analysis"), ov.analysed ? "ok" : "hint"));
    b = block("ov-coalitions");
    document.getElementById("ov-coalitions").hidden = !ov.coalitions.length;
    if (ov.coalitions.length) {
      const ol = el("ol");
      ov.coalitions.forEach(function (members) {
        const li = el("li");
        members.forEach(function (m, i) { if (i) li.appendChild(document.createTextNode(", ")); li.appendChild(personLink(m.id, m.name)); });
        ol.appendChild(li);
      });
      b.appendChild(ol);
    }
  }

  // ---- side panel ---------------------------------------------------------------------
  const panel = document.getElementById("panel");
  const body = document.getElementById("panel-body");
  const panelHooks = [];
  function row(dl, term, value, stored) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", term));
    dl.appendChild(el("dd", value, stored ? "stored" : null));
  }
  function relLine(r) {
    const li = el("li");
    li.appendChild(personLink(r.other, r.other_name));
    let text = " — " + enumLabel("rel", r.type);
    if (r.strength !== null && r.strength !== undefined) text += ", " + T("ui.strength") + " " + fmt(r.strength) + " (" + T("ui.effective") + " " + fmt(r.effective) + ")";
    if (r.weight !== null && r.weight !== undefined) text += ", " + T("ui.weight") + " " + fmt(r.weight);
    if (r.last_contact) text += ", " + T("ui.last_contact") + " ";
    else if (r.type === "relates_to" || r.type === "knows") text += ", " + T("ui.no_contact");
    li.appendChild(el("span", text));
    if (r.last_contact) li.appendChild(el("time", r.last_contact));
    li.dataset.key = r.key.join("|");
    return li;
  }
  function showPanel(id) {
    const p = people[id];
    if (!p) { panel.hidden = true; return; }
    body.replaceChildren();
    body.dataset.id = id;
    body.appendChild(el("h2", p.name, "stored"));
    const dl = el("dl");
    row(dl, T("ui.kind"), enumLabel("kind", p.kind));
    row(dl, T("ui.title"), p.team_role ? enumLabel("team_role", p.team_role) : p.title, !p.team_role);
    row(dl, T("ui.department"), p.department, true);
    row(dl, T("ui.roles"), (p.roles || []).map(function (r) { return enumLabel("role", r); }).join(", "));
    row(dl, T("ui.stance"), p.stance ? enumLabel("stance", p.stance) : null);
    row(dl, T("ui.influence"), p.influence === undefined ? null : fmt(p.influence));
    row(dl, T("ui.influence_score"), p.influence_score === null || p.influence_score === undefined ? null : fmt(p.influence_score));
    row(dl, T("ui.connectivity"), p.connectivity);
    row(dl, T("ui.status"), p.status ? enumLabel("person", p.status) : null);
    row(dl, T("ui.prefers_competitor"), p.competitor_preference, true);
    body.appendChild(dl);
    if (p.spof_cuts_off && p.spof_cuts_off.length) body.appendChild(el("p", T("ui.spof_alert", {names: p.spof_cuts_off.join(", ")}), "alert"));
    const ours = p.rels.filter(function (r) { return r.other_kind === "team_member" || (p.kind === "team_member" && r.other_kind === "stakeholder"); });
    const others = p.rels.filter(function (r) { return ours.indexOf(r) < 0; });
    body.appendChild(el("h3", p.kind === "team_member" ? T("ui.rels_at_account") : T("ui.our_rels")));
    if (ours.length) { const ul = el("ul", null, "ours"); ours.forEach(function (r) { ul.appendChild(relLine(r)); }); body.appendChild(ul); }
    else body.appendChild(el("p", T("ui.nobody_relates"), p.kind === "stakeholder" ? "alert" : "hint"));
    if (others.length) {
      body.appendChild(el("h3", T("ui.other_ties")));
      const ul = el("ul", null, "others"); others.forEach(function (r) { ul.appendChild(relLine(r)); }); body.appendChild(ul);
    }
    body.appendChild(el("h3", T("ui.gaps")));
    if (p.gaps.length) {
      const ul = el("ul", null, "gaps");
      p.gaps.forEach(function (g) { ul.appendChild(el("li", enumLabel("severity", g.severity) + ": " + gapText(Object.assign({subject_name: p.name}, g)))); });
      body.appendChild(ul);
    } else body.appendChild(el("p", T("ui.none"), "ok"));
    if (p.notes) { body.appendChild(el("h3", T("ui.personal_notes"))); body.appendChild(el("div", p.notes, "notes stored")); }
    panelHooks.forEach(function (hook) { hook(body, p); });
    panel.hidden = false;
  }
  network.on("click", function (params) {
    if (params.nodes.length && !network.isCluster(params.nodes[0])) showPanel(params.nodes[0]);
    else if (params.edges.length && !params.nodes.length && edgeHook.fn) edgeHook.fn(params.edges[0]);
  });
  const edgeHook = {fn: null};
  document.getElementById("panel-close").addEventListener("click", function () { panel.hidden = true; network.unselectAll(); });
  document.addEventListener("click", function (ev) {
    const a = ev.target.closest && ev.target.closest("a.person-link");
    if (!a) return;
    ev.preventDefault();
    if (!people[a.dataset.id]) return;
    if (network.body.nodes[a.dataset.id]) { network.selectNodes([a.dataset.id]); network.focus(a.dataset.id, {scale: 1.2, animation: false}); }
    showPanel(a.dataset.id);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !panel.hidden && !document.querySelector(".dialog")) { panel.hidden = true; network.unselectAll(); }
  });

  // ---- language switch ------------------------------------------------------------------
  function applyLang(next) {
    lang = next === "zh" ? "zh" : "en";
    try { window.localStorage.setItem("graphkam.lang", lang); } catch (e) { /* storage off */ }
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (e) { e.textContent = T(e.dataset.i18n, {tier: e.dataset.tier, pct: e.dataset.pct}); });
    document.querySelectorAll("[data-i18n-aria]").forEach(function (e) { e.setAttribute("aria-label", T(e.dataset.i18nAria)); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (e) { e.placeholder = T(e.dataset.i18nPlaceholder); });
    document.querySelectorAll("button.lang").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.lang === lang)); });
    nodes.update(data.graph.nodes.map(function (n) { return {id: n.id, label: nodeLabel(n), title: nodeTooltip(n)}; }));
    edges.update(data.graph.edges.map(function (e) { return {id: e.id, title: edgeTooltip(e)}; }));
    declutterLabels();
    renderOverlay();
    if (!panel.hidden && body.dataset.id) showPanel(body.dataset.id);
    document.dispatchEvent(new CustomEvent("graphkam:lang", {detail: lang}));
    document.body.dataset.lang = lang;
  }
  document.querySelectorAll("button.lang").forEach(function (b) { b.addEventListener("click", function () { applyLang(b.dataset.lang); }); });

  // ---- refresh after an edit: new data, same positions ----------------------------------
  function refresh(next) {
    const positions = network.getPositions();
    data = Object.assign({}, data, next);
    people = data.graph.people;
    const wantNodes = new Set(data.graph.nodes.map(function (n) { return n.id; }));
    const wantEdges = new Set(data.graph.edges.map(function (e) { return e.id; }));
    nodes.remove(nodes.getIds().filter(function (id) { return !wantNodes.has(id); }));
    edges.remove(edges.getIds().filter(function (id) { return !wantEdges.has(id); }));
    nodes.update(data.graph.nodes.map(function (n) {
      const v = visNode(n);
      if (positions[n.id]) { v.x = positions[n.id].x; v.y = positions[n.id].y; }
      return v;
    }));
    edges.update(data.graph.edges.map(visEdge));
    document.getElementById("count-people").textContent = String(data.graph.nodes.filter(function (n) { return n.kind === "stakeholder"; }).length);
    applyFilters();
    declutterLabels();
    renderOverlay();
    if (!panel.hidden && body.dataset.id) showPanel(body.dataset.id);
  }

  // ---- export: PNG and SVG of the current view with its legend; printable plan ----------
  function legendItems() {
    const items = [];
    data.graph.stances.forEach(function (s) {
      const n = data.graph.nodes.find(function (x) { return x.stance === s; });
      items.push({color: n ? n.color.background : "#bdbdbd", text: enumLabel("stance", s)});
    });
    [["spof", "ui.mark_spof"], ["uncovered", "ui.mark_uncovered"], ["opponent", "ui.mark_opponent"]].forEach(function (m) {
      const n = data.graph.nodes.find(function (x) { return x.marks && x.marks[0] === m[0]; });
      if (n) items.push({color: "#ffffff", ring: n.color.border, text: T(m[1])});
    });
    return items;
  }
  function exportPNG() {
    const src = container.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = src.width; out.height = src.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    const ratio = src.width / container.clientWidth;
    const items = legendItems();
    ctx.save(); ctx.scale(ratio, ratio);
    ctx.font = "13px system-ui, 'Noto Sans CJK SC', sans-serif";
    const w = Math.max.apply(null, items.map(function (i) { return ctx.measureText(i.text).width; }).concat([60])) + 40;
    const h = items.length * 20 + 30;
    ctx.fillStyle = "rgba(255,255,255,0.92)"; ctx.strokeStyle = "#888";
    ctx.fillRect(10, 10, w, h); ctx.strokeRect(10, 10, w, h);
    ctx.fillStyle = "#1f2933"; ctx.fillText(data.account.name + " · " + T("ui.as_of") + " " + data.as_of, 18, 28);
    items.forEach(function (it, i) {
      const y = 48 + i * 20;
      ctx.beginPath(); ctx.arc(26, y - 4, 6, 0, 2 * Math.PI);
      ctx.fillStyle = it.color; ctx.fill(); ctx.lineWidth = it.ring ? 3 : 1; ctx.strokeStyle = it.ring || "#555"; ctx.stroke();
      ctx.fillStyle = "#1f2933"; ctx.fillText(it.text, 40, y);
    });
    ctx.restore();
    return out.toDataURL("image/png");
  }
  function exportSVG() {
    const holder = document.createElement("div");
    holder.innerHTML = "<svg></svg>";  // the HTML parser gives the SVG namespace (no URL in the page)
    const NS = holder.firstChild.namespaceURI;
    const w = container.clientWidth, h = container.clientHeight;
    const svg = holder.firstChild;
    svg.setAttribute("width", w); svg.setAttribute("height", h); svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    function add(tag, attrs, text) {
      const e = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e); return e;
    }
    add("rect", {x: 0, y: 0, width: w, height: h, fill: "#ffffff"});
    const ids = nodes.getIds().filter(function (id) { const n = nodes.get(id); return !n.hidden && network.body.nodes[id]; });
    const pos = {};
    ids.forEach(function (id) { pos[id] = network.canvasToDOM(network.getPosition(id)); });
    edges.get({filter: function (e) { return !e.hidden; }}).forEach(function (e) {
      if (!pos[e.from] || !pos[e.to]) return;
      add("line", {x1: pos[e.from].x, y1: pos[e.from].y, x2: pos[e.to].x, y2: pos[e.to].y, stroke: e.color.color, "stroke-width": e.width, "stroke-dasharray": Array.isArray(e.dashes) ? e.dashes.join(" ") : "none"});
    });
    const scale = network.getScale();
    ids.forEach(function (id) {
      const n = nodes.get(id);
      add("circle", {cx: pos[id].x, cy: pos[id].y, r: Math.max(3, (n.size || 14) * scale), fill: n.color.background, stroke: n.color.border, "stroke-width": n.borderWidth || 1});
      if (n.label && n.label.trim()) add("text", {x: pos[id].x, y: pos[id].y + (n.size || 14) * scale + 14, "text-anchor": "middle", "font-size": 13, "font-family": "system-ui, Noto Sans CJK SC, sans-serif"}, n.label);
    });
    const items = legendItems();
    add("rect", {x: 10, y: 10, width: 300, height: items.length * 20 + 30, fill: "#ffffff", "fill-opacity": 0.92, stroke: "#888888"});
    add("text", {x: 18, y: 28, "font-size": 13}, data.account.name + " · " + T("ui.as_of") + " " + data.as_of);
    items.forEach(function (it, i) {
      add("circle", {cx: 26, cy: 44 + i * 20, r: 6, fill: it.color, stroke: it.ring || "#555555", "stroke-width": it.ring ? 3 : 1});
      add("text", {x: 40, y: 48 + i * 20, "font-size": 13}, it.text);
    });
    return new XMLSerializer().serializeToString(svg);
  }
  function download(url, name) {
    const a = document.createElement("a");
    a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  }
  document.getElementById("btn-png").addEventListener("click", function () { download(exportPNG(), data.account.id + ".png"); });
  document.getElementById("btn-svg").addEventListener("click", function () {
    const url = URL.createObjectURL(new Blob([exportSVG()], {type: "image/svg+xml"}));
    download(url, data.account.id + ".svg");
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  let printImg = null;
  window.addEventListener("beforeprint", function () {
    printImg = document.createElement("img");
    printImg.className = "print-only print-map"; printImg.alt = T("ui.graph_label"); printImg.src = exportPNG();
    container.after(printImg);
  });
  window.addEventListener("afterprint", function () { if (printImg) printImg.remove(); printImg = null; });
  document.getElementById("btn-print").addEventListener("click", function () { window.print(); });

  renderOverlay();
  if (lang !== data.lang) applyLang(lang); else document.body.dataset.lang = lang;
  window.graphkam = {network: network, nodes: nodes, edges: edges, get data() { return data; }, get people() { return people; },
                     setLayout: setLayout, applyFilters: applyFilters, showPanel: showPanel, refresh: refresh, T: T,
                     enumLabel: enumLabel, el: el, panelHooks: panelHooks, edgeHook: edgeHook, applyLang: applyLang,
                     get lang() { return lang; }, exportPNG: exportPNG, exportSVG: exportSVG, clusterDepartments: clusterDepartments,
                     declutterLabels: declutterLabels};
  window.network = network;
})();
