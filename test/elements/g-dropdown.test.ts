import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { inShadow, record, typeInto } from './_fixture.js'
import { runFieldSuite } from './_field-suite.js'
import type { GDropdown } from '../../elements/g-dropdown.js'
import type { GField } from '../../elements/internal/field.js'

const select = (el: GField) => inShadow<HTMLSelectElement>(el, 'select')
const combobox = (el: GField) => inShadow<HTMLInputElement>(el, '[role=combobox]')
const listbox = (el: GField) => inShadow(el, '[role=listbox]')
const options = (el: GField) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]')]
const tags = (el: GField) => [...el.shadowRoot!.querySelectorAll('[part=tag] > span:first-child')].map((tag) => tag.textContent!.trim())
const choices = `choices='["Small","Medium","Large"]'`

runFieldSuite({
  tag: 'g-dropdown',
  base: choices,
  role: 'combobox',
  empty: null,
  initial: ['Medium', 'Medium'],
  sample: 'Large',
  shown: (el) => select(el).value || null,
  keyboard: () => sendKeys({ press: 'ArrowDown' }),
  afterKeyboard: 'Small',
  entries: [[['f', 'Medium']], [['f', 'Small']]],
  choices: { next: ['Tea', ['Coffee', 'c']], listed: (el) => [...select(el).options].filter((o) => !o.disabled).map((o) => o.text) },
})

runFieldSuite({
  tag: 'g-dropdown',
  base: `${choices} multiselect filterable`,
  role: 'combobox',
  empty: [],
  initial: ['["Medium"]', ['Medium']],
  sample: ['Small', 'Large'],
  shown: tags,
  keyboard: async () => {
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
  },
  afterKeyboard: ['Small'],
  entries: [[['f', 'Medium']], [['f', 'Small']]],
})

describe('<g-dropdown>', () => {
  it('renders a native select of its choices, or of its <option>s, showing its value', async () => {
    const el = await fixture<GDropdown>(html`<g-dropdown label="Size" choices='["S",["Large","L"]]' value="L"></g-dropdown>`)
    expect([...select(el).options].map((o) => [o.text, o.value])).to.deep.equal([['S', 'S'], ['Large', 'L']])
    expect(select(el).value).to.equal('L')
    const fromOptions = await fixture<GDropdown>(html`<g-dropdown label="Size"><option value="s">Small</option><option>Big</option></g-dropdown>`)
    expect([...select(fromOptions).options].map((o) => o.text)).to.deep.equal(['', 'Small', 'Big'])
    expect(fromOptions.value).to.equal(null)
  })

  it('fires change when the user picks another choice of the select', async () => {
    const el = await fixture<GDropdown>(html`<g-dropdown label="Size" ${''} choices='["S","M","L"]' value="S"></g-dropdown>`)
    const changes = record(el, 'change')
    select(el).focus()
    await sendKeys({ press: 'ArrowDown' })
    expect([el.value, changes.length]).to.deep.equal(['M', 1])
  })

  describe('as a combobox', () => {
    it('opens its listbox with the arrow keys, moves through the choices, and picks one with Enter', async () => {
      const el = await fixture<GDropdown>(html`<g-dropdown label="Size" filterable choices='["S","M","L"]' value="M"></g-dropdown>`)
      const input = combobox(el)
      expect([input.value, input.getAttribute('aria-expanded'), listbox(el).hidden]).to.deep.equal(['M', 'false', true])
      const changes = record(el, 'change')
      input.focus()
      await sendKeys({ press: 'ArrowDown' })
      await el.updateComplete
      expect([input.getAttribute('aria-expanded'), listbox(el).hidden]).to.deep.equal(['true', false])
      expect(input.getAttribute('aria-activedescendant')).to.equal('o1')
      expect(options(el).map((o) => o.getAttribute('aria-selected'))).to.deep.equal(['false', 'true', 'false'])
      await sendKeys({ press: 'ArrowDown' })
      await el.updateComplete
      expect(input.getAttribute('aria-activedescendant')).to.equal('o2')
      await sendKeys({ press: 'Enter' })
      await el.updateComplete
      expect([el.value, changes.length, input.value, input.getAttribute('aria-expanded')]).to.deep.equal(['L', 1, 'L', 'false'])
    })

    it('filters its choices as the user types, and Escape closes the list without a change', async () => {
      const el = await fixture<GDropdown>(html`<g-dropdown label="Fruit" filterable choices='["Apple","Banana","Blueberry","Cherry"]'></g-dropdown>`)
      const changes = record(el, 'change', 'input')
      await typeInto(combobox(el), 'b')
      await el.updateComplete
      expect(options(el).map((o) => o.textContent)).to.deep.equal(['Banana', 'Blueberry'])
      await typeInto(combobox(el), 'lu')
      await el.updateComplete
      expect(options(el).map((o) => o.textContent)).to.deep.equal(['Blueberry'])
      await sendKeys({ press: 'Escape' })
      await el.updateComplete
      expect([listbox(el).hidden, combobox(el).value, el.value, changes.length]).to.deep.equal([true, '', null, 0])
      await typeInto(combobox(el), 'ch')
      await sendKeys({ press: 'Enter' })
      expect([el.value, changes.length]).to.deep.equal(['Cherry', 1])
    })

    it('is accessible with its list open, single or multiselect', async () => {
      const el = await fixture<HTMLElement>(html`<div>
        <g-dropdown label="One" filterable allow-custom-value choices='["S","M"]' value="M"></g-dropdown>
        <g-dropdown label="Several" multiselect choices='["S","M"]' value='["S"]'></g-dropdown>
      </div>`)
      for (const dropdown of el.querySelectorAll('g-dropdown')) {
        combobox(dropdown).focus()
        await sendKeys({ press: 'ArrowDown' })
        await dropdown.updateComplete
        expect(combobox(dropdown).getAttribute('aria-expanded')).to.equal('true')
        await expect(el).to.be.accessible()
      }
    })

    it('says so when no choice matches', async () => {
      const el = await fixture<GDropdown>(html`<g-dropdown label="Fruit" filterable choices='["Apple"]'></g-dropdown>`)
      await typeInto(combobox(el), 'zz')
      await el.updateComplete
      expect(inShadow(el, '.empty').hidden).to.equal(false)
    })

    it('drops typed text that is not a choice, unless allow-custom-value takes it', async () => {
      const strict = await fixture<GDropdown>(html`<g-dropdown label="Fruit" filterable choices='["Apple"]' value="Apple"></g-dropdown>`)
      await typeInto(combobox(strict), 'Durian')
      await sendKeys({ press: 'Enter' })
      combobox(strict).blur()
      await strict.updateComplete
      expect([strict.value, combobox(strict).value]).to.deep.equal(['Apple', 'Apple'])
      const open = await fixture<GDropdown>(html`<g-dropdown label="Fruit" allow-custom-value choices='["Apple"]'></g-dropdown>`)
      const changes = record(open, 'change')
      await typeInto(combobox(open), 'Durian')
      await sendKeys({ press: 'Enter' })
      expect([open.value, changes.length]).to.deep.equal(['Durian', 1])
      await typeInto(combobox(open), 'x')
      combobox(open).blur()
      expect([open.value, changes.length]).to.deep.equal(['Durianx', 2])
    })

    it('shows its list above everything, unclipped by an ancestor that hides its overflow', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div style="overflow: hidden; height: 6rem">
        <g-dropdown label="Size" filterable choices='["S","M","L","XL"]'></g-dropdown>
      </div>`)
      const el = wrapper.querySelector('g-dropdown')!
      combobox(el).focus()
      await sendKeys({ press: 'ArrowDown' })
      await el.updateComplete
      const last = options(el)[3]!.getBoundingClientRect()
      expect(last.top).to.be.greaterThan(wrapper.getBoundingClientRect().bottom)
      expect(document.elementFromPoint(last.left + 5, last.top + last.height / 2)).to.equal(el)
      await sendKeys({ press: 'Escape' })
      await el.updateComplete
      expect(inShadow(el, '.popup').matches(':popover-open')).to.equal(false)
    })

    it('picks a choice the user clicks', async () => {
      const el = await fixture<GDropdown>(html`<g-dropdown label="Size" filterable choices='["S","M"]'></g-dropdown>`)
      inShadow(el, '.combo').click()
      await el.updateComplete
      options(el)[1]!.click()
      await el.updateComplete
      expect([el.value, listbox(el).hidden]).to.deep.equal(['M', true])
    })
  })

  describe('with multiselect', () => {
    it('keeps the list open and adds each picked choice as a tag, in the order picked', async () => {
      const el = await fixture<GDropdown>(html`<g-dropdown label="Tags" multiselect choices='["a","b","c"]'></g-dropdown>`)
      expect(listbox(el).getAttribute('aria-multiselectable')).to.equal('true')
      const seen: unknown[] = []
      el.addEventListener('change', () => seen.push(el.value))
      combobox(el).focus()
      await sendKeys({ press: 'ArrowDown' })
      await sendKeys({ press: 'ArrowDown' })
      await sendKeys({ press: 'ArrowDown' })
      await sendKeys({ press: 'Enter' })
      await sendKeys({ press: 'ArrowUp' })
      await sendKeys({ press: 'Enter' })
      await el.updateComplete
      expect(seen).to.deep.equal([['c'], ['c', 'b']])
      expect(tags(el)).to.deep.equal(['c', 'b'])
      expect(listbox(el).hidden).to.equal(false)
      expect(options(el).map((o) => o.getAttribute('aria-selected'))).to.deep.equal(['false', 'true', 'true'])
    })

    it('jumps to the last and first choice with End and Home, and follows the pointer', async () => {
      const el = await fixture<GDropdown>(html`<g-dropdown label="Tags" multiselect choices='["a","b","c"]'></g-dropdown>`)
      combobox(el).focus()
      await sendKeys({ press: 'ArrowDown' })
      await sendKeys({ press: 'End' })
      await el.updateComplete
      expect(combobox(el).getAttribute('aria-activedescendant')).to.equal('o2')
      await sendKeys({ press: 'Home' })
      await el.updateComplete
      expect(combobox(el).getAttribute('aria-activedescendant')).to.equal('o0')
      options(el)[1]!.dispatchEvent(new PointerEvent('pointermove', { bubbles: true }))
      await el.updateComplete
      expect(combobox(el).getAttribute('aria-activedescendant')).to.equal('o1')
    })

    it('removes a picked choice with Enter again, with Backspace (the last), or with a click on its ×', async () => {
      const el = await fixture<GDropdown>(html`<g-dropdown label="Tags" multiselect choices='["a","b","c"]' value='["a","b","c"]'></g-dropdown>`)
      combobox(el).focus()
      await sendKeys({ press: 'Backspace' })
      expect(el.value).to.deep.equal(['a', 'b'])
      await sendKeys({ press: 'ArrowDown' })
      await sendKeys({ press: 'Enter' })
      expect(el.value).to.deep.equal(['b'])
      await el.updateComplete
      inShadow(el, '[part=tag] .remove').click()
      expect(el.value).to.deep.equal([])
    })

    it('reads its value as a JSON list, and reports a broken one instead of half-reading it', async () => {
      const el = await fixture<GDropdown>(html`<g-dropdown label="Tags" multiselect choices='["a","b"]' value='["a",'></g-dropdown>`)
      expect(el.value).to.deep.equal([])
      expect(el.jsonAttributeNames).to.deep.equal(['value', 'choices'])
      expect(el.error).to.contain('value attribute is not valid JSON')
    })
  })
})
