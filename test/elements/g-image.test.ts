import { expect, fixture, html } from '@open-wc/testing'
import { inShadow } from './_fixture.js'
import type { GImage } from '../../elements/g-image.js'

/** A 1×1 PNG. */
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
const image = (el: GImage) => el.shadowRoot!.querySelector('img')

describe('<g-image>', () => {
  it('shows an empty frame, no img, by default', async () => {
    const el = await fixture<GImage>(html`<g-image label="Photo"></g-image>`)
    expect(el.value).to.equal(null)
    expect(image(el)).to.equal(null)
    expect(inShadow(el, '[part=empty]').textContent).to.contain('no image')
  })

  it('shows a data URL, with the label as its alt text and above it', async () => {
    const el = await fixture<GImage>(html`<g-image label="A red dot" value=${PIXEL}></g-image>`)
    expect(image(el)!.getAttribute('src')).to.equal(PIXEL)
    expect(image(el)!.alt).to.equal('A red dot')
    expect(inShadow(el, '[part=label]').textContent).to.equal('A red dot')
    await image(el)!.decode()
    expect(image(el)!.naturalWidth).to.equal(1)
  })

  it('shows an http(s) or relative URL, and the url of an object', async () => {
    const el = await fixture<GImage>(html`<g-image label="Logo" value="https://example.com/logo.png"></g-image>`)
    expect(image(el)!.getAttribute('src')).to.equal('https://example.com/logo.png')
    el.value = { url: '/files/cat.png' }
    await el.updateComplete
    expect(image(el)!.getAttribute('src')).to.equal('/files/cat.png')
  })

  it('refuses javascript:, and data: URLs that are not images', async () => {
    for (const value of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x']) {
      const el = await fixture<GImage>(html`<g-image label="Bad" value=${value}></g-image>`)
      expect(image(el), value).to.equal(null)
      expect(el.shadowRoot!.innerHTML.toLowerCase()).not.to.contain('script:')
    }
  })

  it('has an empty alt text when it has no label', async () => {
    const el = await fixture<GImage>(html`<g-image value=${PIXEL}></g-image>`)
    expect(image(el)!.getAttribute('alt')).to.equal('')
    expect(el.shadowRoot!.querySelector('[part=label]')).to.equal(null)
  })

  it('is accessible, with and without an image', async () => {
    await expect(await fixture<GImage>(html`<g-image label="A red dot" value=${PIXEL}></g-image>`)).to.be.accessible()
    await expect(await fixture<GImage>(html`<g-image label="Nothing yet"></g-image>`)).to.be.accessible()
  })
})
