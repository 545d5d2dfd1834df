// Calls the cart from Gradio's own client, as a Gradio user's script would call a Gradio app.
// Run the app (node --conditions=source --import tsx examples/api/app.ts), then:
//   node --import tsx examples/api/gradio-client.ts http://127.0.0.1:7860/
import { Client } from '@gradio/client'

const url = process.argv[2] ?? 'http://127.0.0.1:7860/'

// One Client is one session: its cart is kept on the server between calls, and never sent.
const client = await Client.connect(url)

await client.predict('/add_items', [['Milk', 'Eggs']]) // positional: the cart is not a parameter
await client.predict('/add_items', { items: ['Water'] }) // or by name
const size = await client.predict('/cart_size', [])
console.log('cart size:', size.data) // [3]

// A generator streams: each yield is a `data` message.
for await (const message of client.submit('/checkout', [])) {
  if (message.type === 'data') console.log('checkout:', message.data)
}

// A GError is thrown as Gradio throws its errors.
try {
  await client.predict('/checkout', [])
} catch (error) {
  console.log('error:', (error as Error).message)
}

client.close()
