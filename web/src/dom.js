// Tiny DOM builder: h('tag.class', {attrs}, ...children). No innerHTML anywhere (CSP and escaping).
export function h(spec, attrs, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'testid') el.dataset.testid = v;
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A labelled figure list (dl) from [label, value, extra attrs] rows; rows with null values are left out.
export function figures(rows) {
  return h('dl.figures', null, rows.filter(r => r[1] !== null && r[1] !== undefined).map(([label, value, attrs]) =>
    h('div.figure', null, h('dt', null, label), h('dd', attrs || null, value))));
}
