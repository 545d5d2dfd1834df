import { html } from 'lit'
import { property, state } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GField } from './internal/field.js'
import { fieldStyles } from './internal/field.styles.js'
import { choiceStyles } from './internal/field-choices.styles.js'
import { currentChoices, json, optionChoices, type Choice } from './internal/converters.js'

/**
 * Several of a list: a `<fieldset>` of native checkboxes, each tied to its label, the group
 * named by its legend. `choices` is a JSON array of strings or `[label, value]` pairs, or child
 * `<option>` elements. In a `<form>`, a named group submits one entry per checked choice.
 *
 * @summary Several of a list.
 * @fires change - The user checked or unchecked a choice.
 * @csspart label - The legend.
 * @csspart choices - The list of choices.
 * @csspart choice - One choice (its label and checkbox).
 */
@customElement('g-checkbox-group')
export class GCheckboxGroup extends GField<string[]> {
  static override jsonAttributes = ['value', 'choices']
  static override styles = [...GField.styles, fieldStyles, choiceStyles]

  /** The choices checked at first (the `value` attribute, JSON); `value` is the live list. */
  @property({ attribute: 'value', converter: json }) override defaultValue: string[] = []
  /** The choices: strings or `[label, value]` pairs. */
  @property({ converter: json }) choices?: unknown[]
  @state() private _options: Choice[] = []

  override connectedCallback(): void {
    super.connectedCallback()
    this._options = optionChoices(this)
  }

  protected override render() {
    const choices = currentChoices(this.choices, this._options)
    const checked = new Set(Array.isArray(this.value) ? this.value.map(String) : [])
    return html`
      <fieldset part="base" class="field" ?disabled=${this.off} aria-label=${this.fallbackName} aria-describedby=${this.describedBy}>
        <legend part="label" ?hidden=${!this.hasLabel}>${this.labelContent()}</legend>
        <div part="choices" class="choices">
          ${choices.map(
            (choice, i) => html`<label part="choice" class="choice" for="c${i}">
              <input id="c${i}" type="checkbox" .value=${choice.value} .checked=${checked.has(choice.value)}
                aria-invalid=${this.invalid} @change=${(event: Event) => this._toggle(event, choice, choices)} />
              <span>${choice.label}</span>
            </label>`,
          )}
        </div>
        ${this.renderHelp()}
      </fieldset>
    `
  }

  private _toggle(event: Event, choice: Choice, choices: Choice[]): void {
    event.stopPropagation()
    const checked = new Set(Array.isArray(this.value) ? this.value : [])
    if ((event.target as HTMLInputElement).checked) checked.add(choice.value)
    else checked.delete(choice.value)
    this.value = choices.map((c) => c.value).filter((value) => checked.has(value))
    this.emit('change')
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-checkbox-group': GCheckboxGroup
  }
}
