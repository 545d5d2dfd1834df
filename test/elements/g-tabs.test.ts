import { expect, fixture, html, oneEvent } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { appFixture, inShadow, record, until } from './_fixture.js'
import type { GTabs, GTabsSelectDetail } from '../../elements/g-tabs.js'
import type { GTab } from '../../elements/g-tab.js'
import type { GTextbox } from '../../elements/g-textbox.js'

const tabs = (el: GTabs) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role=tab]')]
const panels = (el: GTabs) => [...el.querySelectorAll<GTab>('g-tab')]
const shown = (el: GTabs) => panels(el).filter((panel) => getComputedStyle(panel).display !== 'none').map((panel) => panel.label)

const three = html`<g-tabs label="Settings">
  <g-tab label="General"><p>general</p></g-tab>
  <g-tab label="Advanced"><p>advanced</p></g-tab>
  <g-tab label="About"><p>about</p></g-tab>
</g-tabs>`

describe('<g-tabs>', () => {
  it('renders an ARIA tablist, a tab per g-tab, the first selected and shown', async () => {
    const el = await fixture<GTabs>(three)
    const list = inShadow(el, '[part=tablist]')
    expect(list.getAttribute('role')).to.equal('tablist')
    expect(list.getAttribute('aria-label')).to.equal('Settings')
    expect(tabs(el).map((tab) => tab.textContent!.trim())).to.deep.equal(['General', 'Advanced', 'About'])
    expect(tabs(el).map((tab) => tab.getAttribute('aria-selected'))).to.deep.equal(['true', 'false', 'false'])
    expect(tabs(el).map((tab) => tab.tabIndex)).to.deep.equal([0, -1, -1])
    expect(el.value).to.equal(undefined)
    expect(shown(el)).to.deep.equal(['General'])
  })

  it('makes each g-tab a tabpanel named by its label, controlled by its tab', async () => {
    const el = await fixture<GTabs>(three)
    expect(panels(el).map((panel) => [panel.getAttribute('role'), panel.getAttribute('aria-label')])).to.deep.equal([
      ['tabpanel', 'General'],
      ['tabpanel', 'Advanced'],
      ['tabpanel', 'About'],
    ])
    const first = tabs(el)[0] as HTMLButtonElement & { ariaControlsElements?: Element[] }
    if ('ariaControlsElements' in first) expect(first.ariaControlsElements).to.deep.equal([panels(el)[0]])
  })

  it('selects a clicked tab, shows its panel and fires select with the tab', async () => {
    const el = await fixture<GTabs>(three)
    const selected = oneEvent(el, 'select')
    tabs(el)[2]!.click()
    const { detail } = (await selected) as CustomEvent<GTabsSelectDetail>
    expect(detail.value).to.equal('About')
    expect(detail.index).to.equal(2)
    expect(detail.tab).to.equal(panels(el)[2])
    expect(el.value).to.equal('About')
    expect(shown(el)).to.deep.equal(['About'])
    expect(tabs(el)[2]!.getAttribute('aria-selected')).to.equal('true')
  })

  it('moves to and selects the next tab with the arrow keys, wrapping; Home and End go to the ends', async () => {
    const el = await fixture<GTabs>(three)
    const selects = record<CustomEvent<GTabsSelectDetail>>(el, 'select')
    tabs(el)[0]!.focus()
    const steps: Array<[string, string]> = [
      ['ArrowRight', 'Advanced'],
      ['ArrowRight', 'About'],
      ['ArrowRight', 'General'],
      ['ArrowLeft', 'About'],
      ['Home', 'General'],
      ['End', 'About'],
    ]
    for (const [key, label] of steps) {
      await sendKeys({ press: key })
      await until(() => el.value === label, `${key} to select ${label}`)
      await el.updateComplete
      expect(el.shadowRoot!.activeElement!.textContent!.trim(), key).to.equal(label)
      expect(shown(el)).to.deep.equal([label])
    }
    expect(selects.map((event) => event.detail.value)).to.deep.equal(steps.map(([, label]) => label))
  })

  it('does not fire select when the value is set from code, or the selected tab is clicked', async () => {
    const el = await fixture<GTabs>(three)
    const selects = record(el, 'select')
    el.value = 'Advanced'
    await el.updateComplete
    expect(shown(el)).to.deep.equal(['Advanced'])
    tabs(el)[1]!.click()
    await el.updateComplete
    el.receive(2)
    await el.updateComplete
    expect(shown(el)).to.deep.equal(['About'])
    expect(selects).to.have.length(0)
  })

  it('follows tabs added later and label changes', async () => {
    const el = await fixture<GTabs>(three)
    const extra = document.createElement('g-tab')
    extra.label = 'Logs'
    el.append(extra)
    await until(() => tabs(el).length === 4, 'a fourth tab')
    panels(el)[0]!.label = 'Main'
    await until(() => tabs(el)[0]!.textContent!.trim() === 'Main', 'the renamed tab')
  })

  it('runs a listener on select with the tab label as ctx.event.value', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-tabs name="views"><g-tab label="One"></g-tab><g-tab label="Two"></g-tab></g-tabs>
      <g-on triggers="views.select" fn="event_info" outputs="out"></g-on>
      <g-textbox name="out" label="Out"></g-textbox>
    </g-app>`)
    const views = app.querySelector('g-tabs')!
    tabs(views)[1]!.click()
    const out = app.querySelector<GTextbox>('g-textbox')!
    await until(() => out.value === 'views.select=Two', 'the listener’s result')
  })

  it('is accessible', async () => {
    const el = await fixture<GTabs>(three)
    await expect(el).to.be.accessible()
  })
})
