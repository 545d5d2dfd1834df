// The suite's crash guard (test/crash-guard.mjs, loaded with --import by the test scripts): an
// unhandled rejection or an uncaught exception anywhere in a test process fails the run, loudly,
// even when something in the process would have swallowed it and exited 0.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'

const guard = fileURLToPath(new URL('../crash-guard.mjs', import.meta.url))

/** Runs `code` as an ES module in a fresh Node, with or without the guard. */
function run(code: string, withGuard: boolean) {
  const args = [...(withGuard ? ['--import', guard] : []), '--input-type=module', '-e', code]
  const { status, stderr } = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 20_000 })
  return { status, stderr }
}

// A process that swallows its errors and exits 0 anyway, as a test runner with a server inside may.
const swallowing = `process.on('uncaughtException', () => {}); process.on('unhandledRejection', () => {});`

describe('the crash guard', () => {
  it('fails a run that has an unhandled rejection, naming it, where the process would have exited 0', () => {
    const code = `${swallowing} Promise.reject(new Error('a promise nobody handled')); setTimeout(() => process.exit(0), 50)`
    assert.equal(run(code, false).status, 0, 'the process without the guard should exit 0 (else this test proves nothing)')
    const guarded = run(code, true)
    assert.equal(guarded.status, 1)
    assert.match(guarded.stderr, /\[crash-guard\] unhandled rejection .*the run fails/)
    assert.match(guarded.stderr, /a promise nobody handled/)
  })

  it('fails a run that has an uncaught exception, naming it', () => {
    const code = `${swallowing} setTimeout(() => { throw new Error('a socket error nobody listened to') }, 1); setTimeout(() => process.exit(0), 50)`
    assert.equal(run(code, false).status, 0)
    const guarded = run(code, true)
    assert.equal(guarded.status, 1)
    assert.match(guarded.stderr, /\[crash-guard\] uncaught exception .*the run fails/)
    assert.match(guarded.stderr, /a socket error nobody listened to/)
  })

  it('lets a clean run pass', () => {
    const clean = run(`await Promise.resolve(); console.error('fine')`, true)
    assert.equal(clean.status, 0, clean.stderr)
    assert.doesNotMatch(clean.stderr, /crash-guard/)
  })

  it('is loaded by every test script that runs a server', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
    for (const name of ['test:server', 'test:elements', 'test:e2e']) {
      assert.match(scripts[name]!, /--import \.\/test\/crash-guard\.mjs/, `npm run ${name} does not load the crash guard`)
    }
  })
})
