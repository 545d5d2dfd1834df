import { fileURLToPath } from 'node:url'
import { createApp, GError, type FnContext } from 'g-kit/server'

/**
 * The server of the React example. The page is the Vite build in dist/ (`npm run build`, then
 * `npm run build:spa`; `npm start` does both and serves it at /spa/). The cart is session state,
 * and a private counter numbers each visitor's orders.
 */
export const app = createApp({ static: fileURLToPath(new URL('dist', import.meta.url)) })

// The defaults live here: a <g-state>'s `value` is an attribute only, which React cannot set.
app.state('cart', { value: [] as string[] })
app.state('orders', { value: 0, private: true })

/** Each product's button carries its name as its `value`. */
app.fn('add_to_cart', (cart: string[], ctx: FnContext) => {
  const product = ctx.event.value
  if (typeof product !== 'string' || product.length > 100) throw new GError('Pick a product from the list.')
  return [...cart, product]
})

app.fn('cart_contents', (cart: string[]) => cart)

app.fn('place_order', (cart: string[], address: string, ctx: FnContext) => {
  if (!cart.length) throw new GError('The cart is empty.')
  if (!address.trim()) throw new GError('Where to? Fill in the address.')
  const order = ctx.session.get<number>('orders') + 1
  ctx.session.set('orders', order)
  return [[], `Order ${order}: ${cart.join(', ')} to ${address.trim()}`]
})
