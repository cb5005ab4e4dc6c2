// A test worker whose vitest is gone (killed, or the terminal closed) exits too, rather than
// waiting on a test that will never be reported: the servers it owns (e2e/support/owned-process.ts)
// then end with it.
if (process.connected) process.once('disconnect', () => process.exit(1));
