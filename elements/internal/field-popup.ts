import { html, type ReactiveController, type ReactiveControllerHost } from 'lit'

/** The down chevron of a control that opens a list. */
export const chevron = html`<svg class="chevron" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 6l4 4 4-4" /></svg>`

/** A popup's `mousedown` handler that keeps the focus in its control's text box. */
export function keepFocus(event: Event): void {
  event.preventDefault()
}

/** Whether this browser has popovers (the top layer); without, a popup stays in the page's flow. */
const topLayer = typeof HTMLElement !== 'undefined' && typeof HTMLElement.prototype.togglePopover === 'function'

/**
 * Shows a control's popup (a combobox's list, a `popover="manual"` element) in the top layer, so
 * that no ancestor's `overflow` clips it, under its anchor, or above it when there is no room
 * below, following the page as it scrolls or resizes. The popup gets the class `open` while shown.
 */
export class PopupController implements ReactiveController {
  private _following = false

  constructor(
    host: ReactiveControllerHost,
    private readonly _parts: () => { popup: HTMLElement | null; anchor: Element | null },
  ) {
    host.addController(this)
  }

  /** Shows or hides the popup; call after each render. */
  sync(open: boolean): void {
    const { popup } = this._parts()
    if (!popup) return
    if (topLayer && open !== popup.matches(':popover-open')) popup.togglePopover(open)
    popup.classList.toggle('open', open)
    this._follow(open)
    if (open) this._place()
  }

  hostDisconnected(): void {
    this._follow(false)
  }

  private _place = (): void => {
    const { popup, anchor } = this._parts()
    const box = anchor?.getBoundingClientRect()
    if (!popup || !box || !topLayer) return
    const below = innerHeight - box.bottom > Math.min(popup.offsetHeight, 256) + 8 || box.top < innerHeight / 2
    Object.assign(popup.style, {
      left: `${box.left}px`,
      width: `${box.width}px`,
      top: below ? `${box.bottom + 4}px` : 'auto',
      bottom: below ? 'auto' : `${innerHeight - box.top + 4}px`,
    })
  }

  private _follow(on: boolean): void {
    if (on === this._following) return
    this._following = on
    for (const type of ['scroll', 'resize']) {
      if (on) addEventListener(type, this._place, { capture: true, passive: true })
      else removeEventListener(type, this._place, { capture: true })
    }
  }
}
