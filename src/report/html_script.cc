// The HTML report's script: it reads the data block (html_data.cc) and draws every list from
// it with textContent only. Long lists are virtual: only the rows in view are in the DOM, so a
// report of 50,000 findings opens as fast as one of 50.
#include "report/html_assets.h"

namespace iw::report::detail {

namespace {

constexpr std::string_view kScript = R"JS(
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('iw-data').textContent);
  window.performance.mark('iw-parsed');
  var SEV = ['info', 'low', 'medium', 'high', 'critical'];
  // Positions in a finding record (html_data.cc).
  var F_SEV = 0, F_RULE = 1, F_MSG = 2, F_NAME = 3, F_ACCT = 4, F_FILE = 5, F_LINE = 6,
      F_COL = 7, F_STMT = 8, F_SID = 9, F_COMP = 10, F_DOC = 11;
  var findings = D.findings, names = D.names, rules = D.rules;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function sevBadge(s) { return el('span', 'sev sev-' + SEV[s], SEV[s]); }
  function nameOf(i) { return i >= 0 ? names[i] : ''; }
  function msgOf(f) { return D.texts[f[F_MSG]]; }
  function ruleId(f) { return rules[f[F_RULE]][0]; }
  function compOf(f) { return f[F_COMP] >= 0 ? D.comps[f[F_COMP]] : []; }
  function fileOf(f) { return f[F_FILE] >= 0 ? D.files[f[F_FILE]] : ''; }
  function where(f) {
    var s = fileOf(f);
    if (s && f[F_LINE] > 0) { s += ':' + f[F_LINE]; if (f[F_COL] > 0) s += ':' + f[F_COL]; }
    return s;
  }
  function kv(dl, key, value) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', null, key));
    var dd = el('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function onActivate(node, fn) {
    node.addEventListener('click', fn);
    node.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fn(); }
    });
  }

  // A virtual list: `box` scrolls, rows of `rowHeight` pixels are drawn by `draw(k)` for the
  // visible positions only (plus a margin), and redrawn on scroll.
  function VList(box, rowHeight, draw) {
    this.box = box; this.h = rowHeight; this.drawRow = draw; this.n = 0;
    this.space = el('div', 'vspace');
    box.appendChild(this.space);
    var self = this, pending = false;
    box.addEventListener('scroll', function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; self.draw(); });
    });
  }
  VList.prototype.set = function (n) {
    this.n = n;
    this.space.style.height = (n * this.h) + 'px';
    this.box.hidden = n === 0;
    this.box.scrollTop = 0;
    this.draw();
  };
  VList.prototype.draw = function () {
    var top = this.box.scrollTop, height = this.box.clientHeight || 800;
    var first = Math.max(0, Math.floor(top / this.h) - 10);
    var last = Math.min(this.n, Math.ceil((top + height) / this.h) + 10);
    var frag = document.createDocumentFragment();
    for (var k = first; k < last; k++) {
      var row = this.drawRow(k);
      row.style.top = (k * this.h) + 'px';
      frag.appendChild(row);
    }
    this.space.textContent = '';
    this.space.appendChild(frag);
  };
  VList.prototype.reveal = function (k) {
    var top = k * this.h;
    if (top < this.box.scrollTop || top + this.h > this.box.scrollTop + this.box.clientHeight) {
      this.box.scrollTop = Math.max(0, top - this.h * 3);
    }
    this.draw();
  };

  // ---- Principals and resources: one subject per resource with findings, and per principal.
  var KIND = /^arn:[^:]*:iam::[^:]*:(user|role|group|policy)\//;
  function kindOf(name) {
    var m = KIND.exec(name);
    if (m) return m[1];
    if (/^arn:[^:]*:iam::[^:]*:root$/.test(name)) return 'account';
    return name.indexOf('arn:') === 0 ? 'resource' : 'file';
  }
  var subjects = [], subjectOf = new Map();
  (function buildSubjects() {
    D.principals.forEach(function (p) {
      subjectOf.set(p[0], { name: p[0], kind: p[1] || kindOf(nameOf(p[0])), admin: p[2] === 1,
                            policies: p[3], notes: p[4], f: [], worst: -1 });
    });
    findings.forEach(function (f, i) {
      var s = subjectOf.get(f[F_NAME]);
      if (!s) {
        s = { name: f[F_NAME], kind: kindOf(nameOf(f[F_NAME])), admin: false, policies: [], notes: [], f: [], worst: -1 };
        subjectOf.set(f[F_NAME], s);
      }
      s.f.push(i);
      if (f[F_SEV] > s.worst) s.worst = f[F_SEV];
    });
    subjectOf.forEach(function (s) { subjects.push(s); });
    subjects.sort(function (a, b) {
      if ((a.f.length > 0) !== (b.f.length > 0)) return a.f.length > 0 ? -1 : 1;
      if (a.worst !== b.worst) return b.worst - a.worst;
      if (a.f.length !== b.f.length) return b.f.length - a.f.length;
      var x = nameOf(a.name), y = nameOf(b.name);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    subjects.forEach(function (s, k) { s.index = k; });
    window.performance.mark('iw-subjects');
  })();

  // ---- What to edit: the policy document a finding points into, and escalation chains.
  var chainOf = new Map();
  D.chains.forEach(function (c) { chainOf.set(c[0], c); });
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }
  function subjectLink(n) {
    var s = subjectOf.get(n);
    if (!s) return el('span', 'mono', nameOf(n));
    var a = el('a', 'mono', nameOf(n));
    a.setAttribute('href', '#s-' + s.index);
    return a;
  }
  // A document written on one line (minified), laid out one member per line; the parts keep
  // their boundaries, so a statement stays one part.
  function reflow(parts) {
    if (parts.some(function (p) { return p[0].indexOf('\n') >= 0; })) return parts;
    var depth = 0, inString = false, escaped = false;
    function nl() { return '\n' + '  '.repeat(depth); }
    return parts.map(function (p) {
      var out = '';
      for (var k = 0; k < p[0].length; k++) {
        var ch = p[0][k];
        if (inString) {
          out += ch;
          if (escaped) escaped = false; else if (ch === '\\') escaped = true; else if (ch === '"') inString = false;
        } else if (ch === '"') { inString = true; out += ch; }
        else if (ch === '{' || ch === '[') { depth++; out += ch + nl(); }
        else if (ch === '}' || ch === ']') { depth = Math.max(0, depth - 1); out += nl() + ch; }
        else if (ch === ',') out += ',' + nl();
        else if (ch === ':') out += ': ';
        else if (ch !== ' ' && ch !== '\t' && ch !== '\r') out += ch;
      }
      return [out, p[1]];
    });
  }
  // The document `d`, with the statements in `stmts` marked, and who holds it.
  function documentView(d, stmts) {
    var box = el('div', 'document');
    box.appendChild(el('h4', null, 'Policy document \u2014 ' + nameOf(d[0])));
    var pre = el('pre', 'doc'), first = null;
    reflow(D.bodies[d[1]]).forEach(function (part) {
      var hit = part[1] >= 0 && stmts.indexOf(part[1]) >= 0;
      var span = el('span', hit ? 'hit' : null, part[0]);
      if (hit && !first) first = span;
      pre.appendChild(span);
    });
    box.appendChild(pre);
    var holders = d[2];
    if (holders.length) {
      box.appendChild(el('h4', null, 'Held by ' + holders.length + ' principal' + (holders.length === 1 ? '' : 's')));
      var ul = el('ul', 'holders');
      holders.slice(0, 100).forEach(function (n) { var li = el('li'); li.appendChild(subjectLink(n)); ul.appendChild(li); });
      if (holders.length > 100) ul.appendChild(el('li', 'muted', 'and ' + (holders.length - 100) + ' more'));
      box.appendChild(ul);
    }
    return { box: box, reveal: function () { if (first) pre.scrollTop = Math.max(0, first.offsetTop - pre.offsetTop - 24); } };
  }
  var SVGNS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function nodeLabel(n, last) {
    var s = nameOf(n);
    if (s === 'admin') return 'administrator access';
    var kind = kindOf(s), cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf(':'));
    return clip((kind === 'resource' || kind === 'file' ? '' : kind + ' ') + s.slice(cut + 1), 56) +
           (last ? '  (administrator)' : '');
  }
  // An escalation path as a picture: principal -> ... -> administrator, each arrow labelled with
  // the method and the permissions it uses.
  function chainPicture(c) {
    var nodes = c[1], links = c[2], boxH = 30, gap = 52, W = 760;
    var H = nodes.length * boxH + (nodes.length - 1) * gap + 4;
    var pic = svg('svg', { 'class': 'chain', viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img' });
    pic.setAttribute('aria-label', 'Escalation path: ' + nodes.map(function (n) { return nameOf(n); }).join(' \u2192 '));
    nodes.forEach(function (n, k) {
      var y = 2 + k * (boxH + gap), last = k === nodes.length - 1;
      var g = svg('g', { 'class': 'node' });
      g.appendChild(svg('title', {}, nameOf(n)));
      g.appendChild(svg('rect', { x: 2, y: y, width: 440, height: boxH, rx: 6, 'class': last ? 'admin' : '' }));
      g.appendChild(svg('text', { x: 12, y: y + 19 }, nodeLabel(n, last && nameOf(n) !== 'admin')));
      pic.appendChild(g);
      if (k >= links.length) return;
      var y0 = y + boxH, y1 = y + boxH + gap;
      pic.appendChild(svg('path', { d: 'M40 ' + y0 + ' L40 ' + (y1 - 7) }));
      pic.appendChild(svg('polygon', { points: '34,' + (y1 - 8) + ' 46,' + (y1 - 8) + ' 40,' + y1 }));
      var label = svg('text', { x: 56, y: y0 + 20 }, clip(links[k][0], 80));
      label.appendChild(svg('title', {}, links[k][1]));
      pic.appendChild(label);
      pic.appendChild(svg('text', { x: 56, y: y0 + 37, 'class': 'step' }, clip(links[k][1], 110)));
    });
    return pic;
  }
  function chainView(c) {
    var box = el('div', 'chain-view');
    box.appendChild(el('h4', null, 'Escalation path'));
    box.appendChild(chainPicture(c));
    return box;
  }

  // ---- Findings: filters, the virtual table, the detail of the selected finding.
  var sevBoxes = Array.prototype.slice.call(document.querySelectorAll('input[data-sev]'));
  var idSelect = $('f-id'), search = $('f-search'), countEl = $('f-count'), emptyEl = $('f-empty');
  var shown = [], selected = -1, hay = null, filterReq = '';

  function haystack(i) {
    if (hay === null) hay = new Array(findings.length);
    if (hay[i] === undefined) {
      var f = findings[i], r = rules[f[F_RULE]];
      hay[i] = [r[0], r[1], msgOf(f), nameOf(f[F_NAME]), fileOf(f), f[F_SID], r[3],
                nameOf(f[F_ACCT]), compOf(f).join(' ')].join('\n').toLowerCase();
    }
    return hay[i];
  }
  function apply() {
    var sevs = {};
    sevBoxes.forEach(function (b) { sevs[b.getAttribute('data-sev')] = b.checked; });
    var id = idSelect.value, q = search.value.trim().toLowerCase();
    shown = [];
    for (var i = 0; i < findings.length; i++) {
      var f = findings[i];
      if (sevs[SEV[f[F_SEV]]] === false) continue;
      if (id !== '' && ruleId(f) !== id) continue;
      if (filterReq !== '' && compOf(f).indexOf(filterReq) < 0) continue;
      if (q !== '' && haystack(i).indexOf(q) < 0) continue;
      shown.push(i);
    }
    findingList.set(shown.length);
    emptyEl.hidden = shown.length !== 0;
    countEl.textContent = 'Showing ' + shown.length + ' of ' + findings.length + ' finding' +
                          (findings.length === 1 ? '' : 's');
  }

  function findingRow(k) {
    var i = shown[k], f = findings[i];
    var row = el('div', 'vrow g-findings' + (i === selected ? ' selected' : ''));
    row.setAttribute('role', 'row');
    row.setAttribute('tabindex', '0');
    row.setAttribute('data-index', String(i));
    row.setAttribute('data-severity', SEV[f[F_SEV]]);
    row.setAttribute('data-id', ruleId(f));
    var c = el('span'); c.appendChild(sevBadge(f[F_SEV])); row.appendChild(c);
    row.appendChild(el('span', 'mono', ruleId(f)));
    var res = nameOf(f[F_NAME]), at = where(f);
    var r = el('span', 'mono', res);
    if (at && fileOf(f) !== res) r.title = at;
    row.appendChild(r);
    row.appendChild(el('span', null, msgOf(f)));
    onActivate(row, function () { select(i, true); });
    return row;
  }
  var findingList = new VList($('findings-list'), 40, findingRow);

  function select(i, focusDetail) {
    selected = i;
    findingList.draw();
    renderDetail(i);
    if (focusDetail) $('finding-detail').scrollIntoView({ block: 'nearest' });
  }
  function renderDetail(i) {
    var box = $('finding-detail'), f = findings[i], r = rules[f[F_RULE]];
    box.textContent = '';
    box.hidden = false;
    var h = el('h3');
    h.appendChild(sevBadge(f[F_SEV]));
    h.appendChild(el('span', 'mono', r[0]));
    h.appendChild(el('span', null, r[1]));
    box.appendChild(h);
    var dl = el('dl', 'kv');
    kv(dl, 'Message', msgOf(f));
    kv(dl, 'Resource', nameOf(f[F_NAME]));
    kv(dl, 'Account', nameOf(f[F_ACCT]));
    kv(dl, 'Location', where(f));
    var stmt = f[F_STMT] >= 0 ? 'statement ' + f[F_STMT] : '';
    if (f[F_SID]) stmt += (stmt ? ', ' : '') + 'Sid ' + f[F_SID];
    kv(dl, 'Statement', stmt);
    kv(dl, 'Why it matters', r[2]);
    kv(dl, 'Remediation', r[3]);
    if (compOf(f).length) kv(dl, 'Compliance', compOf(f).join(', '));
    var s = subjectOf.get(f[F_NAME]);
    if (s) {
      var a = el('a', null, 'All findings for this ' + s.kind);
      a.setAttribute('href', '#s-' + s.index);
      kv(dl, 'See also', a);
    }
    box.appendChild(dl);
    if (chainOf.has(i)) box.appendChild(chainView(chainOf.get(i)));
    if (f[F_DOC] >= 0) {
      var doc = documentView(D.docs[f[F_DOC]], [f[F_STMT]]);
      box.appendChild(doc.box);
      doc.reveal();
    }
  }

  sevBoxes.forEach(function (b) { b.addEventListener('change', apply); });
  idSelect.addEventListener('change', apply);
  var typing = 0;
  search.addEventListener('input', function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(apply, findings.length > 5000 ? 150 : 0);
  });
  $('f-reset').addEventListener('click', function () {
    sevBoxes.forEach(function (b) { b.checked = true; });
    idSelect.value = '';
    search.value = '';
    filterReq = '';
    $('f-req').hidden = true;
    apply();
  });
  $('f-req-clear').addEventListener('click', function () {
    filterReq = '';
    $('f-req').hidden = true;
    apply();
  });
  // Show the findings that are evidence for one compliance requirement: all of them, whatever
  // the other filters were.
  function showRequirement(req) {
    sevBoxes.forEach(function (b) { b.checked = true; });
    idSelect.value = '';
    search.value = '';
    filterReq = req;
    $('f-req-name').textContent = req;
    $('f-req').hidden = false;
    apply();
    $('findings').scrollIntoView();
  }
  Array.prototype.forEach.call(document.querySelectorAll('button[data-req]'), function (b) {
    b.addEventListener('click', function () { showRequirement(b.getAttribute('data-req')); });
  });
  var ids = [];
  rules.forEach(function (r) { if (ids.indexOf(r[0]) < 0) ids.push(r[0]); });
  ids.sort().forEach(function (id) {
    var o = el('option', null, id);
    o.value = id;
    idSelect.appendChild(o);
  });

  // ---- The principal / resource index and the page of one subject.
  var subjectSearch = $('s-search'), subjectShown = [];
  function subjectRow(k) {
    var s = subjects[subjectShown[k]];
    var row = el('div', 'vrow g-subjects');
    row.setAttribute('role', 'row');
    var a = el('a', 'mono subject-link', nameOf(s.name));
    a.setAttribute('href', '#s-' + s.index);
    row.appendChild(a);
    row.appendChild(el('span', null, s.kind));
    var w = el('span');
    if (s.worst >= 0) w.appendChild(sevBadge(s.worst)); else w.appendChild(el('span', 'muted', 'none'));
    row.appendChild(w);
    row.appendChild(el('span', 'n', s.f.length));
    return row;
  }
  var subjectList = new VList($('subjects-list'), 40, subjectRow);
  function applySubjects() {
    var q = subjectSearch.value.trim().toLowerCase();
    subjectShown = [];
    for (var k = 0; k < subjects.length; k++) {
      if (q === '' || nameOf(subjects[k].name).toLowerCase().indexOf(q) >= 0) subjectShown.push(k);
    }
    subjectList.set(subjectShown.length);
    $('s-count').textContent = subjectShown.length + ' of ' + subjects.length +
                               ' principals and resources, the most severe first';
  }
  subjectSearch.addEventListener('input', applySubjects);

  function list(box, title, items, cls) {
    if (!items.length) return;
    box.appendChild(el('h4', null, title));
    var ul = el('ul', cls);
    items.forEach(function (t) { ul.appendChild(el('li', null, t)); });
    box.appendChild(ul);
  }
  function renderSubject(k) {
    var s = subjects[k], box = $('subject-view');
    if (!s) return;
    box.textContent = '';
    box.hidden = false;
    box.className = 'card subject';
    var h = el('h3');
    h.appendChild(el('span', 'tag', s.kind));
    h.appendChild(el('span', 'name', nameOf(s.name)));
    if (s.admin) h.appendChild(el('span', 'tag admin', 'admin-equivalent'));
    box.appendChild(h);
    list(box, 'Policies', s.policies, 'policies mono');
    list(box, 'Effective permissions', s.notes, 'notes');
    if (!s.f.length) { box.appendChild(el('div', 'clean', 'No findings.')); return; }
    var stmts = new Map();
    s.f.forEach(function (i) {
      if (chainOf.has(i)) box.appendChild(chainView(chainOf.get(i)));
      var d = findings[i][F_DOC];
      if (d < 0) return;
      if (!stmts.has(d)) stmts.set(d, []);
      stmts.get(d).push(findings[i][F_STMT]);
    });
    box.appendChild(el('h4', null, s.f.length + ' finding' + (s.f.length === 1 ? '' : 's')));
    var ul = el('ul', 'findings');
    s.f.forEach(function (i) {
      var f = findings[i], li = el('li');
      li.appendChild(sevBadge(f[F_SEV]));
      var t = el('span');
      var a = el('a', 'mono', ruleId(f));
      a.setAttribute('href', '#findings');
      a.addEventListener('click', function () { select(i, false); });
      t.appendChild(a);
      t.appendChild(document.createTextNode(' \u2014 ' + (msgOf(f) || rules[f[F_RULE]][1])));
      if (where(f)) t.appendChild(el('span', 'muted mono', ' ' + where(f)));
      li.appendChild(t);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var reveals = [], shownDocs = 0;
    stmts.forEach(function (list, d) {
      if (++shownDocs > 20) return;
      var view = documentView(D.docs[d], list);
      box.appendChild(view.box);
      reveals.push(view.reveal);
    });
    reveals.forEach(function (r) { r(); });
  }
  function route() {
    var m = /^#s-(\d+)$/.exec(window.location.hash);
    if (!m) return;
    renderSubject(Number(m[1]));
    $('subject-view').scrollIntoView();
  }
  window.addEventListener('hashchange', route);

  $('filters').hidden = false;
  $('s-filter').hidden = false;
  apply();
  applySubjects();
  route();
  window.performance.mark('iw-ready');
  document.documentElement.setAttribute('data-ready', 'true');
})();
)JS";

}  // namespace

std::string_view html_script() { return kScript; }

}  // namespace iw::report::detail
