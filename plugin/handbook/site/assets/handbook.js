/* handbook: neighbourhood diagrams (with the Mermaid that ships with the site) and
   register filters. No network access, no innerHTML with data. */
(function () {
  "use strict";

  var diagramCount = 0;

  function scheme() {
    var body = document.body;
    var value = body && body.getAttribute("data-md-color-scheme");
    return value === "slate" ? "dark" : "default";
  }

  function renderDiagrams(root) {
    if (typeof window.mermaid === "undefined") return;
    var blocks = Array.prototype.slice.call(root.querySelectorAll("pre.hb-mermaid:not([data-hb-done])"));
    if (!blocks.length) return;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: scheme(),
                                flowchart: { htmlLabels: false } });
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
      }).catch(function (error) {
        block.classList.add("hb-mermaid--failed");
        block.setAttribute("title", "diagram could not be drawn: " + String(error && error.message || error));
      });
    });
  }

  function setUpFilters(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table[data-filterable]:not([data-hb-done])"), function (table) {
      table.setAttribute("data-hb-done", "true");
      var container = table.parentNode;
      var chips = Array.prototype.slice.call(container.querySelectorAll(".hb-chip"));
      if (!chips.length) return;
      function apply() {
        var active = {};
        chips.forEach(function (chip) {
          if (chip.getAttribute("aria-pressed") === "true") {
            var name = chip.getAttribute("data-filter");
            (active[name] = active[name] || []).push(chip.getAttribute("data-value"));
          }
        });
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var visible = Object.keys(active).every(function (name) {
            var values = (row.getAttribute("data-" + name) || "").split(" ");
            return active[name].some(function (wanted) { return values.indexOf(wanted) >= 0; });
          });
          row.hidden = !visible;
        });
      }
      chips.forEach(function (chip) {
        chip.addEventListener("click", function () {
          chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
          apply();
        });
      });
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
