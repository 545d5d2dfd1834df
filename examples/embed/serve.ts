import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createApp, type Listening } from 'g-kit/server'

/**
 * Embeds on a page of another origin: a "CMS" serving page.html, and two g-kit servers (the cart
 * and a counter), each listing the CMS's origin in `origins`. Run it on its own:
 *   node --conditions=source --import tsx examples/embed/serve.ts
 */
export async function startEmbedDemo(ports = { cms: 7870, cart: 7871, counters: 7872 }): Promise<{ url: string; close(): Promise<void> }> {
  const cms = createServer()
  await new Promise<void>((resolve) => cms.listen(ports.cms, '127.0.0.1', resolve))
  const address = cms.address()
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : ports.cms}`

  const cart = createApp({ origins: [origin] })
  cart.fn('add_items', (items: string[], list: string[]) => [...list, ...items])
  cart.fn('cart_size', (list: string[]) => list.length)
  const counters = createApp({ origins: [origin] })
  counters.fn('increment', (n: number) => n + 1)
  counters.fn('identity', (n: number) => n)
  const servers: Listening[] = [await cart.listen({ port: ports.cart }), await counters.listen({ port: ports.counters })]

  const template = await readFile(fileURLToPath(new URL('page.html', import.meta.url)), 'utf8')
  const page = template.replace('{{CART}}', servers[0]!.url).replace('{{COUNTERS}}', servers[1]!.url)
  cms.on('request', (request, response) => {
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
    else response.writeHead(404).end()
  })
  return {
    url: `${origin}/`,
    async close() {
      cms.close()
      await Promise.all([cart.close(), counters.close()])
    },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const demo = await startEmbedDemo()
  console.log(`A page with two apps from two servers: ${demo.url}`)
}
