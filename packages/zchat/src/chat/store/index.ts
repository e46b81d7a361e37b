/** The store layer (accounts, registered rooms, history, read markers): re-exports only. */
export * from './types.js';
export { MemoryStore, comparePositions } from './memory.js';
export { openStore, storeBackendNames, storeBackends } from './backends.js';
export type { StoreBackend } from './backends.js';
export { WriteQueue } from './write-queue.js';
export type { WriteQueueOptions } from './write-queue.js';
