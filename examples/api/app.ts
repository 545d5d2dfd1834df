import { fileURLToPath } from 'node:url'
import { createApp, GError } from 'g-kit/server'

/**
 * The shopping cart with declared wiring, so that it can be called from outside a page as well:
 * `curl` (the HTTP API), `connect()` in Node, and Gradio's own `@gradio/client`. The cart is a
 * session state the server declares: callers never send it, each session keeps its own.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

app.state('cart', { value: [] as string[] })

app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items], { inputs: ['items', 'cart'], outputs: ['cart'] })

app.fn('cart_size', (cart: string[]) => cart.length, { inputs: ['cart'], outputs: ['size'] })

/** Streams: one line per item packed, then the receipt; the cart is emptied at the end. */
app.fn(
  'checkout',
  async function* (cart: string[]) {
    if (cart.length === 0) throw new GError('The cart is empty: add items first')
    for (let i = 1; i <= cart.length; i++) {
      yield [`Packing ${cart[i - 1]} (${i}/${cart.length})`, cart]
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    yield [`Paid for ${cart.length} item${cart.length === 1 ? '' : 's'}: ${cart.join(', ')}`, []]
  },
  { inputs: ['cart'], outputs: ['status', 'cart'] },
)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await app.listen({ port: Number(process.env.PORT ?? 7860) })
  console.log(`The cart, with its APIs: ${url} (GET ${url}g/api lists them)`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)))
}
