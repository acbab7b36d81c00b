/* papernotes explorer: filters the papers of explore.json by tag, venue, year, status, week and words.
 *
 * Facets combine with AND, values of one facet with OR; a tag includes its child tags. The state
 * lives in the URL query (?tag=loc&venue=CVPR&text=net&sort=year), so a view can be shared and the
 * back button restores the previous one. Everything from the data is set with textContent; every
 * URL is relative to the page, so the site works under a sub-path and from `mkdocs serve`.
 * Runs on a plain page load and on Material's instant navigation (document$) alike.
 */
(function () {
  "use strict";

  var FACET_SHOWN = 12;         // values a facet shows before its "Show N more" button
  var PAGE_SIZE = 100;          // results rendered at once; "Show more" adds as many again
  var NONE = "-";               // URL value of "no venue / no year / not read"
  var SORTS = ["read", "year", "title"];
  var TEXT_PARAM = "text";      // not "q": Material's search opens on ?q= and deletes it when closed
  var FACETS = [
    { param: "tag", title: "Topics" },
    { param: "venue", title: "Venue" },
    { param: "year", title: "Year" },
    { param: "status", title: "Status" },
    { param: "week", title: "Reading week" }
  ];
  var current = null;           // the explorer of the page on screen

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  /* ------------------------------------------------------------------ the model */

  function Model(data) {
    var papers = data.papers;
    var count = papers.length;
    this.data = data;
    this.count = count;
    this.hay = new Array(count);
    var tagRows = data.tags;
    var ancestors = tagRows.map(function (row, index) {
      var chain = [index];
      for (var parent = row[1]; parent >= 0; parent = tagRows[parent][1]) chain.push(parent);
      return chain;
    });

    // Facet values: key (as in the URL), label, and for tags the depth and parent prefix.
    var tagValues = tagRows.map(function (row) {
      var key = row[0], cut = key.lastIndexOf("/");
      // row[2]: the tag's name, when it has one; the tree's indent shows its parent, its tooltip the key
      var named = Boolean(row[2]);
      return {
        key: key, label: named ? row[2] : key.slice(cut + 1), prefix: !named && cut >= 0 ? key.slice(0, cut + 1) : "",
        depth: key.split("/").length - 1, tip: key
      };
    });
    var venueValues = data.venues.map(function (v) { return { key: v, label: v }; });
    var yearValues = data.years.map(function (y) { return { key: String(y), label: String(y) }; });
    var statusValues = data.statuses.map(function (s) { return { key: s[0], label: s[1] }; });
    var weekValues = data.weeks.map(function (w) { return { key: w[0], label: w[1] }; });
    var yearIndex = {};
    data.years.forEach(function (y, i) { yearIndex[y] = i; });

    var tagsOf = new Array(count);
    var venueOf = new Int32Array(count), yearOf = new Int32Array(count);
    var statusOf = new Int32Array(count), weekOf = new Int32Array(count);
    var noVenue = false, noYear = false, noWeek = false;
    for (var i = 0; i < count; i++) {
      var p = papers[i];
      this.hay[i] = fold(p[1] + "\n" + p[2] + "\n" + p[3] + "\n" + p[0] + "\n" + p[11]);
      var expanded = [];
      for (var t = 0; t < p[9].length; t++) {
        var chain = ancestors[p[9][t]];
        for (var c = 0; c < chain.length; c++) if (expanded.indexOf(chain[c]) < 0) expanded.push(chain[c]);
      }
      tagsOf[i] = expanded;
      venueOf[i] = p[5] >= 0 ? p[5] : venueValues.length;
      yearOf[i] = p[4] ? yearIndex[p[4]] : yearValues.length;
      statusOf[i] = p[7];
      weekOf[i] = p[8] >= 0 ? p[8] : weekValues.length;
      noVenue = noVenue || p[5] < 0;
      noYear = noYear || !p[4];
      noWeek = noWeek || p[8] < 0;
    }
    // "None" values sit after the real ones, so a paper's value index is always valid.
    if (noVenue) venueValues.push({ key: NONE, label: "Preprints and other" });
    if (noYear) yearValues.push({ key: NONE, label: "No year" });
    if (noWeek) weekValues.push({ key: NONE, label: "Not read yet" });

    this.facets = [
      { values: tagValues, multi: true, of: tagsOf },
      { values: venueValues, multi: false, of: venueOf },
      { values: yearValues, multi: false, of: yearOf },
      { values: statusValues, multi: false, of: statusOf },
      { values: weekValues, multi: false, of: weekOf }
    ];
    this.facets.forEach(function (facet, f) {
      facet.param = FACETS[f].param;
      facet.title = FACETS[f].title;
      facet.index = {};
      facet.values.forEach(function (value, v) { facet.index[value.key] = v; });
    });
    this.orders = { read: null, year: null, title: null };
  }

  /* Paper indexes in the order of a sort; the JSON rows come in read order already. */
  Model.prototype.order = function (sort) {
    if (this.orders[sort]) return this.orders[sort];
    var papers = this.data.papers, order = new Array(this.count);
    for (var i = 0; i < this.count; i++) order[i] = i;
    if (sort === "year") {
      order.sort(function (a, b) { return (papers[b][4] - papers[a][4]) || (a - b); });
    } else if (sort === "title") {
      var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
      order.sort(function (a, b) { return collator.compare(papers[a][1], papers[b][1]) || (a - b); });
    }
    this.orders[sort] = order;
    return order;
  };

  Model.prototype.url = function (i) {
    var p = this.data.papers[i];
    if (p.length > 12) return p[12];
    return this.data.paper_url[0] + encodeURIComponent(p[0]) + this.data.paper_url[1];
  };

  /* One pass: the papers matching every facet and the words, and for each facet value the
   * number of papers it would match given the other facets (a paper failing exactly one facet
   * still counts for that facet's values). */
  Model.prototype.filter = function (state) {
    var facets = this.facets, nFacets = facets.length;
    var words = fold(state.text).split(/\s+/).filter(Boolean);
    var counts = facets.map(function (facet) { return new Int32Array(facet.values.length); });
    var active = state.selected.map(function (chosen) { return chosen.length > 0; });
    var chosenSets = state.selected.map(function (chosen, f) {
      var set = new Uint8Array(facets[f].values.length);
      chosen.forEach(function (v) { set[v] = 1; });
      return set;
    });
    var order = this.order(state.sort), hay = this.hay, results = [];
    for (var k = 0; k < order.length; k++) {
      var i = order[k];
      if (words.length) {
        var text = hay[i], w = 0;
        while (w < words.length && text.indexOf(words[w]) >= 0) w++;
        if (w < words.length) continue;
      }
      var failed = -1, failures = 0;
      for (var f = 0; f < nFacets && failures < 2; f++) {
        if (!active[f]) continue;
        var facet = facets[f], set = chosenSets[f], hit = false;
        if (facet.multi) {
          var values = facet.of[i];
          for (var v = 0; v < values.length; v++) if (set[values[v]]) { hit = true; break; }
        } else {
          hit = set[facet.of[i]] === 1;
        }
        if (!hit) { failed = f; failures++; }
      }
      if (failures === 0) {
        results.push(i);
        for (f = 0; f < nFacets; f++) countPaper(facets[f], counts[f], i);
      } else if (failures === 1) {
        countPaper(facets[failed], counts[failed], i);
      }
    }
    return { results: results, counts: counts };
  };

  function countPaper(facet, counts, i) {
    if (facet.multi) {
      var values = facet.of[i];
      for (var v = 0; v < values.length; v++) counts[values[v]]++;
    } else {
      counts[facet.of[i]]++;
    }
  }

  /* ------------------------------------------------------------------ URL state */

  function stateFromQuery(model, search) {
    var params = new URLSearchParams(search);
    var unknown = [];
    var selected = model.facets.map(function (facet) {
      var chosen = [];
      params.getAll(facet.param).forEach(function (key) {
        var v = facet.index[key];
        if (v === undefined) unknown.push(facet.param + " " + key);
        else if (chosen.indexOf(v) < 0) chosen.push(v);
      });
      return chosen;
    });
    var sort = params.get("sort");
    return {
      selected: selected,
      text: params.get(TEXT_PARAM) || "",
      sort: SORTS.indexOf(sort) >= 0 ? sort : "read",
      unknown: unknown
    };
  }

  function queryFromState(model, state) {
    var params = new URLSearchParams();
    state.selected.forEach(function (chosen, f) {
      var facet = model.facets[f];
      chosen.forEach(function (v) { params.append(facet.param, facet.values[v].key); });
    });
    if (state.text.trim()) params.set(TEXT_PARAM, state.text.trim());
    if (state.sort !== "read") params.set("sort", state.sort);
    var query = params.toString().replace(/%2F/gi, "/");  // '/' is fine in a query and reads better: tag=loc/seg
    return query ? "?" + query : "";
  }

  /* ------------------------------------------------------------------ the page */

  function Explorer(root, model) {
    this.root = root;
    this.model = model;
    this.shown = PAGE_SIZE;
    this.part = function (name) { return root.querySelector("[data-pn-" + name + "]"); };
    this.results = this.part("results");
    this.countLine = this.part("count");
    this.more = this.part("more");
    this.query = this.part("query");
    this.sort = this.part("sort");
    this.active = this.part("active");
    this.filters = this.part("filters");
    this.filtersTitle = this.filters.querySelector("summary");
    this.state = stateFromQuery(model, location.search);
    this.download = new Download(this);
    this.buildFacets();
    this.bind();
    this.sync();
    this.update();
    root.setAttribute("data-state", "ready");
    var nojs = root.querySelector(".pn-explorer__nojs");
    if (nojs) nojs.hidden = true;
    this.part("controls").hidden = false;
    this.filters.hidden = false;
    if (window.performance && performance.mark) performance.mark("papernotes:explorer-ready");
  }

  Explorer.prototype.buildFacets = function () {
    var self = this, container = this.part("facets");
    var id = 0;
    this.groups = [];
    this.boxes = this.model.facets.map(function (facet, f) {
      var group = element("details", "pn-facet");
      group.open = f < 4 || facet.values.length <= 12;  // a long list of weeks starts folded
      group.hidden = facet.values.length === 0;
      self.groups.push(group);
      var summary = element("summary", "pn-facet__title", facet.title);
      group.appendChild(summary);
      var list = element("ul", "pn-facet__values");
      list.setAttribute("role", "group");
      list.setAttribute("aria-label", facet.title);
      var boxes = facet.values.map(function (value, v) {
        var item = element("li", "pn-facet__value");
        if (value.depth) item.style.paddingLeft = value.depth + "em";
        var label = element("label");
        var box = element("input");
        box.type = "checkbox";
        box.name = facet.param;
        box.value = value.key;
        box.id = "pn-facet-" + facet.param + "-" + (id++);
        box.setAttribute("data-facet", String(f));
        box.setAttribute("data-value", String(v));
        label.htmlFor = box.id;
        var name = element("span", "pn-facet__label");
        if (value.tip) name.title = value.tip;
        if (value.prefix) name.appendChild(element("span", "pn-facet__parent", value.prefix));
        name.appendChild(document.createTextNode(value.label));
        var count = element("span", "pn-facet__count", "");
        label.appendChild(box);
        label.appendChild(name);
        label.appendChild(count);
        item.appendChild(label);
        if (v >= FACET_SHOWN) item.classList.add("pn-facet__value--extra");
        list.appendChild(item);
        return { box: box, item: item, count: count, shown: -1 };
      });
      group.appendChild(list);
      if (boxes.length > FACET_SHOWN) {
        // Instead of a scroll box inside the page: the page scrolls, the facet grows.
        var more = element("button", "pn-facet__more");
        more.type = "button";
        var relabel = function () {
          var all = group.classList.contains("pn-facet--all");
          more.textContent = all ? "Show fewer" : "Show " + (boxes.length - FACET_SHOWN) + " more";
          more.setAttribute("aria-expanded", String(all));
        };
        more.addEventListener("click", function () { group.classList.toggle("pn-facet--all"); relabel(); });
        relabel();
        group.appendChild(more);
      }
      container.appendChild(group);
      return boxes;
    });
    container.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.hasAttribute || !box.hasAttribute("data-facet")) return;
      var f = Number(box.getAttribute("data-facet")), v = Number(box.getAttribute("data-value"));
      var chosen = self.state.selected[f], at = chosen.indexOf(v);
      if (box.checked && at < 0) chosen.push(v);
      if (!box.checked && at >= 0) chosen.splice(at, 1);
      self.commit(true);
    });
    // Facets beside the list on wide screens, folded above it on narrow ones.
    var wide = window.matchMedia("(min-width: 60em)");
    this.filters.open = wide.matches;
    var follow = function () { if (wide.matches && self.root.isConnected) self.filters.open = true; };
    if (wide.addEventListener) wide.addEventListener("change", follow);
  };

  Explorer.prototype.bind = function () {
    var self = this;
    this.query.addEventListener("input", function () {
      self.state.text = self.query.value;
      self.commit(false);  // typing replaces the history entry instead of adding one per key
    });
    this.part("controls").addEventListener("submit", function (event) { event.preventDefault(); });
    this.sort.addEventListener("change", function () {
      self.state.sort = self.sort.value;
      self.commit(true);
    });
    this.part("clear").addEventListener("click", function () {
      self.state.selected = self.state.selected.map(function () { return []; });
      self.state.text = "";
      self.commit(true);
    });
    this.more.addEventListener("click", function () {
      self.shown += PAGE_SIZE;
      self.renderResults(false);
    });
    this.active.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-facet]") : null;
      if (!button) return;
      var f = Number(button.getAttribute("data-facet")), v = Number(button.getAttribute("data-value"));
      var chosen = self.state.selected[f], at = chosen.indexOf(v);
      if (at >= 0) chosen.splice(at, 1);
      self.commit(true);
      var next = self.active.querySelector("button") || self.query;
      next.focus();
    });
    // A tag chip in the list filters by that tag alone, without reloading the page.
    this.results.addEventListener("click", function (event) {
      var chip = event.target.closest ? event.target.closest("a[data-tag]") : null;
      if (!chip || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      event.stopPropagation();  // Material's instant navigation must not push the URL a second time
      var v = self.model.facets[0].index[chip.getAttribute("data-tag")];
      self.state.selected = self.state.selected.map(function () { return []; });
      self.state.selected[0] = [v];
      self.state.text = "";
      self.commit(true);
      self.countLine.focus();
    });
  };

  /* Show the state, then record it in the URL: a new history entry, or the current one
   * while typing. The URL is written after the next paint, since a history write costs the
   * browser several milliseconds that the reader would otherwise wait for. */
  Explorer.prototype.commit = function (push) {
    this.state.unknown = [];
    this.shown = PAGE_SIZE;
    this.sync();
    this.update();
    var self = this;
    this.pushPending = this.pushPending || push;
    if (this.urlPending) return;
    this.urlPending = true;
    requestAnimationFrame(function () { setTimeout(function () { self.writeUrl(); }, 0); });
  };

  Explorer.prototype.writeUrl = function () {
    var push = this.pushPending;
    this.urlPending = this.pushPending = false;
    if (!this.root.isConnected) return;
    var url = location.pathname + queryFromState(this.model, this.state) + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  };

  /* Back/forward: read the state again from the URL. */
  Explorer.prototype.restore = function () {
    this.urlPending = this.pushPending = false;  // the URL is the truth now
    this.state = stateFromQuery(this.model, location.search);
    this.shown = PAGE_SIZE;
    this.sync();
    this.update();
  };

  /* Controls follow the state (after a popstate, a cleared filter, a chip click). */
  Explorer.prototype.sync = function () {
    var state = this.state, groups = this.groups;
    this.boxes.forEach(function (boxes, f) {
      var chosen = state.selected[f];
      if (chosen.length) groups[f].open = true;  // a chosen value is never hidden in a folded group
      for (var v = 0; v < boxes.length; v++) {
        var checked = chosen.indexOf(v) >= 0;
        if (boxes[v].box.checked !== checked) boxes[v].box.checked = checked;
      }
    });
    if (this.query.value !== state.text) this.query.value = state.text;
    this.sort.value = state.sort;
  };

  Explorer.prototype.update = function () {
    var outcome = this.model.filter(this.state);
    this.outcome = outcome;
    var state = this.state;
    this.boxes.forEach(function (boxes, f) {
      var counts = outcome.counts[f];
      for (var v = 0; v < boxes.length; v++) {
        var entry = boxes[v], n = counts[v];
        if (entry.shown === n) continue;
        entry.shown = n;
        entry.count.textContent = String(n);
        entry.item.classList.toggle("pn-facet__value--empty", n === 0);
      }
    });
    this.renderActive();
    this.renderResults(true);
    var chosen = state.selected.reduce(function (sum, values) { return sum + values.length; }, 0);
    this.filtersTitle.textContent = chosen ? "Filters (" + chosen + " chosen)" : "Filters";
    var total = this.model.count, found = outcome.results.length;
    var filtered = state.text.trim() || state.selected.some(function (chosen) { return chosen.length; });
    var line = filtered ? found + " of " + plural(total, "paper") : "All " + plural(total, "paper");
    if (state.unknown.length) line += " (ignored, not in the knowledge base: " + state.unknown.join(", ") + ")";
    this.countLine.textContent = line;
    this.download.update(found);
  };

  Explorer.prototype.renderActive = function () {
    var model = this.model, fragment = document.createDocumentFragment();
    this.state.selected.forEach(function (chosen, f) {
      var facet = model.facets[f];
      chosen.forEach(function (v) {
        var value = facet.values[v];
        var text = (value.prefix || "") + value.label;
        var button = element("button", "pn-explorer__chip");
        button.type = "button";
        button.setAttribute("data-facet", String(f));
        button.setAttribute("data-value", String(v));
        button.setAttribute("aria-label", "Remove filter " + facet.title + ": " + text);
        button.appendChild(element("span", "pn-explorer__chip-facet", facet.title + ": "));
        button.appendChild(document.createTextNode(text + " "));
        button.appendChild(element("span", "pn-explorer__chip-x", "×"));
        fragment.appendChild(button);
      });
    });
    this.active.replaceChildren(fragment);
  };

  Explorer.prototype.renderResults = function (fresh) {
    var results = this.outcome.results, model = this.model, data = model.data;
    var root = this.root.getAttribute("data-root") || "";
    var from = fresh ? 0 : this.results.children.length;
    var upto = Math.min(results.length, this.shown);
    var fragment = document.createDocumentFragment();
    for (var k = from; k < upto; k++) fragment.appendChild(this.item(results[k], data, root));
    if (fresh) this.results.replaceChildren(fragment);
    else this.results.appendChild(fragment);
    var left = results.length - upto;
    this.more.hidden = left <= 0;
    if (left > 0) this.more.textContent = "Show " + Math.min(left, PAGE_SIZE) + " more (" + left + " not shown)";
  };

  Explorer.prototype.item = function (i, data, root) {
    var p = data.papers[i];
    var li = element("li", "pn-item");
    var title = element("a", "pn-item__title", p[1]);
    title.href = root + this.model.url(i);
    li.appendChild(title);
    if (p[2] && p[2] !== p[1]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "pn-sep", "·"));  // as the page's own list has it
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "pn-short", p[2]));
    }
    var venue = p[5] >= 0 ? data.venues[p[5]] : "";
    if (venue || p[4]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "pn-badge", [venue, p[4] || ""].filter(Boolean).join(" ")));
    }
    var status = data.statuses[p[7]];
    li.appendChild(document.createTextNode(" "));
    li.appendChild(element("span", "pn-status pn-status--" + status[0], status[1]));
    if (p[11]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "pn-remark", p[11]));
    }
    if (p[6]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "pn-read", p[6]));
    }
    if (status[0] === "read" && !p[10]) {
      li.appendChild(document.createTextNode(" "));
      var tbp = element("span", "pn-tbp");
      tbp.title = "read, notes not written yet";
      tbp.appendChild(element("span", "pn-tbp__text", "no notes yet"));
      li.appendChild(tbp);
    }
    if (p[3]) li.appendChild(element("div", "pn-item__authors", p[3]));
    if (p[9].length) {
      var chips = element("span", "pn-tags");
      for (var t = 0; t < p[9].length; t++) {
        var key = data.tags[p[9][t]][0];
        var chip = element("a", "md-tag pn-tag", data.tags[p[9][t]][2] || key);
        chip.href = "?tag=" + encodeURIComponent(key);
        chip.setAttribute("data-tag", key);
        chips.appendChild(chip);
      }
      li.appendChild(chips);
    }
    return li;
  };

  /* ------------------------------------------------------------------ .bib download */

  /* "Download as .bib": the BibTeX entries of the papers the list shows (all of them, not only
   * the rendered page), joined in the list's order into a file made in the browser. The entries
   * come from the build (explore-bibtex.json, fetched on the first download); nothing is sent. */
  function Download(explorer) {
    var self = this;
    this.explorer = explorer;
    this.entries = null;
    this.button = element("button", "pn-explorer__download md-button", "Download as .bib");
    this.button.type = "button";
    this.button.setAttribute("data-pn-download", "");
    explorer.countLine.insertAdjacentElement("afterend", this.button);
    this.button.addEventListener("click", function () { self.start(); });
  }

  Download.prototype.update = function (found) {
    this.button.disabled = found === 0;
    this.button.textContent = found === this.explorer.model.count
      ? "Download all as .bib" : "Download " + plural(found, "paper") + " as .bib";
  };

  Download.prototype.load = function () {
    var explorer = this.explorer, data = explorer.model.data;
    if (!this.entries) {
      var src = (explorer.root.getAttribute("data-root") || "") + data.bibtex_src;
      this.entries = fetch(src, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (bib) { return bib.entries; });
      var self = this;
      this.entries.catch(function () { self.entries = null; });  // a later click tries again
    }
    return this.entries;
  };

  Download.prototype.start = function () {
    var explorer = this.explorer, button = this.button;
    var results = explorer.outcome.results.slice();
    var name = "papers" + queryFromState(explorer.model, explorer.state)
      .replace(/^\?/, "-").replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "").slice(0, 80) + ".bib";
    button.setAttribute("aria-busy", "true");
    this.load().then(function (entries) {
      var text = results.map(function (i) { return entries[i]; }).join("\n");
      var blob = new Blob([text], { type: "application/x-bibtex;charset=utf-8" });
      var link = element("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
      button.removeAttribute("aria-busy");
    }).catch(function (error) {
      button.removeAttribute("aria-busy");
      explorer.countLine.textContent = "Could not make the .bib file: the entries did not load (" + error.message + ").";
    });
  };

  /* ------------------------------------------------------------------ start */

  function start() {
    var root = document.querySelector("[data-pn-explorer]");
    if (!root) { current = null; return; }
    if (root.getAttribute("data-state")) return;  // this page's explorer runs already
    root.setAttribute("data-state", "loading");
    fetch(root.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (!root.isConnected) return;  // the reader navigated away meanwhile
        current = new Explorer(root, new Model(data));
      })
      .catch(function (error) {
        root.setAttribute("data-state", "failed");
        var line = root.querySelector("[data-pn-count]");
        var listed = root.querySelectorAll("[data-pn-results] > li").length;
        var total = Number(root.getAttribute("data-total")) || listed;
        if (line) line.textContent = "Filters are off: could not load the explorer's data (" + error.message + "). "
          + (listed < total ? "The first " + listed + " of " + total + " papers are" : "All " + plural(total, "paper") + " are")
          + " listed below, newest read first. Opened from a file? Serve the site (mkdocs serve) to filter.";
      });
  }

  if (!window.__papernotesExplorer) {
    window.__papernotesExplorer = true;
    window.addEventListener("popstate", function () {
      if (current && current.root.isConnected) current.restore();
    });
    // With Material's instant navigation, pages arrive without a reload: start on each one.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { start(); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
