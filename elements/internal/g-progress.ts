import { LitElement, css, html } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './define.js'

/**
 * A progress bar (ARIA `progressbar`) laid over the top edge of an output while the listener that
 * reported it (`ctx.progress`) runs. `<g-app>` puts it in the output's shadow root with
 * {@link showProgress} and takes it away with {@link hideProgress}.
 *
 * @csspart bar - The progressbar.
 * @csspart fill - The filled part of the track.
 * @csspart text - The description and percentage.
 */
@customElement('g-progress')
export class GProgress extends LitElement {
  static override styles = css`
    :host {
      position: absolute;
      z-index: 1;
      inset: 0 0 auto;
      pointer-events: none;
    }
    .track {
      height: 3px;
      overflow: hidden;
      border-radius: 3px 3px 0 0;
      background: color-mix(in srgb, var(--g-accent, light-dark(#0969da, #4493f8)) 20%, transparent);
    }
    [part='fill'] {
      height: 100%;
      background: var(--g-accent, light-dark(#0969da, #4493f8));
      transform-origin: left;
      transition: transform 0.2s ease-out;
    }
    [part='text'] {
      position: absolute;
      top: 0.4rem;
      right: 0.4rem;
      padding: 0.1rem 0.5rem;
      font-size: 0.75rem;
      font-variant-numeric: tabular-nums;
      color: var(--g-text, light-dark(#1f2328, #f0f6fc));
      background: var(--g-bg, light-dark(#ffffff, #1b2129));
      border: 1px solid var(--g-border, light-dark(#d1d9e0, #3d444d));
      border-radius: 999px;
      box-shadow: 0 1px 3px light-dark(rgb(31 35 40 / 0.1), rgb(1 4 9 / 0.5));
    }
    @media (prefers-reduced-motion: reduce) {
      [part='fill'] {
        transition: none;
      }
    }
  `

  /** How far, from 0 to 1. */
  @property({ type: Number }) fraction = 0
  /** What is being done. */
  @property() description = ''

  protected override render() {
    const percent = Math.round(Math.min(1, Math.max(0, this.fraction)) * 100)
    const text = this.description ? `${this.description} · ${percent}%` : `${percent}%`
    return html`<div part="bar" role="progressbar" aria-label=${this.description || 'Progress'} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent} aria-valuetext=${text}>
      <div class="track"><div part="fill" style="transform: scaleX(${percent / 100})"></div></div>
      <span part="text" aria-hidden="true">${text}</span>
    </div>`
  }
}

let positioned: CSSStyleSheet | undefined

/** Shows (or moves) the progress bar of `element`, laid over its shadow root's top edge. */
export function showProgress(element: Element, fraction: number, description = ''): void {
  const root = element.shadowRoot
  if (!root) return // an element without a face (a state) has nowhere to show it
  let bar = barIn(root)
  if (!bar) {
    bar = root.appendChild(document.createElement('g-progress'))
    if (!positioned) (positioned = new CSSStyleSheet()).replaceSync(':host { position: relative; }')
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, positioned]
  }
  bar.fraction = fraction
  bar.description = description
}

/** Takes the progress bar of `element` away, if it has one. */
export function hideProgress(element: Element): void {
  const root = element.shadowRoot
  const bar = root && barIn(root)
  if (!root || !bar) return
  bar.remove()
  root.adoptedStyleSheets = root.adoptedStyleSheets.filter((sheet) => sheet !== positioned)
}

/** The bar laid on a shadow root (a shadow root's `:scope` matches nothing, hence the walk). */
function barIn(root: ShadowRoot): GProgress | undefined {
  return [...root.children].find((child): child is GProgress => child.localName === 'g-progress')
}

declare global {
  interface HTMLElementTagNameMap {
    'g-progress': GProgress
  }
}
