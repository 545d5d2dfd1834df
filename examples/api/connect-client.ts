// Calls the cart from a Node script with g-kit's own client: one session, with its reconnects and
// exactly-once calls, as a page's <g-app> has. Run the app (node --conditions=source --import tsx
// examples/api/app.ts), then:
//   node --conditions=source --import tsx examples/api/connect-client.ts http://127.0.0.1:7860/
// (Node 20 has no WebSocket of its own: `npm install ws`, which connect() loads when it needs it.)
import { connect } from 'g-kit'

const session = await connect(process.argv[2] ?? 'http://127.0.0.1:7860/')
const cart = session.state('cart', [] as string[]) // a handle: the value stays on the server

await session.call('add_items', [['Milk', 'Eggs'], cart], [cart])
await session.call('add_items', [['Water'], cart], [cart])
const [size] = await session.call('cart_size', [cart])
console.log('cart size:', size)

// A generator streams: each step's outputs, as they come.
for await (const [status] of session.stream('checkout', [cart], [null, cart])) console.log('checkout:', status)

// A GError rejects the call with its message.
try {
  await session.call('checkout', [cart], [null, cart])
} catch (error) {
  console.log('error:', (error as Error).message)
}

session.close()
