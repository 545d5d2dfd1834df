import { expect, fixture, html } from '@open-wc/testing'
import { appFixture, clickButton, inShadow, record, shownErrors, typeInto, until } from './_fixture.js'
import type { GApp } from '../../elements/g-app.js'
import type { GInterface } from '../../elements/g-interface.js'
import type { GTextbox } from '../../elements/g-textbox.js'
import type { GNumber } from '../../elements/g-number.js'

/** The interface's own button named `name`. */
function button(ui: GInterface, name: string): HTMLElement | undefined {
  return [...ui.shadowRoot!.querySelectorAll('g-button')].find((b) => b.textContent?.trim() === name) as HTMLElement | undefined
}

describe('<g-interface>', () => {
  it('puts its inputs and outputs in their panes and runs its function on Submit', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-interface fn="upper" inputs="text" outputs="shout" title="Shout" description="Makes it loud">
        <g-textbox name="shout" label="Shout"></g-textbox>
        <g-textbox name="text" label="Text"></g-textbox>
      </g-interface>
    </g-app>`)
    const ui = app.querySelector<GInterface>('g-interface')!
    await until(() => button(ui, 'Submit') !== undefined, 'the Submit button')
    expect(app.querySelector('[name=text]')!.slot).to.equal('inputs')
    expect(app.querySelector('[name=shout]')!.slot).to.equal('outputs')
    expect(inShadow(ui, 'h2').textContent).to.equal('Shout')
    await typeInto(app.querySelector<GTextbox>('[name=text]')!, 'hi')
    clickButton(button(ui, 'Submit')!)
    await until(() => app.querySelector<GTextbox>('[name=shout]')!.value === 'HI', 'the output')
    expect(shownErrors(app)).to.deep.equal([])
  })

  it('Clear gives inputs, outputs and the states among them their defaults', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-interface fn="note" inputs="text notes" outputs="count notes">
        <g-textbox name="text" label="Text"></g-textbox>
        <g-state name="notes" value="[]"></g-state>
        <g-number name="count" label="Count"></g-number>
      </g-interface>
    </g-app>`)
    const ui = app.querySelector<GInterface>('g-interface')!
    const text = app.querySelector<GTextbox>('[name=text]')!
    const count = app.querySelector<GNumber>('[name=count]')!
    await until(() => button(ui, 'Submit') !== undefined, 'the Submit button')
    for (const word of ['a', 'b']) {
      text.value = word
      ui.submit()
      await until(() => count.value === (word === 'a' ? 1 : 2), `note ${word}`)
    }
    await until(() => button(ui, 'Submit') !== undefined, 'the end of the run')
    clickButton(button(ui, 'Clear')!)
    expect(text.value).to.equal('')
    expect(count.value).to.equal(null)
    // The state's default came back: the next note is the first again. (Clear's reset went to the
    // session before this run, so the session runs it first.)
    text.value = 'c'
    await until(() => !ui.shadowRoot!.querySelector('g-button[variant=stop]'), 'no run')
    ui.submit()
    await until(() => count.value === 1, 'the count from an empty state')
  })

  it('does not wait on a run that never started: no app, or a function the server does not have', async () => {
    const loose = await fixture<HTMLDivElement>(html`<div>
      <g-interface fn="upper" inputs="text" outputs="shout">
        <g-textbox name="text" label="Text"></g-textbox>
        <g-textbox name="shout" label="Shout"></g-textbox>
      </g-interface>
    </div>`)
    const alone = loose.querySelector<GInterface>('g-interface')!
    await until(() => button(alone, 'Submit') !== undefined, 'the Submit button')
    clickButton(button(alone, 'Submit')!)
    await until(() => !alone.isUpdatePending, 'the interface rendered after the click')
    expect(button(alone, 'Stop')).to.equal(undefined)
    expect(button(alone, 'Submit')).to.not.equal(undefined)

    const app = await fixture<GApp>(html`<g-app server=${window.G_SERVER}>
      <g-interface fn="no_such_function" inputs="text" outputs="shout">
        <g-textbox name="text" label="Text"></g-textbox>
        <g-textbox name="shout" label="Shout"></g-textbox>
      </g-interface>
    </g-app>`)
    const ui = app.querySelector<GInterface>('g-interface')!
    await until(() => shownErrors(app).some((error) => error.includes('no_such_function')), 'the unknown function named')
    clickButton(button(ui, 'Submit')!)
    await until(() => !ui.isUpdatePending, 'the interface rendered after the click')
    expect(button(ui, 'Stop')).to.equal(undefined)
    expect(button(ui, 'Submit')).to.not.equal(undefined)
  })

  it('shows Stop while its generator runs, and Stop cancels it: nothing of the run comes after', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-interface fn="tick_until_stopped" inputs="start" outputs="ticks">
        <g-number name="start" label="Start" value="0"></g-number>
        <g-number name="ticks" label="Ticks"></g-number>
      </g-interface>
      <g-number name="marks" label="Marks" value="0"></g-number>
      <g-button name="mark" fn="increment" inputs="marks" outputs="marks">Mark</g-button>
    </g-app>`)
    const ui = app.querySelector<GInterface>('g-interface')!
    const ticks = app.querySelector<GNumber>('[name=ticks]')!
    const marks = app.querySelector<GNumber>('[name=marks]')!
    const ends = record<CustomEvent<{ cancelled: boolean }>>(ui, 'then')
    await until(() => button(ui, 'Submit') !== undefined, 'the Submit button')
    clickButton(button(ui, 'Submit')!)
    await until(() => (ticks.value ?? 0) >= 2, 'ticks')
    expect(button(ui, 'Submit')).to.equal(undefined)
    clickButton(button(ui, 'Stop')!)
    await until(() => button(ui, 'Submit') !== undefined, 'Submit again after Stop')
    expect(ends.map((end) => end.detail.cancelled)).to.deep.equal([true])
    const stoppedAt = ticks.value
    // A session runs its events one at a time, in order: the mark's answer comes after every frame of the
    // stopped run, and would never come while its generator still ran.
    clickButton(app.querySelector('g-button[name=mark]')!)
    await until(() => marks.value === 1, 'the next event of the session, after the stopped run')
    expect(ticks.value).to.equal(stoppedAt)
    expect(shownErrors(app)).to.deep.equal([])
  })

  it('fills its inputs from an example row (by keyboard) and, live, runs once after typing settles', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-interface fn="counted_upper" inputs="text" outputs="shout" live debounce="200" examples='[["first"], ["second"]]'>
        <g-textbox name="text" label="Text"></g-textbox>
        <g-textbox name="shout" label="Shout"></g-textbox>
      </g-interface>
    </g-app>`)
    const ui = app.querySelector<GInterface>('g-interface')!
    const shout = app.querySelector<GTextbox>('[name=shout]')!
    await until(() => button(ui, 'Clear') !== undefined, 'the buttons')
    expect(button(ui, 'Submit')).to.equal(undefined)
    await typeInto(app.querySelector<GTextbox>('[name=text]')!, 'abc')
    await until(() => shout.value === 'ABC #1', 'one live run after typing')
    const example = inShadow<HTMLButtonElement>(ui, 'tbody tr:nth-child(2) button')
    expect(example.getAttribute('aria-label')).to.equal('Example 2: second')
    example.focus()
    example.click()
    await until(() => shout.value === 'SECOND #2', 'the example ran')
    expect(app.querySelector<GTextbox>('[name=text]')!.value).to.equal('second')
  })
})
