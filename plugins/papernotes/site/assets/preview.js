/* papernotes: a preview card for links to paper pages, on hover and on keyboard focus.

   Any link whose target is a paper page gets one: [[id]] links in notes, list entries, the
   explorer's rows, search results. The cards come from assets/papernotes/previews/ (written at
   build time, see site/previews.py), fetched from this site on the first hover or focus: the
   index, then the one shard that holds the card. Text is set as text, never as HTML.

   Touch: no card. A tap follows the link as on any page, and a long press keeps the browser's
   own link menu (open in a new tab, copy the link); a card shown by a first tap would make
   every paper link take two taps. Events are delegated from the document, so pages Material's
   instant navigation swaps in work without a new start. */
(function () {
  "use strict";
  var SCRIPT = document.currentScript;
  if (!SCRIPT || typeof fetch === "undefined" || typeof TextEncoder === "undefined") return;
  var ROOT = new URL("../../", SCRIPT.src);  /* the script lives at <root>/assets/papernotes/ */
  var FOLDER = new URL("assets/papernotes/previews/", ROOT);
  var SHOW_DELAY = 250;  /* ms a pointer rests on a link before its card shows: crossing a list shows none */
  var HIDE_DELAY = 200;  /* ms to move the pointer from the link onto the card */
  var CARD_ID = "pn-preview";

  var index = null;    /* promise of {shards, version}, or of null when there is none */
  var shards = {};     /* shard number -> promise of its cards */
  var card = null;     /* the card element, made on first use */
  var anchor = null;   /* the link whose card shows, or is about to */
  var dismissed = null; /* the link whose card Escape closed: shown again once left */
  var showTimer = 0, hideTimer = 0;

  function loadIndex() {
    if (!index) {
      index = fetch(new URL("index.json", FOLDER)).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        return data && data.format === 1 && data.shards > 0 ? data : null;
      }).catch(function () { return null; });
    }
    return index;
  }

  function hash(key) {  /* FNV-1a of the UTF-8 bytes, as site/previews.py's shard_of */
    var bytes = new TextEncoder().encode(key);
    var value = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0;
    }
    return value;
  }

  function cardFor(key) {
    return loadIndex().then(function (data) {
      if (!data) return null;
      var at = hash(key) % data.shards;
      if (!shards[at]) {
        shards[at] = fetch(new URL(at + ".json?v=" + encodeURIComponent(data.version), FOLDER))
          .then(function (response) { return response.ok ? response.json() : { cards: {} }; })
          .catch(function () { return { cards: {} }; });
      }
      return shards[at].then(function (shard) {
        var cards = shard.cards || {};
        return Object.prototype.hasOwnProperty.call(cards, key) ? cards[key] : null;
      });
    });
  }

  /* The key of a link's target (its URL relative to the site root), or null for a link that
     leaves the site, stays on this page or is the card's own. */
  function keyOf(link) {
    if (!link || link.closest("#" + CARD_ID)) return null;
    var href = link.getAttribute("href");  /* an SVG link's .href is not a string: the graph's nodes */
    if (!href) return null;
    var target;
    try { target = new URL(href, document.baseURI); } catch (error) { return null; }
    if (target.origin !== ROOT.origin || target.pathname.indexOf(ROOT.pathname) !== 0) return null;
    if (target.pathname === location.pathname) return null;
    try { return decodeURIComponent(target.pathname.slice(ROOT.pathname.length)); } catch (error) { return null; }
  }

  function line(className, text) {
    var element = document.createElement("p");
    element.className = "pn-preview__" + className;
    element.textContent = text;
    return element;
  }

  function fill(data) {
    card.textContent = "";
    card.appendChild(line("title", data.title));
    var facts = [];
    if (data.short) facts.push(data.short);
    var published = [data.venue, data.year].filter(Boolean).join(" ");
    if (published) facts.push(published);
    if (data.status) facts.push(data.status);
    if (data.rating) facts.push("rated " + data.rating + "/5");
    card.appendChild(line("facts", facts.join(" · ")));
    if (data.authors) {
      card.appendChild(line("authors", data.authors.join(", ") +
        (data.more_authors ? " and " + data.more_authors + " more" : "")));
    }
    if (data.remark) card.appendChild(line("remark", data.remark));
    if (data.abstract) card.appendChild(line("abstract", data.abstract));
  }

  function ensureCard() {
    if (!card) {
      card = document.createElement("div");
      card.id = CARD_ID;
      card.className = "pn-preview";
      card.setAttribute("role", "tooltip");
      card.hidden = true;
      card.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      card.addEventListener("pointerleave", function () { scheduleHide(); });
    }
    if (!card.isConnected) document.body.appendChild(card);
    return card;
  }

  function place() {
    if (!anchor || !anchor.isConnected) { hide(); return; }
    var gap = 6;
    /* a link that wraps: below its last line, or above its first, so the card covers none of it */
    var rects = anchor.getClientRects();
    var first = rects[0] || anchor.getBoundingClientRect(), last = rects[rects.length - 1] || first;
    var width = card.offsetWidth, height = card.offsetHeight;
    var below = last.bottom + gap;
    var fitsBelow = below + height <= window.innerHeight || first.top - gap - height < 0;
    var rect = fitsBelow ? last : first;
    var left = Math.max(gap, Math.min(rect.left, window.innerWidth - width - gap));
    var top = fitsBelow ? below : first.top - gap - height;
    card.style.left = left + "px";
    card.style.top = top + "px";
  }

  function describedBy(link, on) {
    var ids = (link.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== CARD_ID;
    });
    if (on) ids.push(CARD_ID);
    if (ids.length) link.setAttribute("aria-describedby", ids.join(" "));
    else link.removeAttribute("aria-describedby");
  }

  function show(link, key) {
    cardFor(key).then(function (data) {
      if (!data || anchor !== link || dismissed === link || !link.isConnected) return;
      ensureCard();
      fill(data);
      card.hidden = false;
      describedBy(link, true);
      place();
    });
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (anchor) describedBy(anchor, false);
    anchor = null;
    if (card) card.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function begin(link, delay) {
    var key = keyOf(link);
    if (!key) return;
    clearTimeout(hideTimer);
    if (anchor === link) return;
    hide();
    anchor = link;
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(link, key); }, delay);
  }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;  /* see the head of this file */
    var link = event.target.closest && event.target.closest("a[href]");
    if (link) begin(link, SHOW_DELAY);
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch" || !anchor) return;
    var into = event.relatedTarget;
    if (into && (anchor.contains(into) || (card && card.contains(into)))) return;
    if (event.target.closest && event.target.closest("a[href]") === anchor) {
      if (dismissed === anchor) dismissed = null;
      scheduleHide();
    }
  });
  document.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    /* a keyboard's focus only: a click or a tap focuses the link too */
    if (link && link.matches(":focus-visible")) begin(link, 0);
  });
  document.addEventListener("focusout", function (event) {
    if (anchor && event.target === anchor) {
      if (dismissed === anchor) dismissed = null;
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && anchor) {
      dismissed = anchor;
      hide();
    }
  });
  document.addEventListener("click", hide);
  window.addEventListener("scroll", function () { if (anchor && card && !card.hidden) place(); }, { passive: true });
  window.addEventListener("resize", hide);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(hide);  /* instant navigation swapped the page in */
  }
})();
