// Types of the ES builds of highlight.js (@highlightjs/cdn-assets ships none): only what highlight.ts uses.
declare module '@highlightjs/cdn-assets/es/core.min.js' {
  interface Result {
    value: string
    relevance: number
  }
  interface HLJS {
    registerLanguage(name: string, language: unknown): void
    getLanguage(name: string): object | undefined
    highlight(code: string, options: { language: string; ignoreIllegals?: boolean }): Result
    highlightAuto(code: string): Result
  }
  const hljs: HLJS
  export default hljs
}

declare module '@highlightjs/cdn-assets/es/languages/*' {
  const language: unknown
  export default language
}
