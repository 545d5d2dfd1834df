import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'

/**
 * An event listener: when one of its `triggers` fires (`name.event`, or `load`), the server runs
 * `fn` with the values of `inputs` and sends the results to `outputs`. With no `triggers`, it runs
 * when any of its inputs changes. A named listener is itself a trigger source:
 * `name.then` (after it, always), `name.success`, `name.failure`. However many of its triggers
 * one originating event fires at once, it runs once for them.
 *
 * @summary An event listener.
 * @fires then - The listener finished, well or not.
 * @fires success - The listener finished without error.
 * @fires failure - The listener failed; `detail.error` says why.
 */
@customElement('g-on')
export class GOn extends GElement {
  static override invisible = true
  static override role = 'listener' as const

  /** Space-separated `name.event` triggers, or `load`. */
  @property() triggers?: string
  /** Names of listeners whose running events this one cancels. */
  @property() cancels?: string
}

declare global {
  interface HTMLElementTagNameMap {
    'g-on': GOn
  }
}
