import { expect, html } from '@open-wc/testing'
import { appFixture, shownErrors, until } from './_fixture.js'
import { GElement } from '../../elements/internal/g-element.js'
import { defineLazily } from '../../elements/internal/lazy-elements.js'
import * as full from '../../elements/index.js'

/** A tag whose class a "chunk" defines when `load` is called; `loads` counts the calls. */
function lazyTag(tag: string) {
  const counter = { loads: 0 }
  const load = async () => {
    counter.loads++
    customElements.define(tag, class extends GElement {})
  }
  return { counter, load }
}

describe('lazy elements (kit.js chunks)', () => {
  it('loads the chunk of a tag already in the page, once, and the element upgrades', async () => {
    const element = document.body.appendChild(document.createElement('g-lazy-present'))
    const { counter, load } = lazyTag('g-lazy-present')
    defineLazily({ 'g-lazy-present': load })
    await customElements.whenDefined('g-lazy-present')
    expect(element).to.be.instanceOf(GElement)
    document.body.appendChild(document.createElement('g-lazy-present'))
    expect(counter.loads).to.equal(1)
    document.querySelectorAll('g-lazy-present').forEach((e) => e.remove())
  })

  it('loads the chunk of a tag added to the page later, inside other elements', async () => {
    const { counter, load } = lazyTag('g-lazy-later')
    defineLazily({ 'g-lazy-later': load })
    expect(counter.loads).to.equal(0)
    const wrapper = document.createElement('div')
    wrapper.innerHTML = '<section><g-lazy-later></g-lazy-later></section>'
    document.body.appendChild(wrapper)
    await customElements.whenDefined('g-lazy-later')
    expect(wrapper.querySelector('g-lazy-later')).to.be.instanceOf(GElement)
    wrapper.remove()
  })

  it('starts an app once the chunks of its lazy elements are loaded: they join it', async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    defineLazily({
      'g-lazy-member': async () => {
        await released
        customElements.define('g-lazy-member', class extends GElement {})
      },
    })
    const app = document.createElement('g-app')
    app.setAttribute('server', window.G_SERVER)
    app.innerHTML = '<g-lazy-member name="member"></g-lazy-member>'
    document.body.appendChild(app)
    await new Promise((resolve) => setTimeout(resolve))
    expect(app.session).to.equal(undefined)
    release()
    await until(() => app.session !== undefined, 'the app to start')
    expect(shownErrors(app)).to.deep.equal([])
    expect((app.firstElementChild as GElement).joined, 'the member joined the app').to.not.equal(undefined)
    app.remove()
  })

  it('names a lazy element whose chunk did not load', async () => {
    defineLazily({ 'g-lazy-broken': () => Promise.reject(new Error('no network')) })
    const app = await appFixture(html`<g-app server=${window.G_SERVER}><g-lazy-broken></g-lazy-broken></g-app>`)
    await until(() => shownErrors(app).some((m) => m.includes('<g-lazy-broken> could not be loaded: no network')), 'the error')
  })

  it("kit.js exports what g-kit exports, but the classes of its chunks (the lazy elements', connect()'s)", async () => {
    const kit = await import('../../elements/kit.js')
    const lazy = ['GInterface', 'GChatInterface', 'ClientSession', 'StateHandle']
    expect(Object.keys(kit).sort()).to.deep.equal(Object.keys(full).filter((name) => !lazy.includes(name)).sort())
  })

  it("kit.js's connect() loads the client and connects", async () => {
    const { connect } = await import('../../elements/kit.js')
    const session = await connect(window.G_SERVER)
    expect(session.id).to.be.a('string').and.not.be.empty
    session.close()
  })
})
