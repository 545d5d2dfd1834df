import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Turns source text (Markdown, HTML) into safe HTML, possibly after loading the chunk that can. */
export type HtmlRenderer = (source: string) => Promise<string>

/**
 * The safe HTML of an element's source text, made off the render path: the renderer's chunk loads
 * the first time it is needed, and while one render runs, newer sources wait and only the newest
 * is rendered next (a stream of tokens costs one render at a time). `pending` is what
 * `updateComplete` awaits, so that a test or a script sees the rendered result.
 */
export class RenderedHtml implements ReactiveController {
  /** The HTML to show; `undefined` before the first render is done. */
  html: string | undefined
  /** Settles when the newest source is rendered. */
  pending: Promise<void> | undefined
  /** Changes when `html` must replace what the DOM shows even if it is the same string (the DOM was added to in place). */
  generation = 0
  #source = ''
  #rendered: string | undefined
  #addedInPlace = false

  constructor(
    private host: ReactiveControllerHost,
    private renderer: HtmlRenderer,
  ) {
    host.addController(this)
  }

  hostConnected(): void {}

  /** The source the DOM shows, when no render is running. */
  get shown(): string | undefined {
    return this.pending ? undefined : this.#rendered
  }

  /** The host showed `source` by adding to the DOM in place: it is shown, and the next render replaces that DOM. */
  appended(source: string): void {
    this.#source = this.#rendered = source
    this.#addedInPlace = true
  }

  /** Renders `source` unless it is what is shown (or about to be). */
  set(source: string): void {
    if (source === this.#source && (this.#rendered === source || this.pending)) return
    this.#source = source
    if (this.pending) return // the running render goes on to this source when it is done
    const pending: Promise<void> = this.#renderNewest().finally(() => {
      if (this.pending === pending) this.pending = undefined
    })
    this.pending = pending
  }

  async #renderNewest(): Promise<void> {
    while (this.#rendered !== this.#source) {
      const source = this.#source
      this.html = source ? await this.renderer(source).catch(() => plainText(source)) : ''
      if (this.#addedInPlace) this.generation++
      this.#addedInPlace = false
      this.#rendered = source
      this.host.requestUpdate()
    }
  }
}

/** Source shown as text when its renderer cannot load (the server went away): readable, never interpreted. */
function plainText(source: string): string {
  const escaped = source.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<p style="white-space: pre-wrap">${escaped}</p>`
}

let proseSheet: CSSStyleSheet | undefined
let markdown: typeof import('./lazy/markdown.js') | undefined

/** Markdown to safe HTML for the shadow root `root`, which adopts the Markdown styles; the Markdown chunk loads the first time. */
export function markdownRenderer(root: () => ShadowRoot | null): HtmlRenderer {
  return async (source) => {
    // A failure here is the render's too, which falls back to plain text: nothing to report twice.
    if (/^\s*(```|~~~)/m.test(source)) import('./lazy/highlight.js').catch(() => {})
    // Once loaded, the chunk is used at once: a streamed reply's last render lands in the task that ended it.
    if (!markdown) import('./lazy/sanitize.js').catch(() => {})
    const { renderMarkdown, proseCss } = (markdown ??= await import('./lazy/markdown.js'))
    if (!proseSheet) (proseSheet = new CSSStyleSheet()).replaceSync(proseCss)
    const shadow = root()
    if (shadow && !shadow.adoptedStyleSheets.includes(proseSheet)) shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, proseSheet]
    return renderMarkdown(source)
  }
}

/** Adds plain words to rendered Markdown in place (see lazy/markdown-append.ts), once the Markdown chunk is loaded: it has rendered what is shown. */
export function appendToMarkdown(body: Element, shown: string, next: string): boolean {
  return markdown?.appendPlainText(body, shown, next) ?? false
}

/** HTML to safe HTML; the sanitizer chunk loads the first time. */
export const htmlRenderer: HtmlRenderer = async (source) => (await import('./lazy/sanitize.js')).sanitizeHtml(source)
