import { MemoryHub, MemoryPubSub } from './memory-pubsub.ts';
import { pubsubContract } from './pubsub.contract.ts';

pubsubContract('memory', async () => {
  const hub = new MemoryHub();
  return [new MemoryPubSub(hub), new MemoryPubSub(hub)];
});
