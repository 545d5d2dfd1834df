// Gradio's state_change.spec.ts, against the same scenario built with g-kit (examples/state-change).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { expectValue, useGallery, waitFor } from './_browser.js'

function click(page: Page, name: string) {
  return page.getByRole('button', { name, exact: true }).click()
}

describe('example: state changes (Gradio\'s state_change spec)', () => {
  const gallery = useGallery()

  it('drives a render of A × B buttons from two counters', async () => {
    const page = await gallery.open('state-change/')
    const gridButtons = page.locator('g-render[name=grid] g-button')
    await click(page, 'Increment A')
    await expectValue(page.getByLabel('Number A', { exact: true }), '1')
    assert.equal(await gridButtons.count(), 0)
    await click(page, 'Increment B')
    await click(page, 'Increment A')
    await expectValue(page.getByLabel('Number B', { exact: true }), '1')
    await expectValue(page.getByLabel('Number A', { exact: true }), '2')
    await waitFor(async () => (await gridButtons.count()) === 2, '2 × 1 buttons')
    await click(page, 'Increment A')
    await click(page, 'Increment B')
    await click(page, 'Increment A')
    await expectValue(page.getByLabel('Number A', { exact: true }), '4')
    await expectValue(page.getByLabel('Number B', { exact: true }), '2')
    await waitFor(async () => (await gridButtons.count()) === 8, '4 × 2 buttons')
    assert.equal(await page.getByRole('button', { name: 'Button 3, 1' }).count(), 1)
  })

  it('fires change only for real changes, once per event, and runs a listener of three states once', async () => {
    const page = await gallery.open('state-change/')
    await click(page, 'Count to 3')
    await expectValue(page.getByLabel('Output', { exact: true }), '{"1":1,"2":2,"3":3}\n[[1,2,3],[1,2,3],[1,2,3]]\n[1,2,3]')
    await expectValue(page.getByLabel('Changes', { exact: true }), '1')
    await expectValue(page.getByLabel('Clicks', { exact: true }), '1')
    await click(page, 'Count to 3')
    await expectValue(page.getByLabel('Clicks', { exact: true }), '2')
    await click(page, 'Count to 3')
    await expectValue(page.getByLabel('Clicks', { exact: true }), '3')
    await expectValue(page.getByLabel('Changes', { exact: true }), '1')
    await click(page, 'Zero All')
    await expectValue(page.getByLabel('Output', { exact: true }), '{"0":0}\n[[0,0,0],[0,0,0],[0,0,0]]\n[0]')
    await expectValue(page.getByLabel('Changes', { exact: true }), '2')
    await expectValue(page.getByLabel('Clicks', { exact: true }), '4')
    await click(page, 'Zero All')
    await expectValue(page.getByLabel('Clicks', { exact: true }), '5')
    await expectValue(page.getByLabel('Changes', { exact: true }), '2')
  })

  it('fires change for a state an async generator yields, and its render follows', async () => {
    const page = await gallery.open('state-change/')
    await click(page, 'Iterator State Change')
    await page.getByText('Success Box 0 added').waitFor()
    await click(page, 'Iterator State Change')
    await page.getByText('Success Box 1 added').waitFor()
    assert.equal(await page.getByText(/Success Box \d added/).count(), 2)
  })

  it('fires change once for an object mutated in place, and not when it already held that', async () => {
    const page = await gallery.open('state-change/')
    await expectValue(page.getByLabel('Custom State Changes', { exact: true }), '0')
    await click(page, 'Set State to 10')
    await expectValue(page.getByLabel('Custom State Clicks', { exact: true }), '1')
    await expectValue(page.getByLabel('Custom State Changes', { exact: true }), '1')
    await click(page, 'Set State to 10')
    await expectValue(page.getByLabel('Custom State Clicks', { exact: true }), '2')
    await expectValue(page.getByLabel('Custom State Changes', { exact: true }), '1')
  })

  it('chains textbox → state → textbox → state → textbox inside a render', async () => {
    const page = await gallery.open('state-change/')
    const start = page.getByLabel('Start State', { exact: true })
    await start.fill('test')
    await start.press('Enter')
    await expectValue(page.getByLabel('End State', { exact: true }), 'test')
    await expectValue(page.getByLabel('Middle State', { exact: true }), 'test')
  })
})
