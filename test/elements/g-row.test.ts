import { expect, fixture, html } from '@open-wc/testing'
import '../../elements/index.js'
import type { GRow } from '../../elements/g-row.js'

describe('<g-row>', () => {
  it('renders its children through its default slot', async () => {
    const el = await fixture<GRow>(html`<g-row><span>A</span><span>B</span></g-row>`)
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!
    expect(slot.assignedElements().map((child) => child.textContent)).to.deep.equal(['A', 'B'])
  })

  it('lays its children out side by side', async () => {
    const el = await fixture<GRow>(html`<g-row style="width: 40rem"><g-button>A</g-button><g-button>B</g-button></g-row>`)
    const [a, b] = [...el.children].map((child) => child.getBoundingClientRect())
    expect(getComputedStyle(el).display).to.equal('flex')
    expect(b!.top).to.equal(a!.top)
    expect(b!.left).to.be.greaterThan(a!.right - 1)
  })

  it('wraps its children onto another line when there is no room', async () => {
    const el = await fixture<GRow>(html`<g-row style="width: 10rem"><g-button>A</g-button><g-button>B</g-button></g-row>`)
    const [a, b] = [...el.children].map((child) => child.getBoundingClientRect())
    expect(b!.top).to.be.greaterThan(a!.bottom - 1)
  })

  it('is hidden with the hidden attribute', async () => {
    const el = await fixture<GRow>(html`<g-row hidden><span>A</span></g-row>`)
    expect(getComputedStyle(el).display).to.equal('none')
  })

  it('is accessible', async () => {
    const el = await fixture<GRow>(html`<g-row><g-button>A</g-button><g-textbox label="B"></g-textbox></g-row>`)
    await expect(el).to.be.accessible()
  })
})
