"""The report's styles and its one script, inlined into each page (no network, no CDN).

The script renders the index's tables from the JSON in <script id=data>: only the rows of the
page shown are ever in the DOM, so the page opens as fast for 100,000 claims as for 50. Its
state (filters, sort, page) is the address's #fragment: a filtered view is a link to share,
and the back button undoes a filter (the header's links scroll, not set it)."""

BASE_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#222}
header{background:#263238;color:#fff;padding:10px 24px;position:sticky;top:0;z-index:2}
header a{color:#fff;margin-right:16px}main{padding:12px 24px}
.badge{border-radius:4px;padding:0 6px;background:#eee}
"""

STYLE = BASE_STYLE + """
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#eceff1;user-select:none}th.asc:after{content:' ▲'}th.desc:after{content:' ▼'}
tr.conflict{background:#ffebee}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#f5f5f5;padding:8px 16px;border-radius:6px}
.filters{display:flex;gap:10px;flex-wrap:wrap;align-items:center;background:#fafafa;padding:8px;
border:1px solid #e0e0e0;border-radius:6px;position:sticky;top:40px;z-index:1}
.filters input[type=search]{width:18em}.pager{margin:6px 0;display:flex;gap:6px;align-items:center}
.pager button{min-width:2.5em}.muted{color:#666}
"""

DOCUMENT_STYLE = BASE_STYLE + """
.text{white-space:pre-wrap;line-height:2;max-width:60em}
mark{padding:.1em .3em;border-radius:.3em;background:#e0e0e0;scroll-margin-top:5em}
mark[data-l]::after{content:attr(data-l);font-size:.6em;font-weight:bold;margin-left:.4em;vertical-align:middle}
mark[data-l=PER]{background:#90caf9}mark[data-l=ORG]{background:#a5d6a7}mark[data-l=LOC]{background:#ce93d8}
mark.claim{background:#ffd54f}mark.claim::after{content:'CLAIM';font-size:.6em;font-weight:bold;margin-left:.4em}
mark:target{outline:3px solid #d32f2f}.s:has(mark:target){background:#fff3e0}
"""

SCRIPT = r"""
(function () {
  var D = JSON.parse(document.getElementById('data').textContent);
  var T = D.dict, C = D.claims, G = D.groups, F = D.docs, N = D.pageRows, state = {};

  function esc(s) {
    return s == null ? '' : String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }
  function num(v) {
    return (v === Math.round(v) ? v.toFixed(0) : v.toFixed(2)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  }
  function name(kind, code) { return code == null ? '' : T[kind][code]; }
  function docLink(d, anchor, text) {
    return '<a href="docs/' + d + '.html' + (anchor || '') + '">' + esc(text == null ? F.id[d] : text) + '</a>';
  }
  function hashLink(changes, text) { return '<a href="#' + esc(query(changes)) + '">' + text + '</a>'; }

  function read() {
    state = {};
    new URLSearchParams(location.hash.slice(1)).forEach(function (v, k) { state[k] = v; });
  }
  function query(changes) {
    var next = Object.assign({}, state, changes);
    Object.keys(next).forEach(function (k) { if (next[k] === '' || next[k] == null) delete next[k]; });
    return new URLSearchParams(next).toString();
  }
  function go(changes) { location.hash = query(changes); }
  function refilter(changes) {
    go(Object.assign({'groups.page': '', 'claims.page': '', 'docs.page': ''}, changes));
  }

  function code(kind) { return state[kind] == null ? null : T[kind].indexOf(state[kind]); }
  function inDates(published) {
    if (!state.from && !state.to) return true;
    if (published == null) return false;
    var day = published.slice(0, 10);
    return (!state.from || day >= state.from) && (!state.to || day <= state.to);
  }
  function claimRows(withGroup) {
    var source = code('source'), lang = code('lang'), q = (state.q || '').toLowerCase();
    var group = withGroup && state.g != null ? +state.g : null, out = [];
    for (var i = 0; i < C.doc.length; i++) {
      if ((source !== null && C.source[i] !== source) || (lang !== null && C.lang[i] !== lang) ||
          (group !== null && C.group[i] !== group) || !inDates(C.published[i])) continue;
      if (q && [C.text[i], C.object[i], C.subject[i], F.id[C.doc[i]]].join(' ').toLowerCase().indexOf(q) < 0) continue;
      out.push(i);
    }
    return out;
  }
  function claimFilters() { return ['source', 'lang', 'from', 'to', 'q'].some(function (k) { return state[k]; }); }
  function groupRows() {
    var out = [], keep = null;
    if (claimFilters()) {
      keep = new Uint8Array(G.value.length);
      claimRows(false).forEach(function (i) { keep[C.group[i]] = 1; });
    }
    for (var g = 0; g < G.value.length; g++) {
      if ((keep === null || keep[g]) && (!state.conflict || G.conflict[g]) &&
          (state.g == null || g === +state.g)) out.push(g);
    }
    return out;
  }
  function docRows() {
    var source = code('source'), lang = code('lang'), q = (state.q || '').toLowerCase(), inGroup = null, out = [];
    if (state.g != null) {
      inGroup = new Uint8Array(F.id.length);
      claimRows(true).forEach(function (i) { inGroup[C.doc[i]] = 1; });
    }
    for (var d = 0; d < F.id.length; d++) {
      if ((source !== null && F.source[d] !== source) || (lang !== null && F.lang[d] !== lang) ||
          !inDates(F.published[d]) || (inGroup !== null && !inGroup[d])) continue;
      if (q && (F.id[d] + ' ' + (F.title[d] || '')).toLowerCase().indexOf(q) < 0) continue;
      out.push(d);
    }
    return out;
  }

  function col(header, key, cell, numeric) { return {header: header, key: key, cell: cell || function (i) { return esc(key(i)); }, num: numeric}; }
  var TABLES = {
    groups: {rows: groupRows, rowClass: function (g) { return G.conflict[g] ? 'conflict' : ''; }, cols: [
      col('value', function (g) { return G.value[g]; }, function (g) { return num(G.value[g]); }, true),
      col('unit', function (g) { return name('unit', G.unit[g]); }),
      col('qualifier', function (g) { return name('qualifier', G.qualifier[g]); }),
      col('object key', function (g) { return G.key[g] || ''; }),
      col('as written', function (g) { return G.objects[g]; }),
      col('docs', function (g) { return G.docs[g]; }, null, true),
      col('claims', function (g) { return G.claims[g]; }, function (g) { return hashLink({g: g, 'claims.page': ''}, G.claims[g] + ' →'); }, true),
      col('langs', function (g) { return G.langs[g]; }),
      col('subjects', function (g) { return G.subjects[g]; }),
      col('first', function (g) { return G.first[g] || ''; }),
      col('last', function (g) { return G.last[g] || ''; }),
      col('conflict', function (g) { return G.conflict[g] ? G.also[g] : ''; }, function (g) { return G.conflict[g] ? '⚠ also ' + esc(G.also[g]) : ''; })]},
    claims: {rows: function () { return claimRows(true); }, cols: [
      col('document', function (i) { return F.id[C.doc[i]]; }, function (i) { return docLink(C.doc[i]); }),
      col('published', function (i) { return C.published[i] || ''; }),
      col('source', function (i) { return name('source', C.source[i]); }),
      col('lang', function (i) { return name('lang', C.lang[i]); }),
      col('text', function (i) { return C.text[i]; }, function (i) { return docLink(C.doc[i], '#c-' + C.id[i], C.text[i]); }),
      col('value', function (i) { return C.value[i]; }, function (i) { return num(C.value[i]); }, true),
      col('qualifier', function (i) { return name('qualifier', C.qualifier[i]); }),
      col('unit', function (i) { return name('unit', C.unit[i]); }),
      col('object', function (i) { return C.object[i] || ''; }),
      col('subject', function (i) { return C.subject[i] || ''; }),
      col('group', function (i) { return C.group[i]; }, function (i) { return hashLink({g: C.group[i], 'claims.page': ''}, 'group'); })]},
    docs: {rows: docRows, cols: [
      col('document', function (d) { return F.id[d]; }, function (d) { return docLink(d); }),
      col('title', function (d) { return F.title[d] || ''; }),
      col('source', function (d) { return name('source', F.source[d]); }),
      col('published', function (d) { return F.published[d] || ''; }),
      col('lang', function (d) { return name('lang', F.lang[d]); }),
      col('status', function (d) { return name('status', F.status[d]); }),
      col('characters', function (d) { return F.chars[d]; }, null, true),
      col('claims', function (d) { return F.claims[d]; }, null, true)]}
  };

  function sorted(table, tableName, rows) {
    var by = state[tableName + '.sort'];
    if (by == null || !table.cols[+by]) return rows;
    var key = table.cols[+by].key, dir = state[tableName + '.desc'] ? -1 : 1;
    var keys = new Map(rows.map(function (r) { return [r, key(r)]; }));
    return rows.sort(function (a, b) {
      var x = keys.get(a), y = keys.get(b);
      return (x < y ? -dir : x > y ? dir : 0) || a - b;
    });
  }
  function renderTable(tableName) {
    var table = TABLES[tableName], rows = sorted(table, tableName, table.rows());
    var pages = Math.max(1, Math.ceil(rows.length / N));
    var page = Math.min(Math.max(1, parseInt(state[tableName + '.page'], 10) || 1), pages);
    var el = document.getElementById(tableName), by = state[tableName + '.sort'];
    el.tHead.innerHTML = '<tr>' + table.cols.map(function (c, k) {
      var mark = String(k) === by ? (state[tableName + '.desc'] ? ' class=desc' : ' class=asc') : '';
      return '<th data-k=' + k + mark + '>' + c.header + '</th>';
    }).join('') + '</tr>';
    el.tBodies[0].innerHTML = rows.slice((page - 1) * N, page * N).map(function (r) {
      var cls = table.rowClass ? table.rowClass(r) : '';
      return '<tr data-row=' + r + (cls ? ' class=' + cls : '') + '>' + table.cols.map(function (c) {
        return (c.num ? '<td class=num>' : '<td>') + c.cell(r) + '</td>';
      }).join('') + '</tr>';
    }).join('');
    var first = rows.length ? (page - 1) * N + 1 : 0, last = Math.min(page * N, rows.length);
    var pager = document.getElementById(tableName + '-pager'), key = tableName + '.page';
    function button(label, to, off) {
      return '<button data-page=' + to + (off ? ' disabled' : '') + '>' + label + '</button>';
    }
    pager.innerHTML = button('«', 1, page === 1) + button('‹', page - 1, page === 1) +
      '<span>' + first + '–' + last + ' of ' + rows.length + ' · page ' + page + ' of ' + pages + '</span>' +
      button('›', page + 1, page === pages) + button('»', pages, page === pages);
    pager.dataset.key = key;
  }

  function syncControls() {
    ['source', 'lang', 'from', 'to', 'q'].forEach(function (k) {
      var input = document.getElementById('f-' + k);
      if (input !== document.activeElement) input.value = state[k] || '';
    });
    document.getElementById('f-conflict').checked = !!state.conflict;
    var g = state.g == null ? -1 : +state.g;
    document.getElementById('f-group').innerHTML = !(g >= 0 && g < G.value.length) ? '' :
      'group: ' + num(G.value[g]) + ' ' + esc(name('unit', G.unit[g])) + ' ' + esc(G.key[g] || '') +
      ' ' + hashLink({g: ''}, '✕');
  }
  function render() {
    read();
    syncControls();
    Object.keys(TABLES).forEach(renderTable);
  }

  document.addEventListener('click', function (e) {
    var th = e.target.closest('th[data-k]'), button = e.target.closest('button[data-page]');
    var to = e.target.closest('a[data-to]');
    if (to) {           // the #fragment holds the view's state, so the header scrolls instead
      e.preventDefault();
      document.getElementById(to.dataset.to).scrollIntoView();
    } else if (th) {
      var tableName = th.closest('table').id, k = th.dataset.k, again = state[tableName + '.sort'] === k;
      var change = {}; change[tableName + '.sort'] = k; change[tableName + '.desc'] = again && !state[tableName + '.desc'] ? '1' : '';
      change[tableName + '.page'] = '';
      go(change);
    } else if (button) {
      var change = {}; change[button.parentNode.dataset.key] = button.dataset.page;
      go(change);
    }
  });
  ['source', 'lang', 'from', 'to'].forEach(function (k) {
    document.getElementById('f-' + k).addEventListener('change', function (e) { var c = {}; c[k] = e.target.value; refilter(c); });
  });
  var typing;
  document.getElementById('f-q').addEventListener('input', function (e) {
    clearTimeout(typing);
    typing = setTimeout(function () { refilter({q: e.target.value}); }, 250);
  });
  document.getElementById('f-conflict').addEventListener('change', function (e) { refilter({conflict: e.target.checked ? '1' : ''}); });
  window.addEventListener('hashchange', render);
  render();
})();
"""
