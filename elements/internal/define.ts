/**
 * `@customElement(tag)` that defines the tag once per page: a page may load any number of g-kit
 * bundles (kit.js from several servers, or kit.js beside an SPA's own copy), and the first to load
 * defines the elements for all of them, where `customElements.define` would throw "has already
 * been used" for the second.
 */
export function customElement(tag: string) {
  return (element: CustomElementConstructor): void => {
    if (!customElements.get(tag)) customElements.define(tag, element)
  }
}
