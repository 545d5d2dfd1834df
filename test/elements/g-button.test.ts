import { expect, fixture, html } from '@open-wc/testing'
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands'
import { inShadow, record } from './_fixture.js'
import type { GButton } from '../../elements/g-button.js'
import { runFieldSuite } from './_field-suite.js'

/** Clicks the middle of an element with the real mouse. */
async function mouseClick(element: Element): Promise<void> {
  const box = element.getBoundingClientRect()
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] })
}

runFieldSuite({
  tag: 'g-button',
  role: 'button',
  empty: undefined,
  initial: ['3', '3'],
  sample: '7',
  shown: (el) => el.value,
  keyboard: () => sendKeys({ press: 'Enter' }),
  keyboardEvent: 'click',
  afterKeyboard: undefined,
  entries: [[], []],
  labelSlot: 'default',
})

describe('<g-button>', () => {
  afterEach(() => resetMouse())

  it('is a secondary, interactive, idle button with no value by default', async () => {
    const el = await fixture<GButton>(html`<g-button>Go</g-button>`)
    expect(el.variant).to.equal('secondary')
    expect(el.getAttribute('variant')).to.equal('secondary')
    expect(el.value).to.equal(undefined)
    expect(el.interactive).to.equal(true)
    expect(el.pending).to.equal(false)
    expect(el.hasAttribute('aria-busy')).to.equal(false)
  })

  it('renders a native button, part "base", that does not submit forms', async () => {
    const el = await fixture<GButton>(html`<g-button>Go</g-button>`)
    const button = inShadow<HTMLButtonElement>(el, '[part=base]')
    expect(button).to.be.instanceOf(HTMLButtonElement)
    expect(button.type).to.equal('button')
    expect(button.disabled).to.equal(false)
  })

  it('takes its label from the text in its slot', async () => {
    const el = await fixture<GButton>(html`<g-button>Add to <b>cart</b></g-button>`)
    const slot = inShadow<HTMLSlotElement>(el, '[part=base] slot')
    const text = slot
      .assignedNodes({ flatten: true })
      .map((node) => node.textContent)
      .join('')
    expect(text.trim()).to.equal('Add to cart')
  })

  it('reads value and variant from its attributes, and reflects variant', async () => {
    const el = await fixture<GButton>(html`<g-button value="3" variant="primary">Row 3</g-button>`)
    expect(el.value).to.equal('3')
    expect(el.variant).to.equal('primary')
    el.variant = 'stop'
    await el.updateComplete
    expect(el.getAttribute('variant')).to.equal('stop')
  })

  it('looks different as primary, stop and secondary', async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <g-button variant="primary">A</g-button><g-button variant="stop">B</g-button><g-button>C</g-button>
    </div>`)
    const backgrounds = [...el.querySelectorAll('g-button')].map((b) => getComputedStyle(inShadow(b, 'button')).backgroundColor)
    expect(new Set(backgrounds).size).to.equal(3)
  })

  it('fires one click when the user clicks it', async () => {
    const el = await fixture<GButton>(html`<g-button>Go</g-button>`)
    const clicks = record(el, 'click')
    await mouseClick(el)
    expect(clicks).to.have.length(1)
  })

  it('is reached with Tab and pressed with Enter or Space, as a native button', async () => {
    const el = await fixture<HTMLElement>(html`<div><input aria-label="before" /><g-button>Go</g-button></div>`)
    const button = el.querySelector('g-button')!
    const clicks = record(button, 'click')
    el.querySelector('input')!.focus()
    await sendKeys({ press: 'Tab' })
    expect(button.shadowRoot!.activeElement).to.equal(inShadow(button, 'button'))
    await sendKeys({ press: 'Enter' })
    await sendKeys({ press: 'Space' })
    expect(clicks).to.have.length(2)
  })

  it('fires no click when its value or variant is set from code', async () => {
    const el = await fixture<GButton>(html`<g-button>Go</g-button>`)
    const clicks = record(el, 'click')
    el.value = '7'
    el.variant = 'primary'
    await el.updateComplete
    expect(clicks).to.have.length(0)
  })

  it('disables its native button with interactive="false", and then a click fires nothing', async () => {
    const el = await fixture<GButton>(html`<g-button interactive="false">Go</g-button>`)
    expect(el.interactive).to.equal(false)
    expect(inShadow<HTMLButtonElement>(el, 'button').disabled).to.equal(true)
    const clicks = record(el, 'click')
    await mouseClick(el)
    expect(clicks).to.have.length(0)
  })

  it('turns back on when interactive is set to true', async () => {
    const el = await fixture<GButton>(html`<g-button interactive="false">Go</g-button>`)
    el.interactive = true
    await el.updateComplete
    expect(inShadow<HTMLButtonElement>(el, 'button').disabled).to.equal(false)
  })

  it('shows pending as aria-busy, and drops it when done', async () => {
    const el = await fixture<GButton>(html`<g-button>Go</g-button>`)
    el.pending = true
    await el.updateComplete
    expect(el.getAttribute('aria-busy')).to.equal('true')
    expect(el.hasAttribute('pending')).to.equal(true)
    el.pending = false
    await el.updateComplete
    expect(el.hasAttribute('aria-busy')).to.equal(false)
  })

  it('is accessible in every variant and when disabled', async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <g-button>Secondary</g-button>
      <g-button variant="primary">Primary</g-button>
      <g-button variant="stop">Stop</g-button>
      <g-button interactive="false">Off</g-button>
    </div>`)
    await expect(el).to.be.accessible()
  })
})
