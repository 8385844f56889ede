import { MemoryDocStore } from './memory-doc-store.ts';
import { docStoreContract } from './doc-store.contract.ts';

docStoreContract('memory', async () => new MemoryDocStore());
