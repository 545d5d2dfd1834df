import { html, nothing } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GField } from './internal/field.js'
import { fieldStyles } from './internal/field.styles.js'
import { toNumber } from './internal/converters.js'
import styles from './g-slider.styles.js'

/**
 * A range: a native `<input type="range">` tied to its label, with its value shown beside the
 * label (or, with `number-box`, a number box to type it in). Arrow keys, Page Up/Down, Home and
 * End move it, as any native range. Without a `value`, it starts at `min`.
 *
 * @summary A number in a range.
 * @fires input - The user is moving the slider (each step).
 * @fires change - The user let go of the slider at a new value (also when a function set one).
 * @fires release - The user let go of the slider (mouse up, or a key step).
 * @csspart label - The label.
 * @csspart control - The native range input.
 * @csspart value - The value shown beside the label.
 * @csspart number - The number box (with `number-box`).
 * @cssprop --g-slider-track - Height of the track.
 */
@customElement('g-slider')
export class GSlider extends GField<number | null> {
  static override styles = [...GField.styles, fieldStyles, styles]

  /** The initial value (the `value` attribute); `min` when absent. `value` is the live one. */
  @property({ attribute: 'value', converter: toNumber }) override defaultValue: number | null = null
  /** The smallest value. */
  @property({ type: Number }) min = 0
  /** The largest value. */
  @property({ type: Number }) max = 100
  /** The step between values. */
  @property({ type: Number }) step = 1
  /** Show a number box beside the label to type the value in, instead of the plain value. */
  @property({ type: Boolean, attribute: 'number-box' }) numberBox = false

  /** The live value; `min` until one is set. */
  override get value(): number {
    const value = super.value
    return typeof value === 'number' && Number.isFinite(value) ? value : this.min
  }
  override set value(value: number | null) {
    super.value = value
  }

  protected override render() {
    const span = this.max - this.min
    const fill = span > 0 ? ((Math.min(Math.max(this.value, this.min), this.max) - this.min) / span) * 100 : 0
    const shown = this.numberBox
      ? html`<input part="number" class="number" type="number" .value=${String(this.value)} min=${this.min} max=${this.max}
          step=${this.step} ?disabled=${this.off} aria-label=${`${this.label || this.name || 'value'} (number)`}
          @input=${(e: Event) => e.stopPropagation()} @change=${this._onNumber} />`
      : html`<output part="value" class="value" for="control" aria-hidden="true">${this.value}</output>`
    return this.renderField(
      html`<input part="control" id="control" type="range" style="--fill: ${fill}%" .value=${String(this.value)}
        min=${this.min} max=${this.max} step=${this.step} ?disabled=${this.off}
        aria-label=${this.fallbackName} aria-describedby=${this.describedBy} aria-invalid=${this.invalid}
        @input=${this._onInput} @change=${this._onChange} />`,
      this.hasLabel || this.numberBox ? shown : nothing,
    )
  }

  private _onInput(event: Event): void {
    // The native input event is composed: it reaches <g-app> as this element's `input`.
    this.value = (event.target as HTMLInputElement).valueAsNumber
  }

  private _onChange(event: Event): void {
    event.stopPropagation()
    this.value = (event.target as HTMLInputElement).valueAsNumber
    this.emit('change')
    this.emit('release')
  }

  private _onNumber(event: Event): void {
    event.stopPropagation()
    const typed = (event.target as HTMLInputElement).valueAsNumber
    if (Number.isNaN(typed)) return this.requestUpdate()
    this.value = Math.min(Math.max(typed, this.min), this.max)
    this.emit('input')
    this.emit('change')
    this.emit('release')
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-slider': GSlider
  }
}
