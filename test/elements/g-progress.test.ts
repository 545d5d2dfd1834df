import { expect, fixture, html, oneEvent } from '@open-wc/testing'
import { appFixture, clickButton, until } from './_fixture.js'
import type { GApp } from '../../elements/g-app.js'
import type { GTextbox } from '../../elements/g-textbox.js'
import type { GProgress } from '../../elements/internal/lazy/progress.js'

const barOf = (el: Element) => el.shadowRoot!.querySelector<GProgress>('g-progress')?.shadowRoot?.querySelector<HTMLElement>('[role=progressbar]') ?? null

/** A second session that lets the first one's held run finish. */
async function release(): Promise<void> {
  const other = await appFixture(html`<g-app server=${window.G_SERVER}><g-button fn="release">Release</g-button></g-app>`)
  const done = oneEvent(other.querySelector('g-button')!, 'then')
  clickButton(other.querySelector('g-button')!)
  await done
}

describe('progress in <g-app>', () => {
  it('shows ctx.progress as a progressbar over each output of the running listener, until it ends', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-button name="go" fn="progress_hold" outputs="out">Go</g-button>
      <g-textbox name="out" label="Out"></g-textbox>
      <g-textbox name="other" label="Other"></g-textbox>
    </g-app>`)
    const out = app.querySelector<GTextbox>('[name=out]')!
    clickButton(app.querySelector('[name=go]')!)
    await until(() => barOf(out) !== null, 'the progress bar')
    const bar = barOf(out)!
    expect(bar.getAttribute('aria-valuenow')).to.equal('40')
    expect(bar.getAttribute('aria-valuemin')).to.equal('0')
    expect(bar.getAttribute('aria-valuemax')).to.equal('100')
    expect(bar.getAttribute('aria-label')).to.equal('Halfway')
    expect(bar.getAttribute('aria-valuetext')).to.equal('Halfway · 40%')
    expect(barOf(app.querySelector('[name=other]')!) === null, 'no bar on other elements').to.equal(true)
    const rect = out.shadowRoot!.querySelector('g-progress')!.getBoundingClientRect()
    expect(Math.round(rect.top)).to.equal(Math.round(out.getBoundingClientRect().top))
    await expect(app).to.be.accessible()
    const finished = oneEvent(app.querySelector('[name=go]')!, 'then')
    await release()
    await finished
    expect(out.value).to.equal('finished')
    expect(barOf(out) === null, 'the bar is gone').to.equal(true)
  })

  it('does not dim a generator’s outputs while they stream', async () => {
    const app: GApp = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-button name="go" fn="stream_hold" outputs="out">Go</g-button>
      <g-textbox name="out" label="Out"></g-textbox>
    </g-app>`)
    const out = app.querySelector<GTextbox>('[name=out]')!
    const go = app.querySelector('[name=go]')!
    let ended = false
    go.addEventListener('then', () => (ended = true))
    clickButton(go)
    expect(out.pending).to.equal(true)
    await until(() => out.value === 'started', 'the first step')
    await out.updateComplete
    expect(ended).to.equal(false)
    expect(out.pending).to.equal(false)
    expect(out.hasAttribute('aria-busy')).to.equal(false)
    await release()
    await until(() => out.value === 'finished' && ended, 'the last step')
  })

  it('renders a bar of its own: role, value and text', async () => {
    await import('../../elements/internal/lazy/progress.js')
    const el = await fixture<GProgress>(html`<g-progress fraction="0.257" description="Loading"></g-progress>`)
    const bar = el.shadowRoot!.querySelector('[role=progressbar]')!
    expect(bar.getAttribute('aria-valuenow')).to.equal('26')
    expect(el.shadowRoot!.querySelector('[part=text]')!.textContent).to.equal('Loading · 26%')
    await expect(el).to.be.accessible()
  })
})
