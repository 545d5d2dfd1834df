import { expect, fixture, html } from '@open-wc/testing'
import { inShadow } from './_fixture.js'
import type { GHtml } from '../../elements/g-html.js'

const body = (el: GHtml) => inShadow(el, '[part=body]')

describe('<g-html>', () => {
  it('shows nothing by default', async () => {
    const el = await fixture<GHtml>(html`<g-html></g-html>`)
    expect(el.value).to.equal('')
    expect(body(el).innerHTML.replace(/<!--.*?-->/g, '').trim()).to.equal('')
  })

  it('renders its HTML', async () => {
    const el = await fixture<GHtml>(html`<g-html value="<h2>Hi</h2><p class='x'>a <b>b</b></p>"></g-html>`)
    expect(body(el).querySelector('h2')!.textContent).to.equal('Hi')
    expect(body(el).querySelector('p.x b')!.textContent).to.equal('b')
  })

  it('never lets a script, an event handler or a javascript: URL reach the DOM', async () => {
    ;(window as { pwned?: boolean }).pwned = false
    const el = await fixture<GHtml>(
      html`<g-html
        value=${'<script>window.pwned = true</script><img src="x" onerror="window.pwned = true"><a href="javascript:window.pwned=true">go</a><div onclick="window.pwned = true">d</div><object data="javascript:1"></object>'}
      ></g-html>`,
    )
    const rendered = body(el).innerHTML
    expect(body(el).querySelector('script, object')).to.equal(null)
    expect(rendered).not.to.match(/onerror|onclick/)
    expect(rendered.toLowerCase()).not.to.contain('javascript:')
    expect(body(el).querySelector('a')!.hasAttribute('href')).to.equal(false)
    expect((window as { pwned?: boolean }).pwned).to.equal(false)
  })

  it('opens links in a new tab, with noopener noreferrer', async () => {
    const el = await fixture<GHtml>(html`<g-html value='<a href="https://example.com">x</a>'></g-html>`)
    const link = body(el).querySelector('a')!
    expect(link.target).to.equal('_blank')
    expect(link.rel).to.equal('noopener noreferrer')
  })

  it('keeps its styles inside itself', async () => {
    const el = await fixture<GHtml>(html`<g-html value="<style>p { color: rgb(255, 0, 0) }</style><p>red</p>"></g-html>`)
    expect(getComputedStyle(body(el).querySelector('p')!).color).to.equal('rgb(255, 0, 0)')
    const outside = await fixture(html`<p>outside</p>`)
    expect(getComputedStyle(outside).color).not.to.equal('rgb(255, 0, 0)')
  })

  it('shows a value set from code', async () => {
    const el = await fixture<GHtml>(html`<g-html value="<p>old</p>"></g-html>`)
    el.value = '<em>new</em>'
    await el.updateComplete
    expect(body(el).querySelector('em')!.textContent).to.equal('new')
    expect(body(el).textContent).not.to.contain('old')
  })

  it('is accessible', async () => {
    const el = await fixture<GHtml>(html`<g-html value="<h2>Title</h2><p>Text and <a href='https://example.com'>a link</a></p>"></g-html>`)
    await expect(el).to.be.accessible()
  })
})
