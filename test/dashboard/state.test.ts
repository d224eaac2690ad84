/** How a page's URL becomes its state and the core's parameters, and the view cache's eviction. */
import { describe, expect, it } from 'vitest';
import { validateParams } from '../../src/core/params.ts';
import { STAGES } from '../../src/core/types.ts';
import { CONTROL_DEFAULTS, CONTROL_KEYS, pageOf, pageState, sharedKeys, type ControlName } from '../../src/server/dashboard/pages.ts';
import { rawParams } from '../../src/server/dashboard/service.ts';

describe('page state', () => {
  it('keeps the URL parameters in order, drops the signature and appends the defaults the URL does not name', () => {
    const state = pageState(pageOf('predict'), new URLSearchParams('quarter=Q2&genre=horror&exp=1&sig=abc'));
    expect(state.toString()).toBe('quarter=Q2&genre=horror&mediaType=movie&budgetLevel=5');
  });

  it('gives every page a state the core accepts as it is', () => {
    for (const stage of STAGES) {
      const raw = rawParams(pageState(pageOf(stage), new URLSearchParams()));
      expect(() => validateParams(stage, raw), stage).not.toThrow();
    }
  });

  it('defaults only keys its own controls write, and shares only the filters', () => {
    for (const [control, defaults] of Object.entries(CONTROL_DEFAULTS)) {
      for (const [key] of defaults) expect(CONTROL_KEYS[control as ControlName]).toContain(key);
    }
    expect(sharedKeys(pageOf('explore'))).toEqual(['mediaType', 'genres', 'yearFrom', 'yearTo', 'language']);
    expect(sharedKeys(pageOf('forecast'))).toEqual(['genres']);
    expect(sharedKeys(pageOf('predict'))).toEqual([]);
  });

  it('turns repeated keys into lists and leaves out empty values and the signature', () => {
    expect(rawParams(new URLSearchParams('genres=Drama&genres=Comedy&language=&exp=9&sig=x&yearFrom=2001'))).toEqual({
      genres: ['Drama', 'Comedy'],
      yearFrom: '2001',
    });
  });
});
