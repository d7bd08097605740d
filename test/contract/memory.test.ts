import { MemoryResponseStore } from '../../src/storage/memory/MemoryResponseStore.js';
import { MemoryStateStorage } from '../../src/storage/memory/MemoryStateStorage.js';
import { responseStoreContract } from './responseStore.contract.js';
import { stateStorageContract } from './stateStorage.contract.js';

stateStorageContract('memory', () => new MemoryStateStorage());
responseStoreContract('memory', () => new MemoryResponseStore());
