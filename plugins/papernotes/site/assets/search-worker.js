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
var KNOWN = 10;  /* of them, pages whose name begins with the whole query */
var PAPER_BOOST = 4;  /* a paper's own page above notes that mention it */
var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

var pagefind = null;
var latest = 0;

function load() {
  if (!pagefind) {
    var base = new URL("../../pagefind/", self.location.href).href;
    pagefind = import(base + "pagefind.js").then(function (module) {
      /* Said, not guessed: Pagefind before 1.5 cannot find its folder from inside a worker */
      return module.options({ basePath: base, excerptLength: 24 }).then(function () { return module; });
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

function relative(url) {
  return url.replace(/^\/+/, "");
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

function answer(items) {
  items.sort(function (a, b) { return b.score - a.score; });
  return { items: items.map(function (one) { return [one]; }) };
}

/* The results of `query`, handed to `show` as they come: first the pages named so, when the
   query is a name of several words, then every page with the words. */
async function search(query, show) {
  var parsed = parse(query);
  if (!parsed.text && !parsed.tags.length) return show({ items: [] });
  var module = await load();
  var options = parsed.tags.length ? { filters: { tags: { any: parsed.tags } } } : {};
  var terms = {};
  parsed.plain.split(" ").filter(Boolean).forEach(function (word) { terms[word] = true; });
  /* The query as one word finds a page by its whole name (records.joined) even where each of
     its words is on hundreds of pages, and costs one piece of the index: looked up first. */
  var one = joined(parsed.plain);
  var byName = [], named = [];
  if (one && one !== parsed.plain) {
    var found = await module.search(one, options);
    var candidates = found && found.results ? found.results.slice(0, KNOWN) : [];
    var datas = await Promise.all(candidates.map(function (result) { return result.data(); }));
    /* Pagefind answers a word it does not have with words like it: only names that begin so count */
    candidates.forEach(function (result, at) {
      if (!names(datas[at]).some(function (name) { return joined(name).startsWith(one); })) return;
      byName.push(result);
      named.push(item(result, datas[at], parsed, terms, true));
    });
    if (named.some(function (entry) { return entry.score >= 1e5; })) show(answer(named.slice()));
  }
  var words = await module.search(parsed.text || null, options);
  var seen = new Set(byName.map(function (result) { return result.id; }));
  var more = [];
  for (var result of (words && words.results) || []) {
    if (named.length + more.length >= LOADED) break;
    if (!seen.has(result.id)) { seen.add(result.id); more.push(result); }
  }
  var moreData = await Promise.all(more.map(function (result) { return result.data(); }));
  show(answer(named.concat(more.map(function (result, at) { return item(result, moreData[at], parsed, terms, false); }))));
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
