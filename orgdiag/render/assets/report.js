// report.html: the org chart's pan and zoom, search, the unit tree, the findings table's filters and the details
// of a selected element. Everything it needs is in the page: the data below and the drawings above.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const positions = new Map(), units = new Map(), children = new Map(), postsIn = new Map();
  for (const [id, title, holder, unit, manager, vacant] of data.positions) {
    positions.set(id, { id, title, holder, unit, manager, vacant });
    if (!postsIn.has(unit)) postsIn.set(unit, []);
    postsIn.get(unit).push(id);
  }
  for (const [id, name, parent] of data.units) {
    units.set(id, { id, name, parent });
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(id);
  }
  const findingsOn = new Map();
  data.findings.forEach((f, index) => {
    if (!findingsOn.has(f[3])) findingsOn.set(f[3], []);
    findingsOn.get(f[3]).push(index);
  });

  const el = (tag, attrs, ...content) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const item of content) node.append(item);
    return node;
  };
  const nameOf = (id) => positions.has(id) ? positions.get(id).title : units.has(id) ? units.get(id).name : id;

  // --- drawings: pan and zoom ------------------------------------------------------------------------------
  const drawings = Array.from(document.querySelectorAll("#chart .drawing"));
  const choose = document.getElementById("drawing");
  function show(index) {
    drawings.forEach((d, i) => d.classList.toggle("shown", i === index));
    if (choose) choose.value = String(index);
    const svg = drawings[index] && drawings[index].querySelector("svg");
    if (svg && !svg.dataset.opened && svg.getBoundingClientRect().width) { svg.dataset.opened = "1"; svg.readable(); }
  }
  // A drawing opens at a zoom where its text can be read: whole when whole it is drawn at READABLE screen pixels
  // a point or more, else at READABLE around the first post no one manages (class "head": the head of the
  // organisation) or else its first box (an overview's top unit), the rest a drag or a "Fit" away. Fitted whole, a large organisation's 8-point text is 3 pixels high.
  const READABLE = 1.25;
  for (const viewport of document.querySelectorAll(".viewport")) {
    for (const svg of viewport.querySelectorAll("svg")) zoomable(svg, viewport);
  }
  function zoomable(svg, viewport) {
    const start = svg.getAttribute("viewBox").split(/[ ,]+/).map(Number);
    svg.dataset.home = start.join(" ");
    let box = start.slice(), drag = null;
    const set = (b) => { box = b; svg.setAttribute("viewBox", b.join(" ")); };
    svg.resetView = () => set(svg.dataset.home.split(" ").map(Number));
    svg.readable = () => {
      const r = svg.getBoundingClientRect(), [x, y, w, h] = start;
      if (Math.min(r.width / w, r.height / h) >= READABLE) return;
      const first = svg.querySelector("g.node.head[data-org]") || svg.querySelector("g.node[data-org]") || svg;
      const b = first.getBBox(), m = svg.getScreenCTM().inverse().multiply(first.getScreenCTM());
      const c = new DOMPoint(b.x + b.width / 2, b.y + b.height / 2).matrixTransform(m);
      const vw = r.width / READABLE, vh = r.height / READABLE;
      const clamp = (v, low, size, room) => Math.max(low, Math.min(v, low + size - room));
      set([clamp(c.x - vw / 2, x, w, vw), clamp(c.y - vh / 4, y, h, vh), vw, vh]);
    };
    svg.zoomBy = (factor, cx, cy) => {
      const [x, y, w, h] = box;
      cx = cx === undefined ? x + w / 2 : cx; cy = cy === undefined ? y + h / 2 : cy;
      set([cx - (cx - x) * factor, cy - (cy - y) * factor, w * factor, h * factor]);
    };
    svg.lookAt = (group) => {  // the group's box, in the drawing's coordinates, in the middle of the view
      const b = group.getBBox(), m = svg.getScreenCTM().inverse().multiply(group.getScreenCTM());
      const a = new DOMPoint(b.x, b.y).matrixTransform(m), z = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
      const w = Math.max((z.x - a.x) * 3, 400), h = Math.max((z.y - a.y) * 3, 300);
      set([(a.x + z.x) / 2 - w / 2, (a.y + z.y) / 2 - h / 2, w, h]);
    };
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const r = svg.getBoundingClientRect(), [x, y, w, h] = box;
      svg.zoomBy(event.deltaY > 0 ? 1.15 : 1 / 1.15,
        x + (event.clientX - r.left) / r.width * w, y + (event.clientY - r.top) / r.height * h);
    }, { passive: false });
    svg.addEventListener("mousedown", (event) => { drag = [event.clientX, event.clientY, box.slice()];
      viewport.classList.add("dragging"); });
    window.addEventListener("mouseup", () => { drag = null; viewport.classList.remove("dragging"); });
    window.addEventListener("mousemove", (event) => {
      if (!drag) return;
      const r = svg.getBoundingClientRect(), [x, y, w, h] = drag[2];
      set([x - (event.clientX - drag[0]) / r.width * w, y - (event.clientY - drag[1]) / r.height * h, w, h]);
    });
    svg.addEventListener("click", (event) => {
      const group = event.target.closest("[data-org]");
      if (group) select(group.getAttribute("data-org"));
    });
  }
  const current = () => drawings.find((d) => d.classList.contains("shown")) || drawings[0];
  const svgOf = (drawing) => drawing && drawing.querySelector("svg");
  document.getElementById("zoom-in").addEventListener("click", () => svgOf(current()).zoomBy(1 / 1.3));
  document.getElementById("zoom-out").addEventListener("click", () => svgOf(current()).zoomBy(1.3));
  document.getElementById("zoom-reset").addEventListener("click", () => svgOf(current()).resetView());
  if (choose) choose.addEventListener("change", () => show(Number(choose.value)));

  // --- selecting an element ---------------------------------------------------------------------------------
  const details = document.getElementById("details");
  function groupIn(drawing, id) {
    for (const g of drawing.querySelectorAll("[data-org]")) if (g.getAttribute("data-org") === id) return g;
    return null;
  }
  function select(id) {
    document.querySelectorAll(".selected, .chain").forEach((g) => g.classList.remove("selected", "chain"));
    let drawing = groupIn(current(), id) ? current() : drawings.find((d) => groupIn(d, id));
    if (!drawing) {  // not drawn itself (a large organisation): the drawing that shows its unit
      const unit = positions.has(id) ? positions.get(id).unit : null;
      drawing = drawings.find((d) => unit && groupIn(d, unit));
    }
    if (drawing) {
      show(drawings.indexOf(drawing));
      const group = groupIn(drawing, id) || groupIn(drawing, positions.has(id) ? positions.get(id).unit : id);
      if (group) { group.classList.add("selected"); svgOf(drawing).lookAt(group); }
      let manager = positions.has(id) ? positions.get(id).manager : null;
      for (let guard = 0; manager && guard < 100; guard++) {
        const up = groupIn(drawing, manager);
        if (up) up.classList.add("chain");
        manager = positions.has(manager) ? positions.get(manager).manager : null;
      }
    }
    describe(id);
    openPath(id);
  }
  function describe(id) {
    details.replaceChildren();
    const post = positions.get(id), unit = units.get(post ? post.unit : id);
    details.append(el("h3", {}, nameOf(id)), el("p", { class: "muted" }, id));
    if (post) {
      details.append(el("p", {}, post.vacant ? "Vacant" : (post.holder || "Holder not named")));
      if (post.manager) details.append(el("p", {}, "Reports to ", nameOf(post.manager)));
    }
    if (unit && post) details.append(el("p", {}, "Unit: ", unit.name));
    const found = findingsOn.get(id) || [];
    details.append(el("h3", {}, found.length ? `${found.length} finding${found.length > 1 ? "s" : ""}` : "No findings"));
    for (const index of found) {
      const f = data.findings[index];
      const item = el("div", { class: "finding-detail" },
        el("p", {}, el("span", { class: `badge sev-${f[2]}` }, f[0]), " ", f[4]));
      if (f[5].length) item.append(el("p", { class: "muted" }, "Evidence: ", f[5].join(", ")));
      for (const text of f[6]) item.append(el("p", { class: "fix" }, "→ ", text));
      details.append(item);
    }
  }

  // --- search ----------------------------------------------------------------------------------------------
  const search = document.getElementById("search"), results = document.getElementById("results");
  search.addEventListener("input", () => {
    const words = search.value.trim().toLowerCase();
    results.replaceChildren();
    if (words.length < 2) return;
    const found = [];
    for (const post of positions.values()) {
      if (`${post.id} ${post.title} ${post.holder || ""}`.toLowerCase().includes(words)) found.push(post.id);
      if (found.length >= 25) break;
    }
    for (const unit of units.values()) {
      if (found.length >= 30) break;
      if (`${unit.id} ${unit.name}`.toLowerCase().includes(words)) found.push(unit.id);
    }
    for (const id of found) {
      const post = positions.get(id);
      const label = post ? `${post.title}${post.holder ? " · " + post.holder : ""}` : `${nameOf(id)} (unit)`;
      const item = el("li", { "data-id": id }, label);
      item.addEventListener("click", () => select(id));
      results.append(item);
    }
    if (!found.length) results.append(el("li", { class: "muted" }, "Nothing found"));
  });

  // --- the unit tree, opened on demand ---------------------------------------------------------------------
  const tree = document.getElementById("tree");
  function branch(parent) {
    const list = el("ul");
    for (const id of children.get(parent) || []) {
      const node = el("details", { "data-unit": id },
        el("summary", {}, `${units.get(id).name} (${(postsIn.get(id) || []).length})`));
      node.addEventListener("toggle", () => {
        if (node.open && !node.dataset.filled) {
          node.dataset.filled = "1";
          const posts = el("ul");
          for (const post of postsIn.get(id) || []) {
            const item = el("li", { class: "post", "data-id": post }, positions.get(post).title);
            item.addEventListener("click", () => select(post));
            posts.append(item);
          }
          node.append(posts, branch(id));
        }
      });
      list.append(el("li", {}, node));
    }
    return list;
  }
  tree.append(branch(null));
  const loose = postsIn.get(null) || [];
  if (loose.length) tree.append(el("p", { class: "muted" }, `${loose.length} posts belong to no unit`));
  function openPath(id) {
    const path = [];
    let unit = positions.has(id) ? positions.get(id).unit : id;
    while (unit && units.has(unit) && !path.includes(unit)) { path.unshift(unit); unit = units.get(unit).parent; }
    for (const step of path) {
      const node = Array.from(tree.querySelectorAll("details")).find((d) => d.dataset.unit === step);
      if (node && !node.open) { node.open = true; node.dispatchEvent(new Event("toggle")); }
    }
  }

  // --- the findings table ----------------------------------------------------------------------------------
  const filters = Array.from(document.querySelectorAll("#findings select"));
  const rows = Array.from(document.querySelectorAll("#findings tr.finding"));
  const apply = () => {
    const wanted = Object.fromEntries(filters.map((s) => [s.name, s.value]));
    for (const row of rows) {
      row.hidden = Object.entries(wanted).some(([key, value]) => value && row.dataset[key] !== value);
    }
  };
  filters.forEach((s) => s.addEventListener("change", apply));
  for (const row of rows) {
    row.addEventListener("click", () => { select(row.dataset.subject);
      document.getElementById("chart").scrollIntoView(); });
  }
  show(0);
})();
