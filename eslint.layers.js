// The layers, lowest first: a file may import from its own floor's folder and from floors below, never from one
// above. `src/config.ts` is shared by every floor and imports none. docs/CONTRACTS.md explains each floor.
// Folders on one floor may not import each other either (charts and intents; reply and state).
export const FLOORS = [
  { models: ['models/**'] },
  { data: ['src/data/**'] },
  { core: ['src/core/**'] },
  { charts: ['charts/**'], intents: ['intents/**'] },
  { reply: ['src/reply/**'], state: ['src/state/**'] },
  { adapters: ['src/adapters/**'] },
  { digests: ['src/digests/**'] },
  { server: ['src/server/**'] },
  { cli: ['src/cli/**'] },
];

const names = (floors) => floors.flatMap((floor) => Object.keys(floor));

/** One `no-restricted-imports` block per folder: imports of any folder above it, or beside it, are errors. */
export function layerRules() {
  const blocks = [
    {
      files: ['src/config.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [{ regex: `(^|/)(${names(FLOORS).join('|')})/`, message: 'src/config.ts is read by every floor and imports none of them.' }] },
        ],
      },
    },
  ];
  FLOORS.forEach((floor, level) => {
    const above = names(FLOORS.slice(level + 1));
    for (const [folder, files] of Object.entries(floor)) {
      const beside = Object.keys(floor).filter((name) => name !== folder);
      const forbidden = [...beside, ...above];
      if (forbidden.length === 0) continue;
      const below = names(FLOORS.slice(0, level));
      blocks.push({
        files,
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                {
                  regex: `(^|/)(${forbidden.join('|')})/`,
                  message: `${folder} is a lower floor: it may import ${below.length ? below.join(', ') : 'no other floor'} (and src/config.ts), not ${forbidden.join(', ')}. Move the shared piece down, or pass it in from above (docs/CONTRACTS.md, "Floors").`,
                },
              ],
            },
          ],
        },
      });
    }
  });
  return blocks;
}
