import type { Peer } from 'crossws'
import type { Socket } from 'node:net'
import { nodeSocketOf } from '../http/proxy.js'

/**
 * Holds what is written to a peer's socket until Node runs its next ticks (`process.nextTick`): the
 * frames written by the code running now (a streamed reply's chunks, the replies to the frames of
 * one read) leave in one system call, each still its own WebSocket frame. Without a Node socket
 * under the peer, frames go as they are sent.
 */
export function holdWritesThisTurn(peer: Peer): void {
  const context = peer.context
  if (context.held) return
  const socket = (context.netSocket ??= nodeSocketOfPeer(peer) ?? null) as Socket | null
  if (!socket) return
  context.held = true
  socket.cork()
  process.nextTick(release, context, socket)
}

// --- internal ---

/** The Node socket under a peer of crossws's Node adapter (the one its `remoteAddress` reads). */
function nodeSocketOfPeer(peer: Peer): Socket | undefined {
  return (peer as unknown as { _internal?: { nodeReq?: { socket?: Socket } } })._internal?.nodeReq?.socket ?? nodeSocketOf(peer.request)
}

function release(context: Peer['context'], socket: Socket): void {
  context.held = false
  socket.uncork()
}
