import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { inShadow, record } from './_fixture.js'
import type { GAccordion } from '../../elements/g-accordion.js'

const header = (el: GAccordion) => inShadow<HTMLButtonElement>(el, '[part=header]')
const content = (el: GAccordion) => inShadow(el, '[part=content]')
const isShown = (el: GAccordion) => getComputedStyle(content(el)).display !== 'none'

describe('<g-accordion>', () => {
  it('is closed by default: a button named by its label, not expanded, the content hidden', async () => {
    const el = await fixture<GAccordion>(html`<g-accordion label="Details"><p>inside</p></g-accordion>`)
    expect(el.open).to.equal(false)
    expect(header(el).localName).to.equal('button')
    expect(header(el).textContent!.trim()).to.equal('Details')
    expect(header(el).getAttribute('aria-expanded')).to.equal('false')
    expect(isShown(el)).to.equal(false)
  })

  it('starts open with open, its content a region named by the label', async () => {
    const el = await fixture<GAccordion>(html`<g-accordion label="Details" open><p>inside</p></g-accordion>`)
    expect(isShown(el)).to.equal(true)
    expect(header(el).getAttribute('aria-expanded')).to.equal('true')
    expect(content(el).getAttribute('role')).to.equal('region')
    expect(el.shadowRoot!.getElementById(content(el).getAttribute('aria-labelledby')!)).to.equal(header(el))
    expect(header(el).getAttribute('aria-controls')).to.equal(content(el).id)
  })

  it('opens and closes on click, reflecting open and firing toggle', async () => {
    const el = await fixture<GAccordion>(html`<g-accordion label="Details"><p>inside</p></g-accordion>`)
    const toggles = record(el, 'toggle')
    header(el).click()
    await el.updateComplete
    expect(el.open).to.equal(true)
    expect(el.hasAttribute('open')).to.equal(true)
    expect(isShown(el)).to.equal(true)
    header(el).click()
    await el.updateComplete
    expect(el.hasAttribute('open')).to.equal(false)
    expect(toggles).to.have.length(2)
  })

  it('opens and closes from the keyboard: Enter and Space', async () => {
    const el = await fixture<GAccordion>(html`<g-accordion label="Details"><p>inside</p></g-accordion>`)
    header(el).focus()
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    expect(el.open).to.equal(true)
    await sendKeys({ press: 'Space' })
    await el.updateComplete
    expect(el.open).to.equal(false)
    expect(isShown(el)).to.equal(false)
  })

  it('opens when open is set from code, without toggle', async () => {
    const el = await fixture<GAccordion>(html`<g-accordion label="Details"><p>inside</p></g-accordion>`)
    const toggles = record(el, 'toggle')
    el.open = true
    await el.updateComplete
    expect(isShown(el)).to.equal(true)
    expect(toggles).to.have.length(0)
  })

  it('is accessible, open and closed', async () => {
    await expect(await fixture<GAccordion>(html`<g-accordion label="Details"><p>inside</p></g-accordion>`)).to.be.accessible()
    await expect(await fixture<GAccordion>(html`<g-accordion label="Details" open><p>inside</p></g-accordion>`)).to.be.accessible()
  })
})
