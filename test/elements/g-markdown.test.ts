import { expect, fixture, html } from '@open-wc/testing'
import { inShadow } from './_fixture.js'
import type { GMarkdown } from '../../elements/g-markdown.js'

const body = (el: GMarkdown) => inShadow(el, '[part=body]')

describe('<g-markdown>', () => {
  it('shows nothing and no label by default', async () => {
    const el = await fixture<GMarkdown>(html`<g-markdown></g-markdown>`)
    expect(el.value).to.equal('')
    expect(body(el).textContent!.trim()).to.equal('')
    expect(el.shadowRoot!.querySelector('[part=label]')).to.equal(null)
  })

  it('renders Markdown: headings, emphasis, lists, tables, inline code', async () => {
    const el = await fixture<GMarkdown>(html`<g-markdown value=${'# Title\n\nSome *soft* and **bold** text with `code`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |'}></g-markdown>`)
    expect(body(el).querySelector('h1')!.textContent).to.equal('Title')
    expect(body(el).querySelector('em')!.textContent).to.equal('soft')
    expect(body(el).querySelector('strong')!.textContent).to.equal('bold')
    expect(body(el).querySelector('p code')!.textContent).to.equal('code')
    expect([...body(el).querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal(['one', 'two'])
    expect(body(el).querySelector('table td')!.textContent).to.equal('1')
  })

  it('highlights a code block of a known language, and keeps its text', async () => {
    const code = 'def add(a, b):\n    return a + b  # sum'
    const el = await fixture<GMarkdown>(html`<g-markdown value=${'```python\n' + code + '\n```'}></g-markdown>`)
    const block = body(el).querySelector('pre code')!
    expect(block.textContent).to.equal(code + '\n')
    expect(block.querySelector('.hljs-keyword')!.textContent).to.equal('def')
    expect(block.querySelector('.hljs-comment')!.textContent).to.equal('# sum')
    expect(getComputedStyle(block.querySelector('.hljs-keyword')!).color).not.to.equal(getComputedStyle(block).color)
  })

  it('shows a code block of an unknown language as plain, escaped text', async () => {
    const el = await fixture<GMarkdown>(html`<g-markdown value=${'```nosuchlang\n<b>not bold</b>\n```'}></g-markdown>`)
    expect(body(el).querySelector('pre code')!.textContent).to.equal('<b>not bold</b>\n')
    expect(body(el).querySelector('pre b')).to.equal(null)
  })

  it('opens links in a new tab, with noopener noreferrer', async () => {
    const el = await fixture<GMarkdown>(html`<g-markdown value="See [the docs](https://example.com/docs)."></g-markdown>`)
    const link = body(el).querySelector('a')!
    expect(link.getAttribute('href')).to.equal('https://example.com/docs')
    expect(link.getAttribute('target')).to.equal('_blank')
    expect(link.getAttribute('rel')).to.equal('noopener noreferrer')
  })

  it('never lets a script, an event handler or a javascript: URL reach the DOM', async () => {
    ;(window as { pwned?: boolean }).pwned = false
    const hostile = [
      '<script>window.pwned = true</script>',
      '<img src="x" onerror="window.pwned = true">',
      '[click](javascript:window.pwned=true)',
      '<a href="javascript:window.pwned=true">raw</a>',
      '<iframe src="javascript:window.pwned=true"></iframe>',
      '<svg><script>window.pwned = true</script></svg>',
      '<input type="text" name="password">',
    ].join('\n\n')
    const el = await fixture<GMarkdown>(html`<g-markdown value=${hostile}></g-markdown>`)
    const rendered = body(el).innerHTML
    expect(body(el).querySelector('script, iframe, input[type=text]')).to.equal(null)
    expect(rendered).not.to.contain('onerror')
    expect(rendered.toLowerCase()).not.to.contain('javascript:')
    expect(body(el).querySelector('img')).not.to.equal(null)
    expect((window as { pwned?: boolean }).pwned).to.equal(false)
  })

  it('shows a value set from code, replacing the old one', async () => {
    const el = await fixture<GMarkdown>(html`<g-markdown value="old"></g-markdown>`)
    el.value = '## new'
    await el.updateComplete
    expect(body(el).querySelector('h2')!.textContent).to.equal('new')
    expect(body(el).textContent).not.to.contain('old')
  })

  it('shows only the newest of values set in quick succession', async () => {
    const el = await fixture<GMarkdown>(html`<g-markdown></g-markdown>`)
    for (let i = 1; i <= 20; i++) el.value = `token ${i}`
    await el.updateComplete
    expect(body(el).textContent!.trim()).to.equal('token 20')
  })

  it('shows its label when it has one', async () => {
    const el = await fixture<GMarkdown>(html`<g-markdown label="Notes" value="hi"></g-markdown>`)
    expect(inShadow(el, '[part=label]').textContent).to.equal('Notes')
  })

  it('is accessible', async () => {
    const el = await fixture<GMarkdown>(html`<g-markdown value=${'# Report\n\nA [link](https://example.com) and\n\n```js\nconst a = 1\n```'}></g-markdown>`)
    await expect(el).to.be.accessible()
  })
})
