// The page's controls are one <form>: every field's `name` is its URL query key, so the URL and the form are
// converted into each other generically (FormData ↔ URLSearchParams). Fieldsets that do not apply (e.g. the
// title pickers while comparing genres) are `disabled`, which also keeps them out of the query.

import { el } from './charts.js';

/** The query the form describes: empty values left out, keys in form order. @param {HTMLFormElement} form */
export function formToQuery(form) {
  const query = new window.URLSearchParams();
  for (const [key, value] of new window.FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '') query.append(key, value.trim());
  }
  return query;
}

/** @param {HTMLFormElement} form @returns {HTMLInputElement[]} */
function fields(form) {
  return /** @type {HTMLInputElement[]} */ ([...form.elements].filter((e) => 'name' in e && e.name));
}

/**
 * Sets every field from the query; fields the query does not name go back to the page's `defaults` (the server
 * writes the page's form in the state it was opened in, so the HTML's own defaults are that state, not these).
 * Choices first, so the mode switches know which fieldsets apply; text fields of a fieldset that does not apply
 * are emptied, so the genre pickers' values never land in the title pickers.
 * @param {HTMLFormElement} form @param {URLSearchParams} query @param {URLSearchParams} defaults
 */
export function queryToForm(form, query, defaults) {
  const given = (/** @type {string} */ name) => (query.has(name) ? query.getAll(name) : defaults.getAll(name));
  const choices = fields(form).filter((f) => f.type === 'checkbox' || f.type === 'radio');
  for (const field of choices) field.checked = given(field.name).includes(field.value);
  refresh(form);
  for (const field of fields(form).filter((f) => !choices.includes(f))) {
    const disabled = field.matches(':disabled');
    if (field.tagName === 'SELECT') {
      const select = /** @type {HTMLSelectElement} */ (/** @type {unknown} */ (field));
      const wanted = (disabled ? defaults.getAll(field.name) : given(field.name))[0];
      const options = [...select.options];
      select.value = (options.find((o) => o.value === wanted) ?? options[0])?.value ?? '';
    } else {
      field.value = disabled ? '' : (given(field.name)[0] ?? '');
    }
  }
  refresh(form);
}

/** True while a picker that must be filled (a title search field in use) is empty: nothing to ask yet. */
export function incomplete(/** @type {HTMLFormElement} */ form) {
  return [...form.querySelectorAll('input[data-suggest]')].some((i) => !i.matches(':disabled') && /** @type {HTMLInputElement} */ (i).value.trim() === '');
}

/** Derived display: dropdown summaries, range outputs, which fieldset of a mode switch is active. */
export function refresh(/** @type {HTMLFormElement} */ form) {
  for (const details of form.querySelectorAll('details.dropdown')) {
    const checked = [...details.querySelectorAll('input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
    const summary = /** @type {HTMLElement} */ (details.querySelector('summary'));
    summary.textContent = checked.length ? checked.join(', ') : (summary.dataset.empty ?? 'All');
  }
  for (const output of form.querySelectorAll('output[for]')) {
    const input = /** @type {HTMLInputElement | null} */ (form.querySelector(`#${output.getAttribute('for')}`));
    if (input) output.textContent = input.value;
  }
  for (const fieldset of form.querySelectorAll('fieldset[data-mode]')) {
    const [name, value] = /** @type {string} */ (fieldset.getAttribute('data-mode')).split('=');
    const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="${name}"]:checked`));
    /** @type {HTMLFieldSetElement} */ (fieldset).disabled = chosen?.value !== value;
  }
}

/**
 * Search-as-you-type for title fields (`input[data-suggest]`): asks `/api/titles?q=` as the person types and
 * offers the matches in a list (arrow keys + Enter, or a click).
 * @param {HTMLFormElement} form @param {string} endpoint @param {(input: HTMLInputElement) => void} onPick
 */
export function attachTitleSearch(form, endpoint, onPick) {
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[data-suggest]'))) {
    const list = el('ul', { role: 'listbox', id: `${input.id}-options` });
    input.setAttribute('aria-controls', list.id);
    input.after(list);
    let timer = 0;
    let active = -1;
    let asked = 0;
    const close = () => {
      list.replaceChildren();
      active = -1;
      input.setAttribute('aria-expanded', 'false');
    };
    const pick = (/** @type {string} */ value) => {
      input.value = value;
      close();
      onPick(input);
    };
    const highlight = (/** @type {number} */ index) => {
      const items = [...list.children];
      active = (index + items.length) % items.length;
      items.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    };
    input.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(async () => {
        const q = input.value.trim();
        if (q.length < 2) return close();
        const ask = ++asked;
        const response = await fetch(`${endpoint}?${new window.URLSearchParams({ q })}`, { credentials: 'same-origin' });
        if (!response.ok || ask !== asked) return;
        /** @type {{ titles: { label: string, value: string, year: number | null, mediaType: string }[] }} */
        const body = await response.json();
        list.replaceChildren(
          ...body.titles.map((t) => {
            const li = el('li', { role: 'option', 'data-value': t.value }, [
              t.label,
              el('small', {}, [`${t.mediaType === 'tv' ? 'TV' : 'Movie'}${t.year ? ` · ${t.year}` : ''}`]),
            ]);
            li.addEventListener('mousedown', (event) => {
              event.preventDefault();
              pick(t.value);
            });
            return li;
          }),
        );
        active = -1;
        input.setAttribute('aria-expanded', String(body.titles.length > 0));
      }, 120);
    });
    input.addEventListener('keydown', (event) => {
      const items = [...list.children];
      if (event.key === 'ArrowDown' && items.length) {
        event.preventDefault();
        highlight(active + 1);
      } else if (event.key === 'ArrowUp' && items.length) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === 'Escape') close();
      else if (event.key === 'Enter') {
        event.preventDefault();
        const chosen = items[active];
        if (chosen) pick(/** @type {string} */ (chosen.getAttribute('data-value')));
        else {
          close();
          onPick(input);
        }
      }
    });
    input.addEventListener('blur', () => window.setTimeout(close, 100));
  }
}
