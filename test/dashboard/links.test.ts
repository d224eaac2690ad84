import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { dashboardBaseUrl, dashboardLink, isExposed, stageOfPath, verifyDashboardLink } from '../../src/reply/links.ts';

const now = new Date('2026-01-01T12:00:00Z');
const secret = 'test-secret-please-change';
const base = 'https://greenlight.example.com';
const predict = { genre: 'Science Fiction', type: 'movie', budget: 7, quarter: 3 };

describe('dashboardLink', () => {
  it('puts the params in a canonical query: same params in any order give the same URL', () => {
    const a = dashboardLink('predict', predict, { baseUrl: base, now });
    const b = dashboardLink('predict', { quarter: 3, type: 'movie', budget: 7, genre: 'Science Fiction' }, { baseUrl: `${base}/`, now });
    expect(a).toBe('https://greenlight.example.com/dashboard/predict?budget=7&genre=Science%20Fiction&quarter=3&type=movie');
    expect(b).toBe(a);
  });

  it('writes arrays as repeated keys in their order, nested objects as dotted keys, and drops empty values', () => {
    const url = dashboardLink('explore', { genres: ['Drama', 'Comedy'], years: { from: 2010, to: 2020 }, language: '', type: null }, { baseUrl: base, now });
    expect(new URL(url).search).toBe('?genres=Drama&genres=Comedy&years.from=2010&years.to=2020');
  });

  it('signs with an expiry when a secret is set, and the signature depends on the secret', () => {
    const url = dashboardLink('predict', predict, { baseUrl: base, secret, now, ttlSeconds: 60 });
    const parsed = new URL(url);
    expect(parsed.searchParams.get('exp')).toBe(String(now.getTime() / 1000 + 60));
    expect(parsed.searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = dashboardLink('predict', predict, { baseUrl: base, secret: 'another', now, ttlSeconds: 60 });
    expect(new URL(other).searchParams.get('sig')).not.toBe(parsed.searchParams.get('sig'));
  });
});

describe('verifyDashboardLink', () => {
  const signed = dashboardLink('compare', { a: 'Crouching Tiger, Hidden Dragon', b: 'Oppenheimer' }, { baseUrl: base, secret, now, ttlSeconds: 3600 });

  it('accepts a good link, as a page, as an API path, and after a browser re-encodes it', () => {
    expect(verifyDashboardLink(signed, secret, now)).toBe('ok');
    const u = new URL(signed);
    expect(verifyDashboardLink(`/api/stage/compare${u.search}`, secret, now)).toBe('ok');
    expect(verifyDashboardLink(signed.replace(/%20/g, '+'), secret, now)).toBe('ok');
  });

  it('reports a link past its expiry as expired', () => {
    expect(verifyDashboardLink(signed, secret, new Date(now.getTime() + 3601_000))).toBe('expired');
  });

  it('reports tampering as forged: another parameter, another stage, a pushed expiry, another secret', () => {
    expect(verifyDashboardLink(signed.replace('Oppenheimer', 'Barbie'), secret, now)).toBe('forged');
    expect(verifyDashboardLink(signed.replace('/dashboard/compare', '/dashboard/explore'), secret, now)).toBe('forged');
    const u = new URL(signed);
    u.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 86_400));
    expect(verifyDashboardLink(u, secret, now)).toBe('forged');
    expect(verifyDashboardLink(signed, 'not-the-secret', now)).toBe('forged');
    expect(verifyDashboardLink(`${signed}&extra=1`, secret, now)).toBe('forged');
  });

  it('reports a link without sig or exp as missing', () => {
    expect(verifyDashboardLink(`${base}/dashboard/compare?a=Drama&b=Comedy`, secret, now)).toBe('missing');
    expect(verifyDashboardLink(signed.replace(/&sig=[^&]+/, ''), secret, now)).toBe('missing');
  });
});

describe('exposure and base URL', () => {
  it('treats a non-loopback host or a public URL as exposed', () => {
    expect(isExposed(loadConfig({}))).toBe(false);
    expect(isExposed(loadConfig({ GREENLIGHT_HOST: '0.0.0.0' }))).toBe(true);
    expect(isExposed(loadConfig({ GREENLIGHT_PUBLIC_URL: 'https://g.example.com' }))).toBe(true);
    expect(dashboardBaseUrl(loadConfig({ GREENLIGHT_PORT: '8080' }))).toBe('http://127.0.0.1:8080');
    expect(dashboardBaseUrl(loadConfig({ GREENLIGHT_PUBLIC_URL: 'https://g.example.com/app/' }))).toBe('https://g.example.com/app');
  });

  it('finds the stage in page and API paths only', () => {
    expect(stageOfPath('/dashboard/forecast')).toBe('forecast');
    expect(stageOfPath('/app/api/stage/identify')).toBe('identify');
    expect(stageOfPath('/dashboard/unknown')).toBeNull();
  });
});
