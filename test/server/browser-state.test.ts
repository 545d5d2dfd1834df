// Browser state: sealing and opening tokens, rotation of secrets, bad tokens, the size limit,
// plain values, and where the secret comes from — directly and through real sockets.
import { after, afterEach, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type App, type AppOptions, type FnContext } from 'g-kit/server'
import type { BrowserStateSpec } from '../../server/protocol.js'
import { createSealer, type Sealer, type TokenBinding } from '../../server/browser/seal.js'
import { resolveSecrets } from '../../server/browser/secrets.js'
import { captureLog, closeAll, connect, graph, on, type Client, type EventResult } from './_ws.js'

const SECRET_A = 'secret A for the tests, 0123456789'
const SECRET_B = 'secret B for the tests, 9876543210'
const SECRET_C = 'secret C for the tests, abcdefghij'
const KEY = 'g-kit ws://pages.example/g/ws bs'
/** What the tokens of `bs` are bound to, for an app served at the root (its socket at `/g/ws`). */
const BS = { app: '/', name: 'bs', key: KEY }
const DEFAULT = 'the default'

/** What `sealer` opens of `token`, without the time it was sealed. */
async function opened(sealer: Sealer, token: string, binding: TokenBinding) {
  const found = await sealer.open(token, binding)
  return found && { value: found.value, stale: found.stale }
}

/** Every kind of JSON value, the falsy ones first. */
const VALUES: unknown[] = [
  0,
  '',
  false,
  null,
  {},
  [],
  'text',
  42,
  -1.5,
  true,
  [0, '', false, null, {}, []],
  { a: [1, { b: null }], c: '', d: false, e: 0 },
  'ünïcødé ✓ "quoted" \\ </script>\n',
]

const show = (value: unknown) => JSON.stringify(value)

// --- apps and pages ---

const apps: App[] = []
let shared: Awaited<ReturnType<typeof start>> | undefined

/** The app most tests share (secret A), started at first use and closed after the file. */
async function sharedApp() {
  if (!shared) {
    shared = await start({ secret: SECRET_A })
    apps.pop()
  }
  shared.logged.calls.length = 0
  return shared
}

/** An app on a free port with the functions these tests use; what it logs is captured. */
async function start(options: AppOptions = {}) {
  const logged = captureLog()
  const app = createApp({ log: logged.log, ...options })
  // A browser state reaches only functions whose declared wiring names it.
  app.fn('save_bs', (x: unknown) => x, { inputs: ['x'], outputs: ['bs'] })
  app.fn('read_bs', (bs: unknown) => bs, { inputs: ['bs'], outputs: ['out'] })
  app.fn('pair_bs', (x: unknown) => [x, x], { inputs: ['x'], outputs: ['out', 'bs'] })
  app.fn('mark', () => 'ran')
  app.fn(
    'set_and_return',
    (x: unknown, ctx: FnContext) => {
      ctx.session.set('s', 1)
      return x
    },
    { inputs: ['x'], outputs: ['bs'] },
  )
  app.fn('read_s', (ctx: FnContext) => ctx.session.get<number>('s'))
  const { url } = await app.listen({ port: 0 })
  apps.push(app)
  return { app, url, logged }
}

/** Listener ids in {@link page}. */
const L = { save: 0, read: 1, mark: 2, both: 3, set: 4, readS: 5 }

/** A page with one browser state `bs` (default {@link DEFAULT}, key {@link KEY} unless `spec` says otherwise). */
function page(spec: Partial<BrowserStateSpec> = {}) {
  return graph({
    states: { s: 0 },
    controls: ['x', 'out', 'marked'],
    browser: [{ name: 'bs', value: DEFAULT, key: KEY, ...spec }],
    listeners: [
      on('save.click', 'save_bs', 'x', 'bs'),
      on('read.click', 'read_bs', 'bs', 'out'),
      on('bs.change', 'mark', '', 'marked'),
      on('both.click', 'pair_bs', 'x', 'out bs'),
      on('set.click', 'set_and_return', 'x', 'bs'),
      on('read_s.click', 'read_s', '', 'out'),
    ],
  })
}

/** What the event sent the page for `name` in `update.values` (undefined when nothing). */
function sent(result: EventResult, name: string): unknown {
  const found = result.updates.filter((u) => u.values && Object.hasOwn(u.values, name))
  assert.ok(found.length <= 1, `${name} was sent ${found.length} times`)
  return found[0]?.values![name]
}

/** Asserts that the event ran to its end and every listener succeeded. */
function assertSucceeded(result: EventResult): void {
  assert.deepEqual(result.errors, [], 'no error messages')
  assert.ok(result.done, 'the event is done')
  assert.ok(result.ends.length > 0, 'a listener ran')
  for (const end of result.ends) assert.equal(end.ok, true, `listener ${end.l} failed: ${end.error}`)
}

/** Writes `value` to `bs` (the page holding `token`) and returns the token sent back. */
async function save(client: Client, value: unknown, token?: unknown): Promise<string> {
  const result = await client.event('save.click', { x: value, ...(token !== undefined && { bs: token }) })
  assertSucceeded(result)
  const wire = sent(result, 'bs')
  assert.equal(typeof wire, 'string', `a token for ${show(value)}, got ${show(wire)}`)
  return wire as string
}

/** The value `bs` has in a function when the page holds `token` (nothing when undefined). */
async function read(client: Client, token?: unknown): Promise<unknown> {
  const result = await client.event('read.click', token === undefined ? {} : { bs: token })
  assertSucceeded(result)
  const out = result.updates.find((u) => u.values && Object.hasOwn(u.values, 'out'))
  assert.ok(out, 'the function sent its output')
  return out.values!.out
}

/** The token with one base64url character in the middle of its ciphertext changed. */
function flipped(token: string): string {
  const at = Math.floor((token.length + 3) / 2)
  const replacement = token[at] === 'A' ? 'B' : 'A'
  return token.slice(0, at) + replacement + token.slice(at + 1)
}

afterEach(async () => {
  await closeAll()
  await Promise.all(apps.splice(0).map((app) => app.close()))
})
after(() => shared?.app.close())

// --- sealing, directly ---

describe('seal (server/seal.ts)', () => {
  it('opens every JSON value it sealed, falsy ones included', async () => {
    const sealer = createSealer([SECRET_A])
    for (const value of VALUES) {
      const token = await sealer.seal(value, BS)
      assert.deepEqual(await opened(sealer, token, BS), { value, stale: false }, `round trip of ${show(value)}`)
    }
  })

  it('makes opaque tokens: g2.<base64url>, without the value, different at each seal', async () => {
    const sealer = createSealer([SECRET_A])
    const value = { user: 'SENTINEL-user-7f3a', password: 'SENTINEL-pass-91b2' }
    const first = await sealer.seal(value, BS)
    const second = await sealer.seal(value, BS)
    for (const token of [first, second]) {
      assert.match(token, /^g2\.[A-Za-z0-9_-]+$/)
      assert.ok(!token.includes('SENTINEL'), 'the value does not show in the token')
      assert.ok(!Buffer.from(token.slice(3), 'base64url').toString('latin1').includes('SENTINEL'), 'nor in its bytes')
      assert.ok(!token.includes(SECRET_A) && !token.includes(KEY), 'neither the secret nor the key shows in it')
    }
    assert.notEqual(first, second, 'a fresh IV each time')
  })

  it('opens a token only with its app, its name, its storage key and its secret', async () => {
    const sealer = createSealer([SECRET_A])
    const token = await sealer.seal('hello', BS)
    assert.deepEqual(await opened(sealer, token, BS), { value: 'hello', stale: false })
    assert.equal(await sealer.open(token, { ...BS, key: KEY + ' ' }), undefined, 'another key')
    assert.equal(await sealer.open(token, { ...BS, name: 'other' }), undefined, 'another name')
    assert.equal(await sealer.open(token, { ...BS, app: '/other/' }), undefined, 'another app')
    // The parts are kept apart: moving a character from one to the next makes another binding.
    assert.equal(await sealer.open(token, { app: '/b', name: 's', key: KEY }), undefined, 'no ambiguity between the parts')
    assert.equal(await opened(createSealer([SECRET_B]), token, BS), undefined, 'another secret')
  })

  it('puts the time it was sealed inside the token', async () => {
    const sealer = createSealer([SECRET_A])
    const at = Date.UTC(2026, 0, 2, 3, 4, 5)
    const token = await sealer.seal('dated', BS, at)
    assert.deepEqual(await sealer.open(token, BS), { value: 'dated', stale: false, sealedAt: at })
  })

  it('opens nothing tampered with, truncated or made up', async () => {
    const sealer = createSealer([SECRET_A])
    const token = await sealer.seal({ role: 'user' }, BS)
    const bad = [
      flipped(token),
      token.slice(0, -1),
      token.slice(0, -6),
      token.slice(0, 20),
      'g1' + token.slice(2),
      token.slice(3),
      'g1.',
      'g1.' + 'A'.repeat(40),
      'g1.!!!!not base64!!!!',
      '',
      'null',
      JSON.stringify({ role: 'admin' }),
    ]
    for (const garbage of bad) assert.equal(await opened(sealer, garbage, BS), undefined, `opened ${show(garbage)}`)
    assert.equal(await opened(sealer, 42 as unknown as string, BS), undefined, 'not a string')
  })

  it('opens tokens of older secrets as stale, and seals with the newest', async () => {
    const old = createSealer([SECRET_A])
    const rotated = createSealer([SECRET_B, SECRET_A])
    const newest = createSealer([SECRET_B])
    const oldToken = await old.seal([1, 2], BS)
    assert.deepEqual(await opened(rotated, oldToken, BS), { value: [1, 2], stale: true })
    const newToken = await rotated.seal([1, 2], BS)
    assert.deepEqual(await opened(rotated, newToken, BS), { value: [1, 2], stale: false })
    assert.deepEqual(await opened(newest, newToken, BS), { value: [1, 2], stale: false })
    assert.equal(await opened(old, newToken, BS), undefined, 'the old secret alone cannot open it')
  })

  it('refuses secrets shorter than 16 characters, and an empty list', () => {
    for (const secrets of [['short'], ['x'.repeat(15)], [SECRET_A, 'short'], [], [''], [42 as unknown as string]]) {
      assert.throws(() => createSealer(secrets), /secret.*at least 16 characters/, `accepted ${show(secrets)}`)
    }
    assert.doesNotThrow(() => createSealer(['x'.repeat(16)]))
  })
})

// --- through sockets ---

describe('browser state over a socket', () => {
  it('seals every JSON value a function writes, falsy ones included, and opens it in the next event', async () => {
    const { url, logged } = await sharedApp()
    const writer = await connect(url, page())
    for (const value of VALUES) {
      const token = await save(writer, value)
      assert.match(token, /^g2\./)
      if (JSON.stringify(value).length > 4) assert.ok(!token.includes(JSON.stringify(value)), `${show(value)} shows in its token`)
      // A reload: another page load, a new session, with the token the browser kept.
      const reader = await connect(url, page())
      assert.deepEqual(await read(reader, token), value, `read back ${show(value)}`)
      await reader.close()
    }
    assert.equal(logged.text(), '', 'nothing logged')
  })

  it('gives the default when the page holds no token', async () => {
    const { url, logged } = await sharedApp()
    const client = await connect(url, page())
    assert.equal(await read(client), DEFAULT)
    assert.equal(await read(client, null), DEFAULT)
    const falsyDefault = await connect(url, page({ value: 0 }))
    assert.equal(await read(falsyDefault), 0)
    assert.equal(logged.text(), '', 'no token is no warning')
  })

  it('writes nothing when the value does not change, and runs change listeners when it does', async () => {
    const { url } = await sharedApp()
    const client = await connect(url, page())
    const written = await client.event('save.click', { x: 'one' })
    assert.ok(written.ends.some((e) => e.l === L.mark && e.ok), 'bs.change ran')
    const token = sent(written, 'bs') as string
    const again = await client.event('save.click', { x: 'one', bs: token })
    assertSucceeded(again)
    assert.equal(sent(again, 'bs'), undefined, 'no new token for the same value')
    assert.ok(!again.updates.some((u) => u.resealed), 'nothing resealed')
    assert.ok(!again.ends.some((e) => e.l === L.mark), 'bs.change did not run')
  })

  it('opens a token only under the storage key it was sealed for', async () => {
    const { url, logged } = await sharedApp()
    const token = await save(await connect(url, page()), 'for bs only')
    const other = await connect(url, page({ key: 'g-kit ws://pages.example/g/ws other' }))
    assert.equal(await read(other, token), DEFAULT)
    assert.match(logged.text(), /'bs'/, 'a warning names the state')
    assert.equal(logged.calls.filter((c) => c.level === 'error').length, 0)
  })

  it('opens a token only with the secret it was sealed with', async () => {
    const first = await sharedApp()
    const token = await save(await connect(first.url, page()), 'sealed with A')
    const second = await start({ secret: SECRET_C })
    assert.equal(await read(await connect(second.url, page()), token), DEFAULT)
    assert.equal(second.logged.calls.filter((c) => c.level === 'warn').length, 1)
    assert.match(second.logged.text(), /'bs'/)
  })

  it('reseals a token of an older secret at its next write, even of an equal value, without a change', async () => {
    const old = await sharedApp()
    const oldToken = await save(await connect(old.url, page()), { name: 'Ada' })

    const rotated = await start({ secret: [SECRET_B, SECRET_A] })
    const client = await connect(rotated.url, page())
    assert.deepEqual(await read(client, oldToken), { name: 'Ada' }, 'the new app opens the old token')
    const rewrite = await client.event('save.click', { x: { name: 'Ada' }, bs: oldToken })
    assertSucceeded(rewrite)
    assert.equal(sent(rewrite, 'bs'), undefined, 'no value sent: the value did not change')
    assert.ok(!rewrite.ends.some((e) => e.l === L.mark), 'bs.change did not run')
    const resealed = rewrite.updates.flatMap((u) => (u.resealed ? [u.resealed] : []))
    assert.equal(resealed.length, 1, 'one update carries resealed')
    const fresh = resealed[0]!.bs
    assert.equal(typeof fresh, 'string')
    assert.notEqual(fresh, oldToken)
    assert.equal(rotated.logged.text(), '', 'nothing logged')

    const newest = await start({ secret: SECRET_B })
    const later = await connect(newest.url, page())
    assert.deepEqual(await read(later, fresh), { name: 'Ada' }, 'the resealed token opens with the newest secret alone')
    assert.equal(newest.logged.text(), '')
    assert.equal(await read(later, oldToken), DEFAULT, 'the old token does not')

    // A write of another value over an old token sends the value, sealed with the newest secret.
    const changed = await client.event('save.click', { x: { name: 'Grace' }, bs: oldToken })
    assertSucceeded(changed)
    assert.ok(!changed.updates.some((u) => u.resealed), 'a change is not a reseal')
    assert.ok(changed.ends.some((e) => e.l === L.mark && e.ok), 'bs.change ran')
    assert.deepEqual(await read(later, sent(changed, 'bs')), { name: 'Grace' })
  })

  it('gives the default for a tampered, truncated or made-up token, warns naming the state (once a minute for each reason), and the event succeeds', async () => {
    const { url, logged } = await sharedApp()
    const client = await connect(url, page())
    const token = await save(client, { role: 'user' })
    const bad: unknown[] = [
      flipped(token),
      token.slice(0, -1),
      token.slice(0, token.length >> 1),
      'g1' + token.slice(2),
      'g2.',
      'g2.' + 'A'.repeat(60),
      'not a token at all',
      '',
      JSON.stringify({ role: 'admin' }),
      42,
      { role: 'admin' },
    ]
    for (const garbage of bad) {
      const before = logged.calls.length
      assert.equal(await read(client, garbage), DEFAULT, `${show(garbage)} gives the default`)
      // Any page can send such tokens at will: the same warning (maybe logged by an earlier test) is not logged again within a minute.
      const warnings = logged.calls.slice(before)
      assert.ok(warnings.length <= 1, `at most one warning for ${show(garbage)}`)
      for (const warning of warnings) {
        assert.equal(warning.level, 'warn')
        assert.match(String(warning.args[0]), /'bs'/, 'the warning names the state')
      }
    }
    // A function can write over a bad token: the new one opens.
    const fresh = await save(client, 'new value', flipped(token))
    assert.equal(await read(client, fresh), 'new value')
  })

  it('replaces a token that cannot be opened at the next write, even of the default', async () => {
    const { url } = await sharedApp()
    const client = await connect(url, page())
    const result = await client.event('save.click', { x: DEFAULT, bs: 'g1.an old or broken token' })
    assertSucceeded(result)
    assert.equal(sent(result, 'bs'), undefined, 'no change: the value is the default')
    assert.ok(!result.ends.some((e) => e.l === L.mark), 'bs.change did not run')
    const fresh = result.updates.flatMap((u) => (u.resealed ? [u.resealed.bs] : []))
    assert.equal(fresh.length, 1, 'a new token for the page')
    assert.equal(await read(client, fresh[0]), DEFAULT)
  })

  it('refuses a value over maxBrowserState with an error naming the limit, and writes nothing', async () => {
    const { url } = await start({ secret: SECRET_A, maxBrowserState: 20 })
    for (const spec of [{}, { plain: true }]) {
      const client = await connect(url, page(spec))
      const fits = 'a'.repeat(18) // 20 characters of JSON
      const result = await client.event('save.click', { x: fits })
      assertSucceeded(result)
      assert.notEqual(sent(result, 'bs'), undefined, 'a value of exactly the limit is written')

      const tooLarge = 'a'.repeat(19)
      const refused = await client.event('save.click', { x: tooLarge })
      const end = refused.ends.find((e) => e.l === L.save)
      assert.ok(end, 'the listener ended')
      assert.equal(end.ok, false)
      assert.match(end.error ?? '', /\b20\b/, 'the error names the limit')
      assert.match(end.error ?? '', /'bs'/, 'and the state')
      assert.deepEqual(refused.updates, [], 'no values sent')
      assert.ok(!refused.ends.some((e) => e.l === L.mark), 'no change')

      // With a control and a session state written in the same step: none of it is written either.
      const both = await client.event('both.click', { x: tooLarge })
      assert.equal(both.ends.find((e) => e.l === L.both)?.ok, false)
      assert.deepEqual(both.updates, [], 'the control is not written either')
      const set = await client.event('set.click', { x: tooLarge })
      assert.equal(set.ends.find((e) => e.l === L.set)?.ok, false)
      assert.deepEqual(set.updates, [], 'the state is not written either')
      const s = await client.event('read_s.click')
      assert.equal(sent(s, 'out'), 0, 'the session state kept its value')
      await client.close()
    }
  })

  it('sends plain values as JSON, falsy ones included, and takes them back as they are', async () => {
    const { url, logged } = await sharedApp()
    const client = await connect(url, page({ plain: true }))
    for (const value of VALUES) {
      const result = await client.event('save.click', { x: value })
      assertSucceeded(result)
      assert.deepEqual(sent(result, 'bs'), value, `${show(value)} travels as itself`)
      assert.deepEqual(await read(client, value), value, `${show(value)} comes back`)
    }
    assert.equal(await read(client), DEFAULT, 'nothing sent: the default')
    assert.equal(logged.text(), '')
  })
})

// --- secrets ---

describe('secrets', () => {
  const savedEnv = process.env.G_SECRET
  let dir: string

  beforeEach(() => {
    delete process.env.G_SECRET
    dir = mkdtempSync(join(tmpdir(), 'g-kit-secret-'))
  })
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.G_SECRET
    else process.env.G_SECRET = savedEnv
    rmSync(dir, { recursive: true, force: true })
  })

  it('createApp throws a clear error for a secret that is too short', () => {
    for (const secret of ['short', 'x'.repeat(15), [SECRET_A, 'tiny'], [] as string[]]) {
      assert.throws(() => createApp({ secret, log: captureLog().log }), /secret.*at least 16 characters/, `accepted ${show(secret)}`)
    }
  })

  it('createApp throws the same clear error for a G_SECRET that is too short', () => {
    // G_SECRET is the documented default of the `secret` option: a bad one should be reported at
    // startup too, not as a generic error in every event that uses a sealed browser state.
    process.env.G_SECRET = 'too short'
    assert.throws(() => createApp({ secretFile: join(dir, 'secret'), log: captureLog().log }), /secret.*at least 16 characters/)
  })

  it('takes the secret option first, then G_SECRET, then the kept file', () => {
    const file = join(dir, 'secret')
    const logged = captureLog()
    process.env.G_SECRET = SECRET_C
    assert.deepEqual(resolveSecrets(SECRET_A, file, logged.log), [SECRET_A])
    assert.deepEqual(resolveSecrets([SECRET_B, SECRET_A], file, logged.log), [SECRET_B, SECRET_A])
    assert.deepEqual(resolveSecrets(undefined, file, logged.log), [SECRET_C])
    assert.equal(existsSync(file), false, 'no file made while a secret is given')
    writeFileSync(file, SECRET_B + '\n')
    delete process.env.G_SECRET
    assert.deepEqual(resolveSecrets(undefined, file, logged.log), [SECRET_B], 'the kept one, trimmed')
    assert.equal(logged.text(), '')
  })

  it('makes a secret file, mode 0600, at the first use and keeps using it', () => {
    const file = join(dir, 'nested', 'deeper', 'secret')
    const logged = captureLog()
    const [made] = resolveSecrets(undefined, file, logged.log)
    assert.ok(made && made.length >= 16, 'a secret long enough')
    assert.equal(statSync(file).mode & 0o777, 0o600)
    assert.equal(readFileSync(file, 'utf8').trim(), made)
    assert.ok(logged.text().includes(file), 'the warning says where')
    assert.deepEqual(resolveSecrets(undefined, file, logged.log), [made], 'the same one next time')
    assert.equal(logged.calls.length, 1, 'told once')
    assert.notDeepEqual(resolveSecrets(undefined, join(dir, 'other'), captureLog().log), [made], 'a random one')
  })

  it('does not take an empty kept file (a crash between making and writing it) for a secret', () => {
    const file = join(dir, 'secret')
    writeFileSync(file, '', { mode: 0o600 })
    let secrets: string[] | undefined
    try {
      secrets = resolveSecrets(undefined, file, captureLog().log)
    } catch (error) {
      // Refusing it is fine too, as long as the error says which file.
      assert.ok(String((error as Error).message).includes(file), `the error names the file: ${(error as Error).message}`)
      return
    }
    assert.ok(secrets.every((secret) => secret.length >= 16), `an unusable secret: ${show(secrets)}`)
    assert.doesNotThrow(() => createSealer(secrets!))
  })

  it('an app without secret or G_SECRET makes its secret file at first use, and a restart opens its tokens', async () => {
    const file = join(dir, 'state', 'secret')
    const first = await start({ secretFile: file })
    assert.equal(existsSync(file), false, 'not made before it is needed')
    const token = await save(await connect(first.url, page()), { remember: 'me' })
    assert.equal(statSync(file).mode & 0o777, 0o600)
    const kept = readFileSync(file, 'utf8').trim()
    assert.deepEqual(await opened(createSealer([kept]), token, BS), { value: { remember: 'me' }, stale: false }, 'sealed with the kept secret')
    await closeAll()
    await first.app.close()

    const restarted = await start({ secretFile: file })
    assert.deepEqual(await read(await connect(restarted.url, page()), token), { remember: 'me' })
    assert.equal(readFileSync(file, 'utf8').trim(), kept, 'the file is unchanged')
    assert.equal(restarted.logged.text(), '', 'nothing to warn about after a restart')
  })

  it('an app with G_SECRET set seals with it and makes no file', async () => {
    process.env.G_SECRET = SECRET_C
    const file = join(dir, 'secret')
    const { url, logged } = await start({ secretFile: file })
    const token = await save(await connect(url, page()), 'from the env')
    assert.deepEqual(await opened(createSealer([SECRET_C]), token, BS), { value: 'from the env', stale: false })
    assert.equal(existsSync(file), false)
    assert.equal(logged.text(), '')
  })

  it('the secret option wins over G_SECRET', async () => {
    process.env.G_SECRET = SECRET_C
    const { url } = await start({ secret: SECRET_A, secretFile: join(dir, 'secret') })
    const token = await save(await connect(url, page()), 'from the option')
    assert.deepEqual(await opened(createSealer([SECRET_A]), token, BS), { value: 'from the option', stale: false })
    assert.equal(await opened(createSealer([SECRET_C]), token, BS), undefined)
  })
})
