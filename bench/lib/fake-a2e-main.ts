// The fake A2E (fake-a2e.ts) as a process of its own: prints its URL, serves until stopped.
import { startFakeA2e } from './fake-a2e.ts';

const a2e = await startFakeA2e();
console.log(a2e.url);
process.once('SIGTERM', () => void a2e.close().then(() => process.exit(0)));
