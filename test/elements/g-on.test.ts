import { expect, fixture, html } from '@open-wc/testing'
import '../../elements/index.js'
import type { GOn } from '../../elements/g-on.js'

describe('<g-on>', () => {
  it('is hidden, and takes no room on the page', async () => {
    const el = await fixture<GOn>(html`<g-on triggers="add.click" fn="add_items" inputs="items cart" outputs="cart"></g-on>`)
    expect(el.hidden).to.equal(true)
    expect(getComputedStyle(el).display).to.equal('none')
    expect(el.getClientRects()).to.have.length(0)
  })

  it('renders nothing: it has no shadow root', async () => {
    const el = await fixture<GOn>(html`<g-on triggers="load" fn="greet"></g-on>`)
    expect(el.shadowRoot).to.equal(null)
  })

  it('reads triggers, fn, inputs, outputs, name and cancels from its attributes', async () => {
    const el = await fixture<GOn>(
      html`<g-on name="adding" triggers="add.click cart.change" fn="add_items" inputs="items cart" outputs="cart" cancels="other"></g-on>`,
    )
    expect(el.name).to.equal('adding')
    expect(el.triggers).to.equal('add.click cart.change')
    expect(el.fn).to.equal('add_items')
    expect(el.inputs).to.equal('items cart')
    expect(el.outputs).to.equal('cart')
    expect(el.cancels).to.equal('other')
  })

  it('stays hidden when it is moved in the page', async () => {
    const el = await fixture<HTMLElement>(html`<div><g-on triggers="load" fn="greet"></g-on><section></section></div>`)
    const on = el.querySelector('g-on')!
    el.querySelector('section')!.append(on)
    expect(on.hidden).to.equal(true)
  })

  it('is accessible: nothing of it reaches assistive technology', async () => {
    const el = await fixture<HTMLElement>(html`<div><p>Shop</p><g-on triggers="load" fn="greet"></g-on></div>`)
    await expect(el).to.be.accessible()
  })
})
