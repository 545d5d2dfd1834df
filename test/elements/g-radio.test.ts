import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { inShadow, record } from './_fixture.js'
import { runFieldSuite } from './_field-suite.js'
import type { GRadio } from '../../elements/g-radio.js'
import type { GField } from '../../elements/internal/field.js'

const radios = (el: GField) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')]
const labels = (el: GField) => radios(el).map((radio) => radio.labels![0]!.textContent!.trim())

runFieldSuite({
  tag: 'g-radio',
  base: `choices='["Small","Medium","Large"]'`,
  role: 'radiogroup',
  empty: null,
  initial: ['Medium', 'Medium'],
  sample: 'Large',
  shown: (el) => radios(el).find((radio) => radio.checked)?.value ?? null,
  keyboard: () => sendKeys({ press: 'ArrowDown' }),
  afterKeyboard: 'Medium',
  entries: [[['f', 'Medium']], [['f', 'Medium']]],
  choices: { next: ['Tea', ['Coffee', 'c']], listed: labels },
})

describe('<g-radio>', () => {
  it('renders a radiogroup of native radios, each named by its choice, from JSON choices or <option>s', async () => {
    const el = await fixture<GRadio>(html`<g-radio label="Size" choices='["S",["Large","L"]]' value="L"></g-radio>`)
    expect(inShadow(el, '[part=choices]').getAttribute('role')).to.equal('radiogroup')
    expect(labels(el)).to.deep.equal(['S', 'Large'])
    expect(radios(el).map((radio) => radio.checked)).to.deep.equal([false, true])
    const options = await fixture<GRadio>(html`<g-radio label="Size"><option value="s">Small</option><option>Big</option></g-radio>`)
    expect(labels(options)).to.deep.equal(['Small', 'Big'])
    expect(radios(options).map((radio) => radio.value)).to.deep.equal(['s', 'Big'])
  })

  it('moves to and checks the next and previous choice with the arrow keys, wrapping around', async () => {
    const el = await fixture<GRadio>(html`<g-radio label="Size" choices='["S","M","L"]' value="M"></g-radio>`)
    const seen: Array<string | null> = []
    el.addEventListener('change', () => seen.push(el.value))
    radios(el)[1]!.focus()
    await sendKeys({ press: 'ArrowRight' })
    await sendKeys({ press: 'ArrowRight' })
    await sendKeys({ press: 'ArrowLeft' })
    await sendKeys({ press: 'ArrowUp' })
    expect(seen).to.deep.equal(['L', 'S', 'L', 'M'])
    expect(el.shadowRoot!.activeElement).to.equal(radios(el)[1])
  })

  it('is entered with Tab at its checked choice, and left with one more Tab', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>
      <input aria-label="before" /><g-radio label="Size" choices='["S","M","L"]' value="L"></g-radio><input aria-label="after" />
    </div>`)
    const el = wrapper.querySelector('g-radio')!
    wrapper.querySelector('input')!.focus()
    await sendKeys({ press: 'Tab' })
    expect(el.shadowRoot!.activeElement).to.equal(radios(el)[2])
    await sendKeys({ press: 'Tab' })
    expect(document.activeElement).to.equal(wrapper.querySelector('[aria-label=after]'))
  })

  it('checks a choice that the user clicks, firing one change', async () => {
    const el = await fixture<GRadio>(html`<g-radio label="Size" choices='["S","M"]'></g-radio>`)
    const changes = record(el, 'change')
    radios(el)[1]!.labels![0]!.click()
    expect([el.value, changes.length]).to.deep.equal(['M', 1])
  })

  it('checks nothing for a value that is not a choice', async () => {
    const el = await fixture<GRadio>(html`<g-radio label="Size" choices='["S","M"]' value="XL"></g-radio>`)
    expect(radios(el).some((radio) => radio.checked)).to.equal(false)
  })
})
