import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { useGallery, waitFor } from './_browser.js'

/** The names in the read-only task boxes, in order. */
async function taskNames(page: Page): Promise<string[]> {
  return page.getByRole('textbox', { name: 'Task', exact: true }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
}

/** Waits for a heading of the list, such as `Incomplete Tasks (2)`. */
function heading(page: Page, text: string): Promise<void> {
  return page.getByRole('heading', { name: text, exact: true }).waitFor()
}

async function addTask(page: Page, name: string): Promise<void> {
  const box = page.getByLabel('Task Name')
  await box.fill(name)
  await box.press('Enter')
}

describe('example: todo list (a render)', () => {
  const gallery = useGallery()

  it('adds tasks with Enter, marks them done and deletes them, with the counts', async () => {
    const page = await gallery.open('todo/')
    await heading(page, 'Incomplete Tasks (0)')
    await heading(page, 'Complete Tasks (0)')
    for (const [i, name] of ['eat', 'pray', 'love'].entries()) {
      await addTask(page, name)
      await heading(page, `Incomplete Tasks (${i + 1})`)
    }
    assert.deepEqual(await taskNames(page), ['eat', 'pray', 'love'])
    assert.equal(await page.getByLabel('Task Name').inputValue(), '')
    await page.getByRole('button', { name: 'Done' }).first().click()
    await heading(page, 'Incomplete Tasks (2)')
    await heading(page, 'Complete Tasks (1)')
    await page.getByRole('button', { name: 'Delete' }).last().click()
    await heading(page, 'Incomplete Tasks (1)')
    await heading(page, 'Complete Tasks (1)')
    assert.deepEqual(await taskNames(page), ['pray'])
  })

  it('gives another visitor a list of their own, and a reload starts empty', async () => {
    const first = await gallery.open('todo/')
    await addTask(first, 'mine')
    await heading(first, 'Incomplete Tasks (1)')
    const second = await gallery.open('todo/')
    await heading(second, 'Incomplete Tasks (0)')
    await first.reload()
    await heading(first, 'Incomplete Tasks (0)')
    await waitFor(async () => (await taskNames(first)).length === 0, 'an empty list after the reload')
  })
})
