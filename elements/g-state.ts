import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'

/**
 * Session state: a value the server keeps for this page load, used as input and output of the
 * app's functions. Its value never reaches the browser; `value` is only its default (JSON).
 * A server-declared default (`app.state`) wins over the page's.
 *
 * @summary Session state, kept on the server.
 * @fires change - The state's value really changed (compared deeply), once per change.
 */
@customElement('g-state')
export class GState extends GElement {
  static override jsonAttributes = ['value']
  static override invisible = true
  static override role = 'state' as const
  static override shorthandTrigger = 'change'

  /** The default value, parsed from the `value` attribute (JSON); the live value stays on the server. */
  get value(): unknown {
    const raw = this.getAttribute('value')
    if (raw === null) return null
    try {
      return JSON.parse(raw)
    } catch {
      return undefined
    }
  }

  /** Sets the default as frameworks do, through the property (written to the attribute as JSON). */
  set value(value: unknown) {
    if (value === undefined) this.removeAttribute('value')
    else this.setAttribute('value', JSON.stringify(value))
  }

  /** Seconds after its last write at which the state resets to its default. */
  get ttl(): number | undefined {
    const raw = this.getAttribute('ttl')
    return raw === null ? undefined : Number(raw)
  }

  set ttl(seconds: number | undefined) {
    if (seconds === undefined) this.removeAttribute('ttl')
    else this.setAttribute('ttl', String(seconds))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-state': GState
  }
}
