import { expect, fixture, html } from '@open-wc/testing'
import { inShadow } from './_fixture.js'
import type { GGroup } from '../../elements/g-group.js'

describe('<g-group>', () => {
  it('shows its children in one panel, one above the other', async () => {
    const el = await fixture<GGroup>(html`<g-group><g-textbox label="A"></g-textbox><g-textbox label="B"></g-textbox></g-group>`)
    const base = inShadow(el, '[part=base]')
    expect(inShadow<HTMLSlotElement>(el, 'slot').assignedElements()).to.have.length(2)
    expect(getComputedStyle(base).flexDirection).to.equal('column')
    const [a, b] = [...el.children].map((child) => child.getBoundingClientRect())
    expect(b!.top).to.be.greaterThan(a!.bottom - 1)
  })

  it('is a group named by its label when it has one, and no group otherwise', async () => {
    const named = await fixture<GGroup>(html`<g-group label="Address"><g-textbox label="Street"></g-textbox></g-group>`)
    expect(inShadow(named, '[part=base]').getAttribute('role')).to.equal('group')
    expect(inShadow(named, '[part=base]').getAttribute('aria-label')).to.equal('Address')
    const plain = await fixture<GGroup>(html`<g-group><g-textbox label="Street"></g-textbox></g-group>`)
    expect(inShadow(plain, '[part=base]').hasAttribute('aria-label')).to.equal(false)
  })

  it('takes the gap between its children from --g-gap', async () => {
    const el = await fixture<GGroup>(html`<g-group style="--g-gap: 3px"><span>a</span><span>b</span></g-group>`)
    expect(getComputedStyle(inShadow(el, '[part=base]')).rowGap).to.equal('3px')
  })

  it('is accessible', async () => {
    const el = await fixture<GGroup>(html`<g-group label="Address"><g-textbox label="Street"></g-textbox></g-group>`)
    await expect(el).to.be.accessible()
  })
})
