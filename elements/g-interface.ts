import { html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import type { ListenerSpec } from '../server/protocol.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import { splitNames } from './internal/declarations.js'
import { json } from './internal/converters.js'
import { fire } from './internal/app-link.js'
import './g-button.js'
import './g-on.js'
import styles from './g-interface.styles.js'

/**
 * A whole app around one function, as Gradio's `Interface`: its children are the input and output
 * elements (by `name`, listed in `inputs` and `outputs`), laid out inputs on one side and outputs on
 * the other (stacked when the interface is narrow), with buttons **Submit** and **Clear**. Clear
 * gives the inputs, the outputs and the session states among them their defaults. Any number of
 * states may be among the inputs and outputs. `examples` shows rows of input values that fill the
 * inputs when picked; with `live`, the function runs as the inputs change (debounced) and when an
 * example is picked, and there is no Submit. While the function runs, **Stop** cancels it.
 *
 * @summary A function's inputs and outputs, with Submit, Clear and examples.
 * @fires submit - The user asked for a run (Submit, a live change, or a live example).
 * @slot inputs - Given to the children named in `inputs`; set for them.
 * @slot outputs - Given to the children named in `outputs`; set for them.
 * @csspart header - The title and description.
 * @csspart inputs - The inputs' pane, with the buttons.
 * @csspart outputs - The outputs' pane.
 * @csspart examples - The examples table.
 */
@customElement('g-interface')
export class GInterface extends GElement {
  static override styles = [...GElement.styles, styles]
  static override shorthandTrigger = 'submit'
  static override jsonAttributes = ['examples']

  /** Rows of input values (JSON), one value per input in order. */
  @property({ converter: json }) examples: unknown[][] = []
  /** Runs the function as the inputs change (after `debounce` ms of calm) instead of on Submit. */
  @property({ type: Boolean }) live = false
  /** Milliseconds of calm before a live run. */
  @property({ type: Number }) debounce = 300
  /** A description shown under the title (`title` is the heading). */
  @property() description = ''

  /** The name the app knows it by (its `name`, or one the app made). */
  @state() private _source?: string
  @state() private _running = false
  #timer?: ReturnType<typeof setTimeout>
  #defaults = new Map<Element, unknown>()
  #settling = false

  /** What the interface sends: nothing; its inputs carry the values. */
  override get wireValue(): unknown {
    return undefined
  }

  /** Its listener runs on its own `submit`, under its own name, so that Stop can cancel it. */
  adjustListener(spec: ListenerSpec, source: string): void {
    this._source = source
    spec.name ??= source
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.addEventListener('input', this.#onInput)
    this.addEventListener('change', this.#onInput)
    this.addEventListener('then', this.#onThen)
    this.#placeChildren()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#timer)
    this.removeEventListener('input', this.#onInput)
    this.removeEventListener('change', this.#onInput)
    this.removeEventListener('then', this.#onThen)
  }

  /** Runs the function now, as Submit does. */
  submit(): void {
    clearTimeout(this.#timer)
    // With no listener to run (no app, or its function unknown) there is nothing to wait for.
    this._running = this.emit('submit')
  }

  /** Gives the inputs, the outputs and the states among them their defaults. */
  clear(): void {
    for (const element of this.#members()) {
      const field = element as GElement & { formResetCallback?(): void }
      if (field.formResetCallback) field.formResetCallback()
      else if (this.#defaults.has(element)) field.receive(structuredClone(this.#defaults.get(element)))
    }
    if (this.#states().length) fire(this, this._source, 'clear')
  }

  /** Fills the inputs with example `index` (and runs, when `live`). */
  pick(index: number): void {
    const row = this.examples[index]
    if (!Array.isArray(row)) return
    const byName = new Map(this.#members().map((element) => [element.name, element]))
    splitNames(this.inputs).forEach((name, i) => {
      if (i < row.length) byName.get(name)?.receive(structuredClone(row[i]))
    })
    if (this.live) this.submit()
  }

  protected override render() {
    const source = this._source
    const states = this.#states()
    return html`${this.title || this.description
        ? html`<header part="header">${this.title ? html`<h2>${this.title}</h2>` : nothing}${this.description ? html`<p>${this.description}</p>` : nothing}</header>`
        : nothing}
      <div class="panes" @slotchange=${() => this.#placeChildren()}>
        <section class="pane" part="inputs">
          <slot name="inputs"></slot>
          <div class="buttons">
            <g-button @click=${() => this.clear()}>Clear</g-button>
            ${this._running
              ? html`<g-button variant="stop" @click=${() => fire(this, source, 'stop')}>Stop</g-button>`
              : this.live
                ? nothing
                : html`<g-button variant="primary" @click=${() => this.submit()}>Submit</g-button>`}
          </div>
        </section>
        <section class="pane" part="outputs"><slot name="outputs"></slot></section>
      </div>
      ${this.#examplesTable()}
      ${source === undefined
        ? nothing
        : html`<g-on triggers="${source}.stop" cancels=${source}></g-on>
            ${states.length ? html`<g-on triggers="${source}.clear" fn="g-kit.reset" outputs=${states.join(' ')}></g-on>` : nothing}`}`
  }

  #examplesTable() {
    const rows = Array.isArray(this.examples) ? this.examples.filter(Array.isArray) : []
    if (!rows.length) return nothing
    const byName = new Map(this.#members().map((element) => [element.name, element]))
    const headers = splitNames(this.inputs).map((name) => byName.get(name)?.label || name)
    const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))
    return html`<div class="examples" part="examples">
      <h3 id="examples">Examples</h3>
      <table aria-labelledby="examples">
        <thead><tr>${headers.map((header) => html`<th scope="col">${header}</th>`)}</tr></thead>
        <tbody>
          ${rows.map(
            (row, index) => html`<tr @click=${() => this.pick(index)}>
              ${row.map((value, i) =>
                i === 0
                  ? html`<td><button type="button" aria-label=${`Example ${index + 1}: ${row.map(shown).join(', ')}`}>${shown(value)}</button></td>`
                  : html`<td>${shown(value)}</td>`,
              )}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  /** The children named in `inputs` or `outputs`. */
  #members(): GElement[] {
    const names = new Set([...splitNames(this.inputs), ...splitNames(this.outputs)])
    return [...this.children].filter((child): child is GElement => child instanceof GElement && child.name !== undefined && names.has(child.name))
  }

  /** Names of the session states among the inputs and outputs. */
  #states(): string[] {
    return this.#members()
      .filter((element) => (element.constructor as typeof GElement).role === 'state')
      .map((element) => element.name!)
  }

  /** Gives each child its pane, and remembers the first value of those Clear cannot reset as a form does. */
  #placeChildren(): void {
    const inputs = splitNames(this.inputs)
    const outputs = splitNames(this.outputs)
    for (const child of this.children) {
      const name = child.getAttribute('name') ?? ''
      const slot = outputs.includes(name) && !inputs.includes(name) ? 'outputs' : inputs.includes(name) ? 'inputs' : undefined
      if (slot && child.slot !== slot) child.slot = slot
      if (slot && child instanceof GElement && !('formResetCallback' in child) && !this.#defaults.has(child)) {
        this.#defaults.set(child, structuredClone((child as GElement & { value?: unknown }).value))
      }
    }
  }

  #onInput = (event: Event): void => {
    if (!this.live || this._running || this.#settling) return
    const from = event.composedPath().find((target) => target instanceof GElement && target.parentElement === this) as GElement | undefined
    if (!from?.name || (from.constructor as typeof GElement).role !== 'control' || !splitNames(this.inputs).includes(from.name)) return
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.submit(), this.debounce)
  }

  #onThen = (event: Event): void => {
    if (event.composedPath()[0] !== this) return
    this._running = false
    // The app tells the outputs of their new values (`change`) as the event ends, in this task: no live run for those.
    this.#settling = true
    setTimeout(() => (this.#settling = false))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-interface': GInterface
  }
}
