import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { inShadow, pressIn, record, typeInto } from './_fixture.js'
import type { GNumber } from '../../elements/g-number.js'
import { runFieldSuite } from './_field-suite.js'

const control = (el: GNumber) => inShadow<HTMLInputElement>(el, '[part=control]')

runFieldSuite({
  tag: 'g-number',
  role: 'spinbutton',
  empty: null,
  initial: ['42.5', 42.5],
  sample: 7,
  shown: (el) => inShadow<HTMLInputElement>(el, '[part=control]').valueAsNumber,
  keyboard: async () => {
    await sendKeys({ type: '12' })
    await sendKeys({ press: 'Enter' })
  },
  afterKeyboard: 12,
  entries: [[['f', '42.5']], [['f', '12']]],
})

describe('<g-number>', () => {
  it('is empty, and reads as null, by default', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age"></g-number>`)
    expect(el.value).to.equal(null)
    expect(el.min).to.equal(undefined)
    expect(el.max).to.equal(undefined)
    expect(el.step).to.equal(undefined)
    expect(control(el).type).to.equal('number')
    expect(control(el).value).to.equal('')
  })

  it('reads value, min, max and step from its attributes and passes them to its input', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age" value="42.5" min="0" max="120" step="0.5"></g-number>`)
    expect(el.value).to.equal(42.5)
    expect(el.min).to.equal(0)
    expect(el.max).to.equal(120)
    expect(el.step).to.equal('0.5')
    expect(control(el).value).to.equal('42.5')
    expect(control(el).min).to.equal('0')
    expect(control(el).max).to.equal('120')
    expect(control(el).step).to.equal('0.5')
  })

  it('reads an empty or non-numeric value attribute as null', async () => {
    const empty = await fixture<GNumber>(html`<g-number label="A" value=""></g-number>`)
    const text = await fixture<GNumber>(html`<g-number label="B" value="many"></g-number>`)
    expect(empty.value).to.equal(null)
    expect(text.value).to.equal(null)
  })

  it('ties its native input to its visible label', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Quantity"></g-number>`)
    expect(control(el).labels![0]).to.equal(inShadow(el, '[part=label]'))
    expect(control(el).labels![0]!.textContent).to.equal('Quantity')
  })

  it('names an unlabelled input after its name', async () => {
    const el = await fixture<GNumber>(html`<g-number name="size"></g-number>`)
    expect(inShadow(el, '[part=label]').hidden).to.equal(true)
    expect(control(el).getAttribute('aria-label')).to.equal('size')
  })

  it('shows a value set from code, and empties for null', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age"></g-number>`)
    el.value = 7
    await el.updateComplete
    expect(control(el).value).to.equal('7')
    el.value = null
    await el.updateComplete
    expect(control(el).value).to.equal('')
  })

  it('fires input as the user types, with value the number typed so far', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age"></g-number>`)
    const seen: Array<number | null> = []
    el.addEventListener('input', () => seen.push(el.value))
    await typeInto(control(el), '42')
    expect(seen).to.deep.equal([4, 42])
  })

  it('fires input when the user steps with the arrow keys, by step', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age" value="1" step="5" min="-4"></g-number>`)
    const inputs = record(el, 'input')
    control(el).focus()
    await sendKeys({ press: 'ArrowUp' })
    expect(el.value).to.equal(6)
    expect(inputs).to.have.length(1)
  })

  it('reads as null again when the user clears it', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age" value="3"></g-number>`)
    const inputs = record(el, 'input')
    control(el).select()
    await sendKeys({ press: 'Backspace' })
    expect(inputs).to.have.length(1)
    expect(el.value).to.equal(null)
  })

  it('fires change when the user leaves the field after editing it', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age"></g-number>`)
    const changes = record(el, 'change')
    await typeInto(control(el), '5')
    control(el).blur()
    expect(changes).to.have.length(1)
    expect(changes[0]!.composed).to.equal(true)
    expect(el.value).to.equal(5)
  })

  it('fires submit when the user presses Enter', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age"></g-number>`)
    const submits = record(el, 'submit')
    await typeInto(control(el), '12')
    await pressIn(control(el), 'Enter')
    expect(submits).to.have.length(1)
    expect(el.value).to.equal(12)
  })

  it('fires no input, change or submit when its value is set from code', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age"></g-number>`)
    const events = record(el, 'input', 'change', 'submit')
    el.value = 3
    await el.updateComplete
    expect(events).to.have.length(0)
  })

  it('disables its input with interactive="false", so typing changes nothing', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age" value="1" interactive="false"></g-number>`)
    expect(control(el).disabled).to.equal(true)
    const events = record(el, 'input', 'change', 'submit')
    await typeInto(control(el), '9')
    expect(el.value).to.equal(1)
    expect(events).to.have.length(0)
  })

  it('shows pending as aria-busy', async () => {
    const el = await fixture<GNumber>(html`<g-number label="Age"></g-number>`)
    el.pending = true
    await el.updateComplete
    expect(el.getAttribute('aria-busy')).to.equal('true')
    el.pending = false
    await el.updateComplete
    expect(el.hasAttribute('aria-busy')).to.equal(false)
  })

  it('is accessible, labelled, named or disabled', async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <g-number label="Age" value="3" min="0"></g-number>
      <g-number name="size"></g-number>
      <g-number label="Fixed" interactive="false"></g-number>
    </div>`)
    await expect(el).to.be.accessible()
  })
})
