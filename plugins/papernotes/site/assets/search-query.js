/* papernotes: Material's search is tuned here for finding a paper by its name or its title.

   Material appends a wildcard to every word and hands the query to lunr, so:
   - "U-Net:" (a field colon after a hyphen) makes the whole query fail, and "DeepLabv3+" (a
     presence mark at the end) finds nothing: colons and trailing marks are dropped;
   - "a", "to", "in" and other function words are never indexed, but as "a*" they match every
     word that starts so: between other words they are dropped;
   - "SimCLR*" ranks SimCLRv2 with SimCLR: a whole word also counts as itself, boosted, and a
     hyphenated one also as the word without its hyphens.

   Each query is tidied on its way to Material's search worker; the search box keeps what the
   reader typed, and `tags:`, `title:`, `text:` and leading +/- work as before. */
(function () {
  "use strict";
  var QUERY = 2; /* Material's SearchMessageType.QUERY */
  var SYNTAX = /^[+-]|^(title|text|tags):\S|[~^]\d*$/;
  var WHOLE_WORD = /^[\p{L}\p{N}]+$/u;
  var FUNCTION_WORDS = new Set(("a an and are as at be by for from how in into is it of on or " +
    "the to via what with").split(" "));

  function tidy(query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    var kept = [];
    words.forEach(function (word, at) {
      if (SYNTAX.test(word)) { kept.push(word); return; }
      word = word.replace(/:/g, " ").replace(/(\S)[+~^]+$/, "$1").trim();
      if (!word) return;
      var last = at === words.length - 1;  /* may be a word still being typed */
      if (!last && FUNCTION_WORDS.has(word.toLowerCase())) return;
      if (WHOLE_WORD.test(word)) { kept.push(word + "^2 " + word); return; }
      kept.push(word);
      /* "simclr-v2" is also "simclrv2" (SimCLRv2), "U-Net" also "unet": a name written
         with or without its hyphen */
      var joined = word.replace(/-/g, "");
      if (joined !== word && WHOLE_WORD.test(joined)) kept.push(joined + "^2 " + joined);
    });
    return kept.length ? kept.join(" ") : query;
  }

  if (typeof Worker === "undefined") return;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === QUERY && typeof message.data === "string") {
      args[0] = Object.assign({}, message, { data: tidy(message.data) });
    }
    return post.apply(this, args);
  };
})();
