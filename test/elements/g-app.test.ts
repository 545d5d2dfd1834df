import { expect, fixture, html, oneEvent } from '@open-wc/testing'
import { appFixture, clickButton, inShadow, pressIn, record, shownErrors, typeInto, until } from './_fixture.js'
import type { GApp, GErrorDetail } from '../../elements/g-app.js'
import type { GButton } from '../../elements/g-button.js'
import type { GCheckboxGroup } from '../../elements/g-checkbox-group.js'
import type { GJson } from '../../elements/g-json.js'
import type { GNumber } from '../../elements/g-number.js'
import type { GOn } from '../../elements/g-on.js'
import type { GState } from '../../elements/g-state.js'
import type { GTextbox } from '../../elements/g-textbox.js'

/** The element of `app` named `name`. */
function named<T extends Element>(app: GApp, name: string): T {
  const found = app.querySelector<T>(`[name="${name}"]`)
  if (!found) throw new Error(`the app has no element named '${name}'`)
  return found
}

/** Clicks a g-button and resolves once its shorthand listener has finished (its `then` event). */
async function clickAndWait(button: Element): Promise<void> {
  const finished = oneEvent(button, 'then')
  clickButton(button)
  await finished
}

/** Resolves once the app shows an error containing `text`. */
const untilError = (app: GApp, text: string) => until(() => shownErrors(app).some((m) => m.includes(text)), `an error with '${text}'`)

/** Every value assigned to `el.value` from now on (by the app, as the server's results arrive). */
function valuesSetOn(el: { value: unknown }): unknown[] {
  const seen: unknown[] = []
  let proto = Object.getPrototypeOf(el)
  while (!Object.getOwnPropertyDescriptor(proto, 'value')) proto = Object.getPrototypeOf(proto)
  const accessor = Object.getOwnPropertyDescriptor(proto, 'value')!
  Object.defineProperty(el, 'value', {
    configurable: true,
    get: () => accessor.get!.call(el),
    set: (value: unknown) => {
      seen.push(value)
      accessor.set!.call(el, value)
    },
  })
  return seen
}

describe('<g-app>', () => {
  describe('session', () => {
    it('gets a session from the server, fires load, and shows no connection notice', async () => {
      const loads: Event[] = []
      const app = await fixture<GApp>(
        html`<g-app server=${window.G_SERVER} @load=${(e: Event) => loads.push(e)}><g-textbox name="t" label="T"></g-textbox></g-app>`,
      )
      await until(() => loads.length === 1, 'load')
      expect(app.session).to.be.a('string').and.not.be.empty
      expect(inShadow(app, '[part=status]').hidden).to.equal(true)
      expect(shownErrors(app)).to.deep.equal([])
    })

    it('gives two apps on one page two different sessions', async () => {
      const page = await fixture<HTMLElement>(html`<div>
        <g-app server=${window.G_SERVER}><g-state name="s" value="0"></g-state></g-app>
        <g-app server=${window.G_SERVER}><g-state name="s" value="0"></g-state></g-app>
      </div>`)
      const [first, second] = [...page.querySelectorAll('g-app')]
      await until(() => !!first!.session && !!second!.session, 'both sessions')
      expect(first!.session).not.to.equal(second!.session)
    })

    it('shows its elements through its slot', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-button>Go</g-button></g-app>`)
      const slot = inShadow<HTMLSlotElement>(app, 'slot:not([name])')
      expect(slot.assignedElements()).to.deep.equal([app.querySelector('g-button')])
    })

    it('is accessible with an error shown', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-textbox name="t" label="Text"></g-textbox><g-button fn="fail">Go</g-button>
      </g-app>`)
      clickButton(app.querySelector('g-button')!)
      await untilError(app, 'The cart is full')
      await expect(app).to.be.accessible()
    })
  })

  describe('listeners', () => {
    it('runs a shorthand listener and a change listener, as the cart does', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-checkbox-group name="items" label="Items" choices='["Milk","Water"]' value='["Milk"]'></g-checkbox-group>
        <g-state name="cart" value="[]"></g-state>
        <g-button fn="add_items" inputs="items cart" outputs="cart">Add</g-button>
        <g-number name="size" label="Size"></g-number>
        <g-on triggers="cart.change" fn="cart_size" inputs="cart" outputs="size"></g-on>
      </g-app>`)
      const size = named<GNumber>(app, 'size')
      clickButton(app.querySelector('g-button')!)
      await until(() => size.value === 1, 'size 1')
      clickButton(app.querySelector('g-button')!)
      await until(() => size.value === 2, 'size 2')
      expect(size.value).to.equal(2)
    })

    it('runs the fn of a g-button on each click', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-number name="n" label="N" value="1"></g-number>
        <g-button fn="increment" inputs="n" outputs="n">+1</g-button>
      </g-app>`)
      const n = named<GNumber>(app, 'n')
      clickButton(app.querySelector('g-button')!)
      await until(() => n.value === 2, 'n = 2')
      clickButton(app.querySelector('g-button')!)
      await until(() => n.value === 3, 'n = 3')
      expect(inShadow<HTMLInputElement>(n, 'input').value).to.equal('3')
    })

    it('runs the fn of a g-textbox when the user presses Enter in it', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-textbox name="q" label="Query" fn="upper" inputs="q" outputs="q"></g-textbox>
      </g-app>`)
      const q = named<GTextbox>(app, 'q')
      await typeInto(inShadow(q, 'input'), 'milk')
      await pressIn(inShadow(q, 'input'), 'Enter')
      await until(() => q.value === 'MILK', 'MILK')
      expect(inShadow<HTMLInputElement>(q, 'input').value).to.equal('MILK')
    })

    it('runs the fn of a g-number when the user presses Enter in it', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-number name="n" label="N" fn="increment" inputs="n" outputs="n"></g-number>
      </g-app>`)
      const n = named<GNumber>(app, 'n')
      await typeInto(inShadow(n, 'input'), '41')
      await pressIn(inShadow(n, 'input'), 'Enter')
      await until(() => n.value === 42, '42')
    })

    it('runs the fn of a g-state when the state changes', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-state name="s" value="0" fn="identity" inputs="s" outputs="shown"></g-state>
        <g-button fn="increment" inputs="s" outputs="s">+1</g-button>
        <g-number name="shown" label="Shown"></g-number>
      </g-app>`)
      const shown = named<GNumber>(app, 'shown')
      clickButton(app.querySelector('g-button')!)
      await until(() => shown.value === 1, 'shown 1')
      clickButton(app.querySelector('g-button')!)
      await until(() => shown.value === 2, 'shown 2')
    })

    it('runs a g-on for each of its triggers, and tells the function which one fired', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button name="a">A</g-button>
        <g-button name="b">B</g-button>
        <g-on triggers="a.click b.click" fn="event_info" outputs="out"></g-on>
        <g-textbox name="out" label="Out"></g-textbox>
      </g-app>`)
      const out = named<GTextbox>(app, 'out')
      clickButton(named(app, 'a'))
      await until(() => out.value === 'a.click=undefined', 'a.click')
      clickButton(named(app, 'b'))
      await until(() => out.value === 'b.click=undefined', 'b.click')
    })

    it('runs a g-on on the input trigger of a textbox, as the user types', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-textbox name="q" label="Query"></g-textbox>
        <g-on triggers="q.input" fn="upper" inputs="q" outputs="shout"></g-on>
        <g-textbox name="shout" label="Shout"></g-textbox>
      </g-app>`)
      const shout = named<GTextbox>(app, 'shout')
      await typeInto(inShadow(named(app, 'q'), 'input'), 'hey')
      await until(() => shout.value === 'HEY', 'HEY')
    })

    it('runs a g-on on the change of a checkbox group, with the choices checked', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-checkbox-group name="items" label="Items" choices='["Milk","Water"]'></g-checkbox-group>
        <g-on triggers="items.change" fn="echo" inputs="items" outputs="picked"></g-on>
        <g-json name="picked" label="Picked"></g-json>
      </g-app>`)
      const picked = named<GJson>(app, 'picked')
      inShadow<HTMLInputElement>(named(app, 'items'), 'input[type=checkbox]').click()
      await until(() => Array.isArray(picked.value), 'picked')
      expect(picked.value).to.deep.equal(['Milk'])
    })

    it('runs a g-on with no triggers when one of its inputs changes', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-state name="s" value="0"></g-state>
        <g-button fn="increment" inputs="s" outputs="s">+1</g-button>
        <g-on inputs="s" fn="identity" outputs="shown"></g-on>
        <g-number name="shown" label="Shown"></g-number>
      </g-app>`)
      const shown = named<GNumber>(app, 'shown')
      clickButton(app.querySelector('g-button')!)
      await until(() => shown.value === 1, 'shown 1')
    })

    it('runs a listener once when one event changes several states it watches', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-number name="n" label="N" value="5"></g-number>
        <g-state name="a" value="0"></g-state>
        <g-state name="b" value="0"></g-state>
        <g-state name="runs" value="0"></g-state>
        <g-button fn="pair" inputs="n" outputs="a b">Set both</g-button>
        <g-on triggers="a.change b.change" fn="increment" inputs="runs" outputs="runs"></g-on>
        <g-on triggers="runs.change" fn="identity" inputs="runs" outputs="count"></g-on>
        <g-number name="count" label="Runs"></g-number>
      </g-app>`)
      const count = named<GNumber>(app, 'count')
      await clickAndWait(app.querySelector('g-button')!)
      await until(() => !count.pending, 'the event to end')
      expect(count.value).to.equal(1)
      named<GNumber>(app, 'n').value = 6
      await clickAndWait(app.querySelector('g-button')!)
      await until(() => !count.pending, 'the second event to end')
      expect(count.value).to.equal(2)
    })

    it('runs the change listeners of a state that a function set with ctx.session.set, with their inputs', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-state name="s" value="0"></g-state>
        <g-button fn="bump_s">Bump</g-button>
        <g-textbox name="t" label="Text" value="abc"></g-textbox>
        <g-on triggers="s.change" fn="upper" inputs="t" outputs="out"></g-on>
        <g-textbox name="out" label="Out"></g-textbox>
      </g-app>`)
      const changes = record(named(app, 's'), 'change')
      clickButton(app.querySelector('g-button')!)
      await until(() => changes.length === 1, "s's change")
      await until(() => named<GTextbox>(app, 'out').value !== '' || shownErrors(app).length > 0, 'the change listener to end')
      expect(shownErrors(app)).to.deep.equal([])
      expect(named<GTextbox>(app, 'out').value).to.equal('ABC')
    })

    it('runs a load listener when the page loads', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-on triggers="load" fn="greet" outputs="banner"></g-on>
        <g-textbox name="banner" label="Banner"></g-textbox>
      </g-app>`)
      const banner = named<GTextbox>(app, 'banner')
      await until(() => banner.value === 'Hello', 'Hello')
    })

    it('passes the value of a <g-button value="3"> to the function as ctx.event.value', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button name="row" value="3" fn="event_info" outputs="out">Row 3</g-button>
        <g-textbox name="out" label="Out"></g-textbox>
      </g-app>`)
      const out = named<GTextbox>(app, 'out')
      clickButton(named(app, 'row'))
      await until(() => out.value !== '', 'an answer')
      expect(out.value).to.equal('row.click=3')
    })
  })

  describe('chains', () => {
    const chain = (fn: string) => html`<g-app server=${window.G_SERVER}>
      <g-number name="n" label="N" value="1"></g-number>
      <g-button name="go" fn=${fn} inputs="n" outputs="n">Go</g-button>
      <g-on triggers="go.success" fn="greet" outputs="ok"></g-on>
      <g-on triggers="go.failure" fn="greet" outputs="bad"></g-on>
      <g-on triggers="go.then" fn="greet" outputs="after"></g-on>
      <g-textbox name="ok" label="Succeeded"></g-textbox>
      <g-textbox name="bad" label="Failed"></g-textbox>
      <g-textbox name="after" label="Finished"></g-textbox>
    </g-app>`
    const ended = (app: GApp) => until(() => !app.querySelector('[pending]'), 'every listener to end')

    it('runs name.success and name.then listeners after a listener succeeds, not name.failure', async () => {
      const app = await appFixture(chain('increment'))
      clickButton(named(app, 'go'))
      await until(() => named<GTextbox>(app, 'after').value === 'Hello', 'then')
      await ended(app)
      expect(named<GNumber>(app, 'n').value).to.equal(2)
      expect(named<GTextbox>(app, 'ok').value).to.equal('Hello')
      expect(named<GTextbox>(app, 'bad').value).to.equal('')
    })

    it('runs name.failure and name.then listeners after a listener fails, not name.success', async () => {
      const app = await appFixture(chain('fail'))
      clickButton(named(app, 'go'))
      await until(() => named<GTextbox>(app, 'after').value === 'Hello', 'then')
      await ended(app)
      expect(named<GTextbox>(app, 'bad').value).to.equal('Hello')
      expect(named<GTextbox>(app, 'ok').value).to.equal('')
    })

    it('fires then and success on a g-on that succeeded', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button name="go">Go</g-button>
        <g-on name="greeting" triggers="go.click" fn="greet" outputs="out"></g-on>
        <g-textbox name="out" label="Out"></g-textbox>
      </g-app>`)
      const on = app.querySelector<GOn>('g-on')!
      const events = record(on, 'then', 'success', 'failure')
      const finished = oneEvent(on, 'then')
      clickButton(named(app, 'go'))
      await finished
      expect(events.map((e) => e.type).sort()).to.deep.equal(['success', 'then'])
      expect(named<GTextbox>(app, 'out').value).to.equal('Hello')
    })
  })

  describe('errors', () => {
    const failing = (fn: string) => html`<g-app server=${window.G_SERVER}>
      <g-button name="go">Go</g-button>
      <g-on name="adding" triggers="go.click" fn=${fn} inputs="n" outputs="n"></g-on>
      <g-number name="n" label="N" value="5"></g-number>
    </g-app>`

    it("shows a GError's message under the app, in an alert, and fires g-error with it", async () => {
      const app = await appFixture(failing('fail'))
      const shown = oneEvent(app, 'g-error')
      clickButton(named(app, 'go'))
      const { detail } = (await shown) as CustomEvent<GErrorDetail>
      expect(detail.message).to.equal('The cart is full')
      expect(detail.listener).to.equal('adding')
      const errors = inShadow(app, '[part=errors]')
      expect(errors.getAttribute('role')).to.equal('alert')
      await app.updateComplete
      expect(errors.querySelector('[part=error]')!.textContent).to.contain('The cart is full')
      expect(shownErrors(app)).to.deep.equal(['The cart is full'])
    })

    it('names no listener in g-error when the failing listener has no name', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-button fn="fail">Go</g-button></g-app>`)
      const shown = oneEvent(app, 'g-error')
      clickButton(app.querySelector('g-button')!)
      const { detail } = (await shown) as CustomEvent<GErrorDetail>
      expect(detail).to.deep.equal({ message: 'The cart is full' })
    })

    it('fires failure and then, not success, on the g-on that failed, with the error', async () => {
      const app = await appFixture(failing('fail'))
      const on = app.querySelector<GOn>('g-on')!
      const events = record<CustomEvent<{ error?: string }>>(on, 'then', 'success', 'failure')
      const finished = oneEvent(on, 'then')
      clickButton(named(app, 'go'))
      await finished
      expect(events.map((e) => e.type).sort()).to.deep.equal(['failure', 'then'])
      expect(events.find((e) => e.type === 'failure')!.detail.error).to.equal('The cart is full')
    })

    it('shows a generic message for a crash, never the thrown text', async () => {
      const app = await appFixture(failing('crash'))
      const shown = oneEvent(app, 'g-error')
      clickButton(named(app, 'go'))
      const { detail } = (await shown) as CustomEvent<GErrorDetail>
      await app.updateComplete
      expect(detail.message).not.to.contain('secret database detail')
      expect(detail.message).to.contain('crash')
      expect(shownErrors(app)).to.have.length(1)
      expect(shownErrors(app)[0]).not.to.contain('secret database detail')
      expect(app.shadowRoot!.textContent).not.to.contain('secret database detail')
    })

    it('leaves the outputs of a failing function unchanged, and no longer pending', async () => {
      const app = await appFixture(failing('fail'))
      const n = named<GNumber>(app, 'n')
      clickButton(named(app, 'go'))
      expect(n.pending).to.equal(true)
      await untilError(app, 'The cart is full')
      await until(() => !n.pending, 'n not pending')
      expect(n.value).to.equal(5)
    })

    it('writes no state when a function fails after ctx.session.set', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-state name="s" value="0"></g-state>
        <g-button name="spoil" fn="set_then_fail" outputs="shown">Spoil</g-button>
        <g-button name="read" fn="identity" inputs="s" outputs="shown">Read</g-button>
        <g-number name="shown" label="Shown" value="-1"></g-number>
      </g-app>`)
      const changes = record(named(app, 's'), 'change')
      await clickAndWait(named(app, 'spoil'))
      expect(shownErrors(app)).to.deep.equal(['Nothing was saved'])
      expect(named<GNumber>(app, 'shown').value).to.equal(-1)
      await clickAndWait(named(app, 'read'))
      expect(named<GNumber>(app, 'shown').value).to.equal(0)
      expect(changes).to.have.length(0)
    })

    it('removes an error when the user dismisses it', async () => {
      const app = await appFixture(failing('fail'))
      clickButton(named(app, 'go'))
      await untilError(app, 'The cart is full')
      const dismiss = inShadow<HTMLButtonElement>(app, '[part=error] [part=dismiss]')
      expect(dismiss.getAttribute('aria-label')).to.equal('Dismiss')
      dismiss.click()
      await app.updateComplete
      expect(shownErrors(app)).to.deep.equal([])
    })
  })

  describe('outputs', () => {
    it('shows each value a generator yields, ending with the last', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-number name="n" label="N" value="3"></g-number>
        <g-button fn="count_to" inputs="n" outputs="out">Count</g-button>
        <g-number name="out" label="Out"></g-number>
      </g-app>`)
      const out = named<GNumber>(app, 'out')
      const seen = valuesSetOn(out)
      await clickAndWait(app.querySelector('g-button')!)
      expect(seen).to.deep.equal([1, 2, 3])
      expect(out.value).to.equal(3)
    })

    it('hides an output that a function updates with visible: false', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button fn="hide" outputs="t">Hide</g-button>
        <g-textbox name="t" label="T" value="keep"></g-textbox>
      </g-app>`)
      const t = named<GTextbox>(app, 't')
      await clickAndWait(app.querySelector('g-button')!)
      expect(t.hidden).to.equal(true)
      expect(t.hasAttribute('hidden')).to.equal(true)
      expect(getComputedStyle(t).display).to.equal('none')
      expect(t.value).to.equal('keep')
    })

    it('relabels an output and turns it off when a function updates label and interactive', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-textbox name="wanted" label="New label" value="Renamed"></g-textbox>
        <g-button fn="relabel" inputs="wanted" outputs="t">Relabel</g-button>
        <g-textbox name="t" label="Old" value="text"></g-textbox>
      </g-app>`)
      const t = named<GTextbox>(app, 't')
      await clickAndWait(app.querySelector('g-button')!)
      await t.updateComplete
      const input = inShadow<HTMLInputElement>(t, 'input')
      expect(input.labels![0]!.textContent).to.equal('Renamed')
      expect(input.disabled).to.equal(true)
      expect(t.value).to.equal('text')
    })

    it('renames a g-button whose label a function updates', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button name="go" fn="relabel_button" outputs="go">Start</g-button>
      </g-app>`)
      const go = named<GButton>(app, 'go')
      await clickAndWait(go)
      await go.updateComplete
      const slot = go.shadowRoot!.querySelector('slot')
      const shown = slot ? slot.assignedNodes({ flatten: true }).map((node) => node.textContent).join('') : inShadow(go, 'button').textContent!
      expect(shown.trim()).to.equal('Stop')
    })

    it('shows new choices when a function updates a checkbox group with choices', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button fn="new_choices" outputs="drinks">Load</g-button>
        <g-checkbox-group name="drinks" label="Drinks" choices='["Water"]'></g-checkbox-group>
      </g-app>`)
      const drinks = named<GCheckboxGroup>(app, 'drinks')
      await clickAndWait(app.querySelector('g-button')!)
      await drinks.updateComplete
      const labels = [...drinks.shadowRoot!.querySelectorAll('[part=choice]')].map((label) => label.textContent!.trim())
      expect(labels).to.deep.equal(['Tea', 'Coffee'])
    })

    it('marks an output aria-busy while its function runs, and clears it when done', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-textbox name="t" label="In" value="hi"></g-textbox>
        <g-button fn="slow_echo" inputs="t" outputs="out">Echo</g-button>
        <g-textbox name="out" label="Out"></g-textbox>
      </g-app>`)
      const out = named<GTextbox>(app, 'out')
      clickButton(app.querySelector('g-button')!)
      await out.updateComplete
      expect(out.getAttribute('aria-busy')).to.equal('true')
      expect(named(app, 't').hasAttribute('aria-busy')).to.equal(false)
      await until(() => out.value === 'hi', 'the echo')
      await until(() => !out.hasAttribute('aria-busy'), 'aria-busy to go')
      expect(out.pending).to.equal(false)
    })

    it('fires change on a g-state when a function changed its value, and not when it returned an equal one', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-state name="s" value="1"></g-state>
        <g-button name="same" fn="identity" inputs="s" outputs="s">Same</g-button>
        <g-button name="inc" fn="increment" inputs="s" outputs="s">+1</g-button>
      </g-app>`)
      const changes = record(named(app, 's'), 'change')
      await clickAndWait(named(app, 'same'))
      expect(changes).to.have.length(0)
      await clickAndWait(named(app, 'inc'))
      expect(changes).to.have.length(1)
      expect(changes[0]!.target).to.equal(named<GState>(app, 's'))
      await clickAndWait(named(app, 'same'))
      expect(changes).to.have.length(1)
    })

    it('fires change on an output control whose value a function changed, as its change listeners run', async () => {
      // The server fires `out.change` listeners when a function writes `out`; the page's element should fire it too.
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button fn="greet" outputs="out">Greet</g-button>
        <g-json name="out" label="Out"></g-json>
        <g-on triggers="out.change" fn="greet" outputs="after"></g-on>
        <g-textbox name="after" label="After"></g-textbox>
      </g-app>`)
      const changes = record(named(app, 'out'), 'change')
      await clickAndWait(app.querySelector('g-button')!)
      await until(() => named<GTextbox>(app, 'after').value === 'Hello', 'the out.change listener')
      expect(changes).to.have.length(1)
    })
  })

  describe('cancel', () => {
    const stoppable = html`<g-app server=${window.G_SERVER}>
      <g-button name="start" fn="slow_steps" outputs="out">Start</g-button>
      <g-button name="stop">Stop</g-button>
      <g-on triggers="stop.click" cancels="start"></g-on>
      <g-textbox name="out" label="Out"></g-textbox>
    </g-app>`

    it('stops a running listener when a listener that cancels it fires: its output keeps what it had', async () => {
      const app = await appFixture(stoppable)
      const out = named<GTextbox>(app, 'out')
      clickButton(named(app, 'start'))
      await until(() => out.value === 'started', 'the first step')
      const finished = oneEvent(named(app, 'start'), 'then')
      clickButton(named(app, 'stop'))
      await finished
      await until(() => !out.pending, 'out not pending')
      expect(out.value).to.equal('started')
    })

    it('also stops the queued runs of the listener it cancels', async () => {
      const app = await appFixture(stoppable)
      const out = named<GTextbox>(app, 'out')
      const runs = record(named(app, 'start'), 'then')
      clickButton(named(app, 'start'))
      clickButton(named(app, 'start'))
      await until(() => out.value === 'started', 'the first step')
      clickButton(named(app, 'stop'))
      await until(() => runs.length === 2, 'both runs to end')
      expect(out.value).to.equal('started')
    })

    it('shows no error when the user cancels', async () => {
      const app = await appFixture(stoppable)
      const out = named<GTextbox>(app, 'out')
      clickButton(named(app, 'start'))
      await until(() => out.value === 'started', 'the first step')
      const finished = oneEvent(named(app, 'start'), 'then')
      clickButton(named(app, 'stop'))
      await finished
      await app.updateComplete
      expect(shownErrors(app)).to.deep.equal([])
    })
  })

  describe('change, once per event', () => {
    it('fires change on a state once, when two listeners of one click both change it', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-state name="n" value="0"></g-state>
        <g-button name="go" fn="increment" inputs="n" outputs="n">Go</g-button>
        <g-on name="again" triggers="go.then" fn="increment" inputs="n" outputs="n"></g-on>
        <g-on triggers="again.then" fn="identity" inputs="n" outputs="shown"></g-on>
        <g-number name="shown" label="Shown"></g-number>
      </g-app>`)
      const changes = record(named(app, 'n'), 'change')
      const shown = named<GNumber>(app, 'shown')
      clickButton(named(app, 'go'))
      await until(() => shown.value === 2 && !shown.pending, 'n = 2, the event done')
      await until(() => changes.length > 0, 'the change')
      expect(changes.length).to.equal(1)
    })
  })

  describe('ttl', () => {
    it('shows a state going back to its default when its ttl runs out: change fires and its listeners run', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-state name="n" value="0" ttl="0.2"></g-state>
        <g-button fn="increment" inputs="n" outputs="n">+1</g-button>
        <g-number name="shown" label="Shown"></g-number>
        <g-on triggers="n.change" fn="identity" inputs="n" outputs="shown"></g-on>
      </g-app>`)
      const shown = named<GNumber>(app, 'shown')
      const changes = record(named(app, 'n'), 'change')
      clickButton(app.querySelector('g-button')!)
      await until(() => shown.value === 1, 'shown 1')
      await until(() => shown.value === 0, 'the reset to 0')
      expect(changes.length).to.equal(2)
    })
  })

  describe('connection', () => {
    const NativeWebSocket = window.WebSocket
    afterEach(() => {
      window.WebSocket = NativeWebSocket
    })

    /** Keeps each WebSocket the page opens from now on, so that a test can cut one as a network would. */
    function watchSockets(): WebSocket[] {
      const opened: WebSocket[] = []
      window.WebSocket = class extends NativeWebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols)
          opened.push(this)
        }
      }
      return opened
    }

    it('shows a notice, as a status, when the server cannot be reached', async () => {
      const app = await fixture<GApp>(html`<g-app server="http://127.0.0.1:9"><g-button>Go</g-button></g-app>`)
      const notice = inShadow(app, '[part=status]')
      await until(() => !notice.hidden, 'the notice')
      expect(notice.getAttribute('role')).to.equal('status')
      expect(notice.textContent).to.contain('Disconnected from the server')
    })

    it('reconnects by itself when the connection drops, and goes on with the same session', async function () {
      this.timeout(10_000)
      const sockets = watchSockets()
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-state name="s" value="0" fn="identity" inputs="s" outputs="shown"></g-state>
        <g-button fn="increment" inputs="s" outputs="s">+1</g-button>
        <g-number name="shown" label="Shown"></g-number>
      </g-app>`)
      const shown = named<GNumber>(app, 'shown')
      const session = app.session
      clickButton(app.querySelector('g-button')!)
      await until(() => shown.value === 1, 'shown 1')
      sockets[0]!.close(4000, 'the network dropped')
      clickButton(app.querySelector('g-button')!)
      await until(() => shown.value === 2, 'shown 2 after the reconnect', 8000)
      expect(app.session).to.equal(session)
    })
  })

  describe("the page author's mistakes", () => {
    it('shows an unknown function name', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-button fn="no_such_fn">Go</g-button></g-app>`)
      await untilError(app, "unknown function 'no_such_fn'")
    })

    it('shows an input name that is not in the app', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button fn="echo" inputs="ghost" outputs="out">Go</g-button><g-textbox name="out" label="Out"></g-textbox>
      </g-app>`)
      await untilError(app, "'ghost' is not in the app")
    })

    it('shows a g-state value that is not JSON', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-state name="cart" value="[Milk"></g-state></g-app>`)
      await untilError(app, "the value of 'cart' is not valid JSON")
    })

    it('shows, once, that two elements have one name', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-textbox name="x" label="A"></g-textbox><g-number name="x" label="B"></g-number>
      </g-app>`)
      await untilError(app, "two elements are named 'x'")
      expect(shownErrors(app).filter((m) => m.includes("two elements are named 'x'"))).to.have.length(1)
    })

    it('shows a g-* tag that is not a g-kit element', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-buton fn="greet">Go</g-buton></g-app>`)
      await untilError(app, '<g-buton> is not a g-kit element')
    })

    it('shows a g-state ttl that is not a positive number of seconds', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-state name="cart" value="[]" ttl="soon"></g-state></g-app>`)
      await untilError(app, "the ttl of 'cart' must be a positive number of seconds")
    })

    it('shows a g-on that nothing can start', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-on fn="greet" outputs="out"></g-on><g-textbox name="out"></g-textbox></g-app>`)
      await untilError(app, 'has neither triggers nor inputs')
    })

    it('shows a function that returns more values than it has outputs, and changes none of them', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}>
        <g-button fn="three_values" outputs="a b">Go</g-button>
        <g-number name="a" label="A" value="0"></g-number><g-number name="b" label="B" value="0"></g-number>
      </g-app>`)
      clickButton(app.querySelector('g-button')!)
      await untilError(app, "'three_values' returned 3 values for 2 outputs (a, b)")
      expect([named<GNumber>(app, 'a').value, named<GNumber>(app, 'b').value]).to.deep.equal([0, 0])
    })
  })
})
