// Declared wiring, browser state as a boundary, and the page author's mistakes that used to pass in
// silence. The attacks are sent as an attacker would: from a raw socket, with a page of its own
// making and a token copied from the victim's localStorage.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { H3 } from 'h3'
import { createApp, listen, type App, type FnContext, type Listening } from 'g-kit/server'
import type { AppGraph, BrowserStateSpec, ListenerSpec } from '../../server/protocol.js'
import { captureLog, closeAll, connect, graph, on, open, type Client, type EventResult } from './_ws.js'
import { PROTOCOL_VERSION } from '../../server/protocol.js'

const SECRET = 'the wiring tests secret, 0123456789'
/** The victim's storage key for its browser state `saved`, as its page made it. */
const KEY = 'g-kit ws://victim.example/login/g/ws saved'
const LOGIN = 'SENTINEL-login-4f1c'

/** Everything the server sent on a socket, as one string: a secret must never show in it. */
const everything = (client: Client) => client.frames.join('\n')

/** The value the event sent the page for `name`, if any. */
function sent(result: EventResult, name: string): unknown {
  return result.updates.find((u) => u.values && Object.hasOwn(u.values, name))?.values![name]
}

/** The end of the event's only listener. */
function endOf(result: EventResult) {
  assert.equal(result.ends.length, 1, `one listener ended: ${JSON.stringify(result.messages)}`)
  return result.ends[0]!
}

function browser(name: string, key = KEY, extra: Partial<BrowserStateSpec> = {}): BrowserStateSpec {
  return { name, key, value: 'nothing saved', ...extra }
}

// --- declared wiring ---

describe('declared wiring', () => {
  const logged = captureLog()
  let app: App
  let url: string

  before(async () => {
    app = createApp({ secret: SECRET, log: logged.log })
    app.fn('restore', (saved: unknown) => saved, { inputs: ['saved'], outputs: ['user'] })
    app.fn('swap', (a: unknown, b: unknown) => [b, a], { inputs: ['a', 'b'], outputs: ['a', 'b'] })
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(() => app.close())
  afterEach(() => closeAll())

  const page = (...listeners: Array<Omit<ListenerSpec, 'id'>>) =>
    graph({ controls: ['x', 'user', 'a', 'b', 'go'], browser: [browser('saved')], listeners })

  it('runs a listener that lists exactly the declared names, in order', async () => {
    const client = await connect(url, page(on('go.click', 'swap', 'a b', 'a b')))
    assert.deepEqual(client.welcome!.problems, [])
    const result = await client.event('go.click', { a: 1, b: 2 })
    assert.equal(endOf(result).ok, true)
    assert.deepEqual([sent(result, 'a'), sent(result, 'b')], [2, 1])
  })

  it('refuses a listener whose inputs differ, naming the difference, and does not run it', async () => {
    const client = await connect(url, page(on('go.click', 'restore', 'x', 'user')))
    const message = "'restore' is declared with inputs (saved) and outputs (user); this listener lists inputs (x) — missing 'saved', extra 'x'"
    assert.deepEqual(client.welcome!.problems, [message])
    const result = await client.event('go.click', { x: 'anything' })
    assert.deepEqual(endOf(result), { t: 'end', e: result.id, l: 0, ok: false, error: message })
    assert.deepEqual(result.updates, [], 'nothing written')
  })

  it('names outputs that differ, names in another order, and both sides at once', async () => {
    const cases: Array<[Omit<ListenerSpec, 'id'>, string]> = [
      [on('go.click', 'restore', 'saved', 'x'), "this listener lists outputs (x) — missing 'user', extra 'x'"],
      [on('go.click', 'restore', 'saved', ''), "this listener lists no outputs — missing 'user'"],
      [on('go.click', 'swap', 'b a', 'a b'), 'this listener lists inputs (b, a) — the same names in another order'],
      [on('go.click', 'swap', 'a', 'b'), "this listener lists inputs (a) and outputs (b) — inputs: missing 'b'; outputs: missing 'a'"],
    ]
    for (const [listener, expected] of cases) {
      const client = await connect(url, page(listener))
      assert.equal(client.welcome!.problems.length, 1, JSON.stringify(client.welcome!.problems))
      assert.ok(client.welcome!.problems[0]!.endsWith(expected), `${client.welcome!.problems[0]} ends with ${expected}`)
      assert.equal(endOf(await client.event('go.click', { a: 1, b: 2, x: 3 })).ok, false)
    }
  })

  it('takes a value under a name no page writes (~…, as connect() passes them), but never in a state\'s or a browser state\'s place', async () => {
    const client = await connect(url, graph({ controls: ['~v', '~w', 'a', 'b', 'go'], browser: [browser('saved')], listeners: [on('go.click', 'swap', '~v ~w', 'a b')] }))
    assert.deepEqual(client.welcome!.problems, [])
    const result = await client.event('go.click', { '~v': 1, '~w': 2 })
    assert.equal(endOf(result).ok, true)
    const standIn = await connect(url, graph({ controls: ['~s', 'user', 'go'], browser: [browser('saved')], listeners: [on('go.click', 'restore', '~s', 'user')] }))
    assert.match(standIn.welcome!.problems[0] ?? '', /missing 'saved', extra '~s'/)
    assert.equal(endOf(await standIn.event('go.click', { '~s': 'forged' })).ok, false)
  })

  it('refuses at declaration a function with more parameters than its declared inputs and ctx', () => {
    const app = createApp({ secret: SECRET, log: captureLog().log })
    assert.throws(
      () => app.fn('greet', (name: string, greeting: string, ctx: FnContext) => `${greeting} ${name} ${ctx.session.id}`, { inputs: ['name'] }),
      /app\.fn\('greet'\): takes 3 parameters, but is passed 1 input \(name\) and then ctx/,
    )
    // Defaults and rest parameters are not counted: these are fine.
    app.fn('a', (name: string, greeting = 'Hello') => `${greeting} ${name}`, { inputs: ['name'] })
    app.fn('b', (...names: string[]) => names.join(), { inputs: ['x', 'y', 'z'] })
    app.fn('c', (name: string, ctx: FnContext) => `${name} ${ctx.session.id}`, { inputs: ['name'] })
    return app.close()
  })
})

// --- browser state: the attacks of issue 9, finding 5 ---

describe('browser state is a boundary', () => {
  const logged = captureLog()
  let server: Listening
  let victimApp: App
  let otherApp: App
  let login: string
  let other: string
  /** The victim's token for `saved`, holding {@link LOGIN}, as its localStorage keeps it. */
  let token: string

  /** The victim's genuine page: a browser state `saved` read by `restore` and written by `save`. */
  const victimPage = () =>
    graph({
      controls: ['user', 'load_it', 'save_it'],
      browser: [browser('saved')],
      listeners: [on('load_it.click', 'restore', 'saved', 'user'), on('save_it.click', 'save', 'user', 'saved')],
    })

  /** Has the victim's page save `value`, and returns the token its localStorage would keep. */
  async function victimSaves(value: string): Promise<string> {
    const victim = await connect(login, victimPage())
    const result = await victim.event('save_it.click', { user: value })
    assert.equal(endOf(result).ok, true, JSON.stringify(result.messages))
    const saved = sent(result, 'saved')
    assert.equal(typeof saved, 'string')
    await victim.close()
    return saved as string
  }

  /** What the victim's `restore` shows in `user` when the page holds `held`. */
  async function victimReads(held: string): Promise<unknown> {
    const victim = await connect(login, victimPage())
    const result = await victim.event('load_it.click', { saved: held })
    assert.equal(endOf(result).ok, true)
    await victim.close()
    return sent(result, 'user')
  }

  before(async () => {
    // Two apps on one server, sharing a secret (as with G_SECRET), each mounted at its own path.
    victimApp = createApp({ secret: SECRET, log: logged.log, maxAge: 3600 })
    victimApp.fn('restore', (saved: unknown) => saved, { inputs: ['saved'], outputs: ['user'] })
    victimApp.fn('save', (user: unknown) => user, { inputs: ['user'], outputs: ['saved'] })
    victimApp.fn('show_note', (note: unknown) => note, { inputs: ['note'], outputs: ['shown'] })
    victimApp.fn('echo', (x: unknown) => x) // any pass-through, with no declared wiring
    otherApp = createApp({ secret: SECRET, log: logged.log })
    otherApp.fn('reveal', (saved: unknown) => saved, { inputs: ['saved'], outputs: ['shown'] })
    server = await listen(new H3().mount('/login', victimApp.handler).mount('/other', otherApp.handler), { port: 0 })
    login = `${server.url}login/`
    other = `${server.url}other/`
    token = await victimSaves(LOGIN)
  })
  after(async () => {
    await server.close()
    await Promise.all([victimApp.close(), otherApp.close()])
  })
  afterEach(async () => {
    await closeAll()
    logged.calls.length = 0
  })

  it('the victim page itself reads its login back', async () => {
    assert.equal(await victimReads(token), LOGIN)
  })

  it('does not open a copied token routed through a pass-through function into a control', async () => {
    const attacker = await connect(login, graph({ controls: ['y', 'go'], browser: [browser('saved')], listeners: [on('go.click', 'echo', 'saved', 'y')] }))
    const refusal =
      "'saved' is a browser state, and 'echo' has no declared wiring: a browser state reaches only a function whose wiring names it. " +
      "If 'echo' is meant to take and give these, declare it on the server: app.fn('echo', f, { inputs: ['saved'], outputs: ['y'] })"
    assert.deepEqual(attacker.welcome!.problems, [refusal])
    const result = await attacker.event('go.click', { saved: token })
    assert.deepEqual(endOf(result), { t: 'end', e: result.id, l: 0, ok: false, error: refusal })
    assert.ok(!everything(attacker).includes(LOGIN), 'the login never reaches the attacker')
  })

  it('does not seal a value the attacker picks, routed through a pass-through function into the state', async () => {
    const attacker = await connect(login, graph({ controls: ['x', 'go'], browser: [browser('saved')], listeners: [on('go.click', 'echo', 'x', 'saved')] }))
    assert.equal(attacker.welcome!.problems.length, 1)
    const result = await attacker.event('go.click', { x: 'FORGED-by-attacker' })
    assert.equal(endOf(result).ok, false)
    assert.equal(sent(result, 'saved'), undefined, 'no token sealed')
    assert.deepEqual(result.updates, [])
  })

  it('does not open a token under another name that shares its key', async () => {
    // `show_note` is wired to a browser state `note`: the attacker declares one with the victim's key.
    const attacker = await connect(login, graph({ controls: ['shown', 'go'], browser: [browser('note')], listeners: [on('go.click', 'show_note', 'note', 'shown')] }))
    assert.deepEqual(attacker.welcome!.problems, [])
    const result = await attacker.event('go.click', { note: token })
    assert.equal(endOf(result).ok, true)
    assert.equal(sent(result, 'shown'), 'nothing saved', 'the default, not the login')
    assert.ok(!everything(attacker).includes(LOGIN))
    assert.match(logged.text(), /browser state 'note'.*cannot be opened/)
  })

  it('does not open a token in another app of the same server, even one wired to a state of the same name', async () => {
    const attacker = await connect(other, graph({ controls: ['shown', 'go'], browser: [browser('saved')], listeners: [on('go.click', 'reveal', 'saved', 'shown')] }))
    assert.deepEqual(attacker.welcome!.problems, [])
    const result = await attacker.event('go.click', { saved: token })
    assert.equal(sent(result, 'shown'), 'nothing saved')
    assert.ok(!everything(attacker).includes(LOGIN))
  })

  it('opens a token older than maxAge as the default, with a warning; a younger older token still opens', async () => {
    const realNow = Date.now
    const sealedAt = (secondsAgo: number, value: string) => {
      const then = realNow() - secondsAgo * 1000
      Date.now = () => then
      return victimSaves(value).finally(() => (Date.now = realNow))
    }
    const expired = await sealedAt(3601, 'LOGIN-from-two-hours-ago')
    const recent = await sealedAt(60, 'LOGIN-from-a-minute-ago')
    await victimSaves('the newest login')
    // Rolled back past maxAge: the default, and the log says why.
    assert.equal(await victimReads(expired), 'nothing saved')
    assert.match(logged.text(), /browser state 'saved'.*sealed 360\d s ago, longer than maxAge \(3600 s\)/)
    // Within maxAge, an older token of the same name still opens (what the docs say maxAge bounds).
    assert.equal(await victimReads(recent), 'LOGIN-from-a-minute-ago')
  })

  it('opens no token of the older format g1, and says so', async () => {
    assert.equal(await victimReads('g1.' + 'A'.repeat(60)), 'nothing saved')
    assert.match(logged.text(), /older format g1/)
  })

  it('refuses a plain browser state to a function without wiring too', async () => {
    const page = graph({ controls: ['y', 'go'], browser: [browser('prefs', 'k', { plain: true })], listeners: [on('go.click', 'echo', 'prefs', 'y')] })
    const client = await connect(login, page)
    assert.match(client.welcome!.problems[0] ?? '', /'prefs' is a browser state, and 'echo' has no declared wiring/)
  })
})

// --- the page author's mistakes ---

describe("a page author's mistakes get a clear message", () => {
  const logged = captureLog()
  let app: App
  let url: string

  before(async () => {
    app = createApp({ secret: SECRET, log: logged.log })
    app.fn('greet', (name: string, greeting: string, ctx: FnContext) => `${greeting}, ${name} (${ctx.session.id.length})`)
    app.fn('greet_ok', (name: string, ctx: FnContext) => `Hello, ${name} (${ctx.session.id.length})`)
    app.fn('greet_default', (name: string, greeting = 'Hello') => `${String(greeting).slice(0, 5)}, ${name}`)
    app.fn('join_all', (...parts: unknown[]) => parts.length)
    app.fn('peek', (cart: string[]) => {
      cart.push('lost')
      return cart.length
    })
    app.fn('count', (cart: string[]) => cart.length)
    app.fn('add', (items: string[], cart: string[]) => {
      cart.push(...items) // mutated in place and given back: kept
      return cart
    })
    app.fn('peek_and_set', (cart: string[], ctx: FnContext) => {
      cart.push('kept')
      ctx.session.set('cart', cart)
      return cart.length
    })
    app.fn('peek_stream', function* (cart: string[]) {
      yield cart.length
      cart.push('lost')
      yield cart.length
    })
    app.global('board', [] as string[])
    app.fn('peek_global', (board: string[]) => (board.push('lost'), board.length))
    app.fn('give', (value: unknown) => value)
    app.fn('give_two', (value: unknown) => [value, value])
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(() => app.close())
  afterEach(async () => {
    await closeAll()
    logged.calls.length = 0
  })

  it('a function that takes more parameters than its listener passes: a problem for the page and a line in the log', async () => {
    const page = graph({ controls: ['name', 'out'], listeners: [on('name.submit', 'greet', 'name', 'out')] })
    const first = await connect(url, page)
    const message = "'greet' takes 3 parameters, but is passed 1 input (name) and then ctx, which would arrive as parameter 2: list 2 inputs in order, give the extra parameters defaults, or take ctx as parameter 2"
    assert.deepEqual(first.welcome!.problems, [message])
    const result = await first.event('name.submit', { name: 'Ada' })
    assert.deepEqual(endOf(result), { t: 'end', e: result.id, l: 0, ok: false, error: message })
    await connect(url, { ...page, controls: [...page.controls, 'unused'] }) // another page, same mistake
    assert.equal(logged.calls.filter((c) => String(c.args[0]).includes("'greet' takes 3 parameters")).length, 1, 'logged once')
  })

  it('takes ctx last, defaults and rest parameters as they are', async () => {
    const page = graph({
      controls: ['name', 'out', 'b', 'c'],
      listeners: [on('name.submit', 'greet_ok', 'name', 'out'), on('b.click', 'greet_default', 'name', 'out'), on('c.click', 'join_all', 'name name', 'out')],
    })
    const client = await connect(url, page)
    assert.deepEqual(client.welcome!.problems, [])
    assert.equal(endOf(await client.event('name.submit', { name: 'Ada' })).ok, true)
    assert.equal(endOf(await client.event('b.click', { name: 'Ada' })).ok, true)
    assert.equal(sent(await client.event('c.click', { name: 'Ada' }), 'out'), 3)
  })

  const cartPage = (...listeners: Array<Omit<ListenerSpec, 'id'>>): AppGraph =>
    graph({ states: { cart: ['milk'] }, globals: ['board'], controls: ['size', 'items', 'go'], listeners })

  it('a function that changes a state input it does not give back: an error naming the state, and nothing written', async () => {
    const client = await connect(url, cartPage(on('go.click', 'peek', 'cart', 'size'), on('size.click', 'count', 'cart', 'size')))
    const result = await client.event('go.click')
    const end = endOf(result)
    assert.equal(end.ok, false)
    assert.equal(
      end.error,
      "'peek' changed the state 'cart' it was given, but 'cart' is not among the listener's outputs, so the change is dropped: add 'cart' to its outputs and return it, or do not change the input",
    )
    assert.deepEqual(result.updates, [], 'size is not written either')
    assert.match(logged.text(), /'peek' changed the state 'cart'/)
    // The state is as it was: the change was not kept.
    assert.equal(sent(await client.event('size.click'), 'size'), 1)
  })

  it('no error for a state that is input and output (mutated in place), only read, or set with ctx.session.set', async () => {
    const client = await connect(
      url,
      cartPage(on('go.click', 'add', 'items cart', 'cart'), on('size.click', 'count', 'cart', 'size'), on('items.click', 'peek_and_set', 'cart', 'size')),
    )
    assert.equal(endOf(await client.event('go.click', { items: ['eggs'] })).ok, true)
    assert.equal(sent(await client.event('size.click'), 'size'), 2)
    assert.equal(sent(await client.event('items.click'), 'size'), 3)
    assert.equal(sent(await client.event('size.click'), 'size'), 3, 'the change set with ctx.session.set is kept')
    assert.equal(logged.text(), '')
  })

  it('a generator that changes its state input between yields, and a changed global input: errors naming them', async () => {
    const client = await connect(url, cartPage(on('go.click', 'peek_stream', 'cart', 'size'), on('size.click', 'peek_global', 'board', 'size')))
    const stream = await client.event('go.click')
    assert.equal(sent(stream, 'size'), 1, 'the first yield went out')
    assert.match(endOf(stream).error ?? '', /'peek_stream' changed the state 'cart'/)
    assert.match(endOf(await client.event('size.click')).error ?? '', /'peek_global' changed the global 'board'/)
  })

  it('a value a control cannot show: an error naming the control and the type, and nothing written', async () => {
    const page = graph({ controls: ['text', 'n', 'free', 'flag', 'go'], listeners: [on('go.click', 'give', 'free', 'text'), on('n.click', 'give', 'free', 'n'), on('free.click', 'give_two', 'free', 'free text')] })
    page.kinds = { text: 'textbox', n: 'number', free: 'json', flag: 'checkbox' }
    const client = await connect(url, page)
    assert.deepEqual(client.welcome!.problems, [])

    const list = await client.event('go.click', { free: ['a', 'b'] })
    assert.equal(endOf(list).error, "'give' gave the textbox 'text' an array, which a textbox cannot show: it shows text (a string or a number)")
    assert.deepEqual(list.updates, [])
    const object = await client.event('n.click', { free: { a: 1 } })
    assert.equal(endOf(object).error, "'give' gave the number 'n' an object, which a number cannot show: it shows a number (or null for none)")
    assert.match(logged.text(), /'give' gave the textbox 'text' an array/)

    // What a control can show goes through; a control of a kind the server does not check takes anything.
    assert.equal(sent(await client.event('go.click', { free: 'words' }), 'text'), 'words')
    assert.equal(sent(await client.event('n.click', { free: 4.5 }), 'n'), 4.5)
    const both = await client.event('free.click', { free: { a: [1] } })
    assert.match(endOf(both).error ?? '', /textbox 'text' an object/)
    assert.deepEqual(both.updates, [], "not even the json control's value is written")
  })

  it('refuses a hello whose kinds are not short strings by name', async () => {
    for (const kinds of [['textbox'], { text: 5 }, { text: 'x'.repeat(201) }, 'textbox']) {
      const client = await open(url)
      client.send({ t: 'hello', v: PROTOCOL_VERSION, graph: { ...graph({ controls: ['text'] }), kinds } })
      const reply = await client.next('the refusal')
      assert.equal(reply.t, 'error', JSON.stringify(reply))
      assert.match((reply as { message: string }).message, /graph\.kinds/)
    }
  })

  it('checks no control when the page does not say their kinds', async () => {
    const client = await connect(url, graph({ controls: ['text', 'free', 'go'], listeners: [on('go.click', 'give', 'free', 'text')] }))
    assert.deepEqual(sent(await client.event('go.click', { free: ['a'] }), 'text'), ['a'])
  })
})
