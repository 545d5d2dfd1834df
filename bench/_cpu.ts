// Where the bench's processes run. This machine is a VM with 2 vCPUs whose scheduler sometimes
// packs a ping-ponging client and server onto one vCPU (no cross-CPU wake-up: a round trip takes
// half as long) and sometimes not, from one run to the next. Pinning them to different CPUs makes
// every run measure the same thing, and the production one: each side on a core of its own.
import { execFileSync } from 'node:child_process'
import { cpus } from 'node:os'

export const CLIENT_CPU = 0
export const SERVER_CPU = 1

/**
 * Pins every thread of this process to `cpu` (new threads and child processes inherit it), when
 * the machine has two CPUs and `taskset` is there. Returns a function that restores the affinity
 * the process had, or undefined when it could not pin.
 */
export function pinTo(cpu: number): (() => void) | undefined {
  if (cpus().length < 2) return undefined
  try {
    const before = taskset(['-p', String(process.pid)]).split(':').pop()!.trim()
    taskset(['-a', '-p', String(cpu), String(process.pid)])
    return () => void taskset(['-a', '-p', before, String(process.pid)])
  } catch {
    return undefined
  }
}

/** Pins every thread of process `pid` to `cpu`; returns whether it could. */
export function pinProcess(pid: number, cpu: number): boolean {
  if (cpus().length < 2) return false
  try {
    taskset(['-a', '-p', String(cpu), String(pid)])
    return true
  } catch {
    return false
  }
}

/** How the socket figures describe where they ran. */
export function placement(pinned: boolean): string {
  return pinned ? `client on CPU ${CLIENT_CPU}, server on CPU ${SERVER_CPU} (taskset)` : 'client and server where the scheduler put them (no taskset)'
}

function taskset(args: string[]): string {
  return execFileSync('taskset', ['-c', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
}
