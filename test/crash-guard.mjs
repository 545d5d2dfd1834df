// Loaded with `--import` by the test scripts: the run fails, loudly, if the process ever has an
// unhandled rejection or an uncaught exception, even one the test runner would only mention
// (asynchronous activity after a test ended) or that a test server inside a runner would die of
// without a word. The process keeps running, so that the other tests still report.
const seen = []

function fail(kind, error) {
  seen.push(error)
  process.exitCode = 1
  const where = process.argv[1] ?? 'the test process'
  process.stderr.write(`\n[crash-guard] ${kind} in ${where}: the run fails\n${error instanceof Error ? error.stack : String(error)}\n\n`)
}

process.on('unhandledRejection', (reason) => fail('unhandled rejection', reason))
process.on('uncaughtException', (error) => fail('uncaught exception', error))
// A runner may end with process.exit(0) of its own: the exit code is set again on the way out.
process.on('exit', () => {
  if (seen.length) process.exitCode = 1
})

/** What the guard caught, for a test that wants to assert there was nothing. */
globalThis[Symbol.for('g-kit.crashes')] = seen
