import { readFile } from 'node:fs/promises'
import { H3, defineWebSocketHandler } from 'h3'
import { SOCKET_PATH } from '../server/protocol.js'
import { PAGES_DIR } from './_app.js'
import { rowsHtml } from './_rows.js'

/** The socket of the render figure's baseline: each frame `{ n }` is answered with render n's HTML. */
export const ROWS_SOCKET_PATH = 'g/rows'

/** The pages the echo server serves: the baselines of the browser figures. */
const PAGES = ['echo.html', 'render-plain.html']

/**
 * The baseline server: h3 + crossws on the same socket path as an app, each text frame sent back
 * as it came. It also serves the baseline pages of the browser figures, and the render figure's
 * socket, which answers with the same HTML as the app's render function, in a frame shaped like
 * an app's update.
 */
export function echoHandler(): H3 {
  const app = new H3()
    .get(
      `/${SOCKET_PATH}`,
      defineWebSocketHandler({
        message(peer, message) {
          peer.send(message.text())
        },
      }),
    )
    .get(
      `/${ROWS_SOCKET_PATH}`,
      defineWebSocketHandler({
        message(peer, message) {
          const { id, n } = JSON.parse(message.text()) as { id: number; n: number }
          peer.send(JSON.stringify({ t: 'update', e: id, l: 0, values: { list: rowsHtml(Number(n)) } }))
        },
      }),
    )
  for (const page of PAGES) {
    app.get(`/${page}`, async () => new Response(await readFile(new URL(page, PAGES_DIR)), { headers: { 'content-type': 'text/html; charset=utf-8' } }))
  }
  return app
}
