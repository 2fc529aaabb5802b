// Journey Catalog: sortable and filterable tables, diagrams that enlarge.
// No data from the catalog is evaluated here.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a.split(" ")[0] && String(y) === b.split(" ")[0]) {
      return x - y;
    }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "columnheader button");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var result = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function makeFilterable(table) {
    if (!table.tBodies[0] || table.tBodies[0].rows.length < 8) { return; }
    // A long table is split over pages: the box filters the rows of this one, and says so.
    var next = table.closest(".jc-table").nextElementSibling;
    var label = next && next.classList.contains("jc-pager") ? "Filter the rows of this page" : "Filter this table";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "jc-filter";
    input.placeholder = label;
    input.setAttribute("aria-label", label);
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
    table.parentNode.insertBefore(input, table);
  }

  // A diagram is an image linked to its SVG file, which works without script. Here it is
  // replaced by the SVG itself (the site's own file, same origin), so that the shapes in it
  // link to what they show, hovering explains them, and screen readers can walk them.
  function inline(figure) {
    var link = figure.querySelector("a.jc-figure-body");
    var image = link && link.querySelector("img");
    if (!image || !window.fetch || !window.DOMParser) { return; }
    fetch(image.src).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (text) {
      var parsed = new DOMParser().parseFromString(text, "image/svg+xml");
      var svg = parsed.documentElement;
      if (svg.nodeName !== "svg" || parsed.querySelector("parsererror, script, foreignObject")) { return; }
      var body = document.createElement("div");
      body.className = "jc-figure-body";
      body.appendChild(document.importNode(svg, true));
      link.replaceWith(body);
      makeZoomable(figure, body);
    }).catch(function () { /* the image stays, linked to its file */ });
  }

  function makeZoomable(figure, body) {
    var button = figure.querySelector("button.jc-zoom");
    if (!button) { return; }
    function toggle(zoomed) {
      figure.classList.toggle("jc-figure-zoomed", zoomed);
      button.textContent = zoomed ? "Close" : "Enlarge";
      button.setAttribute("aria-expanded", zoomed ? "true" : "false");
      if (zoomed) { button.focus(); }
    }
    button.hidden = false;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      toggle(!figure.classList.contains("jc-figure-zoomed"));
    });
    body.addEventListener("click", function (event) {
      if (!event.target.closest("a")) { toggle(!figure.classList.contains("jc-figure-zoomed")); }
    });
    figure.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { toggle(false); }
    });
  }

  // A journey page is one search entry (its title, summary and the names in its
  // "Stages, touchpoints and pain points" list). A search result opens it with the terms
  // in ?h=...; go to the heading that holds the most of them, e.g. the touchpoint searched for.
  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w; });
  }

  function openAtSearchedHeading() {
    var terms = new URLSearchParams(window.location.search).get("h");
    if (!terms || window.location.hash) { return; }
    var wanted = words(terms);
    var best = null;
    var bestScore = 0;
    document.querySelectorAll("article h2[id], article h3[id], article h4[id]").forEach(function (h) {
      var have = new Set(words(h.textContent));
      var score = wanted.filter(function (w) { return have.has(w); }).length;
      if (score > bestScore) { best = h; bestScore = score; }
    });
    if (best && bestScore * 2 >= wanted.length) {
      history.replaceState(history.state, "", "#" + best.id);
      best.scrollIntoView();
    }
  }

  function setup() {
    openAtSearchedHeading();
    document.querySelectorAll("figure.jc-figure").forEach(function (figure) {
      if (figure.dataset.jcReady) { return; }
      figure.dataset.jcReady = "1";
      inline(figure);
    });
    // Material wraps each table in scroll containers, so look below the marker, not just under it.
    document.querySelectorAll("div.jc-sortable table").forEach(function (table) {
      if (table.dataset.jcReady) { return; }
      table.dataset.jcReady = "1";
      makeSortable(table);
      if (table.closest(".jc-filterable")) { makeFilterable(table); }
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);  // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
