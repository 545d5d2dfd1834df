import { Marked, type Tokens } from 'marked'
import { sanitizeHtml } from './sanitize.js'
export { proseCss } from './prose.styles.js'
export { appendPlainText } from './markdown-append.js'

/**
 * Markdown to safe HTML (marked, then DOMPurify), loaded the first time an element shows Markdown.
 * Code blocks are highlighted by a further chunk, loaded only when a code block appears.
 */
const marked = new Marked({
  gfm: true,
  async: true,
  async walkTokens(token) {
    if (token.type !== 'code') return
    const code = token as Tokens.Code
    const { highlight } = await import('./highlight.js')
    const highlighted = highlight(code.text, code.lang?.trim().split(/\s/)[0]?.toLowerCase())
    if (highlighted !== undefined) {
      code.text = highlighted
      code.escaped = true
    }
  },
})

/** Renders Markdown (GitHub flavour) to sanitized HTML. */
export async function renderMarkdown(source: string): Promise<string> {
  return sanitizeHtml(await marked.parse(source))
}
