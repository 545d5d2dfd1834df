import { css, html } from 'lit'
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
        gap: var(--g-gap, 0.75rem);
        padding: 0.875rem 1rem;
        border: 1px solid var(--g-border, light-dark(#d1d9e0, #3d444d));
        border-radius: var(--g-radius-lg, 12px);
        background: var(--g-subtle-bg, light-dark(#f6f8fa, #151b23));
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
