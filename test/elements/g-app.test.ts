import { expect, html } from '@open-wc/testing'
import { appFixture, until } from './_fixture.js'
import type { GNumber } from '../../elements/g-number.js'

describe('<g-app>', () => {
  it('runs a shorthand listener and a change listener, as the cart does', async () => {
    const app = await appFixture(html`<g-app server=${window.G_SERVER}>
      <g-checkbox-group name="items" label="Items" choices='["Milk","Water"]' value='["Milk"]'></g-checkbox-group>
      <g-state name="cart" value="[]"></g-state>
      <g-button fn="add_items" inputs="items cart" outputs="cart">Add</g-button>
      <g-number name="size" label="Size"></g-number>
      <g-on triggers="cart.change" fn="cart_size" inputs="cart" outputs="size"></g-on>
    </g-app>`)
    const size = app.querySelector<GNumber>('g-number')!
    app.querySelector('g-button')!.shadowRoot!.querySelector('button')!.click()
    await until(() => size.value === 1, 'size 1')
    app.querySelector('g-button')!.shadowRoot!.querySelector('button')!.click()
    await until(() => size.value === 2, 'size 2')
    expect(size.value).to.equal(2)
  })
})
