/**
 * What `<g-render>` does with the HTML its function returns: sanitize it, then morph its content
 * into it. Loaded lazily (DOMPurify and morphdom are a chunk of their own), so a page without a
 * render never pays for them.
 */
import createDOMPurify from 'dompurify'
import morphdom from 'morphdom'

/** g-* tags but `g-app` (a render's content belongs to the app around it). */
const G_TAG = /^g-(?!app$)[a-z][a-z0-9-]*$/
/** The attributes a g-* element may have: any but event handlers (`on…`). */
const G_ATTRIBUTE = /^(?!on)[a-z][\w.:-]*$/i

/** A sanitizer of the renders' own, so that its hook and its configuration touch no other use of DOMPurify. */
const purify = createDOMPurify(window)
// DOMPurify drops a `name` that `document` has a property of (`title`, `links`…) against DOM
// clobbering; a custom element's `name` clobbers nothing, and is how the app knows it.
purify.addHook('uponSanitizeAttribute', (node, data) => {
  if ((data.attrName === 'name' || data.attrName === 'key') && G_TAG.test(node.nodeName.toLowerCase())) data.forceKeepAttr = true
})
// Set once: passed to each call, it would be parsed again on each render.
purify.setConfig({
  RETURN_DOM_FRAGMENT: true,
  CUSTOM_ELEMENT_HANDLING: { tagNameCheck: G_TAG, attributeNameCheck: G_ATTRIBUTE, allowCustomizedBuiltInElements: false },
})

/**
 * The HTML as a fragment of this document, safe to insert: `g-*` elements keep their attributes
 * (but event handlers), other markup is what DOMPurify allows; scripts, `on*` attributes and
 * `javascript:` URLs never reach the DOM.
 */
export function sanitize(html: string): DocumentFragment {
  return purify.sanitize(html) as unknown as DocumentFragment
}

/** The key that keeps an element across renders: a g-* element's `key`, else its `name`. */
function keyOf(node: Node): string | undefined {
  if (!(node instanceof Element)) return undefined
  if (isG(node)) {
    const key = node.getAttribute('key') ?? node.getAttribute('name')
    return key === null ? undefined : `g:${key}`
  }
  return node.id ? `id:${node.id}` : undefined
}

function isG(node: Node): boolean {
  return node instanceof Element && node.localName.startsWith('g-')
}

/** The attributes each kept element last got from a render: only those may a later render remove. */
const rendered = new WeakMap<Element, Set<string>>()

/** Notes what a render gave an added element (morphdom calls it for each added node, its descendants included). */
function noteRendered(node: Node): void {
  if (isG(node)) rendered.set(node as Element, new Set((node as Element).getAttributeNames()))
}

/**
 * Applies a render's attributes to an element it keeps: set what the render sets, remove only what
 * an earlier render set and this one does not. `value` stays as the user left it, and attributes
 * the element manages itself (`hidden`, `pending`, `open`…) are not the render's to remove.
 */
function mergeAttributes(from: Element, to: Element): void {
  const before = rendered.get(from) ?? new Set<string>()
  for (const name of to.getAttributeNames()) {
    if (name === 'value') continue
    const value = to.getAttribute(name)!
    if (from.getAttribute(name) !== value) from.setAttribute(name, value)
  }
  for (const name of before) if (!to.hasAttribute(name) && name !== 'value') from.removeAttribute(name)
  rendered.set(from, new Set(to.getAttributeNames()))
}

const options = {
  getNodeKey: keyOf,
  onNodeAdded(node: Node) {
    noteRendered(node)
    return node
  },
  onBeforeElUpdated(from: HTMLElement, to: HTMLElement): boolean {
    if (!isG(from)) return true
    mergeAttributes(from, to)
    // A nested render builds its own content; other g-* elements take their light DOM (a button's text, options) from this render.
    if (from.localName !== 'g-render') morphdom(from, to, { ...options, childrenOnly: true })
    return false
  },
}

/**
 * Replaces the children of `host` with those of `fragment`. An element whose key (a g-* element's
 * `key` or `name`, another element's `id`) is in both is kept: the same node, with its value, its
 * focus and its caret.
 */
export function morphChildren(host: Element, fragment: DocumentFragment): void {
  const focus = focusWithin(host)
  const next = host.cloneNode(false) as Element
  next.append(fragment)
  if (!focus && !keepsGElement(host, next)) return replaceKeepingIds(host, next)
  morphdom(host, next, { ...options, childrenOnly: true })
  if (focus) restoreFocus(focus)
}

/** Whether a g-* element of `host` has the key of one in `next`: it is kept, and must stay in the page. */
function keepsGElement(host: Element, next: Element): boolean {
  const keys = new Set<string>()
  for (const element of host.querySelectorAll('[key],[name]')) if (isG(element)) keys.add(keyOf(element)!)
  if (!keys.size) return false
  for (const element of next.querySelectorAll('[key],[name]')) if (isG(element) && keys.has(keyOf(element)!)) return true
  return false
}

/**
 * Moves the children of `next` into `host` when no g-* element of `host` stays (a list of new
 * rows): the old content leaves in one step and the new one comes in one step, as with innerHTML,
 * without comparing the two node by node. Elements matched by `id` are still kept, updated in place.
 */
function replaceKeepingIds(host: Element, next: Element): void {
  const old = takeChildren(host)
  for (const element of next.querySelectorAll('*')) noteRendered(element)
  const byId = new Map<string, Element>()
  for (const element of old.querySelectorAll('[id]')) if (!byId.has(element.id)) byId.set(element.id, element)
  for (const element of byId.size ? next.querySelectorAll('[id]') : []) {
    const kept = byId.get(element.id)
    // An element of `next` that an earlier kept one has taken the place of is no longer in `next`.
    if (!kept || kept.localName !== element.localName || !next.contains(element)) continue
    byId.delete(element.id)
    morphdom(kept, element, options)
    element.replaceWith(kept)
  }
  host.append(takeChildren(next))
}

/** The children of `element`, taken out of it in one step. */
function takeChildren(element: Element): DocumentFragment {
  const range = document.createRange()
  range.selectNodeContents(element)
  return range.extractContents()
}

interface Focus {
  element: HTMLElement
  /** The focused field inside its shadow root, with its selection. */
  inner?: { field: HTMLInputElement | HTMLTextAreaElement; start: number | null; end: number | null }
}

/** The element of `host` that has focus, and the caret of the field inside it. */
function focusWithin(host: Element): Focus | undefined {
  const active = document.activeElement
  if (!(active instanceof HTMLElement) || !host.contains(active)) return undefined
  let inner = active.shadowRoot?.activeElement ?? null
  while (inner?.shadowRoot?.activeElement) inner = inner.shadowRoot.activeElement
  if (inner instanceof HTMLInputElement || inner instanceof HTMLTextAreaElement) {
    return { element: active, inner: { field: inner, start: inner.selectionStart, end: inner.selectionEnd } }
  }
  return { element: active }
}

/** A kept element that morphdom moved lost its focus (moving a node blurs it): give it back, caret included. */
function restoreFocus({ element, inner }: Focus): void {
  if (!element.isConnected || document.activeElement === element) return
  if (inner?.field.isConnected) {
    inner.field.focus({ preventScroll: true })
    if (inner.start !== null) inner.field.setSelectionRange(inner.start, inner.end)
  } else element.focus({ preventScroll: true })
}
