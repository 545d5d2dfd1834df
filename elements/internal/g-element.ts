import { LitElement, css, type PropertyValues } from 'lit'
import { property } from 'lit/decorators.js'
import type { OutputProps } from '../../server/protocol.js'

/** How `<g-app>` treats an element. */
export type ElementRole = 'state' | 'browser' | 'global' | 'control' | 'listener' | 'layout'

/** A boolean attribute that is on unless it says `false` (`interactive="false"`, `visible="false"`); its absence leaves it on. */
export const onUnlessFalse = { fromAttribute: (value: string | null) => value !== 'false', toAttribute: (value: boolean) => String(value) }

/** The properties that make what an element declares to its app. */
const DECLARED_BY = ['name', 'fn', 'inputs', 'outputs', 'triggers', 'cancels']

/** Trigger events that started listeners: `<g-app>` adds each one it acts on, so that `emit` can tell. */
export const startedListeners = new WeakSet<Event>()

/** Box model, `hidden`, and text only screen readers read (`.visually-hidden`), shared by every element. */
export const componentStyles = css`
  :host {
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`

/**
 * The one base class of g-* elements that take part in an app: a `name` listeners use, the
 * shorthand listener attributes (`fn`, `inputs`, `outputs`), and the pending state `<g-app>`
 * sets while an event that may change the element runs.
 *
 * @fires then - The element's shorthand listener (`fn`) finished, well or not.
 * @fires success - The shorthand listener finished without error.
 * @fires failure - The shorthand listener failed; `detail.error` says why.
 */
export class GElement extends LitElement {
  /** The app this element joined, set by the app; told when the element leaves. @internal */
  joined?: { leave(element: GElement): void }

  static override styles = [componentStyles]
  /** How `<g-app>` treats elements of this class. */
  static role: ElementRole = 'control'
  /** The trigger that a shorthand `fn` on this element listens to. */
  static shorthandTrigger = 'change'
  /** Attributes that hold JSON: the page graph reports those that do not parse. */
  static jsonAttributes: string[] = []
  /** Elements that only declare (states, listeners) render nothing and stay hidden. */
  static invisible = false

  /** The element's name in its app, unique there; listeners refer to it by this name. */
  @property({ reflect: true }) name?: string
  /** Shorthand listener: the server function to run on this element's main trigger. */
  @property() fn?: string
  /** Shorthand listener: names of the elements whose values `fn` takes, in order. */
  @property() inputs?: string
  /** Shorthand listener: names of the elements `fn`'s results go to, in order. */
  @property() outputs?: string
  /** The visible label of a control. */
  @property() label = ''
  /** Whether the user can change the control. `interactive="false"` turns it off. */
  @property({ converter: onUnlessFalse }) interactive = true
  /** Set while an event that may change this element runs; shown as `aria-busy`. */
  @property({ type: Boolean, reflect: true }) pending = false

  override connectedCallback(): void {
    super.connectedCallback()
    if ((this.constructor as typeof GElement).invisible) this.hidden = true
    // Joins its nearest <g-app>, now or whenever it comes: an app is alive (see GApp).
    this.dispatchEvent(new Event('g-join', { bubbles: true, composed: true }))
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.joined?.leave(this)
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return (this.constructor as typeof GElement).invisible ? this : super.createRenderRoot()
  }

  /** The attributes of this element that must hold JSON (by default the class's `jsonAttributes`). */
  get jsonAttributeNames(): string[] {
    return (this.constructor as typeof GElement).jsonAttributes
  }

  /** What travels to the server as this element's value. */
  get wireValue(): unknown {
    return (this as { value?: unknown }).value
  }

  /** Takes a value the server's function sent. */
  receive(value: unknown): void {
    ;(this as { value?: unknown }).value = value
  }

  /** Applies the properties a server function set with `update()`. */
  applyProps(props: OutputProps): void {
    if (props.visible !== undefined) this.hidden = !props.visible
    if (props.label !== undefined) this.label = props.label
    if (props.interactive !== undefined) this.interactive = props.interactive
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    if (changed.has('pending')) {
      if (this.pending) this.setAttribute('aria-busy', 'true')
      else this.removeAttribute('aria-busy')
    }
    // What it declares changed (a framework or a render set `fn` or `name` on it): its app looks again.
    if (this.joined && DECLARED_BY.some((key) => (changed as Map<PropertyKey, unknown>).has(key))) this.joined.leave(this)
  }

  /**
   * Fires a trigger as a DOM event that crosses shadow roots, so `<g-app>` and page code both hear it.
   * Answers whether an app started listeners for it.
   */
  protected emit(type: string): boolean {
    const event = new Event(type, { bubbles: true, composed: true })
    this.dispatchEvent(event)
    return startedListeners.has(event)
  }
}
