// Hermes's browser view: the tree from /?type=json, kept live by /events read with fetch (so that
// the secret goes as a header). Every value is put in the page as text (textContent), never HTML.
'use strict';
(function () {
  var HEADER = 'Hermes-Secret';
  var STORE = 'hermes.secret';
  // The keys a node's header and the summary show.
  var HEAD_KEYS = { 'status': 1, 'process.pid': 1, 'process.started': 1, 'hermes.url': 1 };
  var CHILD_HEAD = /^hermes\.child\.(state|crash_loop|pid|since|exit_code|exit_reason|restarts|last_exit_reason)$/;
  var keys = new Map(); // full key -> entry {k, name, node, v, at, ttl, row, vc, ac, tc}
  var nodes = new Map(); // path -> node {path, name, parent, kids: Set, keys: Map, el}
  var collapsed = new Set();
  var lines = new Set(); // the keys whose curl line is open
  var changed = new Set(); // entries whose value changed since the last frame
  var dirty = new Set(); // nodes whose rows to redraw (a key came or went)
  var heads = new Set(); // nodes whose header to redraw
  var treeDirty = false;
  var frame = 0;
  var lit = new Map(); // highlighted value cell -> until (ms)
  var gen = 0; // the connection; a newer one ends the older
  var abort = null;
  var secret = null;
  var filter = '';
  var stats = { events: 0 };
  var $ = function (id) { return document.getElementById(id); };
  var marks = [Math.round(performance.now())]; // since the navigation: script, stream, snapshot

  try { secret = sessionStorage.getItem(STORE); } catch (e) { /* no storage: ask each time */ }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function headers() {
    var h = {};
    if (secret) h[HEADER] = secret;
    return h;
  }

  // ---- the model ----

  function node(path) {
    var n = nodes.get(path);
    if (n) return n;
    var i = path.lastIndexOf('/');
    n = { path: path, name: path.slice(i + 1), parent: null, kids: new Set(), keys: new Map(), el: null };
    if (path !== '') {
      n.parent = node(i < 0 ? '' : path.slice(0, i));
      n.parent.kids.add(path);
    }
    nodes.set(path, n);
    treeDirty = true;
    return n;
  }

  function put(k, v, age, ttl) {
    var now = performance.now();
    var e = keys.get(k);
    if (!e) {
      var i = k.lastIndexOf('/');
      e = { k: k, name: k.slice(i + 1), node: node(i < 0 ? '' : k.slice(0, i)), v: v, row: null };
      keys.set(k, e);
      e.node.keys.set(e.name, e);
      dirty.add(e.node);
    } else if (e.v !== v) {
      e.v = v;
      changed.add(e);
    }
    e.at = now - (age || 0) * 1000;
    e.ttl = ttl == null ? null : Number(ttl);
    if (isHead(e.name)) heads.add(e.node);
  }

  function drop(k) {
    var e = keys.get(k);
    if (!e) return;
    keys.delete(k);
    changed.delete(e);
    var n = e.node;
    n.keys.delete(e.name);
    dirty.add(n);
    while (n.path !== '' && n.keys.size === 0 && n.kids.size === 0) {
      nodes.delete(n.path);
      n.parent.kids.delete(n.path);
      treeDirty = true;
      n = n.parent;
    }
  }

  function isHead(name) {
    return CHILD_HEAD.test(name) || HEAD_KEYS[name] === 1 ||
      /^(probe|alert)\..*\.(status|state)$/.test(name);
  }

  function plural(count, word) {
    return count + ' ' + word + (count === 1 ? '' : 's');
  }

  function val(n, name) {
    var e = n.keys.get(name);
    return e ? e.v : null;
  }

  // What a node's badge says: a child's state as its parent sees it, the root's own status.
  function state(n) {
    return n.path === '' ? (val(n, 'status') || 'unknown') : (val(n, 'hermes.child.state') || 'unknown');
  }

  function tone(s) {
    if (s === 'running' || s === 'supervising' || s === 'ok') return 'ok';
    if (s === 'exited' || s === 'not_answering' || s === 'critical' || s === 'firing' || s === 'crash loop') return 'bad';
    return 'warn';
  }

  // The failures of a node, worst first: its state, a crash loop, critical probes, firing alerts.
  function failures(n) {
    var out = [];
    var s = state(n);
    if (s === 'exited' || s === 'not_answering') {
      var code = val(n, 'hermes.child.exit_code');
      out.push(s + (code != null ? ' ' + code : '') + (s === 'exited' && val(n, 'hermes.child.exit_reason') ? ' (' + val(n, 'hermes.child.exit_reason') + ')' : ''));
    }
    if (val(n, 'hermes.child.crash_loop') === 'true') out.push('crash loop');
    n.keys.forEach(function (e, name) {
      var m = /^probe\.(.*)\.status$/.exec(name);
      if (m && e.v === 'critical') out.push('probe ' + m[1] + ' critical');
      m = /^alert\.(.*)\.state$/.exec(name);
      if (m && e.v === 'firing') out.push('alert ' + m[1] + ' firing');
    });
    return out;
  }

  // ---- time ----

  // Coarser as it grows: an age over a minute changes its text once a minute, not every second.
  function dur(s) {
    if (s < 0) s = 0;
    if (s < 10) return s.toFixed(1) + 's';
    if (s < 60) return Math.floor(s) + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor(s % 3600 / 60) + 'm';
    return Math.floor(s / 86400) + 'd ' + Math.floor(s % 86400 / 3600) + 'h';
  }

  function since(iso) {
    var t = Date.parse(iso);
    return isNaN(t) ? iso : dur((Date.now() - t) / 1000) + ' ago';
  }

  function ages(now) {
    keys.forEach(function (e) {
      if (!e.row) return;
      var age = (now - e.at) / 1000;
      var a = dur(age);
      if (e.ac.textContent !== a) e.ac.textContent = a;
      if (e.ttl != null) {
        var t = dur(e.ttl - age);
        if (e.tc.textContent !== t) e.tc.textContent = t;
      }
    });
  }

  // ---- drawing ----

  function visible(n) {
    if (!filter || n.path.toLowerCase().indexOf(filter) >= 0) return true;
    var seen = false;
    n.keys.forEach(function (e) { if (!seen && e.k.toLowerCase().indexOf(filter) >= 0) seen = true; });
    if (seen) return true;
    var kids = false;
    n.kids.forEach(function (p) { if (!kids && visible(nodes.get(p))) kids = true; });
    return kids;
  }

  function shownKey(n, e) {
    return !filter || n.path.toLowerCase().indexOf(filter) >= 0 || e.k.toLowerCase().indexOf(filter) >= 0;
  }

  function head(n, summary) {
    summary.replaceChildren();
    var link = el('a', 'name', n.path === '' ? 'root' : n.name);
    link.href = '#' + n.path;
    link.title = n.path === '' ? 'the whole tree' : n.path;
    var s = val(n, 'hermes.child.crash_loop') === 'true' ? 'crash loop' : state(n);
    var badge = el('span', 'badge state ' + tone(s), s);
    summary.append(link, badge);
    failures(n).forEach(function (f) {
      if (f.indexOf(s) !== 0) summary.append(el('span', 'badge bad', f));
    });
    var meta = [];
    var pid = val(n, 'hermes.child.pid') || val(n, 'process.pid');
    if (pid) meta.push('pid ' + pid);
    if (n.path === '') {
      if (val(n, 'process.started')) meta.push('up ' + since(val(n, 'process.started')).replace(' ago', ''));
    } else if (val(n, 'hermes.child.since')) {
      meta.push(state(n) + ' since ' + since(val(n, 'hermes.child.since')));
    }
    if (state(n) === 'exited' && val(n, 'hermes.child.exit_code') != null) {
      meta.push('exit ' + val(n, 'hermes.child.exit_code') + (val(n, 'hermes.child.exit_reason') ? ', ' + val(n, 'hermes.child.exit_reason') : ''));
    }
    var restarts = val(n, 'hermes.child.restarts');
    if (restarts && restarts !== '0') meta.push('restarts ' + restarts);
    if (val(n, 'hermes.child.last_exit_reason')) meta.push('last exit ' + val(n, 'hermes.child.last_exit_reason'));
    meta.push(plural(n.keys.size, 'key'));
    summary.append(el('span', 'meta', meta.join(' · ')));
    var url = val(n, 'hermes.url');
    if (url && /^https?:\/\//.test(url)) {
      var a = el('a', 'meta', url);
      a.href = url + '/ui';
      summary.append(a);
    }
  }

  // A row to clone: cloning one is cheaper than making its cells one by one.
  var ROW = (function () {
    var tr = el('tr');
    tr.append(el('th', 'k'), el('td', 'v'), el('td', 'age'), el('td', 'ttl'));
    return tr;
  })();

  function rows(n, tbody) {
    var names = Array.from(n.keys.keys()).sort();
    var now = performance.now();
    var frag = document.createDocumentFragment();
    for (var i = 0; i < names.length; i++) {
      var e = n.keys.get(names[i]);
      e.row = null;
      if (!shownKey(n, e)) continue;
      var tr = ROW.cloneNode(true);
      tr.dataset.key = e.k;
      var th = tr.firstChild;
      th.textContent = e.name;
      e.vc = th.nextSibling;
      e.vc.textContent = e.v;
      e.ac = e.vc.nextSibling;
      e.ac.textContent = dur((now - e.at) / 1000);
      e.tc = e.ac.nextSibling;
      if (e.ttl != null) e.tc.textContent = dur(e.ttl - (now - e.at) / 1000);
      e.row = tr;
      frag.append(tr);
      if (lines.has(e.k)) frag.append(curlRow(e.k)); // an open curl line outlives a redraw
    }
    tbody.replaceChildren(frag);
  }

  function draw(n) {
    var d = el('details', 'node');
    d.open = !collapsed.has(n.path);
    d.dataset.path = n.path;
    var summary = el('summary');
    head(n, summary);
    var tbody = el('tbody');
    rows(n, tbody);
    var table = el('table', 'keys');
    var thead = el('thead');
    var tr = el('tr');
    ['key', 'value', 'age', 'ttl'].forEach(function (t) { tr.append(el('th', null, t)); });
    tr.firstChild.title = 'Click a key for its curl line';
    thead.append(tr);
    table.append(thead, tbody);
    var kids = el('div', 'kids');
    Array.from(n.kids).sort().forEach(function (p) {
      var k = nodes.get(p);
      if (visible(k)) kids.append(draw(k));
    });
    d.append(summary, table, kids);
    n.el = { summary: summary, tbody: tbody };
    return d;
  }

  function viewPath() {
    var h = location.hash.slice(1);
    try { h = decodeURIComponent(h); } catch (e) { /* as given */ }
    return h.replace(/\/+$/, '');
  }

  function drawAll() {
    nodes.forEach(function (n) { n.el = null; });
    keys.forEach(function (e) { e.row = null; });
    var path = viewPath();
    var root = nodes.get(path);
    var crumbs = $('crumbs');
    crumbs.replaceChildren();
    if (path !== '') {
      var all = el('a', null, 'whole tree');
      all.href = '#';
      crumbs.append(all);
      var parts = path.split('/');
      for (var i = 0; i < parts.length; i++) {
        var a = el('a', null, parts[i]);
        a.href = '#' + parts.slice(0, i + 1).join('/');
        crumbs.append(' / ', a);
      }
    }
    var tree = $('tree');
    if (!root) {
      tree.replaceChildren(el('p', 'empty', keys.size === 0 ? 'No keys yet.' : 'No node ' + path + ' in this tree (yet).'));
    } else if (!visible(root)) {
      tree.replaceChildren(el('p', 'empty', 'Nothing matches the filter.'));
    } else {
      tree.replaceChildren(draw(root));
    }
    summary();
    treeDirty = false;
    dirty.clear();
    heads.clear();
    changed.clear();
  }

  function summary() {
    var box = $('summary');
    box.replaceChildren();
    var counts = {};
    var fails = [];
    nodes.forEach(function (n) {
      var s = state(n);
      counts[s] = (counts[s] || 0) + 1;
      failures(n).forEach(function (f) { fails.push([n, f]); });
    });
    // The worst first: gone or silent, crash loops, critical probes, firing alerts; then by path.
    var rank = function (f) { return /^(exited|not_answering)/.test(f) ? 0 : f === 'crash loop' ? 1 : /^probe/.test(f) ? 2 : 3; };
    fails.sort(function (a, b) { return rank(a[1]) - rank(b[1]) || a[0].path.localeCompare(b[0].path); });
    fails.forEach(function (pair) {
      var item = el('span', 'fail');
      var a = el('a', null, pair[0].path === '' ? 'root' : pair[0].path);
      a.href = '#' + pair[0].path;
      item.append(a, ' ' + pair[1]);
      box.append(item);
    });
    Object.keys(counts).sort(function (a, b) {
      return (tone(a) === 'bad' ? 0 : 1) - (tone(b) === 'bad' ? 0 : 1) || a.localeCompare(b);
    }).forEach(function (s) {
      box.append(el('span', 'badge ' + tone(s), s + ' ' + counts[s]));
    });
    box.append(el('span', 'count', plural(nodes.size, 'node') + ', ' + plural(keys.size, 'key')));
  }

  function flush() {
    frame = 0;
    if (treeDirty) {
      drawAll();
      return;
    }
    var now = performance.now();
    changed.forEach(function (e) {
      if (!e.row || dirty.has(e.node)) return;
      e.vc.textContent = e.v;
      e.vc.classList.add('chg');
      lit.set(e.vc, now + 200);
    });
    changed.clear();
    var again = dirty.size + heads.size > 0;
    dirty.forEach(function (n) {
      if (n.el) rows(n, n.el.tbody);
      heads.add(n); // its count of keys
    });
    heads.forEach(function (n) {
      if (n.el) head(n, n.el.summary);
    });
    dirty.clear();
    heads.clear();
    if (again) summary();
  }

  function later() {
    if (!frame) frame = requestAnimationFrame(flush);
  }

  setInterval(function () {
    var now = performance.now();
    lit.forEach(function (until, cell) {
      if (until <= now) {
        cell.classList.remove('chg');
        lit.delete(cell);
      }
    });
  }, 200);
  setInterval(function () {
    ages(performance.now());
    nodes.forEach(function (n) { if (n.el) head(n, n.el.summary); }); // since, uptime
  }, 1000);

  // ---- the connection ----

  function status(text, cls) {
    var c = $('conn');
    c.textContent = text;
    c.className = 'badge ' + cls;
    document.body.dataset.state = text;
  }

  function refused(wrong) {
    gen++;
    if (abort) abort.abort();
    secret = null;
    try { sessionStorage.removeItem(STORE); } catch (e) { /* none kept */ }
    status('secret needed', 'warn');
    $('login').hidden = false;
    $('refused').hidden = !wrong;
    $('secret').focus();
  }

  function retry(g) {
    if (g !== gen) return;
    status('reconnecting', 'warn');
    setTimeout(function () { if (g === gen) connect(); }, 1000);
  }

  function parse(chunk, st, on) {
    var lines = (st.buf + chunk).split('\n');
    st.buf = lines.pop();
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      if (line.charAt(line.length - 1) === '\r') line = line.slice(0, -1);
      if (line === '') {
        if (st.data !== null) on(st.type, st.data);
        st.type = 'message';
        st.data = null;
      } else if (line.charAt(0) !== ':') {
        var c = line.indexOf(':');
        var f = c < 0 ? line : line.slice(0, c);
        var v = c < 0 ? '' : line.slice(c + 1);
        if (v.charAt(0) === ' ') v = v.slice(1);
        if (f === 'event') st.type = v;
        else if (f === 'data') st.data = st.data === null ? v : st.data + '\n' + v;
      }
    }
  }

  function event(type, data) {
    var o;
    try { o = JSON.parse(data); } catch (e) { return; }
    stats.events++;
    if (type === 'set') put(o.key, o.value, 0, o.ttl);
    else if (type === 'removed' || type === 'expired') drop(o.key);
    later();
  }

  // The stream first, then the snapshot: a change made in between is in the stream, and applied
  // after the snapshot it leaves the newest value. Every (re)connect starts from a fresh snapshot.
  function connect() {
    var g = ++gen;
    if (abort) abort.abort();
    var ctl = new AbortController();
    abort = ctl;
    status('connecting', 'warn');
    var queued = [];
    var loaded = false;
    fetch('/events', { headers: headers(), cache: 'no-store', signal: ctl.signal }).then(function (res) {
      if (g !== gen) return;
      if (res.status === 403) return refused(secret != null);
      if (!res.ok || !res.body) return retry(g);
      marks[1] = Math.round(performance.now());
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var st = { buf: '', type: 'message', data: null };
      var on = function (type, data) {
        if (loaded) event(type, data);
        else queued.push([type, data]);
      };
      var pump = function () {
        return reader.read().then(function (r) {
          if (r.done || g !== gen) throw new Error('ended');
          parse(decoder.decode(r.value, { stream: true }), st, on);
          return pump();
        });
      };
      pump().catch(function () { ctl.abort(); retry(g); });
      return fetch('/?type=json', { headers: headers(), cache: 'no-store', signal: ctl.signal }).then(function (snap) {
        if (g !== gen) return;
        if (snap.status === 403) return refused(secret != null);
        if (!snap.ok) throw new Error('snapshot ' + snap.status);
        return snap.json().then(function (json) {
          if (g !== gen) return;
          marks[2] = Math.round(performance.now());
          load(json);
          loaded = true;
          queued.forEach(function (q) { event(q[0], q[1]); });
          queued = [];
          $('login').hidden = true;
          status('live', 'ok');
        });
      });
    }).catch(function () {
      if (g !== gen) return;
      ctl.abort();
      retry(g);
    });
  }

  function load(json) {
    var t0 = performance.now();
    keys.clear();
    nodes.clear();
    changed.clear();
    dirty.clear();
    heads.clear();
    node('');
    Object.keys(json).forEach(function (k) {
      var s = json[k];
      put(k, s.value, s.age, s.ttl);
    });
    changed.clear();
    drawAll();
    document.body.offsetHeight; // lay it out: the time below is until the tree can be painted
    var done = performance.now();
    var b = document.body.dataset;
    if (!b.renderedAt) {
      b.renderedAt = Math.round(done); // since the navigation started: fetches, parse, DOM, layout
      b.renderMs = Math.round(done - t0); // the snapshot into the page alone
      b.marks = marks.join(',');
    }
    b.keys = keys.size;
  }

  // ---- the page's controls ----

  $('login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    secret = $('secret').value;
    $('secret').value = '';
    try { sessionStorage.setItem(STORE, secret); } catch (e) { /* kept in this page only */ }
    $('refused').hidden = true;
    connect();
  });

  var typing = 0;
  $('filter').addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      filter = $('filter').value.trim().toLowerCase();
      drawAll();
    }, 120);
  });

  window.addEventListener('hashchange', drawAll);

  $('tree').addEventListener('toggle', function (ev) {
    var d = ev.target;
    if (d.dataset && d.dataset.path != null) {
      if (d.open) collapsed.delete(d.dataset.path);
      else collapsed.add(d.dataset.path);
    }
  }, true);

  function curlLine(key) {
    return 'curl -s ' + (secret ? '-H "' + HEADER + ': $HERMES_SECRET" ' : '') +
      "'" + location.origin + '/?prefix=' + key + "'";
  }

  function curlRow(key) {
    var row = el('tr', 'curlrow');
    var td = el('td');
    td.append(el('code', 'line', curlLine(key)));
    row.append(td);
    return row;
  }

  $('tree').addEventListener('click', function (ev) {
    var b = ev.target;
    if (!b.classList || !b.classList.contains('k')) return;
    var tr = b.parentNode;
    var key = tr.dataset.key;
    var next = tr.nextElementSibling;
    if (next && next.classList.contains('curlrow')) {
      next.remove();
      lines.delete(key);
      return;
    }
    lines.add(key);
    tr.after(curlRow(key));
    var line = curlLine(key);
    if (navigator.clipboard) navigator.clipboard.writeText(line).catch(function () { /* shown */ });
  });

  connect();
})();
