import { LitElement, html, svg } from 'lit'
import { property, state } from 'lit/decorators.js'
import { customElement } from './define.js'

/** How serious a toast is: errors stay until closed, the others go away by themselves. */
export type ToastLevel = 'error' | 'warning' | 'info'

interface Toast {
  id: number
  level: ToastLevel
  message: string
  /** What the toast is about (a listener): a newer toast with the key replaces it, and {@link GToasts.clear} removes it. */
  key?: string
}

/** Errors shown at once, at most: the oldest goes first. */
const MAX_ERRORS = 5

/**
 * The toasts of a `<g-app>`: errors in an `alert` region, notices (`ctx.info`, `ctx.warning`) in a
 * `status` region, both announced, each closable. Info toasts go after `duration` ms and warnings
 * after twice that, unless the pointer or the focus is on them; errors stay until closed. It renders
 * into the app's shadow root (no shadow root of its own), so the app's `::part(error)` and
 * `::part(dismiss)` reach its toasts; its styles ({@link toastStyles}) come with the app's.
 */
@customElement('g-toasts')
export class GToasts extends LitElement {
  /** Milliseconds an info toast shows; a warning shows twice as long. */
  @property({ type: Number }) duration = 5000
  @state() private _toasts: Toast[] = []
  private _timers = new Map<number, ReturnType<typeof setTimeout>>()
  private _nextId = 1

  protected override createRenderRoot(): HTMLElement {
    return this
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this._timers.forEach((timer) => clearTimeout(timer))
    this._timers.clear()
  }

  /** Shows a toast; an error already shown is not shown twice. */
  show(level: ToastLevel, message: string, key?: string): void {
    let toasts = key === undefined ? this._toasts : this._toasts.filter((toast) => toast.key !== key)
    if (level === 'error') {
      if (toasts.some((toast) => toast.level === 'error' && toast.message === message)) return
      const errors = toasts.filter((toast) => toast.level === 'error')
      if (errors.length >= MAX_ERRORS) toasts = toasts.filter((toast) => toast !== errors[0])
    }
    const toast: Toast = { id: this._nextId++, level, message, ...(key !== undefined && { key }) }
    this._toasts = [...toasts, toast]
    this._arm(toast)
  }

  /** Removes the toasts about `key`. */
  clear(key: string): void {
    if (this._toasts.some((toast) => toast.key === key)) this._toasts = this._toasts.filter((toast) => toast.key !== key)
  }

  /** Removes one toast. */
  dismiss(id: number): void {
    clearTimeout(this._timers.get(id))
    this._timers.delete(id)
    this._toasts = this._toasts.filter((toast) => toast.id !== id)
  }

  protected override render() {
    const toast = (t: Toast) => html`<div
      part=${t.level}
      class="toast ${t.level}"
      @mouseenter=${() => this._hold(t)}
      @mouseleave=${() => this._arm(t)}
      @focusin=${() => this._hold(t)}
      @focusout=${() => this._arm(t)}
    >
      ${ICONS[t.level]}<span class="message">${t.message}</span>
      <button part="dismiss" type="button" aria-label="Dismiss" @click=${() => this.dismiss(t.id)}>${CLOSE}</button>
    </div>`
    return html`<div class="toasts">
      <div part="errors" role="alert">${this._toasts.filter((t) => t.level === 'error').map(toast)}</div>
      <div part="notices" role="status">${this._toasts.filter((t) => t.level !== 'error').map(toast)}</div>
    </div>`
  }

  /** Starts (again) the time an info or warning toast shows. */
  private _arm(toast: Toast): void {
    if (toast.level === 'error') return
    clearTimeout(this._timers.get(toast.id))
    this._timers.set(toast.id, setTimeout(() => this.dismiss(toast.id), toast.level === 'warning' ? 2 * this.duration : this.duration))
  }

  /** Keeps a toast while the user reads it (pointer or focus on it). */
  private _hold(toast: Toast): void {
    clearTimeout(this._timers.get(toast.id))
    this._timers.delete(toast.id)
  }
}

const icon = (paths: ReturnType<typeof svg>) => html`<svg class="icon" viewBox="0 0 20 20" aria-hidden="true">${paths}</svg>`
const ICONS: Record<ToastLevel, ReturnType<typeof html>> = {
  error: icon(svg`<circle cx="10" cy="10" r="8" /><path d="M10 6v4.5M10 13.5v.01" />`),
  warning: icon(svg`<path d="M10 3l7.5 13h-15z" /><path d="M10 8.5v3M10 14v.01" />`),
  info: icon(svg`<circle cx="10" cy="10" r="8" /><path d="M10 9v5M10 6.5v.01" />`),
}
const CLOSE = html`<svg viewBox="0 0 20 20" aria-hidden="true"><path d="M5.5 5.5l9 9M14.5 5.5l-9 9" /></svg>`

declare global {
  interface HTMLElementTagNameMap {
    'g-toasts': GToasts
  }
}
