import { html, nothing, type PropertyValues } from 'lit'
import { property } from 'lit/decorators.js'
import { unsafeHTML } from 'lit/directives/unsafe-html.js'
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

  /** How the source becomes safe HTML. */
  protected abstract renderer(): HtmlRenderer

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.#content.set(typeof this.value === 'string' ? this.value : String(this.value ?? ''))
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
      <div part="body" class=${this.bodyClass}>${unsafeHTML(this.#content.html ?? '')}</div>`
  }
}
