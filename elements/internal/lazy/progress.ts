/**
 * A progress bar (ARIA `progressbar`) laid over the top edge of an output while the listener that
 * reported it (`ctx.progress`) runs. `<g-app>` loads this chunk with the first progress report,
 * puts a bar in the output's shadow root with {@link showProgress} and takes it away with
 * {@link hideProgress}. A plain custom element, so that the chunk does not pull Lit out of kit.js.
 *
 * @csspart bar - The progressbar.
 * @csspart fill - The filled part of the track.
 * @csspart text - The description and percentage.
 */
export class GProgress extends HTMLElement {
  #bar: HTMLElement
  #fill: HTMLElement
  #text: HTMLElement
  #fraction = 0
  #description = ''

  constructor() {
    super()
    const root = this.attachShadow({ mode: 'open' })
    const style = document.createElement('style')
    style.textContent = STYLES
    this.#bar = document.createElement('div')
    this.#bar.setAttribute('role', 'progressbar')
    this.#bar.setAttribute('part', 'bar')
    this.#bar.setAttribute('aria-valuemin', '0')
    this.#bar.setAttribute('aria-valuemax', '100')
    const track = Object.assign(document.createElement('div'), { className: 'track' })
    this.#fill = document.createElement('div')
    this.#fill.setAttribute('part', 'fill')
    this.#text = document.createElement('span')
    this.#text.setAttribute('part', 'text')
    this.#text.setAttribute('aria-hidden', 'true')
    track.append(this.#fill)
    this.#bar.append(track, this.#text)
    root.append(style, this.#bar)
    this.#render()
  }

  static get observedAttributes(): string[] {
    return ['fraction', 'description']
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'fraction') this.fraction = Number(value)
    else this.description = value ?? ''
  }

  /** How far, from 0 to 1. */
  get fraction(): number {
    return this.#fraction
  }
  set fraction(value: number) {
    this.#fraction = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0
    this.#render()
  }

  /** What is being done. */
  get description(): string {
    return this.#description
  }
  set description(value: string) {
    this.#description = value
    this.#render()
  }

  #render(): void {
    const percent = Math.round(this.#fraction * 100)
    const text = this.#description ? `${this.#description} · ${percent}%` : `${percent}%`
    this.#bar.setAttribute('aria-label', this.#description || 'Progress')
    this.#bar.setAttribute('aria-valuenow', String(percent))
    this.#bar.setAttribute('aria-valuetext', text)
    this.#fill.style.transform = `scaleX(${percent / 100})`
    this.#text.textContent = text
  }
}

if (!customElements.get('g-progress')) customElements.define('g-progress', GProgress)

let positioned: CSSStyleSheet | undefined

/** Shows (or moves) the progress bar of `element`, laid over its shadow root's top edge. */
export function showProgress(element: Element, fraction: number, description = ''): void {
  const root = element.shadowRoot
  if (!root) return // an element without a face (a state) has nowhere to show it
  let bar = barIn(root)
  if (!bar) {
    bar = root.appendChild(document.createElement('g-progress') as GProgress)
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

const STYLES = /* css */ `
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
    background: color-mix(in srgb, var(--g-accent, light-dark(#2563eb, #3b82f6)) 20%, transparent);
  }
  [part='fill'] {
    height: 100%;
    background: var(--g-accent, light-dark(#2563eb, #3b82f6));
    transform-origin: left;
    transition: transform 0.2s ease-out;
  }
  /* On the label's line, at its right end (where a slider shows its value): clear of the control below. */
  [part='text'] {
    position: absolute;
    top: calc(3px + 0.125rem);
    right: 0;
    padding: 0 0.5rem;
    font-size: 0.75rem;
    line-height: 1.25;
    font-variant-numeric: tabular-nums;
    color: var(--g-text, light-dark(#1f2328, #e6edf3));
    background: var(--g-bg, light-dark(#ffffff, #0d1117));
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

declare global {
  interface HTMLElementTagNameMap {
    'g-progress': GProgress
  }
}
