declare const __G_STANDALONE__: boolean | undefined

/**
 * kit.js (the standalone bundle, loaded by a page's `<script type="module">`) registers its
 * elements in the page's next animation frame instead of while the script runs. A frame callback
 * runs before that frame is painted, so the first paint shows the elements rendered as before;
 * but their upgrade and first render (most of the kit's start-up cost) no longer hold back the
 * page's DOMContentLoaded and `load` events. The npm build registers at import, as code that
 * imports it expects.
 */
if (typeof __G_STANDALONE__ !== 'undefined' && __G_STANDALONE__ && typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') {
  const registry = customElements
  const define = registry.define
  const queued: Array<Parameters<CustomElementRegistry['define']>> = []
  registry.define = (...args: Parameters<CustomElementRegistry['define']>) => void queued.push(args)
  const flush = () => {
    if (registry.define === define) return
    delete (registry as { define?: unknown }).define // back to the prototype's own method
    for (const args of queued) if (!registry.get(args[0])) define.apply(registry, args)
  }
  requestAnimationFrame(flush)
  // A frame may never come (a tab hidden meanwhile): the elements come regardless.
  setTimeout(flush, 100)
}
