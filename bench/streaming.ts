// (g) A streamed reply: a generator yielding CHUNKS small chunks to a <g-chat-interface> in
// Chromium, against a bare WebSocket page that appends the same chunks to a text node; and the
// bytes a chunk costs on the socket, early in the reply and late (the same: increments, not the
// whole message).
import { readFile } from 'node:fs/promises'
import { H3, defineWebSocketHandler } from 'h3'
import WebSocket from 'ws'
import { createApp, listen } from 'g-kit/server'
import { PROTOCOL_VERSION, SOCKET_PATH } from '../server/protocol.js'
import { launchChromium } from './_chromium.js'
import { PAGES_DIR } from './_app.js'
import { ratioFigure, type Figure } from './_report.js'
import { summarize } from './_stats.js'

const CHUNKS = 1000
const CHUNK = 'word '
const RUNS = 5
/** Replies per page before the timed ones, so that neither the server's nor the page's code is measured cold. */
const WARMUP_RUNS = 2

export async function streaming(): Promise<Figure[]> {
  const app = createApp({ static: PAGES_DIR.pathname, log: { warn() {}, error() {} } })
  app.fn('stream_chunks', function* () {
    let reply = ''
    for (let i = 0; i < CHUNKS; i++) yield (reply += CHUNK)
  })
  const appServer = await app.listen({ port: 0 })
  const plain = await listen(plainStream(), { port: 0 })
  const browser = await launchChromium()
  try {
    const bytes = await bytesPerChunk(appServer.url)
    const page = await browser.newPage()
    await page.goto(new URL('stream.html', appServer.url).href)
    await page.waitForFunction(() => (document.querySelector('g-app') as { session?: string } | null)?.session)
    const plainPage = await browser.newPage()
    await plainPage.goto(new URL('stream-plain.html', plain.url).href)
    await plainPage.waitForFunction(() => (window as { benchReady?: boolean }).benchReady)
    const expected = CHUNK.repeat(CHUNKS).trim()
    const chat: number[] = []
    const bare: number[] = []
    for (let run = 0; run < WARMUP_RUNS + RUNS; run++) {
      const timed = run >= WARMUP_RUNS
      // Chromium draws frames only for the page in front: each page is brought there for its run.
      await page.bringToFront()
      const chatTime = await page.evaluate(async (expected) => {
        const chat = document.querySelector('g-chat-interface') as HTMLElement & { send(text: string): void; clear(): void; value: unknown[] }
        const bot = chat.shadowRoot!.querySelector('g-chatbot')!
        const messages = chat.value.length + 2
        const start = performance.now()
        chat.send(`run ${performance.now()}`)
        // The reply is shown once its message's Markdown holds all of it (read at each frame).
        for (;;) {
          const markdown = bot.shadowRoot!.querySelectorAll('g-markdown')
          const text = markdown.length === messages ? (markdown[messages - 1]!.shadowRoot?.textContent ?? markdown[messages - 1]!.textContent ?? '') : ''
          if (text.trim() === expected) break
          await new Promise((resolve) => requestAnimationFrame(resolve))
        }
        return performance.now() - start
      }, expected)
      await plainPage.bringToFront()
      const bareTime = await plainPage.evaluate(async (expected) => {
        const reply = document.getElementById('reply')!
        const start = performance.now()
        ;(window as unknown as { startStream(): void }).startStream()
        while (reply.textContent!.trim() !== expected) await new Promise((resolve) => requestAnimationFrame(resolve))
        return performance.now() - start
      }, expected)
      if (timed) chat.push(chatTime), bare.push(bareTime)
    }
    const chatRate = CHUNKS / (summarize(chat).median / 1000)
    const bareRate = CHUNKS / (summarize(bare).median / 1000)
    return [
      ratioFigure(
        {
          key: 'streaming.chunks',
          name: '(g) streamed chunks rendered per second',
          unit: 'chunks/s',
          value: chatRate,
          baseline: { name: 'bare WebSocket page', value: bareRate },
          note: `${CHUNKS} chunks of "${CHUNK}" from a generator to a <g-chat-interface> (Markdown rendered), until the whole reply shows; median of ${RUNS} runs per page after ${WARMUP_RUNS}, alternating`,
        },
        { minRatio: 0.5 },
      ),
      {
        key: 'streaming.bytes',
        name: '(g) bytes per streamed chunk, early / late in a reply',
        unit: 'B',
        value: bytes.late,
        note: `frame bytes of chunk 10: ${bytes.early} B, of chunk ${CHUNKS - 10}: ${bytes.late} B (the whole reply by then: ${bytes.whole} B)`,
      },
    ]
  } finally {
    await browser.close()
    await plain.close()
    await app.close()
  }
}

/** The frames of one streamed reply, read over a real socket: a chunk's bytes early and late in it. */
async function bytesPerChunk(url: string): Promise<{ early: number; late: number; whole: number }> {
  const ws = new WebSocket(new URL(SOCKET_PATH, url))
  const frames: string[] = []
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const done = new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      const text = String(data)
      frames.push(text)
      if (text.includes('"t":"done"')) resolve()
    }),
  )
  const graph = {
    states: [{ name: 'chat:history', value: [] }],
    controls: ['chat'],
    listeners: [{ id: 0, name: 'chat', triggers: ['chat.submit'], fn: 'stream_chunks', inputs: ['chat', 'chat:history'], outputs: ['chat', 'chat:history'], via: 'chat' }],
  }
  ws.send(JSON.stringify({ t: 'hello', v: PROTOCOL_VERSION, graph }))
  ws.send(JSON.stringify({ t: 'event', id: 1, trigger: 'chat.submit', values: { chat: { op: 'send', text: 'go' } } }))
  await done
  ws.close()
  const chunks = frames.filter((frame) => frame.includes('"append"'))
  return { early: chunks[9]!.length, late: chunks[CHUNKS - 11]!.length, whole: CHUNK.length * CHUNKS }
}

/** The baseline server: on any message, sends CHUNKS frames of one chunk each, and serves its page. */
function plainStream(): H3 {
  return new H3()
    .get(
      '/stream',
      defineWebSocketHandler({
        message(peer) {
          for (let i = 0; i < CHUNKS; i++) peer.send(JSON.stringify({ text: CHUNK }))
        },
      }),
    )
    .get('/stream-plain.html', async () => new Response(await readFile(new URL('stream-plain.html', PAGES_DIR)), { headers: { 'content-type': 'text/html; charset=utf-8' } }))
}
