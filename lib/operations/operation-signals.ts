import { EventEmitter } from "node:events";

/**
 * In-process signal that an operation was stored, so a worker running in
 * the same process starts it without waiting for its next poll. Workers in
 * other processes find it by polling the store.
 */
export const operationSignals = new EventEmitter();
operationSignals.setMaxListeners(100);

export function signalOperationSubmitted(): void {
  operationSignals.emit("submitted");
}
