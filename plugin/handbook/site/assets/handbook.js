/* handbook: neighbourhood diagrams (with the Mermaid that ships with the site) and
   register filters. No network access, no innerHTML with data. */
(function () {
  "use strict";

  var diagramCount = 0;
  /* Mermaid is loaded only on a page that has a diagram, from beside this script. */
  var here = document.currentScript && document.currentScript.src;
  var mermaidUrl = here ? here.replace(/handbook\.js(?:[?#].*)?$/, "vendor/mermaid/mermaid.min.js") : null;
  var mermaidLoading = null;

  function loadMermaid() {
    if (typeof window.mermaid !== "undefined") return Promise.resolve();
    if (!mermaidUrl) return Promise.reject(new Error("no URL for Mermaid"));
    if (!mermaidLoading) {
      mermaidLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = mermaidUrl;
        script.onload = function () { resolve(); };
        script.onerror = function () { mermaidLoading = null; reject(new Error("Mermaid did not load")); };
        document.head.appendChild(script);
      });
    }
    return mermaidLoading;
  }

  /* A diagram wider than its column scrolls sideways: it opens with the focus centred, so
     that both edges show a cut node, and the keyboard can scroll it (a named region). */
  function reachable(holder) {
    if (holder.scrollWidth <= holder.clientWidth) return;
    var focus = holder.querySelector(".hb-focus");
    if (focus) {
      var box = focus.getBoundingClientRect(), frame = holder.getBoundingClientRect();
      holder.scrollLeft = box.left - frame.left + box.width / 2 - holder.clientWidth / 2;
    }
    var caption = holder.parentNode && holder.parentNode.querySelector("figcaption");
    holder.setAttribute("tabindex", "0");
    holder.setAttribute("role", "region");
    holder.setAttribute("aria-label", (caption ? caption.textContent + ", " : "") + "scrolls sideways");
  }

  function scheme() {
    var body = document.body;
    var value = body && body.getAttribute("data-md-color-scheme");
    return value === "slate" ? "dark" : "default";
  }

  function renderDiagrams(root) {
    var blocks = Array.prototype.slice.call(root.querySelectorAll("pre.hb-mermaid:not([data-hb-done])"));
    if (!blocks.length) return;
    loadMermaid().then(function () { drawDiagrams(blocks); }, function () {});
  }

  function drawDiagrams(blocks) {
    blocks = blocks.filter(function (block) { return !block.hasAttribute("data-hb-done"); });
    if (!blocks.length) return;
    /* Text at the body's size: the diagram scrolls sideways rather than shrink to fit. */
    var size = window.getComputedStyle(blocks[0].closest(".md-typeset") || document.body).fontSize;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: scheme(),
                                themeVariables: { fontSize: size },
                                flowchart: { htmlLabels: false, useMaxWidth: false,
                                             wrappingWidth: 150, nodeSpacing: 24, rankSpacing: 24 } });
    blocks.forEach(function (block) {
      var source = block.textContent;
      var id = "hb-diagram-" + (++diagramCount);
      block.setAttribute("data-hb-done", "true");
      window.mermaid.render(id, source).then(function (result) {
        var holder = document.createElement("div");
        holder.className = "hb-mermaid-svg";
        /* Mermaid's own SVG output, sanitised by Mermaid in strict mode. */
        holder.innerHTML = result.svg;
        block.replaceWith(holder);
        reachable(holder);
      }).catch(function (error) {
        block.classList.add("hb-mermaid--failed");
        block.setAttribute("title", "diagram could not be drawn: " + String(error && error.message || error));
      });
    });
  }

  var PAGE = 100; /* rows a long register shows before "Show more" */

  /* Filter chips (data-filter/data-value against the rows' data-* attributes), a heat-map
     cell (#cell-L-I: the rows whose data-cell is L-I), and pages of PAGE rows. */
  function setUpFilters(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table[data-filterable]:not([data-hb-done])"), function (table) {
      table.setAttribute("data-hb-done", "true");
      var wrap = table.parentNode;
      var container = wrap.classList.contains("hb-table-wrap") ? wrap.parentNode : wrap;
      var chips = Array.prototype.slice.call(container.querySelectorAll(".hb-chip"));
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var hasCells = rows.some(function (row) { return row.hasAttribute("data-cell"); });
      var limit = PAGE;
      var cell = null;
      var note = document.createElement("p");
      note.className = "hb-table-note";
      note.hidden = true;
      wrap.parentNode.insertBefore(note, wrap);
      var more = document.createElement("button");
      more.type = "button";
      more.className = "hb-chip hb-more-rows";
      more.hidden = true;
      wrap.parentNode.insertBefore(more, wrap.nextSibling);

      function apply() {
        var active = {};
        chips.forEach(function (chip) {
          if (chip.getAttribute("aria-pressed") === "true") {
            var name = chip.getAttribute("data-filter");
            (active[name] = active[name] || []).push(chip.getAttribute("data-value"));
          }
        });
        var matching = 0;
        rows.forEach(function (row) {
          var visible = Object.keys(active).every(function (name) {
            var values = (row.getAttribute("data-" + name) || "").split(" ");
            return active[name].some(function (wanted) { return values.indexOf(wanted) >= 0; });
          }) && (cell === null || row.getAttribute("data-cell") === cell);
          if (visible) matching += 1;
          row.hidden = !visible || matching > limit;
        });
        var hidden = Math.max(matching - limit, 0);
        more.hidden = hidden === 0;
        more.textContent = "Show " + Math.min(hidden, PAGE) + " more (" + hidden + " not shown)";
        if (cell !== null) {
          note.hidden = false;
          note.textContent = "";
          var link = document.querySelector('.hb-heat__count[data-cell="' + cell + '"]');
          var label = link ? link.getAttribute("aria-label") : cell;
          note.appendChild(document.createTextNode("Showing " + label + ". "));
          var all = document.createElement("a");
          all.href = "#";
          all.textContent = "Show every risk";
          all.addEventListener("click", function (event) {
            event.preventDefault();
            history.replaceState(null, "", location.pathname + location.search);
            fromHash();
          });
          note.appendChild(all);
        } else {
          note.hidden = true;
        }
      }
      function fromHash() {
        var match = /^#cell-(\d+-\d+)$/.exec(location.hash);
        cell = hasCells && match ? match[1] : null;
        limit = PAGE;
        apply();
        if (cell !== null) table.scrollIntoView({ block: "start" });
      }
      chips.forEach(function (chip) {
        chip.addEventListener("click", function () {
          chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
          limit = PAGE;
          apply();
        });
      });
      more.addEventListener("click", function () {
        limit += PAGE;
        apply();
      });
      if (hasCells) window.addEventListener("hashchange", fromHash);
      fromHash();
    });
  }

  function setUp() {
    renderDiagrams(document);
    setUpFilters(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
