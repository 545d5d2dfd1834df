import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { inShadow, record } from './_fixture.js'
import { runFieldSuite } from './_field-suite.js'
import type { GCheckbox } from '../../elements/g-checkbox.js'
import type { GField } from '../../elements/internal/field.js'

const box = (el: GField) => inShadow<HTMLInputElement>(el, 'input[type=checkbox]')

runFieldSuite({
  tag: 'g-checkbox',
  role: 'checkbox',
  empty: false,
  initial: ['true', true],
  sample: true,
  shown: (el) => box(el).checked,
  keyboard: () => sendKeys({ press: 'Space' }),
  afterKeyboard: true,
  entries: [[['f', 'on']], [['f', 'on']]],
})

describe('<g-checkbox>', () => {
  it('reads value, value="true" and value="" as checked, value="false" and none as unchecked', async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <g-checkbox label="a" value></g-checkbox><g-checkbox label="b" value="true"></g-checkbox>
      <g-checkbox label="c" value="false"></g-checkbox><g-checkbox label="d"></g-checkbox>
    </div>`)
    const boxes = [...el.querySelectorAll('g-checkbox')]
    expect(boxes.map((b) => b.value)).to.deep.equal([true, true, false, false])
    expect(boxes.map((b) => box(b).checked)).to.deep.equal([true, true, false, false])
  })

  it('has its label beside the box, and a click on the label toggles it', async () => {
    const el = await fixture<GCheckbox>(html`<g-checkbox label="Stream"></g-checkbox>`)
    const changes = record(el, 'change')
    const label = inShadow(el, '[part=label]')
    expect(box(el).labels![0]).to.equal(label)
    label.click()
    expect([el.value, changes.length]).to.deep.equal([true, 1])
    label.click()
    expect([el.value, changes.length]).to.deep.equal([false, 2])
  })

  it('submits nothing in a form when unchecked', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><g-checkbox name="agree" label="Agree"></g-checkbox></form>`)
    expect([...new FormData(form)]).to.deep.equal([])
  })

  it('shows a value set from code, even after the user toggled it', async () => {
    const el = await fixture<GCheckbox>(html`<g-checkbox label="Stream"></g-checkbox>`)
    inShadow(el, '[part=label]').click()
    el.value = false
    await el.updateComplete
    expect(box(el).checked).to.equal(false)
  })
})
