import { html, nothing, type PropertyValues } from 'lit'
import { property } from 'lit/decorators.js'
import { unsafeHTML } from 'lit/directives/unsafe-html.js'
import { keyed } from 'lit/directives/keyed.js'
import { GElement } from './g-element.js'
import { RenderedHtml, type HtmlRenderer } from './rendered-html.js'
import styles from './g-rendered.styles.js'

/**
 * The base of the elements that show a text as safe HTML (`g-markdown`, `g-html`): the text is the
 * `value`, rendered off the render path by the subclass's renderer (a lazily loaded chunk), and
 * `updateComplete` waits for the newest one.
 */
export abstract class GRendered extends GElement {
  static override styles = [...GElement.styles, styles]

  /** The source text. */
  @property() value = ''

  /** The class of the body, for the subclass's styles. */
  protected bodyClass = ''
  readonly #content = new RenderedHtml(this, this.renderer())
  /** What the body shows: the HTML and generation last rendered into it. */
  #applied?: { html: string | undefined; generation: number }

  /** How the source becomes safe HTML. */
  protected abstract renderer(): HtmlRenderer

  /** Shows a source that grew in the rendered body itself when it can (returns true), instead of rendering it again. */
  protected appendInPlace?(body: Element, shown: string, next: string): boolean

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('value')) return
    const source = typeof this.value === 'string' ? this.value : String(this.value ?? '')
    const content = this.#content
    // In place only on the DOM of the newest render: one not yet in the body would replace what is added.
    const current = this.#applied?.html === content.html && this.#applied?.generation === content.generation
    const shown = current ? content.shown : undefined
    const body = shown !== undefined && this.appendInPlace ? this.renderRoot.querySelector('[part=body]') : null
    if (body && this.appendInPlace!(body, shown!, source)) content.appended(source)
    else content.set(source)
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    this.#applied = { html: this.#content.html, generation: this.#content.generation }
  }

  /** Resolves once the newest value is rendered, its chunks loaded. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete()
    while (this.#content.pending) {
      await this.#content.pending
      done = await super.getUpdateComplete()
    }
    return done
  }

  protected override render() {
    return html`${this.label ? html`<span part="label" class="label">${this.label}</span>` : nothing}
      <div part="body" class=${this.bodyClass}>${keyed(this.#content.generation, unsafeHTML(this.#content.html ?? ''))}</div>`
  }
}
