// Helpers for element tests: an app wired to the test server, and waits on conditions (never sleeps).
import { fixture, oneEvent } from '@open-wc/testing'
import type { TemplateResult } from 'lit'
import '../../elements/index.js'
import type { GApp } from '../../elements/g-app.js'

declare global {
  interface Window {
    G_SERVER: string
  }
}

/** Renders `<g-app>` content against the test server and resolves once the server welcomed it. */
export async function appFixture(content: TemplateResult): Promise<GApp> {
  const app = await fixture<GApp>(content)
  if (!app.session) await oneEvent(app, 'load')
  return app
}

/** Resolves when `check` returns true, polling at animation frames; fails after `timeout` ms. */
export async function until(check: () => boolean, what = 'condition', timeout = 3000): Promise<void> {
  const start = performance.now()
  while (!check()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => requestAnimationFrame(resolve))
  }
}
