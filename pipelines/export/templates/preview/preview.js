/* medpay preview: the locality picker and the code search. Everything is computed from the page's own
   code_page.v2 document (#page-data) and the exported localities (localities.js): no network. */
(function () {
  "use strict";

  function scaled(value, places) { return BigInt(Math.round(value * Math.pow(10, places))); }

  function dollars(cents) {
    var text = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var rest = (cents % 100n).toString().padStart(2, "0");
    return "$" + text + "." + rest;
  }

  // [(W x GPCIw) + (PE x GPCIpe) + (MP x GPCImp)] x CF, the lower of it and the OPPS limit, rounded
  // once, half up (docs/pricing_rules.md). Exact: RVUs x100, GPCIs x1000, CF x10000 -> dollars x1e9.
  function localityCents(doc, loc, setting) {
    if (doc.national_payment[setting] === null) { return null; }
    var rvu = doc.rvu, cf = scaled(doc.conversion_factor, 4);
    var gw = scaled(loc.work_gpci, 3), gpe = scaled(loc.pe_gpci, 3), gmp = scaled(loc.mp_gpci, 3);
    var w = scaled(rvu.work, 2), pe = scaled(rvu["pe_" + setting], 2), mp = scaled(rvu.mp, 2);
    var fee = (w * gw + pe * gpe + mp * gmp) * cf;
    var limit = null, opps = doc.opps_cap;
    if (opps) {
      var cap = opps.cap[loc.id];
      if (cap && cap[setting] !== null) {
        limit = scaled(cap[setting], 2) * 10000000n;
      } else {
        var ope = opps["pe_" + setting] || 0, omp = opps.mp || 0;
        if (ope + omp > 0) { limit = (w * gw + scaled(ope, 2) * gpe + scaled(omp, 2) * gmp) * cf; }
      }
    }
    var exact = limit !== null && limit < fee ? limit : fee;
    return (exact + 5000000n) / 10000000n;
  }

  function localityPicker(doc) {
    var select = document.getElementById("locality");
    var data = window.MEDPAY_LOCALITIES || { localities: [] };
    data.localities.forEach(function (loc) {
      var option = document.createElement("option");
      option.value = loc.id;
      option.textContent = loc.state + " — " + loc.name + " (" + loc.id + ")";
      select.appendChild(option);
    });
    function show() {
      var loc = data.localities.find(function (l) { return l.id === select.value; });
      document.querySelectorAll("[data-locality]").forEach(function (cell) {
        var cents = loc ? localityCents(doc, loc, cell.dataset.locality) : null;
        cell.textContent = cents === null ? "not priced" : dollars(cents);
      });
    }
    select.addEventListener("change", show);
    show();
  }

  function search() {
    var input = document.getElementById("code-search");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-count");
    var index = JSON.parse(document.getElementById("code-index").textContent);
    function run() {
      var q = input.value.trim().toLowerCase();
      list.textContent = "";
      if (!q) { status.textContent = index.length + " codes"; return; }
      var hits = index.filter(function (c) {
        return c.hcpcs.toLowerCase().startsWith(q) || c.description.toLowerCase().indexOf(q) >= 0;
      });
      status.textContent = hits.length + " matching code" + (hits.length === 1 ? "" : "s");
      hits.slice(0, 200).forEach(function (c) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = "codes/" + encodeURIComponent(c.hcpcs) + ".html";
        a.textContent = c.hcpcs + " — " + c.description;
        li.appendChild(a);
        list.appendChild(li);
      });
    }
    input.addEventListener("input", run);
    run();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.getElementById("page-data");
    if (page) { localityPicker(JSON.parse(page.textContent)); }
    if (document.getElementById("code-search")) { search(); }
  });
}());
