import type { Command } from 'commander'

// Placeholder until the project commands land.
export function registerProjectCommands(_program: Command): void {}
