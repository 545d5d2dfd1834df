import { html } from 'lit'
import { property, state } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import { GElement } from './internal/g-element.js'
import { fieldStyles } from './internal/field.styles.js'
import { json, optionChoices, toChoices, type Choice } from './internal/converters.js'
import type { OutputProps } from '../server/protocol.js'
import styles from './g-checkbox-group.styles.js'

/**
 * Several of a list: a `<fieldset>` of native checkboxes, each tied to its label, the group
 * named by its legend. `choices` is a JSON array of strings or `[label, value]` pairs, or child
 * `<option>` elements.
 *
 * @summary Several of a list.
 * @fires change - The user checked or unchecked a choice.
 * @csspart label - The legend.
 * @csspart choices - The list of choices.
 * @csspart choice - One choice (its label and checkbox).
 */
@customElement('g-checkbox-group')
export class GCheckboxGroup extends GElement {
  static override jsonAttributes = ['value', 'choices']
  static override styles = [...GElement.styles, fieldStyles, styles]

  /** The checked choices' values, in the order of the choices. */
  @property({ converter: json }) value: string[] = []
  /** The choices: strings or `[label, value]` pairs. */
  @property({ converter: json }) choices?: unknown[]
  @state() private _options: Choice[] = []

  override connectedCallback(): void {
    super.connectedCallback()
    this._options = optionChoices(this)
  }

  override applyProps(props: OutputProps): void {
    super.applyProps(props)
    if (props.choices !== undefined) this.choices = props.choices
  }

  protected override render() {
    const choices = this.choices ? toChoices(this.choices) : this._options
    const checked = new Set(Array.isArray(this.value) ? this.value.map(String) : [])
    return html`
      <fieldset ?disabled=${!this.interactive} aria-label=${ifDefined(this.label ? undefined : this.name)}>
        <legend part="label" ?hidden=${!this.label}>${this.label}</legend>
        <div part="choices">
          ${choices.map(
            (choice, i) => html`<label part="choice" for="c${i}">
              <input id="c${i}" type="checkbox" .value=${choice.value} .checked=${checked.has(choice.value)}
                @change=${(event: Event) => this._toggle(event, choice, choices)} />
              <span>${choice.label}</span>
            </label>`,
          )}
        </div>
      </fieldset>
    `
  }

  private _toggle(event: Event, choice: Choice, choices: Choice[]): void {
    event.stopPropagation()
    const checked = new Set(this.value)
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
