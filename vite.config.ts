import { defineConfig, type Plugin } from 'vite'

/** Names of the lazy chunks, `lazy-<name>-<hash>.js` of letters, digits, `_` and `-` only: `<base>/g/` serves no other shape (server/http/routes.ts). */
const CHUNK_NAMES = (chunk: { name: string }) => `lazy-${chunk.name.replace(/[^\w-]/g, '-')}-[hash].js`

/**
 * Lit keeps `css` template literals as written: kit.js would ship their indentation. This takes
 * out the spaces that indent lines and surround braces, semicolons and commas. It keeps every line
 * break, so that the sourcemaps' lines stay right; a space between selectors (a descendant
 * combinator) stays too.
 */
function squeezeCssLiterals(): Plugin {
  const squeeze = (css: string) => css.replace(/\n[ \t]+/g, '\n').replace(/[ \t]*([{};,])[ \t]*/g, '$1')
  return {
    name: 'g-kit:squeeze-css-literals',
    transform(code, id) {
      if (!/[\\/]elements[\\/].*\.ts$/.test(id) || !code.includes('css`')) return undefined
      return { code: code.replace(/\bcss`([^`]*)`/g, (_, body: string) => `css\`${squeeze(body)}\``), map: null }
    },
  }
}

/**
 * A page runs most of kit.js as it loads: this compile hint at its top has Chromium compile all of
 * it while it streams in, on a background thread, instead of each function on the main thread at
 * its first call (https://v8.dev/blog/explicit-compile-hints). The sourcemap's lines move down one.
 */
function compileEagerly(): Plugin {
  return {
    name: 'g-kit:compile-eagerly',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue
        chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`
        if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`
        const map = bundle[`${chunk.fileName}.map`]
        if (map?.type === 'asset' && typeof map.source === 'string') {
          const json = JSON.parse(map.source) as { mappings: string }
          map.source = JSON.stringify({ ...json, mappings: `;${json.mappings}` })
        }
      }
    },
  }
}

/**
 * DOMPurify ships its rest parameters compiled to loops over `arguments`, which the minifier turns
 * into `[...arguments].slice(n)`: some ten times slower, on the wrapper DOMPurify calls for every
 * string and DOM method it uses, so that a render's sanitizing took three times as long. This
 * gives those functions their rest parameters back.
 */
function restParametersInDompurify(): Plugin {
  const loop = /function(\s*\w*)\(([\w\s,]*)\)\s*\{(\s*)for \(var (_len\d*) = arguments\.length, (\w+) = new Array\([^;]*?\), (_key\d*) = \d+; \6 < \4; \6\+\+\) \5\[[^\]]+\] = arguments\[\6\];/g
  const inner = /for \(var (_len\d*) = arguments\.length, (\w+) = new Array\([^;]*?\), (_key\d*) = (\d+); \3 < \1; \3\+\+\) \2\[[^\]]+\] = arguments\[\3\];/g
  return {
    name: 'g-kit:rest-parameters-in-dompurify',
    transform(code, id) {
      if (!/[\\/]dompurify[\\/]dist[\\/]/.test(id)) return undefined
      // Line breaks stay where they were, so that the sourcemaps' lines stay right.
      const withRest = code.replace(loop, (_, name: string, params: string, space: string, _len, args: string) => `function${name}(${params.trim() ? `${params.trim()}, ` : ''}...${args}) {${space}`)
      return { code: withRest.replace(inner, (_, _len, args: string, _key, from: string) => `var ${args} = Array.prototype.slice.call(arguments, ${from});`), map: null }
    },
  }
}

/**
 * Two builds of the elements:
 * - `vite build`: dist/kit.js (entry elements/kit.ts), the self-contained bundle (Lit included,
 *   minified) that the server serves at `<base>/g/kit.js`, and beside it the lazy chunks
 *   (Markdown, sanitizing, highlighting; the composite elements `<g-interface>` and
 *   `<g-chat-interface>`; `connect()`'s client) that kit.js imports from its own URL the first
 *   time they are needed;
 * - `vite build --mode npm`: dist/npm/g-kit.js for bundlers, with Lit left as a dependency, and
 *   the same lazy chunks beside it.
 */
export default defineConfig(({ mode }) => {
  const npm = mode === 'npm'
  return {
    publicDir: false,
    plugins: npm ? [squeezeCssLiterals(), restParametersInDompurify()] : [squeezeCssLiterals(), restParametersInDompurify(), compileEagerly()],
    define: { __G_STANDALONE__: JSON.stringify(!npm) },
    build: {
      outDir: npm ? 'dist/npm' : 'dist',
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      minify: !npm,
      lib: { entry: npm ? 'elements/index.ts' : 'elements/kit.ts', formats: ['es'], fileName: () => (npm ? 'g-kit.js' : 'kit.js') },
      rolldownOptions: npm
        ? { external: [/^lit($|\/)/, /^@lit\//], output: { chunkFileNames: CHUNK_NAMES } }
        : {
            // kit.js keeps Lit and the core, and the chunks of the lazy elements import them from
            // it ('./kit.js': same URL, same module). Without these two, rolldown moves what kit.js
            // shares with those chunks into a common chunk: kit.js would be a facade and a second request.
            preserveEntrySignatures: 'allow-extension',
            output: {
              minify: true,
              chunkFileNames: CHUNK_NAMES,
              codeSplitting: { groups: [{ name: 'kit', tags: ['$initial'] }] },
            },
          },
    },
  }
})
