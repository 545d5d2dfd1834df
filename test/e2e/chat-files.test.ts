import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { seriousViolations, useGallery, waitFor } from './_browser.js'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')

describe('example: chat with files (multimodal)', () => {
  const gallery = useGallery()

  it('sends the files attached with the Attach button to the function, and shows them in the message', async () => {
    const page = await gallery.open('chat/')
    const root = page.locator('g-chat-interface', { has: page.getByRole('log', { name: 'Files bot' }) })
    const log = root.getByRole('log', { name: 'Files bot' })
    const chooser = page.waitForEvent('filechooser')
    await root.getByRole('button', { name: 'Attach', exact: true }).click()
    await (await chooser).setFiles([
      { name: 'dot.png', mimeType: 'image/png', buffer: PNG },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('twelve bytes') },
    ])
    const attached = root.getByRole('list', { name: 'Attached files' })
    await attached.getByText('notes.txt').waitFor()
    await root.getByRole('button', { name: 'Remove notes.txt' }).click()
    await attached.getByText('notes.txt').waitFor({ state: 'detached' })
    const chooserAgain = page.waitForEvent('filechooser')
    await root.getByRole('button', { name: 'Attach', exact: true }).click()
    await (await chooserAgain).setFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('twelve bytes') }])
    await attached.getByText('notes.txt').waitFor()
    assert.deepEqual(await seriousViolations(page), [], 'the attached files are accessible')
    await root.getByRole('textbox', { name: 'Message' }).fill('two files')
    await root.getByRole('button', { name: 'Submit', exact: true }).click()

    const reply = `Received **dot.png** (image/png, ${PNG.length} bytes), **notes.txt** (text/plain, 12 bytes), with the text “two files”.`
    const lastReply = () => root.locator('g-chatbot').evaluate((bot) => (bot as unknown as { value: Array<{ content: unknown }> }).value.at(-1)?.content)
    await waitFor(async () => (await lastReply()) === reply, 'the reply naming the files').catch(async () => assert.equal(await lastReply(), reply))
    await log.getByRole('strong').filter({ hasText: 'notes.txt' }).waitFor()
    assert.equal(await root.getByRole('list', { name: 'Attached files' }).count(), 0, 'the attached files left the box with the message')
    const image = log.getByRole('img', { name: 'dot.png' })
    await image.waitFor()
    assert.match((await image.getAttribute('src')) ?? '', /^data:image\/png;base64,/)
    assert.ok((await log.textContent())?.includes('notes.txt (12 B)'), 'the message names its other file')
    assert.deepEqual(await seriousViolations(page), [], 'the sent files are accessible')
  })
})
