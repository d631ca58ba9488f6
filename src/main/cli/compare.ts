import type { Command } from 'commander'

// Placeholder until the compare commands land.
export function registerCompareCommands(_program: Command): void {}
