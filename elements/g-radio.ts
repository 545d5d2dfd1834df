import { html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { live } from 'lit/directives/live.js'
import { GField } from './internal/field.js'
import { fieldStyles } from './internal/field.styles.js'
import { choiceStyles } from './internal/field-choices.styles.js'
import { currentChoices, json, optionChoices, type Choice } from './internal/converters.js'

/**
 * One of a list: an ARIA `radiogroup` named by its label, of native radios named by their
 * choices. Tab enters the group at the checked choice; the arrow keys move to, and check, the
 * next or previous one. `choices` is a JSON array of strings or `[label, value]` pairs, or
 * child `<option>` elements; `value` is the checked choice's value (plain text).
 *
 * @summary One of a list.
 * @fires change - The user checked a choice (also when a function set a new value).
 * @fires input - The user checked a choice.
 * @csspart label - The label.
 * @csspart choices - The radiogroup.
 * @csspart choice - One choice (its label and radio).
 */
@customElement('g-radio')
export class GRadio extends GField<string | null> {
  static override jsonAttributes = ['choices']
  static override styles = [...GField.styles, fieldStyles, choiceStyles]

  /** The choice checked at first (the `value` attribute, plain text); `value` is the live one, `null` for none. */
  @property({ attribute: 'value' }) override defaultValue: string | null = null
  /** The choices: strings or `[label, value]` pairs. */
  @property({ converter: json }) choices?: unknown[]
  @state() private _options: Choice[] = []

  override connectedCallback(): void {
    super.connectedCallback()
    this._options = optionChoices(this)
  }

  protected override render() {
    const choices = currentChoices(this.choices, this._options)
    const current = this.value == null ? null : String(this.value)
    return html`<div part="base" class="field">
      <span part="label" class="label" id="label" ?hidden=${!this.hasLabel}>${this.labelContent()}</span>
      <div part="choices" class="choices" role="radiogroup" aria-labelledby=${this.hasLabel ? 'label' : nothing} aria-label=${this.fallbackName}
        aria-describedby=${this.describedBy} aria-invalid=${this.invalid}>
        ${choices.map(
          (choice, i) => html`<label part="choice" class="choice" for="r${i}">
            <input id="r${i}" type="radio" name="choice" .value=${choice.value} .checked=${live(choice.value === current)}
              ?disabled=${this.off} @change=${(event: Event) => this._pick(event, choice)} />
            <span>${choice.label}</span>
          </label>`,
        )}
      </div>
      ${this.renderHelp()}
    </div>`
  }

  private _pick(event: Event, choice: Choice): void {
    event.stopPropagation()
    this.value = choice.value
    this.emit('change')
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-radio': GRadio
  }
}
