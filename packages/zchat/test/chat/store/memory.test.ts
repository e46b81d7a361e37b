// The shared store suite against the memory backend.
import { MemoryStore } from '../../../src/chat/store/index.js';
import { storeContract } from './contract.js';

storeContract('memory', async () => ({ store: new MemoryStore(), dispose: async () => {} }));
