import { describe, it } from 'node:test'
import { expectText, useGallery } from './_browser.js'

describe('example: top scores (global state)', () => {
  const gallery = useGallery()

  it('keeps the top three scores of every visitor', async () => {
    const first = await gallery.open('scores/')
    for (const score of ['5', '42', '7']) {
      await first.getByLabel('Score', { exact: true }).fill(score)
      await first.getByRole('button', { name: 'Submit' }).click()
    }
    await expectText(first.locator('g-json'), '[ 0: 42 1: 7 2: 5 ]')
    const second = await gallery.open('scores/')
    await second.getByLabel('Score', { exact: true }).fill('10')
    await second.getByLabel('Score', { exact: true }).press('Enter')
    await expectText(second.locator('g-json'), '[ 0: 42 1: 10 2: 7 ]')
  })
})
