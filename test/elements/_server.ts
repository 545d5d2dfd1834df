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
  // Added for the tests of the controls in an app (field-app.test.ts):
  app.fn('explain', (text: string) => update({ info: `Help: ${text}`, choices: ['x', 'y'], value: 'y' }))
  // Added for the tests of <g-browser-state>: tokens of the old secret, and a check that a token opens with the newest alone.
  // Tokens of `bs` are bound to the app (its base path), the name and the key.
  const bs = (key: string, ctx: FnContext) => ({ app: ctx.request.base ?? '', name: 'bs', key })
  app.fn('seal_with_old_secret', (value: unknown, key: string, ctx: FnContext) => createSealer([OLD_TEST_SECRET]).seal(value, bs(key, ctx)))
  app.fn('open_with_newest_only', async (token: string, key: string, ctx: FnContext) => {
    const opened = await createSealer([TEST_SECRET]).open(token, bs(key, ctx))
    return opened ? opened.value : 'cannot be opened'
  })
  // Added for the tests of <g-render>:
  app.fn('append', (item: string, items: string[]) => [...items, item])
  app.fn('render_list', (items: string[]) => `<h3>${items.length} items</h3>` + items.map((item) => `<p key="${item}">${item}</p>`).join(''))
  app.fn('render_box', (label: string) => `<p>label: ${label}</p><g-textbox name="kept" label="${label}"></g-textbox>`)
  app.fn('render_hostile', () => `<p>safe</p><script>window.renderHacked = 1</script><img src="data:," onerror="window.renderHacked = 1">`)
  app.fn('render_nested', () => `<h4>outer</h4><g-render name="inner" fn="render_list" inputs="items"></g-render>`)
  app.fn('render_fail', (items: string[]) => {
    if (items.length > 1) throw new GError('Too many items to show')
    return `<p>${items.length} item</p>`
  })
  // A browser state reaches only functions whose declared wiring names it.
  app.fn('save_bs', (x: unknown) => x, { inputs: ['src'], outputs: ['bs'] })
  app.fn('show_bs', (bs: unknown) => bs, { inputs: ['bs'], outputs: ['out'] })
  app.fn('save_other', (x: unknown) => x, { inputs: ['src'], outputs: ['other'] })
  app.fn('show_role', (role: unknown) => role, { inputs: ['role'], outputs: ['out'] })
  // Added for the tests of the living app: runs counted on the server, per session.
  const tallies = new Map<string, number>()
  app.fn('tally', (ctx: FnContext) => {
    tallies.set(ctx.session.id, (tallies.get(ctx.session.id) ?? 0) + 1)
    return tallies.get(ctx.session.id)
  })
  app.fn('tally_of', (ctx: FnContext) => tallies.get(ctx.session.id) ?? 0)
  // Added for the tests of <g-interface> and <g-chat-interface>:
  const runs = new Map<string, number>()
  app.fn('counted_upper', (text: string, ctx: FnContext) => {
    const n = (runs.get(ctx.session.id) ?? 0) + 1
    runs.set(ctx.session.id, n)
    return `${text.toUpperCase()} #${n}`
  })
  app.fn('note', (text: string, notes: string[]) => [notes.length + 1, [...notes, text]])
  app.fn('tick_until_stopped', async function* (_start: unknown, ctx: FnContext) {
    for (let i = 1; !ctx.signal.aborted; i++) {
      yield i
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
  })
  app.fn('chat_echo', async function* (message: string, history: unknown[], ctx: FnContext) {
    const words = `echo ${message} after ${history.length}`.split(' ')
    let reply = ''
    for (const word of words) {
      yield (reply += (reply ? ' ' : '') + word)
      await new Promise((resolve) => setTimeout(resolve, message === 'slow' ? 200 : 5))
      if (ctx.signal.aborted) return
    }
  })
  app.fn('chat_tools', (message: string, _history: unknown, style: string) => [
    { role: 'assistant', content: `searched for ${message}`, metadata: { title: 'Used a tool' } },
    `${style}: ${message}`,
  ])
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
  app.fn('chat_files', (message: { text: string; files: Array<{ name: string; type: string; size: number; url: string }> }) =>
    `${message.text || '(no text)'}: ${message.files.map((f) => `${f.name} ${f.type} ${f.size} ${f.url.slice(0, 5)}`).join(', ') || 'no files'}`,
  )
  return app.listen({ port: 0 })
}
