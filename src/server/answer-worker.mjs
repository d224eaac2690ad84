// Worker-thread entry of the answer pool: the sources are TypeScript, run through tsx like bin/greenlight.js.
import { register } from 'tsx/esm/api';

register();
await import('./answer-worker.ts');
