// Element tests: real Chromium, and a real g-kit server for the tests of <g-app>.
// Run through `node --import tsx`, so that the server's TypeScript loads here.
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { chromeLauncher } from '@web/test-runner-chrome'
import { a11yTreePlugin } from './test/elements/_a11y-plugin.mjs'
import { browserArgs, findBrowser } from './test/browser-path.mjs'
import { startTestServer } from './test/elements/_server.ts'

let server

export default {
  files: 'test/elements/**/*.test.ts',
  nodeResolve: { exportConditions: ['source', 'browser'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    a11yTreePlugin(),
    {
      name: 'g-kit-test-server',
      async serverStart() {
        server = await startTestServer()
      },
      async serverStop() {
        await server?.close()
      },
    },
  ],
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><body><script>window.G_SERVER = ${JSON.stringify(server?.url ?? '')}</script><script type="module" src="${testFramework}"></script></body></html>`,
  browsers: [chromeLauncher({ launchOptions: { executablePath: findBrowser(), headless: true, args: browserArgs } })],
  testFramework: { config: { timeout: 5000 } },
}
