import { html, nothing, type PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { live } from 'lit/directives/live.js'
import { GField } from './internal/field.js'
import { fieldStyles } from './internal/field.styles.js'
import { chevron, keepFocus, PopupController } from './internal/field-popup.js'
import { currentChoices, json, optionChoices, readChoiceValue, type Choice } from './internal/converters.js'
import styles from './g-dropdown.styles.js'

/** A dropdown's value: one choice's value (or `null`), or with `multiselect` a list of them. */
export type DropdownValue = string | string[] | null

/**
 * One or several of a list. By default a native `<select>` labelled by its label. With
 * `multiselect`, `filterable` or `allow-custom-value` it is an ARIA combobox with a listbox:
 * the arrow keys move through the choices (opening the list), Enter picks one, Escape closes
 * the list, and with `filterable` typing filters the choices. With `multiselect` the picked
 * choices show as tags (Backspace removes the last); with `allow-custom-value` Enter (or
 * leaving the box) takes the typed text even when it is not a choice.
 *
 * `value` is plain text for one choice, a JSON array with `multiselect`.
 *
 * @summary A dropdown list.
 * @fires change - The user picked (or removed) a choice (also when a function set a new value).
 * @csspart label - The label.
 * @csspart control - The native select, or the combobox's text box.
 * @csspart listbox - The combobox's list of choices.
 * @csspart option - One choice in the list.
 * @csspart tag - One picked choice (with `multiselect`).
 */
@customElement('g-dropdown')
export class GDropdown extends GField<DropdownValue> {
  static override jsonAttributes = ['choices']
  static override styles = [...GField.styles, fieldStyles, styles]

  /** The choice (or, with `multiselect`, the JSON list of choices) picked at first; `value` is the live one. */
  @property({ attribute: 'value', converter: { fromAttribute: readChoiceValue } }) override defaultValue: DropdownValue = null
  /** The choices: strings or `[label, value]` pairs. */
  @property({ converter: json }) choices?: unknown[]
  /** Pick several choices; `value` is then a list. */
  @property({ type: Boolean, reflect: true }) multiselect = false
  /** Typing in the box filters the choices. */
  @property({ type: Boolean, reflect: true }) filterable = false
  /** Take typed text that is not one of the choices as the value. */
  @property({ type: Boolean, reflect: true, attribute: 'allow-custom-value' }) allowCustomValue = false
  /** Shown while nothing is picked. */
  @property() placeholder?: string
  @state() private _options: Choice[] = []
  @state() private _open = false
  @state() private _query: string | null = null
  @state() private _active = -1
  private readonly _popup = new PopupController(this, () => ({
    popup: this.renderRoot.querySelector<HTMLElement>('.popup'),
    anchor: this.renderRoot.querySelector('.combo'),
  }))

  /** The live value: a list with `multiselect`, else one value or `null`. */
  override get value(): DropdownValue {
    const value = super.value
    const list = Array.isArray(value) ? value.map(String) : value == null || value === '' ? [] : [String(value)]
    return this.multiselect ? list : (list[0] ?? null)
  }
  override set value(value: DropdownValue) {
    super.value = value
  }

  override get jsonAttributeNames(): string[] {
    return this.multiselect ? ['value', 'choices'] : ['choices']
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this._options = optionChoices(this)
  }

  private get _choices(): Choice[] {
    return currentChoices(this.choices, this._options)
  }

  private get _picked(): string[] {
    const value = this.value
    return Array.isArray(value) ? value : value === null ? [] : [value]
  }

  private get _shown(): Choice[] {
    const query = this.filterable ? this._query?.trim().toLowerCase() : ''
    return query ? this._choices.filter((choice) => choice.label.toLowerCase().includes(query)) : this._choices
  }

  protected override render() {
    return this.multiselect || this.filterable || this.allowCustomValue ? this._renderCombobox() : this._renderSelect()
  }

  private _renderSelect() {
    const current = this.value as string | null
    const choices = this._choices
    const known = choices.some((choice) => choice.value === current)
    return this.renderField(html`<div class="wrap">
      <select part="control" id="control" ?disabled=${this.off} aria-label=${this.fallbackName} aria-describedby=${this.describedBy}
        aria-invalid=${this.invalid} @change=${this._onSelect}>
        ${known ? nothing : html`<option value="" disabled .selected=${live(true)}>${current ?? this.placeholder ?? ''}</option>`}
        ${choices.map((choice) => html`<option .value=${choice.value} .selected=${live(choice.value === current)}>${choice.label}</option>`)}
      </select>
      ${chevron}
    </div>`)
  }

  private _renderCombobox() {
    const shown = this._shown
    const picked = this._picked
    const labelOf = (value: string) => this._choices.find((choice) => choice.value === value)?.label ?? value
    const text = this._query ?? (this.multiselect ? '' : picked[0] === undefined ? '' : labelOf(picked[0]))
    const typing = this.filterable || this.allowCustomValue
    const active = this._open && this._active >= 0 && this._active < shown.length ? `o${this._active}` : nothing
    return this.renderField(html`<div class="wrap">
      <div class="box combo ${this.off ? 'off' : ''}" @click=${this._onBoxClick}>
        ${this.multiselect
          ? picked.map(
              (value) => html`<span part="tag" class="tag"><span>${labelOf(value)}</span><span class="remove" aria-hidden="true"
                  title="Remove" @mousedown=${keepFocus} @click=${(event: Event) => (event.stopPropagation(), this._toggle(value))}>×</span></span>`,
            )
          : nothing}
        <input part="control" id="control" role="combobox" .value=${live(text)} ?readonly=${!typing} ?disabled=${this.off}
          placeholder=${picked.length ? '' : (this.placeholder ?? '')} autocomplete="off" aria-expanded=${this._open ? 'true' : 'false'}
          aria-controls="listbox" aria-autocomplete=${this.filterable ? 'list' : 'none'} aria-activedescendant=${active}
          aria-label=${this.fallbackName} aria-describedby=${this.describedBy} aria-invalid=${this.invalid}
          @input=${this._onType} @keydown=${this._onKey} @blur=${this._onBlur} />
        ${chevron}
      </div>
      <div part="popup" class="popup" popover="manual">
        <div part="listbox" id="listbox" role="listbox" class="listbox" aria-label=${this.label || this.name || 'Choices'}
        aria-multiselectable=${this.multiselect ? 'true' : nothing} ?hidden=${!this._open || !shown.length}>
        ${shown.map(
          (choice, i) => html`<div part="option" class="option" role="option" id="o${i}" aria-selected=${picked.includes(choice.value) ? 'true' : 'false'}
            ?data-active=${i === this._active} @mousedown=${keepFocus} @pointermove=${() => (this._active = i)}
            @click=${() => this._pick(choice.value)}>${choice.label}</div>`,
        )}
      </div>
        <div class="empty" ?hidden=${shown.length > 0}>No matches</div>
      </div>
    </div>`)
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    this._popup.sync(this._open)
    if (this._open) this.renderRoot.querySelector('[data-active]')?.scrollIntoView({ block: 'nearest' })
  }

  private _onSelect(event: Event): void {
    event.stopPropagation()
    this.value = (event.target as HTMLSelectElement).value
    this.emit('change')
  }

  private _onBoxClick(): void {
    if (this.off) return
    const input = this.renderRoot.querySelector<HTMLInputElement>('#control')!
    input.focus()
    this._setOpen(!this._open)
  }

  private _onType(event: Event): void {
    event.stopPropagation() // filter text is not the value: no `input` trigger
    this._query = (event.target as HTMLInputElement).value
    this._open = true
    this._active = this.filterable && this._query ? 0 : -1
  }

  private _onKey(event: KeyboardEvent): void {
    const shown = this._shown
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        if (!this._open) return this._setOpen(true)
        this._active = Math.min(Math.max(this._active + step, 0), shown.length - 1)
        return
      }
      case 'Home':
      case 'End':
        if (!this._open || this.filterable || this.allowCustomValue) return // in a text box they move the caret
        event.preventDefault()
        this._active = event.key === 'Home' ? 0 : shown.length - 1
        return
      case 'Enter': {
        if (event.isComposing) return
        event.preventDefault()
        const choice = this._open ? shown[this._active] : undefined
        if (choice) return this._pick(choice.value)
        if (this.allowCustomValue && this._query?.trim()) return this._pick(this._query.trim())
        return this._setOpen(!this._open)
      }
      case 'Escape':
        if (this._open || this._query !== null) event.preventDefault()
        this._query = null
        return this._setOpen(false)
      case 'Backspace': {
        const picked = this._picked
        if (this.multiselect && !this._query && picked.length) this._toggle(picked[picked.length - 1]!)
        return
      }
      case ' ':
        if (this.filterable || this.allowCustomValue) return
        event.preventDefault()
        return this._setOpen(!this._open)
    }
  }

  private _onBlur(): void {
    if (this.allowCustomValue && this._query?.trim() && !this.multiselect) this._pick(this._query.trim())
    this._query = null
    this._open = false
  }

  private _setOpen(open: boolean): void {
    this._open = open
    const first = this._shown.findIndex((choice) => this._picked.includes(choice.value))
    this._active = open ? Math.max(first, 0) : -1
  }

  /** Picks a choice: the value for one, added to (or removed from) the list for several. */
  private _pick(value: string): void {
    this._query = null
    if (this.multiselect) return this._toggle(value)
    this._open = false
    if (this.value === value) return
    this.value = value
    this.emit('change')
  }

  private _toggle(value: string): void {
    if (this.off) return
    const picked = this._picked
    this._query = null
    this.value = picked.includes(value) ? picked.filter((v) => v !== value) : [...picked, value]
    this.emit('change')
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-dropdown': GDropdown
  }
}
