// graphkam portfolio page: sort the accounts table by any column and filter by tier, risk, gap, name.
(function () {
  "use strict";
  const table = document.getElementById("accounts");
  const tbody = table.tBodies[0];
  const rows = Array.prototype.slice.call(tbody.rows);
  const sortKeys = {rank: "rank", name: "name", tier: "tiersort", coverage: "coverage", threading: "threading", support: "support", health: "health", gaps: "gaps"};

  function sortBy(th) {
    const key = sortKeys[th.dataset.key];
    const num = th.dataset.type === "num";
    const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    rows.sort(function (a, b) {
      const x = a.dataset[key], y = b.dataset[key];
      const c = num ? Number(x) - Number(y) : x.localeCompare(y);
      return c !== 0 ? dir * c : Number(a.dataset.rank) - Number(b.dataset.rank);
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  table.querySelectorAll("th").forEach(function (th) { th.addEventListener("click", function () { sortBy(th); }); });

  function filter() {
    const tiers = new Set();
    document.querySelectorAll(".tier-filter").forEach(function (c) { if (c.checked) tiers.add(c.value); });
    const risk = document.getElementById("risk-filter").checked;
    const gap = document.getElementById("gap-filter").value;
    const q = document.getElementById("name-filter").value.trim().toLocaleLowerCase();
    let shown = 0;
    rows.forEach(function (r) {
      const ok = tiers.has(r.dataset.tier) && (!risk || r.dataset.risk === "1") &&
        (!gap || r.dataset.kinds.split(" ").indexOf(gap) >= 0) && (!q || r.dataset.name.indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) shown += 1;
    });
    document.getElementById("shown").textContent = shown + " of " + rows.length + " shown";
    document.querySelectorAll("#chart a.bubble-link").forEach(function (a) {
      const row = tbody.querySelector('tr[data-account="' + CSS.escape(a.dataset.account) + '"]');
      a.style.opacity = row && !row.hidden ? "1" : "0.15";
    });
  }
  document.querySelectorAll(".tier-filter, #risk-filter, #gap-filter").forEach(function (c) { c.addEventListener("change", filter); });
  document.getElementById("name-filter").addEventListener("input", filter);
  filter();
  document.body.dataset.ready = "1";
})();
