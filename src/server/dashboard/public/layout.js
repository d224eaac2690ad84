// What the page does for small screens and keyboards, whatever the stage: the stage tabs say when there are more
// of them to scroll to, Escape closes any open menu (the genre picker, a chart's "…" menu) and returns focus to
// it, and crossing the phone breakpoint redraws the charts in the form that fits.

import { PHONE_QUERY } from './charts.js';

/** Marks the tab strip's wrapper with the sides that have more tabs (`data-more="left right"`). */
function watchTabs() {
  const nav = document.querySelector('nav.stages');
  const wrap = nav?.parentElement;
  if (!nav || !wrap) return;
  const update = () => {
    const more = [];
    if (nav.scrollLeft > 2) more.push('left');
    if (nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 2) more.push('right');
    wrap.dataset.more = more.join(' ');
  };
  // The current tab in view first: on a phone it may be the fifth.
  nav.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'center' });
  nav.addEventListener('scroll', update, { passive: true });
  window.addEventListener('resize', update);
  update();
}

/** Escape closes the open menus and gives focus back to the one the person was in. */
function closeMenusOnEscape() {
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const details of document.querySelectorAll('details[open]')) {
      details.removeAttribute('open');
      if (details.contains(document.activeElement)) details.querySelector('summary')?.focus();
    }
  });
  // A click outside an open genre picker closes it too.
  document.addEventListener('click', (event) => {
    for (const details of document.querySelectorAll('details.dropdown[open]')) {
      if (!details.contains(/** @type {Node} */ (event.target))) details.removeAttribute('open');
    }
  });
}

/** Calls `redraw` when the screen crosses the phone breakpoint (a rotated phone, a resized window). @param {() => void} redraw */
export function onFormChange(redraw) {
  window.matchMedia(PHONE_QUERY).addEventListener('change', redraw);
}

watchTabs();
closeMenusOnEscape();
