/* handbook: the graph explorer.
 *
 * Mounts on every `<div class="hb-explorer" data-source="…/explorer.json" data-base="…/">`:
 * a search box, kind and relation filters, a depth selector, a result list, and an SVG
 * diagram of the focused item's neighbourhood (incoming relations to the left, outgoing to
 * the right), or of the whole filtered graph when it is small enough.
 *
 * Plain JavaScript, no dependencies, nothing from the network but the data file. Every
 * string from the data is inserted with textContent or setAttribute, never as markup, and a
 * page link is only made from a relative URL that stays inside the site.
 *
 * Works with Material's instant navigation: it mounts on each `document$` emission.
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const LIST_LIMIT = 200; // result rows rendered at once
  const FOCUS_LIMIT = 80; // nodes in a neighbourhood diagram
  const COLUMN_LIMIT = 14; // nodes in one column of a neighbourhood diagram
  const OVERVIEW_LIMIT = 150; // the whole filtered graph is drawn up to this many nodes
  const EDGE_LIMIT = 600; // edges in one diagram
  const LABEL_ALL_LIMIT = 60; // beyond this many edges, only the focus's edges are labelled
  const RELATED_PREVIEW = 8; // rows per relation in the list under the diagram, before "more"
  const DEBOUNCE_MS = 120;

  // Diagram geometry, in SVG user units (px at scale 1).
  const NODE_W = 200;
  const NODE_H = 48;
  const ROW_GAP = 12;
  const COL_GAP = 132;
  const SUB_GAP = 32;
  const PAD_X = 24;
  const PAD_TOP = 16;
  const HEAD_H = 28;
  const MAX_ROWS = 12;
  const MIN_SCALE = 0.85;

  // Colour slots (explorer.css defines .hb-x-c0 … .hb-x-c11); built-in kinds have fixed ones.
  const SLOTS = 12;
  const KIND_SLOT = {
    risk: 0, "risk-register": 0, threat: 1, "threat-model": 1, "failure-mode": 2, fmea: 2,
    adr: 3, runbook: 4, slo: 5, "release-plan": 6, experiment: 7, postmortem: 8,
    outcome: 9, constraint: 10, contract: 11,
  };
  const CONTAINER_KINDS = new Set(["risk-register", "threat-model", "fmea"]);

  // Columns of the whole-graph view: what can go wrong on the left, answers on the right.
  const KIND_GROUP = {
    threat: 0, "threat-model": 0, "failure-mode": 0, fmea: 0,
    risk: 1, "risk-register": 1,
    adr: 2, outcome: 2, constraint: 2, contract: 2,
    "release-plan": 3, runbook: 3, slo: 3,
    experiment: 4, postmortem: 4,
  };
  const OTHER_GROUP = 4;
  const KIND_PLURAL = {
    adr: "decisions", risk: "risks", "risk-register": "risk registers", threat: "threats",
    "threat-model": "threat models", "failure-mode": "failure modes", fmea: "FMEAs",
    runbook: "runbooks", slo: "SLOs", "release-plan": "release plans", experiment: "experiments",
    postmortem: "postmortems", outcome: "outcomes", constraint: "constraints", contract: "contracts",
  };

  // Status → active / open / inactive, when the data does not say (a node's `state`).
  const STATUS_STATE = {
    accepted: "active", active: "active", approved: "active", mitigated: "active",
    verified: "active", passed: "active", completed: "active", transferred: "active",
    avoided: "active",
    draft: "open", proposed: "open", open: "open", planned: "open", running: "open",
    identified: "open", analysed: "open", analyzed: "open", "in-review": "open",
    "in-discussion": "open", "in-treatment": "open", "in-progress": "open",
    rejected: "inactive", deprecated: "inactive", superseded: "inactive", failed: "inactive",
    aborted: "inactive", "rolled-back": "inactive", cancelled: "inactive",
    archived: "inactive", closed: "inactive", "false-positive": "inactive",
    retired: "inactive", "not-applicable": "inactive",
  };
  const STATES = new Set(["active", "open", "inactive"]);

  let instances = 0;
  const dataCache = new Map(); // absolute data URL → Promise of the parsed JSON

  /* ---------------------------------------------------------------- DOM helpers -- */

  function h(tag, attrs, children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function s(tag, attrs, children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }

  function append(node, children) {
    if (children === null || children === undefined || children === false) return;
    if (!Array.isArray(children)) children = [children];
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function fmt(n) {
    return n.toLocaleString("en-US");
  }

  function plural(n, one, many) {
    return fmt(n) + " " + (n === 1 ? one : many || one + "s");
  }

  function truncate(value, max) {
    return value.length > max ? value.slice(0, max - 1).trimEnd() + "…" : value;
  }

  /* Shortens a label to fit `max` px in `font` (measured on a canvas; approximated without). */
  let measureContext;
  function fitText(value, max, font) {
    if (measureContext === undefined) {
      try {
        measureContext = document.createElement("canvas").getContext("2d");
      } catch (error) {
        measureContext = null;
      }
    }
    if (!measureContext) return truncate(value, Math.max(4, Math.floor(max / 6.6)));
    measureContext.font = font;
    if (measureContext.measureText(value).width <= max) return value;
    let low = 0;
    let high = Math.min(value.length, 400);
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (measureContext.measureText(value.slice(0, middle).trimEnd() + "…").width <= max) low = middle;
      else high = middle - 1;
    }
    return value.slice(0, low).trimEnd() + "…";
  }

  /* ------------------------------------------------------------------ URL safety -- */

  /* An absolute href for an item URL (relative to the site root), or null if it is not a
   * plain relative path that stays inside the site: no scheme, no "//", no leading "/",
   * no backslash, no control characters, no way out through "..". */
  function safeHref(url, root) {
    if (typeof url !== "string" || url === "" || root === null || url.length > 2048) return null;
    // Control characters (the URL parser drops tabs and newlines: "java\tscript:"), a
    // backslash (read as "/"), leading or trailing blanks, an absolute or "//" path.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\\]/.test(url) || url.trim() !== url || url[0] === "/") return null;
    const path = url.split(/[?#]/, 1)[0];
    if (path.indexOf(":") !== -1) return null; // a scheme: javascript:, data:, http:, c:
    if (/(^|\/)(\.|%2e){2}(\/|$)/i.test(path)) return null; // a way out of the site
    let resolved;
    try {
      resolved = new URL(url, root);
    } catch (error) {
      return null;
    }
    if (resolved.protocol !== root.protocol || resolved.host !== root.host) return null;
    if (!resolved.href.startsWith(root.href)) return null;
    return resolved.href;
  }

  function siteRoot(base) {
    let root;
    try {
      root = new URL(base || "./", window.location.href);
    } catch (error) {
      return null;
    }
    if (root.origin !== window.location.origin && window.location.origin !== "null") return null;
    if (!/^(https?|file):$/.test(root.protocol)) return null;
    root.search = "";
    root.hash = "";
    if (!root.pathname.endsWith("/")) root.pathname += "/";
    return root;
  }

  /* --------------------------------------------------------------------- the data -- */

  function str(value) {
    return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  }

  /* Validates and indexes the explorer data once: nodes by id, adjacency both ways. */
  function indexGraph(raw, root) {
    if (!raw || typeof raw !== "object" || !Array.isArray(raw.nodes)) {
      throw new Error("the data file has no nodes");
    }
    const nodes = [];
    const byId = new Map();
    const kinds = [];
    const kindSeen = new Map(); // kind → count
    const addKind = (kind) => {
      if (!kindSeen.has(kind)) {
        kindSeen.set(kind, 0);
        kinds.push(kind);
      }
    };
    if (Array.isArray(raw.kinds)) {
      for (const kind of raw.kinds) if (typeof kind === "string") addKind(kind);
    }
    for (const item of raw.nodes) {
      if (!item || typeof item !== "object") continue;
      const id = str(item.id);
      if (id === "" || byId.has(id)) continue;
      const kind = str(item.kind) || "item";
      const title = str(item.title);
      const status = str(item.status);
      const declared = str(item.state);
      const state = STATES.has(declared) ? declared : STATUS_STATE[status.toLowerCase()] || "";
      const node = {
        id: id,
        kind: kind,
        title: title,
        status: status,
        state: state,
        url: typeof item.url === "string" ? item.url : null,
        href: undefined, // resolved lazily
        idLower: id.toLowerCase(),
        titleLower: title.toLowerCase(),
        order: nodes.length,
        out: [],
        inc: [],
      };
      addKind(kind);
      kindSeen.set(kind, kindSeen.get(kind) + 1);
      nodes.push(node);
      byId.set(id, node);
    }
    const relations = [];
    const relSeen = new Map(); // relation → count
    const addRelation = (relation) => {
      if (!relSeen.has(relation)) {
        relSeen.set(relation, 0);
        relations.push(relation);
      }
    };
    if (Array.isArray(raw.relations)) {
      for (const relation of raw.relations) if (typeof relation === "string") addRelation(relation);
    }
    let edgeCount = 0;
    const edgeKeys = new Set();
    for (const edge of Array.isArray(raw.edges) ? raw.edges : []) {
      let source;
      let target;
      let relation;
      if (Array.isArray(edge)) {
        [source, target, relation] = edge;
      } else if (edge && typeof edge === "object") {
        ({ source, target, relation } = edge);
      } else {
        continue;
      }
      const from = byId.get(str(source));
      const to = byId.get(str(target));
      relation = str(relation) || "relates-to";
      if (!from || !to) continue;
      const key = from.id + "\u0000" + to.id + "\u0000" + relation;
      if (edgeKeys.has(key)) continue;
      edgeKeys.add(key);
      const record = { source: from, target: to, relation: relation };
      from.out.push(record);
      to.inc.push(record);
      addRelation(relation);
      relSeen.set(relation, relSeen.get(relation) + 1);
      edgeCount += 1;
    }
    const slots = assignSlots(kinds);
    return {
      nodes: nodes,
      byId: byId,
      kinds: kinds,
      kindCount: kindSeen,
      kindSlot: slots,
      relations: relations,
      relationCount: relSeen,
      edgeCount: edgeCount,
      root: root,
    };
  }

  function assignSlots(kinds) {
    const slots = new Map();
    const used = new Set();
    for (const kind of kinds) {
      if (Object.prototype.hasOwnProperty.call(KIND_SLOT, kind)) {
        slots.set(kind, KIND_SLOT[kind]);
        used.add(KIND_SLOT[kind]);
      }
    }
    let next = 0;
    for (const kind of kinds) {
      if (slots.has(kind)) continue;
      let tries = 0;
      while (used.has(next % SLOTS) && tries < SLOTS) {
        next += 1;
        tries += 1;
      }
      slots.set(kind, next % SLOTS);
      used.add(next % SLOTS);
      next += 1;
    }
    return slots;
  }

  function hrefOf(graph, node) {
    if (node.href === undefined) node.href = safeHref(node.url, graph.root);
    return node.href;
  }

  function loadData(url) {
    if (!dataCache.has(url)) {
      const promise = fetch(url, { credentials: "same-origin" }).then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
        return response.json();
      });
      promise.catch(() => dataCache.delete(url));
      dataCache.set(url, promise);
    }
    return dataCache.get(url);
  }

  /* --------------------------------------------------------------- the explorer -- */

  function Explorer(root) {
    this.root = root;
    this.uid = "hb-x" + ++instances;
    this.graph = null;
    this.state = { query: "", kinds: new Set(), relations: new Set(), depth: 1, focus: null };
    this.ownsHash = document.querySelector(".hb-explorer") === root; // the first one keeps the hash
    this.searchTimer = 0;
    this.results = [];
    this.activeRow = 0;
    this.onHashChange = this.onHashChange.bind(this);
  }

  Explorer.prototype.mount = function () {
    const root = this.root;
    const source = root.getAttribute("data-source") || "explorer.json";
    const siteBase = siteRoot(root.getAttribute("data-base"));
    let dataUrl = null;
    let inline = null;
    if (source.charAt(0) === "#") {
      // The data is in the page: <script type="application/json" id="…">.
      inline = document.getElementById(source.slice(1));
    } else {
      try {
        dataUrl = new URL(source, window.location.href);
      } catch (error) {
        dataUrl = null;
      }
    }
    clear(root);
    root.classList.add("hb-x");
    root.setAttribute("aria-busy", "true");
    const loading = h("p", { class: "hb-x-loading", role: "status" }, "Loading the graph…");
    root.appendChild(loading);
    let data;
    if (inline !== null) {
      data = Promise.resolve().then(() => JSON.parse(inline.textContent));
    } else if (dataUrl === null || dataUrl.origin !== window.location.origin) {
      this.fail(loading, source.charAt(0) === "#" ? "no element " + source : "the data URL is not on this site");
      return;
    } else {
      data = loadData(dataUrl.href);
    }
    data
      .then((raw) => {
        if (!root.isConnected) return;
        this.graph = indexGraph(raw, siteBase);
        this.state.kinds = new Set(this.graph.kinds);
        this.state.relations = new Set(this.graph.relations);
        root.removeChild(loading);
        this.build();
        this.readHash(true);
        window.addEventListener("hashchange", this.onHashChange);
        root.removeAttribute("aria-busy");
        root.setAttribute("data-state", "ready");
        this.emit("ready", { nodes: this.graph.nodes.length, edges: this.graph.edgeCount });
      })
      .catch((error) => {
        if (root.isConnected) this.fail(loading, error && error.message ? error.message : String(error));
      });
  };

  Explorer.prototype.fail = function (loading, message) {
    this.root.removeAttribute("aria-busy");
    this.root.setAttribute("data-state", "error");
    loading.className = "hb-x-error";
    loading.setAttribute("role", "alert");
    loading.textContent = "The graph explorer could not load its data (" + message + ").";
    if (window.console) window.console.warn("handbook explorer:", message);
  };

  Explorer.prototype.emit = function (name, detail) {
    this.root.dispatchEvent(new CustomEvent("hb-explorer:" + name, { bubbles: true, detail: detail }));
  };

  /* ---- the interface -- */

  Explorer.prototype.build = function () {
    const uid = this.uid;
    const graph = this.graph;
    const state = this.state;

    // Toolbar: search, depth, totals.
    this.input = h("input", {
      type: "search",
      id: uid + "-q",
      class: "hb-x-input",
      placeholder: "Search by id or title",
      autocomplete: "off",
      spellcheck: "false",
      "aria-controls": uid + "-list",
      "aria-describedby": uid + "-count",
    });
    this.depthSelect = h("select", { id: uid + "-depth", class: "hb-x-select" }, [
      h("option", { value: "1" }, "1 step"),
      h("option", { value: "2" }, "2 steps"),
      h("option", { value: "3" }, "3 steps"),
    ]);
    const searchIcon = s("svg", { class: "hb-x-search-icon", viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" }, [
      s("path", { d: "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5Z" }),
    ]);
    const toolbar = h("div", { class: "hb-x-toolbar" }, [
      h("div", { class: "hb-x-search" }, [
        h("label", { for: uid + "-q", class: "hb-x-sr" }, "Search items by id or title"),
        searchIcon,
        this.input,
      ]),
      h("label", { class: "hb-x-depth", for: uid + "-depth" }, ["Depth", this.depthSelect]),
      h("p", { class: "hb-x-totals" }, [
        plural(graph.nodes.length, "item"),
        h("span", { class: "hb-x-dot", "aria-hidden": "true" }, " · "),
        plural(graph.edgeCount, "relation"),
      ]),
    ]);

    // Filters: kinds and relations.
    this.kindBoxes = new Map();
    const kindChips = graph.kinds.map((kind) => {
      const box = h("input", { type: "checkbox", value: kind, checked: true, class: "hb-x-check" });
      this.kindBoxes.set(kind, box);
      return h("label", { class: "hb-x-chip" }, [
        box,
        h("span", { class: "hb-x-swatch " + this.kindClass(kind), "aria-hidden": "true" }),
        h("span", { class: "hb-x-chip-name" }, kind),
        h("span", { class: "hb-x-chip-count" }, fmt(graph.kindCount.get(kind) || 0)),
      ]);
    });
    this.relationBoxes = new Map();
    const relationChips = graph.relations.map((relation) => {
      const box = h("input", { type: "checkbox", value: relation, checked: true, class: "hb-x-check" });
      this.relationBoxes.set(relation, box);
      return h("label", { class: "hb-x-chip" }, [
        box,
        h("span", { class: "hb-x-chip-name" }, relation),
        h("span", { class: "hb-x-chip-count" }, fmt(graph.relationCount.get(relation) || 0)),
      ]);
    });
    const filterGroup = (name, chips, kindOfFilter) =>
      h("fieldset", { class: "hb-x-filter", "data-filter": kindOfFilter }, [
        h("legend", { class: "hb-x-legend" }, name),
        h("div", { class: "hb-x-chips" }, chips.length ? chips : h("span", { class: "hb-x-muted" }, "none")),
        chips.length > 1
          ? h("button", { type: "button", class: "hb-x-link-button", "data-all": kindOfFilter }, "all")
          : null,
      ]);
    const filters = h("div", { class: "hb-x-filters" }, [
      filterGroup("Kinds", kindChips, "kinds"),
      filterGroup("Relations", relationChips, "relations"),
    ]);

    // Results.
    this.count = h("p", { class: "hb-x-count", id: uid + "-count", role: "status", "aria-live": "polite" });
    this.list = h("ol", { class: "hb-x-list", id: uid + "-list", "aria-label": "Matching items" });
    this.more = h("p", { class: "hb-x-more", hidden: true });
    const results = h("section", { class: "hb-x-results", "aria-label": "Items" }, [this.count, this.list, this.more]);

    // The view: header, diagram, relations list.
    this.viewHead = h("div", { class: "hb-x-view-head" });
    this.canvas = h("div", { class: "hb-x-canvas" });
    this.zoomLabel = h("span", { class: "hb-x-zoom-level", "aria-live": "polite" }, "100%");
    const zoomButton = (zoom, label, title) =>
      h("button", { type: "button", class: "hb-x-zoom-button", "data-zoom": zoom, "aria-label": title, title: title }, label);
    this.zoomBar = h("div", { class: "hb-x-zoom", role: "group", "aria-label": "Zoom" }, [
      zoomButton("out", "−", "Zoom out"),
      this.zoomLabel,
      zoomButton("in", "+", "Zoom in"),
      zoomButton("fit", "Fit", "Fit the diagram to the width"),
    ]);
    this.canvasHint = h("p", { class: "hb-x-canvas-hint" }, [
      "Click an item to focus it · Ctrl/⌘-click or ",
      h("kbd", null, "O"),
      " opens its page · ",
      h("kbd", null, "Esc"),
      " clears the focus",
    ]);
    this.stage = h("div", { class: "hb-x-stage" }, [
      this.canvas,
      h("div", { class: "hb-x-stage-foot" }, [this.canvasHint, this.zoomBar]),
    ]);
    this.related = h("div", { class: "hb-x-related" });
    this.view = h("section", { class: "hb-x-view", "aria-label": "Diagram", "aria-live": "off" }, [
      this.viewHead,
      this.stage,
      this.related,
    ]);

    append(this.root, [toolbar, filters, h("div", { class: "hb-x-body" }, [results, this.view])]);

    // Events.
    this.input.addEventListener("input", () => {
      window.clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => {
        state.query = this.input.value;
        this.refresh({ keepFocusView: true });
      }, DEBOUNCE_MS);
    });
    this.input.addEventListener("keydown", (event) => this.onInputKey(event));
    this.depthSelect.addEventListener("change", () => {
      state.depth = clampDepth(this.depthSelect.value);
      this.renderView();
      this.writeHash();
    });
    filters.addEventListener("change", (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
      const set = this.kindBoxes.get(box.value) === box ? state.kinds : state.relations;
      if (box.checked) set.add(box.value);
      else set.delete(box.value);
      this.refresh({});
    });
    filters.addEventListener("click", (event) => {
      const button = event.target instanceof Element ? event.target.closest("[data-all]") : null;
      if (!button) return;
      const which = button.getAttribute("data-all");
      const boxes = which === "kinds" ? this.kindBoxes : this.relationBoxes;
      const set = which === "kinds" ? state.kinds : state.relations;
      const allOn = set.size === boxes.size;
      for (const [value, box] of boxes) {
        box.checked = !allOn;
        if (allOn) set.delete(value);
        else set.add(value);
      }
      this.refresh({});
    });
    this.list.addEventListener("click", (event) => {
      const row = event.target instanceof Element ? event.target.closest(".hb-x-row") : null;
      if (row) this.select(row.getAttribute("data-id"), { from: "list" });
    });
    this.list.addEventListener("keydown", (event) => this.onListKey(event));
    this.root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && state.focus !== null && event.target !== this.input) {
        event.preventDefault();
        this.select(null, {});
        this.input.focus();
      }
    });
    this.view.addEventListener("click", (event) => this.onViewClick(event));
    this.view.addEventListener("auxclick", (event) => this.onViewClick(event));
    this.view.addEventListener("keydown", (event) => this.onViewKey(event));

    this.refresh({});
  };

  Explorer.prototype.kindClass = function (kind) {
    const slot = this.graph.kindSlot.get(kind);
    return "hb-x-c" + (slot === undefined ? SLOTS - 1 : slot) + (CONTAINER_KINDS.has(kind) ? " hb-x-container" : "");
  };

  /* ---- search and the list -- */

  Explorer.prototype.search = function () {
    const graph = this.graph;
    const kinds = this.state.kinds;
    const terms = this.state.query.toLowerCase().split(/\s+/).filter(Boolean);
    const found = [];
    if (terms.length === 0) {
      for (const node of graph.nodes) if (kinds.has(node.kind)) found.push(node);
      return found;
    }
    const first = terms[0];
    const scored = [];
    outer: for (const node of graph.nodes) {
      if (!kinds.has(node.kind)) continue;
      for (const term of terms) {
        if (node.idLower.indexOf(term) === -1 && node.titleLower.indexOf(term) === -1) continue outer;
      }
      let score = 5;
      if (node.idLower === first) score = 0;
      else if (node.idLower.startsWith(first)) score = 1;
      else if (node.idLower.indexOf(first) !== -1) score = 2;
      else if (node.titleLower.startsWith(first)) score = 3;
      else if (node.titleLower.indexOf(" " + first) !== -1) score = 4;
      scored.push([score, node]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1].order - b[1].order);
    for (const pair of scored) found.push(pair[1]);
    return found;
  };

  /* Each filter's "all" button turns every box on, or off when all are on already. */
  Explorer.prototype.updateAllButtons = function () {
    for (const button of this.root.querySelectorAll("[data-all]")) {
      const which = button.getAttribute("data-all");
      const allOn = which === "kinds"
        ? this.state.kinds.size === this.kindBoxes.size
        : this.state.relations.size === this.relationBoxes.size;
      // The visible word starts the name: "none (turn off every kind)".
      const what = which === "kinds" ? "kind" : "relation";
      button.replaceChildren(
        allOn ? "none" : "all",
        h("span", { class: "hb-x-sr" }, allOn ? " (turn off every " + what + ")" : " (turn on every " + what + ")"),
      );
      button.removeAttribute("aria-label");
    }
  };

  Explorer.prototype.refresh = function (options) {
    const started = performance.now();
    this.updateAllButtons();
    this.results = this.search();
    this.renderList();
    // A focused neighbourhood does not depend on the search text.
    if (!options.keepFocusView || this.state.focus === null) this.renderView();
    this.emit("results", { count: this.results.length, ms: performance.now() - started });
  };

  Explorer.prototype.renderList = function () {
    const results = this.results;
    const shown = results.slice(0, LIST_LIMIT);
    const focus = this.state.focus;
    const fragment = document.createDocumentFragment();
    let activeIndex = shown.findIndex((node) => node.id === focus);
    if (activeIndex === -1) activeIndex = 0;
    this.activeRow = activeIndex;
    shown.forEach((node, index) => {
      const status = node.status
        ? h("span", { class: "hb-x-status hb-x-state-" + (node.state || "none") }, node.status)
        : null;
      fragment.appendChild(
        h("li", { class: "hb-x-item" }, [
          h(
            "button",
            {
              type: "button",
              class: "hb-x-row",
              "data-id": node.id,
              tabindex: index === activeIndex ? "0" : "-1",
              "aria-current": node.id === focus ? "true" : null,
            },
            [
              h("span", { class: "hb-x-row-line" }, [
                h("span", { class: "hb-x-swatch " + this.kindClass(node.kind), "aria-hidden": "true" }),
                h("span", { class: "hb-x-row-id" }, node.id),
                h("span", { class: "hb-x-row-kind" }, node.kind),
                status,
              ]),
              h("span", { class: "hb-x-row-title" }, node.title || "(untitled)"),
            ],
          ),
        ]),
      );
    });
    clear(this.list);
    this.list.appendChild(fragment);
    const query = this.state.query.trim();
    if (results.length === 0) {
      this.count.textContent = query ? "No item matches “" + truncate(query, 60) + "”" : "No item of the chosen kinds";
    } else {
      const total = this.graph.nodes.length;
      this.count.textContent =
        query || this.state.kinds.size !== this.graph.kinds.length
          ? plural(results.length, "item") + " match" + (results.length === 1 ? "es" : "")
          : plural(total, "item");
    }
    const hidden = results.length - shown.length;
    this.more.hidden = hidden <= 0;
    this.more.textContent = hidden > 0 ? fmt(hidden) + " more — refine the search to see them" : "";
  };

  Explorer.prototype.rows = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll(".hb-x-row"));
  };

  Explorer.prototype.moveRow = function (index) {
    const rows = this.rows();
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.setAttribute("tabindex", i === index ? "0" : "-1"));
    this.activeRow = index;
    rows[index].focus();
  };

  Explorer.prototype.onInputKey = function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      this.flushSearch();
      this.moveRow(0);
    } else if (event.key === "Enter") {
      event.preventDefault();
      this.flushSearch();
      const first = this.results[0];
      if (first) this.select(first.id, { from: "input" });
    }
  };

  /* Applies a pending debounced search at once (Enter or ArrowDown in the box). */
  Explorer.prototype.flushSearch = function () {
    if (this.input.value !== this.state.query) {
      window.clearTimeout(this.searchTimer);
      this.state.query = this.input.value;
      this.refresh({ keepFocusView: true });
    }
  };

  Explorer.prototype.onListKey = function (event) {
    const row = event.target instanceof Element ? event.target.closest(".hb-x-row") : null;
    if (!row) return;
    const rows = this.rows();
    const index = rows.indexOf(row);
    let next = null;
    if (event.key === "ArrowDown") next = index + 1;
    else if (event.key === "ArrowUp") {
      if (index === 0) {
        event.preventDefault();
        this.input.focus();
        return;
      }
      next = index - 1;
    } else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = rows.length - 1;
    else if (event.key === "PageDown") next = index + 10;
    else if (event.key === "PageUp") next = index - 10;
    if (next !== null) {
      event.preventDefault();
      this.moveRow(next);
    }
  };

  /* ---- focus and the hash -- */

  Explorer.prototype.select = function (id, options) {
    const node = id === null ? null : this.graph.byId.get(id) || null;
    this.state.focus = node ? node.id : null;
    this.missing = id !== null && !node ? id : null;
    for (const row of this.rows()) {
      if (row.getAttribute("data-id") === this.state.focus) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    }
    this.renderView();
    if (!options.fromHash) this.writeHash();
    if (options.from === "diagram" && node) {
      const target = this.canvas.querySelector('.hb-x-node.is-focus');
      if (target) target.focus({ preventScroll: true });
    }
  };

  Explorer.prototype.writeHash = function () {
    if (!this.ownsHash) return;
    const url = new URL(window.location.href);
    if (this.state.focus !== null) {
      url.hash = "focus=" + encodeURIComponent(this.state.focus) + "&depth=" + this.state.depth;
    } else if (this.state.depth !== 1) {
      url.hash = "depth=" + this.state.depth;
    } else {
      url.hash = "";
    }
    const next = url.href.endsWith("#") ? url.href.slice(0, -1) : url.href;
    if (next !== window.location.href) {
      try {
        window.history.replaceState(window.history.state, "", next);
      } catch (error) {
        /* a sandboxed or file: page may refuse; the state just is not kept */
      }
    }
  };

  Explorer.prototype.readHash = function (initial) {
    if (!this.ownsHash) {
      if (initial) this.renderView();
      return;
    }
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    const depth = params.has("depth") ? clampDepth(params.get("depth")) : 1;
    const focus = params.has("focus") ? params.get("focus") : null;
    if (!initial && focus === this.state.focus && depth === this.state.depth) return;
    this.state.depth = depth;
    this.depthSelect.value = String(depth);
    this.select(focus, { fromHash: true });
    if (focus !== null && this.graph.byId.has(focus)) this.revealRow(focus);
  };

  Explorer.prototype.revealRow = function (id) {
    const row = this.rows().find((candidate) => candidate.getAttribute("data-id") === id);
    if (row) {
      const rows = this.rows();
      rows.forEach((other) => other.setAttribute("tabindex", other === row ? "0" : "-1"));
      const list = this.list;
      const top = row.offsetTop - list.offsetTop;
      if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - row.offsetHeight) {
        list.scrollTop = Math.max(0, top - list.clientHeight / 3);
      }
    }
  };

  Explorer.prototype.onHashChange = function () {
    if (!this.root.isConnected) {
      window.removeEventListener("hashchange", this.onHashChange);
      return;
    }
    this.readHash(false);
  };

  function clampDepth(value) {
    const depth = parseInt(value, 10);
    return depth >= 1 && depth <= 3 ? depth : depth > 3 ? 3 : 1;
  }

  /* ---- the view: a focus, the whole filtered graph, or a hint -- */

  Explorer.prototype.renderView = function () {
    const started = performance.now();
    clear(this.viewHead);
    clear(this.canvas);
    clear(this.related);
    this.stage.hidden = false;
    this.related.hidden = true;
    const focus = this.state.focus !== null ? this.graph.byId.get(this.state.focus) : null;
    let mode;
    if (focus) {
      mode = "focus";
      this.renderFocus(focus);
    } else if (this.results.length > 0 && this.results.length <= OVERVIEW_LIMIT) {
      mode = "overview";
      this.renderOverview();
    } else {
      mode = "hint";
      this.renderHint();
    }
    if (this.missing && !focus) {
      this.viewHead.insertBefore(
        h("p", { class: "hb-x-missing", role: "alert" }, ["No item has the id ", h("code", null, this.missing), "."]),
        this.viewHead.firstChild,
      );
    }
    this.root.setAttribute("data-view", mode);
    this.emit("view", { mode: mode, focus: focus ? focus.id : null, ms: performance.now() - started });
  };

  Explorer.prototype.renderHint = function () {
    this.stage.hidden = true;
    const total = this.results.length;
    const children = [];
    children.push(
      s("svg", { class: "hb-x-hint-icon", viewBox: "0 0 48 48", "aria-hidden": "true", focusable: "false" }, [
        s("path", { class: "hb-x-hint-edge", d: "M14 24 C20 24 20 12 30 12 M14 24 C20 24 20 36 30 36 M14 24 H30" }),
        s("rect", { x: 3, y: 18, width: 12, height: 12, rx: 3 }),
        s("rect", { x: 31, y: 6, width: 12, height: 12, rx: 3 }),
        s("rect", { x: 31, y: 18, width: 12, height: 12, rx: 3 }),
        s("rect", { x: 31, y: 30, width: 12, height: 12, rx: 3 }),
      ]),
    );
    children.push(h("p", { class: "hb-x-hint-title" }, "Pick an item to see its neighbourhood"));
    if (total > OVERVIEW_LIMIT) {
      children.push(
        h("p", { class: "hb-x-hint-text" },
          plural(total, "item") + " match the filters — too many to draw at once. The whole graph is drawn when at most " +
            OVERVIEW_LIMIT + " items match: narrow it with the search or the kinds, or choose an item from the list."),
      );
    } else {
      children.push(h("p", { class: "hb-x-hint-text" }, "Nothing matches the search and filters."));
    }
    children.push(
      h("p", { class: "hb-x-keys" }, [
        h("kbd", null, "↓"), " moves into the list, ", h("kbd", null, "Enter"), " focuses an item, ",
        h("kbd", null, "Esc"), " clears the focus.",
      ]),
    );
    this.viewHead.appendChild(h("div", { class: "hb-x-hint" }, children));
  };

  Explorer.prototype.renderFocus = function (focus) {
    const graph = this.graph;
    const depth = this.state.depth;
    const nb = this.neighbourhood(focus, depth);
    const href = hrefOf(graph, focus);

    // Header: the focused item, its page, how much is shown.
    const title = h("div", { class: "hb-x-focus" }, [
      h("span", { class: "hb-x-kind-tag " + this.kindClass(focus.kind) }, focus.kind),
      h("span", { class: "hb-x-focus-id" }, focus.id),
      focus.status ? h("span", { class: "hb-x-status hb-x-state-" + (focus.state || "none") }, focus.status) : null,
      h("span", { class: "hb-x-focus-title" }, focus.title || "(untitled)"),
    ]);
    const actions = h("div", { class: "hb-x-actions" }, [
      href
        ? h("a", { class: "hb-x-open", href: href, "data-id": focus.id }, ["Open page", h("span", { "aria-hidden": "true" }, "→")])
        : h("span", { class: "hb-x-muted hb-x-nolink" }, "no page"),
      h("button", { type: "button", class: "hb-x-button", "data-action": "clear" }, "Clear focus"),
    ]);
    const hidden = nb.total - nb.nodes.length;
    const note = [
      plural(nb.nodes.length - 1, "related item") + " within " + plural(depth, "step"),
    ];
    if (hidden > 0) {
      note.push(" · ");
      note.push(h("strong", { class: "hb-x-hidden-count" }, fmt(hidden) + " more not shown"));
      note.push(" (the diagram shows at most " + COLUMN_LIMIT + " a column and " + FOCUS_LIMIT + " in all; lower the depth or filter)");
    }
    if (nb.edgesHidden > 0) note.push(" · " + plural(nb.edgesHidden, "relation") + " not drawn");
    append(this.viewHead, [
      h("div", { class: "hb-x-focus-bar" }, [title, actions]),
      h("p", { class: "hb-x-note", "data-hidden": String(hidden) }, note),
    ]);

    // Columns by signed distance: incoming on the left, outgoing on the right.
    const columns = new Map();
    for (const node of nb.nodes) {
      const col = nb.col.get(node);
      if (!columns.has(col)) columns.set(col, []);
      columns.get(col).push(node);
    }
    for (const key of nb.hiddenByColumn.keys()) if (!columns.has(key)) columns.set(key, []);
    const keys = Array.from(columns.keys()).sort((a, b) => a - b);
    const cols = keys.map((key) => ({
      key: key,
      nodes: columns.get(key),
      more: nb.hiddenByColumn.get(key) || 0,
      label: key === 0 ? "" : key < 0 ? "← " + (key === -1 ? "Upstream" : plural(-key, "step") + " upstream") : (key === 1 ? "Downstream" : plural(key, "step") + " downstream") + " →",
    }));
    this.drawDiagram({
      columns: cols,
      edges: nb.edges,
      focus: focus,
      label: "Neighbourhood of " + focus.id + ": " + plural(nb.nodes.length, "item") + ", " + plural(nb.edges.length, "relation"),
    });
    this.renderRelated(focus);
  };

  /* Breadth-first over enabled relations and kinds, both directions. A node's column is its
   * parent's, plus one along an outgoing edge or minus one along an incoming edge. */
  Explorer.prototype.neighbourhood = function (focus, depth) {
    const kinds = this.state.kinds;
    const relations = this.state.relations;
    const col = new Map([[focus, 0]]);
    const dist = new Map([[focus, 0]]);
    const shown = [focus];
    const shownSet = new Set([focus]);
    const perColumn = new Map([[0, 1]]);
    const hiddenByColumn = new Map();
    let frontier = [focus];
    let total = 1;
    for (let level = 1; level <= depth && frontier.length; level += 1) {
      const next = [];
      for (const node of frontier) {
        const visit = (other, delta) => {
          if (dist.has(other) || !kinds.has(other.kind)) return;
          const key = (col.get(node) || 0) + delta;
          dist.set(other, level);
          col.set(other, key);
          next.push(other);
          total += 1;
          if (shown.length < FOCUS_LIMIT && shownSet.has(node) && (perColumn.get(key) || 0) < COLUMN_LIMIT) {
            shown.push(other);
            shownSet.add(other);
            perColumn.set(key, (perColumn.get(key) || 0) + 1);
          } else {
            hiddenByColumn.set(key, (hiddenByColumn.get(key) || 0) + 1);
          }
        };
        for (const edge of node.out) if (relations.has(edge.relation)) visit(edge.target, 1);
        for (const edge of node.inc) if (relations.has(edge.relation)) visit(edge.source, -1);
      }
      frontier = next;
    }
    const edges = [];
    let edgesHidden = 0;
    for (const node of shown) {
      for (const edge of node.out) {
        if (!relations.has(edge.relation) || !shownSet.has(edge.target)) continue;
        if (edges.length < EDGE_LIMIT) edges.push(edge);
        else edgesHidden += 1;
      }
    }
    return { nodes: shown, col: col, edges: edges, edgesHidden: edgesHidden, total: total, hiddenByColumn: hiddenByColumn };
  };

  Explorer.prototype.renderOverview = function () {
    const nodes = this.results;
    const relations = this.state.relations;
    const set = new Set(nodes);
    const edges = [];
    let edgesHidden = 0;
    for (const node of nodes) {
      for (const edge of node.out) {
        if (!relations.has(edge.relation) || !set.has(edge.target)) continue;
        if (edges.length < EDGE_LIMIT) edges.push(edge);
        else edgesHidden += 1;
      }
    }
    const groups = new Map();
    const kindIndex = new Map(this.graph.kinds.map((kind, index) => [kind, index]));
    for (const node of nodes) {
      const group = Object.prototype.hasOwnProperty.call(KIND_GROUP, node.kind) ? KIND_GROUP[node.kind] : OTHER_GROUP;
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(node);
    }
    const cols = Array.from(groups.keys())
      .sort((a, b) => a - b)
      .map((key) => {
        const members = groups.get(key).slice().sort((a, b) => kindIndex.get(a.kind) - kindIndex.get(b.kind) || a.order - b.order);
        const kinds = [];
        for (const node of members) if (kinds.indexOf(node.kind) === -1) kinds.push(node.kind);
        const names = kinds.filter((kind) => !CONTAINER_KINDS.has(kind) || kinds.length === 1);
        const label = names.map((kind) => (Object.prototype.hasOwnProperty.call(KIND_PLURAL, kind) ? KIND_PLURAL[kind] : kind));
        const joined = label.join(" · ");
        return { key: key, nodes: members, label: joined.charAt(0).toUpperCase() + joined.slice(1) };
      });
    const query = this.state.query.trim();
    const filtered = query || this.state.kinds.size !== this.graph.kinds.length || relations.size !== this.graph.relations.length;
    append(this.viewHead, [
      h("div", { class: "hb-x-focus-bar" }, [
        h("div", { class: "hb-x-focus" }, [
          h("span", { class: "hb-x-focus-title hb-x-overview-title" }, filtered ? "The filtered graph" : "The whole graph"),
        ]),
      ]),
      h("p", { class: "hb-x-note" }, [
        plural(nodes.length, "item") + " · " + plural(edges.length, "relation") +
          (edgesHidden ? " (" + fmt(edgesHidden) + " not drawn)" : "") +
          " · click an item to focus it, Ctrl/⌘-click to open its page",
      ]),
    ]);
    this.drawDiagram({
      columns: cols,
      edges: edges,
      focus: null,
      wrap: true,
      label: "The " + (filtered ? "filtered " : "") + "graph: " + plural(nodes.length, "item") + ", " + plural(edges.length, "relation"),
    });
  };

  /* The focus's direct relations as text: an accessible alternative to the diagram, and the
   * complete list when the diagram leaves some out. */
  Explorer.prototype.renderRelated = function (focus) {
    const relations = this.state.relations;
    const kinds = this.state.kinds;
    const build = (edges, outgoing) => {
      const groups = new Map();
      for (const edge of edges) {
        if (!relations.has(edge.relation)) continue;
        const other = outgoing ? edge.target : edge.source;
        if (!kinds.has(other.kind)) continue;
        if (!groups.has(edge.relation)) groups.set(edge.relation, []);
        groups.get(edge.relation).push(other);
      }
      const section = h("div", { class: "hb-x-related-col" }, [
        h("p", { class: "hb-x-related-head" }, outgoing ? "Outgoing" : "Incoming"),
      ]);
      if (!groups.size) {
        section.appendChild(h("p", { class: "hb-x-muted hb-x-related-none" }, "none"));
        return section;
      }
      const list = h("dl", { class: "hb-x-related-list" });
      for (const [relation, others] of groups) {
        list.appendChild(
          h("dt", null, [outgoing ? relation + " →" : "← " + relation, h("span", { class: "hb-x-related-count" }, fmt(others.length))]),
        );
        const rows = others.map((other) => this.relatedRow(other));
        rows.slice(0, RELATED_PREVIEW).forEach((row) => list.appendChild(row));
        if (rows.length > RELATED_PREVIEW) {
          const rest = rows.slice(RELATED_PREVIEW);
          const more = h("dd", { class: "hb-x-related-more" }, [
            h("button", { type: "button", class: "hb-x-link-button", "aria-label": "Show " + fmt(rest.length) + " more " + relation },
              "Show " + fmt(rest.length) + " more"),
          ]);
          more.firstChild.addEventListener("click", () => {
            const fragment = document.createDocumentFragment();
            rest.forEach((row) => fragment.appendChild(row));
            more.replaceWith(fragment);
            const next = rest[0].querySelector("button");
            if (next) next.focus();
          });
          list.appendChild(more);
        }
      }
      section.appendChild(list);
      return section;
    };
    append(this.related, [
      h("p", { class: "hb-x-related-title" }, "Direct relations of " + focus.id),
      h("div", { class: "hb-x-related-cols" }, [build(focus.inc, false), build(focus.out, true)]),
    ]);
    this.related.hidden = false;
  };

  Explorer.prototype.relatedRow = function (other) {
    const otherHref = hrefOf(this.graph, other);
    return h("dd", null, [
      h("button", { type: "button", class: "hb-x-ref", "data-focus": other.id, "aria-label": "Focus " + other.id }, [
        h("span", { class: "hb-x-swatch " + this.kindClass(other.kind), "aria-hidden": "true" }),
        h("span", { class: "hb-x-ref-id" }, other.id),
      ]),
      h("span", { class: "hb-x-ref-title", title: other.title }, other.title),
      other.status ? h("span", { class: "hb-x-status hb-x-state-" + (other.state || "none") }, other.status) : h("span"),
      otherHref
        ? h("a", { class: "hb-x-ref-open", href: otherHref, "aria-label": "Open the page of " + other.id, title: "Open page" }, "↗")
        : h("span", { class: "hb-x-ref-open hb-x-muted", title: "No page" }, "–"),
    ]);
  };

  /* ---- the diagram -- */

  Explorer.prototype.drawDiagram = function (spec) {
    const uid = this.uid;
    const columns = spec.columns;
    const edges = spec.edges;
    const focus = spec.focus;

    // Order each column by the mean position of its neighbours (a few barycentre sweeps).
    const adjacency = new Map();
    for (const col of columns) for (const node of col.nodes) adjacency.set(node, []);
    for (const edge of edges) {
      adjacency.get(edge.source).push(edge.target);
      adjacency.get(edge.target).push(edge.source);
    }
    const rank = new Map();
    const updateRanks = (col) => col.nodes.forEach((node, index) => rank.set(node, (index + 0.5) / col.nodes.length));
    columns.forEach(updateRanks);
    const sweep = (col) => {
      const keyed = col.nodes.map((node, index) => {
        const around = adjacency.get(node).filter((other) => rank.has(other) && !col.nodes.includes(other));
        const mean = around.length ? around.reduce((sum, other) => sum + rank.get(other), 0) / around.length : rank.get(node);
        return [mean, index, node];
      });
      keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      col.nodes = keyed.map((entry) => entry[2]);
      if (focus && col.nodes.includes(focus)) {
        col.nodes.splice(col.nodes.indexOf(focus), 1);
        col.nodes.splice(Math.floor(col.nodes.length / 2), 0, focus);
      }
      updateRanks(col);
    };
    if (edges.length && edges.length <= 2000) {
      for (let pass = 0; pass < 3; pass += 1) {
        for (const col of columns) if (col.nodes.length > 1) sweep(col);
        for (let i = columns.length - 1; i >= 0; i -= 1) if (columns[i].nodes.length > 1) sweep(columns[i]);
      }
    } else if (focus) {
      for (const col of columns) if (col.nodes.includes(focus)) sweep(col);
    }

    // Edges within the first or last column loop outside it: leave room for them.
    const firstCol = new Set(columns.length ? columns[0].nodes : []);
    const lastCol = new Set(columns.length ? columns[columns.length - 1].nodes : []);
    let loopLeft = false;
    let loopRight = false;
    for (const edge of edges) {
      if (firstCol.has(edge.source) && firstCol.has(edge.target) && columns[0].key < 0) loopLeft = true;
      if (lastCol.has(edge.source) && lastCol.has(edge.target) && columns[columns.length - 1].key >= 0) loopRight = true;
    }
    const LOOP_ROOM = 84;

    // Place: a column of the whole graph wraps into sub-columns of at most MAX_ROWS; a
    // focus column is capped instead (the nodes left out are summed up in a "more" box at
    // its foot). All columns are centred vertically.
    const wrapAt = spec.wrap ? MAX_ROWS : Infinity;
    const pos = new Map();
    const moreBoxes = [];
    let x = PAD_X + (loopLeft ? LOOP_ROOM : 0);
    let maxRows = 1;
    const headers = [];
    for (const col of columns) maxRows = Math.max(maxRows, Math.min(wrapAt, col.nodes.length + (col.more ? 1 : 0)));
    const bodyH = maxRows * NODE_H + (maxRows - 1) * ROW_GAP;
    const top = PAD_TOP + HEAD_H;
    columns.forEach((col, index) => {
      const rows = col.nodes.length + (col.more ? 1 : 0);
      const subs = Math.max(1, Math.ceil(rows / wrapAt));
      const perSub = Math.ceil(rows / subs);
      const startX = x;
      for (let sub = 0; sub < subs; sub += 1) {
        const members = col.nodes.slice(sub * perSub, (sub + 1) * perSub);
        const withMore = sub === subs - 1 && col.more ? 1 : 0;
        const count = members.length + withMore;
        const height = count * NODE_H + (count - 1) * ROW_GAP;
        let y = top + (bodyH - height) / 2;
        for (const node of members) {
          pos.set(node, { x: x, y: y, col: index, outer: col.key < 0 ? "l" : "r" });
          y += NODE_H + ROW_GAP;
        }
        if (withMore) moreBoxes.push({ x: x, y: y, count: col.more });
        x += NODE_W + (sub < subs - 1 ? SUB_GAP : 0);
      }
      headers.push({ x: (startX + x) / 2, width: x - startX, label: col.label });
      x += COL_GAP;
    });
    const width = x - COL_GAP + PAD_X + (loopRight ? LOOP_ROOM : 0);
    const height = top + bodyH + PAD_TOP + 8;

    // Scale down a little to fit, then scroll; the zoom buttons change the scale.
    const available = this.availableWidth();
    const scale = Math.max(MIN_SCALE, Math.min(1, available / width));
    const svg = s("svg", {
      class: "hb-x-svg",
      id: uid + "-svg",
      viewBox: "0 0 " + Math.round(width) + " " + Math.round(height),
      role: "group",
      "aria-label": spec.label,
    });
    const defs = s("defs");
    for (const variant of ["", "-hl"]) {
      defs.appendChild(
        s("marker", {
          id: uid + "-arrow" + variant,
          class: "hb-x-arrow" + variant,
          viewBox: "0 0 10 10",
          refX: "9",
          refY: "5",
          markerWidth: "7",
          markerHeight: "7",
          orient: "auto-start-reverse",
        }, s("path", { d: "M 0 1 L 9 5 L 0 9 z" })),
      );
    }
    svg.appendChild(defs);

    // Label fonts match explorer.css, so that labels are cut to fit.
    const family = window.getComputedStyle(this.root).fontFamily || "sans-serif";
    const fonts = {
      id: "700 12px " + family,
      status: "600 10.5px " + family,
      title: "12px " + family,
      head: "700 10.5px " + family,
      label: "600 10.5px " + family,
    };

    // Column headings.
    const headGroup = s("g", { class: "hb-x-col-heads", "aria-hidden": "true" });
    for (const head of headers) {
      if (!head.label) continue;
      headGroup.appendChild(s("text", { x: head.x, y: PAD_TOP + 12, "text-anchor": "middle", class: "hb-x-col-head" }, fitText(head.label, head.width, fonts.head)));
    }
    svg.appendChild(headGroup);

    // Edges under nodes. Each edge leaves and enters a node on the side facing the other
    // end (an edge within a column loops on the column's outer side); edges sharing a side
    // get their own ports, ordered by where the other end is, so arrows do not pile up.
    const routes = [];
    const ports = new Map();
    const port = (node, side, route, end, otherY) => {
      const key = side + node.id;
      if (!ports.has(key)) ports.set(key, []);
      ports.get(key).push({ route: route, end: end, otherY: otherY });
    };
    for (const edge of edges) {
      const a = pos.get(edge.source);
      const b = pos.get(edge.target);
      if (!a || !b) continue;
      let from;
      let to;
      if (b.x > a.x + NODE_W / 2) [from, to] = ["r", "l"];
      else if (b.x + NODE_W / 2 < a.x) [from, to] = ["l", "r"];
      else from = to = a.outer;
      const route = { edge: edge, a: a, b: b, from: from, to: to, y1: 0, y2: 0 };
      routes.push(route);
      port(edge.source, from, route, "y1", b.y);
      port(edge.target, to, route, "y2", a.y);
    }
    for (const [key, list] of ports) {
      const box = pos.get(this.graph.byId.get(key.slice(1)));
      list.sort((p, q) => p.otherY - q.otherY);
      const step = list.length > 1 ? Math.min(7, (NODE_H - 14) / (list.length - 1)) : 0;
      list.forEach((entry, index) => {
        entry.route[entry.end] = box.y + NODE_H / 2 + (index - (list.length - 1) / 2) * step;
      });
    }

    // Labels avoid each other and the nodes; one that finds no room shows on hover only.
    const taken = [];
    for (const p of pos.values()) taken.push([p.x - 2, p.y - 2, p.x + NODE_W + 2, p.y + NODE_H + 2]);
    const fits = (box) => !taken.some((o) => box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]);
    const labelAll = edges.length <= LABEL_ALL_LIMIT;
    const labelWidths = new Map();
    const widthOf = (relation) => {
      if (!labelWidths.has(relation)) {
        const shown = fitText(relation, COL_GAP - 24, fonts.label);
        labelWidths.set(relation, [shown, measureContext ? measureContext.measureText(shown).width : shown.length * 6]);
      }
      return labelWidths.get(relation);
    };
    const touches = (route) => focus !== null && (route.edge.source === focus || route.edge.target === focus);
    routes.sort((p, q) => Number(touches(q)) - Number(touches(p)));

    const edgeLayer = s("g", { class: "hb-x-edges" });
    const labelLayer = s("g", { class: "hb-x-labels", "aria-hidden": "true" });
    const edgesOf = new Map();
    for (const route of routes) {
      const { edge, a, b, y1, y2 } = route;
      let x1;
      let x2;
      let c1;
      let c2;
      if (route.from !== route.to) {
        x1 = route.from === "r" ? a.x + NODE_W : a.x;
        x2 = route.to === "l" ? b.x : b.x + NODE_W;
        const dx = Math.max(40, Math.abs(x2 - x1) / 2) * (route.from === "r" ? 1 : -1);
        c1 = x1 + dx;
        c2 = x2 - dx;
      } else {
        const sign = route.from === "r" ? 1 : -1;
        x1 = route.from === "r" ? a.x + NODE_W : a.x;
        x2 = x1 + (b.x - a.x);
        const bulge = (30 + Math.min(LOOP_ROOM - 34, Math.abs(y2 - y1) / 5)) * sign;
        c1 = x1 + bulge;
        c2 = x2 + bulge;
      }
      const touchesFocus = touches(route);
      const group = s("g", {
        class: "hb-x-edge" + (touchesFocus ? " is-focus-edge" : ""),
        "data-source": edge.source.id,
        "data-target": edge.target.id,
        "data-relation": edge.relation,
      }, [
        s("title", null, edge.source.id + " " + edge.relation + " " + edge.target.id),
        s("path", { class: "hb-x-edge-line", d: bezier(x1, y1, c1, y1, c2, y2, x2, y2), "marker-end": "url(#" + uid + "-arrow)" }),
      ]);
      edgeLayer.appendChild(group);

      const [shown, labelWidth] = widthOf(edge.relation);
      let place = null;
      for (const at of [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78]) {
        const [lx, ly] = pointAt(at, x1, y1, c1, y1, c2, y2, x2, y2);
        const box = [lx - labelWidth / 2 - 3, ly - 7, lx + labelWidth / 2 + 3, ly + 7];
        if (place === null) place = [lx, ly, null];
        if ((labelAll || touchesFocus) && fits(box)) {
          place = [lx, ly, box];
          break;
        }
      }
      if (place[2]) taken.push(place[2]);
      const label = s("text", {
        class: "hb-x-edge-label" + (place[2] ? " is-shown" : ""),
        x: place[0].toFixed(1),
        y: (place[1] + 3.5).toFixed(1),
        "text-anchor": "middle",
      }, shown);
      labelLayer.appendChild(label);
      for (const end of [edge.source, edge.target]) {
        if (!edgesOf.has(end)) edgesOf.set(end, []);
        edgesOf.get(end).push([group, label, edge]);
      }
    }
    svg.appendChild(edgeLayer);

    // Nodes.
    const nodeEls = new Map();
    const nodeLayer = s("g", { class: "hb-x-nodes" });
    for (const col of columns) {
      for (const node of col.nodes) {
        const p = pos.get(node);
        const isFocus = node === focus;
        const href = hrefOf(this.graph, node);
        const statusText = node.status ? fitText(node.status, 84, fonts.status) : "";
        const statusWidth = statusText && measureContext ? measureContext.measureText(statusText).width + 10 : statusText.length * 6.5 + 10;
        const idText = fitText(node.id, NODE_W - 24 - (statusText ? statusWidth : 0), fonts.id);
        // The name holds the visible text in the order it is drawn (id, status, title),
        // so that speech input can name the button by what it shows.
        const label =
          node.id + ", " + (node.status ? node.status + ", " : "") + (node.title || "(untitled)") + ", " + node.kind +
          (isFocus ? " (focused)" : ". Enter to focus" + (href ? ", O to open its page" : ""));
        const group = s("g", {
          class: "hb-x-node " + this.kindClass(node.kind) + (isFocus ? " is-focus" : "") + (node.state ? " hb-x-state-" + node.state : ""),
          transform: "translate(" + p.x + " " + p.y + ")",
          tabindex: "0",
          role: "button",
          "aria-label": label,
          "data-id": node.id,
          "data-kind": node.kind,
          "data-href": href || null,
        }, [
          s("title", null, node.id + " — " + (node.title || "untitled") + " (" + node.kind + (node.status ? ", " + node.status : "") + ")" + (href ? "\nCtrl/⌘-click opens its page" : "")),
          s("rect", { class: "hb-x-node-box", width: NODE_W, height: NODE_H, rx: 7 }),
          s("rect", { class: "hb-x-node-bar", x: 0, y: 0, width: 5, height: NODE_H, rx: 2 }),
          // The spaces between the labels are not drawn; they keep the words of the visible
          // text apart, as the name has them.
          s("text", { class: "hb-x-node-id", x: 14, y: 19 }, idText),
          " ",
          statusText ? s("text", { class: "hb-x-node-status", x: NODE_W - 10, y: 19, "text-anchor": "end" }, statusText) : null,
          statusText ? " " : null,
          s("text", { class: "hb-x-node-title", x: 14, y: 37 }, fitText(node.title || "(untitled)", NODE_W - 24, fonts.title)),
        ]);
        nodeLayer.appendChild(group);
        const highlight = (on) => {
          svg.classList.toggle("has-hl", on);
          group.classList.toggle("is-hl", on);
          for (const [edgeGroup, edgeLabel, edge] of edgesOf.get(node) || []) {
            edgeGroup.classList.toggle("is-hl", on);
            edgeLabel.classList.toggle("is-hl", on);
            edgeGroup.lastChild.setAttribute("marker-end", "url(#" + uid + (on ? "-arrow-hl)" : "-arrow)"));
            const other = edge.source === node ? edge.target : edge.source;
            const otherEl = nodeEls.get(other);
            if (otherEl) otherEl.classList.toggle("is-near", on);
          }
        };
        group.addEventListener("pointerenter", () => highlight(true));
        group.addEventListener("pointerleave", () => highlight(false));
        group.addEventListener("focus", () => highlight(true));
        group.addEventListener("blur", () => highlight(false));
        nodeEls.set(node, group);
      }
    }
    for (const box of moreBoxes) {
      nodeLayer.appendChild(
        s("g", { class: "hb-x-more-node", transform: "translate(" + box.x + " " + box.y + ")" }, [
          s("rect", { class: "hb-x-more-box", width: NODE_W, height: NODE_H, rx: 7 }),
          s("text", { class: "hb-x-more-count", x: NODE_W / 2, y: 20, "text-anchor": "middle" }, "+ " + fmt(box.count) + " more"),
          s("text", { class: "hb-x-more-text", x: NODE_W / 2, y: 36, "text-anchor": "middle" }, "not drawn here"),
        ]),
      );
    }
    svg.appendChild(nodeLayer);
    svg.appendChild(labelLayer);

    this.svg = svg;
    this.svgSize = [width, height];
    this.setScale(scale);
    this.canvas.appendChild(svg);
    // Bring the focus into view when the diagram scrolls.
    if (focus && pos.has(focus)) {
      const p = pos.get(focus);
      this.canvas.scrollLeft = Math.max(0, (p.x + NODE_W / 2) * scale - this.canvas.clientWidth / 2);
      this.canvas.scrollTop = Math.max(0, (p.y + NODE_H / 2) * scale - this.canvas.clientHeight / 2);
    }
  };

  Explorer.prototype.availableWidth = function () {
    return Math.max(320, (this.canvas.clientWidth || this.view.clientWidth || 900) - 2);
  };

  Explorer.prototype.setScale = function (scale) {
    if (!this.svg) return;
    const [width, height] = this.svgSize;
    this.scale = Math.max(0.25, Math.min(2, scale));
    this.svg.setAttribute("width", String(Math.round(width * this.scale)));
    this.svg.setAttribute("height", String(Math.round(height * this.scale)));
    this.zoomLabel.textContent = Math.round(this.scale * 100) + "%";
  };

  Explorer.prototype.zoom = function (how) {
    if (!this.svg) return;
    const canvas = this.canvas;
    // Keep the middle of what is visible in the middle.
    const cx = (canvas.scrollLeft + canvas.clientWidth / 2) / this.scale;
    const cy = (canvas.scrollTop + canvas.clientHeight / 2) / this.scale;
    if (how === "in") this.setScale(this.scale * 1.25);
    else if (how === "out") this.setScale(this.scale / 1.25);
    else this.setScale(Math.min(1, this.availableWidth() / this.svgSize[0]));
    canvas.scrollLeft = Math.max(0, cx * this.scale - canvas.clientWidth / 2);
    canvas.scrollTop = Math.max(0, cy * this.scale - canvas.clientHeight / 2);
  };

  function bezier(x1, y1, c1x, c1y, c2x, c2y, x2, y2) {
    const r = (v) => Math.round(v * 10) / 10;
    return "M" + r(x1) + " " + r(y1) + " C" + r(c1x) + " " + r(c1y) + " " + r(c2x) + " " + r(c2y) + " " + r(x2) + " " + r(y2);
  }

  function pointAt(t, x1, y1, c1x, c1y, c2x, c2y, x2, y2) {
    const u = 1 - t;
    const a = u * u * u;
    const b = 3 * u * u * t;
    const c = 3 * u * t * t;
    const d = t * t * t;
    return [a * x1 + b * c1x + c * c2x + d * x2, a * y1 + b * c1y + c * c2y + d * y2];
  }

  /* ---- clicks and keys in the view -- */

  Explorer.prototype.openNode = function (id, newTab) {
    const node = this.graph.byId.get(id);
    const href = node ? hrefOf(this.graph, node) : null;
    if (!href) return;
    if (newTab) window.open(href, "_blank", "noopener");
    else window.location.assign(href);
  };

  Explorer.prototype.onViewClick = function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const zoom = target.closest("[data-zoom]");
    if (zoom && event.type === "click") {
      this.zoom(zoom.getAttribute("data-zoom"));
      return;
    }
    const action = target.closest("[data-action]");
    if (action && action.getAttribute("data-action") === "clear" && event.type === "click") {
      this.select(null, {});
      this.input.focus();
      return;
    }
    const ref = target.closest("[data-focus]");
    if (ref && event.type === "click") {
      this.select(ref.getAttribute("data-focus"), { from: "diagram" });
      return;
    }
    const nodeEl = target.closest(".hb-x-node");
    if (!nodeEl) return;
    const id = nodeEl.getAttribute("data-id");
    const modified = event.ctrlKey || event.metaKey || event.shiftKey || event.button === 1;
    if (modified) {
      event.preventDefault();
      this.openNode(id, !event.shiftKey || event.ctrlKey || event.metaKey || event.button === 1);
    } else if (event.type === "click" && event.button === 0) {
      if (id !== this.state.focus) this.select(id, { from: "diagram" });
    }
  };

  Explorer.prototype.onViewKey = function (event) {
    const target = event.target instanceof Element ? event.target.closest(".hb-x-node") : null;
    if (!target) return;
    const id = target.getAttribute("data-id");
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (event.ctrlKey || event.metaKey) this.openNode(id, true);
      else if (id !== this.state.focus) this.select(id, { from: "diagram" });
    } else if (event.key === "o" || event.key === "O") {
      event.preventDefault();
      this.openNode(id, event.ctrlKey || event.metaKey);
    }
  };

  /* ------------------------------------------------------------------- mounting -- */

  function mountAll() {
    const roots = document.querySelectorAll(".hb-explorer:not([data-hb-mounted])");
    for (const root of roots) {
      root.setAttribute("data-hb-mounted", "true");
      try {
        new Explorer(root).mount();
      } catch (error) {
        root.setAttribute("data-state", "error");
        if (window.console) window.console.warn("handbook explorer:", error);
      }
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => mountAll());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
