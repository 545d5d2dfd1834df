// One instance of the multi-instance tests' app, run as a child process so that SIGKILL is real.
// Its sessions live in the Redis at G_REDIS_URL. It prints `listening <url>` once it serves, then a
// line for each callback the tests count: `unload <session>`, `delete <state> <session>`.
import { createApp } from '../../server/app.js'

const app = createApp({
  id: 'multi-test',
  closedTtl: Number(process.env.CLOSED_TTL ?? 3600),
  sweepInterval: Number(process.env.SWEEP_INTERVAL ?? 60),
  leaseTtl: Number(process.env.LEASE_TTL ?? 10),
  maxSessions: Number(process.env.MAX_SESSIONS ?? 10000),
})
app.state('cart', { value: [] as string[], onDelete: (cart) => console.log(`delete cart ${JSON.stringify(cart)}`) })
app.state('coupon', { value: '', ttl: Number(process.env.COUPON_TTL ?? 3600), onDelete: (code) => console.log(`delete coupon ${JSON.stringify(code)}`) })
app.fn('set_coupon', (code: string) => code)
app.global('visits', 0)
app.fn('add', (item: string, cart: string[]) => [[...cart, item], [...cart, item]])
app.fn('show', (cart: string[]) => cart)
// Prints that it runs, then (on an instance started with HANG) never ends: the instance is killed meanwhile.
app.fn('add_slowly', async (item: string, cart: string[]) => {
  console.log(`running ${item}`)
  if (process.env.HANG) await new Promise(() => {})
  return [[...cart, item], [...cart, item]]
})
app.fn('visit', (n: number) => [n + 1, n + 1])
app.onUnload(({ session: { id } }) => console.log(`unload ${id}`))
const { url } = await app.listen({ port: 0, host: '127.0.0.1' })
console.log(`listening ${url}`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
