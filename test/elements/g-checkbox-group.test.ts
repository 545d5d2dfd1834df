import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { inShadow, record } from './_fixture.js'
import type { GCheckboxGroup } from '../../elements/g-checkbox-group.js'
import { runFieldSuite } from './_field-suite.js'

const boxes = (el: GCheckboxGroup) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part=choice] input[type=checkbox]')]
/** Each choice as a user sees it: its label's text, and whether it is checked. */
const shown = (el: GCheckboxGroup) => boxes(el).map((box) => [box.labels![0]!.textContent!.trim(), box.checked])
const labelOf = (el: GCheckboxGroup, text: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLLabelElement>('[part=choice]')].find((label) => label.textContent!.trim() === text)!

runFieldSuite({
  tag: 'g-checkbox-group',
  base: `choices='["Milk","Water","Bread"]'`,
  role: 'group',
  empty: [],
  initial: ['["Water"]', ['Water']],
  sample: ['Milk', 'Bread'],
  shown: (el) => boxes(el as GCheckboxGroup).filter((box) => box.checked).map((box) => box.value),
  keyboard: async () => {
    await sendKeys({ press: 'Space' })
    await sendKeys({ press: 'Tab' })
    await sendKeys({ press: 'Tab' })
    await sendKeys({ press: 'Space' })
  },
  afterKeyboard: ['Milk', 'Bread'],
  entries: [[['f', 'Water']], [['f', 'Milk'], ['f', 'Bread']]],
  choices: { next: ['Tea', ['Coffee', 'c']], listed: (el) => boxes(el as GCheckboxGroup).map((box) => box.labels![0]!.textContent!.trim()) },
})

describe('<g-checkbox-group>', () => {
  it('has no choices and nothing checked by default', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items"></g-checkbox-group>`)
    expect(el.value).to.deep.equal([])
    expect(el.choices).to.equal(undefined)
    expect(boxes(el)).to.have.length(0)
  })

  it('renders a native checkbox for each choice of its JSON choices, tied to its label', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" choices='["Milk","Water","Bread"]'></g-checkbox-group>`)
    expect(el.choices).to.deep.equal(['Milk', 'Water', 'Bread'])
    expect(shown(el)).to.deep.equal([
      ['Milk', false],
      ['Water', false],
      ['Bread', false],
    ])
    expect(el.shadowRoot!.querySelectorAll('[part=choices] [part=choice]')).to.have.length(3)
  })

  it('checks the choices its JSON value lists', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" choices='["Milk","Water"]' value='["Water"]'></g-checkbox-group>`)
    expect(el.value).to.deep.equal(['Water'])
    expect(shown(el)).to.deep.equal([
      ['Milk', false],
      ['Water', true],
    ])
  })

  it('shows the label of a [label, value] pair and uses its value', async () => {
    const el = await fixture<GCheckboxGroup>(
      html`<g-checkbox-group label="Items" choices='[["Whole milk","milk"],["Still water","water"]]' value='["water"]'></g-checkbox-group>`,
    )
    expect(shown(el)).to.deep.equal([
      ['Whole milk', false],
      ['Still water', true],
    ])
    labelOf(el, 'Whole milk').click()
    expect(el.value).to.deep.equal(['milk', 'water'])
  })

  it('takes its choices from child <option>s when it has no choices attribute', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" value='["w"]'>
      <option value="m">Milk</option>
      <option value="w">Water</option>
      <option>Bread</option>
    </g-checkbox-group>`)
    expect(shown(el)).to.deep.equal([
      ['Milk', false],
      ['Water', true],
      ['Bread', false],
    ])
    labelOf(el, 'Bread').click()
    expect(el.value).to.deep.equal(['w', 'Bread'])
  })

  it('does not show its child <option>s as text of its own', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items"><option>Milk</option></g-checkbox-group>`)
    expect(el.querySelector('option')!.getClientRects()).to.have.length(0)
  })

  it('names the group by its legend, part "label"', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" choices='["Milk"]'></g-checkbox-group>`)
    const legend = inShadow(el, 'fieldset > legend[part=label]')
    expect(legend.textContent).to.equal('Items')
    expect(legend.hidden).to.equal(false)
  })

  it('names an unlabelled group after its name', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group name="items" choices='["Milk"]'></g-checkbox-group>`)
    expect(inShadow(el, 'fieldset').getAttribute('aria-label')).to.equal('items')
  })

  it('fires change when the user checks a choice, its value following the order of the choices', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" choices='["Milk","Water","Bread"]' value='["Bread"]'></g-checkbox-group>`)
    const seen: string[][] = []
    el.addEventListener('change', () => seen.push(el.value))
    labelOf(el, 'Milk').click()
    labelOf(el, 'Water').click()
    expect(seen).to.deep.equal([
      ['Milk', 'Bread'],
      ['Milk', 'Water', 'Bread'],
    ])
  })

  it('fires change when the user unchecks a choice', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" choices='["Milk","Water"]' value='["Milk","Water"]'></g-checkbox-group>`)
    const changes = record(el, 'change')
    labelOf(el, 'Milk').click()
    expect(changes).to.have.length(1)
    expect(el.value).to.deep.equal(['Water'])
  })

  it('fires one change per click, which crosses shadow roots with the group as its target', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div><g-checkbox-group label="Items" choices='["Milk"]'></g-checkbox-group></div>`)
    const el = wrapper.querySelector('g-checkbox-group')!
    const changes = record(wrapper, 'change')
    labelOf(el, 'Milk').click()
    expect(changes).to.have.length(1)
    expect(changes[0]!.composed).to.equal(true)
    expect(changes[0]!.target).to.equal(el)
  })

  it('is used with the keyboard: Tab to a choice, Space to check it', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>
      <input aria-label="before" /><g-checkbox-group label="Items" choices='["Milk","Water"]'></g-checkbox-group>
    </div>`)
    const el = wrapper.querySelector('g-checkbox-group')!
    const changes = record(el, 'change')
    wrapper.querySelector('input')!.focus()
    await sendKeys({ press: 'Tab' })
    await sendKeys({ press: 'Tab' })
    await sendKeys({ press: 'Space' })
    expect(changes).to.have.length(1)
    expect(el.value).to.deep.equal(['Water'])
  })

  it('shows a value and choices set from code, and fires no change for them', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" choices='["Milk","Water"]'></g-checkbox-group>`)
    const changes = record(el, 'change')
    el.value = ['Milk']
    await el.updateComplete
    expect(shown(el)).to.deep.equal([
      ['Milk', true],
      ['Water', false],
    ])
    el.choices = ['Tea', 'Milk']
    await el.updateComplete
    expect(shown(el)).to.deep.equal([
      ['Tea', false],
      ['Milk', true],
    ])
    expect(changes).to.have.length(0)
  })

  it('disables every checkbox with interactive="false", so clicks change nothing', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" choices='["Milk","Water"]' interactive="false"></g-checkbox-group>`)
    expect(boxes(el).map((box) => box.matches(':disabled'))).to.deep.equal([true, true])
    const changes = record(el, 'change')
    labelOf(el, 'Milk').click()
    expect(changes).to.have.length(0)
    expect(el.value).to.deep.equal([])
  })

  it('shows pending as aria-busy', async () => {
    const el = await fixture<GCheckboxGroup>(html`<g-checkbox-group label="Items" choices='["Milk"]'></g-checkbox-group>`)
    el.pending = true
    await el.updateComplete
    expect(el.getAttribute('aria-busy')).to.equal('true')
    el.pending = false
    await el.updateComplete
    expect(el.hasAttribute('aria-busy')).to.equal(false)
  })

  it('is accessible, labelled, named or disabled', async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <g-checkbox-group label="Items" choices='["Milk","Water"]' value='["Milk"]'></g-checkbox-group>
      <g-checkbox-group name="extras" choices='[["Whole milk","milk"]]'></g-checkbox-group>
      <g-checkbox-group label="Fixed" interactive="false"><option>Tea</option></g-checkbox-group>
    </div>`)
    await expect(el).to.be.accessible()
  })
})
