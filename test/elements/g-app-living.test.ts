import { expect, html, oneEvent } from '@open-wc/testing'
import { appFixture, clickButton, record, shownErrors, until } from './_fixture.js'
import type { GApp } from '../../elements/g-app.js'
import type { GButton } from '../../elements/g-button.js'
import type { GNumber } from '../../elements/g-number.js'
import type { GTextbox } from '../../elements/g-textbox.js'

/** Makes an element from HTML, as a script or a framework does. */
function make<T extends Element = HTMLElement>(markup: string): T {
  const template = document.createElement('template')
  template.innerHTML = markup.trim()
  return template.content.firstElementChild as T
}

/** Clicks a g-button once it has rendered, as a user can. */
async function click(button: Element): Promise<void> {
  await (button as GButton).updateComplete
  clickButton(button)
}

/** Clicks a g-button and resolves once its shorthand listener has finished (its `then` event). */
async function clickAndWait(button: Element): Promise<void> {
  const finished = oneEvent(button, 'then')
  await click(button)
  await finished
}

/** The number of runs of `tally` in the app's session, as the server counted them. */
async function tallyOnServer(app: GApp): Promise<number> {
  const reader = make<GButton>('<g-button fn="tally_of" outputs="tallied">Read</g-button>')
  const tallied = make<GNumber>('<g-number name="tallied" label="Tallied"></g-number>')
  app.append(reader, tallied)
  await clickAndWait(reader)
  const count = tallied.value as number
  reader.remove()
  tallied.remove()
  return count
}

const untilError = (app: GApp, text: string) => until(() => shownErrors(app).some((m) => m.includes(text)), `an error with '${text}'`)

describe('<g-app> is alive', () => {
  it('runs a <g-button fn inputs outputs> appended after the page loaded', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-number name="n" label="N" value="1"></g-number></g-app>`)
    const button = make<GButton>('<g-button fn="increment" inputs="n" outputs="n">+1</g-button>')
    app.append(button)
    await clickAndWait(button)
    expect(app.querySelector<GNumber>('[name=n]')!.value).to.equal(2)
  })

  it('runs the listeners of elements added later that refer to each other, added in one task', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}></g-app>`)
    app.append(
      make('<g-state name="cart" value="[]"></g-state>'),
      make(`<g-button fn="add_items" inputs="items cart" outputs="cart">Add</g-button>`),
      make(`<g-textbox name="items" label="Items"></g-textbox>`),
      make('<g-number name="size" label="Size"></g-number>'),
      make('<g-on triggers="cart.change" fn="cart_size" inputs="cart" outputs="size"></g-on>'),
    )
    app.querySelector<GTextbox>('[name=items]')!.value = ['Milk'] as unknown as string
    await click(app.querySelector('g-button')!)
    await until(() => app.querySelector<GNumber>('[name=size]')!.value === 1, 'size 1')
  })

  it("shows a late element's mistakes: an unknown function, a name not in the app, a duplicate name", async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-textbox name="out" label="Out"></g-textbox></g-app>`)
    app.append(make('<g-button fn="no_such_late_fn" outputs="out">Go</g-button>'))
    await untilError(app, "unknown function 'no_such_late_fn'")
    app.append(make('<g-button fn="echo" inputs="ghost_late" outputs="out">Go</g-button>'))
    await untilError(app, "'ghost_late' is not in the app")
    app.append(make('<g-number name="out" label="Again"></g-number>'))
    await untilError(app, "two elements are named 'out'")
  })

  it("stops a removed listener: the trigger it listened to runs nothing, and the server never runs it again", async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-button name="a">Tally</g-button><g-number name="count" label="Count"></g-number>
      <g-on triggers="a.click" fn="tally" outputs="count"></g-on>
    </g-app>`)
    const listener = app.querySelector('g-on')!
    const button = app.querySelector<GButton>('[name=a]')!
    const finished = oneEvent(listener, 'then')
    await click(button)
    await finished
    listener.remove()
    await click(button)
    await click(button)
    expect(await tallyOnServer(app)).to.equal(1)
  })

  it('runs each click exactly once through twenty add/remove cycles', async function () {
    this.timeout(15_000)
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-number name="count" label="Count"></g-number></g-app>`)
    const count = app.querySelector<GNumber>('[name=count]')!
    for (let cycle = 1; cycle <= 20; cycle++) {
      const section = make(`<section><g-button fn="tally" outputs="count">Tally ${cycle}</g-button><g-state name="s${cycle}" value="0"></g-state></section>`)
      app.append(section)
      await clickAndWait(section.querySelector('g-button')!)
      expect(count.value).to.equal(cycle)
      section.remove()
    }
    expect(await tallyOnServer(app)).to.equal(20)
  })

  it('keeps an element moved within the app in it, with its listener', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <div id="left"><g-button fn="tally" outputs="count">Tally</g-button></div><div id="right"></div>
      <g-number name="count" label="Count"></g-number>
    </g-app>`)
    const button = app.querySelector('g-button')!
    app.querySelector('#right')!.append(button)
    await clickAndWait(button)
    expect(app.querySelector<GNumber>('[name=count]')!.value).to.equal(1)
  })

  it('ends an event in flight while the app changes, and the new element works after it', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-textbox name="t" label="T" value="slow"></g-textbox>
      <g-button name="slow" fn="slow_echo" inputs="t" outputs="out">Echo</g-button>
      <g-textbox name="out" label="Out"></g-textbox>
    </g-app>`)
    const out = app.querySelector<GTextbox>('[name=out]')!
    const slow = app.querySelector<GButton>('[name=slow]')!
    const heard = record(slow, 'then')
    clickButton(slow)
    await until(() => out.pending, 'out pending')
    const late = make<GButton>('<g-button fn="upper" inputs="t" outputs="t2">Upper</g-button>')
    app.append(late, make('<g-textbox name="t2" label="T2"></g-textbox>'))
    slow.remove() // its listener leaves while its event runs
    await until(() => !out.pending, 'out no longer pending')
    expect(out.value).to.equal('slow')
    expect(heard, 'the end of a listener whose element left is ignored').to.have.length(0)
    await clickAndWait(late)
    expect(app.querySelector<GTextbox>('[name=t2]')!.value).to.equal('SLOW')
  })

  it('starts a state added later from its default', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-number name="shown" label="Shown"></g-number></g-app>`)
    const addState = () => {
      const part = make('<div><g-state name="late" value="5"></g-state><g-button fn="increment" inputs="late" outputs="late">+1</g-button></div>')
      app.append(part)
      return part
    }
    const first = addState()
    app.append(make('<g-on triggers="late.change" fn="identity" inputs="late" outputs="shown"></g-on>'))
    await clickAndWait(first.querySelector('g-button')!)
    await until(() => app.querySelector<GNumber>('[name=shown]')!.value === 6, 'shown 6')
    first.remove()
    app.querySelector<GNumber>('[name=shown]')!.value = 0
    const second = addState()
    await clickAndWait(second.querySelector('g-button')!)
    await until(() => app.querySelector<GNumber>('[name=shown]')!.value === 6, 'shown 6 again, from the default (7 if the old value had stayed)')
  })

  it('passes the value of a <g-button value="3"> added later to ctx.event.value', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-textbox name="out" label="Out"></g-textbox></g-app>`)
    const row = make<GButton>('<g-button name="row7" value="3" fn="event_info" outputs="out">Row 3</g-button>')
    app.append(row)
    await clickAndWait(row)
    expect(app.querySelector<GTextbox>('[name=out]')!.value).to.equal('row7.click=3')
  })

  it("takes in elements inside a custom element's shadow root, as a framework component renders them", async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-number name="count" label="Count"></g-number></g-app>`)
    const host = document.createElement('div')
    const root = host.attachShadow({ mode: 'open' })
    app.append(host)
    root.append(make('<g-button fn="tally" outputs="count">Tally</g-button>'))
    await clickAndWait(root.querySelector('g-button')!)
    expect(app.querySelector<GNumber>('[name=count]')!.value).to.equal(1)
  })

  it('follows an element whose fn, inputs or outputs change after it joined, as a framework or a render sets them', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-textbox name="t" label="T" value="milk"></g-textbox><g-textbox name="out" label="Out"></g-textbox>
      <g-button fn="greet" outputs="out">Go</g-button>
    </g-app>`)
    const button = app.querySelector<GButton>('g-button')!
    const out = app.querySelector<GTextbox>('[name=out]')!
    await clickAndWait(button)
    expect(out.value).to.equal('Hello')
    button.fn = 'upper'
    button.inputs = 't'
    await clickAndWait(button)
    expect(out.value).to.equal('MILK')
  })
})
