import { css, html } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import { splitNames } from './internal/declarations.js'

/** The sanitizer and morpher, loaded the first time a render has HTML to show. */
type HtmlRender = typeof import('./internal/html-render.js')
let htmlRender: Promise<HtmlRender> | undefined

/**
 * Content built by a server function: `fn` runs on `load` and whenever one of its `inputs` changes
 * (or on its `triggers`, when given), and the HTML it returns replaces the element's content. The
 * `g-*` elements inside take part in the app like any other: their listeners work, their states
 * live in the session. An element with the same `name` (or `key`) in the new HTML as in the old is
 * kept: the same DOM element, with its value, its focus and its caret.
 *
 * The HTML is sanitized (DOMPurify, loaded on first use): `g-*` elements and safe markup stay;
 * scripts, event-handler attributes and `javascript:` URLs never reach the DOM. A function that
 * throws leaves the content as it was (the app shows the error).
 *
 * @summary Content rebuilt by a server function.
 * @fires change - New content arrived from the server (once per event).
 * @slot - The rendered content.
 * @cssprop --g-gap - Space between the rendered children.
 */
@customElement('g-render')
export class GRender extends GElement {
  static override styles = [
    ...GElement.styles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: var(--g-gap, 0.75rem);
      }
      /* Nothing rendered yet takes no room (and no gap) in its layout. */
      :host(:empty) {
        display: none;
      }
      :host([pending]) {
        opacity: 0.75;
        transition: opacity 0.2s 0.15s;
      }
    `,
  ]

  /** Space-separated `name.event` triggers; by default `load` and the `change` of each input. */
  @property() triggers?: string

  /** The HTML last rendered (a function's result; never sent back to the server). */
  value = ''
  #applied = Promise.resolve()

  /**
   * The triggers of the element's listener: its `triggers`, else `load` and its inputs' `change`.
   * `<source>.load` is its own load: a render that joins a running app (inside another render, or
   * added by a script) builds its content when it joins.
   */
  listenerTriggers(source: string): string[] {
    const declared = splitNames(this.triggers)
    return declared.length ? declared : ['load', `${source}.load`, ...splitNames(this.inputs).map((name) => `${name}.change`)]
  }

  /** A render's output is itself. */
  listenerOutputs(source: string): string[] {
    return [source]
  }

  /** The HTML is the server's: nothing to send back with events. */
  override get wireValue(): unknown {
    return undefined
  }

  /** Takes the HTML a function returned; renders apply in the order they came. */
  override receive(value: unknown): void {
    const markup = typeof value === 'string' ? value : value == null ? '' : String(value)
    this.value = markup
    this.#applied = this.#applied.then(() => this.#apply(markup)).catch((error: unknown) => console.error('[g-kit] <g-render> could not show its content:', error))
  }

  /** Resolves once every render received so far is in the DOM. */
  get rendered(): Promise<void> {
    return this.#applied
  }

  async #apply(markup: string): Promise<void> {
    const { sanitize, morphChildren } = await (htmlRender ??= import('./internal/html-render.js'))
    morphChildren(this, sanitize(markup))
  }

  protected override render() {
    return html`<slot></slot>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-render': GRender
  }
}
