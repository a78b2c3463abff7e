/**
 * The criteria editor's script, served from CareQual like console-script.ts (CSP: script-src
 * 'self', nothing inline). Progressive enhancement over the server-rendered form, which works
 * without it: "+ Add" copies a blank row from its <template> instead of reloading; the condition
 * builder offers only the operators and values that fit the chosen signal; a row ticked for
 * removal is dimmed in place; leaving with unsaved changes asks first (beforeunload).
 * Field names follow criteria-form.ts and condition-form.ts.
 */
export const CRITERIA_EDITOR_JS = `
(function () {
  'use strict';
  var form = document.querySelector('form[data-criteria-editor]');
  if (!form) return;
  var catalogEl = document.getElementById('cq-condition-catalog');
  var catalog = catalogEl ? JSON.parse(catalogEl.getAttribute('data-catalog') || '{}') : {};
  var refs = catalogEl ? JSON.parse(catalogEl.getAttribute('data-refs') || '{}') : {};
  var signalList = catalogEl ? catalogEl.content.querySelector('[data-cb-signal-options]') : null;
  var dirty = false;
  var idOf = function (path) { return 'f-' + path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, ''); };
  var el = function (tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  };
  var hiddenLabel = function (forId, text) { return el('label', { 'for': forId, 'class': 'visually-hidden' }, text); };

  form.addEventListener('input', function () { dirty = true; });
  form.addEventListener('change', function () { dirty = true; });
  // On window, after console-script.ts's confirmation: a cancelled "Publish?" keeps the guard.
  window.addEventListener('submit', function (event) { if (event.target === form && !event.defaultPrevented) dirty = false; });
  window.addEventListener('beforeunload', function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  });

  function choicesFor(signal) {
    var spec = catalog[signal];
    if (!spec) return null;
    if (spec.kind === 'boolean') return [['true', 'yes'], ['false', 'no']];
    if (spec.kind === 'enum') return spec.values;
    if (spec.kind === 'ref') return refs[spec.of] || [];
    return null;
  }

  function valueControl(key, signal, op) {
    var id = idOf(key) + '-v';
    var box = document.createDocumentFragment();
    if (op === 'known' || op === 'unknown' || !signal) return box;
    if (op === 'between') {
      box.appendChild(hiddenLabel(id, 'From'));
      box.appendChild(el('input', { id: id, type: 'number', step: 'any', name: 'cv:' + key }));
      box.appendChild(el('span', { 'class': 'muted' }, ' and '));
      box.appendChild(hiddenLabel(id + 'b', 'To'));
      box.appendChild(el('input', { id: id + 'b', type: 'number', step: 'any', name: 'cvb:' + key }));
      return box;
    }
    var choices = choicesFor(signal);
    if (choices && (op === 'in' || op === 'notIn')) {
      var set = el('fieldset', { 'class': 'cb-choices' });
      set.appendChild(el('legend', { 'class': 'visually-hidden' }, 'Values'));
      choices.forEach(function (c, n) {
        var label = el('label', { 'class': 'check small', 'for': id + '-' + n });
        label.appendChild(el('input', { type: 'checkbox', id: id + '-' + n, name: 'cv:' + key, value: c[0] }));
        label.appendChild(document.createTextNode(' ' + c[1]));
        set.appendChild(label);
      });
      box.appendChild(set);
      return box;
    }
    box.appendChild(hiddenLabel(id, 'Value'));
    if (choices) {
      var select = el('select', { id: id, name: 'cv:' + key });
      choices.forEach(function (c) { select.appendChild(el('option', { value: c[0] }, c[1])); });
      box.appendChild(select);
      return box;
    }
    var numeric = catalog[signal] && catalog[signal].kind === 'number';
    box.appendChild(el('input', { id: id, type: numeric ? 'number' : 'text', step: 'any', name: 'cv:' + key }));
    return box;
  }

  function redrawOps(row) {
    var signal = row.querySelector('[data-cb-signal]').value;
    var opSelect = row.querySelector('[data-cb-op]');
    var spec = catalog[signal];
    if (!spec) return;
    var keep = opSelect.value;
    opSelect.innerHTML = '';
    spec.ops.forEach(function (o) { opSelect.appendChild(el('option', { value: o[0] }, o[1])); });
    if (spec.ops.some(function (o) { return o[0] === keep; })) opSelect.value = keep;
  }

  function redrawValue(row) {
    var key = row.getAttribute('data-key');
    var slot = row.querySelector('[data-cb-value]');
    slot.innerHTML = '';
    slot.appendChild(valueControl(key, row.querySelector('[data-cb-signal]').value, row.querySelector('[data-cb-op]').value));
  }

  /** Gives a "what to check" select that carries only its chosen signal the whole list, keeping the choice. */
  function fillSignals(select) {
    if (!signalList || select.options.length >= signalList.options.length) return;
    var chosen = select.value;
    while (select.firstChild) select.removeChild(select.firstChild);
    Array.prototype.forEach.call(signalList.children, function (child) { select.appendChild(child.cloneNode(true)); });
    select.value = chosen;
    if (select.selectedIndex >= 0) select.options[select.selectedIndex].defaultSelected = true;
  }
  Array.prototype.forEach.call(form.querySelectorAll('select[data-cb-signal]'), fillSignals);

  /** A new "signal · operator · value" row, built like condition-builder.view.ts renders one. */
  function newLeaf(key) {
    var source = document.querySelector('template[data-row-template="rules.fit"]');
    var template = source ? source.content : document;
    var row = el('div', { 'class': 'cb-row', 'data-cb-row': '', 'data-key': key });
    var signal = template.querySelector('[data-cb-signal]').cloneNode(true);
    signal.id = idOf(key) + '-s';
    signal.name = 'cs:' + key;
    fillSignals(signal);
    signal.value = '';
    row.appendChild(hiddenLabel(signal.id, 'What to check'));
    row.appendChild(signal);
    row.appendChild(hiddenLabel(idOf(key) + '-o', 'How to compare'));
    row.appendChild(el('select', { id: idOf(key) + '-o', name: 'co:' + key, 'data-cb-op': '' }));
    row.appendChild(el('span', { 'class': 'cb-value', 'data-cb-value': '' }));
    var remove = el('label', { 'class': 'check small cb-remove' });
    remove.appendChild(el('input', { type: 'checkbox', name: 'xc:' + key, value: '1', 'data-cb-remove': '' }));
    remove.appendChild(document.createTextNode(' Remove'));
    row.appendChild(remove);
    return row;
  }

  function nextIndex(container, prefix) {
    var max = -1;
    Array.prototype.forEach.call(container.children, function (child) {
      var key = child.getAttribute('data-key') || '';
      var n = Number(key.slice(prefix.length + 1).split('~')[0]);
      if (key.indexOf(prefix + '~') === 0 && n > max) max = n;
    });
    return max + 1;
  }

  function addCondition(builder, kind) {
    var path = builder.getAttribute('data-path');
    var rows = builder.querySelector('[data-cb-rows]');
    var key = path + '~' + nextIndex(rows, path);
    var added;
    if (kind === 'group') {
      added = el('div', { 'class': 'cb-group', 'data-cb-group': '', 'data-key': key });
      var mode = builder.querySelector('[data-cb-mode]').cloneNode(true);
      mode.id = idOf(key) + '-mode';
      mode.name = 'cg:' + key;
      mode.value = 'any';
      added.appendChild(hiddenLabel(mode.id, 'How the rows of this group combine'));
      added.appendChild(mode);
      var inner = el('div', { 'data-cb-rows': '' });
      inner.appendChild(newLeaf(key + '~0'));
      inner.appendChild(newLeaf(key + '~1'));
      added.appendChild(inner);
    } else {
      added = newLeaf(key);
    }
    rows.appendChild(added);
    added.querySelector('[data-cb-signal]').focus();
    dirty = true;
  }

  function addRow(list) {
    var template = document.querySelector('template[data-row-template="' + list + '"]');
    var container = document.querySelector('[data-rows="' + list + '"]');
    if (!template || !container) return false;
    var sentinel = template.getAttribute('data-sentinel');
    var max = -1;
    Array.prototype.forEach.call(container.querySelectorAll('[data-row-path]'), function (row) {
      var m = /\\[(\\d+)\\]$/.exec(row.getAttribute('data-row-path'));
      if (m && Number(m[1]) > max && row.parentNode === container) max = Number(m[1]);
    });
    var n = max + 1;
    var markup = template.innerHTML.split('[' + sentinel + ']').join('[' + n + ']').split('-' + sentinel + '-').join('-' + n + '-')
      .split(' ' + (Number(sentinel) + 1)).join(' ' + (n + 1));
    var holder = document.createElement('div');
    holder.innerHTML = markup;
    var row = holder.firstElementChild;
    container.appendChild(row);
    row.scrollIntoView({ block: 'center' });
    var first = row.querySelector('input:not([type=hidden]):not([type=checkbox]), select');
    if (first) first.focus({ preventScroll: true });
    dirty = true;
    return true;
  }

  form.addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (!button) return;
    if (button.hasAttribute('data-add-row') && addRow(button.getAttribute('data-add-row'))) event.preventDefault();
    if (button.hasAttribute('data-cb-add')) {
      event.preventDefault();
      addCondition(button.closest('[data-cb]'), button.getAttribute('data-cb-add'));
    }
    if (button.hasAttribute('data-select-team')) {
      Array.prototype.forEach.call(button.closest('[data-team]').querySelectorAll('input[type=checkbox]'), function (box) { box.checked = true; });
      dirty = true;
    }
  });

  form.addEventListener('change', function (event) {
    var target = event.target;
    var row = target.closest('[data-cb-row]');
    if (target.hasAttribute('data-cb-signal')) { redrawOps(row); redrawValue(row); }
    if (target.hasAttribute('data-cb-op')) redrawValue(row);
    if (target.hasAttribute('data-cb-remove')) target.closest('[data-cb-row], [data-cb-group]').classList.toggle('is-removed', target.checked);
    if (target.hasAttribute('data-remove-row')) target.closest('.row-item').classList.toggle('is-removed', target.checked);
  });

  Array.prototype.forEach.call(form.querySelectorAll('[data-select-team]'), function (b) { b.hidden = false; });
})();
`;
