import { loadConfig } from './src/config.ts';
import { loadModels } from './src/core/intelligence/index.ts';
import { openCatalog } from './src/data/open.ts';
import { ask } from './src/reply/answer.ts';
const G = ['drama', 'comedy', 'horror', 'thriller', 'sci-fi', 'action', 'romance', 'animation', 'crime', 'documentary'];
const Q = (i: number) => [`/explore movies ${G[i % 10]} years ${2000 + (i % 17)}-2024`, `/understand ${G[i % 10]} years ${1995 + (i % 20)}-2024`, `/identify ${i % 2 ? 'tv' : 'movies'} years ${2000 + (i % 15)}-2024`, `/predict ${G[i % 10]} movie budget ${(i % 10) + 1} Q${(i % 4) + 1}`, `/forecast ${G[i % 10]} ${G[(i + 3) % 10]}`, `/compare ${G[i % 10]} vs ${G[(i + 1) % 10]}`];
const config = loadConfig(process.env);
const catalog = await openCatalog(config, () => {});
const deps = { catalog, config, now: () => new Date(), models: () => loadModels(catalog, { dataDir: config.GREENLIGHT_DATA_DIR }), log: () => {} };
await deps.models();
for (const native of [0, 2]) {
  let pngs = 0; const cpu0 = process.cpuUsage(); let n = 0;
  for (let i = 100 + native; i < 110 + native; i++) for (const q of Q(i)) { const r = await ask(q, deps, { nativeCharts: native }); pngs += r.images.length; n++; }
  const c = process.cpuUsage(cpu0);
  console.log(`nativeCharts=${native}: ${n} answers, ${pngs} PNGs rendered (${(pngs / n).toFixed(2)}/answer), CPU ${((c.user + c.system) / 1000 / n).toFixed(0)} ms/answer`);
}
