import { expect, html } from '@open-wc/testing'
import { appFixture, clickButton, shownErrors, typeInto, until } from './_fixture.js'
import type { GRender } from '../../elements/g-render.js'
import type { GTextbox } from '../../elements/g-textbox.js'

describe('<g-render>', () => {
  it('renders what its function returns on load', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-state name="items" value='["milk","eggs"]'></g-state>
      <g-render fn="render_list" inputs="items"></g-render>
    </g-app>`)
    const render = app.querySelector<GRender>('g-render')!
    await until(() => render.querySelector('h3')?.textContent === '2 items', 'the first render')
    expect([...render.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal(['milk', 'eggs'])
  })

  it('renders again whenever an input changes', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-state name="items" value='[]'></g-state>
      <g-textbox name="item" label="Item"></g-textbox>
      <g-button fn="append" inputs="item items" outputs="items">Add</g-button>
      <g-render fn="render_list" inputs="items"></g-render>
    </g-app>`)
    const render = app.querySelector<GRender>('g-render')!
    await until(() => render.querySelector('h3')?.textContent === '0 items', 'the first render')
    await typeInto(app.querySelector<GTextbox>('g-textbox')!, 'tea')
    clickButton(app.querySelector('g-button')!)
    await until(() => render.querySelector('h3')?.textContent === '1 items', 'the render after the change')
    expect(render.querySelector('p')!.textContent).to.equal('tea')
  })

  it('keeps an element with the same name across renders, with what the user typed', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-textbox name="label" label="Label" value="One"></g-textbox>
      <g-render fn="render_box" inputs="label" triggers="load label.submit"></g-render>
    </g-app>`)
    const render = app.querySelector<GRender>('g-render')!
    await until(() => render.querySelector('p')?.textContent === 'label: One', 'the first render')
    const kept = render.querySelector<GTextbox>('g-textbox')!
    await typeInto(kept, 'typed')
    const label = app.querySelector<GTextbox>('g-textbox[name=label]')!
    label.value = 'Two'
    label.dispatchEvent(new Event('submit', { bubbles: true, composed: true }))
    await until(() => render.querySelector('p')?.textContent === 'label: Two', 'the second render')
    expect(render.querySelector('g-textbox')).to.equal(kept)
    expect(kept.value).to.equal('typed')
    expect(kept.label).to.equal('Two')
  })

  it('never lets scripts or handlers of the HTML run', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-render fn="render_hostile"></g-render>
    </g-app>`)
    const render = app.querySelector<GRender>('g-render')!
    await until(() => render.querySelector('p')?.textContent === 'safe', 'the render')
    expect(render.querySelector('script')).to.equal(null)
    expect(render.querySelector('img')!.hasAttribute('onerror')).to.equal(false)
    expect((window as { renderHacked?: number }).renderHacked).to.equal(undefined)
  })

  it('keeps its content and shows the error when its function throws', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-state name="items" value='["a"]'></g-state>
      <g-textbox name="item" label="Item" value="b"></g-textbox>
      <g-button fn="append" inputs="item items" outputs="items">Add</g-button>
      <g-render fn="render_fail" inputs="items"></g-render>
    </g-app>`)
    const render = app.querySelector<GRender>('g-render')!
    await until(() => render.querySelector('p')?.textContent === '1 item', 'the first render')
    clickButton(app.querySelector('g-button')!)
    await until(() => shownErrors(app).includes('Too many items to show'), 'the error')
    expect(render.querySelector('p')!.textContent).to.equal('1 item')
  })

  it('nests: a render inside a render builds its own content, and follows its own inputs', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-state name="items" value='["a"]'></g-state>
      <g-textbox name="item" label="Item" value="b"></g-textbox>
      <g-button fn="append" inputs="item items" outputs="items">Add</g-button>
      <g-render name="outer" fn="render_nested"></g-render>
    </g-app>`)
    await until(() => app.querySelector('g-render[name=inner] h3')?.textContent === '1 items', 'the inner render')
    expect(app.querySelector('g-render[name=outer] h4')!.textContent).to.equal('outer')
    clickButton(app.querySelector('g-button')!)
    await until(() => app.querySelector('g-render[name=inner] h3')?.textContent === '2 items', 'the inner render after the change')
  })

  it('renders when added to a running app, and its buttons work', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-state name="items" value='["x"]'></g-state>
      <g-textbox name="item" label="Item" value="y"></g-textbox>
    </g-app>`)
    app.insertAdjacentHTML('beforeend', `<g-render fn="render_list" inputs="items"></g-render>`)
    const render = app.querySelector<GRender>('g-render')!
    await until(() => render.querySelector('h3')?.textContent === '1 items', 'the late render')
    app.insertAdjacentHTML('beforeend', `<g-button fn="append" inputs="item items" outputs="items">Add</g-button>`)
    await until(() => !!app.querySelector('g-button')?.shadowRoot?.querySelector('button'), 'the late button')
    clickButton(app.querySelector('g-button')!)
    await until(() => render.querySelector('h3')?.textContent === '2 items', 'the render after the late button')
  })
})
