// Small DOM helpers every view shares: element building (text only, never HTML strings, so nothing the server
// answers is ever parsed as markup), labelled form fields, the polite status line, confirmations and copy buttons.

let nextId = 0;

/** An element with attributes (on* keys become listeners, `dataset` an object) and children (strings are text). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'className') {
      node.className = value;
    } else if (key in node && typeof value !== 'string') {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A fresh element id, for label/control pairs. */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A <label> and its control, wrapped for layout; returns {wrap, input}. */
export function field(labelText, control, hint) {
  control.id = control.id || uid('f');
  const wrap = el('div', { className: 'field' }, el('label', { for: control.id }, labelText), control);
  if (hint) {
    const hintId = uid('hint');
    control.setAttribute('aria-describedby', hintId);
    wrap.append(el('small', { id: hintId, className: 'hint' }, hint));
  }
  return { wrap, input: control };
}

/** Says `message` in the page's live status line (screen readers hear it). */
export function announce(message, kind) {
  const status = document.getElementById('status');
  status.className = `status ${kind || ''}`;
  status.textContent = message;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => {
    status.textContent = '';
    status.className = 'status';
  }, kind === 'error' ? 12000 : 5000);
}

/**
 * Shows an error in a view's own error line (role=alert) and, unless `quiet` (a poll that keeps failing would say it
 * again every time), in the status line.
 */
export function showError(node, error, quiet) {
  const message = error && error.message ? error.message : String(error);
  if (node) {
    node.textContent = message;
  }
  if (!quiet) {
    announce(message, 'error');
  }
}

/** Asks before a destructive action; resolves true when confirmed. */
export function confirmAction(question, okLabel) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = question;
  document.getElementById('confirm-ok').textContent = okLabel || 'Delete';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

/** A button that copies `text()` to the clipboard and says so. */
export function copyButton(text, what) {
  return el('button', { type: 'button', className: 'secondary small copy', 'aria-label': `Copy ${what}`,
    onclick: async (event) => {
      const button = event.currentTarget;
      try {
        await navigator.clipboard.writeText(text());
        announce(`Copied ${what}`);
      } catch (blocked) {
        selectText(button.previousElementSibling);
        announce('Select the text and copy it (the clipboard is not available here)');
      }
    } }, 'Copy');
}

function selectText(node) {
  if (node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
}

/** A labelled block of preformatted text with a Copy button. */
export function snippet(title, text) {
  const id = uid('snip');
  return el('div', { className: 'snippet' },
    el('div', { className: 'snippet-head' }, el('span', { id }, title)),
    el('pre', { 'aria-labelledby': id, tabindex: '0' }, el('code', {}, text)),
    copyButton(() => text, title));
}

/** A button that disables itself while `work()` runs, showing errors in `errorNode`. */
export function busy(button, work, errorNode) {
  return async (event) => {
    if (event) {
      event.preventDefault();
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    if (errorNode) {
      errorNode.textContent = '';
    }
    try {
      await work();
    } catch (error) {
      showError(errorNode, error);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  };
}
