// Helpers for element tests: an app wired to the test server, and waits on conditions (never sleeps).
import { fixture, oneEvent } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
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

/** The element that `selector` finds in `host`'s shadow root; fails naming the selector when there is none. */
export function inShadow<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector)
  if (!found) throw new Error(`<${host.localName}> renders no ${selector}`)
  return found
}

/** Collects every `type` event that `target` fires from now on. */
export function record<E extends Event = Event>(target: EventTarget, ...types: string[]): E[] {
  const seen: E[] = []
  for (const type of types) target.addEventListener(type, (event) => seen.push(event as E))
  return seen
}

/** Types `text` into a control as a user does: it takes the focus, then gets real key presses. */
export async function typeInto(control: HTMLElement, text: string): Promise<void> {
  control.focus()
  await sendKeys({ type: text })
}

/** Presses a key or chord (`Enter`, `Shift+Enter`) in a control, as a user does. */
export async function pressIn(control: HTMLElement, chord: string): Promise<void> {
  const modifiers = chord.split('+')
  const key = modifiers.pop()!
  control.focus()
  for (const modifier of modifiers) await sendKeys({ down: modifier })
  await sendKeys({ press: key })
  for (const modifier of modifiers.reverse()) await sendKeys({ up: modifier })
}

/** Clicks a `<g-button>`'s native button, as a user's click does. */
export function clickButton(button: Element): void {
  inShadow<HTMLButtonElement>(button, 'button').click()
}

/** The error messages `<g-app>` shows under the app, in order. */
export function shownErrors(app: GApp): string[] {
  return [...(app.shadowRoot?.querySelectorAll('[part=error] span') ?? [])].map((span) => span.textContent?.trim() ?? '')
}
