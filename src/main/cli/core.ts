import type { Command } from 'commander'

// Placeholder until the core commands land.
export function registerCoreCommands(_program: Command): void {}
