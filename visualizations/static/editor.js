// graphkam account page editor: builds the map on the map, through the API's own routes.
// Writes carry If-Match (the ETag read just before) and the CSRF token (X-CSRF-Token, from
// <meta name="csrf-token"> or the graphkam_csrf cookie); a 412 shows what changed and offers a
// reload, never a silent overwrite. After each change the page data is fetched again
// (GET /accounts/{id}/graph/data) so the overlay and the marks are recomputed by the server.
(function () {
  "use strict";
  const G = window.graphkam;
  const T = G.T, el = G.el, enumLabel = G.enumLabel;
  const account = G.data.account.id;
  const editor = G.data.editor || {};
  const status = document.getElementById("edit-status");
  const undoStack = [];
  const undoBtn = document.getElementById("btn-undo");
  const drawBtn = document.getElementById("btn-draw");

  // ---- HTTP ----------------------------------------------------------------------------
  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) return meta.content;
    const m = document.cookie.match(/(?:^|;\s*)graphkam_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : null;
  }
  function ApiError(status, problem, current) {
    this.status = status; this.problem = problem || {}; this.current = current;
    this.message = (problem && (problem.detail || problem.title)) || ("HTTP " + status);
  }
  async function api(method, path, body, etag) {
    const headers = {"Accept": "application/json"};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (etag) headers["If-Match"] = etag;
    const token = csrfToken();
    if (token && method !== "GET") headers["X-CSRF-Token"] = token;
    let resp;
    try {
      resp = await fetch(path, {method: method, headers: headers, credentials: "same-origin",
                                body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      throw new ApiError(0, {detail: String(e)});
    }
    const text = await resp.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = {detail: text.slice(0, 200)}; }
    if (!resp.ok) throw new ApiError(resp.status, json);
    return {json: json, etag: resp.headers.get("ETag")};
  }
  const enc = encodeURIComponent;
  function personPath(id) { return "/stakeholders/" + enc(id); }
  function relPath(key) { return "/relationships/" + key.map(enc).join("/"); }
  async function reloadData() {
    const got = await api("GET", "/accounts/" + enc(account) + "/graph/data?as_of=" + enc(G.data.as_of));
    G.refresh(got.json);
  }

  // ---- status line and undo --------------------------------------------------------------
  function say(text, cls) { status.textContent = text; status.className = "status-line " + (cls || ""); }
  function pushUndo(what, run) { undoStack.push({what: what, run: run}); undoBtn.disabled = false; }
  undoBtn.addEventListener("click", async function () {
    const last = undoStack.pop();
    undoBtn.disabled = !undoStack.length;
    if (!last) { say(T("edit.nothing_to_undo")); return; }
    try {
      say(T("edit.working"));
      await last.run();
      await reloadData();
      say(T("edit.undone", {what: last.what}), "ok");
    } catch (err) { showError(null, err, last.what); }
  });

  // ---- dialogs ---------------------------------------------------------------------------
  const root = document.getElementById("dialog-root");
  let opener = null;
  function closeDialog() {
    root.replaceChildren();
    if (opener && opener.focus) opener.focus();
    opener = null;
  }
  function dialog(title, build, onSubmit, submitLabel) {
    closeDialog();
    opener = document.activeElement;
    const box = el("div", null, "dialog");
    box.setAttribute("role", "dialog"); box.setAttribute("aria-modal", "true");
    const h = el("h2", title); h.id = "dialog-title"; box.setAttribute("aria-labelledby", "dialog-title");
    box.appendChild(h);
    const form = el("form");
    form.noValidate = true;
    const top = el("div", null, "form-error"); top.setAttribute("role", "alert"); top.id = "form-error";
    form.appendChild(top);
    const bar = el("div", null, "buttons");
    const ok = el("button", submitLabel || T("edit.save")); ok.type = "submit"; ok.id = "dialog-save";
    const cancel = el("button", T("edit.cancel")); cancel.type = "button"; cancel.id = "dialog-cancel";
    cancel.addEventListener("click", closeDialog);
    bar.appendChild(ok); bar.appendChild(cancel); form.appendChild(bar);
    build(form);  // fields go before the buttons
    form.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      form.querySelectorAll(".field-error").forEach(function (e) { e.textContent = ""; });
      top.replaceChildren();
      ok.disabled = true;
      try { await onSubmit(form); } finally { ok.disabled = false; }
    });
    box.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { ev.stopPropagation(); closeDialog(); } });
    box.appendChild(form);
    root.appendChild(box);
    const first = form.querySelector("input, select, textarea, button");
    if (first) first.focus();
    return form;
  }
  function field(form, name, label, input) {
    const wrap = el("div", null, "field");
    const lab = el("label", label);
    input.name = name; input.id = "f-" + name;
    lab.htmlFor = input.id;
    const err = el("span", null, "field-error"); err.id = "err-" + name; err.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", err.id);
    wrap.appendChild(lab); wrap.appendChild(input); wrap.appendChild(err);
    form.insertBefore(wrap, form.querySelector(".buttons"));
    return input;
  }
  function input(type, value, attrs) {
    const i = el("input"); i.type = type;
    if (value !== undefined && value !== null) i.value = String(value);
    Object.keys(attrs || {}).forEach(function (k) { i.setAttribute(k, attrs[k]); });
    return i;
  }
  // options: [value, label] pairs; `stored` marks labels that are stored names (not translated)
  function select(options, value, multiple, stored) {
    const s = el("select"); s.multiple = !!multiple;
    if (stored) s.classList.add("stored");
    options.forEach(function (o) {
      const opt = el("option", o[1]); opt.value = o[0];
      if (multiple ? (value || []).indexOf(o[0]) >= 0 : o[0] === value) opt.selected = true;
      s.appendChild(opt);
    });
    return s;
  }
  function checkboxes(name, options, values, stored) {
    const box = el("fieldset", null, "checks" + (stored ? " stored" : ""));
    box.id = "f-" + name;
    options.forEach(function (o) {
      const lab = el("label"); const c = input("checkbox"); c.name = name; c.value = o[0];
      c.checked = (values || []).indexOf(o[0]) >= 0;
      lab.appendChild(c); lab.appendChild(document.createTextNode(" " + o[1])); box.appendChild(lab);
    });
    return box;
  }
  function checked(form, name) { return Array.from(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (c) { return c.value; }); }
  function showError(form, err, what) {
    if (err.status === 412) return showConflict(form, err, what);
    const where = form ? form.querySelector("#form-error") : null;
    let placed = false;
    (err.problem.errors || []).forEach(function (item) {
      const name = item.loc[item.loc.length - 1];
      const slot = form && form.querySelector("#err-" + name);
      if (slot) { slot.textContent = item.message; placed = true; }
    });
    const msg = T("edit.error", {message: err.message});
    if (where && (!placed || !(err.problem.errors || []).length)) where.textContent = msg;
    say(msg, "error");
  }
  function showConflict(form, err, what) {
    const where = form ? form.querySelector("#form-error") : status;
    where.replaceChildren();
    const box = el("div", null, "conflict"); box.id = "conflict";
    box.appendChild(el("p", T("edit.conflict", {what: what})));
    if (err.changes && err.changes.length) box.appendChild(el("p", T("edit.conflict_fields", {fields: err.changes.join("; ")})));
    const reload = el("button", T("edit.reload")); reload.type = "button"; reload.id = "btn-reload";
    reload.addEventListener("click", function () { window.location.reload(); });
    box.appendChild(reload);
    where.appendChild(box);
    status.className = "status-line error";
    reload.focus();
  }
  // A 412 on a write: read the object again and name each field that changed since we read it.
  async function conflictDetails(err, path, before) {
    if (err.status !== 412) return err;
    try {
      const now = (await api("GET", path)).json;
      err.changes = Object.keys(before).filter(function (k) { return JSON.stringify(before[k]) !== JSON.stringify(now[k]); })
        .map(function (k) { return k + ": " + show(before[k]) + " → " + show(now[k]); });
    } catch (e) { err.changes = []; }
    return err;
  }
  function show(v) { return v === null || v === undefined ? "–" : Array.isArray(v) ? v.join(", ") : String(v); }

  // ---- people ------------------------------------------------------------------------------
  function newId(name) {
    const slug = String(name).normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 30);
    const rand = Math.random().toString(36).slice(2, 6);
    return account + "-" + (slug ? slug + "-" : "") + rand;
  }
  function personForm(form, p) {
    field(form, "name", T("edit.name"), input("text", p.name, {required: "", maxlength: "500", autocomplete: "off"}));
    field(form, "title", T("ui.title"), input("text", p.title, {autocomplete: "off"}));
    const depts = [["", "–"]].concat(G.data.choices.departments.map(function (d) { return [d.id, d.name]; }));
    field(form, "department", T("ui.department"), select(depts, p.department_id || "", false, true));
    field(form, "roles", T("ui.roles"), checkboxes("roles", G.data.choices.roles.map(function (r) { return [r, enumLabel("role", r)]; }), p.roles));
    field(form, "stance", T("ui.stance"), select(G.data.choices.stances.map(function (s) { return [s, enumLabel("stance", s)]; }), p.stance || "unknown"));
    field(form, "influence", T("ui.influence") + " (0–1)", input("number", p.influence === undefined ? 0.5 : p.influence, {min: "0", max: "1", step: "0.05"}));
  }
  function personValues(form) {
    const v = {
      name: form.elements.name.value.trim(),
      title: form.elements.title.value.trim() || null,
      department: form.elements.department.value || null,
      roles: checked(form, "roles"),
      stance: form.elements.stance.value,
      influence: form.elements.influence.value === "" ? null : Number(form.elements.influence.value),
    };
    return v;
  }
  function requireName(form, v) {
    if (!v.name) { form.querySelector("#err-name").textContent = T("edit.required"); form.elements.name.focus(); return false; }
    return true;
  }
  function addPerson() {
    dialog(T("edit.add_person"), function (form) { personForm(form, {}); }, async function (form) {
      const v = personValues(form);
      if (!requireName(form, v)) return;
      const body = Object.assign({id: newId(v.name), account: account}, v);
      if (body.influence === null) delete body.influence;
      const what = T("edit.what_person", {name: v.name});
      try {
        const got = await api("POST", "/stakeholders", body);
        pushUndo(what, async function () {
          const cur = await api("GET", personPath(got.json.id));
          await api("DELETE", personPath(got.json.id), undefined, cur.etag);
        });
        closeDialog();
        await reloadData();
        say(T("edit.saved", {what: what}), "ok");
        G.showPanel(got.json.id);
      } catch (err) { showError(form, err, what); }
    });
  }
  async function editPerson(id, patchOnly) {
    const what = T("edit.what_person", {name: G.people[id].name});
    let got;
    try { got = await api("GET", personPath(id)); } catch (err) { return showError(null, err, what); }
    const before = got.json;
    const save = async function (form, patch) {
      try {
        const res = await api("PATCH", personPath(id), patch, got.etag);
        const old = {};
        Object.keys(patch).forEach(function (k) { old[k] = before[k] === undefined ? null : before[k]; });
        pushUndo(what, async function () {
          const cur = await api("GET", personPath(id));
          await api("PATCH", personPath(id), old, cur.etag);
        });
        got = res;
        closeDialog();
        await reloadData();
        say(T("edit.saved", {what: what}), "ok");
      } catch (err) { showError(form, await conflictDetails(err, personPath(id), before), what); }
    };
    if (patchOnly) return save(null, patchOnly);
    dialog(T("edit.edit_person"), function (form) {
      personForm(form, {name: before.name, title: before.title, department_id: before.department, roles: before.roles,
                        stance: before.stance, influence: before.influence});
    }, async function (form) {
      const v = personValues(form);
      if (!requireName(form, v)) return;
      const patch = {};
      Object.keys(v).forEach(function (k) { if (JSON.stringify(v[k]) !== JSON.stringify(before[k] === undefined ? null : before[k])) patch[k] = v[k]; });
      if (patch.influence === null) delete patch.influence;
      if (!Object.keys(patch).length) { closeDialog(); return; }
      await save(form, patch);
    });
  }
  async function removePerson(id) {
    const name = G.people[id].name;
    const what = T("edit.what_person", {name: name});
    const rels = G.people[id].rels.map(function (r) { return r.key; });
    dialog(T("edit.delete_person"), function (form) {
      form.insertBefore(el("p", T("edit.confirm_delete", {what: what})), form.querySelector(".buttons"));
    }, async function (form) {
      try {
        const got = await api("GET", personPath(id));
        const saved = [];
        for (const key of rels) { try { saved.push((await api("GET", relPath(key))).json); } catch (e) { /* gone */ } }
        await api("DELETE", personPath(id), undefined, got.etag);
        const record = got.json;
        pushUndo(what, async function () {
          await api("POST", "/stakeholders", record);
          for (const rel of saved) { try { await api("POST", "/relationships", rel); } catch (e) { if (e.status !== 409) throw e; } }
        });
        closeDialog();
        document.getElementById("panel").hidden = true;
        await reloadData();
        say(T("edit.saved", {what: what}), "ok");
      } catch (err) { showError(form, await conflictDetails(err, personPath(id), {}), what); }
    }, T("edit.delete"));
  }

  // ---- relationships -------------------------------------------------------------------------
  function kindOf(id) { const p = G.people[id]; return p ? p.kind : null; }
  function typesFor(a, b) {
    const ka = kindOf(a), kb = kindOf(b);
    const out = [];
    if (ka === "stakeholder" && kb === "stakeholder") out.push("reports_to", "influences", "allied_with", "rivals_with");
    if ((ka === "team_member" && kb === "stakeholder") || (kb === "team_member" && ka === "stakeholder")) out.push("relates_to");
    if ((ka === "third_party" || kb === "third_party") && ka !== kb) out.push("knows");
    if (ka === "team_member" && kb === "team_member") out.push("knows");
    return out;
  }
  function relForm(form, type, values) {
    const types = values.types;
    field(form, "type", T("edit.rel_type"), select(types.map(function (t) { return [t, enumLabel("rel", t)]; }), type));
    const strength = field(form, "strength", T("ui.strength") + " (0–1)", input("number", values.strength === undefined ? 0.6 : values.strength, {min: "0", max: "1", step: "0.05"}));
    const weight = field(form, "weight", T("ui.weight") + " (0–1)", input("number", values.weight === undefined ? 0.5 : values.weight, {min: "0", max: "1", step: "0.05"}));
    field(form, "last_contact", T("ui.last_contact"), input("date", values.last_contact || ""));
    function sync() {
      const t = form.elements.type.value;
      strength.closest(".field").hidden = !(t === "relates_to" || t === "knows");
      weight.closest(".field").hidden = t !== "influences";
      form.elements.last_contact.closest(".field").hidden = !(t === "relates_to" || t === "knows");
    }
    form.elements.type.addEventListener("change", sync);
    if (values.fixedType) form.elements.type.disabled = true;
    sync();
  }
  function relBody(form) {
    const t = form.elements.type.value;
    const body = {};
    if (t === "relates_to" || t === "knows") {
      if (form.elements.strength.value !== "") body.strength = Number(form.elements.strength.value);
      if (form.elements.last_contact.value) body.last_contact = form.elements.last_contact.value;
    }
    if (t === "influences" && form.elements.weight.value !== "") body.weight = Number(form.elements.weight.value);
    return body;
  }
  function newRelationship(a, b) {
    if (!a || !b || a === b) { say(T("edit.pick_two"), "error"); return; }
    let types = typesFor(a, b);
    if (!types.length) { say(T("edit.pick_two"), "error"); return; }
    const what = T("edit.what_rel", {a: G.people[a].name, b: G.people[b].name});
    dialog(T("edit.pick_type") + ": " + G.people[a].name + " → " + G.people[b].name, function (form) {
      relForm(form, types[0], {types: types});
    }, async function (form) {
      const type = form.elements.type.value;
      let from = a, to = b;
      if (type === "relates_to" && kindOf(a) !== "team_member") { from = b; to = a; }
      const body = Object.assign({type: type, from: from, to: to}, relBody(form));
      try {
        await api("POST", "/relationships", body);
        const key = [type, from, to];
        pushUndo(what, async function () {
          const cur = await api("GET", relPath(key));
          await api("DELETE", relPath(key), undefined, cur.etag);
        });
        closeDialog();
        await reloadData();
        say(T("edit.saved", {what: what}), "ok");
      } catch (err) { showError(form, err, what); }
    });
  }
  async function editRelationship(key) {
    const names = [G.people[key[1]], G.people[key[2]]].map(function (p, i) { return p ? p.name : key[i + 1]; });
    const what = T("edit.what_rel", {a: names[0], b: names[1]});
    let got;
    try { got = await api("GET", relPath(key)); } catch (err) { return showError(null, err, what); }
    const before = got.json;
    dialog(T("edit.edit_rel") + ": " + names[0] + " → " + names[1], function (form) {
      relForm(form, key[0], {types: [key[0]], fixedType: true, strength: before.strength, weight: before.weight, last_contact: before.last_contact});
      const del = el("button", T("edit.delete")); del.type = "button"; del.id = "dialog-delete";
      del.addEventListener("click", async function () {
        try {
          await api("DELETE", relPath(key), undefined, got.etag);
          pushUndo(what, async function () { await api("POST", "/relationships", before); });
          closeDialog();
          await reloadData();
          say(T("edit.saved", {what: what}), "ok");
        } catch (err) { showError(form, await conflictDetails(err, relPath(key), before), what); }
      });
      form.querySelector(".buttons").appendChild(del);
    }, async function (form) {
      const patch = relBody(form);
      try {
        await api("PATCH", relPath(key), patch, got.etag);
        const old = {};
        Object.keys(patch).forEach(function (k) { old[k] = before[k] === undefined ? null : before[k]; });
        pushUndo(what, async function () {
          const cur = await api("GET", relPath(key));
          await api("PATCH", relPath(key), old, cur.etag);
        });
        closeDialog();
        await reloadData();
        say(T("edit.saved", {what: what}), "ok");
      } catch (err) { showError(form, await conflictDetails(err, relPath(key), before), what); }
    });
  }
  function drawFrom(id) {
    const others = Object.keys(G.people).filter(function (o) { return o !== id && typesFor(id, o).length; })
      .map(function (o) { return [o, G.people[o].name]; }).sort(function (x, y) { return x[1].localeCompare(y[1]); });
    dialog(T("edit.draw") + ": " + G.people[id].name, function (form) {
      field(form, "to", T("edit.rel_to"), select(others, others.length ? others[0][0] : "", false, true));
    }, async function (form) {
      const to = form.elements.to.value;
      closeDialog();
      newRelationship(id, to);
    }, T("edit.pick_type"));
  }

  // drag and drop: vis-network's add-edge mode calls us with the two ends
  let drawing = false;
  G.network.setOptions({manipulation: {enabled: false, addEdge: function (edge, callback) {
    callback(null);  // the edge is drawn from the store's answer, not by vis
    setDrawing(false);
    newRelationship(edge.from, edge.to);
  }}});
  function setDrawing(on) {
    drawing = on;
    drawBtn.setAttribute("aria-pressed", String(on));
    drawBtn.textContent = on ? T("edit.draw_cancel") : T("edit.draw");
    document.body.dataset.drawing = on ? "1" : "0";
    if (on) G.network.addEdgeMode(); else G.network.disableEditMode();
  }
  drawBtn.addEventListener("click", function () { setDrawing(!drawing); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && drawing) setDrawing(false);
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "z" && !root.firstChild && !/INPUT|TEXTAREA|SELECT/.test(ev.target.tagName)) { ev.preventDefault(); undoBtn.click(); }
  });

  // ---- visits ----------------------------------------------------------------------------
  function logVisit(id) {
    const team = G.data.team.filter(function (m) { return m.on_team; });
    const theirs = Object.keys(G.people).filter(function (o) { return G.people[o].kind === "stakeholder" && G.people[o].status !== "left"; })
      .map(function (o) { return [o, G.people[o].name]; });
    const now = new Date().toISOString().slice(0, 10);
    const today = G.data.as_of < now ? G.data.as_of : now;  // a page as of a past date logs then
    dialog(T("edit.log_visit") + ": " + G.people[id].name, function (form) {
      field(form, "by", T("edit.visit_by"), checkboxes("by", team.map(function (m) { return [m.id, m.name]; }), team.length === 1 ? [team[0].id] : [], true));
      field(form, "with", T("edit.visit_with"), checkboxes("with", theirs, [id], true));
      field(form, "purpose", T("edit.purpose"), select(G.data.choices.purposes.map(function (p) { return [p, enumLabel("purpose", p)]; }), "relationship"));
      field(form, "date", T("edit.date"), input("date", today));
      const notes = el("textarea"); notes.rows = 3; notes.maxLength = 10000;
      field(form, "notes", T("edit.notes"), notes);
      const st = [["", T("edit.no_change")]].concat(G.data.choices.stances.map(function (s) { return [s, enumLabel("stance", s)]; }));
      field(form, "stance", T("edit.stance_change", {name: G.people[id].name}), select(st, ""));
    }, async function (form) {
      const by = checked(form, "by"), withIds = checked(form, "with");
      if (!by.length) { form.querySelector("#err-by").textContent = T("edit.required"); return; }
      if (!withIds.length) { form.querySelector("#err-with").textContent = T("edit.required"); return; }
      const stances = {};
      if (form.elements.stance.value) stances[id] = form.elements.stance.value;
      const body = {"with": withIds, by: by, purpose: form.elements.purpose.value, stances: stances};
      if (form.elements.date.value) body.date = form.elements.date.value;
      if (form.elements.notes.value.trim()) body.notes = form.elements.notes.value;
      const what = T("edit.what_visit", {names: withIds.map(function (w) { return G.people[w].name; }).join(", ")});
      // what the visit will refresh, so that undo can put it back
      const before = [];
      for (const w of withIds) for (const r of G.people[w].rels) {
        if (r.key[0] === "relates_to" && by.indexOf(r.key[1]) >= 0) {
          try { before.push((await api("GET", relPath(r.key))).json); } catch (e) { return showError(form, e, what); }
        }
      }
      try {
        const res = (await api("POST", "/accounts/" + enc(account) + "/visits", body)).json;
        pushUndo(what, async function () {
          const rec = await api("GET", "/interactions/" + enc(res.interaction.id));
          await api("DELETE", "/interactions/" + enc(res.interaction.id), undefined, rec.etag);
          for (const label of res.ties_created) {
            const ends = label.split("->"); const key = ["relates_to", ends[0], ends[1]];
            const cur = await api("GET", relPath(key)); await api("DELETE", relPath(key), undefined, cur.etag);
          }
          for (const rel of before) {
            const key = ["relates_to", rel.from, rel.to];
            const cur = await api("GET", relPath(key));
            await api("PATCH", relPath(key), {strength: rel.strength, last_contact: rel.last_contact}, cur.etag);
          }
          for (const pid of Object.keys(res.stance_changes)) {
            const cur = await api("GET", personPath(pid));
            await api("PATCH", personPath(pid), {stance: res.stance_changes[pid][0]}, cur.etag);
          }
        });
        closeDialog();
        await reloadData();
        say(T("edit.saved", {what: what}), "ok");
      } catch (err) { showError(form, err, what); }
    });
  }

  // ---- the team --------------------------------------------------------------------------
  async function addColleague() {
    let members = [];
    try { members = (await api("GET", "/team-members?limit=200")).json.data || []; } catch (err) { return showError(null, err, T("edit.add_colleague")); }
    const off = members.filter(function (m) { return (m.accounts || []).indexOf(account) < 0; });
    dialog(T("edit.add_colleague"), function (form) {
      field(form, "member", T("edit.colleague"), select(off.map(function (m) { return [m.id, m.name]; }), off.length ? off[0].id : "", false, true));
    }, async function (form) {
      const id = form.elements.member.value;
      if (!id) { form.querySelector("#err-member").textContent = T("edit.required"); return; }
      const path = "/team-members/" + enc(id);
      const what = T("edit.what_team", {name: (off.find(function (m) { return m.id === id; }) || {}).name || id});
      try {
        const cur = await api("GET", path);
        const before = cur.json.accounts || [];
        await api("PATCH", path, {accounts: before.concat([account])}, cur.etag);
        pushUndo(what, async function () { const now = await api("GET", path); await api("PATCH", path, {accounts: before}, now.etag); });
        closeDialog();
        await reloadData();
        say(T("edit.saved", {what: what}), "ok");
      } catch (err) { showError(form, await conflictDetails(err, path, {}), what); }
    });
  }

  // ---- panel actions ---------------------------------------------------------------------
  function button(text, id, onClick) {
    const b = el("button", text); b.type = "button"; if (id) b.id = id;
    b.addEventListener("click", onClick);
    return b;
  }
  G.panelHooks.push(function (body, p) {
    const bar = el("div", null, "panel-actions");
    if (p.kind === "stakeholder") {
      bar.appendChild(button(T("edit.edit_person"), "btn-edit-person", function () { editPerson(p.id); }));
      bar.appendChild(button(T("edit.log_visit"), "btn-log-visit", function () { logVisit(p.id); }));
      bar.appendChild(button(T("edit.delete_person"), "btn-remove-person", function () { removePerson(p.id); }));
      const stance = select(G.data.choices.stances.map(function (s) { return [s, enumLabel("stance", s)]; }), p.stance);
      stance.id = "quick-stance"; stance.setAttribute("aria-label", T("ui.stance"));
      stance.addEventListener("change", function () { editPerson(p.id, {stance: stance.value}); });
      const lab = el("label", T("ui.stance") + " "); lab.appendChild(stance); bar.appendChild(lab);
      if (p.suggested_roles && p.suggested_roles.length) {
        const sug = el("div", null, "suggested");
        sug.appendChild(el("span", T("edit.suggested_roles") + ": "));
        p.suggested_roles.forEach(function (s) {
          sug.appendChild(button(T("edit.accept", {role: enumLabel("role", s.role)}), null, function () {
            editPerson(p.id, {roles: (p.roles || []).concat([s.role])});
          }));
        });
        bar.appendChild(sug);
      }
    }
    if (p.kind === "stakeholder" || p.kind === "team_member" || p.kind === "third_party") {
      bar.appendChild(button(T("edit.draw"), "btn-draw-from", function () { drawFrom(p.id); }));
    }
    body.insertBefore(bar, body.children[1]);
    body.querySelectorAll("li[data-key]").forEach(function (li) {
      const key = li.dataset.key.split("|");
      li.appendChild(document.createTextNode(" "));
      const b = button("✎", null, function () { editRelationship(key); });
      b.className = "rel-edit"; b.setAttribute("aria-label", T("edit.edit_rel")); b.title = T("edit.edit_rel");
      li.appendChild(b);
    });
  });
  G.edgeHook.fn = function (edgeId) {
    const key = String(edgeId).split("|");
    if (key.length === 3 && ["in_department", "on_team", "subsidiary_of"].indexOf(key[0]) < 0) editRelationship(key);
  };
  document.getElementById("btn-add-person").addEventListener("click", addPerson);
  document.getElementById("btn-add-colleague").addEventListener("click", addColleague);
  document.addEventListener("graphkam:lang", function () { setDrawing(drawing); });

  G.editor = {api: api, addPerson: addPerson, editPerson: editPerson, removePerson: removePerson, newRelationship: newRelationship,
              editRelationship: editRelationship, logVisit: logVisit, addColleague: addColleague, setDrawing: setDrawing,
              undoStack: undoStack, csrfToken: csrfToken, reloadData: reloadData};
  document.body.dataset.editor = editor.can_edit ? "1" : "0";
})();
