/**
 * Rendered Markdown: readable type, code blocks, tables, and highlight.js's token classes. Part of
 * the Markdown chunk: an element adopts it with the chunk, before it shows its first Markdown. Plain text, not Lit's
 * `css`, so that the chunk does not pull Lit out of kit.js.
 * Colours come from the theme tokens; the fallbacks follow the page's `color-scheme`.
 */
export const proseCss = /* css */ `
  .prose {
    line-height: 1.6;
    overflow-wrap: anywhere;
  }
  .prose > :first-child {
    margin-top: 0;
  }
  .prose > :last-child {
    margin-bottom: 0;
  }
  .prose :is(p, ul, ol, pre, blockquote, table, details) {
    margin: 0 0 0.75em;
  }
  .prose :is(h1, h2, h3, h4, h5, h6) {
    margin: 1.25em 0 0.5em;
    line-height: 1.25;
    font-weight: 650;
  }
  .prose h1 {
    font-size: 1.6em;
  }
  .prose h2 {
    font-size: 1.3em;
  }
  .prose h3 {
    font-size: 1.1em;
  }
  .prose :is(ul, ol) {
    padding-left: 1.5em;
  }
  .prose a {
    color: var(--g-link, var(--g-accent, light-dark(#2563eb, #3b82f6)));
    text-underline-offset: 0.15em;
  }
  .prose img {
    max-width: 100%;
    height: auto;
  }
  .prose blockquote {
    padding: 0 1em;
    color: var(--g-muted, light-dark(#59636e, #9198a1));
    border-left: 0.25em solid var(--g-border, light-dark(#d1d9e0, #3d444d));
  }
  .prose hr {
    height: 1px;
    margin: 1.25em 0;
    border: 0;
    background: var(--g-border, light-dark(#d1d9e0, #3d444d));
  }
  .prose :is(code, pre) {
    font-family: var(--g-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    font-size: 0.875em;
  }
  .prose :not(pre) > code {
    padding: 0.15em 0.35em;
    border-radius: 4px;
    background: var(--g-code-bg, color-mix(in srgb, currentColor 9%, transparent));
  }
  .prose pre {
    padding: 0.75em 1em;
    overflow-x: auto;
    line-height: 1.45;
    border-radius: var(--g-radius, 8px);
    background: var(--g-code-bg, color-mix(in srgb, currentColor 6%, transparent));
    border: 1px solid var(--g-border, light-dark(#d1d9e0, #3d444d));
  }
  .prose table {
    border-collapse: collapse;
    display: block;
    overflow-x: auto;
  }
  .prose :is(th, td) {
    padding: 0.35em 0.75em;
    border: 1px solid var(--g-border, light-dark(#d1d9e0, #3d444d));
  }
  .prose th {
    font-weight: 600;
    background: color-mix(in srgb, currentColor 4%, transparent);
  }
  .prose li > input[type='checkbox'] {
    margin: 0 0.4em 0 -1.3em;
  }
  .hljs-comment,
  .hljs-quote {
    color: var(--g-code-comment, light-dark(#6e7781, #8b949e));
    font-style: italic;
  }
  .hljs-keyword,
  .hljs-selector-tag,
  .hljs-meta .hljs-keyword,
  .hljs-doctag,
  .hljs-section {
    color: var(--g-code-keyword, light-dark(#cf222e, #ff7b72));
  }
  .hljs-string,
  .hljs-regexp,
  .hljs-addition,
  .hljs-meta .hljs-string {
    color: var(--g-code-string, light-dark(#0a3069, #a5d6ff));
  }
  .hljs-number,
  .hljs-literal,
  .hljs-attr,
  .hljs-attribute,
  .hljs-variable,
  .hljs-template-variable,
  .hljs-built_in,
  .hljs-symbol {
    color: var(--g-code-number, light-dark(#0550ae, #79c0ff));
  }
  .hljs-title,
  .hljs-title.function_,
  .hljs-title.class_,
  .hljs-name,
  .hljs-selector-class,
  .hljs-selector-id {
    color: var(--g-code-title, light-dark(#8250df, #d2a8ff));
  }
  .hljs-deletion {
    color: var(--g-code-keyword, light-dark(#82071e, #ffdcd7));
  }
  .hljs-emphasis {
    font-style: italic;
  }
  .hljs-strong {
    font-weight: 600;
  }
`
