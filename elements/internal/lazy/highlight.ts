import hljs from '@highlightjs/cdn-assets/es/core.min.js'
import bash from '@highlightjs/cdn-assets/es/languages/bash.min.js'
import css from '@highlightjs/cdn-assets/es/languages/css.min.js'
import diff from '@highlightjs/cdn-assets/es/languages/diff.min.js'
import javascript from '@highlightjs/cdn-assets/es/languages/javascript.min.js'
import json from '@highlightjs/cdn-assets/es/languages/json.min.js'
import python from '@highlightjs/cdn-assets/es/languages/python.min.js'
import sql from '@highlightjs/cdn-assets/es/languages/sql.min.js'
import typescript from '@highlightjs/cdn-assets/es/languages/typescript.min.js'
import xml from '@highlightjs/cdn-assets/es/languages/xml.min.js'
import yaml from '@highlightjs/cdn-assets/es/languages/yaml.min.js'

/** Syntax highlighting (highlight.js's ES build: its core and the languages people paste most), loaded with the first code block. */
// Common aliases (js, ts, py, html, sh…) come with the languages.
const languages = { bash, css, diff, javascript, json, python, sql, typescript, xml, yaml }
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language)

/** Guessing a language costs a parse per language: only short blocks get a guess. */
const GUESS_LIMIT = 4000
/** Past this, a block is shown as plain text: highlighting is linear but not cheap. */
const HIGHLIGHT_LIMIT = 100_000

/** `code` as escaped HTML with `hljs-*` spans; `undefined` when it is better shown plain. */
export function highlight(code: string, language: string | undefined): string | undefined {
  if (code.length > HIGHLIGHT_LIMIT) return undefined
  const known = language && hljs.getLanguage(language) ? language : undefined
  if (known) return hljs.highlight(code, { language: known, ignoreIllegals: true }).value
  if (language || code.length > GUESS_LIMIT) return undefined
  const guess = hljs.highlightAuto(code)
  return guess.relevance >= 5 ? guess.value : undefined
}
