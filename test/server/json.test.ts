// The messages every event sends are written from templates (server/wire/json.ts): the text must be
// exactly what JSON.stringify gives, for every shape they take.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { jsonBytes, messageJson } from '../../server/wire/json.js'
import type { ServerMessage } from '../../server/protocol.js'

describe('messageJson', () => {
  const messages: ServerMessage[] = [
    { t: 'done', e: 1 },
    { t: 'done', e: Number.MAX_SAFE_INTEGER },
    { t: 'end', e: 7, l: 0, ok: true },
    { t: 'end', e: 7, l: 3, ok: false, error: 'a "quoted"\nmessage é 😀 \u2028' },
    { t: 'end', e: 7, l: 3, ok: false, cancelled: true },
    { t: 'end', e: 7, l: 3, ok: false, cancelled: true, error: 'both' },
    { t: 'update', e: 2, l: 1, changed: ['count'] },
    { t: 'update', e: 2, l: 1, changed: ['plain', 'päin'] },
    { t: 'update', e: 2, l: 1, changed: ['a "name"', '__proto__', 'é'] },
    { t: 'update', e: 2, l: 1, changed: ['cart', 'cart.items', 'x-y_z9', ''] },
    { t: 'update', e: 2, l: 1, changed: ['plain', 'then\\back', 'tab\there'] },
    { t: 'update', e: 2, l: 1, values: { out: [1, { x: 'y' }] }, changed: ['count'] },
    { t: 'update', e: 2, l: 1, props: { out: { label: 'L' } } },
    { t: 'update', e: 2, l: 1, append: { chat: { path: [1, 'content'], text: 'word ' } } },
    { t: 'update', e: 2, l: 1, append: { 'a "chat"': { path: [0, 'content', 'te\nxt', 2], text: 'é "q" \u2028' } }, changed: ['chat:history'] },
    { t: 'update', e: 2, l: 1, append: { a: { path: [], text: '' }, __proto__x: { path: ['k'], text: 'b' } } },
    { t: 'error', e: 3, message: 'nope' },
    { t: 'pong' },
  ]
  for (const message of messages) {
    it(`writes ${JSON.stringify(message)} as JSON.stringify does`, () => {
      assert.equal(messageJson(message), JSON.stringify(message))
      // The size kept results count it at: its UTF-8 bytes, however they are found.
      assert.equal(jsonBytes(message, messageJson(message)), Buffer.byteLength(JSON.stringify(message)))
    })
  }

  it('throws, as JSON.stringify does, for a value that cannot be sent', () => {
    assert.throws(() => messageJson({ t: 'update', e: 1, l: 0, values: { n: 1n } }))
  })
})
