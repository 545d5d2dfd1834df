// One suite for every control on the field layer (elements/internal/field.ts): defaults, label
// (attribute and slot), keyboard, pending, error, update() of each property, form association, axe.
import { expect, fixture } from '@open-wc/testing'
import { executeServerCommand, findAccessibilityNode } from '@web/test-runner-commands'
import { inShadow, record } from './_fixture.js'
import type { GField } from '../../elements/internal/field.js'

/** What the suite needs to know about one control. */
export interface FieldSpec {
  tag: string
  /** Attributes every instance gets (such as its choices). */
  base?: string
  /** The accessible role of the control that carries the label's name. */
  role: string
  /** The value without a `value` attribute. */
  empty: unknown
  /** A `value` attribute and the value it reads as. */
  initial: [attribute: string, value: unknown]
  /** A value a function may send, and how the control shows it. */
  sample: unknown
  shown: (el: GField) => unknown
  /** A user's keyboard action (the control has the focus) and the value after it. */
  keyboard: (el: GField) => Promise<void>
  afterKeyboard: unknown
  /** The form entries of a control named `f` with the initial value, and after the keyboard action. */
  entries: [initial: Array<[string, string]>, afterKeyboard: Array<[string, string]>]
  /** The event the keyboard action fires (default `change`). */
  keyboardEvent?: string
  /** Where slotted label content goes: the `label` slot, or the default slot (a button's text). */
  labelSlot?: 'label' | 'default'
  /** New choices for `update({ choices })`, and how the control lists them. */
  choices?: { next: unknown[]; listed: (el: GField) => string[] }
}

interface A11yNode {
  role: string
  name: string
  disabled?: boolean
  invalid?: string
  description?: string
  children: A11yNode[]
}

/** The accessibility node of the control's role named `name` (as getByRole/getByLabel find it). */
async function named(role: string, name: string): Promise<A11yNode | null> {
  const snapshot = await executeServerCommand<A11yNode, undefined>('a11y-tree')
  return findAccessibilityNode<A11yNode>(snapshot, (node) => node.role === role && node.name === name)
}

/** An attribute value, quoted for HTML. */
const attr = (value: string) => `"${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`

/** Whether a control is turned off: itself, or (a group) every choice in it. */
function off(node: A11yNode | null): boolean | undefined {
  if (!node) return undefined
  if (node.role !== 'group' && node.role !== 'radiogroup') return node.disabled
  const choices: A11yNode[] = []
  const walk = (n: A11yNode) => (['checkbox', 'radio'].includes(n.role) ? choices.push(n) : (n.children ?? []).forEach(walk))
  walk(node)
  return choices.length > 0 && choices.every((choice) => choice.disabled) ? true : undefined
}

export function runFieldSuite(spec: FieldSpec): void {
  const make = async (attributes = '', inner = '') =>
    fixture<GField>(`<${spec.tag} ${spec.base ?? ''} ${attributes}>${inner}</${spec.tag}>`)
  const focusControl = (el: GField) => el.focus()

  describe(`<${spec.tag}>: the field layer`, () => {
    it('has the common defaults', async () => {
      const el = await make('label="Field"')
      expect(el.value).to.deep.equal(spec.empty)
      expect([el.interactive, el.visible, el.pending, el.hidden]).to.deep.equal([true, true, false, false])
      expect([el.error, el.info]).to.deep.equal(['', ''])
      expect(el.hasAttribute('aria-busy')).to.equal(false)
    })

    it('reads its value attribute as the default, and the property is the live value', async () => {
      const el = await make(`label="Field" value=${attr(spec.initial[0])}`)
      expect(el.value).to.deep.equal(spec.initial[1])
      el.value = spec.sample
      await el.updateComplete
      expect(el.value).to.deep.equal(spec.sample)
      expect(el.defaultValue).to.deep.equal(spec.initial[1])
      expect(spec.shown(el)).to.deep.equal(spec.sample)
    })

    it('is named by its label attribute, for assistive technology', async () => {
      await make('label="Favourite thing"')
      expect(await named(spec.role, 'Favourite thing')).to.not.equal(null)
    })

    it('is named by content in its label slot', async () => {
      const slot = spec.labelSlot === 'default' ? '' : ' slot="label"'
      const el = await make('', `<span${slot}>Slotted <b>label</b></span>`)
      await el.updateComplete
      expect(await named(spec.role, 'Slotted label')).to.not.equal(null)
    })

    it('is named by its name when it has no label', async () => {
      if (spec.labelSlot === 'default') return // a button is named by its text
      await make('name="nameless"')
      expect(await named(spec.role, 'nameless')).to.not.equal(null)
    })

    it('is used by keyboard, firing its trigger, and fires nothing for a value set from code', async () => {
      const el = await make('label="Field"')
      const events = record(el, spec.keyboardEvent ?? 'change')
      focusControl(el)
      await spec.keyboard(el)
      expect(el.value).to.deep.equal(spec.afterKeyboard)
      expect(events.length).to.be.greaterThan(0)
      expect(events.every((event) => event.bubbles && event.composed)).to.equal(true)
      const quiet = record(el, 'change', 'input', 'submit', 'release')
      el.value = spec.sample
      await el.updateComplete
      expect(quiet).to.have.length(0)
    })

    it('shows pending as aria-busy', async () => {
      const el = await make('label="Field"')
      el.pending = true
      await el.updateComplete
      expect(el.getAttribute('aria-busy')).to.equal('true')
      el.pending = false
      await el.updateComplete
      expect(el.hasAttribute('aria-busy')).to.equal(false)
    })

    it('shows an error under the control, in an alert, and marks the control invalid', async () => {
      const el = await make('label="Field"')
      el.error = 'That did not work'
      await el.updateComplete
      const error = inShadow(el, '[part=error]')
      expect(error.textContent!.trim()).to.equal('That did not work')
      expect(error.getAttribute('role')).to.equal('alert')
      expect(error.getBoundingClientRect().height).to.be.greaterThan(0)
      const node = await named(spec.role, 'Field')
      expect(node?.description).to.equal('That did not work')
      if (spec.role !== 'button' && spec.role !== 'group') expect(node?.invalid).to.equal('true')
      el.error = ''
      await el.updateComplete
      expect((await named(spec.role, 'Field'))?.invalid).to.equal(undefined)
    })

    it('applies update() of label, info, interactive and visible', async () => {
      const el = await make('label="Field"')
      el.applyProps({ label: 'Renamed', info: 'Some help' })
      await el.updateComplete
      const node = await named(spec.role, 'Renamed')
      expect(node).to.not.equal(null)
      expect(node!.description).to.equal('Some help')
      expect(inShadow(el, '[part=info]').textContent!.trim()).to.equal('Some help')
      el.applyProps({ interactive: false })
      await el.updateComplete
      expect(off(await named(spec.role, 'Renamed'))).to.equal(true)
      el.applyProps({ visible: false })
      await el.updateComplete
      expect([el.hidden, el.visible, el.getClientRects().length]).to.deep.equal([true, false, 0])
      el.applyProps({ visible: true, interactive: true })
      await el.updateComplete
      expect([el.hidden, off(await named(spec.role, 'Renamed'))]).to.deep.equal([false, undefined])
    })

    it('shows a value a function sent', async () => {
      const el = await make('label="Field"')
      el.receive(spec.sample)
      await el.updateComplete
      expect(el.value).to.deep.equal(spec.sample)
      expect(spec.shown(el)).to.deep.equal(spec.sample)
    })

    if (spec.choices) {
      const choices = spec.choices
      it('applies update() of choices', async () => {
        const el = await make('label="Field"')
        el.applyProps({ choices: choices.next })
        await el.updateComplete
        expect(choices.listed(el)).to.deep.equal(choices.next.map((c) => (Array.isArray(c) ? String(c[0]) : String(c))))
      })
    }

    it('takes part in a plain <form>: submits its value, resets to its default, follows a disabled fieldset', async () => {
      const form = await fixture<HTMLFormElement>(
        `<form><fieldset><${spec.tag} ${spec.base ?? ''} name="f" label="Field" value=${attr(spec.initial[0])}></${spec.tag}></fieldset></form>`,
      )
      const el = form.querySelector(spec.tag) as GField
      await el.updateComplete
      expect(el.form).to.equal(form)
      expect([...new FormData(form)]).to.deep.equal(spec.entries[0])
      el.value = spec.empty
      focusControl(el)
      await spec.keyboard(el)
      expect([...new FormData(form)]).to.deep.equal(spec.entries[1])
      form.reset()
      await el.updateComplete
      expect(el.value).to.deep.equal(spec.initial[1])
      expect(spec.shown(el)).to.deep.equal(spec.initial[1])
      expect([...new FormData(form)]).to.deep.equal(spec.entries[0])
      form.querySelector('fieldset')!.disabled = true
      await el.updateComplete
      expect(off(await named(spec.role, 'Field'))).to.equal(true)
    })

    it('shows invalid JSON in its attributes as its error', async () => {
      const el = await make('label="Field"')
      const bad = el.jsonAttributeNames[0]
      if (!bad) return
      const base = (spec.base ?? '').replace(new RegExp(`${bad}='[^']*'`), '')
      const broken = await fixture<GField>(`<${spec.tag} ${base} label="Field" ${bad}="[oops"></${spec.tag}>`)
      expect(broken.error).to.contain(`${bad} attribute is not valid JSON`)
    })

    it('is accessible: labelled, with help and an error, turned off, and named by its name', async () => {
      const el = await fixture<HTMLElement>(`<div>
        <${spec.tag} ${spec.base ?? ''} label="Labelled" info="Help" value=${attr(spec.initial[0])}></${spec.tag}>
        <${spec.tag} ${spec.base ?? ''} label="With an error" error="Wrong"></${spec.tag}>
        <${spec.tag} ${spec.base ?? ''} label="Off" interactive="false"></${spec.tag}>
        <${spec.tag} ${spec.base ?? ''} name="named">${spec.labelSlot === 'default' ? 'Text' : ''}</${spec.tag}>
      </div>`)
      await expect(el).to.be.accessible()
    })
  })
}
