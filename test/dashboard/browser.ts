/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), for the browser test and
 * `npm run bench:dashboard`. A missing Chromium is an error that says how to install it, not a skip.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.GREENLIGHT_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Headless Chromium 156 still builds a browser window's omnibox popups (WebUI pages in a renderer of their own)
  // for every new context, ~1.2 s of CPU each time, though no omnibox is ever shown. A person's browser has its
  // window up already when a link from chat opens a tab; on this 2-core machine the harness would otherwise take
  // that CPU from the server it is measuring.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the dashboard's browser tests need Debian's chromium. ` +
        'Run `scripts/setup.sh --test` (as root), or `apt-get install -y chromium`.',
    );
  }
}

/** A browser whose contexts start empty (`browser.newContext()`): every page a first visit. */
export async function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A browser with a profile on disk (`userDataDir`), like a person's: what it has fetched and compiled on one visit
 * (HTTP cache, compiled-script cache) is there for the next tab.
 */
export async function launchChromiumProfile(userDataDir: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  assertChromium();
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport });
}

/**
 * A screenshot for people to look at (not an assertion). Chromium now and then refuses one capture with "Unable to
 * capture screenshot" and takes the same picture when asked again a moment later (a known transient, seen here
 * once in many runs): asked once more after 250 ms, on that error only.
 */
export async function screenshot(page: Page, options: Parameters<Page['screenshot']>[0]): Promise<void> {
  try {
    await page.screenshot(options);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('Unable to capture screenshot')) throw error;
    await new Promise((resolve) => setTimeout(resolve, 250));
    await page.screenshot(options);
  }
}

/** Waits until the page has drawn its view (`body[data-state]` is `ready` or `error`) and returns the state. */
export async function settled(page: Page, renders = 1, timeout = 60_000): Promise<string> {
  await page.waitForFunction(
    (n) => {
      const state = document.body.dataset.state;
      return state === 'error' || (state === 'ready' && Number(document.body.dataset.renders ?? '0') >= n);
    },
    renders,
    { timeout },
  );
  return page.evaluate(() => document.body.dataset.state ?? '');
}

export interface ChartState {
  id: string;
  state: string;
  marks: number;
  /** An <svg> or <canvas> was drawn. */
  drawn: boolean;
  /** Text of any error shown in the card. */
  error: string;
  /** A fingerprint of what was drawn (SVG markup or canvas pixels), to see charts change. */
  fingerprint: string;
}

/** What each chart card on the page shows. */
export function chartStates(page: Page): Promise<ChartState[]> {
  return page.$$eval('.chart-card', (cards) =>
    cards.map((card) => {
      const el = card as HTMLElement;
      const svg = el.querySelector('.vis svg.marks');
      const canvas = el.querySelector('.vis canvas');
      const drawn = svg ?? canvas;
      return {
        id: el.dataset.chart ?? '',
        state: el.dataset.state ?? '',
        marks: Number(el.dataset.marks ?? '0'),
        drawn: drawn !== null,
        error: el.querySelector('.chart-error')?.textContent ?? '',
        fingerprint: svg ? svg.outerHTML : canvas instanceof HTMLCanvasElement ? canvas.toDataURL() : '',
      };
    }),
  );
}
