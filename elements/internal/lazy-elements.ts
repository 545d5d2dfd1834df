/**
 * Elements that kit.js defines from a chunk of their own, loaded from kit.js's server the first
 * time one is in the page: the composite ones (`<g-interface>`, `<g-chat-interface>`), which a
 * page of controls does not need. The chunk imports Lit and the core from kit.js itself (same
 * URL, same module), and defines its tag: the elements already in the page upgrade then.
 *
 * A tag is looked for in the page when kit.js runs, and in what is added to the page later (a
 * MutationObserver, until every lazy tag is loaded). `<g-app>` waits for the chunks of the tags
 * inside it before it starts ({@link lazyDefined}), so that its first message to the server
 * declares them too.
 */

type Loader = () => Promise<unknown>

/** Tags not loaded yet: their loader, and the live list of their elements in the document. */
const waiting = new Map<string, { load: Loader; found: HTMLCollection }>()
const loads = new Map<string, Promise<void>>()
/** Tags whose chunk could not load, with why. */
const failures = new Map<string, string>()
let observer: MutationObserver | undefined

/** Registers tags whose elements come from a chunk (`load` imports it), and loads those already in the page. */
export function defineLazily(tags: Record<string, Loader>): void {
  for (const [tag, load] of Object.entries(tags)) if (!customElements.get(tag)) waiting.set(tag, { load, found: document.getElementsByTagName(tag) })
  loadFound()
  if (!waiting.size) return
  // A live collection's length is all a mutation costs: the page's own DOM updates stay cheap.
  observer ??= new MutationObserver(loadFound)
  observer.observe(document, { childList: true, subtree: true })
}

/** Resolves once the chunks of the lazy tags in `root` are loaded (or failed); undefined when none is pending. */
export function lazyDefined(root: ParentNode): Promise<unknown> | undefined {
  loadFound() // the observer may not have been told yet
  const pending = [...loads].filter(([tag]) => !customElements.get(tag) && !failures.has(tag) && root.querySelector(tag))
  return pending.length ? Promise.all(pending.map(([, load]) => load)) : undefined
}

/** What is wrong with the undefined g-* tags in `root`: a chunk that did not load, or a tag that is no g-kit element. */
export function undefinedTags(root: ParentNode): string[] {
  const problems: string[] = []
  for (const { localName: tag } of root.querySelectorAll(':not(:defined)')) {
    const failure = failures.get(tag)
    if (tag.startsWith('g-')) problems.push(failure ? `<${tag}> could not be loaded: ${failure}` : `<${tag}> is not a g-kit element`)
  }
  return problems
}

function loadFound(): void {
  for (const [tag, { load, found }] of waiting) {
    if (!found.length) continue
    waiting.delete(tag)
    loads.set(
      tag,
      load().then(
        () => undefined,
        (error: unknown) => void failures.set(tag, error instanceof Error ? error.message : String(error)),
      ),
    )
  }
  if (!waiting.size) observer?.disconnect()
}
