/* The library graph (graph.html): graph.json's papers, laid out at build time, drawn in a canvas.
 * One draw per animation frame, only what is on screen; past EDGE_BUDGET lines an even share of
 * the edges is drawn. Names are shown with textContent, never as HTML. No request leaves the site. */
(function () {
  "use strict";
  var root = document.querySelector("[data-pn-graph]");
  if (!root) return;
  var canvas = root.querySelector("[data-pn-graph-canvas]");
  var ctx = canvas.getContext("2d", { alpha: false });
  var tip = root.querySelector("[data-pn-graph-tip]");
  var info = root.querySelector("[data-pn-graph-info]");
  var findInput = root.querySelector("[data-pn-graph-find]");
  var siteRoot = root.getAttribute("data-root") || "";
  var EDGE_BUDGET = 12000; // lines per frame at most
  var LABEL_LIMIT = 150; // names drawn when no more papers than this are on screen
  var CELL = 20; // of the hit-test grid, in layout units
  var MIN_SCALE = 0.02, MAX_SCALE = 12;

  var data = null, count = 0, xs, ys, paint, colours = [], cites, links;
  var gridStart, gridOrder, gridColumns = 0, gridRows = 0;
  var visible; // indexes of the papers on screen, this frame
  var view = { scale: 1, x: 0, y: 0 }; // screen = layout * scale + (x, y), in CSS pixels
  var width = 0, height = 0, ratio = 1, upright = false; // upright: drawn turned a quarter, for a canvas taller than wide
  var selected = -1, hovered = -1, focused = -1, frameWanted = false;
  var theme = null;
  var matches = [], matchAt = -1, lastQuery = "";

  function readTheme() {
    var style = getComputedStyle(root);
    function css(name, fallback) { return style.getPropertyValue(name).trim() || fallback; }
    theme = {
      background: css("--md-default-bg-color", "#fff"),
      text: css("--md-default-fg-color", "#000"),
      edge: css("--md-default-fg-color--light", "rgba(0,0,0,.54)"),
      accent: css("--md-accent-fg-color", "#526cfe"),
    };
  }

  function redraw() {
    if (!frameWanted) { frameWanted = true; requestAnimationFrame(draw); }
  }

  function paperUrl(at) {
    var row = data.papers[at];
    return siteRoot + (row[6] || data.paper_url[0] + row[0] + data.paper_url[1]);
  }

  function nameOf(at) {
    var row = data.papers[at];
    return row[2] ? row[2] + ": " + row[1] : row[1];
  }

  // ------------------------------------------------------------------ drawing

  function onScreen(margin) {
    var s = view.scale;
    return [(-view.x - margin) / s, (-view.y - margin) / s, (width - view.x + margin) / s, (height - view.y + margin) / s];
  }

  function radius() { return Math.max(1.5, Math.min(9, 3.6 * view.scale)); }

  // Lines from a paper on screen (`box`, in layout units) to each paper it cites or is cited by.
  // Past EDGE_BUDGET lines, every step-th edge of the list: an even share of all of them.
  function drawEdges(edges, box, shown, only) {
    var total = edges.length / 2;
    if (!total) return;
    var s = view.scale, ox = view.x, oy = view.y;
    var step = 1; // a power of two, so the share drawn stays put while panning
    while (total * Math.min(1, 2 * shown / count) / step > EDGE_BUDGET) step *= 2;
    if (only >= 0) step = 1;
    else ctx.globalAlpha = Math.max(0.1, Math.min(0.5, 25 / Math.sqrt(total * Math.min(1, shown / count) / step + 1)));
    ctx.beginPath();
    for (var e = 0; e < total; e += step) {
      var a = edges[2 * e], b = edges[2 * e + 1];
      if (only >= 0 && a !== only && b !== only) continue;
      var ax = xs[a], ay = ys[a], bx = xs[b], by = ys[b];
      if ((ax < box[0] || ax > box[2] || ay < box[1] || ay > box[3]) && (bx < box[0] || bx > box[2] || by < box[1] || by > box[3])) continue;
      ctx.moveTo(ax * s + ox, ay * s + oy);
      ctx.lineTo(bx * s + ox, by * s + oy);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  function drawPapers(shown) {
    var s = view.scale, ox = view.x, oy = view.y, r = radius(), round = r >= 2.5;
    for (var colour = 0; colour < colours.length; colour++) {
      ctx.fillStyle = colours[colour];
      ctx.beginPath();
      for (var k = 0; k < shown; k++) {
        var at = visible[k];
        if (paint[at] !== colour) continue;
        var x = xs[at] * s + ox, y = ys[at] * s + oy;
        if (round) { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 6.2832); } else ctx.rect(x - r, y - r, 2 * r, 2 * r);
      }
      ctx.fill();
    }
  }

  // Names beside their papers, each left out where it would cover a name already drawn.
  function drawLabels(shown) {
    var s = view.scale, r = radius(), placed = [];
    ctx.font = "12px " + getComputedStyle(canvas).fontFamily;
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3;
    ctx.strokeStyle = theme.background;
    ctx.fillStyle = theme.text;
    for (var k = 0; k < shown; k++) {
      var at = visible[k], row = data.papers[at];
      var label = row[2] || (row[1].length > 28 ? row[1].slice(0, 27) + "…" : row[1]);
      var x = xs[at] * s + view.x + r + 3, y = ys[at] * s + view.y, w = ctx.measureText(label).width;
      var free = true;
      for (var p = 0; p < placed.length && free; p += 3) {
        free = x + w < placed[p] || x > placed[p] + placed[p + 2] || Math.abs(y - placed[p + 1]) >= 14;
      }
      if (!free) continue;
      placed.push(x, y, w);
      ctx.strokeText(label, x, y);
      ctx.fillText(label, x, y);
    }
  }

  function ring(at, colour) {
    if (at < 0) return;
    ctx.beginPath();
    ctx.arc(xs[at] * view.scale + view.x, ys[at] * view.scale + view.y, radius() + 4, 0, 6.2832);
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = colour;
    ctx.stroke();
  }

  function draw() {
    frameWanted = false;
    if (!data || !width) return;
    if (!theme) readTheme();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    var box = onScreen(radius() + 2 / view.scale), shown = 0;
    for (var at = 0; at < count; at++) {
      if (xs[at] >= box[0] && xs[at] <= box[2] && ys[at] >= box[1] && ys[at] <= box[3]) visible[shown++] = at;
    }
    var edgeBox = onScreen(0);
    ctx.lineWidth = 1;
    ctx.strokeStyle = theme.edge;
    drawEdges(cites, edgeBox, shown, -1);
    ctx.setLineDash([4, 3]);
    drawEdges(links, edgeBox, shown, -1);
    ctx.setLineDash([]);
    var mark = selected >= 0 ? selected : hovered >= 0 ? hovered : focused;
    if (mark >= 0) {
      ctx.strokeStyle = theme.accent;
      ctx.lineWidth = 1.5;
      drawEdges(cites, edgeBox, shown, mark);
      ctx.setLineDash([4, 3]);
      drawEdges(links, edgeBox, shown, mark);
      ctx.setLineDash([]);
    }
    drawPapers(shown);
    if (shown <= LABEL_LIMIT) drawLabels(shown);
    ring(focused, theme.text);
    ring(hovered, theme.accent);
    ring(selected, theme.accent);
  }

  // ------------------------------------------------------------------ where things are

  function buildGrid() {
    gridColumns = Math.floor(data.size[0] / CELL) + 1;
    gridRows = Math.floor(data.size[1] / CELL) + 1;
    var cells = new Int32Array(count), counts = new Int32Array(gridColumns * gridRows + 1);
    for (var at = 0; at < count; at++) {
      cells[at] = Math.min(gridRows - 1, Math.max(0, Math.floor(ys[at] / CELL))) * gridColumns +
        Math.min(gridColumns - 1, Math.max(0, Math.floor(xs[at] / CELL)));
      counts[cells[at] + 1]++;
    }
    for (var c = 1; c < counts.length; c++) counts[c] += counts[c - 1];
    gridStart = counts.slice();
    gridOrder = new Int32Array(count);
    for (at = 0; at < count; at++) gridOrder[counts[cells[at]]++] = at;
  }

  // The layout is wider than tall; a phone's canvas is taller than wide: swap x and y.
  function turn() {
    var swap = xs;
    xs = ys;
    ys = swap;
    data.size = [data.size[1], data.size[0]];
    upright = !upright;
    buildGrid();
  }

  // The paper nearest a point of the screen within `reach` CSS pixels, or -1.
  function paperAt(px, py, reach) {
    var wx = (px - view.x) / view.scale, wy = (py - view.y) / view.scale, wr = reach / view.scale;
    var best = -1, bestDistance = wr * wr;
    var c0 = Math.max(0, Math.floor((wx - wr) / CELL)), c1 = Math.min(gridColumns - 1, Math.floor((wx + wr) / CELL));
    var r0 = Math.max(0, Math.floor((wy - wr) / CELL)), r1 = Math.min(gridRows - 1, Math.floor((wy + wr) / CELL));
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > 4096) return -1; // zoomed far out: a point covers too much to choose
    for (var row = r0; row <= r1; row++) {
      for (var column = c0; column <= c1; column++) {
        var cell = row * gridColumns + column;
        for (var k = gridStart[cell]; k < gridStart[cell + 1]; k++) {
          var at = gridOrder[k], dx = xs[at] - wx, dy = ys[at] - wy, distance = dx * dx + dy * dy;
          if (distance <= bestDistance) { best = at; bestDistance = distance; }
        }
      }
    }
    return best;
  }

  // ------------------------------------------------------------------ moving

  function fit() {
    var w = data.size[0], h = data.size[1];
    view.scale = Math.min(MAX_SCALE, Math.min(width / w, height / h) * 0.96);
    view.x = (width - w * view.scale) / 2;
    view.y = (height - h * view.scale) / 2;
    redraw();
  }

  function zoomAt(px, py, factor) {
    var scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
    view.x = px - (px - view.x) * scale / view.scale;
    view.y = py - (py - view.y) * scale / view.scale;
    view.scale = scale;
    redraw();
  }

  function panBy(dx, dy) {
    view.x += dx;
    view.y += dy;
    redraw();
  }

  function centreOn(at) {
    view.scale = Math.max(view.scale, 2);
    view.x = width / 2 - xs[at] * view.scale;
    view.y = height / 2 - ys[at] * view.scale;
    redraw();
  }

  function resize() {
    var box = canvas.getBoundingClientRect(), first = !width;
    if (!box.width || !box.height) return;
    var cx = (width / 2 - view.x) / view.scale, cy = (height / 2 - view.y) / view.scale;
    width = box.width;
    height = box.height;
    ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    if (data && (height > width * 1.2) !== upright) { turn(); first = true; }
    if (first || !data) { if (data) fit(); return; }
    view.x = width / 2 - cx * view.scale;
    view.y = height / 2 - cy * view.scale;
    redraw();
  }

  // ------------------------------------------------------------------ telling

  function say(text, at, extra) {
    info.textContent = "";
    if (at >= 0) {
      var link = document.createElement("a");
      link.href = paperUrl(at);
      link.textContent = nameOf(at);
      info.appendChild(link);
      if (extra) info.appendChild(document.createTextNode(" " + extra));
    } else {
      info.textContent = text;
    }
  }

  function showTip(at, px, py) {
    if (at < 0) { tip.hidden = true; return; }
    tip.textContent = nameOf(at);
    tip.hidden = false;
    var left = Math.min(px + 14, width - tip.offsetWidth - 4), top = py + 14;
    if (top + tip.offsetHeight > height) top = py - tip.offsetHeight - 10;
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, top) + "px";
  }

  function select(at, extra) {
    selected = at;
    say("", at, extra);
    redraw();
  }

  function open(at, newTab) {
    if (newTab) window.open(paperUrl(at), "_blank", "noopener");
    else window.location.href = paperUrl(at);
  }

  // ------------------------------------------------------------------ pointer, wheel, keys

  var pointers = new Map(), drag = null, pinch = null;

  function local(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  function pinchState() {
    var two = Array.from(pointers.values());
    return {
      distance: Math.max(1, Math.hypot(two[0].x - two[1].x, two[0].y - two[1].y)),
      x: (two[0].x + two[1].x) / 2, y: (two[0].y + two[1].y) / 2,
    };
  }

  canvas.addEventListener("pointerdown", function (event) {
    if (event.button > 0) return;
    canvas.setPointerCapture(event.pointerId);
    var point = local(event);
    pointers.set(event.pointerId, point);
    if (pointers.size === 1) drag = { x: point.x, y: point.y, startX: point.x, startY: point.y, moved: false };
    else if (pointers.size === 2) { pinch = pinchState(); drag = null; }
  });

  canvas.addEventListener("pointermove", function (event) {
    var point = local(event);
    if (!pointers.has(event.pointerId)) {
      if (event.pointerType !== "mouse" || !data) return;
      hovered = paperAt(point.x, point.y, radius() + 4);
      canvas.style.cursor = hovered >= 0 ? "pointer" : "";
      showTip(hovered, point.x, point.y);
      redraw();
      return;
    }
    pointers.set(event.pointerId, point);
    if (pinch && pointers.size === 2) {
      var now = pinchState();
      panBy(now.x - pinch.x, now.y - pinch.y);
      zoomAt(now.x, now.y, now.distance / pinch.distance);
      pinch = now;
    } else if (drag) {
      if (!drag.moved && Math.hypot(point.x - drag.startX, point.y - drag.startY) > 5) {
        drag.moved = true;
        tip.hidden = true;
        canvas.classList.add("pn-libgraph__canvas--moving");
      }
      if (drag.moved) panBy(point.x - drag.x, point.y - drag.y);
      drag.x = point.x;
      drag.y = point.y;
    }
  });

  function release(event) {
    if (!pointers.delete(event.pointerId)) return;
    canvas.classList.remove("pn-libgraph__canvas--moving");
    if (event.type === "pointerup" && drag && !drag.moved && data) tap(local(event), event);
    if (pointers.size < 2) pinch = null;
    if (pointers.size === 1) {
      var rest = pointers.values().next().value;
      drag = { x: rest.x, y: rest.y, startX: rest.x, startY: rest.y, moved: true }; // the end of a pinch is no tap
    } else if (!pointers.size) drag = null;
  }
  canvas.addEventListener("pointerup", release);
  canvas.addEventListener("pointercancel", release);
  canvas.addEventListener("pointerleave", function (event) {
    if (event.pointerType === "mouse" && !pointers.size) { hovered = -1; tip.hidden = true; redraw(); }
  });

  // A mouse click opens the paper; a tap shows it first (a finger hides what it taps), a second tap opens it.
  function tap(point, event) {
    var touch = event.pointerType !== "mouse";
    var at = paperAt(point.x, point.y, radius() + (touch ? 14 : 4));
    if (at < 0) { selected = -1; say("", -1); redraw(); return; }
    if (!touch || at === selected) open(at, event.ctrlKey || event.metaKey);
    else select(at, "(tap it again to open)");
  }

  canvas.addEventListener("wheel", function (event) {
    event.preventDefault();
    var point = local(event), lines = event.deltaMode === 1 ? 33 : event.deltaMode === 2 ? height : 1;
    zoomAt(point.x, point.y, Math.exp(-event.deltaY * lines * 0.0015));
  }, { passive: false });

  function focusCentre() {
    focused = paperAt(width / 2, height / 2, Math.max(40, radius() * 4));
    if (focused >= 0 && selected < 0) say("", focused, "(Enter opens it)");
    redraw();
  }

  canvas.addEventListener("keydown", function (event) {
    if (!data || event.altKey || event.ctrlKey || event.metaKey) return;
    var stepX = width * 0.15, stepY = height * 0.15;
    var moves = { ArrowLeft: [stepX, 0], ArrowRight: [-stepX, 0], ArrowUp: [0, stepY], ArrowDown: [0, -stepY] };
    if (moves[event.key]) panBy(moves[event.key][0], moves[event.key][1]);
    else if (event.key === "+" || event.key === "=") zoomAt(width / 2, height / 2, 1.4);
    else if (event.key === "-" || event.key === "_") zoomAt(width / 2, height / 2, 1 / 1.4);
    else if (event.key === "0") fit();
    else if (event.key === "Enter" && (selected >= 0 || focused >= 0)) open(selected >= 0 ? selected : focused, false);
    else if (event.key === "Escape") { selected = -1; say("", -1); redraw(); }
    else return;
    event.preventDefault();
    if (event.key !== "Enter") { selected = -1; focusCentre(); }
  });
  canvas.addEventListener("focus", function () { if (data) focusCentre(); });
  canvas.addEventListener("blur", function () { focused = -1; redraw(); });

  root.querySelectorAll("[data-pn-graph-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!data) return;
      var how = button.getAttribute("data-pn-graph-zoom");
      if (how === "fit") fit(); else zoomAt(width / 2, height / 2, how === "in" ? 1.4 : 1 / 1.4);
    });
  });

  // ------------------------------------------------------------------ finding

  function find(query) {
    var words = query.toLowerCase().trim();
    var exact = [], start = [], inside = [];
    if (!words) return [];
    for (var at = 0; at < count; at++) {
      var short = data.papers[at][2].toLowerCase(), title = data.papers[at][1].toLowerCase();
      if (short === words || title === words) exact.push(at);
      else if (short.indexOf(words) === 0 || title.indexOf(words) === 0) start.push(at);
      else if (short.indexOf(words) >= 0 || title.indexOf(words) >= 0) inside.push(at);
    }
    return exact.concat(start, inside);
  }

  root.querySelector("[data-pn-graph-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!data) return;
    var query = findInput.value;
    if (query !== lastQuery) { matches = find(query); matchAt = -1; lastQuery = query; }
    if (!matches.length) { selected = -1; say(query.trim() ? "No paper's title or short name holds “" + query.trim() + "”." : "", -1); redraw(); return; }
    matchAt = (matchAt + 1) % matches.length;
    centreOn(matches[matchAt]);
    var more = matches.length > 1 ? "(" + (matchAt + 1) + " of " + matches.length + "; Enter for the next)" : "";
    select(matches[matchAt], more);
  });

  // ------------------------------------------------------------------ start

  new MutationObserver(function () { theme = null; redraw(); })
    .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  if (window.ResizeObserver) new ResizeObserver(resize).observe(canvas);
  else window.addEventListener("resize", resize);

  fetch(root.getAttribute("data-src"))
    .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then(function (loaded) {
      data = loaded;
      count = data.papers.length;
      xs = new Float32Array(count);
      ys = new Float32Array(count);
      paint = new Int32Array(count);
      visible = new Int32Array(count);
      var slotOfColour = {}, slotOfTopic = data.topics.map(function (topic) { // topics past the palette share its grey
        if (!(topic[1] in slotOfColour)) { slotOfColour[topic[1]] = colours.length; colours.push(topic[1]); }
        return slotOfColour[topic[1]];
      });
      for (var at = 0; at < count; at++) {
        xs[at] = data.papers[at][4];
        ys[at] = data.papers[at][5];
        paint[at] = slotOfTopic[data.papers[at][3]];
      }
      cites = new Int32Array(data.cites);
      links = new Int32Array(data.links);
      buildGrid();
      root.setAttribute("data-state", "ready");
      width = 0;
      resize();
    })
    .catch(function () { say("The graph's data could not be loaded; reload the page to try again.", -1); });
})();
