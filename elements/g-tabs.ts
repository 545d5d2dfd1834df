import { html, type PropertyValues } from 'lit'
import { property, queryAll, state } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import { GElement } from './internal/g-element.js'
import type { GTab } from './g-tab.js'
import styles from './g-tabs.styles.js'

/** The detail of a `select` event of `<g-tabs>`. */
export interface GTabsSelectDetail {
  /** The selected tab's label; also `ctx.event.value` on the server. */
  value: string
  /** Its position among the tabs. */
  index: number
  tab: GTab
}

/**
 * Tabs: an ARIA `tablist` of one tab per `<g-tab>` child, each showing its panel when selected.
 * The arrow keys move to the next or previous tab and select it (automatic activation), Home and
 * End to the first and last. Its value is the selected tab's label; a function that outputs to
 * it selects a tab by label or position.
 *
 * @summary Tabs, each with its panel.
 * @fires select - The user selected a tab; `detail` is `{ value, index, tab }` and `ctx.event.value` is the tab's label.
 * @slot - The `<g-tab>` elements.
 * @csspart tablist - The row of tabs.
 * @csspart tab - One tab (a native button).
 * @csspart panels - The box around the selected panel.
 */
@customElement('g-tabs')
export class GTabs extends GElement {
  static override styles = [...GElement.styles, styles]
  static override shorthandTrigger = 'select'

  /** The selected tab's label; by default the first tab's. */
  @property() value?: string
  @state() private _tabs: GTab[] = []
  @queryAll('[part~=tab]') private _buttons!: NodeListOf<HTMLButtonElement>

  /** Selects a tab by label, or by position when a function sends a number. */
  override receive(value: unknown): void {
    this.value = typeof value === 'number' ? this._tabs[value]?.label : value == null ? undefined : String(value)
  }

  protected override render() {
    const selected = this._selectedIndex()
    return html`
      <div part="tablist" role="tablist" aria-label=${ifDefined(this.label || undefined)} @keydown=${this._onKeyDown}>
        ${this._tabs.map(
          (tab, i) => html`<button
            part="tab"
            role="tab"
            type="button"
            aria-selected=${i === selected ? 'true' : 'false'}
            tabindex=${i === selected ? 0 : -1}
            ?hidden=${tab.hidden}
            @click=${() => this._choose(i)}
          >
            ${tab.label}
          </button>`,
        )}
      </div>
      <div part="panels"><slot @slotchange=${this._onSlotChange}></slot></div>
    `
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    const selected = this._selectedIndex()
    this._tabs.forEach((tab, i) => {
      tab.selected = i === selected
      // Element references reach from the tab list into the light DOM (ids cannot cross the shadow root).
      const button = this._buttons[i] as (HTMLButtonElement & { ariaControlsElements?: Element[] }) | undefined
      if (button && 'ariaControlsElements' in button) button.ariaControlsElements = [tab]
    })
  }

  private _onSlotChange(): void {
    this._tabs = [...this.children].filter((child): child is GTab => child.localName === 'g-tab')
  }

  /** The selected tab: the first shown one whose label is the value, else the first shown one. */
  private _selectedIndex(): number {
    const shown = this._tabs.map((tab, i) => [tab, i] as const).filter(([tab]) => !tab.hidden)
    return (shown.find(([tab]) => tab.label === this.value) ?? shown[0])?.[1] ?? -1
  }

  private async _choose(index: number, focus = false): Promise<void> {
    const tab = this._tabs[index]
    if (!tab) return
    const changed = index !== this._selectedIndex()
    this.value = tab.label
    await this.updateComplete
    if (focus) this._buttons[index]?.focus()
    if (!changed) return
    const detail: GTabsSelectDetail = { value: tab.label, index, tab }
    this.dispatchEvent(new CustomEvent('select', { detail, bubbles: true, composed: true }))
  }

  private _onKeyDown(event: KeyboardEvent): void {
    const shown = this._tabs.flatMap((tab, i) => (tab.hidden ? [] : [i]))
    const at = shown.indexOf(this._selectedIndex())
    if (!shown.length) return
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: shown.length - 1 }[event.key]
    if (next === undefined) return
    event.preventDefault()
    void this._choose(shown[(next + shown.length) % shown.length]!, true)
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-tabs': GTabs
  }
}
