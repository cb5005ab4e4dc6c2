// `npm run a2e:check`: checks a live A2E account against the catalogue (DESIGN.md, "Contract
// check against the real A2E"). Run on the Node the project pins (type stripping): see run.ts
// for what it does, and `npm run a2e:check -- --help`.
import { registerTsResolution } from './resolve-ts.ts';
import { redactor } from './redact.ts';

const redact = redactor(process.env.A2E_API_KEY);
const io = {
  out: (line: string) => process.stdout.write(`${redact(line)}\n`),
  err: (line: string) => process.stderr.write(`${redact(line)}\n`),
};
// Whatever goes wrong, say it in one line without a stack (a stack or an error may quote a request).
const fail = (err: unknown) => {
  io.err(`a2e:check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

registerTsResolution();
const { runCheck } = await import('./run.ts');
process.exitCode = await runCheck(process.argv.slice(2), process.env, io).catch((err: unknown) => {
  fail(err);
  return 2;
});
