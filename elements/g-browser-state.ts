import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import { readStored, writeStored } from './internal/storage.js'

/**
 * Browser state: a value kept in this browser's localStorage, across reloads, browser restarts
 * and server restarts; input and output of the app's functions like any state.
 *
 * By default the server seals the value (AES-GCM with its secret, bound to the storage key): the
 * page stores only an opaque token, which no other script can read or forge; a token that cannot
 * be opened gives the default. With `plain`, readable JSON is stored and `value` reads it at once.
 * Every JSON value is kept, `0`, `""`, `false` and `null` included. When another tab of the same
 * app writes it, this element takes the new value and fires `change`.
 *
 * @summary State kept in the browser.
 * @fires change - The value changed: by a function of this page, or in another tab.
 */
@customElement('g-browser-state')
export class GBrowserState extends GElement {
  static override invisible = true
  static override role = 'browser' as const
  static override shorthandTrigger = 'change'
  static override jsonAttributes = ['value']

  /** The localStorage key; by default one stable across restarts and distinct per app and name. */
  @property({ attribute: 'storage-key' }) storageKey?: string
  /** Stores readable JSON instead of a sealed token. */
  @property({ type: Boolean }) plain = false

  /** The key in use, once the app has connected the element. */
  #key?: string
  /** What is stored: the JSON of the value (plain) or the sealed token; null when nothing is. */
  #stored: string | null = null

  /** The value: with `plain`, the stored one (or the default); sealed, not readable in the page (undefined). */
  get value(): unknown {
    if (!this.plain) return undefined
    if (this.#stored !== null) {
      try {
        return JSON.parse(this.#stored)
      } catch {
        // Not JSON (written by something else): the default stands.
      }
    }
    return this.defaultValue
  }

  /** The default, from the `value` attribute (JSON). */
  get defaultValue(): unknown {
    try {
      return JSON.parse(this.getAttribute('value') ?? 'null')
    } catch {
      return null
    }
  }

  /** What travels to the server: the value when plain, else the token (null when none). */
  override get wireValue(): unknown {
    return this.plain ? this.value : this.#stored
  }

  /** Takes what the server sent: the new value (plain) or token, and stores it. */
  override receive(wire: unknown): void {
    this.#stored = this.plain ? JSON.stringify(wire ?? null) : String(wire)
    if (this.#key) writeStored(this.#key, this.#stored)
  }

  /** Starts using `key` (the app calls this with the default key when `storage-key` is not set). */
  useKey(key: string): void {
    this.#key = this.storageKey || key
    this.#stored = readStored(this.#key)
  }

  /** The key in use. */
  get key(): string | undefined {
    return this.#key
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('storage', this.#onStorage)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('storage', this.#onStorage)
  }

  #onStorage = (event: StorageEvent): void => {
    if (!this.#key || event.key !== this.#key || event.newValue === this.#stored) return
    this.#stored = event.newValue
    // Another tab wrote it: a change this tab's listeners hear as if it happened here.
    this.emit('change')
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-browser-state': GBrowserState
  }
}
