import { expect } from '@open-wc/testing'
import { connect } from '../../elements/index.js'

describe('connect() in the browser', () => {
  it('gives a session without any element: a state kept on the server, calls, a stream', async () => {
    const s = await connect(window.G_SERVER)
    try {
      const cart = s.state('cart', [] as string[])
      await s.call('add_items', [['Milk', 'Water'], cart], [cart])
      expect(await s.call('cart_size', [cart])).to.deep.equal([2])
      const steps: unknown[] = []
      for await (const [n] of s.stream('count_to', [3])) steps.push(n)
      expect(steps).to.deep.equal([1, 2, 3])
      let error: Error | undefined
      await s.call('fail').catch((e: Error) => (error = e))
      expect(error?.message).to.equal('The cart is full')
    } finally {
      s.close()
    }
  })
})
