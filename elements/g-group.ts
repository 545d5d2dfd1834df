import { css, html } from 'lit'
import { t } from './internal/tokens.styles.js'
import { customElement } from './internal/define.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import { GElement } from './internal/g-element.js'

/**
 * Holds its children together in one panel, closer than a column would (Gradio's `Group`). With a
 * `label`, the panel is a group named by it.
 *
 * @summary Elements grouped in one panel.
 * @slot - The elements of the group.
 * @csspart base - The panel.
 * @cssprop --g-gap - Space between children (default: 0.75rem).
 * @cssprop --g-subtle-bg - Background of the panel.
 */
@customElement('g-group')
export class GGroup extends GElement {
  static override role = 'layout' as const
  static override styles = [
    ...GElement.styles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      [part='base'] {
        display: flex;
        flex-direction: column;
        gap: ${t.gap};
        padding: 0.875rem 1rem;
        border: 1px solid ${t.border};
        border-radius: ${t['radius-lg']};
        background: ${t['subtle-bg']};
      }
    `,
  ]

  protected override render() {
    return html`<div part="base" role=${this.label ? 'group' : 'none'} aria-label=${ifDefined(this.label || undefined)}><slot></slot></div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-group': GGroup
  }
}
