/* papernotes: Material's search box and result list, answered from a Pagefind index.

   Material's search UI talks to a worker by messages: SETUP (0) with the search config, READY
   (1) back, then QUERY (2) with what the reader typed and RESULT (3) with the items, grouped by
   page, best first. This worker speaks them, so the site looks and behaves as before, but the
   index is fetched in pieces, as a query needs them (pagefind/ at the site's root, written by
   the build), not whole before the first result.

   The query keeps the syntax of Material's search: `tags:x` keeps the pages tagged x or a tag
   below it, `+` and field names are read, and a paper whose short name, title or id is the
   query comes first: found in the build's name files (names.py), a few kilobytes, before any
   of Pagefind's index is fetched. Chinese is split into words as the build split the notes. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var LOADED = 30;  /* results whose title and excerpt are fetched: Material shows 10, then more on scroll */
var KNOWN = 10;  /* of them, pages named by the whole query (the name files) */
var PAPER_BOOST = 4;  /* a paper's own page above notes that mention it */
var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

var ROOT = new URL("../../", self.location.href).href;  /* the site's root: the worker is in assets/papernotes/ */
var BASE = ROOT + "pagefind/";
var pagefind = null;
var latest = 0;

function load() {
  if (!pagefind) {
    pagefind = import(BASE + "pagefind.js").then(function (module) {
      /* Said, not guessed: Pagefind before 1.5 cannot find its folder from inside a worker */
      return module.options({ basePath: BASE, excerptLength: 24 }).then(function () { return module; });
    });
  }
  return pagefind;
}

function words(text) {
  return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/* A name as one word, as the build indexed each page's names (records.joined). */
function joined(text) {
  return words(text).replace(/ /g, "");
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

/* A page's URL relative to the site's root ("papers/x/"), as the name files and lunr's index
   write it: Pagefind answers with absolute URLs, and a page found both ways is listed once. */
function relative(url) {
  var absolute = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : ROOT + url.replace(/^\/+/, "");
  return absolute.startsWith(ROOT) ? absolute.slice(ROOT.length) : absolute;
}

function names(data) {
  return (data.meta.names || "").split(" | ").filter(Boolean);
}

function rank(result, data, plain, known) {
  var score = result.score * (data.meta.kind === "paper" ? PAPER_BOOST : 1);
  for (var name of names(data)) {
    if (words(name) === plain) return score + 1e6;  /* the page of the paper named so */
    if (joined(name) === plain.replace(/ /g, "")) return score + 1e5;  /* U-Net for UNet, simclr-v2 for SimCLRv2 */
  }
  return known ? score + 1e4 : score;  /* a name that begins so */
}

/* The beginning of the page's text (records.teaser), escaped, the words of the query marked
   where a word begins with them (anywhere in Chinese). */
function teaser(data, plain) {
  var text = escapeHtml(data.meta.teaser || "");
  var terms = plain.split(" ").filter(Boolean).map(function (term) {
    return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  if (!terms.length) return text;
  var pattern = new RegExp("(^|[^\\p{L}\\p{N}&#;]|(?=\\p{sc=Han}))(" + terms.join("|") + ")", "giu");
  return text.replace(pattern, "$1<mark>$2</mark>");
}

function item(result, data, parsed, terms, known) {
  return {
    location: relative(data.url),
    title: escapeHtml(data.meta.title || data.url),
    text: teaser(data, parsed.plain),
    tags: data.meta.tags ? data.meta.tags.split(" ") : undefined,
    score: rank(result, data, parsed.plain, known),
    terms: terms
  };
}

function answerOrder(items) {
  return items.sort(function (a, b) { return b.score - a.score; });
}

function answer(items) {
  return { items: answerOrder(items).map(function (one) { return [one]; }) };
}

var nameFiles = null;

function fetchJson(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  });
}

/* 32-bit FNV-1a of the UTF-8 bytes, as names.py hashes a name to its file. */
function fnv(text) {
  var value = 0x811c9dc5;
  for (var byte of new TextEncoder().encode(text)) value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  return value;
}

/* The pages named `one` (a query as one word), from the one name file the build wrote for it
   beside the index (names.py). */
async function namedPages(one) {
  if (!nameFiles) {
    nameFiles = fetchJson(BASE + "names/count.json").then(function (data) { return data.files; })
      .catch(function () { return 0; });
  }
  var count = await nameFiles;
  if (!count) return [];
  var pages = await fetchJson(BASE + "names/" + (fnv(one) % count) + ".json").catch(function () { return []; });
  return pages.filter(function (page) {
    return page[3].some(function (name) { return joined(name) === one; });
  });
}

/* A page of a name file as Pagefind's result data, for `item` and `rank`. */
function asData(page) {
  return {
    url: page[0],
    meta: { title: page[1], kind: page[2], names: page[3].join(" | "), tags: page[4].join(" "), teaser: page[5] }
  };
}

function within(tags, wanted) {
  return !wanted.length || tags.some(function (tag) {
    return wanted.some(function (scope) { return tag === scope || tag.startsWith(scope + "/"); });
  });
}

/* The results of `query`, handed to `show` as they come: first the pages named so (from the
   name files, before Pagefind's index is fetched), then every page with the words. */
async function search(query, show) {
  var parsed = parse(query);
  if (!parsed.text && !parsed.tags.length) return show({ items: [] });
  var options = parsed.tags.length ? { filters: { tags: { any: parsed.tags } } } : {};
  var terms = {};
  parsed.plain.split(" ").filter(Boolean).forEach(function (word) { terms[word] = true; });
  var one = joined(parsed.plain);
  var named = [];
  if (one.length > 1) {
    named = (await namedPages(one)).filter(function (page) { return within(page[4], parsed.tags); })
      .map(function (page) { return item({ score: 1 }, asData(page), parsed, terms, true); });
    named = answerOrder(named).slice(0, KNOWN);
    if (named.some(function (entry) { return entry.score >= 1e5; })) show(answer(named.slice()));
  }
  var namedUrls = new Set(named.map(function (entry) { return entry.location; }));
  var module = await load();
  var words = await module.search(parsed.text || null, options);
  var results = (words && words.results) || [];
  var more = [];
  for (var at = 0; at < results.length && named.length + more.length < LOADED; at += LOADED) {
    var batch = results.slice(at, at + LOADED);
    var datas = await Promise.all(batch.map(function (result) { return result.data(); }));
    batch.forEach(function (result, index) {
      var data = datas[index];
      if (named.length + more.length >= LOADED || namedUrls.has(relative(data.url))) return;
      /* a name that begins so: "resne" for ResNet */
      var known = one.length > 1 && names(data).some(function (name) { return joined(name).startsWith(one); });
      more.push(item(result, data, parsed, terms, known));
    });
  }
  show(answer(named.concat(more)));
}

addEventListener("message", async function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    postMessage({ type: READY });
    return;
  }
  if (message.type !== QUERY) return;
  var asked = ++latest;
  function show(data) {
    if (asked === latest) postMessage({ type: RESULT, data: data });  /* an older query's answer is not shown */
  }
  try {
    await search(String(message.data || ""), show);
  } catch (error) {
    console.warn("search failed:", error);
    show({ items: [] });
  }
});
