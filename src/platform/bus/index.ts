export type { BusMessage, DomainEvents, EventBus, EventHandler, EventName } from './events.js';
export { createInProcessBus } from './in-process-bus.js';
export { createPostgresBus, EventTooLargeError, BUS_CHANNEL } from './postgres-bus.js';
