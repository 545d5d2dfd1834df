import { expect, html, oneEvent } from '@open-wc/testing'
import { customElement, property } from 'lit/decorators.js'
import { appFixture, clickButton, inShadow, shownErrors, until } from './_fixture.js'
import { GElement } from '../../elements/internal/g-element.js'
import type { GApp } from '../../elements/g-app.js'
import type { GNumber } from '../../elements/g-number.js'
import type { GToasts } from '../../elements/internal/g-toasts.js'

/** An output with the field layer's error slot. */
@customElement('g-test-error-output')
class TestErrorOutput extends GElement {
  @property() value = ''
  @property() error = ''
}

const toasts = (app: GApp) => inShadow<GToasts>(app, 'g-toasts')
const notices = (app: GApp, level: 'info' | 'warning') => [...inShadow(app, '[part=notices]').querySelectorAll(`[part=${level}]`)].map((t) => t.querySelector('.message')!.textContent!.trim())

describe('toasts of <g-app>', () => {
  const notifying = html`<g-app server=${window.G_SERVER}>
    <g-textbox name="level" label="Level" value="1"></g-textbox>
    <g-button name="go" fn="notify" inputs="level" outputs="out">Go</g-button>
    <g-textbox name="out" label="Out"></g-textbox>
  </g-app>`

  it('shows ctx.info in a status region, then lets it go by itself', async () => {
    const app = await appFixture(notifying)
    toasts(app).duration = 150
    const region = inShadow(app, '[part=notices]')
    expect(region.getAttribute('role')).to.equal('status')
    clickButton(app.querySelector('[name=go]')!)
    await until(() => notices(app, 'info').length === 1, 'the info toast')
    expect(notices(app, 'info')).to.deep.equal(['Saved at step 1'])
    await until(() => notices(app, 'info').length === 0, 'the info toast to go')
  })

  it('shows ctx.warning as a warning toast, closable', async () => {
    const app = await appFixture(notifying)
    app.querySelector<HTMLElement & { value: string }>('[name=level]')!.value = 'warning'
    clickButton(app.querySelector('[name=go]')!)
    await until(() => notices(app, 'warning').length === 1, 'the warning toast')
    expect(notices(app, 'warning')).to.deep.equal(['Disk almost full'])
    inShadow(app, '[part=warning] [part=dismiss]').click()
    await until(() => notices(app, 'warning').length === 0, 'the warning to close')
  })

  it('keeps a toast the pointer is on, while others go', async () => {
    const app = await appFixture(notifying)
    toasts(app).duration = 150
    toasts(app).show('info', 'read me')
    await toasts(app).updateComplete
    inShadow(app, '[part=info]').dispatchEvent(new MouseEvent('mouseenter'))
    toasts(app).show('info', 'passing by')
    await toasts(app).updateComplete
    expect(notices(app, 'info')).to.deep.equal(['read me', 'passing by'])
    await until(() => !notices(app, 'info').includes('passing by'), 'the other toast to go')
    expect(notices(app, 'info')).to.deep.equal(['read me'])
    inShadow(app, '[part=info]').dispatchEvent(new MouseEvent('mouseleave'))
    await until(() => notices(app, 'info').length === 0, 'the toast to go once left')
  })

  describe('errors', () => {
    const failing = html`<g-app server=${window.G_SERVER}>
      <g-number name="n" label="N" value="-1"></g-number>
      <g-button name="go" fn="fail_when_negative" inputs="n" outputs="out">Go</g-button>
      <g-test-error-output name="out"></g-test-error-output>
    </g-app>`

    it('shows a GError in an alert region, and keeps it while notices come and go', async () => {
      const app = await appFixture(failing)
      toasts(app).duration = 100
      clickButton(app.querySelector('[name=go]')!)
      await until(() => shownErrors(app).length === 1, 'the error toast')
      expect(shownErrors(app)).to.deep.equal(['Negative numbers are not allowed'])
      expect(inShadow(app, '[part=errors]').getAttribute('role')).to.equal('alert')
      toasts(app).show('info', 'tick')
      await toasts(app).updateComplete
      await until(() => notices(app, 'info').length === 0, 'an info toast to come and go')
      expect(shownErrors(app)).to.deep.equal(['Negative numbers are not allowed'])
      inShadow(app, '[part=error] [part=dismiss]').click()
      await until(() => shownErrors(app).length === 0, 'the error to close')
    })

    it('shows the error at the listener’s outputs, and a success clears both', async () => {
      const app = await appFixture(failing)
      const out = app.querySelector<TestErrorOutput>('g-test-error-output')!
      const go = app.querySelector('[name=go]')!
      let finished = oneEvent(go, 'then')
      clickButton(go)
      await finished
      expect(out.error).to.equal('Negative numbers are not allowed')
      expect(shownErrors(app)).to.have.length(1)
      app.querySelector<GNumber>('[name=n]')!.value = 2
      finished = oneEvent(go, 'then')
      clickButton(go)
      await finished
      await toasts(app).updateComplete
      expect(out.value).to.equal('ok')
      expect(out.error).to.equal('')
      expect(shownErrors(app)).to.deep.equal([])
    })

    it('shows a crash as a generic error, never its text', async () => {
      const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-button fn="crash">Go</g-button></g-app>`)
      clickButton(app.querySelector('g-button')!)
      await until(() => shownErrors(app).length === 1, 'the error toast')
      expect(shownErrors(app)[0]).to.contain('failed')
      expect(app.shadowRoot!.textContent).not.to.contain('secret database detail')
    })

    it('is accessible with an error and a notice shown', async () => {
      const app = await appFixture(failing)
      clickButton(app.querySelector('[name=go]')!)
      await until(() => shownErrors(app).length === 1, 'the error toast')
      toasts(app).show('warning', 'Careful')
      await toasts(app).updateComplete
      await expect(app).to.be.accessible()
    })
  })
})
