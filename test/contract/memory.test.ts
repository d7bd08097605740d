import { systemClock } from '../../src/clock.js';
import { MemoryDeduplicator } from '../../src/storage/memory/MemoryDeduplicator.js';
import { MemoryActivityLog } from '../../src/storage/memory/MemoryActivityLog.js';
import { MemoryResponseStore } from '../../src/storage/memory/MemoryResponseStore.js';
import { MemoryScriptStore } from '../../src/storage/memory/MemoryScriptStore.js';
import { MemoryStateStorage } from '../../src/storage/memory/MemoryStateStorage.js';
import { activityLogContract } from './activityLog.contract.js';
import { deduplicatorContract } from './deduplicator.contract.js';
import { responseStoreContract } from './responseStore.contract.js';
import { scriptStoreContract } from './scriptStore.contract.js';
import { stateStorageContract } from './stateStorage.contract.js';

stateStorageContract('memory', () => new MemoryStateStorage());
responseStoreContract('memory', () => new MemoryResponseStore());
scriptStoreContract('memory', () => new MemoryScriptStore());
activityLogContract('memory', () => new MemoryActivityLog());
deduplicatorContract('memory', () => new MemoryDeduplicator(systemClock));
