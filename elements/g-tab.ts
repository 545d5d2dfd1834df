import { css, html, type PropertyValues } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'

/**
 * One tab of a `<g-tabs>`: its `label` names the tab, its children are the tab's panel (an ARIA
 * `tabpanel` named by the label), shown while the tab is selected.
 *
 * @summary A tab of a `<g-tabs>`, and its panel.
 * @slot - The panel's content.
 */
@customElement('g-tab')
export class GTab extends GElement {
  static override role = 'layout' as const
  static override styles = [
    ...GElement.styles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: var(--g-gap, 1rem);
      }
      :host(:not([selected])) {
        display: none;
      }
    `,
  ]

  /** Whether this tab is the one shown; set by its `<g-tabs>`. */
  @property({ type: Boolean, reflect: true }) selected = false

  override connectedCallback(): void {
    super.connectedCallback()
    this.setAttribute('role', 'tabpanel')
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    if (changed.has('label')) {
      this.setAttribute('aria-label', this.label)
      // The tab list shows the label: its <g-tabs> renders again.
      if (this.parentElement?.localName === 'g-tabs') (this.parentElement as GElement).requestUpdate()
    }
  }

  protected override render() {
    return html`<slot></slot>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-tab': GTab
  }
}
