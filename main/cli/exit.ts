// How the CLI ends (contract, ARCHITECTURE §7).

export const EXIT = { completed: 0, failed: 1, usage: 2, interrupted: 130 } as const

/** An I/O problem before anything ran (exit 2, without the usage text). */
export class IoError extends Error {}
