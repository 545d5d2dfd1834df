import type { Peer } from 'crossws'
import type { ServerMessage } from '../protocol.js'
import type { AppCore } from '../core.js'
import { holdWritesThisTurn } from './turn-writes.js'

/** Sends one message, alone in its frame. */
export function replyTo(peer: Peer, message: ServerMessage, core: AppCore): void {
  sendOrClose(peer, JSON.stringify([message]), core)
}

/**
 * Sends a frame, unless the socket's reader has left `maxBuffered` bytes unread: then it is sent
 * nothing more and closed with a reason, and its session goes on without it (a resume brings back
 * what it missed).
 */
export function sendOrClose(peer: Peer, text: string, core: AppCore): void {
  if (peer.bufferedAmount > core.options.maxBuffered) {
    if (!peer.context.unread) {
      peer.context.unread = true
      core.log.warn(`[g-kit] a socket left more than ${core.options.maxBuffered} bytes unread (maxBuffered): closing it`)
      peer.close(1008, 'the page does not read what the server sends')
    }
    return
  }
  holdWritesThisTurn(peer)
  peer.send(text)
}
