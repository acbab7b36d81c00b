/* papernotes: Material's search box and result list, answered from a Pagefind index.

   Material's search UI talks to a worker by messages: SETUP (0) with the search config, READY
   (1) back, then QUERY (2) with what the reader typed and RESULT (3) with the items, grouped by
   page, best first. This worker speaks them, so the site looks and behaves as before, but the
   index is fetched in pieces, as a query needs them (pagefind/ at the site's root, written by
   the build), not whole before the first result.

   The query keeps the syntax of Material's search: `tags:x` keeps the pages tagged x or a tag
   below it, `+` and field names are read, and a paper whose short name, title or id is the
   query comes first. Chinese is split into words as the build split the notes. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var LOADED = 30;  /* results whose title and excerpt are fetched: Material shows 10, then more on scroll */
var PAPER_BOOST = 4;  /* a paper's own page above notes that mention it */
var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

var pagefind = null;
var latest = 0;

function load() {
  if (!pagefind) {
    var url = new URL("../../pagefind/pagefind.js", self.location.href).href;
    pagefind = import(url).then(function (module) {
      return module.options({ excerptLength: 24 }).then(function () { return module; });
    });
  }
  return pagefind;
}

function words(text) {
  return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

function segment(text) {
  if (typeof Intl === "undefined" || !Intl.Segmenter) return text;
  var segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  return text.replace(HAN, function (run) {
    var parts = [];
    for (var piece of segmenter.segment(run)) parts.push(piece.segment);
    return " " + parts.join(" ") + " ";
  });
}

/* Material's query syntax, read: the words to look for and the tags to keep. */
function parse(query) {
  var tags = [], kept = [];
  query.trim().split(/\s+/).forEach(function (word) {
    var found = /^[+]?tags:(\S+)$/.exec(word);
    if (found) { tags.push(found[1].replace(/[*^~]\d*$/, "")); return; }
    if (/^-/.test(word)) return;  /* excluded words: Pagefind keeps pages by their words only */
    word = word.replace(/^[+]/, "").replace(/^(title|text):/, "").replace(/[*^~]\d*$/, "");
    if (word) kept.push(word);
  });
  var text = segment(kept.join(" ")).replace(/\s+/g, " ").trim();
  return { text: text, tags: tags, plain: words(kept.join(" ")) };
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function relative(url) {
  return url.replace(/^\/+/, "");
}

function rank(result, data, plain) {
  var score = result.score * (data.meta.kind === "paper" ? PAPER_BOOST : 1);
  var names = (data.meta.names || "").split(" | ");
  for (var name of names) {
    var said = words(name);
    if (said && said === plain) return score + 1e6;  /* the page of the paper named so */
    if (said && said.replace(/ /g, "") === plain.replace(/ /g, "")) return score + 1e5;  /* U-Net, UNet */
  }
  return score;
}

async function search(query) {
  var parsed = parse(query);
  if (!parsed.text && !parsed.tags.length) return { items: [] };
  var module = await load();
  var options = parsed.tags.length ? { filters: { tags: { any: parsed.tags } } } : {};
  var found = await module.search(parsed.text || null, options);
  if (!found || !found.results) return { items: [] };
  var results = found.results.slice(0, LOADED);
  var datas = await Promise.all(results.map(function (result) { return result.data(); }));
  var terms = {};
  parsed.plain.split(" ").filter(Boolean).forEach(function (word) { terms[word] = true; });
  var items = results.map(function (result, at) {
    var data = datas[at];
    var tags = data.meta.tags ? data.meta.tags.split(" ") : undefined;
    return {
      location: relative(data.url),
      title: escapeHtml(data.meta.title || data.url),
      text: data.excerpt || "",
      tags: tags,
      score: rank(result, data, parsed.plain),
      terms: terms
    };
  });
  items.sort(function (a, b) { return b.score - a.score; });
  return { items: items.map(function (item) { return [item]; }) };
}

addEventListener("message", async function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    postMessage({ type: READY });
    return;
  }
  if (message.type !== QUERY) return;
  var asked = ++latest;
  var data;
  try {
    data = await search(String(message.data || ""));
  } catch (error) {
    console.warn("search failed:", error);
    data = { items: [] };
  }
  if (asked === latest) postMessage({ type: RESULT, data: data });  /* an older query's answer is not shown */
});
