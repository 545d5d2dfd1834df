import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'

/**
 * Global state: one value shared by every session of the app, declared on the server with
 * `app.global(name, initial)`. It is an input and output of listeners like a session state; its
 * value stays on the server. When any page changes it, every connected page hears `change`, and
 * its listeners on `name.change` run.
 *
 * @summary State shared by every visitor.
 * @fires change - The value changed, in this page's event or in another visitor's.
 */
@customElement('g-global-state')
export class GGlobalState extends GElement {
  static override invisible = true
  static override role = 'global' as const
  static override shorthandTrigger = 'change'
}

declare global {
  interface HTMLElementTagNameMap {
    'g-global-state': GGlobalState
  }
}
