/** Characters that mean nothing to Markdown inside a line of a paragraph (no `*_~\`[]<>&\\|#@/` nor a new line). */
const PLAIN = /^[A-Za-z0-9 ,.;:'"?!()-]*$/
/** A line of plain words: it starts with a letter, so it cannot be a list item, a heading, a quote or code. */
const PLAIN_LINE = /^[A-Za-z][A-Za-z0-9 ,.;:'"?!()-]*$/
const FENCE = /^ {0,3}(```|~~~)/gm

/**
 * Shows `next`, which is `shown` with plain words added to its last line, by adding them to the
 * text already rendered (a streamed reply's chunk: no Markdown parse, no sanitizing, no new DOM).
 * Only where Markdown could not render the new text otherwise: the last line and the words added
 * are plain (no emphasis, code, link, HTML or entity can start or end), not in a code fence, not an
 * autolink (`www.`), and the rendered text ends with that line. Returns false to render it whole.
 * The words go in as text, never parsed as HTML.
 */
export function appendPlainText(body: Element, shown: string, next: string): boolean {
  if (next.length <= shown.length || next.slice(0, shown.length) !== shown) return false
  const added = next.slice(shown.length)
  const lastLine = shown.slice(shown.lastIndexOf('\n') + 1)
  if (!PLAIN.test(added) || !PLAIN_LINE.test(lastLine) || /www\./i.test(lastLine + added) || shown.includes('<')) return false
  if ((shown.match(FENCE)?.length ?? 0) % 2) return false
  const text = lastText(body)
  const rendered = lastLine.trimEnd()
  if (!text?.data.endsWith(rendered)) return false
  // A paragraph's trailing spaces are not rendered: they show once words follow them.
  text.appendData((lastLine.slice(rendered.length) + added).trimEnd())
  return true
}

/** The last text node with something to show, unless an element with no text (an image, a rule) ends the content. */
function lastText(root: Node): Text | undefined {
  let node = root.lastChild
  while (node) {
    if (node.nodeType === Node.TEXT_NODE) {
      if ((node as Text).data.trim()) return node as Text
      node = node.previousSibling
    } else if (node.nodeType === Node.ELEMENT_NODE && node.lastChild) node = node.lastChild
    else return undefined
  }
  return undefined
}
