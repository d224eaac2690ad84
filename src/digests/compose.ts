/**
 * What a subscription posts, as one channel-neutral `Reply`: the digest (its sections from the forecast,
 * understand and identify stages, each with drill-in buttons and charts) or, for an alert, the evidence when its
 * condition fired (null when it did not). Stage results are shared by every subscription composing in the same
 * few minutes (the catalog and models do not change faster than that).
 */
import type { ChartSpec } from '../../charts/index.ts';
import type { ModelPort } from '../core/model-port.ts';
import {
  modelsForStage,
  validateAndRunStage,
  type ChartId,
  type ForecastResult,
  type IdentifyResult,
  type StageResults,
  type UnderstandResult,
} from '../core/stages/index.ts';
import type { StageName } from '../core/types.ts';
import { dashboardLinkFor } from '../reply/links.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { TMDB_ATTRIBUTION, type Reply, type ReplyAction, type ReplyImage } from '../reply/reply.ts';
import { describeCondition, evaluateForecastBand, evaluateVelocityAnomaly, evaluateZoneChange, type AlertEvaluation, type AlertMemory } from './alerts.ts';
import type { DrawPicturesFn } from '../reply/images.ts';
import type { DigestComposer } from './dispatcher.ts';
import { biggestMovers, changeLine, greenZones, newAnomalies, risingStars, type Measure, type SectionText } from './sections.ts';
import type { DigestState } from './state.ts';
import type { AlertCondition, DigestSection, Subscription } from './types.ts';

const STAGE_OF = {
  rising: 'forecast',
  movers: 'forecast',
  anomalies: 'understand',
  green: 'identify',
} as const satisfies Record<DigestSection, 'forecast' | 'understand' | 'identify'>;

const CACHE_MS = 5 * 60_000;

/** The chart that shows each section. */
const CHART_FOR: { [K in DigestSection]: ChartId<(typeof STAGE_OF)[K]> } = {
  rising: 'forecast.rising-stars',
  movers: 'forecast.genre-forecasts',
  anomalies: 'understand.anomalies',
  green: 'identify.saturation',
};

export interface ComposerOptions {
  /** Render the stages' chat charts (off for quick previews and tests that only count messages). */
  charts?: boolean;
  /**
   * Where the stages run and the pictures are drawn, looked up at each digest: `serve` hands over its worker pool
   * once the server is up (the scheduler starts before it), so the main thread — which acknowledges chat requests
   * within Slack's 3 s — neither computes the stages (≈ 0.25 s for the three on a first digest, ≈ 0.07 s later)
   * nor loads the drawing libraries. Default, or when it gives nothing: in this thread.
   */
  workers?: () => DigestWorkers | undefined;
}

/** The stages a digest's sections come from. */
export type DigestStage = (typeof STAGE_OF)[DigestSection];

/** A stage's result on its default parameters, as of `now`: what a digest's sections read. */
export type DefaultStageFn = <S extends DigestStage>(stage: S, now: Date) => Promise<StageResults[S]>;

/** Threads that do a digest's CPU work (serve's worker pool). */
export interface DigestWorkers {
  stage: DefaultStageFn;
  pictures: DrawPicturesFn;
}

interface DigestMemory {
  seenAnomalies?: string[];
  /** The last digest's figures and its data date, for the ▲/▼ line of the next. */
  measures?: Measure[];
  measuredAsOf?: string;
}

/** The sections whose chart shows an alert's evidence. */
function alertSections(c: AlertCondition): DigestSection[] {
  return c.kind === 'zone-change' ? ['green'] : c.kind === 'forecast-band' ? ['movers'] : ['rising', 'anomalies'];
}

export function createDigestComposer(deps: AnswerDeps, state: DigestState, options: ComposerOptions = {}): DigestComposer {
  const cache = new Map<DigestStage, { at: number; result: Promise<StageResults[DigestStage]> }>();
  let models: Promise<ModelPort | undefined> | undefined;
  const log = deps.log ?? (() => undefined);

  const loadModels = () =>
    (models ??= deps.models().catch((error: unknown) => {
      log('digest: composing without models', error);
      return undefined;
    }));

  async function stage<S extends DigestStage>(name: S): Promise<StageResults[S]> {
    const now = deps.now().getTime();
    const hit = cache.get(name);
    if (hit && now - hit.at < CACHE_MS) return hit.result as Promise<StageResults[S]>;
    const inPool = options.workers?.();
    const result = inPool
      ? inPool.stage(name, deps.now())
      : (async () => validateAndRunStage(name, {}, { catalog: deps.catalog, models: await modelsForStage(name, loadModels), now: deps.now() }))();
    cache.set(name, { at: now, result });
    result.catch(() => cache.delete(name));
    return result;
  }

  /** Each stage's result, or the reason it could not run (a section then says so instead of failing the digest). */
  async function tryStage<S extends DigestStage>(name: S): Promise<StageResults[S] | Error> {
    try {
      return await stage(name);
    } catch (error) {
      log(`digest: the ${name} stage failed`, error);
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /** One chart per section: the one that shows it (rising stars, the forecasts, anomalies, saturation zones). */
  async function images(results: StageResults[DigestStage][], sections: readonly DigestSection[]): Promise<ReplyImage[]> {
    if (!options.charts) return [];
    // Heavy: loaded only when drawing.
    const { chartsFor } = await import('../../charts/index.ts');
    const chosen = new Map<string, ChartSpec>();
    for (const section of sections) {
      const result = results.find((r) => r.stage === STAGE_OF[section]);
      if (!result) continue;
      const spec = chartsFor(result, { surface: 'dashboard' }).find((c) => c.id === CHART_FOR[section]);
      if (spec) chosen.set(spec.id, spec);
    }
    const specs = [...chosen.values()];
    const inPool = options.workers?.();
    if (inPool) return inPool.pictures(specs);
    const { renderImages } = await import('../reply/images.ts');
    return (await renderImages(specs, (message, error) => log(`digest: ${message}`, error))).images;
  }

  function link(stageName: StageName, label: string): ReplyAction {
    return { kind: 'link', label, url: dashboardLinkFor(stageName, {}, deps.config, deps.now()) };
  }

  async function digest(sub: Subscription, sections: DigestSection[]): Promise<Reply> {
    const wanted = [...new Set(sections.map((s) => STAGE_OF[s]))];
    const results = new Map<DigestStage, StageResults[DigestStage] | Error>();
    await Promise.all(wanted.map(async (s) => results.set(s, await tryStage(s))));
    const ok = <S extends DigestStage>(s: S) => {
      const r = results.get(s);
      return r && !(r instanceof Error) ? (r as StageResults[S]) : null;
    };
    const memory = (await state.getAlertMemory<DigestMemory>(sub.id)) ?? {};
    const texts: SectionText[] = [];
    const unavailable: string[] = [];
    let seen: string[] | undefined;
    for (const section of sections) {
      const r = results.get(STAGE_OF[section]);
      if (!r || r instanceof Error) {
        unavailable.push(`${section}: ${r?.message ?? 'not run'}`);
        continue;
      }
      if (section === 'rising') texts.push(risingStars(ok('forecast') as ForecastResult));
      if (section === 'movers') texts.push(biggestMovers(ok('forecast') as ForecastResult));
      if (section === 'green') texts.push(greenZones(ok('identify') as IdentifyResult));
      if (section === 'anomalies') {
        const a = newAnomalies(ok('understand') as UnderstandResult, new Set(memory.seenAnomalies ?? []));
        seen = a.keys;
        texts.push(a);
      }
    }
    if (texts.length === 0) throw new Error(`no digest section could be composed (${unavailable.join('; ')})`);
    const done = [...results.values()].filter((r): r is StageResults[DigestStage] => !(r instanceof Error));
    const asOf = done[0]?.asOf ?? deps.catalog.meta.asOf;
    const measures = texts.flatMap((t) => (t.measure ? [t.measure] : []));
    const changed = changeLine(
      measures,
      memory.measures,
      memory.measuredAsOf === asOf ? undefined : memory.measuredAsOf && `data as of ${memory.measuredAsOf}`,
    );
    await state.putAlertMemory<DigestMemory>(sub.id, {
      ...memory,
      ...(seen ? { seenAnomalies: [...new Set([...(memory.seenAnomalies ?? []), ...seen])].slice(-500) } : {}),
      measures,
      measuredAsOf: asOf,
    });
    // One drill-in button per stage, naming the sections it explains.
    const drill = [...new Set(texts.map((t) => t.command))].map((command) => ({
      command,
      label: texts
        .filter((t) => t.command === command)
        .map((t) => t.heading.toLowerCase())
        .join(' & '),
    }));
    return {
      kind: 'answer',
      title: `Greenlight digest: what moved`,
      // It leads with what changed since the last one.
      decision: changed,
      text: `Your ${sub.schedule.label} digest, data as of ${asOf}.`,
      bullets: texts.map((t) => t.bullet),
      images: await images(done, sections),
      facts: texts.map((t) => t.fact),
      actions: [
        ...drill.map((d): ReplyAction => ({ kind: 'command', label: `More: ${d.label}`, command: d.command })),
        link(wanted[0] ?? 'forecast', 'Open dashboard'),
        { kind: 'command', label: 'Stop this digest', command: `/digest stop ${sub.id}`, style: 'danger' },
      ],
      dashboardUrl: dashboardLinkFor(wanted[0] ?? 'forecast', {}, deps.config, deps.now()),
      footnotes: [
        ...unavailable.map((u) => `Section unavailable: ${u}.`),
        `Data as of ${asOf} (${deps.catalog.meta.counts.total.toLocaleString('en-US')} TMDB titles). Subscription ${sub.id}: ${sub.schedule.label}.`,
        TMDB_ATTRIBUTION,
      ],
    };
  }

  async function evaluate(condition: AlertCondition, memory: AlertMemory): Promise<{ evaluation: AlertEvaluation; results: StageResults[DigestStage][] }> {
    switch (condition.kind) {
      case 'forecast-band': {
        const f = await stage('forecast');
        return { evaluation: evaluateForecastBand(condition.genre, f, memory), results: [f] };
      }
      case 'zone-change': {
        const r = await stage('identify');
        return { evaluation: evaluateZoneChange(condition.genre, r, memory), results: [r] };
      }
      case 'velocity-anomaly': {
        const f = await tryStage('forecast');
        const u = await tryStage('understand');
        const fr = f instanceof Error ? null : f;
        const ur = u instanceof Error ? null : u;
        if (!fr && !ur) throw new Error(`neither forecast nor understand could run for the alert on ${condition.title}`);
        return { evaluation: evaluateVelocityAnomaly(condition.title, fr, ur, memory), results: [fr, ur].filter((x) => x !== null) };
      }
    }
  }

  async function alert(sub: Subscription, condition: AlertCondition): Promise<Reply | null> {
    const memory = (await state.getAlertMemory<AlertMemory>(sub.id)) ?? {};
    const { evaluation, results } = await evaluate(condition, memory);
    await state.putAlertMemory(sub.id, evaluation.memory);
    if (!evaluation.fired) return null;
    const stageName = results[0]?.stage ?? 'forecast';
    return {
      kind: 'answer',
      stage: stageName,
      title: `Alert: ${describeCondition(condition)}`,
      text: `The condition you watch (${describeCondition(condition)}) fired.`,
      bullets: evaluation.evidence,
      images: await images(results.slice(0, 1), alertSections(condition)),
      actions: [
        { kind: 'command', label: 'Why?', command: evaluation.command },
        link(stageName, 'Open dashboard'),
        { kind: 'command', label: 'Stop this alert', command: `/digest stop ${sub.id}`, style: 'danger' },
      ],
      dashboardUrl: dashboardLinkFor(stageName, {}, deps.config, deps.now()),
      footnotes: [`Data as of ${results[0]?.asOf ?? deps.catalog.meta.asOf}. Alert ${sub.id}: checked ${sub.schedule.label}.`, TMDB_ATTRIBUTION],
    };
  }

  return {
    compose: (sub) => (sub.content.kind === 'digest' ? digest(sub, sub.content.sections) : alert(sub, sub.content.condition)),
  };
}
