// The kitchen sink: every control set by keyboard through its accessible role and name, echoed by
// the server; screenshots in light and dark (test-results/, to look at); axe on the whole page.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { seriousViolations, useGallery, waitFor } from './_browser.js'

const shots = fileURLToPath(new URL('../../test-results/', import.meta.url))

/** The value the server last echoed into the `g-json`. */
function echoed(page: Page): Promise<Record<string, unknown> | null> {
  return page.evaluate(() => (document.querySelector('g-json[name=echo]') as unknown as { value: Record<string, unknown> | null }).value)
}

describe('example: kitchen sink', () => {
  const gallery = useGallery()

  it('echoes every control, each set by keyboard through its role and name', async () => {
    const page = await gallery.open('kitchen-sink/')
    const { keyboard } = page

    await page.getByRole('textbox', { name: 'Name' }).focus()
    await keyboard.type('Grace Hopper')
    await page.getByRole('spinbutton', { name: 'Age' }).focus()
    await keyboard.press('ControlOrMeta+A')
    await keyboard.type('85')
    await page.getByRole('textbox', { name: 'Bio' }).focus()
    await keyboard.type('Wrote the first compiler.')
    await page.getByRole('slider', { name: 'Volume' }).focus()
    await keyboard.press('ArrowRight')
    await keyboard.press('ArrowRight')

    // The other tab, by arrow key from the selected one (automatic activation).
    await page.getByRole('tab', { name: 'Text and numbers' }).focus()
    await keyboard.press('ArrowRight')
    assert.equal(await page.getByRole('tab', { name: 'Choices' }).getAttribute('aria-selected'), 'true')

    await page.getByRole('checkbox', { name: 'Subscribe to the newsletter' }).focus()
    await keyboard.press('Space')
    await page.getByRole('radio', { name: 'Medium' }).focus()
    await keyboard.press('ArrowDown')
    await page.getByRole('checkbox', { name: 'Olives' }).focus()
    await keyboard.press('Space')
    await page.getByRole('combobox', { name: 'Country' }).focus()
    await keyboard.press('ArrowDown')
    await page.getByRole('combobox', { name: 'Languages' }).focus()
    await keyboard.type('Germ')
    await keyboard.press('Enter')

    await page.getByRole('button', { name: 'Echo' }).focus()
    await keyboard.press('Enter')
    await waitFor(async () => (await echoed(page))?.name === 'Grace Hopper', 'the echo')
    assert.deepEqual(await echoed(page), {
      name: 'Grace Hopper',
      bio: 'Wrote the first compiler.',
      age: 85,
      volume: 50,
      subscribe: true,
      size: 'Large',
      toppings: ['Cheese', 'Olives'],
      country: 'Germany',
      languages: ['English', 'German'],
    })

    await page.getByRole('button', { name: 'Describe' }).click()
    await page.locator('g-markdown strong', { hasText: 'Grace Hopper' }).waitFor()
  })

  it('looks finished in light and in dark, with no serious or critical axe violation', async () => {
    mkdirSync(shots, { recursive: true })
    for (const scheme of ['light', 'dark'] as const) {
      const page = await gallery.open('kitchen-sink/')
      await page.emulateMedia({ colorScheme: scheme })
      await page.getByRole('button', { name: 'Echo' }).click()
      await waitFor(async () => (await echoed(page)) !== null, 'the echo')
      await page.screenshot({ path: `${shots}kitchen-sink-${scheme}.png`, fullPage: true })
      assert.deepEqual(await seriousViolations(page), [], `axe in ${scheme}`)
      const background = await page.evaluate(() => getComputedStyle(document.querySelector('g-app')!).backgroundColor)
      assert.notEqual(background, scheme === 'dark' ? 'rgb(255, 255, 255)' : 'rgb(0, 0, 0)', `the app follows the ${scheme} scheme`)
      await page.close()
    }
  })
})
