import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import '../../elements/index.js'
import { morphChildren, sanitize } from '../../elements/internal/html-render.js'

/** Renders `markup` into `host` as `<g-render>` does. */
function render(host: Element, markup: string): void {
  morphChildren(host, sanitize(markup))
}

describe('sanitizing a render', () => {
  it('keeps g-* elements with their attributes', () => {
    const fragment = sanitize(`<g-button fn="done" inputs="tasks" outputs="tasks" value="3" key="row-3" variant="primary">Done</g-button>`)
    const button = fragment.querySelector('g-button')!
    expect(button.getAttribute('fn')).to.equal('done')
    expect(button.getAttribute('inputs')).to.equal('tasks')
    expect(button.getAttribute('value')).to.equal('3')
    expect(button.getAttribute('key')).to.equal('row-3')
    expect(button.textContent).to.equal('Done')
  })

  it('keeps a g-* element\'s name even when the document has a property of that name, and makes no nested app', () => {
    const holder = document.createElement('div')
    holder.append(sanitize(`<g-textbox name="title" label="Title"></g-textbox><g-button name="links" key="images">L</g-button><g-app server="https://evil.example/"><g-button fn="x">X</g-button></g-app>`))
    expect(holder.querySelector('g-textbox')!.getAttribute('name')).to.equal('title')
    expect(holder.querySelector('g-button')!.getAttribute('name')).to.equal('links')
    expect(holder.querySelector('g-button')!.getAttribute('key')).to.equal('images')
    expect(holder.querySelector('g-app')).to.equal(null)
  })

  it('keeps the JSON of g-* attributes whole', () => {
    const fragment = sanitize(`<g-checkbox-group name="items" choices='["a","b"]' value='["a"]'></g-checkbox-group>`)
    expect(fragment.querySelector('g-checkbox-group')!.getAttribute('choices')).to.equal('["a","b"]')
  })

  it('drops scripts, event handlers (on g-* elements too) and javascript: URLs', () => {
    const fragment = sanitize(
      `<script>window.hacked = 1</script><img src="x" onerror="window.hacked = 1"><a href="javascript:alert(1)">x</a>` +
        `<g-button onclick="window.hacked = 1" fn="ok">B</g-button><iframe src="https://example.com"></iframe>`,
    )
    const holder = document.createElement('div')
    holder.append(fragment)
    expect(holder.querySelector('script')).to.equal(null)
    expect(holder.querySelector('iframe')).to.equal(null)
    expect(holder.querySelector('img')!.hasAttribute('onerror')).to.equal(false)
    expect(holder.querySelector('a')!.hasAttribute('href')).to.equal(false)
    expect(holder.querySelector('g-button')!.hasAttribute('onclick')).to.equal(false)
    expect(holder.querySelector('g-button')!.getAttribute('fn')).to.equal('ok')
    expect((window as { hacked?: number }).hacked).to.equal(undefined)
  })

  it('keeps safe markup', () => {
    const holder = document.createElement('div')
    holder.append(sanitize(`<h2 class="title">Tasks</h2><ul><li><strong>one</strong></li></ul><a href="https://example.com/">link</a>`))
    expect(holder.innerHTML).to.equal(`<h2 class="title">Tasks</h2><ul><li><strong>one</strong></li></ul><a href="https://example.com/">link</a>`)
  })
})

describe('morphing a render into its host', () => {
  it('replaces the content with the new HTML', async () => {
    const host = await fixture(html`<div><p>old</p></div>`)
    render(host, `<h3>new</h3><p>text</p>`)
    expect(host.innerHTML).to.equal('<h3>new</h3><p>text</p>')
  })

  it('keeps an element with the same name: the same node, its value, its focus and its caret', async () => {
    const host = await fixture(html`<div></div>`)
    render(host, `<p>1 task</p><g-textbox name="task" label="Task"></g-textbox>`)
    const box = host.querySelector('g-textbox')!
    await box.updateComplete
    box.focus()
    await sendKeys({ type: 'milk' })
    await sendKeys({ press: 'ArrowLeft' })
    render(host, `<p>2 tasks</p><g-button name="add">Add</g-button><g-textbox name="task" label="Task" value=""></g-textbox>`)
    expect(host.querySelector('g-textbox')).to.equal(box)
    expect(box.value).to.equal('milk')
    expect(document.activeElement).to.equal(box)
    const input = box.shadowRoot!.querySelector('input')!
    expect(input.selectionStart).to.equal(3)
    expect(host.querySelector('p')!.textContent).to.equal('2 tasks')
  })

  it('keeps elements by key across a reordered list, and drops the rows that went', async () => {
    const host = await fixture(html`<div></div>`)
    render(host, `<g-button key="a" value="a">A</g-button><g-button key="b" value="b">B</g-button><g-button key="c" value="c">C</g-button>`)
    const [a, , c] = host.querySelectorAll('g-button')
    render(host, `<g-button key="c" value="c">C!</g-button><g-button key="a" value="a">A</g-button>`)
    const buttons = [...host.querySelectorAll('g-button')]
    expect(buttons).to.deep.equal([c, a])
    expect(c!.textContent).to.equal('C!')
  })

  it('applies a kept element\'s new attributes, and removes only those an earlier render set', async () => {
    const host = await fixture(html`<div></div>`)
    render(host, `<g-textbox name="t" label="Old" placeholder="type"></g-textbox>`)
    const box = host.querySelector('g-textbox')!
    box.setAttribute('data-mine', 'kept')
    render(host, `<g-textbox name="t" label="New"></g-textbox>`)
    expect(box.getAttribute('label')).to.equal('New')
    expect(box.hasAttribute('placeholder')).to.equal(false)
    expect(box.getAttribute('data-mine')).to.equal('kept')
  })

  it('replaces a list whose keys are all new, keeping an element matched by id and knowing what the render set', async () => {
    const host = await fixture(html`<div></div>`)
    render(host, `<h3 id="heading">Render 1</h3><g-row key="r1"><g-button key="a1" value="1" label="One">A</g-button></g-row>`)
    const title = host.querySelector('h3')!
    const first = host.querySelector('g-button')!
    render(host, `<h3 id="heading">Render 2</h3><g-row key="r2"><g-button key="a2" value="2" label="Two">B</g-button></g-row>`)
    expect(host.querySelector('h3')).to.equal(title)
    expect(title.textContent).to.equal('Render 2')
    const second = host.querySelector('g-button')!
    expect(second).to.not.equal(first)
    expect(first.isConnected).to.equal(false)
    expect([...host.children].map((child) => child.localName)).to.deep.equal(['h3', 'g-row'])
    expect(second.parentElement!.getAttribute('key')).to.equal('r2')
    expect(second.textContent).to.equal('B')
    // A later render that keeps the button removes what this one set and that one does not.
    render(host, `<h3 id="heading">Render 3</h3><g-row key="r2"><g-button key="a2" value="2">B</g-button></g-row>`)
    expect(host.querySelector('g-button')).to.equal(second)
    expect(second.hasAttribute('label')).to.equal(false)
  })

  it('keeps elements matched by id when no g-* element stays, even one that moves out of another', async () => {
    const host = await fixture(html`<div></div>`)
    render(host, `<div id="outer"><p id="inner">one</p></div><g-button key="k1">A</g-button>`)
    const outer = host.querySelector('#outer')!
    const inner = host.querySelector('#inner')!
    render(host, `<p id="inner" class="moved">two</p><div id="outer"><span>three</span></div><g-button key="k2">B</g-button>`)
    expect(host.querySelector('#outer')).to.equal(outer)
    expect(host.querySelector('#inner')).to.equal(inner)
    expect(host.innerHTML).to.equal(`<p id="inner" class="moved">two</p><div id="outer"><span>three</span></div><g-button key="k2">B</g-button>`)
  })

  it('leaves a nested render\'s content to that render', async () => {
    const host = await fixture(html`<div></div>`)
    render(host, `<h3>outer</h3><g-render name="inner" fn="inner"></g-render>`)
    const inner = host.querySelector('g-render')!
    inner.innerHTML = '<p>built by the inner render</p>'
    render(host, `<h3>outer again</h3><g-render name="inner" fn="inner"></g-render>`)
    expect(host.querySelector('g-render')).to.equal(inner)
    expect(inner.innerHTML).to.equal('<p>built by the inner render</p>')
  })
})
