import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectText, expectValue, useGallery, waitFor } from './_browser.js'

// The example keeps a closed session 20 s; here, a fraction of a second.
process.env.G_CLOSED_TTL = '0.3'
process.env.G_SWEEP_INTERVAL = '0.05'

describe('example: cleaning up', () => {
  const gallery = useGallery()

  it("removes a session's files and closes its journal when its tab has closed", async () => {
    const { filesRoot } = await import('../../examples/cleanup/app.js')
    const page = await gallery.open('cleanup/')
    await expectValue(page.getByLabel('Live sessions'), '1')
    await page.getByRole('button', { name: 'Make a file' }).click()
    await page.getByRole('button', { name: 'Make a file' }).click()
    await expectText(page.locator('g-json'), '"image-2.txt"')
    const session = await page.evaluate(() => (document.querySelector('g-app') as { session?: string }).session!)
    const folder = join(filesRoot, session)
    assert.deepEqual(readdirSync(folder).sort(), ['image-1.txt', 'image-2.txt', 'journal.log'])
    await waitFor(() => readFileSync(join(folder, 'journal.log'), 'utf8').includes('made image-2.txt'), 'the journal line')

    const other = await gallery.open('cleanup/')
    await expectValue(other.getByLabel('Live sessions'), '2')
    await page.close()
    await waitFor(() => !existsSync(folder), 'the folder to be removed')
    await other.getByRole('button', { name: 'Make a file' }).click()
    await expectValue(other.getByLabel('Live sessions'), '1')
  })
})
