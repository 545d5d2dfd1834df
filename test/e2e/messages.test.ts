import { describe, it } from 'node:test'
import { expectText, useGallery } from './_browser.js'

describe('example: store message', () => {
  const gallery = useGallery()

  it('shows the current message and the earlier ones, newest first', async () => {
    const page = await gallery.open('messages/')
    const message = page.getByLabel('Message')
    await message.fill('hello')
    await message.press('Enter')
    await expectText(page.locator('g-json'), '"hello"')
    await message.fill('world')
    await page.getByRole('button', { name: 'Submit' }).click()
    await expectText(page.locator('g-json'), 'Current messages: "world"')
    await expectText(page.locator('g-json'), 'Previous messages: [ 0: "hello" ]')
    await message.fill('again')
    await message.press('Enter')
    await expectText(page.locator('g-json'), '[ 0: "world" 1: "hello" ]')
  })

  it('keeps a separate history for each page load', async () => {
    const first = await gallery.open('messages/')
    await first.getByLabel('Message').fill('mine')
    await first.getByLabel('Message').press('Enter')
    await expectText(first.locator('g-json'), '"mine"')
    const second = await gallery.open('messages/')
    await second.getByLabel('Message').fill('yours')
    await second.getByLabel('Message').press('Enter')
    await expectText(second.locator('g-json'), 'Previous messages: []')
  })
})
