declare const __G_STANDALONE__: boolean | undefined

/**
 * kit.js (the standalone bundle, loaded by a page's `<script type="module">`) registers its
 * elements in the page's next animation frame instead of while the script runs. A frame callback
 * runs before that frame is painted, so the first paint shows the elements rendered as before;
 * but their upgrade and first render (most of the kit's start-up cost) no longer hold back the
 * page's DOMContentLoaded and `load` events. The npm build registers at import, as code that
 * imports it expects.
 *
 * Only the kit's own definitions wait: `customElements.define` is caught while the bundle's
 * modules evaluate (synchronously, before any other script can run) and given back by
 * {@link releaseDefine}, which `elements/index.ts` calls once every element module has run.
 */
const deferring = typeof __G_STANDALONE__ !== 'undefined' && __G_STANDALONE__ && typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible'
const queued: Array<Parameters<CustomElementRegistry['define']>> = []

if (deferring) {
  customElements.define = (...args: Parameters<CustomElementRegistry['define']>) => void queued.push(args)
}

/** Gives `customElements.define` back, and registers the caught definitions in the next frame. */
export function releaseDefine(): void {
  if (!deferring) return
  delete (customElements as { define?: unknown }).define // back to the prototype's own method
  let done = false
  const flush = () => {
    if (done) return
    done = true
    for (const args of queued) if (!customElements.get(args[0])) customElements.define(...args)
  }
  requestAnimationFrame(flush)
  // A frame may never come (the tab was hidden meanwhile): the elements come regardless.
  setTimeout(flush, 100)
}
