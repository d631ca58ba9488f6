// Exposes the contract as window.zebra (see src/shared/contract.ts).
export {}
