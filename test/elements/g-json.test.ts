import { expect, fixture, html } from '@open-wc/testing'
import { inShadow } from './_fixture.js'
import type { GJson } from '../../elements/g-json.js'

const tree = (el: GJson) => inShadow(el, '[part=tree]')
/** The tree's text as a user sees it, spaces collapsed. */
const treeText = (el: GJson) => tree(el).innerText.replace(/\s+/g, ' ').trim()

describe('<g-json>', () => {
  it('shows null, unlabelled, by default', async () => {
    const el = await fixture<GJson>(html`<g-json></g-json>`)
    expect(el.value).to.equal(null)
    expect(el.label).to.equal('')
    expect(inShadow(el, '[part=label]').hidden).to.equal(true)
    expect(treeText(el)).to.equal('null')
  })

  it('parses its value attribute as JSON', async () => {
    const el = await fixture<GJson>(html`<g-json label="Data" value='{"a":[1,"x"],"b":null}'></g-json>`)
    expect(el.value).to.deep.equal({ a: [1, 'x'], b: null })
  })

  it('shows a string, a number and a boolean as JSON', async () => {
    const el = await fixture<GJson>(html`<g-json value='"hi"'></g-json>`)
    expect(treeText(el)).to.equal('"hi"')
    el.value = 3.5
    await el.updateComplete
    expect(treeText(el)).to.equal('3.5')
    el.value = false
    await el.updateComplete
    expect(treeText(el)).to.equal('false')
  })

  it('shows nested objects and lists, each key with its value', async () => {
    const el = await fixture<GJson>(
      html`<g-json label="User" value='{"name":"Ada","tags":["math",1843],"admin":true,"boss":null,"pets":[],"extra":{}}'></g-json>`,
    )
    const text = treeText(el)
    for (const part of ['name: "Ada"', '0: "math"', '1: 1843', 'admin: true', 'boss: null', 'pets: []', 'extra: {}']) {
      expect(text).to.contain(part)
    }
    expect(text.startsWith('{')).to.equal(true)
    expect(text.endsWith('}')).to.equal(true)
    // one open, foldable node for the object and one for the non-empty list
    const nodes = tree(el).querySelectorAll('details')
    expect(nodes).to.have.length(2)
    expect([...nodes].every((node) => node.open)).to.equal(true)
  })

  it('folds an object shut when its summary is clicked, then counts its keys', async () => {
    const el = await fixture<GJson>(html`<g-json label="User" value='{"a":1,"b":2}'></g-json>`)
    const node = tree(el).querySelector('details')!
    node.querySelector('summary')!.click()
    await new Promise((resolve) => node.addEventListener('toggle', resolve, { once: true }))
    expect(node.open).to.equal(false)
    expect(treeText(el)).to.equal('{2 keys}')
  })

  it('counts one item of a folded list in the singular, with its closing bracket', async () => {
    const el = await fixture<GJson>(html`<g-json label="Cart" value='{"toppings":["cheese"]}'></g-json>`)
    const list = tree(el).querySelectorAll('details')[1]!
    list.querySelector('summary')!.click()
    await new Promise((resolve) => list.addEventListener('toggle', resolve, { once: true }))
    expect(treeText(el)).to.equal('{ toppings: [1 item] }')
  })

  it('shows a value set from code', async () => {
    const el = await fixture<GJson>(html`<g-json label="Data" value="[1]"></g-json>`)
    el.value = { total: 12 }
    await el.updateComplete
    expect(treeText(el)).to.contain('total: 12')
    expect(treeText(el)).not.to.contain('0: 1')
  })

  it('names its tree, a group, by its label', async () => {
    const el = await fixture<GJson>(html`<g-json label="Cart contents" value="[]"></g-json>`)
    const label = inShadow(el, '[part=label]')
    expect(tree(el).getAttribute('role')).to.equal('group')
    expect(label.hidden).to.equal(false)
    expect(el.shadowRoot!.getElementById(tree(el).getAttribute('aria-labelledby')!)).to.equal(label)
    expect(label.textContent).to.equal('Cart contents')
  })

  it('shows pending as aria-busy', async () => {
    const el = await fixture<GJson>(html`<g-json label="Data"></g-json>`)
    el.pending = true
    await el.updateComplete
    expect(el.getAttribute('aria-busy')).to.equal('true')
    el.pending = false
    await el.updateComplete
    expect(el.hasAttribute('aria-busy')).to.equal(false)
  })

  it('is accessible', async () => {
    const el = await fixture<GJson>(html`<g-json label="User" value='{"name":"Ada","tags":["math"],"n":1,"ok":false}'></g-json>`)
    await expect(el).to.be.accessible()
  })
})
