import { MemoryActivityLog } from '../../src/storage/memory/MemoryActivityLog.js';
import { MemoryResponseStore } from '../../src/storage/memory/MemoryResponseStore.js';
import { MemoryScriptStore } from '../../src/storage/memory/MemoryScriptStore.js';
import { MemoryStateStorage } from '../../src/storage/memory/MemoryStateStorage.js';
import { activityLogContract } from './activityLog.contract.js';
import { responseStoreContract } from './responseStore.contract.js';
import { scriptStoreContract } from './scriptStore.contract.js';
import { stateStorageContract } from './stateStorage.contract.js';

stateStorageContract('memory', () => new MemoryStateStorage());
responseStoreContract('memory', () => new MemoryResponseStore());
scriptStoreContract('memory', () => new MemoryScriptStore());
activityLogContract('memory', () => new MemoryActivityLog());
