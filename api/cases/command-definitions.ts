/** Which workflow Update carries each command, and which durable signal stands in when no worker answers. */
import {
  closeCaseUpdate,
  closeSignal,
  decideApprovalUpdate,
  foundSignal,
  reportFoundUpdate,
  reportSightingUpdate,
} from '../../workflows/contract';

export type CommandName = 'approval' | 'sighting' | 'found' | 'close';

// The Update and signal types differ per command; the handler builds each command to match its name.
type AnyUpdate = typeof decideApprovalUpdate | typeof reportSightingUpdate | typeof reportFoundUpdate | typeof closeCaseUpdate;
type AnySignal = typeof foundSignal | typeof closeSignal;

export const commandDefinitions: Record<CommandName, { update: AnyUpdate; signal: AnySignal | null }> = {
  // A decision or a sighting needs the live case to check it: no worker, no command (503, retry).
  approval: { update: decideApprovalUpdate, signal: null },
  sighting: { update: reportSightingUpdate, signal: null },
  // Found and close must never be lost, whatever runs at the moment.
  found: { update: reportFoundUpdate, signal: foundSignal },
  close: { update: closeCaseUpdate, signal: closeSignal },
};
