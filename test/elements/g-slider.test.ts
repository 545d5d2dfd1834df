import { expect, fixture, html } from '@open-wc/testing'
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands'
import { inShadow, record, typeInto } from './_fixture.js'
import { runFieldSuite } from './_field-suite.js'
import type { GSlider } from '../../elements/g-slider.js'
import type { GField } from '../../elements/internal/field.js'

const range = (el: GField) => inShadow<HTMLInputElement>(el, 'input[type=range]')

runFieldSuite({
  tag: 'g-slider',
  role: 'slider',
  empty: 0,
  initial: ['30', 30],
  sample: 55,
  shown: (el) => range(el).valueAsNumber,
  keyboard: () => sendKeys({ press: 'ArrowRight' }),
  afterKeyboard: 1,
  entries: [[['f', '30']], [['f', '1']]],
})

describe('<g-slider>', () => {
  afterEach(() => resetMouse())

  it('passes min, max and step to its native range, and starts at min without a value', async () => {
    const el = await fixture<GSlider>(html`<g-slider label="Volume" min="10" max="20" step="0.5"></g-slider>`)
    expect([el.min, el.max, el.step, el.value]).to.deep.equal([10, 20, 0.5, 10])
    expect([range(el).min, range(el).max, range(el).step, range(el).value]).to.deep.equal(['10', '20', '0.5', '10'])
  })

  it('shows its value beside the label, following the user', async () => {
    const el = await fixture<GSlider>(html`<g-slider label="Volume" value="4" max="10"></g-slider>`)
    expect(inShadow(el, '[part=value]').textContent).to.equal('4')
    range(el).focus()
    await sendKeys({ press: 'ArrowRight' })
    await el.updateComplete
    expect(inShadow(el, '[part=value]').textContent).to.equal('5')
  })

  it('fires input, change and release for each key step, with the value already updated', async () => {
    const el = await fixture<GSlider>(html`<g-slider label="Volume" value="4" max="10"></g-slider>`)
    const seen: string[] = []
    for (const type of ['input', 'change', 'release']) el.addEventListener(type, () => seen.push(`${type} ${el.value}`))
    range(el).focus()
    await sendKeys({ press: 'End' })
    expect(seen).to.deep.equal(['input 10', 'change 10', 'release 10'])
  })

  it('fires input while dragged, and change and release once, when the mouse lets go', async () => {
    const el = await fixture<GSlider>(html`<g-slider label="Volume" value="0" max="100"></g-slider>`)
    const box = range(el).getBoundingClientRect()
    const y = Math.round(box.y + box.height / 2)
    const inputs = record(el, 'input')
    const ends = record(el, 'change', 'release')
    await sendMouse({ type: 'move', position: [Math.round(box.x + 4), y] })
    await sendMouse({ type: 'down' })
    await sendMouse({ type: 'move', position: [Math.round(box.x + box.width / 4), y] })
    await sendMouse({ type: 'move', position: [Math.round(box.x + box.width / 2), y] })
    expect(ends).to.have.length(0)
    await sendMouse({ type: 'up' })
    expect(inputs.length).to.be.greaterThan(0)
    expect(ends.map((event) => event.type)).to.deep.equal(['change', 'release'])
    expect(el.value).to.be.within(40, 60)
  })

  it('takes a typed value in its number box, kept within min and max', async () => {
    const el = await fixture<GSlider>(html`<g-slider label="Tokens" max="100" number-box></g-slider>`)
    const box = inShadow<HTMLInputElement>(el, '[part=number]')
    const changes = record(el, 'change', 'release')
    box.select()
    await typeInto(box, '250')
    await sendKeys({ press: 'Tab' })
    expect(el.value).to.equal(100)
    expect(range(el).value).to.equal('100')
    expect(changes.map((event) => event.type)).to.deep.equal(['change', 'release'])
  })

  it('turns off its range and number box with interactive="false"', async () => {
    const el = await fixture<GSlider>(html`<g-slider label="Tokens" number-box interactive="false"></g-slider>`)
    expect([range(el).disabled, inShadow<HTMLInputElement>(el, '[part=number]').disabled]).to.deep.equal([true, true])
  })
})
