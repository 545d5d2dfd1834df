// Issue 11, point 6: invalid JSON in a control's `value` or `choices` is shown naming the
// element, and the listeners that use it do not run with a half-read value.
import { expect, html, oneEvent } from '@open-wc/testing'
import { appFixture, clickButton, record, shownErrors, until } from './_fixture.js'
import type { GTextbox } from '../../elements/g-textbox.js'

describe('a control with invalid JSON', () => {
  it('is reported naming it, and its listeners do not run, while the others do', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-checkbox-group name="items" label="Items" choices='["Milk", "Wat'></g-checkbox-group>
      <g-dropdown name="tags" label="Tags" multiselect choices='["a"]' value='["a"'></g-dropdown>
      <g-button name="go" fn="echo" inputs="items" outputs="out">Go</g-button>
      <g-on triggers="tags.change" fn="echo" inputs="tags" outputs="out"></g-on>
      <g-textbox name="out" label="Out"></g-textbox>
      <g-textbox name="fine" label="Fine" value="ok"></g-textbox>
      <g-button name="check" fn="upper" inputs="fine" outputs="shout">Check</g-button>
      <g-textbox name="shout" label="Shout"></g-textbox>
    </g-app>`)
    await until(() => shownErrors(app).length >= 2, 'two errors')
    expect(shownErrors(app).find((m) => m.includes("the choices of 'items' is not valid JSON"))).to.contain('do not run')
    expect(shownErrors(app).some((m) => m.includes("the value of 'tags' is not valid JSON"))).to.equal(true)
    expect(app.querySelector('g-checkbox-group')!.error).to.contain('not valid JSON')

    const go = app.querySelector<HTMLElement>('g-button[name=go]')!
    const ran = record(go, 'then')
    clickButton(go)
    app.querySelector('g-dropdown')!.dispatchEvent(new Event('change', { bubbles: true, composed: true }))
    const check = app.querySelector<HTMLElement>('g-button[name=check]')!
    const checked = oneEvent(check, 'then')
    clickButton(check)
    await checked
    expect(app.querySelector<GTextbox>('g-textbox[name=shout]')!.value).to.equal('OK')
    expect(app.querySelector<GTextbox>('g-textbox[name=out]')!.value).to.equal('')
    expect(ran).to.have.length(0)
  })
})
