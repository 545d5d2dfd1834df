import { expect, fixture, html } from '@open-wc/testing'
import '../../elements/index.js'
import type { GState } from '../../elements/g-state.js'

describe('<g-state>', () => {
  it('is hidden, and takes no room on the page', async () => {
    const el = await fixture<GState>(html`<g-state name="cart" value="[]"></g-state>`)
    expect(el.hidden).to.equal(true)
    expect(getComputedStyle(el).display).to.equal('none')
    expect(el.getClientRects()).to.have.length(0)
  })

  it('renders nothing: it has no shadow root and no content', async () => {
    const el = await fixture<GState>(html`<g-state name="cart" value="[]"></g-state>`)
    expect(el.shadowRoot).to.equal(null)
    expect(el.children).to.have.length(0)
    expect(el.textContent).to.equal('')
  })

  it('reads its name from the attribute', async () => {
    const el = await fixture<GState>(html`<g-state name="cart"></g-state>`)
    expect(el.name).to.equal('cart')
  })

  it('gives its default as value, parsed from the JSON value attribute', async () => {
    const el = await fixture<GState>(html`<g-state name="cart" value='{"items":["Milk"],"total":2.5,"open":true}'></g-state>`)
    expect(el.value).to.deep.equal({ items: ['Milk'], total: 2.5, open: true })
  })

  it('gives a fresh copy of its default each time, so page code cannot change it by mutation', async () => {
    const el = await fixture<GState>(html`<g-state name="cart" value='["Milk"]'></g-state>`)
    ;(el.value as string[]).push('Water')
    expect(el.value).to.deep.equal(['Milk'])
  })

  it('reads falsy JSON defaults as themselves', async () => {
    const el = await fixture<GState>(html`<g-state name="n" value="0"></g-state>`)
    expect(el.value).to.equal(0)
    el.setAttribute('value', '""')
    expect(el.value).to.equal('')
    el.setAttribute('value', 'false')
    expect(el.value).to.equal(false)
  })

  it('has null as value when it has no value attribute', async () => {
    const el = await fixture<GState>(html`<g-state name="cart"></g-state>`)
    expect(el.value).to.equal(null)
  })

  it('has undefined as value when the value attribute is not JSON', async () => {
    const el = await fixture<GState>(html`<g-state name="cart" value="[Milk"></g-state>`)
    expect(el.value).to.equal(undefined)
  })

  it('reads ttl as a number of seconds', async () => {
    const el = await fixture<GState>(html`<g-state name="cart" ttl="600"></g-state>`)
    expect(el.ttl).to.equal(600)
    const none = await fixture<GState>(html`<g-state name="other"></g-state>`)
    expect(none.ttl).to.equal(undefined)
  })

  it('is accessible: nothing of it reaches assistive technology', async () => {
    const el = await fixture<HTMLElement>(html`<div><p>Shop</p><g-state name="cart" value="[]"></g-state></div>`)
    await expect(el).to.be.accessible()
  })
})

describe('<g-state> from a framework', () => {
  it('takes its default and ttl as properties, as React and Vue set them', async () => {
    const state = document.createElement('g-state')
    state.value = { cart: ['Milk'] }
    state.ttl = 60
    expect(state.getAttribute('value')).to.equal('{"cart":["Milk"]}')
    expect(state.value).to.deep.equal({ cart: ['Milk'] })
    expect(state.ttl).to.equal(60)
    state.value = undefined
    expect(state.hasAttribute('value')).to.equal(false)
  })
})
