import { readFile } from 'node:fs/promises'
import { H3, defineWebSocketHandler } from 'h3'
import { SOCKET_PATH } from '../server/protocol.js'
import { PAGES_DIR } from './_app.js'

/**
 * The baseline server: h3 + crossws on the same socket path as an app, each text frame sent back
 * as it came. It also serves the echo page of the browser figure.
 */
export function echoHandler(): H3 {
  return new H3()
    .get(
      `/${SOCKET_PATH}`,
      defineWebSocketHandler({
        message(peer, message) {
          peer.send(message.text())
        },
      }),
    )
    .get(
      '/echo.html',
      async () => new Response(await readFile(new URL('echo.html', PAGES_DIR)), { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    )
}
