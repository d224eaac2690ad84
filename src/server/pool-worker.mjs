// Worker-thread entry of the pool (piscina loads this file): the sources are TypeScript, run through tsx like
// bin/greenlight.js. piscina awaits the exported promise before it hands the worker a task.
import { register } from 'tsx/esm/api';

register();
const { handler } = await import('./pool-worker.ts');
export default handler;
