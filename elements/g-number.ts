import { html } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import { GField } from './internal/field.js'
import { fieldStyles } from './internal/field.styles.js'
import { toNumber } from './internal/converters.js'

/**
 * A number: a native `<input type="number">` tied to its label. Empty reads as `null`.
 * Enter submits; with `fn`, it runs that function on submit.
 *
 * @summary A number field.
 * @fires input - The user changed the number (each keystroke or step).
 * @fires change - The user committed a change.
 * @fires submit - The user pressed Enter.
 * @csspart label - The label.
 * @csspart control - The native input.
 */
@customElement('g-number')
export class GNumber extends GField<number | null> {
  static override styles = [...GField.styles, fieldStyles]
  static override shorthandTrigger = 'submit'

  /** The initial number (the `value` attribute), `null` when empty or not a number; `value` is the live one. */
  @property({ attribute: 'value', converter: toNumber }) override defaultValue: number | null = null
  /** Smallest allowed value. */
  @property({ type: Number }) min?: number
  /** Largest allowed value. */
  @property({ type: Number }) max?: number
  /** Step of the arrows and keyboard. */
  @property() step?: string

  protected override render() {
    return this.renderField(
      html`<input part="control" id="control" type="number" inputmode="decimal" .value=${this.value == null ? '' : String(this.value)}
        min=${ifDefined(this.min)} max=${ifDefined(this.max)} step=${ifDefined(this.step)} ?disabled=${this.off}
        aria-label=${this.fallbackName} aria-describedby=${this.describedBy} aria-invalid=${this.invalid}
        @input=${this._onInput} @change=${this._onChange} @keydown=${this._onKeydown} />`,
    )
  }

  private _read(event: Event): void {
    const input = event.target as HTMLInputElement
    this.value = input.value === '' || Number.isNaN(input.valueAsNumber) ? null : input.valueAsNumber
  }

  private _onInput(event: Event): void {
    this._read(event) // the native input event is composed: it reaches <g-app> as this element's `input`
  }

  private _onChange(event: Event): void {
    event.stopPropagation()
    this._read(event)
    this.emit('change')
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.isComposing) return
    this._read(event)
    this.emit('submit')
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-number': GNumber
  }
}
