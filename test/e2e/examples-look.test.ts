// Every example page on a phone, in light and in dark: nothing wider than the screen, no serious or
// critical axe violation (contrast included, shadow roots too); screenshots in test-results/look/, to look at.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { examples } from '../../examples/gallery.js'
import { seriousViolations, useGallery } from './_browser.js'

const shots = fileURLToPath(new URL('../../test-results/look/', import.meta.url))

describe('every example page, 390 px wide, light and dark', () => {
  const gallery = useGallery()

  for (const name of ['', ...Object.keys(examples)]) {
    it(`${name || 'the gallery'}: fits the screen and passes axe`, async () => {
      mkdirSync(shots, { recursive: true })
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await gallery.browser.newContext({ colorScheme, viewport: { width: 390, height: 844 } })
        const page = await gallery.open(name && `${name}/`, context)
        // A React page renders its app after load: wait for it, and for its session, before looking.
        if (name) await page.waitForFunction(() => (document.querySelector('g-app') as { session?: string } | null)?.session)
        await page.screenshot({ path: `${shots}${name || 'gallery'}-${colorScheme}.png`, fullPage: true })
        const width = await page.evaluate(() => document.documentElement.scrollWidth)
        assert.ok(width <= 390, `${colorScheme}: the page is ${width} px wide on a 390 px screen`)
        assert.deepEqual(await seriousViolations(page), [], `axe in ${colorScheme}`)
        await context.close()
      }
    })
  }
})
