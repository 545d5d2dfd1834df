// The g-kit server the element tests talk to: started by web-test-runner.config.mjs, one for the whole run.
import { createApp, GError, update, type FnContext } from 'g-kit/server'
import { createSealer } from '../../server/browser/seal.js'

/** The secret that seals browser state in the element tests: fixed, so that no secret file is made. */
export const TEST_SECRET = 'g-kit element tests: not a real secret'
/** An older secret the server still opens tokens of (a rotation), and reseals them with {@link TEST_SECRET}. */
export const OLD_TEST_SECRET = 'g-kit element tests: the old secret'

export async function startTestServer() {
  const app = createApp({ origins: ['*'], sweepInterval: 0.05, secret: [TEST_SECRET, OLD_TEST_SECRET], log: { warn() {}, error() {} } })
  app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items])
  app.fn('cart_size', (cart: string[]) => cart.length)
  app.fn('increment', (n: number) => n + 1)
  app.fn('identity', (x: unknown) => x)
  app.fn('echo', (x: unknown) => x)
  app.fn('upper', (s: string) => s.toUpperCase())
  app.fn('fail', () => {
    throw new GError('The cart is full')
  })
  app.fn('crash', () => {
    throw new Error('secret database detail')
  })
  app.fn('event_info', (ctx: FnContext) => `${ctx.event.source}.${ctx.event.trigger}=${String(ctx.event.value)}`)
  app.fn('hide', () => update({ visible: false }))
  app.fn('relabel', (label: string) => update({ label, interactive: false }))
  app.fn('count_to', function* (n: number) {
    for (let i = 1; i <= n; i++) yield i
  })
  app.fn('slow_echo', async (x: unknown) => {
    await new Promise((resolve) => setTimeout(resolve, 300))
    return x
  })
  // Added for the tests of <g-app>:
  app.fn('greet', () => 'Hello')
  app.fn('pair', (x: unknown) => [x, x])
  app.fn('three_values', () => [1, 2, 3])
  app.fn('set_then_fail', (ctx: FnContext) => {
    ctx.session.set('s', 99)
    throw new GError('Nothing was saved')
  })
  app.fn('relabel_button', () => update({ label: 'Stop' }))
  app.fn('new_choices', () => update({ choices: ['Tea', 'Coffee'] }))
  app.fn('bump_s', (ctx: FnContext) => {
    ctx.session.set('s', ctx.session.get<number>('s') + 1)
  })
  app.fn('slow_steps', async function* () {
    yield 'started'
    await new Promise((resolve) => setTimeout(resolve, 300))
    yield 'finished'
  })
  // Added for the tests of <g-browser-state>: tokens of the old secret, and a check that a token opens with the newest alone.
  app.fn('seal_with_old_secret', (value: unknown, key: string) => createSealer([OLD_TEST_SECRET]).seal(value, key))
  app.fn('open_with_newest_only', async (token: string, key: string) => {
    const opened = await createSealer([TEST_SECRET]).open(token, key)
    return opened ? opened.value : 'cannot be opened'
  })
  // Added for the display elements and messages (toasts, progress):
  app.fn('event_json', (ctx: FnContext) => JSON.stringify({ source: ctx.event.source, trigger: ctx.event.trigger, value: ctx.event.value }))
  app.fn('stream_reply', async function* (history: Array<{ role: string; content: string }>) {
    let reply = ''
    for (const word of ['Hello', ' there', ', friend.']) {
      reply += word
      yield [...history, { role: 'assistant', content: reply }]
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
  })
  app.fn('notify', (level: string, ctx: FnContext) => {
    if (level === 'warning') ctx.warning('Disk almost full')
    else ctx.info(`Saved at step ${level}`)
    return level
  })
  app.fn('fail_when_negative', (n: number) => {
    if (n < 0) throw new GError('Negative numbers are not allowed')
    return 'ok'
  })
  // A run held open until another session releases it: a test sees what shows while it runs.
  let release: (() => void) | undefined
  const held = () => new Promise<void>((resolve) => (release = resolve))
  app.fn('progress_hold', async (ctx: FnContext) => {
    ctx.progress(0.4, 'Halfway')
    await held()
    return 'finished'
  })
  app.fn('stream_hold', async function* () {
    yield 'started'
    await held()
    yield 'finished'
  })
  app.fn('release', () => release?.())
  return app.listen({ port: 0 })
}
