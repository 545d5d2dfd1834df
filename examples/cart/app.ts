import { fileURLToPath } from 'node:url'
import { createApp } from 'g-kit/server'

/**
 * The shopping cart (the seed's session state): the cart is a session state, input and output of
 * `add_items`; a listener on its `change` keeps the size up to date. Each page load has its own cart.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items])
app.fn('cart_size', (cart: string[]) => cart.length)
