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

  describe('a value that grows (a streamed reply)', () => {
    /** Grows a Markdown element chunk by chunk, as a stream does; its body as a fresh element shows the whole text. */
    async function grow(chunks: string[]): Promise<{ grown: string; whole: string; el: GMarkdown }> {
      const el = await fixture<GMarkdown>(html`<g-markdown></g-markdown>`)
      let text = ''
      for (const chunk of chunks) {
        el.value = text += chunk
        await el.updateComplete
      }
      const whole = await fixture<GMarkdown>(html`<g-markdown .value=${text}></g-markdown>`)
      await whole.updateComplete
      return { grown: body(el).innerHTML, whole: body(whole).innerHTML, el }
    }

    it('adds plain words to the rendered text in place, as rendering the whole text would show them', async () => {
      const el = await fixture<GMarkdown>(html`<g-markdown value="A first"></g-markdown>`)
      await el.updateComplete
      const paragraph = body(el).querySelector('p')!
      for (const chunk of [' word', ' and more, words ', 'after spaces.', ' (Done)']) {
        el.value += chunk
        await el.updateComplete
      }
      expect(body(el).querySelector('p')).to.equal(paragraph, 'the paragraph was added to, not rendered again')
      expect(paragraph.textContent).to.equal('A first word and more, words after spaces. (Done)')
    })

    for (const [what, chunks] of [
      ['emphasis closed by a later chunk', ['Hello *wor', 'ld* and', ' more']],
      ['an autolink that grows', ['see www.exa', 'mple.com', ' now']],
      ['a list item started by a chunk', ['Step 1\n\n1', '. first', ' thing']],
      ['a code fence', ['```\nlet x', ' = 1', '\n```\nafter', ' it']],
      ['trailing spaces, then words', ['a line  ', 'b', '  ', '\nnext', ' words']],
      ['a setext heading', ['Title\n', '=====', '\nbody', ' text']],
      ['HTML in the text', ['<b>x</b> y', ' z', ' w']],
      ['a table row', ['| a | b |\n|---|---|\n| 1 | 2 |\nfoo', ' bar']],
      ['a quote continued', ['> quoted\nlazy', ' words']],
    ] as const) {
      it(`shows what rendering the whole text shows: ${what}`, async () => {
        const { grown, whole } = await grow([...chunks])
        expect(grown).to.equal(whole)
      })
    }

    it('renders again when the text is replaced, even by one it showed before the words added in place', async () => {
      const el = await fixture<GMarkdown>(html`<g-markdown value="one"></g-markdown>`)
      await el.updateComplete
      for (const value of ['one two', 'one two three', 'one', 'one two', 'one *two*']) {
        el.value = value
        await el.updateComplete
        expect(body(el).textContent!.trim(), value).to.equal(value.replace(/\*/g, ''))
      }
      expect(body(el).querySelector('em')!.textContent).to.equal('two')
    })
  })
})
