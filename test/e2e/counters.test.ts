import { describe, it } from 'node:test'
import { expectValue, useGallery } from './_browser.js'

describe('example: two counters', () => {
  const gallery = useGallery()

  it('counts A and B independently, each number driven by its state', async () => {
    const page = await gallery.open('counters/')
    await page.getByRole('button', { name: 'Increment A' }).click()
    await page.getByRole('button', { name: 'Increment A' }).click()
    await expectValue(page.getByLabel('Number A'), '2')
    await expectValue(page.getByLabel('Number B'), '0')
    await page.getByRole('button', { name: 'Increment B' }).click()
    await expectValue(page.getByLabel('Number B'), '1')
    await expectValue(page.getByLabel('Number A'), '2')
  })
})
