import { expect, fixture, html } from '@open-wc/testing'
import '../../elements/index.js'
import type { GColumn } from '../../elements/g-column.js'

describe('<g-column>', () => {
  it('renders its children through its default slot', async () => {
    const el = await fixture<GColumn>(html`<g-column><span>A</span><span>B</span></g-column>`)
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!
    expect(slot.assignedElements().map((child) => child.textContent)).to.deep.equal(['A', 'B'])
  })

  it('lays its children out one above the other, even with room to spare', async () => {
    const el = await fixture<GColumn>(html`<g-column style="width: 60rem"><g-button>A</g-button><g-button>B</g-button></g-column>`)
    const [a, b] = [...el.children].map((child) => child.getBoundingClientRect())
    expect(getComputedStyle(el).flexDirection).to.equal('column')
    expect(b!.left).to.equal(a!.left)
    expect(b!.top).to.be.greaterThan(a!.bottom - 1)
  })

  it('sits side by side with another column inside a row', async () => {
    const el = await fixture<HTMLElement>(html`<g-row style="width: 40rem">
      <g-column><g-button>A</g-button></g-column>
      <g-column><g-button>B</g-button></g-column>
    </g-row>`)
    const [a, b] = [...el.querySelectorAll('g-column')].map((column) => column.getBoundingClientRect())
    expect(b!.top).to.equal(a!.top)
    expect(b!.left).to.be.greaterThan(a!.right - 1)
  })

  it('is hidden with the hidden attribute', async () => {
    const el = await fixture<GColumn>(html`<g-column hidden><span>A</span></g-column>`)
    expect(getComputedStyle(el).display).to.equal('none')
  })

  it('is accessible', async () => {
    const el = await fixture<GColumn>(html`<g-column><g-button>A</g-button><g-number label="B"></g-number></g-column>`)
    await expect(el).to.be.accessible()
  })
})
