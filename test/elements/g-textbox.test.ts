import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { inShadow, pressIn, record, typeInto } from './_fixture.js'
import type { GTextbox } from '../../elements/g-textbox.js'
import { runFieldSuite } from './_field-suite.js'

const control = (el: GTextbox) => inShadow<HTMLInputElement>(el, '[part=control]')

runFieldSuite({
  tag: 'g-textbox',
  role: 'textbox',
  empty: '',
  initial: ['Ada', 'Ada'],
  sample: 'Grace',
  shown: (el) => inShadow<HTMLInputElement>(el, '[part=control]').value,
  keyboard: async () => {
    await sendKeys({ type: 'abc' })
    await sendKeys({ press: 'Enter' })
  },
  afterKeyboard: 'abc',
  entries: [[['f', 'Ada']], [['f', 'abc']]],
})

describe('<g-textbox>', () => {
  it('is an empty, one-line, interactive text field by default', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name"></g-textbox>`)
    expect(el.value).to.equal('')
    expect(el.type).to.equal('text')
    expect(el.lines).to.equal(1)
    expect(el.placeholder).to.equal(undefined)
    expect(el.interactive).to.equal(true)
    expect(control(el)).to.be.instanceOf(HTMLInputElement)
    expect(control(el).type).to.equal('text')
    expect(control(el).value).to.equal('')
    expect(control(el).hasAttribute('placeholder')).to.equal(false)
  })

  it('reads its attributes into properties and shows the value in its input', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name" value="Ada" type="email" lines="1" placeholder="you@example.com"></g-textbox>`)
    expect(el.value).to.equal('Ada')
    expect(el.type).to.equal('email')
    expect(el.placeholder).to.equal('you@example.com')
    expect(control(el).value).to.equal('Ada')
    expect(control(el).type).to.equal('email')
    expect(control(el).placeholder).to.equal('you@example.com')
  })

  it('ties its native input to its visible label, part "label"', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Your name"></g-textbox>`)
    const label = inShadow(el, '[part=label]')
    expect(label.hidden).to.equal(false)
    expect(control(el).labels![0]).to.equal(label)
    expect(control(el).labels![0]!.textContent).to.equal('Your name')
  })

  it('names an unlabelled input after its name', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox name="query"></g-textbox>`)
    expect(inShadow(el, '[part=label]').hidden).to.equal(true)
    expect(control(el).getAttribute('aria-label')).to.equal('query')
  })

  it('hides what is typed with type="password"', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Password" type="password"></g-textbox>`)
    expect(control(el).type).to.equal('password')
    expect(control(el).autocomplete).to.equal('current-password')
  })

  it('renders a textarea of that many rows when lines is above 1', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Notes" lines="4" value="hi" placeholder="Write…"></g-textbox>`)
    const area = inShadow<HTMLTextAreaElement>(el, '[part=control]')
    expect(area).to.be.instanceOf(HTMLTextAreaElement)
    expect(area.rows).to.equal(4)
    expect(area.value).to.equal('hi')
    expect(area.placeholder).to.equal('Write…')
    expect(area.labels![0]!.textContent).to.equal('Notes')
  })

  it('shows a value set from code in its input', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name"></g-textbox>`)
    el.value = 'Grace'
    await el.updateComplete
    expect(control(el).value).to.equal('Grace')
  })

  it('fires input at each keystroke, with the value already updated', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name"></g-textbox>`)
    const seen: string[] = []
    el.addEventListener('input', () => seen.push(el.value))
    await typeInto(control(el), 'Ada')
    expect(seen).to.deep.equal(['A', 'Ad', 'Ada'])
  })

  it('fires change when the user leaves the field after editing it', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name"></g-textbox>`)
    const changes = record(el, 'change')
    await typeInto(control(el), 'Ada')
    control(el).blur()
    expect(changes).to.have.length(1)
    expect(el.value).to.equal('Ada')
  })

  it('fires one change, which crosses shadow roots with the textbox as its target', async () => {
    const el = await fixture<HTMLElement>(html`<div><g-textbox label="Name"></g-textbox></div>`)
    const box = el.querySelector('g-textbox')!
    const changes = record(el, 'change')
    await typeInto(control(box), 'x')
    control(box).blur()
    expect(changes).to.have.length(1)
    expect(changes[0]!.composed).to.equal(true)
    expect(changes[0]!.target).to.equal(box)
  })

  it('fires submit when the user presses Enter', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name"></g-textbox>`)
    const submits = record(el, 'submit')
    await typeInto(control(el), 'Ada')
    await pressIn(control(el), 'Enter')
    expect(submits).to.have.length(1)
    expect(el.value).to.equal('Ada')
  })

  it('fires change when the user commits with Enter, as its JSDoc promises', async () => {
    // @fires change - "The user committed a change (Enter or leaving the field)".
    const el = await fixture<GTextbox>(html`<g-textbox label="Name"></g-textbox>`)
    const changes = record(el, 'change')
    await typeInto(control(el), 'Ada')
    await pressIn(control(el), 'Enter')
    expect(changes).to.have.length(1)
  })

  it('submits a multi-line box with Enter, while Shift+Enter adds a line instead', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Notes" lines="3"></g-textbox>`)
    const area = inShadow<HTMLTextAreaElement>(el, 'textarea')
    const submits = record(el, 'submit')
    await typeInto(area, 'one')
    await pressIn(area, 'Shift+Enter')
    await typeInto(area, 'two')
    expect(submits).to.have.length(0)
    expect(el.value).to.equal('one\ntwo')
    await pressIn(area, 'Enter')
    expect(submits).to.have.length(1)
    expect(el.value).to.equal('one\ntwo')
  })

  it('fires no input, change or submit when its value is set from code', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name"></g-textbox>`)
    const events = record(el, 'input', 'change', 'submit')
    el.value = 'from code'
    await el.updateComplete
    expect(events).to.have.length(0)
  })

  it('disables its input with interactive="false", so typing changes nothing', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name" value="fixed" interactive="false"></g-textbox>`)
    expect(control(el).disabled).to.equal(true)
    const events = record(el, 'input', 'change', 'submit')
    await typeInto(control(el), 'abc')
    expect(el.value).to.equal('fixed')
    expect(events).to.have.length(0)
  })

  it('disables its textarea with interactive="false"', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Notes" lines="2" interactive="false"></g-textbox>`)
    expect(inShadow<HTMLTextAreaElement>(el, 'textarea').disabled).to.equal(true)
  })

  it('shows pending as aria-busy', async () => {
    const el = await fixture<GTextbox>(html`<g-textbox label="Name" pending></g-textbox>`)
    expect(el.pending).to.equal(true)
    expect(el.getAttribute('aria-busy')).to.equal('true')
    el.pending = false
    await el.updateComplete
    expect(el.hasAttribute('aria-busy')).to.equal(false)
  })

  it('is accessible as text, password, multi-line, unlabelled-but-named and disabled', async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <g-textbox label="Name" placeholder="Ada"></g-textbox>
      <g-textbox label="Password" type="password"></g-textbox>
      <g-textbox label="Notes" lines="3"></g-textbox>
      <g-textbox name="query"></g-textbox>
      <g-textbox label="Fixed" interactive="false"></g-textbox>
    </div>`)
    await expect(el).to.be.accessible()
  })
})
