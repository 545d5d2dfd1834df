import { parsesAsJson } from './converters.js'
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { property, state } from 'lit/decorators.js'
import { GElement, onUnlessFalse } from './g-element.js'
import type { OutputProps } from '../../server/protocol.js'


/**
 * The field layer shared by every control: a label (the `label` attribute, or content in the
 * `label` slot), help text (`info`), the error of the last failed event for it (`error`),
 * `pending`, `interactive` and `visible`, the value pair (the `value` attribute is the default,
 * the `value` property the live value, as in Web Awesome), and form association: inside a plain
 * `<form>`, a named control submits its value, resets to its default and follows a disabled
 * `<fieldset>`. `renderField()` is the one template: label, control, help, error, with the
 * control described by the help and the error (`aria-describedby`) and `aria-invalid` while an
 * error is shown.
 *
 * @slot label - The label, instead of the `label` attribute (rich text, an icon).
 * @slot info - Help text, instead of the `info` attribute.
 * @csspart base - The wrapper of the label, control, help and error.
 * @csspart info - The help text.
 * @csspart error - The error text (an alert, so that it is announced).
 * @cssprop [--g-font=system-ui, -apple-system, "Segoe UI", Roboto, sans-serif] - Font family of the app and its elements.
 * @cssprop [--g-mono=ui-monospace, SFMono-Regular, Menlo, Consolas, monospace] - Monospace font (code, JSON).
 * @cssprop [--g-font-size=0.9375rem] - Base font size of the app.
 * @cssprop [--g-text=#1f2328] - Text colour (dark theme: #e6edf3).
 * @cssprop [--g-muted=#59636e] - Secondary text: help text, counts, slider values (dark: #9198a1).
 * @cssprop [--g-bg=#ffffff] - Background of the app (dark: #0d1117).
 * @cssprop [--g-input-bg=#ffffff] - Background of inputs, selects, lists and trees (dark: #151b23).
 * @cssprop [--g-subtle-bg=#f6f8fa] - Background of quiet surfaces: slider tracks, chips, hovered options (dark: #212830).
 * @cssprop [--g-border=#d1d9e0] - Border colour of controls (dark: #3d444d).
 * @cssprop [--g-border-hover=#a5b0bb] - Border colour of a hovered control (dark: #656c76).
 * @cssprop [--g-accent=#2563eb] - Accent: primary buttons, checked boxes, slider fill, focus rings (dark: #3b82f6).
 * @cssprop [--g-accent-hover=#1d4ed8] - Accent of a hovered primary button (dark: #60a5fa).
 * @cssprop [--g-accent-text=#ffffff] - Text on the accent colour (dark: #0b1220).
 * @cssprop [--g-accent-soft=rgb(37 99 235 / 0.28)] - The focus ring's colour (dark: rgb(96 165 250 / 0.35)).
 * @cssprop [--g-button-bg=#f6f8fa] - Background of a secondary button (dark: #262c36).
 * @cssprop [--g-button-hover-bg=#eaeef2] - Background of a hovered secondary button (dark: #2f3742).
 * @cssprop [--g-stop=#d1242f] - Background of a `stop` button (dark: #f85149).
 * @cssprop [--g-stop-hover=#a40e26] - Background of a hovered `stop` button (dark: #ff7b72).
 * @cssprop [--g-stop-text=#ffffff] - Text of a `stop` button (dark: #160b0b).
 * @cssprop [--g-disabled-bg=#eff2f5] - Background of a control that is turned off (`interactive="false"`) (dark: #1b2129).
 * @cssprop [--g-disabled-text=#424a53] - Text of a control that is turned off (an output), readable on `--g-disabled-bg` (dark: #b7bdc8).
 * @cssprop [--g-label-size=0.875rem] - Font size of labels.
 * @cssprop [--g-label-color=#1f2328] - Colour of labels (dark: #e6edf3).
 * @cssprop [--g-error-color=#d1242f] - Text and border of errors (dark: #ff7b72).
 * @cssprop [--g-error-bg=#ffebe9] - Background of errors (dark: #2d1517).
 * @cssprop [--g-notice-bg=#fff8c5] - Background of the connection notice (dark: #2e2610).
 * @cssprop [--g-notice-color=#6a4a00] - Text of the connection notice (dark: #e3b341).
 * @cssprop [--g-json-key=#8250df] - g-json keys (dark: #d2a8ff).
 * @cssprop [--g-json-string=#0a3069] - g-json strings (dark: #a5d6ff).
 * @cssprop [--g-json-number=#0550ae] - g-json numbers, booleans and null (dark: #79c0ff).
 * @cssprop [--g-radius=8px] - Corner radius of controls.
 * @cssprop [--g-radius-lg=12px] - Corner radius of the app and of panels.
 * @cssprop [--g-gap=1rem] - Space between the children of the app, of rows and of columns.
 * @cssprop [--g-app-padding=1rem] - Space inside the app, around its content.
 * @cssprop [--g-shadow=0 1px 2px rgb(31 35 40 / 0.06)] - Shadow of inputs and buttons.
 * @cssprop [--g-shadow-popup=0 8px 24px rgb(66 74 83 / 0.18)] - Shadow of popups (a dropdown's list).
 */
export class GField<T = unknown> extends GElement {
  static formAssociated = true
  static override shadowRootOptions = { ...GElement.shadowRootOptions, delegatesFocus: true }

  /** The default value, from the `value` attribute: the value until the user or a function sets one, and after a form reset. */
  declare defaultValue: T
  /** Help text shown under the control. A function can change it with `update({ info })`. */
  @property() info = ''
  /** The error of the last failed event for this control, shown under it and announced; empty when none. */
  @property() error = ''
  /** Whether the control is shown. `visible="false"` (or `update({ visible: false })`) hides it. */
  @property({ converter: onUnlessFalse }) visible = true
  /** Named slots that have content, so that a slotted label counts as a label. */
  @state() private _slotted: ReadonlySet<string> = new Set()
  /** Set by a disabled `<fieldset>` around the control. */
  @state() private _formDisabled = false
  private _live?: { value: T }
  /** The control's link to its form (`setFormValue`) and its accessibility defaults. */
  protected readonly internals: ElementInternals = this.attachInternals()

  /** The live value: what the user or a function set, else the default (the `value` attribute). */
  get value(): T {
    return this._live ? this._live.value : this.defaultValue
  }
  set value(value: T) {
    const old = this.value
    this._live = { value }
    this.requestUpdate('value', old)
  }

  /** The `<form>` the control belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.internals.form
  }

  /** Whether the user cannot change the control now: `interactive="false"`, or a disabled fieldset. */
  protected get off(): boolean {
    return !this.interactive || this._formDisabled
  }

  /** Whether there is a label to show (the attribute, or slotted content). */
  protected get hasLabel(): boolean {
    return this.label !== '' || this._slotted.has('label')
  }

  /** What the control submits in a form; `null` submits nothing. */
  protected formValue(): string | FormData | null {
    const value = this.value as unknown
    if (value === null || value === undefined) return null
    if (!Array.isArray(value)) return String(value)
    if (!this.name) return null
    const data = new FormData()
    for (const item of value) data.append(this.name, String(item))
    return data
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this._readSlots()
    const bad = this.jsonAttributeNames.find((name) => !parsesAsJson(this.getAttribute(name)))
    if (bad && !this.error) this.error = `The ${bad} attribute is not valid JSON.`
  }

  override applyProps(props: OutputProps): void {
    super.applyProps(props)
    if (props.visible !== undefined) this.visible = props.visible
    if (props.info !== undefined) this.info = props.info
    if (props.choices !== undefined && 'choices' in this) this.choices = props.choices
  }

  formResetCallback(): void {
    const old = this.value
    this._live = undefined
    this.requestUpdate('value', old)
  }

  formDisabledCallback(disabled: boolean): void {
    this._formDisabled = disabled
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed)
    this.renderRoot.addEventListener('slotchange', () => this._readSlots())
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed)
    // On the first update `visible` is only its default: it must not undo a `hidden` attribute.
    if (changed.has('visible') && (changed.get('visible') !== undefined || !this.visible)) this.hidden = !this.visible
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    this.internals.setFormValue(this.formValue())
  }

  // --- the template ---

  /** The label's content: the `label` slot, falling back to the `label` attribute. */
  protected labelContent(): TemplateResult {
    return html`<slot name="label">${this.label}</slot>`
  }

  /** `aria-label` for a control with no label: its name, so that it is still named. */
  protected get fallbackName(): string | typeof nothing {
    return this.hasLabel || !this.name ? nothing : this.name
  }

  /** The ids that describe the control: its help and its error, when shown. */
  protected get describedBy(): string | typeof nothing {
    const ids = [this.info || this._slotted.has('info') ? 'info' : '', this.error ? 'error' : ''].filter(Boolean)
    return ids.length ? ids.join(' ') : nothing
  }

  /** `aria-invalid` while an error is shown. */
  protected get invalid(): 'true' | typeof nothing {
    return this.error ? 'true' : nothing
  }

  /** The help text and the error, under the control; `slotted: false` takes help text from `info` only. */
  protected renderHelp(slotted = true): TemplateResult {
    const info = slotted ? html`<slot name="info">${this.info}</slot>` : this.info
    return html`<div part="info" id="info" ?hidden=${!this.info && !this._slotted.has('info')}>${info}</div>
      <div part="error" id="error" role="alert">${this.error}</div>`
  }

  /** The one layout of a labelled control: label (for `#control`), the control, help, error. */
  protected renderField(control: TemplateResult, aside: TemplateResult | typeof nothing = nothing): TemplateResult {
    return html`<div part="base" class="field">
      <div class="head" ?hidden=${!this.hasLabel && aside === nothing}>
        <label part="label" for="control" id="label" ?hidden=${!this.hasLabel}>${this.labelContent()}</label>${aside}
      </div>
      ${control} ${this.renderHelp()}
    </div>`
  }

  private _readSlots(): void {
    const names = new Set([...this.children].map((child) => child.getAttribute('slot') ?? '').filter(Boolean))
    if ([...names].join() !== [...this._slotted].join()) this._slotted = names
  }
}
