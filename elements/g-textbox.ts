import { html } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import { GField } from './internal/field.js'
import { fieldStyles } from './internal/field.styles.js'

/**
 * Text: a native `<input>` (or a `<textarea>` when `lines` is above 1) tied to its label.
 * Enter submits (Shift+Enter adds a line to a multi-line box). With `fn`, it runs that
 * function on submit. Inside a `<form>`, a named textbox submits its text.
 *
 * @summary A text field.
 * @fires input - The user changed the text (each keystroke).
 * @fires change - The user committed a change (Enter or leaving the field).
 * @fires submit - The user pressed Enter.
 * @csspart label - The label.
 * @csspart control - The native input or textarea.
 */
@customElement('g-textbox')
export class GTextbox extends GField<string> {
  static override styles = [...GField.styles, fieldStyles]
  static override shorthandTrigger = 'submit'

  /** The initial text (the `value` attribute); `value` is the live text. */
  @property({ attribute: 'value' }) override defaultValue = ''
  /** `text`, `password` (hidden as typed) or `email`. */
  @property() type: 'text' | 'password' | 'email' = 'text'
  /** Visible lines; above 1 the box is a textarea. */
  @property({ type: Number }) lines = 1
  /** Shown while the box is empty. */
  @property() placeholder?: string

  protected override render() {
    const placeholder = ifDefined(this.placeholder || undefined)
    const control =
      this.lines > 1
        ? html`<textarea part="control" id="control" rows=${this.lines} placeholder=${placeholder} .value=${this.value ?? ''}
            ?disabled=${this.off} aria-label=${this.fallbackName} aria-describedby=${this.describedBy} aria-invalid=${this.invalid}
            @input=${this._onInput} @change=${this._onChange} @keydown=${this._onKeydown}></textarea>`
        : html`<input part="control" id="control" type=${this.type} placeholder=${placeholder} .value=${this.value ?? ''}
            ?disabled=${this.off} aria-label=${this.fallbackName} aria-describedby=${this.describedBy} aria-invalid=${this.invalid}
            autocomplete=${this.type === 'password' ? 'current-password' : 'off'}
            @input=${this._onInput} @change=${this._onChange} @keydown=${this._onKeydown} />`
    return this.renderField(control)
  }

  private _onInput(event: Event): void {
    // The native input event is composed, so it reaches <g-app> as this element's `input` trigger.
    this.value = (event.target as HTMLInputElement).value
  }

  private _onChange(event: Event): void {
    event.stopPropagation()
    this.value = (event.target as HTMLInputElement).value
    this.emit('change')
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.isComposing || (this.lines > 1 && event.shiftKey)) return
    // In a textarea, Enter would add a line. An <input> in a shadow root belongs to no form, so its
    // default is only the native `change` that commits the text, which we keep.
    if (this.lines > 1) event.preventDefault()
    this.value = (event.target as HTMLInputElement).value
    this.emit('submit')
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-textbox': GTextbox
  }
}
