import { expect, fixture, html, oneEvent } from '@open-wc/testing'
import { appFixture, clickButton, inShadow, until } from './_fixture.js'
import type { GApp } from '../../elements/g-app.js'
import type { GButton } from '../../elements/g-button.js'
import type { GNumber } from '../../elements/g-number.js'

const NativeWebSocket = window.WebSocket

/**
 * The sockets the page opens from now on, as a network in the test's hands: `down` makes new
 * connections fail, and `forget` makes the server not know the page's session (its resume token
 * is garbled on the way), as after a restart or an expiry.
 */
function network() {
  const net = { opened: [] as WebSocket[], down: false, forget: false }
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(net.down ? 'ws://127.0.0.1:9/' : url, protocols)
      net.opened.push(this)
    }
    override send(data: string): void {
      super.send(net.forget ? data.replace(/"resume":"[^"]*"/, '"resume":"gone.gone"') : data)
    }
  }
  return net
}

const notice = (app: GApp) => inShadow(app, '[part=status]').textContent ?? ''

describe('<g-app> after its session is lost', () => {
  afterEach(() => {
    window.WebSocket = NativeWebSocket
  })

  it('names the clicks it did not do, and puts back the values the old session had set', async function () {
    this.timeout(10_000)
    const net = network()
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-number name="n" label="N" value="1"></g-number>
      <g-button fn="increment" inputs="n" outputs="n">Add one</g-button>
    </g-app>`)
    const n = app.querySelector<GNumber>('[name=n]')!
    const button = app.querySelector<GButton>('g-button')!
    const finished = oneEvent(button, 'then')
    clickButton(button)
    await finished
    expect(n.value).to.equal(2)

    net.down = true
    net.opened[0]!.close(4000, 'the network dropped')
    await until(() => notice(app).includes('Reconnecting'), 'the reconnecting notice')
    clickButton(button) // made while disconnected
    net.down = false
    net.forget = true
    await until(() => notice(app).includes('a new one has started'), 'the notice of a new session', 8000)
    expect(notice(app)).to.contain('“Add one” (click)')
    expect(n.value).to.equal(1)
    expect(n.pending).to.equal(false)

    const again = oneEvent(button, 'then')
    clickButton(button)
    await again
    expect(n.value).to.equal(2)
  })
})

describe('<g-app> refused by its server', () => {
  afterEach(() => {
    window.WebSocket = NativeWebSocket
  })

  it("shows the server's reason for refusing the page's origin, and stops retrying", async () => {
    const opened: string[] = []
    // What a server answers a page whose origin is not in its `origins`: one error frame, then close 4003.
    window.WebSocket = class extends EventTarget {
      readyState = 0
      constructor(url: string) {
        super()
        opened.push(url)
        setTimeout(() => {
          this.readyState = 1
          this.dispatchEvent(new Event('open'))
          const message = "this page's origin http://cms.test is not in the server's origins: add it to `origins` in createApp"
          this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify([{ t: 'error', code: 'origin', message }]) }))
          this.readyState = 3
          this.dispatchEvent(new CloseEvent('close', { code: 4003, reason: 'origin not allowed' }))
        })
      }
      send(): void {}
      close(): void {}
    } as unknown as typeof WebSocket
    const app = await fixture<GApp>(html`<g-app server="http://refusing.test"><g-button>Go</g-button></g-app>`)
    await until(() => notice(app).includes('is not in the server'), 'the refusal')
    expect(notice(app)).to.contain("this page's origin http://cms.test is not in the server's origins")
    expect(notice(app)).not.to.contain('Reconnecting')
    // A retry would have said "Reconnecting…" as the socket closed, and scheduled a new socket.
    expect(opened).to.have.length(1)
  })
})
