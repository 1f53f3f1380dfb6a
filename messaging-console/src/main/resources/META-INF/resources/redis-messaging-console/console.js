// The redis-messaging console: polls the redismessaging actuator endpoint and renders what it returns.
// Everything shown comes from Redis, so it is untrusted: text is always set with textContent, never as HTML.
(function () {
  'use strict';

  var REFRESH_MILLIS = 2000;
  var PAGE = 20;
  var config = null;
  var selected = null;
  var tab = null;
  var listeners = {};
  var previous = {};
  var deadLetterCursor = { after: null, offset: 0, trail: [] };
  // The partition of a partitioned stream listener the tabs show (null: the whole stream), and the listeners
  // whose partition table is open.
  var partition = null;
  var expanded = {};

  function el(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (name === 'text') {
        node.textContent = value;
      } else if (name === 'onclick') {
        node.addEventListener('click', value);
      } else if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? '' : value);
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) {
        continue;
      }
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    return node;
  }

  function showError(message) {
    var box = document.getElementById('error');
    box.textContent = message || '';
    box.hidden = !message;
  }

  function notice(message) {
    var box = document.getElementById('notice');
    box.textContent = message || '';
    box.hidden = !message;
  }

  function request(method, path, body) {
    var headers = { 'Accept': 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET' && config.csrf) {
      headers[config.csrf.header] = config.csrf.token;
    }
    return fetch(config.endpoint + path, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try {
          data = text ? JSON.parse(text) : null;
        } catch (ignored) {
          data = null;
        }
        if (!response.ok) {
          var reason = (data && (data.message || data.error)) || text || response.statusText;
          throw new Error(method + ' ' + path + ': HTTP ' + response.status + ' ' + reason);
        }
        return data;
      });
    });
  }

  function number(value) {
    return typeof value === 'number' && isFinite(value) ? value : 0;
  }

  function rate(value) {
    if (value >= 100) {
      return String(Math.round(value));
    }
    return value.toFixed(value >= 10 ? 1 : 2);
  }

  function sparkline(history) {
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 120 24');
    svg.setAttribute('preserveAspectRatio', 'none');
    if (!history || !history.processed || history.processed.length < 2) {
      return svg;
    }
    var max = 1;
    history.processed.concat(history.failed || []).forEach(function (v) { max = Math.max(max, number(v)); });
    ['processed', 'failed'].forEach(function (series) {
      var values = history[series] || [];
      if (values.length < 2) {
        return;
      }
      var points = values.map(function (v, i) {
        return (i * 120 / (values.length - 1)).toFixed(1) + ',' + (23 - number(v) * 22 / max).toFixed(1);
      });
      var line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
      line.setAttribute('class', series);
      line.setAttribute('points', points.join(' '));
      svg.appendChild(line);
    });
    var title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = 'processed/s (blue) and failed/s (red), one point every ' + history.intervalSeconds + ' s';
    svg.appendChild(title);
    return svg;
  }

  function figures(listener) {
    var kind = String(listener.kind).toUpperCase();
    if (kind === 'QUEUE') {
      var total = { depth: 0, processing: 0, delayed: 0, deadLetters: 0 };
      Object.keys(listener.queues || {}).forEach(function (name) {
        var queue = listener.queues[name] || {};
        Object.keys(total).forEach(function (key) { total[key] += number(queue[key]); });
      });
      return { lag: total.depth, pending: total.processing, delayed: total.delayed, deadLetters: total.deadLetters };
    }
    if (kind === 'STREAM') {
      return { lag: listener.group ? listener.lag : null, pending: listener.group ? listener.pending : null,
        delayed: null, deadLetters: listener.group ? listener.deadLetters : null };
    }
    return { lag: null, pending: null, delayed: null, deadLetters: null };
  }

  // The current rates come from the counts of two successive polls (2 s apart); the first poll shows the
  // endpoint's last 5-second sample instead.
  function rates(id, listener, now) {
    var before = previous[id];
    previous[id] = { at: now, processed: number(listener.processed), failed: number(listener.failed) };
    if (before && now > before.at) {
      var seconds = (now - before.at) / 1000;
      return { processed: Math.max(0, number(listener.processed) - before.processed) / seconds,
        failed: Math.max(0, number(listener.failed) - before.failed) / seconds };
    }
    var history = listener.history;
    if (history && history.processed && history.processed.length) {
      return { processed: number(history.processed[history.processed.length - 1]),
        failed: number((history.failed || [])[history.failed.length - 1]) };
    }
    return { processed: 0, failed: 0 };
  }

  function cell(value, numeric) {
    return el('td', { 'class': numeric ? 'num' : null, text: value === null || value === undefined ? '–' : String(value) });
  }

  function pausedEverywhere(listener) {
    var queues = listener.queues || {};
    return Object.keys(queues).some(function (name) { return number((queues[name] || {}).pausedEverywhere) === 1; });
  }

  function actionButton(id, action, label, done) {
    return el('button', { 'data-action': action, 'data-listener': id, text: label,
      onclick: function (event) {
        event.stopPropagation();
        if (action.indexOf('everywhere') >= 0 && !confirm(label + ': ' + id + "'s queues, for every instance?")) {
          return;
        }
        request('POST', '/' + encodeURIComponent(id), { action: action })
          .then(function () { notice('Listener ' + id + ': ' + done); refresh(); })
          .catch(function (error) { showError(error.message); });
      } });
  }

  function control(id, listener) {
    if (!config.writable) {
      return null;
    }
    var paused = listener.state === 'PAUSED';
    var cell = el('div', { 'class': 'toolbar' },
      actionButton(id, paused ? 'resume' : 'pause', paused ? 'Resume' : 'Pause', paused ? 'resumed' : 'paused'));
    if (String(listener.kind).toUpperCase() === 'QUEUE') {
      var everywhere = pausedEverywhere(listener);
      cell.appendChild(actionButton(id, everywhere ? 'resume-everywhere' : 'pause-everywhere',
        everywhere ? 'Resume everywhere' : 'Pause everywhere',
        everywhere ? 'queues resumed for every instance' : 'queues paused for every instance'));
    }
    return cell;
  }

  function partitionToggle(id, listener) {
    var count = listener.partitionDetails.length;
    var label = function () {
      return (expanded[id] ? '▾ ' : '▸ ') + number(listener.owned) + ' of ' + count + ' partitions here';
    };
    var toggle = el('button', { 'class': 'link', 'data-role': 'partitions-toggle', 'data-listener': id, text: label(),
      onclick: function (event) {
        event.stopPropagation();
        expanded[id] = !expanded[id];
        toggle.textContent = label();
        document.querySelectorAll('#listeners tr[data-partitions]').forEach(function (row) {
          if (row.getAttribute('data-partitions') === id) {
            row.hidden = !expanded[id];
          }
        });
      } });
    return toggle;
  }

  // The partitions of a partitioned stream listener: who owns each (this instance's highlighted), its figures,
  // and links to its pending entries and dead letters.
  function partitionTable(id, listener) {
    var head = el('tr');
    ['Partition', 'Key', 'Owner', 'Lag', 'Pending', 'Dead letters', ''].forEach(function (name) {
      head.appendChild(el('th', { text: name }));
    });
    var body = el('tbody');
    listener.partitionDetails.forEach(function (row) {
      var index = Number(row.partition);
      var here = row.ownedHere === true;
      var open = function (name) {
        return el('button', { 'data-role': 'partition-' + name.toLowerCase().replace(' ', '-'), text: name,
          onclick: function (event) { event.stopPropagation(); showPartition(id, index, name); } });
      };
      body.appendChild(el('tr', { 'data-partition': String(index), 'data-here': here },
        cell(index, true), cell(row.key),
        el('td', { 'data-field': 'owner' }, row.owner ? String(row.owner) : el('span', { 'class': 'muted', text: 'none' }),
          here ? el('span', { 'class': 'badge here', text: 'this instance' }) : null),
        cell(row.lag, true), cell(row.pending, true), cell(row.deadLetters, true),
        el('td', null, open('Pending'), open('Dead letters'))));
    });
    return el('table', { 'class': 'partitions' }, el('thead', null, head), body);
  }

  function showPartition(id, index, name) {
    selected = id;
    partition = index;
    tab = name;
    deadLetterCursor = { after: null, offset: 0, trail: [] };
    select(id);
  }

  // A query or request body narrowed to the chosen partition, if any.
  function scoped(query) {
    return partition === null ? query : query + (query.indexOf('?') >= 0 ? '&' : '?') + 'partition=' + partition;
  }

  function scopedBody(body) {
    if (partition !== null) {
      body.partition = String(partition);
    }
    return body;
  }

  function partitionPicker(id, listener) {
    if (!Array.isArray(listener.partitionDetails)) {
      return null;
    }
    var picker = el('select', { 'data-role': 'partition' }, el('option', { value: '', text: 'every partition' }));
    listener.partitionDetails.forEach(function (row) {
      var index = Number(row.partition);
      picker.appendChild(el('option', { value: String(index), selected: partition === index, text: index + ' · ' + row.key }));
    });
    picker.addEventListener('change', function () {
      partition = picker.value === '' ? null : Number(picker.value);
      deadLetterCursor = { after: null, offset: 0, trail: [] };
      select(id);
    });
    return el('div', { 'class': 'toolbar' }, el('span', { text: 'Partition' }), picker);
  }

  function renderListeners(data) {
    var body = clear(document.querySelector('#listeners tbody'));
    var now = Date.now();
    var worst = 'UP';
    listeners = data.listeners || {};
    Object.keys(listeners).sort().forEach(function (id) {
      var listener = listeners[id];
      var shown = figures(listener);
      var speed = rates(id, listener, now);
      if (listener.state === 'FAILING') {
        worst = 'DOWN';
      }
      var destination = listener.destination;
      var partitioned = Array.isArray(listener.partitionDetails);
      var row = el('tr', { 'data-listener': id, 'class': id === selected ? 'selected' : null },
        el('td', null, el('a', { href: '#' + encodeURIComponent(id), text: id })),
        cell(String(listener.kind).toLowerCase()),
        el('td', null, destination, partitioned ? partitionToggle(id, listener) : null),
        el('td', null, el('span', { 'class': 'badge ' + listener.state, 'data-field': 'state', text: listener.state }),
          pausedEverywhere(listener) ? el('span', { 'class': 'badge PAUSED', 'data-field': 'paused-everywhere', text: 'paused everywhere' }) : null,
          listener.lastError ? el('div', { 'class': 'last-error', text: listener.lastError }) : null),
        cell(listener.concurrency, true),
        el('td', { 'class': 'num', 'data-field': 'processed-rate', text: rate(speed.processed) }),
        el('td', { 'class': 'num', 'data-field': 'failed-rate', text: rate(speed.failed) }),
        el('td', null, sparkline(listener.history)),
        cell(shown.lag, true), cell(shown.pending, true), cell(shown.delayed, true),
        el('td', { 'class': 'num', 'data-field': 'dead-letters', text: shown.deadLetters === null || shown.deadLetters === undefined ? '–' : String(shown.deadLetters) }),
        el('td', null, control(id, listener)));
      row.addEventListener('click', function () { select(id); });
      body.appendChild(row);
      if (partitioned) {
        body.appendChild(el('tr', { 'data-partitions': id, hidden: !expanded[id] },
          el('td', { colspan: 13 }, partitionTable(id, listener))));
      }
    });
    var health = document.getElementById('health');
    health.textContent = Object.keys(listeners).length ? worst : 'no listeners';
    health.className = 'badge ' + worst;
    document.getElementById('updated').textContent = 'updated ' + new Date(now).toLocaleTimeString();
  }

  function refresh() {
    return request('GET', '')
      .then(function (data) { showError(null); renderListeners(data); })
      .catch(function (error) { showError('Cannot read the endpoint: ' + error.message); });
  }

  function tabsFor(listener) {
    var kind = String(listener.kind).toUpperCase();
    if (kind === 'STREAM') {
      return listener.group ? ['Dead letters', 'Pending', 'Entries'] : ['Entries'];
    }
    if (kind === 'QUEUE') {
      return ['Dead letters', 'Queue'];
    }
    return [];
  }

  function select(id) {
    if (id !== selected || !listeners[id] || !Array.isArray(listeners[id].partitionDetails)) {
      partition = null;
    }
    selected = id;
    if (location.hash !== '#' + encodeURIComponent(id)) {
      history.replaceState(null, '', '#' + encodeURIComponent(id));
    }
    var listener = listeners[id];
    var detail = document.getElementById('detail');
    if (!listener) {
      detail.hidden = true;
      return;
    }
    detail.hidden = false;
    document.getElementById('detail-title').textContent = id + ' · ' + listener.destination
      + (partition === null ? '' : ' · partition ' + partition);
    var names = tabsFor(listener);
    tab = names.indexOf(tab) >= 0 ? tab : names[0] || null;
    var nav = clear(document.getElementById('tabs'));
    names.forEach(function (name) {
      nav.appendChild(el('button', { 'class': name === tab ? 'active' : null, 'data-tab': name, text: name,
        onclick: function () { tab = name; deadLetterCursor = { after: null, offset: 0, trail: [] }; select(id); } }));
    });
    notice(null);
    document.querySelectorAll('#listeners tbody tr').forEach(function (row) {
      row.className = row.getAttribute('data-listener') === id ? 'selected' : '';
    });
    var panel = clear(document.getElementById('panel'));
    if (tab === 'Dead letters' || tab === 'Pending' || tab === 'Entries') {
      var picker = partitionPicker(id, listener);
      if (picker) {
        panel.appendChild(picker);
      }
    }
    if (tab === 'Dead letters') {
      showDeadLetters(id, listener, panel, null);
    } else if (tab === 'Pending') {
      showPending(id, panel);
    } else if (tab === 'Entries') {
      showEntries(id, panel, null);
    } else if (tab === 'Queue') {
      showQueue(id, panel);
    } else {
      panel.appendChild(el('p', { 'class': 'muted', text: 'Pub/sub keeps nothing in Redis: there is nothing to browse.' }));
    }
  }

  function pretty(value) {
    if (typeof value !== 'string') {
      return JSON.stringify(value, null, 2);
    }
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch (ignored) {
      return value;
    }
  }

  function when(value) {
    if (value === null || value === undefined || value === '') {
      return '–';
    }
    var date = new Date(typeof value === 'number' ? value : String(value));
    return isNaN(date.getTime()) ? String(value) : date.toLocaleString();
  }

  // A table of records: one column per field, with payloads pretty-printed and times made readable.
  function recordTable(records, selectable, selection) {
    var columns = [];
    records.forEach(function (record) {
      Object.keys(record || {}).forEach(function (key) {
        if (columns.indexOf(key) < 0 && key !== 'rawBase64' && key !== 'fields' && key !== 'kind') {
          columns.push(key);
        }
      });
    });
    var head = el('tr', null, selectable ? el('th', null) : null);
    columns.forEach(function (key) { head.appendChild(el('th', { text: key })); });
    var table = el('table', null, el('thead', null, head));
    var body = el('tbody');
    records.forEach(function (record) {
      var row = el('tr', { 'data-id': record.id });
      if (selectable) {
        var box = el('input', { type: 'checkbox', 'data-id': record.id });
        box.addEventListener('change', function () {
          if (box.checked) {
            selection[record.id] = true;
          } else {
            delete selection[record.id];
          }
        });
        row.appendChild(el('td', null, box));
      }
      columns.forEach(function (key) {
        var value = record[key];
        if (key === 'payload' || (value !== null && typeof value === 'object')) {
          row.appendChild(el('td', { 'data-field': key }, el('pre', { text: value === undefined || value === null ? '' : pretty(value) })));
        } else if (/(^at$|At$|^due$|deadline|time)/i.test(key)) {
          row.appendChild(el('td', { 'data-field': key, text: when(value) }));
        } else {
          row.appendChild(el('td', { 'data-field': key, text: value === null || value === undefined ? '–' : String(value) }));
        }
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    return table;
  }

  function flatten(byName) {
    var all = [];
    Object.keys(byName || {}).forEach(function (name) {
      (byName[name] || []).forEach(function (record) { all.push(record); });
    });
    return all;
  }

  function summary(result, verb) {
    var counts = result && (result.replayed || result.deleted || result.claimed || result.deadLettered) || {};
    return Object.keys(counts).map(function (name) {
      var value = counts[name];
      return verb + ' ' + (Array.isArray(value) ? value.length : value) + ' of ' + name;
    }).join('; ') || verb + ' nothing';
  }

  function writeButton(label, danger, action) {
    return config.writable ? el('button', { 'class': danger ? 'danger' : null, 'data-write': label, text: label, onclick: action }) : null;
  }

  function showDeadLetters(id, listener, panel, search) {
    var kind = String(listener.kind).toUpperCase();
    var selection = {};
    var query = '?count=' + PAGE;
    if (search) {
      query += '&entry=' + encodeURIComponent(search);
    } else if (kind === 'STREAM' && deadLetterCursor.after) {
      query += '&after=' + encodeURIComponent(deadLetterCursor.after);
    } else if (kind === 'QUEUE' && deadLetterCursor.offset) {
      query += '&offset=' + deadLetterCursor.offset;
    }
    var searchBox = el('input', { placeholder: 'dead-letter id', 'data-role': 'search', value: search || null });
    var toolbar = el('div', { 'class': 'toolbar' },
      searchBox,
      el('button', { text: 'Find', onclick: function () { showDeadLetters(id, listener, clear(panel), searchBox.value.trim() || null); } }),
      el('button', { text: 'First page', onclick: function () { deadLetterCursor = { after: null, offset: 0, trail: [] }; showDeadLetters(id, listener, clear(panel), null); } }),
      writeButton('Replay selected', false, function () {
        var ids = Object.keys(selection);
        if (!ids.length || !confirm('Replay ' + ids.length + ' dead letters to ' + listener.destination + '?')) {
          return;
        }
        request('POST', '/' + encodeURIComponent(id) + '/dead-letters', scopedBody({ ids: ids }))
          .then(function (result) { select(id); notice(summary(result, 'Replayed')); refresh(); })
          .catch(function (error) { showError(error.message); });
      }),
      writeButton('Replay all', false, function () {
        if (!confirm('Replay every dead letter of ' + listener.destination + (partition === null ? '' : ', partition ' + partition) + '?')) {
          return;
        }
        request('POST', '/' + encodeURIComponent(id) + '/dead-letters', scopedBody({ all: true }))
          .then(function (result) { select(id); notice(summary(result, 'Replayed')); refresh(); })
          .catch(function (error) { showError(error.message); });
      }),
      writeButton('Delete selected', true, function () {
        var ids = Object.keys(selection);
        if (!ids.length || !confirm('Delete ' + ids.length + ' dead letters for good?')) {
          return;
        }
        request('POST', '/' + encodeURIComponent(id) + '/dead-letters', scopedBody({ action: 'delete', ids: ids }))
          .then(function (result) { select(id); notice(summary(result, 'Deleted')); refresh(); })
          .catch(function (error) { showError(error.message); });
      }));
    panel.appendChild(toolbar);
    var holder = el('div', null, el('p', { 'class': 'muted', text: 'Loading…' }));
    panel.appendChild(holder);
    request('GET', '/' + encodeURIComponent(id) + '/dead-letters' + scoped(query)).then(function (byName) {
      var records = flatten(byName);
      clear(holder);
      if (!records.length) {
        holder.appendChild(el('p', { 'class': 'muted', 'data-role': 'empty', text: search ? 'No dead letter with id ' + search : 'No dead letters.' }));
        return;
      }
      holder.appendChild(recordTable(records, config.writable, selection));
      if (!search && records.length >= PAGE) {
        holder.appendChild(el('div', { 'class': 'toolbar' }, el('button', { text: 'Next page', onclick: function () {
          deadLetterCursor.after = records[records.length - 1].id;
          deadLetterCursor.offset += records.length;
          showDeadLetters(id, listener, clear(panel), null);
        } })));
      }
    }).catch(function (error) { clear(holder); showError(error.message); });
  }

  function showPending(id, panel) {
    var selection = {};
    var consumer = el('input', { placeholder: 'consumer', 'data-role': 'consumer' });
    var minIdle = el('input', { placeholder: 'min idle ms', value: '60000', size: 10, 'data-role': 'min-idle' });
    var claim = function () {
      var ids = Object.keys(selection);
      var to = consumer.value.trim();
      if (!ids.length || !to || !confirm('Claim ' + ids.length + ' entries idle at least ' + minIdle.value + ' ms for ' + to + '?')) {
        return;
      }
      request('POST', '/' + encodeURIComponent(id) + '/pending', scopedBody({ action: 'claim', consumer: to, minIdle: Number(minIdle.value), ids: ids }))
        .then(function (result) { select(id); notice(summary(result, 'Claimed')); })
        .catch(function (error) { showError(error.message); });
    };
    var deadLetter = function () {
      var ids = Object.keys(selection);
      if (!ids.length || !confirm('Dead-letter ' + ids.length + ' pending entries now?')) {
        return;
      }
      request('POST', '/' + encodeURIComponent(id) + '/pending', scopedBody({ action: 'dead-letter', ids: ids }))
        .then(function (result) { select(id); notice(summary(result, 'Dead-lettered')); refresh(); })
        .catch(function (error) { showError(error.message); });
    };
    if (config.writable) {
      panel.appendChild(el('div', { 'class': 'toolbar' }, el('span', { text: 'Selected:' }), consumer, minIdle,
        writeButton('Claim selected', false, claim), writeButton('Dead-letter selected', true, deadLetter)));
    }
    var holder = el('div', null, el('p', { 'class': 'muted', text: 'Loading…' }));
    panel.appendChild(holder);
    request('GET', '/' + encodeURIComponent(id) + scoped('/pending?count=100')).then(function (byName) {
      var records = flatten(byName);
      clear(holder).appendChild(records.length ? recordTable(records, config.writable, selection)
        : el('p', { 'class': 'muted', 'data-role': 'empty', text: 'Nothing pending.' }));
    }).catch(function (error) { clear(holder); showError(error.message); });
  }

  function showEntries(id, panel, lookup) {
    var box = el('input', { placeholder: 'entry id', value: lookup || null, 'data-role': 'entry-id' });
    panel.appendChild(el('div', { 'class': 'toolbar' }, box,
      el('button', { text: 'Look up', onclick: function () { showEntries(id, clear(panel), box.value.trim() || null); } }),
      el('button', { text: 'Latest', onclick: function () { showEntries(id, clear(panel), null); } })));
    var holder = el('div', null, el('p', { 'class': 'muted', text: 'Loading…' }));
    panel.appendChild(holder);
    var query = '?count=' + PAGE + (lookup ? '&entry=' + encodeURIComponent(lookup) : '');
    request('GET', '/' + encodeURIComponent(id) + '/entries' + scoped(query)).then(function (byName) {
      var records = flatten(byName);
      clear(holder).appendChild(records.length ? recordTable(records, false, null)
        : el('p', { 'class': 'muted', 'data-role': 'empty', text: lookup ? 'No entry with id ' + lookup : 'The stream is empty.' }));
    }).catch(function (error) { clear(holder); showError(error.message); });
  }

  function showQueue(id, panel) {
    [['items', 'Next items'], ['delayed', 'Delayed'], ['leases', 'Leased']].forEach(function (part) {
      var holder = el('div', { 'data-section': part[0] }, el('h2', { text: part[1] }), el('p', { 'class': 'muted', text: 'Loading…' }));
      panel.appendChild(holder);
      request('GET', '/' + encodeURIComponent(id) + '/' + part[0] + '?count=' + PAGE).then(function (byName) {
        var records = flatten(byName);
        holder.removeChild(holder.lastChild);
        holder.appendChild(records.length ? recordTable(records, false, null) : el('p', { 'class': 'muted', text: 'None.' }));
      }).catch(function (error) { showError(error.message); });
    });
  }

  function start() {
    fetch('config.json', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (loaded) {
        config = loaded;
        document.getElementById('mode').textContent = config.writable ? '' : 'read-only';
        return refresh();
      })
      .then(function () {
        setInterval(refresh, REFRESH_MILLIS);
        var wanted = null;
        try {
          wanted = decodeURIComponent(location.hash.replace(/^#/, ''));
        } catch (ignored) {
          wanted = null;
        }
        if (wanted && listeners[wanted]) {
          select(wanted);
        }
      })
      .catch(function (error) { showError('Cannot load the console configuration: ' + error.message); });
  }

  start();
}());
