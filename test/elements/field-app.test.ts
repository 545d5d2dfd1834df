// The controls inside an app: their triggers and values reach the server's functions and back,
// `update()` reaches them, and (issue 11, point 6) invalid JSON in a control's `value` or
// `choices` is shown naming the element, and the listeners that use it do not run.
import { expect, html, oneEvent } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { appFixture, clickButton, inShadow, record, shownErrors, until } from './_fixture.js'
import type { GTextbox } from '../../elements/g-textbox.js'
import type { GSlider } from '../../elements/g-slider.js'
import type { GCheckbox } from '../../elements/g-checkbox.js'
import type { GRadio } from '../../elements/g-radio.js'
import type { GDropdown } from '../../elements/g-dropdown.js'
import type { GJson } from '../../elements/g-json.js'

describe('controls in an app', () => {
  it("send each control's value with its trigger, and show what the function returns", async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-slider name="slider" label="Slider" max="10" value="3"></g-slider>
      <g-checkbox name="check" label="Check"></g-checkbox>
      <g-radio name="radio" label="Radio" choices='["a","b","c"]' value="a"></g-radio>
      <g-dropdown name="drop" label="Drop" multiselect choices='["x","y","z"]'></g-dropdown>
      <g-on triggers="slider.release check.change radio.change drop.change" fn="echo" inputs="slider" outputs="out"></g-on>
      <g-on triggers="slider.release check.change radio.change drop.change" fn="pair" inputs="check" outputs="pair"></g-on>
      <g-on triggers="radio.change" fn="echo" inputs="radio" outputs="radio_out"></g-on>
      <g-on triggers="drop.change" fn="echo" inputs="drop" outputs="drop_out"></g-on>
      <g-json name="out" label="Out"></g-json><g-json name="pair" label="Pair"></g-json>
      <g-radio name="radio_out" label="Radio out" choices='["a","b","c"]'></g-radio>
      <g-dropdown name="drop_out" label="Drop out" multiselect choices='["x","y","z"]'></g-dropdown>
    </g-app>`)
    const q = <T extends Element>(name: string) => app.querySelector<T>(`[name=${name}]`)!
    inShadow(q<GSlider>('slider'), 'input').focus()
    await sendKeys({ press: 'ArrowRight' })
    await until(() => q<GJson>('out').value === 4, 'the slider value echoed')
    inShadow(q<GCheckbox>('check'), 'input').focus()
    await sendKeys({ press: 'Space' })
    await until(() => JSON.stringify(q<GJson>('pair').value) === '[true,true]', 'the checkbox value echoed')
    inShadow(q<GRadio>('radio'), 'input').focus()
    await sendKeys({ press: 'ArrowDown' })
    await until(() => q<GRadio>('radio_out').value === 'b', 'the radio value echoed')
    inShadow(q<GDropdown>('drop'), 'input').focus()
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await until(() => JSON.stringify(q<GDropdown>('drop_out').value) === '["x"]', 'the dropdown value echoed')
  })

  it('take info, choices and value from update()', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-textbox name="topic" label="Topic" value="sliders" fn="explain" inputs="topic" outputs="pick"></g-textbox>
      <g-radio name="pick" label="Pick" choices='["a"]'></g-radio>
    </g-app>`)
    const pick = app.querySelector<GRadio>('g-radio')!
    inShadow(app.querySelector('g-textbox')!, 'input').focus()
    await sendKeys({ press: 'Enter' })
    await until(() => pick.value === 'y', 'the new value')
    await pick.updateComplete
    expect(inShadow(pick, '[part=info]').textContent!.trim()).to.equal('Help: sliders')
    expect([...pick.shadowRoot!.querySelectorAll('input')].map((radio) => [radio.value, radio.checked])).to.deep.equal([
      ['x', false],
      ['y', true],
    ])
  })
})

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
